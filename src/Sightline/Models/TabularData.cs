using System.Globalization;
using DuckDB.NET.Data;

namespace Sightline.Models;

/// <summary>Whether a model input column holds numbers (booleans as 0/1) or category levels.</summary>
public enum InputKind
{
    /// <summary>A number; missing is NaN.</summary>
    Numeric,

    /// <summary>A text level; missing is null.</summary>
    Categorical,
}

/// <summary>One model input column, read whole into memory.</summary>
public sealed class TabularColumn
{
    /// <summary>The column name as in the source.</summary>
    public required string Name { get; init; }

    /// <summary>Numbers or levels.</summary>
    public required InputKind Kind { get; init; }

    /// <summary>True when the source column was a boolean (reasons then read "has ..." / "no ...").</summary>
    public bool IsBoolean { get; init; }

    /// <summary>Values of a numeric column (NaN = missing); empty for categorical.</summary>
    public double[] Numbers { get; init; } = [];

    /// <summary>Levels of a categorical column (null = missing); empty for numeric.</summary>
    public string?[] Levels { get; init; } = [];
}

/// <summary>A table of model inputs: one row per entity (account), columnar, with ids and optional label and amount.</summary>
public sealed class TabularData
{
    private static readonly HashSet<string> NumericTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
        "FLOAT", "REAL", "DOUBLE",
    };

    /// <summary>Row ids, one per row.</summary>
    public required string[] Ids { get; init; }

    /// <summary>The input columns.</summary>
    public required IReadOnlyList<TabularColumn> Columns { get; init; }

    /// <summary>The yes/no label per row, when the data has one.</summary>
    public bool[]? Labels { get; init; }

    /// <summary>A per-row amount (revenue, spend in a window), when the data has one.</summary>
    public double[]? Amounts { get; init; }

    /// <summary>Number of rows.</summary>
    public int Rows => Ids.Length;

    /// <summary>True when the DuckDB type is one this loader reads as a number.</summary>
    public static bool IsNumericType(string duckDbType) =>
        NumericTypes.Contains(duckDbType) || duckDbType.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <paramref name="columns"/> of <paramref name="relation"/> (a table name or a table function) with one query.
    /// The id, label and amount are SQL expressions; label must be BOOLEAN, amount numeric. Numeric and boolean columns
    /// become numbers, text columns categories; other types must not be asked for.
    /// </summary>
    public static TabularData Read(DuckDBConnection connection, string relation, string idExpression, IReadOnlyList<(string Name, string Type)> columns,
        string? labelExpression = null, string? amountExpression = null, string? where = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(columns);
        var select = new List<string> { $"({idExpression})::VARCHAR" };
        select.Add(labelExpression is null ? "NULL::BOOLEAN" : $"({labelExpression})::BOOLEAN");
        select.Add(amountExpression is null ? "NULL::DOUBLE" : $"({amountExpression})::DOUBLE");
        var kinds = columns.Select(c => IsNumericType(c.Type) || c.Type == "BOOLEAN" ? InputKind.Numeric : InputKind.Categorical).ToArray();
        select.AddRange(columns.Select((c, i) => kinds[i] == InputKind.Numeric ? $"{Sql.Identifier(c.Name)}::DOUBLE" : $"{Sql.Identifier(c.Name)}::VARCHAR"));

        var ids = new List<string>();
        var labels = new List<bool>();
        var amounts = new List<double>();
        var numbers = kinds.Select(k => k == InputKind.Numeric ? new List<double>() : null).ToArray();
        var levels = kinds.Select(k => k == InputKind.Categorical ? new List<string?>() : null).ToArray();
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {string.Join(", ", select)} FROM {relation}{(where is null ? "" : $" WHERE {where}")}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.IsDBNull(0) ? (ids.Count + 1).ToString(CultureInfo.InvariantCulture) : reader.GetString(0));
                labels.Add(!reader.IsDBNull(1) && reader.GetBoolean(1));
                amounts.Add(reader.IsDBNull(2) ? 0 : reader.GetDouble(2));
                for (var c = 0; c < kinds.Length; c++)
                {
                    var ordinal = 3 + c;
                    if (kinds[c] == InputKind.Numeric)
                    {
                        numbers[c]!.Add(reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal));
                    }
                    else if (reader.IsDBNull(ordinal))
                    {
                        levels[c]!.Add(null);
                    }
                    else
                    {
                        // Levels repeat: keep one string per distinct level.
                        var text = reader.GetString(ordinal);
                        if (!pool.TryGetValue(text, out var shared))
                        {
                            pool[text] = shared = text;
                        }

                        levels[c]!.Add(shared);
                    }
                }
            }
        }

        return new TabularData
        {
            Ids = [.. ids],
            Labels = labelExpression is null ? null : [.. labels],
            Amounts = amountExpression is null ? null : [.. amounts],
            Columns = columns.Select((c, i) => new TabularColumn
            {
                Name = c.Name,
                Kind = kinds[i],
                IsBoolean = c.Type == "BOOLEAN",
                Numbers = numbers[i] is { } n ? [.. n] : [],
                Levels = levels[i] is { } l ? [.. l] : [],
            }).ToList(),
        };
    }

    /// <summary>
    /// A text column whose every filled value is a number, but with blank cells written as a space (IBM's telco churn
    /// file writes " " for TotalCharges of new customers), is read as numbers with those cells missing: as text it
    /// would be a category of thousands of levels. Numbers with a leading zero are codes and stay text. Returns the
    /// schema of <paramref name="table"/> with such columns changed to DOUBLE.
    /// </summary>
    public static List<(string Name, string Type)> ReadNumbersWithBlanks(DuckDBConnection connection, string table, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var schema = Describe(connection, table);
        var text = schema.Where(c => c.Type == "VARCHAR").Select(c => c.Name).ToList();
        if (text.Count == 0)
        {
            return schema;
        }

        string Filled(string column) => $"nullif(trim({Sql.Identifier(column)}), '')";
        var checks = string.Join(", ", text.Select(c =>
            $"count({Filled(c)}) > 0 AND count({Filled(c)}) = count(CASE WHEN NOT regexp_matches({Filled(c)}, '^[-+]?0[0-9]') THEN try_cast({Filled(c)} AS DOUBLE) END), "
            + $"count(*) - count({Filled(c)})"));
        var numeric = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {checks} FROM {table}";
            using var reader = command.ExecuteReader();
            reader.Read();
            for (var i = 0; i < text.Count; i++)
            {
                if (reader.GetBoolean(2 * i))
                {
                    numeric[text[i]] = reader.GetInt64((2 * i) + 1);
                }
            }
        }

        foreach (var (column, blanks) in numeric)
        {
            Workspaces.Workspace.Execute(connection, $"ALTER TABLE {table} ALTER {Sql.Identifier(column)} TYPE DOUBLE USING try_cast({Filled(column)} AS DOUBLE)");
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{column}: read as numbers{(blanks == 0 ? "" : $"; its {blanks:N0} blank value{(blanks == 1 ? " is" : "s are")} missing")}"));
        }

        return [.. schema.Select(c => numeric.ContainsKey(c.Name) ? (c.Name, "DOUBLE") : c)];
    }

    /// <summary>The largest magnitude a file's number may have: beyond it squares and sums overflow (1e308 read as "the same value in every row").</summary>
    public const double LargestNumber = 1e15;

    /// <summary>
    /// Refuses a file whose floating-point column holds an infinity ("Infinity", "inf", "-inf" read as numbers) or a number
    /// of magnitude <see cref="LargestNumber"/> or more, at its first such value; <paramref name="line"/> gives a row's line.
    /// </summary>
    /// <exception cref="BadInputException">Such a value.</exception>
    public static void RefuseNonFinite(DuckDBConnection connection, string table, string file, string line = "rowid + 2")
    {
        foreach (var (column, _) in Describe(connection, table).Where(c => c.Type is "DOUBLE" or "FLOAT"))
        {
            var value = Sql.Identifier(column);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {line}, {value} FROM {table} WHERE NOT isnan({value}) AND (isinf({value}) OR abs({value}) >= {LargestNumber:0.#}) ORDER BY 1 LIMIT 1";
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                var number = reader.GetDouble(1);
                throw new BadInputException(new Diagnostic(file, Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), column,
                    number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    double.IsInfinity(number) ? "not a finite number; expected a number, or a blank cell for a missing one"
                        : "too large; expected a number under 10^15 in magnitude, or a blank cell for a missing one"));
            }
        }
    }

    /// <summary>The columns of a relation with their DuckDB types, in order.</summary>
    public static List<(string Name, string Type)> Describe(DuckDBConnection connection, string relation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var schema = new List<(string, string)>();
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {relation}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            schema.Add((reader.GetString(0), reader.GetString(1)));
        }

        return schema;
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public TabularData Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        T[] Pick<T>(T[] source) => source.Length == 0 ? source : rows.Select(r => source[r]).ToArray();
        return new TabularData
        {
            Ids = Pick(Ids),
            Labels = Labels is null ? null : Pick(Labels),
            Amounts = Amounts is null ? null : Pick(Amounts),
            Columns = Columns.Select(c => new TabularColumn
            {
                Name = c.Name, Kind = c.Kind, IsBoolean = c.IsBoolean, Numbers = Pick(c.Numbers), Levels = Pick(c.Levels),
            }).ToList(),
        };
    }
}
