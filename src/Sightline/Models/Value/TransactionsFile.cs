using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Models.Value;

/// <summary>Reads a plain transactions file (customer, date, amount) into a DuckDB table, reporting bad values with their line.</summary>
public static class TransactionsFile
{
    /// <summary>The table <see cref="Load"/> creates: customer VARCHAR, date DATE, amount DOUBLE, ord BIGINT (the line).</summary>
    public const string Table = "transactions";

    private static readonly string[] CustomerNames = ["customer", "customer_id", "account_id", "id", "cust_id"];
    private static readonly string[] DateNames = ["date", "order_date", "purchase_date", "transaction_date"];
    private static readonly string[] AmountNames = ["amount", "dollars", "revenue", "sales", "spend", "value"];

    /// <summary>Creates <see cref="Table"/> on <paramref name="connection"/> from the file.</summary>
    /// <exception cref="BadInputException">Missing or unreadable file, unknown columns, empty ids, or values that are not dates or numbers (with their lines).</exception>
    public static void Load(DuckDBConnection connection, TransactionsFileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        var full = System.IO.Path.GetFullPath(layout.Path);
        var name = System.IO.Path.GetFileName(full);
        if (!File.Exists(full))
        {
            throw new BadInputException(full, "file not found");
        }

        string? firstLine;
        try
        {
            firstLine = File.ReadLines(full).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        }
        catch (IOException e)
        {
            throw new BadInputException(full, $"cannot read the file: {e.Message}");
        }

        if (firstLine is null)
        {
            throw new BadInputException(full, "the file is empty");
        }

        var header = layout.Columns is null;
        var delimiter = new[] { '\t', ';', ',', '|' }.Cast<char?>().FirstOrDefault(d => firstLine.Contains(d!.Value, StringComparison.Ordinal));
        List<string> names;
        try
        {
            names = delimiter is { } d ? ReadDelimited(connection, full, d, layout.Columns) : ReadWhitespace(connection, full, firstLine, layout.Columns);
        }
        catch (DuckDBException e)
        {
            throw new BadInputException(full, $"cannot read the file as delimited text: {e.Message.Split('\n')[0]}");
        }

        var kept = names.Where(n => !n.StartsWith("__skip", StringComparison.Ordinal)).ToList();
        string Resolve(string? requested, string[] defaults, string role, string option)
        {
            var wanted = requested is null ? defaults : [requested];
            return wanted.Select(w => kept.FirstOrDefault(c => string.Equals(c, w, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(c => c is not null)
                ?? throw new BadInputException(new Diagnostic(name, header ? 1 : null, requested ?? string.Join("/", defaults), null,
                    $"no {role} column (name it with {option}{(header ? "" : " or in --columns")}); columns: {string.Join(", ", kept)}"));
        }

        var customer = Sql.Identifier(Resolve(layout.CustomerColumn, CustomerNames, "customer", "--customer-column"));
        var dateColumn = Resolve(layout.DateColumn, DateNames, "date", "--date-column");
        var amountColumn = Resolve(layout.AmountColumn, AmountNames, "amount", "--amount-column");
        var date = Sql.Identifier(dateColumn);
        var amount = Sql.Identifier(amountColumn);
        var dateValue = $"coalesce(try_cast(trim({date}) AS DATE), try_strptime(trim({date}), '%Y%m%d')::DATE, try_cast(trim({date}) AS TIMESTAMP)::DATE)";
        var amountValue = $"try_cast(trim({amount}) AS DOUBLE)";
        var customerName = kept.First(c => Sql.Identifier(c) == customer);
        var checks = $"""
            SELECT "__line", {Sql.Literal(customerName)}, {customer}, 'the customer id is empty' FROM raw WHERE coalesce(trim({customer}), '') = ''
            UNION ALL SELECT "__line", {Sql.Literal(dateColumn)}, {date}, 'not a date (expected yyyy-mm-dd, yyyymmdd or a timestamp)' FROM raw WHERE {dateValue} IS NULL
            UNION ALL SELECT "__line", {Sql.Literal(amountColumn)}, {amount}, 'not a number' FROM raw WHERE {amountValue} IS NULL OR NOT isfinite({amountValue})
            """;
        var bad = new List<Diagnostic>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT * FROM ({checks}) ORDER BY 1 LIMIT {BadInputException.MaxShown}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                bad.Add(new Diagnostic(name, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetString(3)));
            }
        }

        if (bad.Count > 0)
        {
            throw new BadInputException(bad, Convert.ToInt64(Workspace.ScalarOn(connection, $"SELECT count(*) FROM ({checks})"), CultureInfo.InvariantCulture));
        }

        Workspace.Execute(connection, $"CREATE TABLE {Table} AS SELECT trim({customer}) AS customer, {dateValue} AS date, {amountValue} AS amount, \"__line\" AS ord FROM raw; DROP TABLE raw");
    }

    private static List<string> ReadDelimited(DuckDBConnection connection, string path, char delimiter, IReadOnlyList<string>? columns)
    {
        var names = columns is null ? "" : $", names = [{string.Join(", ", SafeNames(columns).Select(Sql.Literal))}]";
        Workspace.Execute(connection, $"""
            CREATE TABLE raw AS SELECT row_number() OVER () + {(columns is null ? 1 : 0)} AS "__line", *
            FROM read_csv({Sql.Literal(path)}, delim = {Sql.Literal(delimiter.ToString())}, header = {(columns is null ? "true" : "false")}, all_varchar = true, sample_size = -1{names})
            """);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name FROM (DESCRIBE raw) WHERE column_name <> '__line'";
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    // Whitespace-separated files (such as the CDNOW sample) are read as whole lines and split on runs of blanks.
    private static List<string> ReadWhitespace(DuckDBConnection connection, string path, string firstLine, IReadOnlyList<string>? columns)
    {
        var names = columns is null ? [.. firstLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)] : SafeNames(columns);
        const string LineColumn = "{'line': 'VARCHAR'}";
        var parts = string.Join(", ", names.Select((n, i) => $"parts[{i + 1}] AS {Sql.Identifier(n)}"));
        Workspace.Execute(connection, $"""
            CREATE TABLE raw AS SELECT "__line", {parts}
            FROM (SELECT row_number() OVER () AS "__line", string_split_regex(trim(line), '\s+') AS parts
                  FROM read_csv({Sql.Literal(path)}, header = false, delim = {Sql.Literal("\u001f")}, quote = '', escape = '', columns = {LineColumn}, auto_detect = false))
            WHERE array_to_string(parts, '') <> ''{(columns is null ? " AND \"__line\" > 1" : "")}
            """);
        return names;
    }

    private static List<string> SafeNames(IReadOnlyList<string> columns) =>
        [.. columns.Select((c, i) => c.Trim() is "_" or "" ? $"__skip{i}" : c.Trim())];
}
