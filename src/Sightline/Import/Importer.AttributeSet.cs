using System.Globalization;
using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    private static readonly string[] AccountKeyHeaders = ["accountid", "account", "recordid", "companyid", "customerid"];
    private static readonly string[] DomainHeaders = ["domain", "website", "companydomainname", "url", "webdomain"];

    /// <summary>
    /// An enrichment file (a purchased firmographic list, say) keyed by account_id or domain, kept
    /// whole as table attr_NAME with the account it matched; unmatched rows are kept too.
    /// </summary>
    private FileImportResult ImportAttributeSet(string path, string fileName, string setName, RunContext context, string tempDirectory, Action<string> report)
    {
        report("reading");
        var source = new SourceFile(_workspace, path, tempDirectory, fileName);
        _readSources.Add(source);
        if (_sheetNotes.Remove(fileName, out var sheetNotes))
        {
            source.Notes.AddRange(sheetNotes);
        }

        var headers = source.Headers();
        var normalised = headers.Select(ColumnMapper.Normalise).ToList();
        var accountKey = normalised.FindIndex(h => AccountKeyHeaders.Contains(h));
        var domainKey = normalised.FindIndex(h => DomainHeaders.Contains(h));
        if (accountKey < 0 && domainKey < 0)
        {
            throw new BadInputException(new Diagnostic(source.Name, 1, null, null,
                $"an attribute set needs an account_id or domain column to match accounts; headers seen: {string.Join(", ", headers.Select(Diagnostic.Visible))}"));
        }

        var names = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var name = ColumnMapper.SnakeCase(headers[i], i);
            var unique = name;
            for (var n = 2; names.Contains(unique) || unique == "account_id" && i != accountKey; n++)
            {
                unique = $"{name}_{n}";
            }

            names.Add(i == accountKey ? "account_id" : unique);
        }

        _stage = new FileStage(source, CanonicalSchema.Get("accounts"), [], new StagingPlan(CanonicalSchema.Get("accounts"), [], _workspace.Settings, context.Today, source.RawColumn),
            headers, "sl_attr_stage", "sl_attr_err");
        _workspace.Execute($"DROP TABLE IF EXISTS sl_rej; DROP TABLE IF EXISTS sl_scan; DROP TABLE IF EXISTS {Stg}");
        var raw = string.Join(", ", headers.Select((_, i) => $"{StagingPlan.TrimmedOrNull(source.RawColumn(i + 1))} AS r{i}"));
        _workspace.Execute($"CREATE TEMP TABLE {Stg} AS SELECT {raw} FROM {source.Reader(storeRejects: true)}");
        _stage.RowBase = Count($"SELECT coalesce(min(rowid), 0) FROM {Stg}");
        var staged = Count($"SELECT count(*) FROM {Stg}");
        var malformedCount = source.AfterRead();
        _workspace.Execute($"CREATE OR REPLACE TEMP TABLE {Err} (rid BIGINT, col VARCHAR, val VARCHAR, msg VARCHAR, ref_rid BIGINT)");
        var cells = string.Join(", ", headers.Select((_, i) => $"coalesce(r{i}, '')"));
        var (malformed, footer, _) = malformedCount > 0 ? ReportProblems(source, CanonicalSchema.Get("accounts"), headers.Count, staged, false,
            $"concat_ws(',', {cells})", context) : ([], [], new Dictionary<long, long>());

        // Kept, a report's totals row would be one more unmatched company.
        var totals = SetAsideTrailingTotals($"concat_ws(chr(31), {cells})", staged, onlyFailing: false);
        staged -= totals.Count;

        report("writing");
        var types = InferTypes(Enumerable.Range(0, headers.Count).ToList(), headers);
        var match = accountKey >= 0
            ? $"(SELECT a.account_id FROM accounts a WHERE a.account_id = s.r{accountKey})"
            : $"(SELECT min(a.account_id) FROM accounts a WHERE {AccountMatching.DomainSql("a.domain")} = nullif({AccountMatching.CompanyDomainSql($"s.r{domainKey}")}, ''))";
        var columns = headers.Select((_, i) => i == accountKey ? null : $"{StagingPlan.CustomTyped(types[i].Sql, $"r{i}")} AS {names[i]}").Where(c => c is not null);
        var table = $"attr_{context.Options.AttributeSet}";
        _workspace.Execute($"DROP TABLE IF EXISTS {table}");
        _workspace.Execute($"CREATE TABLE {table} AS SELECT {match} AS account_id, {string.Join(", ", columns)} FROM {Stg} s ORDER BY s.rowid");
        var matched = Count($"SELECT count(DISTINCT account_id) FROM {table}");
        var repeated = _workspace.Strings($"""
            SELECT account_id || ' (' || count(*) || ' rows)' FROM {table} WHERE account_id IS NOT NULL
            GROUP BY account_id HAVING count(*) > 1 ORDER BY min(rowid)
            """);
        var unmatched = Count($"SELECT count(*) FROM {table} WHERE account_id IS NULL");
        _workspace.Execute($"DELETE FROM attribute_sets WHERE set_name = {Sql.Literal(context.Options.AttributeSet!)}");
        _workspace.Execute($"""
            INSERT INTO attribute_sets VALUES ({Sql.Literal(context.Options.AttributeSet!)}, {Sql.Literal(table)}, {Sql.Literal(source.Name)},
                {Sql.Literal(accountKey >= 0 ? "account_id" : "domain")}, {Sql.Literal(context.RunId)}, now()::TIMESTAMP, {staged}, {matched}, {unmatched})
            """);
        _workspace.Execute($"DROP TABLE {Stg}; DROP TABLE {Err}");
        var notes = new List<string>(source.Notes)
        {
            $"attribute set '{context.Options.AttributeSet}' in table {table}: {Sightline.Counted.Of(matched, "account")} matched by {(accountKey >= 0 ? "account_id" : "domain")}, {Sightline.Counted.Of(unmatched, "row")} unmatched (kept)",
        };
        notes.AddRange(headers.Select((h, i) => i != accountKey && types[i].Why is { } why ? $"{table}.{names[i]} ({types[i].Sql}) from header '{h}': {why}" : null).OfType<string>());
        if (repeated.Count > 0)
        {
            notes.Add($"{source.Name}: {Counted(repeated.Count, "account is", "accounts are")} matched by more than one row "
                + $"({string.Join(", ", repeated.Take(3))}{(repeated.Count > 3 ? ", ..." : "")}): all rows are kept, and features read each one's first row, in file order");
        }

        AddTotalsNote(source, totals, headers.Count, staged + totals.Count, notes);
        AddFooterNote(footer, notes);
        return new FileImportResult(source.Name, table, source.Format, source.Encoding, source.Delimiter,
            staged + malformed.Count, staged, malformed.Count, staged, 0, 0, names.Where(n => n != "account_id").ToList(), notes);
    }

    /// <summary>
    /// "No value" marks (N/A, -) are missing. Numbers (no leading zeros, which mark codes), ISO timestamps with a time of day, ISO dates, else text: from every staged value of raw columns r{position}.
    /// A column whose header names a code (<see cref="NamesACode"/>) is text whatever its values: a phone number or a ZIP
    /// code written in digits is no quantity, and as a number it would lose its zeros and its formatting.
    /// A number column with a value a DOUBLE does not hold as written (<see cref="ExactNumberType"/>) is kept exactly, with why.
    /// </summary>
    private List<InferredType> InferTypes(IReadOnlyList<int> positions, IReadOnlyList<string> headers)
    {
        // Times of day (a CRM's "Last Login" 2025-03-04 14:22:10) make a timestamp: read as a date they would be cut to the day.
        // DuckDB casts "infinity" and "inf" to an infinite date or timestamp (whose time of day throws, even in TRY_CAST):
        // no date a CRM writes, so a column holding one ("Infinity" as a plan's name) is text.
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT c,
                count(v) > 0 AND count(v) = count(CASE WHEN NOT regexp_matches(v, '^[-+]?0[0-9]') THEN sl_num(v) END),
                count(v) > 0 AND count(v) = count(CASE WHEN isfinite(TRY_CAST(v AS DATE)) AND NOT sl_special_date(v) THEN 1 END),
                count(v) > 0 AND count(v) = count(CASE WHEN isfinite(TRY_CAST(v AS TIMESTAMP)) AND NOT sl_special_date(v) THEN 1 END)
                    AND coalesce(bool_or(CASE WHEN isfinite(TRY_CAST(v AS TIMESTAMP)) THEN TRY_CAST(v AS TIMESTAMP)::TIME <> TIME '00:00:00' END), false),
                coalesce(bool_or({ValueParsing.LostInADouble("v")}), false)
            FROM (SELECT c, sl_present(v) AS v FROM (UNPIVOT (SELECT {string.Join(", ", positions.Select(i => $"r{i}"))} FROM {Stg}) ON COLUMNS(*) INTO NAME c VALUE v))
            GROUP BY c
            """;
        var seen = new Dictionary<string, (bool Number, bool Date, bool Timestamp, bool Lost)>(StringComparer.Ordinal);
        using (var reader = Workspaces.Workspace.TracedReader(command))
        {
            while (reader.Read())
            {
                seen[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4));
            }
        }

        return [.. positions.Select((p, i) =>
            NamesACode(headers[i]) || !seen.TryGetValue($"r{p}", out var s) ? new InferredType("VARCHAR")
                : s.Number ? (s.Lost ? ExactNumberType(p) : new InferredType("DOUBLE")) : s.Timestamp ? new InferredType("TIMESTAMP")
                : s.Date ? new InferredType("DATE") : new InferredType("VARCHAR"))];
    }

    /// <summary>
    /// The type of a number column some value of which a DOUBLE does not hold as written, and why: text where such a value is
    /// plain digits (123456789012345678 is a reference or a code, not a quantity), else an exact DECIMAL(38, s) with s the most
    /// decimals written, else (more than 38 digits in all) text. Nothing is changed on the way in.
    /// </summary>
    private InferredType ExactNumberType(int position)
    {
        var raw = $"r{position}";
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT coalesce(bool_or(lost AND regexp_full_match(v, '[0-9]+')), false), max(length(split_part(t, '.', 2))),
                max(length(ltrim(split_part(t, '.', 1), '-0'))), arg_min(v, rid) FILTER (WHERE lost)
            FROM (SELECT rid, v, coalesce({ValueParsing.LostInADouble("v")}, false) AS lost, sl_exact_text(v) AS t
                FROM (SELECT rowid AS rid, sl_present({raw}) AS v FROM {Stg}) WHERE v IS NOT NULL)
            """;
        using var reader = Workspaces.Workspace.TracedReader(command);
        reader.Read();
        var (code, decimals, wholeDigits, example) = (reader.GetBoolean(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetString(3));
        if (code)
        {
            return new InferredType("VARCHAR", $"kept as text, as written: values such as '{example}' are long digit strings (a reference or a code) "
                + "that a number (DOUBLE, 15 to 17 significant digits) would change");
        }

        return decimals + wholeDigits <= 38
            ? new InferredType($"DECIMAL(38,{decimals})", $"an exact decimal, not a DOUBLE: values such as '{example}' have more digits than a DOUBLE "
                + "holds (15 to 17 significant digits)")
            : new InferredType("VARCHAR", $"kept as text, as written: values such as '{example}' have more digits than a DOUBLE (15 to 17 significant digits) "
                + "or an exact decimal (38) holds");
    }

    /// <summary>A custom column's SQL type, and why it is not the one its values first suggest (a number kept exactly), else null.</summary>
    private sealed record InferredType(string Sql, string? Why = null);

    /// <summary>Whether a header names a code or a contact number rather than a quantity: Phone, Fax, ZIP, Postal Code, SIC Code, DUNS, VAT ID...</summary>
    internal static bool NamesACode(string header) => Data.HeaderWords.Of(header).Any(CodeWords.Contains);

    private static readonly HashSet<string> CodeWords = new(StringComparer.Ordinal)
    {
        "phone", "telephone", "tel", "fax", "mobile", "cell", "zip", "zipcode", "postal", "postcode", "code", "id", "ids", "duns", "sic", "naics",
        "vat", "ein", "tin", "iban", "swift", "bic", "sku", "isbn", "ean", "upc", "gtin", "extension", "ext",
    };
}
