using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>A flat file (one row per entity, a two-class label) read for training: any delimiter DuckDB detects, categoricals from text columns.</summary>
public static class FlatFile
{
    private static readonly string[] Yes = ["yes", "y", "true", "t", "1", "1.0", "won"];
    private static readonly string[] No = ["no", "n", "false", "f", "0", "0.0", "lost"];

    /// <summary>Reads <paramref name="path"/>: the label column, an optional id column, and every other column not excluded.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The outcome column: yes/no, true/false, 1/0, won/lost, or any values with <paramref name="positive"/>.</param>
    /// <param name="exclude">Columns never used as inputs.</param>
    /// <param name="idColumn">The row id column, or null for the row number.</param>
    /// <param name="positive">The label value that is the outcome to predict (every other value is the other class); null when the label is yes/no.</param>
    /// <returns>The data and notes on the label and on columns left out (ids, dates).</returns>
    /// <exception cref="BadInputException">Missing file, unknown columns, or a label that cannot be read as yes/no (with its lines).</exception>
    public static (TabularData Data, List<string> Notes) Load(string path, string labelColumn, IReadOnlyCollection<string> exclude, string? idColumn, string? positive = null)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        if (!File.Exists(full))
        {
            throw new BadInputException(full, "file not found");
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var readable = Data.ReadableFile.Open(full);
        try
        {
            // row_number over the file's own order gives each row its line (header is line 1).
            Workspace.Execute(connection, $"CREATE TABLE flat AS SELECT row_number() OVER () + 1 AS \"__line\", * FROM read_csv({Sql.Literal(readable.Path)}, header = true, sample_size = -1)");
        }
        catch (DuckDBException e)
        {
            throw new BadInputException(full, $"cannot read the file as delimited text: {e.Message.Split('\n')[0]}");
        }

        var notes = new List<string>(readable.Notes);
        var schema = TabularData.ReadNumbersWithBlanks(connection, "flat", notes).Where(c => c.Name != "__line").ToList();
        TabularData.RefuseNonFinite(connection, "flat", name, "\"__line\"");
        string Resolve(string column, string what) =>
            schema.Select(c => c.Name).FirstOrDefault(c => c == column)
            ?? schema.Select(c => c.Name).FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException(new Diagnostic(name, 1, column, null,
                $"no {what} column of that name; columns: {string.Join(", ", schema.Select(c => c.Name))}"));
        var label = Resolve(labelColumn, "label");
        var id = idColumn is null ? null : Resolve(idColumn, "id");
        var excluded = exclude.Select(e => Resolve(e, "excluded")).ToHashSet(StringComparer.Ordinal);

        // The label as written: DuckDB reads yes/no as a boolean, and messages name the file's words, not 'true'.
        try
        {
            Workspace.Execute(connection, $"CREATE TABLE flat_label AS SELECT row_number() OVER () + 1 AS \"__line\", {Sql.Identifier(label)} AS raw FROM read_csv({Sql.Literal(readable.Path)}, header = true, sample_size = -1, all_varchar = true)");
        }
        catch (DuckDBException)
        {
            Workspace.Execute(connection, $"CREATE TABLE flat_label AS SELECT \"__line\", {Sql.Identifier(label)}::VARCHAR AS raw FROM flat");
        }

        var normalised = $"lower(trim({Sql.Identifier(label)}::VARCHAR))";
        var isPositive = LabelReading(connection, name, label, normalised, positive, notes);
        var inputs = new List<(string Name, string Type)>();
        foreach (var (column, type) in schema)
        {
            if (column == label || column == id || excluded.Contains(column))
            {
                continue;
            }

            if (id is null && Data.HeaderWords.LooksLikeId(column))
            {
                notes.Add($"left out {column}: looks like an id (name it with --id, or rename it, to change this)");
            }
            else if (TabularData.IsNumericType(type) || type is "BOOLEAN" or "VARCHAR")
            {
                inputs.Add((column, type));
            }
            else
            {
                notes.Add($"left out {column}: type {type} is neither a number nor a category");
            }
        }

        var data = TabularData.Read(connection, "flat", id is null ? "\"__line\" - 1" : Sql.Identifier(id), inputs, labelExpression: isPositive);
        return (data, notes);
    }

    /// <summary>
    /// The SQL condition true for the outcome to predict. With <paramref name="positive"/>, rows holding that value (any case,
    /// trimmed) against every other; without, a label of yes/no words. A two-valued label of other words (">50K" and
    /// "&lt;=50K") is refused naming both values and the option to choose one; rows without a label are refused with
    /// their lines: a row without an outcome cannot be learned from.
    /// </summary>
    private static string LabelReading(DuckDBConnection connection, string name, string label, string normalised, string? positive, List<string> notes)
    {
        var values = new List<(string Shown, string Value, long Rows)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT min(trim(flat_label.raw)), {normalised} AS v, count(*) FROM flat JOIN flat_label USING (\"__line\") WHERE coalesce({normalised}, '') <> '' GROUP BY v ORDER BY 3 DESC, 2";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string Listed(IEnumerable<(string Shown, string Value, long Rows)> these) =>
            string.Join(", ", these.Take(8).Select(v => string.Create(inv, $"'{v.Shown}' ({Counted.Of(v.Rows, "row")})"))) + (these.Count() > 8 ? ", ..." : "");
        string valid, message;
        if (positive is not null)
        {
            var wanted = positive.Trim().ToLowerInvariant();
            if (values.FindIndex(v => v.Value == wanted || v.Shown.ToLowerInvariant() == wanted) is var at && at < 0)
            {
                throw new BadInputException(new Diagnostic("arguments", null, "--positive", positive,
                    $"not a value of the label column '{label}' in {name} (its values: {Listed(values)})"));
            }

            var others = values.Where((_, i) => i != at).ToList();
            notes.Add(string.Create(inv, $"label {label}: '{values[at].Shown}' is the outcome predicted ({Counted.Of(values[at].Rows, "row")}); ")
                + (others.Count == 0 ? "no row has another value" : $"every other value is the other class: {Listed(others)}"));
            valid = "TRUE";
            message = "";
        }
        else if (values.All(v => Yes.Contains(v.Value) || No.Contains(v.Value)))
        {
            valid = "TRUE";
            message = "";
        }
        else if (values.Count == 2)
        {
            var rarer = values[1];
            throw new BadInputException(new Diagnostic(name, null, label, null,
                $"the label has two values, {Listed(values)}, neither of them yes/no, true/false or 1/0: name the one to predict with --positive "
                + $"(e.g. --positive '{rarer.Shown}')"));
        }
        else
        {
            valid = $"{normalised} IN ({string.Join(", ", Yes.Concat(No).Select(Sql.Literal))})";
            message = "the label must be yes/no, true/false or 1/0 (or name the value to predict with --positive VALUE)";
        }

        var bad = $"coalesce({normalised}, '') = '' OR NOT ({valid})";
        var problems = new List<Diagnostic>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT \"__line\", coalesce(trim({Sql.Identifier(label)}::VARCHAR), '') FROM flat WHERE {bad} ORDER BY 1 LIMIT {BadInputException.MaxShown}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var value = reader.GetString(1);
                problems.Add(new Diagnostic(name, reader.GetInt64(0), label, value,
                    value.Length == 0 ? "the label is missing: a row without an outcome cannot be learned from (fill it in or delete the row)" : message));
            }
        }

        if (problems.Count > 0)
        {
            throw new BadInputException(problems, Convert.ToInt64(Workspace.ScalarOn(connection, $"SELECT count(*) FROM flat WHERE {bad}"), inv));
        }

        return positive is not null
            ? $"{normalised} = {Sql.Literal(values.First(v => v.Value == positive.Trim().ToLowerInvariant() || v.Shown.ToLowerInvariant() == positive.Trim().ToLowerInvariant()).Value)}"
            : $"{normalised} IN ({string.Join(", ", Yes.Select(Sql.Literal))})";
    }
}
