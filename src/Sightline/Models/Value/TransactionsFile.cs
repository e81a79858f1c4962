using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Models.Value;

/// <summary>Reads a plain transactions file (customer, date, amount) into a DuckDB table, reporting bad values with their line.</summary>
public static class TransactionsFile
{
    /// <summary>The days after today a transaction may be dated (clocks and time zones), as import's default <c>import.future_date_tolerance_days</c>.</summary>
    public const int FutureDateToleranceDays = 7;

    /// <summary>The smallest amount refused: sums of such amounts overflow the models' arithmetic (15 digits, as imported numbers).</summary>
    public const double MaxAmount = 1e15;

    /// <summary>The table <see cref="Load"/> creates: customer VARCHAR, date DATE, amount DOUBLE, ord BIGINT (the line).</summary>
    public const string Table = "transactions";

    // Column names as exports write them, compared without case, spaces or punctuation ("CustomerID", "Invoice Date").
    private static readonly string[] CustomerNames = ["customer", "customerid", "custid", "accountid", "clientid", "memberid", "userid", "buyerid", "id"];
    private static readonly string[] DateNames = ["date", "orderdate", "purchasedate", "transactiondate", "invoicedate", "saledate", "orderdatetime", "transactiontime"];
    private static readonly string[] AmountNames = ["amount", "dollars", "revenue", "sales", "spend", "value", "total", "totalamount", "linetotal", "saleamount", "netamount", "ordertotal"];
    private static readonly string[] QuantityNames = ["quantity", "qty", "units"];

    // Dates as exports write them besides ISO: month first (the default) or day first, with or without a time of day.
    private static readonly string[] MonthFirst = ["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y", "%m/%d/%y %H:%M", "%m/%d/%y"];
    private static readonly string[] DayFirst = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y", "%d.%m.%Y %H:%M", "%d.%m.%Y"];
    private static readonly string[] Named = ["%Y%m%d", "%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%B %d, %Y"];

    /// <summary>Creates <see cref="Table"/> on <paramref name="connection"/> from the file.</summary>
    /// <returns>Notes on how the file was read: the amount computed from quantity and price, the date order, rows without a customer left out.</returns>
    /// <param name="connection">Where the table is made.</param>
    /// <param name="layout">The file and its columns.</param>
    /// <param name="latest">The latest date a transaction may have (today plus a tolerance); null for no limit.</param>
    /// <exception cref="BadInputException">Missing or unreadable file, unknown columns, or values that are not dates or numbers, dates after
    /// <paramref name="latest"/>, or amounts of <see cref="MaxAmount"/> or more (with their lines).</exception>
    public static List<string> Load(DuckDBConnection connection, TransactionsFileLayout layout, DateOnly? latest = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        var full = System.IO.Path.GetFullPath(layout.Path);
        var name = System.IO.Path.GetFileName(full);
        if (!File.Exists(full))
        {
            throw new BadInputException(full, "file not found");
        }

        using var readable = Data.ReadableFile.Open(full);
        string? firstLine;
        try
        {
            firstLine = File.ReadLines(readable.Path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
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
            names = delimiter is { } d ? ReadDelimited(connection, readable.Path, d, layout.Columns) : ReadWhitespace(connection, readable.Path, firstLine, layout.Columns);
        }
        catch (DuckDBException e)
        {
            throw new BadInputException(full, $"cannot read the file as delimited text: {e.Message.Split('\n')[0]}");
        }

        var kept = names.Where(n => !n.StartsWith("__skip", StringComparison.Ordinal)).ToList();
        string? Find(string? requested, string[] defaults) =>
            requested is not null
                ? kept.FirstOrDefault(c => string.Equals(c, requested, StringComparison.OrdinalIgnoreCase)) ?? kept.FirstOrDefault(c => Normalise(c) == Normalise(requested))
                : defaults.Select(d => kept.FirstOrDefault(c => Normalise(c) == d)).FirstOrDefault(c => c is not null);
        string Resolve(string? requested, string[] defaults, string role, string option) =>
            Find(requested, defaults) ?? throw new BadInputException(new Diagnostic(name, header ? 1 : null, requested ?? string.Join("/", defaults), null,
                $"no {role} column (name it with {option}{(header ? "" : " or in --columns")}); columns: {string.Join(", ", kept)}"));

        var notes = new List<string>(readable.Notes);
        var customerName = Resolve(layout.CustomerColumn, CustomerNames, "customer", "--customer-column");
        var customer = Sql.Identifier(customerName);
        var dateColumn = Resolve(layout.DateColumn, DateNames, "date", "--date-column");
        var date = Sql.Identifier(dateColumn);

        // Without an amount column, a line's amount is its quantity times its unit price (an invoice-line export).
        string amountValue;
        var amountChecks = new List<(string Column, string Value)>();
        if (layout.AmountColumn is null && Find(null, AmountNames) is null && Find(null, QuantityNames) is { } quantity
            && kept.FirstOrDefault(Data.HeaderWords.NamesAUnitPrice) is { } price)
        {
            amountChecks.Add((quantity, Number(quantity)));
            amountChecks.Add((price, Number(price)));
            amountValue = $"({Number(quantity)} * {Number(price)})";
            notes.Add($"no amount column: each line's amount is {quantity} × {price}");
        }
        else
        {
            var amountColumn = Resolve(layout.AmountColumn, AmountNames, "amount", "--amount-column");
            amountChecks.Add((amountColumn, Number(amountColumn)));
            amountValue = Number(amountColumn);
        }

        var (dateValue, dateOrder) = DateReading(connection, date);
        if (dateOrder is not null)
        {
            notes.Add(dateOrder);
        }

        // A line without a customer (a guest purchase) belongs to no customer's history: it is left out, and counted.
        var anonymous = $"coalesce(trim({customer}), '') = ''";
        var checks = string.Join("\n UNION ALL ",
            new[] { $"""SELECT "__line", {Sql.Literal(dateColumn)}, {date}, 'not a date (expected yyyy-mm-dd, yyyymmdd, m/d/yyyy or d/m/yyyy, with or without a time)' FROM raw WHERE NOT {anonymous} AND {dateValue} IS NULL""" }
                .Concat(latest is { } l
                    ? [$"""SELECT "__line", {Sql.Literal(dateColumn)}, {date}, 'date is in the future (later than {l:yyyy-MM-dd}, today plus {FutureDateToleranceDays} days'' tolerance)' FROM raw WHERE NOT {anonymous} AND {dateValue} > DATE '{l:yyyy-MM-dd}'"""]
                    : [])
                .Concat(amountChecks.Select(a => $"""SELECT "__line", {Sql.Literal(a.Column)}, {Sql.Identifier(a.Column)}, 'not a number' FROM raw WHERE NOT {anonymous} AND ({a.Value} IS NULL OR NOT isfinite({a.Value}))"""))
                .Concat(amountChecks.Select(a => $"""SELECT "__line", {Sql.Literal(a.Column)}, {Sql.Identifier(a.Column)}, 'too large: expected an amount below 1e15 in size' FROM raw WHERE NOT {anonymous} AND isfinite({a.Value}) AND abs({a.Value}) >= {MaxAmount:0}""")));
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

        var left = Convert.ToInt64(Workspace.ScalarOn(connection, $"SELECT count(*) FROM raw WHERE {anonymous}"), CultureInfo.InvariantCulture);
        if (left > 0)
        {
            var rows = Convert.ToInt64(Workspace.ScalarOn(connection, "SELECT count(*) FROM raw"), CultureInfo.InvariantCulture);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{left:N0} of {Counted.Of(rows, "line")} {Counted.Agree(left, "has", "have")} no {customerName} (guest purchases?) and {Counted.Agree(left, "was left out: it belongs", "were left out: they belong")} to no customer's history"));
        }

        // Ids a spreadsheet or a dataframe wrote as decimals (17850.0, every one of them) are the whole numbers they were.
        var customerValue = $"trim({customer})";
        if (Convert.ToBoolean(Workspace.ScalarOn(connection, $"SELECT coalesce(bool_and(regexp_full_match({customerValue}, '[0-9]+\\.0+')), false) FROM raw WHERE NOT {anonymous}"), CultureInfo.InvariantCulture))
        {
            customerValue = $"regexp_replace({customerValue}, '\\.0+$', '')";
            notes.Add($"every {customerName} is written as a decimal ending in .0 (17850.0): read as the whole number (17850)");
        }

        Workspace.Execute(connection, $"CREATE TABLE {Table} AS SELECT {customerValue} AS customer, {dateValue} AS date, {amountValue} AS amount, \"__line\" AS ord FROM raw WHERE NOT {anonymous}; DROP TABLE raw");
        return notes;
    }

    private static string Normalise(string name) => string.Concat(Data.HeaderWords.Of(name));

    private static string Number(string column) => $"try_cast(trim({Sql.Identifier(column)}) AS DOUBLE)";

    /// <summary>
    /// The SQL of a date cell, and a note when the file writes its days first. ISO dates, timestamps and yyyymmdd read as
    /// themselves; slashed dates read month first, unless some do not and every one reads day first (14/3/2025).
    /// </summary>
    private static (string Sql, string? Note) DateReading(DuckDBConnection connection, string date)
    {
        string With(string[] order) =>
            $"coalesce(try_cast(trim({date}) AS DATE), try_cast(trim({date}) AS TIMESTAMP)::DATE, try_strptime(trim({date}), [{string.Join(", ", order.Concat(Named).Select(Sql.Literal))}])::DATE)";
        var monthFirst = With(MonthFirst);
        var dayFirst = With(DayFirst);
        var (monthFails, dayFails) = (0L, 0L);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT count(*) FILTER (WHERE {monthFirst} IS NULL), count(*) FILTER (WHERE {dayFirst} IS NULL) FROM raw WHERE coalesce(trim({date}), '') <> ''";
            using var reader = command.ExecuteReader();
            reader.Read();
            (monthFails, dayFails) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        return monthFails > 0 && dayFails == 0
            ? (dayFirst, "dates are written day first (14/3/2025): read so")
            : (monthFirst, null);
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
