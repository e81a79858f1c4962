using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Import;

/// <summary>
/// The documented rules for reading text as typed values, as DuckDB SQL macros so that they run
/// over millions of rows inside the engine (see docs/import.md for the rules in words).
/// </summary>
internal static class ValueParsing
{
    private const string Currency = @"(?:[$€£¥]|USD|EUR|GBP|CHF|JPY|CAD|AUD)";

    /// <summary>
    /// Excel's General format of a number of 12 or more digits: 1.23457E+11 (1,23457E+11 with a decimal comma), and a
    /// workbook's number cell of 16 digits or more as read (1.2345678901234567E+19): a numeric id whose last digits are lost.
    /// </summary>
    internal const string ExcelScientificPattern = @"^[0-9](?:[.,][0-9]+)?[Ee]\+[0-9]{1,3}$";

    /// <summary>Why an id in <see cref="ExcelScientificPattern"/> is refused, ending with what to send instead (<c>send the full ids</c>).</summary>
    internal static string ExcelScientificIdProblem(string sendInstead) =>
        "is a number in scientific notation, as Excel shows a long numeric id: the digits after the first few are lost, so ids that differed look alike now; "
        + $"format the column as Text in the spreadsheet (or export again from the CRM without opening the file in Excel) and {sendInstead}";

    /// <summary>The connections <see cref="RegisterTextReader"/> has registered its function on (a function is registered once per connection).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DuckDB.NET.Data.DuckDBConnection, object> TextReaderConnections = [];

    /// <summary>
    /// Registers <c>sl_text_ts(text, day_first)</c>, the last resort of sl_ts and sl_date: a date and time as the live API
    /// reads it (<see cref="Realtime.OccurredAtText"/>: RFC 1123 as mail and HTTP write it, JavaScript's Date text, named
    /// months after a weekday, offsets after GMT), which no format above reads. A time with an offset or a zone is taken to
    /// UTC, as DuckDB's own cast takes it; one without stays as written; anything else is null (and refused as a bad value).
    /// Called only for the values every format above missed, so a file of ISO times never reaches it.
    /// </summary>
    private static void RegisterTextReader(Workspace workspace)
    {
        var connection = workspace.Connection;
        if (TextReaderConnections.TryGetValue(connection, out _))
        {
            return;
        }

#pragma warning disable DuckDBNET001 // scalar functions are marked experimental in DuckDB.NET
        connection.RegisterScalarFunction<string, bool, DateTime>("sl_text_ts", (readers, writer, rows) =>
        {
            for (ulong row = 0; row < rows; row++)
            {
                if (readers[0].IsValid(row) && ReadText(readers[0].GetValue<string>(row), readers[1].IsValid(row) && readers[1].GetValue<bool>(row)) is { } read)
                {
                    writer.WriteValue(read, row);
                }
                else
                {
                    writer.WriteNull(row);
                }
            }
        });
#pragma warning restore DuckDBNET001
        TextReaderConnections.AddOrUpdate(connection, true);
    }

    /// <summary>A date and time the live API reads in <paramref name="text"/>, in UTC when it names its offset; else null.</summary>
    internal static DateTime? ReadText(string text, bool dayFirst)
    {
        try
        {
            return Realtime.OccurredAtText.Read(text, dayFirst, out var written) == Realtime.OccurredAtText.Outcome.Read
                ? written.Clock - (written.Offset ?? TimeSpan.Zero) : null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // a date's form but no real date (2026-02-30)
        }
    }

    /// <summary>Creates the temporary macros sl_num, sl_int, sl_date, sl_ts and sl_bool on the connection.</summary>
    public static void CreateMacros(Workspace workspace)
    {
        var decimalComma = workspace.Settings.Import.NumberFormat == "decimal_comma";
        var (groupSeparators, decimalMark) = decimalComma ? (@"[.' \x{00A0}\x{202F}\x{2009}\x{2007}]", ",") : (@"[,' \x{00A0}\x{202F}\x{2009}\x{2007}]", @"\.");
        // A magnitude (K, M or MM or Mn, B or Bn) or a percent sign may follow the digits: "$1.5M", "250k", "35%".
        // Excel's Accounting format puts the currency before a negative's parentheses: "$ (1,234.50)".
        var pattern = $@"^(?:{Currency}\s*)?(\()?\s*([-+])?\s*{Currency}?\s*([-+])?\s*([0-9]{{1,3}}(?:{groupSeparators}[0-9]{{3}})+|[0-9]+)?({decimalMark}[0-9]+)?\s*((?i:k|mm|mn|m|bn|b)|%)?\s*{Currency}?\s*(\))?$"
            // Spreadsheets put a no-break space between a currency and its digits ("€ 3.000"), as French formatting does between
            // groups (U+00A0, or the narrow U+202F current formatting writes; typeset text uses the thin U+2009).
            .Replace(@"\s", @"[\s\x{00A0}\x{202F}\x{2009}\x{2007}]", StringComparison.Ordinal);
        // In decimal-comma files "1.234" means one thousand two hundred and thirty-four, so the plain cast is skipped. DuckDB's
        // cast also takes underscores between digits ("12_5" is 125), which no export writes in a number: those are no number.
        var fastPath = decimalComma
            ? "CASE WHEN NOT contains(v, '.') AND NOT contains(v, '_') AND isfinite(TRY_CAST(v AS DOUBLE)) THEN TRY_CAST(v AS DOUBLE) END"
            : "CASE WHEN NOT contains(v, '_') AND isfinite(TRY_CAST(v AS DOUBLE)) THEN TRY_CAST(v AS DOUBLE) END";
        var exactFastPath = decimalComma ? $"CASE WHEN NOT contains(v, '.') AND NOT contains(v, '_') THEN TRY_CAST(v AS {ExactDecimal}) END"
            : $"CASE WHEN NOT contains(v, '_') THEN TRY_CAST(v AS {ExactDecimal}) END";
        string[] dates = workspace.Settings.Import.DateOrder == "dmy" ? ["%d/%m/%Y", "%d/%m/%y"] : ["%m/%d/%Y", "%m/%d/%y"];
        dates = [.. dates, "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d", "%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%B %d, %Y"];
        var dateFormats = FormatList(dates);
        // Every date format with the times CRM exports write after it: 24-hour, or 12-hour with AM/PM (also after a comma).
        // ISO dates DuckDB's own cast reads, except with a 12-hour time or an offset after a space.
        string[] timedDates = [.. dates, "%Y-%m-%d"];
        var timeFormats = FormatList(timedDates.SelectMany(d => TimesOfDay.Select(t => d + t)));
        var zonedFormats = FormatList(timedDates.SelectMany(d => TimesOfDay.Select(t => d + t + " %z")));
        // A year of two digits (3/5/24, 5-Mar-24: Excel's d-mmm-yy): read only by the two-digit formats, because DuckDB's
        // own cast and its %Y take "24" as the year 24.
        string[] shortDates = [workspace.Settings.Import.DateOrder == "dmy" ? "%d/%m/%y" : "%m/%d/%y", "%d.%m.%y", "%d-%b-%y", "%d %b %y"];
        var shortDateFormats = FormatList(shortDates);
        var shortTimeFormats = FormatList(shortDates.SelectMany(d => TimesOfDay.Select(t => d + t)));
        var dayFirst = workspace.Settings.Import.DateOrder == "dmy" ? "true" : "false";
        RegisterTextReader(workspace);
        workspace.Execute($"""
            SET TimeZone = 'UTC';
            CREATE OR REPLACE TEMP MACRO sl_num_parts(v) AS regexp_extract(v, '{pattern.Replace("'", "''", StringComparison.Ordinal)}', ['open', 's1', 's2', 'int', 'frac', 'unit', 'close']);
            CREATE OR REPLACE TEMP MACRO sl_magnitude(unit) AS CASE WHEN unit = 'k' THEN 1000 WHEN unit IN ('m', 'mm', 'mn') THEN 1000000 ELSE 1000000000 END;
            -- Up to 19 digits before the point exactly as a decimal (its product by a billion stays within DECIMAL(38)); more as a DOUBLE.
            -- A percentage's point is moved in its text ('0.07e-2'), read once: 0.07 / 100 in a DOUBLE is 0.0007000000000000001.
            CREATE OR REPLACE TEMP MACRO sl_scaled(digits, unit) AS CASE unit WHEN '' THEN TRY_CAST(digits AS DOUBLE)
                WHEN '%' THEN coalesce(TRY_CAST(digits || 'e-2' AS DOUBLE), TRY_CAST(digits AS DOUBLE) / 100)
                ELSE coalesce(CAST(TRY_CAST(digits AS DECIMAL(28, 9)) * sl_magnitude(unit) AS DOUBLE), TRY_CAST(digits AS DOUBLE) * sl_magnitude(unit)) END;
            -- A number's parts: its sign (null when the parts are no number: no digits, one bracket, two signs) and its digits.
            CREATE OR REPLACE TEMP MACRO sl_num_sign(p) AS CASE
                WHEN (p.int = '' AND p.frac = '') OR ((p.open = '') <> (p.close = '')) OR (p.s1 <> '' AND p.s2 <> '') THEN NULL
                WHEN p.open <> '' OR p.s1 = '-' OR p.s2 = '-' THEN -1 ELSE 1 END;
            CREATE OR REPLACE TEMP MACRO sl_num_digits(p) AS regexp_replace(p.int, '[^0-9]', '', 'g') || replace(p.frac, ',', '.');
            CREATE OR REPLACE TEMP MACRO sl_num_from(p) AS sl_num_sign(p) * sl_scaled(sl_num_digits(p), lower(p.unit));
            -- + 0.0 turns -0 ("-0.00", "(0.00)") into 0, which exports and reports print as 0, not -0.
            CREATE OR REPLACE TEMP MACRO sl_num(v) AS CASE WHEN v IS NULL THEN NULL
                ELSE coalesce({fastPath}, sl_num_from(sl_num_parts(v)),
                    CASE WHEN regexp_full_match(v, {Sql.Literal(AccountingZeroText)}) THEN 0.0 END) + 0.0 END;
            -- The digits i.f (a number's, without its sign) with the point moved n places, as text: ('12', '5', -2) is 0.125.
            CREATE OR REPLACE TEMP MACRO sl_shifted(i, f, n) AS CASE WHEN n >= 0 THEN i || left(f || repeat('0', n), n) || '.' || substr(f, n + 1)
                ELSE left(lpad(i, CAST(greatest(length(i), 1 - n) AS INTEGER), '0'), greatest(length(i), 1 - n) + n) || '.'
                    || right(lpad(i, CAST(greatest(length(i), 1 - n) AS INTEGER), '0'), -n) || f END;
            -- sl_num's reading as an exact decimal, for whole numbers a DOUBLE does not hold (2^53 and more); a percentage's
            -- point moved in its text, not divided in a DOUBLE (900719925474099300% is 9007199254740993).
            CREATE OR REPLACE TEMP MACRO sl_exact_scaled(digits, unit) AS CASE unit WHEN '' THEN TRY_CAST(digits AS {ExactDecimal})
                WHEN '%' THEN TRY_CAST(sl_shifted(split_part(digits, '.', 1), split_part(digits, '.', 2), -2) AS {ExactDecimal})
                ELSE TRY_CAST(digits AS {ExactDecimal}) * sl_magnitude(unit) END;
            CREATE OR REPLACE TEMP MACRO sl_exact_from(p) AS sl_num_sign(p) * sl_exact_scaled(sl_num_digits(p), lower(p.unit));
            CREATE OR REPLACE TEMP MACRO sl_exact(v) AS coalesce({exactFastPath}, sl_exact_from(sl_num_parts(v)));
            -- A number as plain decimal text, every digit kept and none added ('-1500000', '0.125'): sign, digits i.f, point moved n places.
            CREATE OR REPLACE TEMP MACRO sl_plain(neg, i, f, n) AS list_transform([sl_shifted(i, f, n)], sl_shift ->
                list_transform([[coalesce(nullif(ltrim(split_part(sl_shift, '.', 1), '0'), ''), '0'), rtrim(split_part(sl_shift, '.', 2), '0')]], sl_part ->
                    CASE WHEN sl_part[1] = '0' AND sl_part[2] = '' THEN '0' ELSE CASE WHEN neg THEN '-' ELSE '' END || sl_part[1] || CASE WHEN sl_part[2] = '' THEN '' ELSE '.' || sl_part[2] END END)[1])[1];
            CREATE OR REPLACE TEMP MACRO sl_unit_exponent(unit) AS CASE unit WHEN '' THEN 0 WHEN '%' THEN -2 WHEN 'k' THEN 3 WHEN 'm' THEN 6 WHEN 'mm' THEN 6 WHEN 'mn' THEN 6 ELSE 9 END;
            -- The number as written, as plain text (a magnitude and a percent sign applied to its digits; an exponent of up to
            -- three digits too: 1.5e3); null for a form read only by DuckDB's cast (1_000).
            CREATE OR REPLACE TEMP MACRO sl_written_plain(v) AS list_transform([sl_num_parts(v)], sl_parts -> CASE WHEN sl_num_sign(sl_parts) IS NOT NULL
                THEN sl_plain(sl_num_sign(sl_parts) < 0, regexp_replace(sl_parts.int, '[^0-9]', '', 'g'), substr(sl_parts.frac, 2), sl_unit_exponent(lower(sl_parts.unit)))
                ELSE list_transform([regexp_extract(v, {WrittenExponentText}, ['s', 'i', 'f', 'e'])],
                    sl_exp -> CASE WHEN sl_exp.i <> '' OR sl_exp.f <> '' THEN sl_plain(sl_exp.s = '-', sl_exp.i, sl_exp.f, TRY_CAST(sl_exp.e AS INTEGER)) END)[1] END)[1];
            -- A DOUBLE as plain text, by its shortest text that reads back as it (DuckDB writes 1e+20, 9007199254740992.0).
            CREATE OR REPLACE TEMP MACRO sl_double_plain(d) AS list_transform([regexp_extract(CAST(d AS VARCHAR), '^(-?)([0-9]+)(?:[.]([0-9]+))?(?:e([-+]?[0-9]+))?$', ['s', 'i', 'f', 'e'])],
                sl_dbl -> sl_plain(sl_dbl.s = '-', sl_dbl.i, sl_dbl.f, coalesce(TRY_CAST(nullif(sl_dbl.e, '') AS INTEGER), 0)))[1];
            -- A number sl_num reads, as plain text with every digit as written; null for no number.
            CREATE OR REPLACE TEMP MACRO sl_exact_text(v) AS CASE WHEN sl_num(v) IS NOT NULL THEN coalesce(sl_written_plain(v), sl_double_plain(sl_num(v))) END;
            -- Whether sl_num's DOUBLE is the number as written: 9007199254740993 reads as ...992, 0.12345678901234567 as ...568.
            CREATE OR REPLACE TEMP MACRO sl_double_holds(v) AS list_transform([sl_written_plain(v)], sl_written -> sl_written IS NULL OR sl_written = sl_double_plain(sl_num(v)))[1];
            -- A whole number a DOUBLE holds exactly (below 2^53, 9,007,199,254,740,992) is read as before: one cast for "3".
            -- Larger ones are read exactly: plain digits by one BIGINT cast, whose text written back must be the value as
            -- written (DuckDB's cast also takes 1.5, as 2, 1e3 and 1_000); other forms as a decimal (sl_exact), reached only
            -- by values whose DOUBLE is at most the limit, so its multiplications stay within DECIMAL(38, 18), and held to the
            -- limit exactly: 8,999,999,999,999,999,999 reads as the limit in a DOUBLE, yet is below it, as its plain digits are.
            -- (The cheap test first: a CASE whose first branch fails for most rows made the 20M-row read of "3.0" three times slower.)
            CREATE OR REPLACE TEMP MACRO sl_int(v) AS CASE
                WHEN sl_num(v) = round(sl_num(v)) AND abs(sl_num(v)) < {DoubleWholeNumbers} THEN sl_num(v)::BIGINT
                WHEN CAST(TRY_CAST(v AS BIGINT) AS VARCHAR) = v THEN CASE WHEN TRY_CAST(v AS BIGINT) BETWEEN -{WholeNumberLimitDigits} AND {WholeNumberLimitDigits} THEN TRY_CAST(v AS BIGINT) END
                WHEN abs(sl_num(v)) >= {DoubleWholeNumbers} AND abs(sl_num(v)) <= {WholeNumberLimit}
                    THEN CASE WHEN sl_exact(v) = round(sl_exact(v)) AND abs(sl_exact(v)) < {WholeNumberLimitExact} THEN CAST(sl_exact(v) AS BIGINT) END END;
            CREATE OR REPLACE TEMP MACRO sl_band_parts(v) AS regexp_extract(v, '{BandPattern}', ['low', 'high', 'plus']);
            -- "$1-5M", "1-10K": the magnitude written once, after the high end, is the low end's too.
            CREATE OR REPLACE TEMP MACRO sl_band_low(p) AS CASE
                WHEN regexp_matches(p.low, '[0-9]\s*$') AND regexp_matches(p.high, '[0-9]\s*(?i:k|mm|mn|m|bn|b)\s*$')
                THEN sl_num(p.low || regexp_extract(p.high, '[0-9]\s*((?i:k|mm|mn|m|bn|b))\s*$', 1)) ELSE sl_num(p.low) END;
            CREATE OR REPLACE TEMP MACRO sl_band_from(p) AS CASE
                WHEN p.plus <> '' THEN sl_num(p.plus)
                WHEN sl_band_low(p) <= sl_num(p.high) THEN (sl_band_low(p) + sl_num(p.high)) / 2 END;
            CREATE OR REPLACE TEMP MACRO sl_band(v) AS sl_band_from(sl_band_parts(v));
            CREATE OR REPLACE TEMP MACRO sl_band_kind(v) AS CASE WHEN sl_num(v) IS NOT NULL THEN NULL
                WHEN sl_band_parts(v).plus <> '' THEN {Sql.Literal(OpenRangesRead)}
                WHEN sl_band(v) IS NOT NULL THEN {Sql.Literal(RangesRead)} END;
            CREATE OR REPLACE TEMP MACRO sl_serial(v) AS CASE WHEN regexp_full_match(v, {ExcelSerialText})
                AND TRY_CAST(v AS DOUBLE) BETWEEN {ExcelSerialFirst} AND {ExcelSerialLast} THEN TRY_CAST(v AS DOUBLE) END;
            CREATE OR REPLACE TEMP MACRO sl_epoch(v) AS CASE WHEN regexp_full_match(v, {EpochSecondsText}) THEN epoch_ms(TRY_CAST(v AS BIGINT) * 1000)
                WHEN regexp_full_match(v, {EpochMillisecondsText}) THEN epoch_ms(TRY_CAST(v AS BIGINT)) END;
            CREATE OR REPLACE TEMP MACRO sl_numeric_date(v) AS CASE WHEN contains(v, '-') OR contains(v, '/') OR TRY_CAST(v AS DOUBLE) IS NULL THEN NULL
                WHEN sl_serial(v) IS NOT NULL THEN {Sql.Literal(ExcelSerialsRead)}
                WHEN regexp_full_match(v, {EpochSecondsText}) THEN {Sql.Literal(EpochSecondsRead)}
                WHEN regexp_full_match(v, {EpochMillisecondsText}) THEN {Sql.Literal(EpochMillisecondsRead)} END;
            CREATE OR REPLACE TEMP MACRO sl_short_year(v) AS regexp_matches(v, {Sql.Literal(ShortYearText)});
            CREATE OR REPLACE TEMP MACRO sl_special_date(v) AS regexp_matches(v, {Sql.Literal(SpecialDateWordsText)});
            CREATE OR REPLACE TEMP MACRO sl_date(v) AS CASE WHEN v IS NULL OR sl_special_date(v) THEN NULL
                WHEN sl_short_year(v) THEN coalesce(TRY_CAST(try_strptime(v, {shortDateFormats}) AS DATE), TRY_CAST(try_strptime(v, {shortTimeFormats}) AS DATE))
                ELSE coalesce(TRY_CAST(v AS DATE), TRY_CAST(TRY_CAST(v AS TIMESTAMP) AS DATE),
                              TRY_CAST(try_strptime(v, {dateFormats}) AS DATE),
                              TRY_CAST(try_strptime(v, {timeFormats}) AS DATE),
                              DATE '1899-12-30' + CAST(floor(sl_serial(v)) AS INTEGER), CAST(sl_epoch(v) AS DATE),
                              CAST(sl_text_ts(v, {dayFirst}) AS DATE)) END;
            CREATE OR REPLACE TEMP MACRO sl_zone_offset(v) AS {Switch($"upper(regexp_extract(v, {Sql.Literal(ZoneSuffixText)}, 1))", ZoneAbbreviationCases + " ", "NULL")};
            CREATE OR REPLACE TEMP MACRO sl_ts(v) AS CASE WHEN v IS NULL OR sl_special_date(v) THEN NULL
                WHEN sl_short_year(v) THEN coalesce(try_strptime(v, {shortTimeFormats}), TRY_CAST(try_strptime(v, {shortDateFormats}) AS TIMESTAMP))
                ELSE coalesce(TRY_CAST(TRY_CAST(v AS TIMESTAMPTZ) AS TIMESTAMP), TRY_CAST(v AS TIMESTAMP),
                              try_strptime(v, {timeFormats}), TRY_CAST(try_strptime(v, {zonedFormats}) AS TIMESTAMP),
                              TRY_CAST(try_strptime(regexp_replace(v, {Sql.Literal(ZoneSuffixText)}, '') || ' ' || sl_zone_offset(v), {zonedFormats}) AS TIMESTAMP),
                              TIMESTAMP '1899-12-30' + to_seconds(CAST(round(sl_serial(v) * 86400) AS BIGINT)), sl_epoch(v), sl_text_ts(v, {dayFirst}),
                              -- a date alone is midnight; a date with a time not read above is no value, not that day's midnight
                              CASE WHEN NOT contains(v, ':') THEN TRY_CAST(sl_date(v) AS TIMESTAMP) END) END;
            CREATE OR REPLACE TEMP MACRO sl_bool(v) AS CASE
                WHEN lower(v) IN ('true', 't', 'yes', 'y', '1', 'won', 'x') THEN true
                WHEN lower(v) IN ('false', 'f', 'no', 'n', '0', 'lost') THEN false END;
            CREATE OR REPLACE TEMP MACRO sl_present(v) AS CASE WHEN length(v) <= 4 AND lower(v) IN ({string.Join(", ", MissingMarks.Select(Sql.Literal))}) THEN NULL ELSE v END;
            CREATE OR REPLACE TEMP MACRO sl_token(v) AS lower(regexp_replace(v, '[\s\-/]+', '_', 'g'));
            CREATE OR REPLACE TEMP MACRO sl_sfid(v) AS CASE WHEN length(v) <> 15 THEN v
                ELSE CASE WHEN substr(v, 1, 3) IN ({SalesforcePrefixes}) AND regexp_full_match(v, '{SalesforceIdText}')
                    AND regexp_matches(substr(v, 4), '[A-Za-z]') THEN v || {SalesforceIdSuffix("v")} ELSE v END END;
            CREATE OR REPLACE TEMP MACRO sl_first_id(v) AS CASE WHEN NOT contains(v, ';') THEN v
                ELSE trim(list_filter(string_split(v, ';'), p -> trim(p) <> '')[1]) END;
            CREATE OR REPLACE TEMP MACRO sl_currency_of(v) AS CASE WHEN TRY_CAST(v AS DOUBLE) IS NOT NULL THEN NULL
                WHEN contains(v, '€') THEN 'EUR' WHEN contains(v, '£') THEN 'GBP'
                WHEN contains(v, '¥') THEN '¥' WHEN contains(v, '$') THEN '$' ELSE nullif(regexp_extract(v, '{CurrencyCodes}', 1), '') END;
            """);
    }

    /// <summary>
    /// DuckDB's special date and time words (epoch, 1970-01-01; allballs, midnight; infinity, inf): no CRM writes them for a
    /// date, so they are not read as one.
    /// </summary>
    internal const string SpecialDateWordsText = "(?i)epoch|allballs|inf";

    /// <summary>Excel's Accounting format writes zero as a dash beside the currency: "$ -", "- €". A dash alone is no value.</summary>
    private const string AccountingZeroText = @"\s*" + Currency + @"\s*[-–—]\s*|\s*[-–—]\s*" + Currency + @"\s*";

    private const string CurrencyCodes = "(USD|EUR|GBP|CHF|JPY|CAD|AUD)";

    // A Salesforce record id as reports write it: 15 case-sensitive characters, the object's key prefix first (account,
    // contact, user, opportunity, lead, task, event, product, price book entry, opportunity product, order, order product,
    // case, asset, quote). The API and Data Loader write the 18-character form, whose last 3 characters encode the case of
    // the first 15, so one export's ids match another's only once both are in one form.
    // (Only 15-character values reach the tests: a branch is evaluated on its own rows alone.)
    private const string SalesforceIdText = "[0-9A-Za-z]{15}";
    private static readonly string[] SalesforceKeyPrefixes = ["001", "003", "005", "006", "00Q", "00T", "00U", "01t", "01u", "00k", "801", "802", "500", "02i", "0Q0"];
    private static readonly string SalesforcePrefixes = string.Join(", ", SalesforceKeyPrefixes.Select(Sql.Literal));
    private const string SalesforceSuffixLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>SQL for the 3 characters Salesforce appends to a 15-character id <paramref name="v"/>: per 5 characters, which are upper case.</summary>
    private static string SalesforceIdSuffix(string v) => string.Join(" || ", Enumerable.Range(0, 3).Select(chunk =>
        $"substr('{SalesforceSuffixLetters}', 1 + " + string.Join(" + ", Enumerable.Range(0, 5).Select(k =>
            $"(CASE WHEN substr({v}, {chunk * 5 + k + 1}, 1) BETWEEN 'A' AND 'Z' THEN {1 << k} ELSE 0 END)")) + ", 1)"));

    /// <summary>
    /// <paramref name="id"/> as import stores ids (<c>sl_sfid</c>): a Salesforce report's 15-character record id in the
    /// 18-character form the API writes, any other text unchanged; for ids that arrive outside import (touchpoint events).
    /// </summary>
    public static string EighteenCharacterSalesforceId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 15 || !SalesforceKeyPrefixes.Contains(id[..3], StringComparer.Ordinal) || !id.All(char.IsAsciiLetterOrDigit)
            || !id.AsSpan(3).ContainsAnyInRange('A', 'z'))
        {
            return id;
        }

        Span<char> suffix = stackalloc char[3];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var k = 0; k < 5; k++)
            {
                bits |= char.IsAsciiLetterUpper(id[chunk * 5 + k]) ? 1 << k : 0;
            }

            suffix[chunk] = SalesforceSuffixLetters[bits];
        }

        return string.Concat(id, suffix);
    }

    private const string OpenRangesRead = "open-ended ranges were read as their lower bounds";
    private const string RangesRead = "ranges were read as their midpoints";
    private const string ExcelSerialsRead = "Excel serial day numbers were read as dates";
    private const string EpochSecondsRead = "Unix epoch seconds were read as dates";
    private const string EpochMillisecondsRead = "Unix epoch milliseconds were read as dates";
    private const string SalesforceIdsRead = "Salesforce 15-character ids were read as their 18-character form";

    /// <summary>Each reading <see cref="ReadingOf"/> names (said of several values) as said of one value.</summary>
    internal static readonly IReadOnlyDictionary<string, string> ReadingOfOne = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OpenRangesRead] = "an open-ended range was read as its lower bound",
        [RangesRead] = "a range was read as its midpoint",
        [ExcelSerialsRead] = "an Excel serial day number was read as a date",
        [EpochSecondsRead] = "Unix epoch seconds was read as a date",
        [EpochMillisecondsRead] = "Unix epoch milliseconds was read as a date",
        [SalesforceIdsRead] = "a Salesforce 15-character id was read as its 18-character form",
        [SeveralIds] = SeveralIds,
    };

    /// <summary>How many values were read as <paramref name="reading"/> (one of <see cref="ReadingOf"/>'s) says: "1 value written as a range was read as its midpoint".</summary>
    internal static string ValuesReadAs(long count, string reading) =>
        $"{Counted.Of(count, "value")} written as {(count == 1 ? ReadingOfOne[reading] : reading)}";

    /// <summary>How a reference holding several ids in one cell ("5555;9876", as HubSpot writes a record's associations) is read.</summary>
    public const string SeveralIds = "several ids in one cell, read as the first (a column of one id each, such as HubSpot's '(Primary)' one, chooses instead)";

    /// <summary>An id column (key or reference), where Salesforce's 15-character ids are read in their 18-character form.</summary>
    public static bool IsIdColumn(Data.ColumnSpec column) =>
        column.Type == Data.ColumnType.Text && column.AllowedValues is null && column.Name.EndsWith("_id", StringComparison.Ordinal);

    // Currencies written with a shared sign: "$" is any of these dollars, "¥" yen or yuan.
    private static readonly string[] Dollars = ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"];
    private static readonly string[] Yen = ["JPY", "CNY"];

    /// <summary>SQL, true when the text <paramref name="text"/> names a currency (sign or code) that is not <paramref name="currency"/>.</summary>
    public static string ForeignCurrency(string text, string currency)
    {
        var fits = new List<string> { currency.ToUpperInvariant() };
        if (Dollars.Contains(fits[0], StringComparer.Ordinal))
        {
            fits.Add("$");
        }

        if (Yen.Contains(fits[0], StringComparer.Ordinal))
        {
            fits.Add("¥");
        }

        return $"sl_currency_of({text}) NOT IN ({string.Join(", ", fits.Select(Sql.Literal))})";
    }

    /// <summary>Why an amount written in another currency is refused.</summary>
    public static string ForeignCurrencyMessage(string currency) => $"written in another currency than {currency}, {NotConverted}";

    /// <summary>Why a row whose currency column names another currency is refused.</summary>
    public static string ForeignRowCurrencyMessage(string currency) => $"the row's amounts are in this currency, not in {currency}, {NotConverted}";

    private const string NotConverted =
        "this workspace's currency (currency: in sightline.yaml); amounts are not converted: convert them before importing, or import them into a workspace of that currency";

    /// <summary>
    /// Headers (normalised) of the column a multi-currency export writes each record's currency in: Salesforce's and HubSpot's,
    /// and the words European ERP and accounting exports use (German Währung, also written Waehrung or Wahrung where a tool
    /// drops the umlaut, and SAP's and DATEV's Belegwährung; French Devise; Spanish Moneda and Divisa; Italian, Dutch and
    /// Scandinavian Valuta; Portuguese Moeda; Polish Waluta), each also with its word for "code".
    /// </summary>
    public static IReadOnlySet<string> CurrencyHeaders { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "currency", "currencycode", "currencyisocode", "opportunitycurrency", "dealcurrency", "ordercurrency", "invoicecurrency", "amountcurrency",
        "accountcurrency", "currencyofamount", "currencyofvalue",
        "währung", "waehrung", "wahrung", "währungscode", "waehrungscode", "wahrungscode", "belegwährung", "belegwaehrung", "belegwahrung",
        "devise", "codedevise", "moneda", "codigomoneda", "códigomoneda", "codigodemoneda", "códigodemoneda", "divisa",
        "valuta", "codicevaluta", "valutacode", "valutakode", "valutakod", "moeda", "codigodamoeda", "códigodamoeda", "waluta", "kodwaluty",
    };

    /// <summary>
    /// SQL, true when a row's currency cell <paramref name="text"/> names another currency than <paramref name="currency"/>:
    /// its code in any case, or a sign or word holding the code that fits it (€ or Euro in a euro workspace, $ in a dollar one).
    /// </summary>
    public static string ForeignRowCurrency(string text, string currency) =>
        $"upper({text}) <> {Sql.Literal(currency.ToUpperInvariant())} AND NOT coalesce(NOT ({ForeignCurrency($"upper({text})", currency)}), false)";

    // Excel writes a date cell formatted as General as its day number counted from 1899-12-30: read in 1950-2099 only, where
    // a five-digit number in a date column can mean nothing else.
    private const int ExcelSerialFirst = 18_264; // 1950-01-01
    private const int ExcelSerialLast = 73_050;  // 2099-12-31
    private const string ExcelSerialText = @"'[0-9]{5}(\.[0-9]+)?'";
    // Epoch numbers from 2001-09 to 2033-05: ten digits of seconds, thirteen of milliseconds.
    private const string EpochSecondsText = "'1[0-9]{9}'";
    private const string EpochMillisecondsText = "'1[0-9]{12}'";

    // A size band as data vendors write it: "51-200", "1,001 to 5,000", "$1M - $5M", or open-ended "10,001+"; LinkedIn adds
    // "employees" ("51-200 employees").
    private const string BandPattern = @"^(?:(.+?)\s*(?:-|–|—|(?i:to))\s*(.+?)|(.+?)\s*\+)(?:\s+(?i:employees))?$";

    /// <summary>
    /// SQL naming how a value that is not written as the column's type was read, as "KIND were read as WHAT" (Excel serial
    /// day numbers or Unix epochs read as dates, size bands read as their midpoints or lower bounds, Salesforce's 15-character
    /// ids read in their 18-character form), or NULL for a value
    /// read as written: the import tells the user, since the file did not show what is stored. Null for a column that
    /// reads every value as written.
    /// </summary>
    public static string? ReadingOf(Data.ColumnSpec column, string raw)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.SizeBands ? $"sl_band_kind({raw})"
            : column.Type is Data.ColumnType.Date or Data.ColumnType.Timestamp ? $"sl_numeric_date({raw})"
            : IsIdColumn(column) ? $"CASE WHEN contains({raw}, ';') THEN {Sql.Literal(SeveralIds)} WHEN sl_sfid({raw}) <> {raw} THEN {Sql.Literal(SalesforceIdsRead)} END"
            : null;
    }

    /// <summary>What spreadsheets and exports write for "no value", lower-cased: missing in a typed column (never in a text one, where "NA" may be a region).</summary>
    public static IReadOnlyList<string> MissingMarks { get; } = ["n/a", "#n/a", "na", "null", "none", "nil", "-", "--", "—", "?"];

    /// <summary>SQL: the text, or NULL when it is one of <see cref="MissingMarks"/>.</summary>
    public static string Present(string text) => $"sl_present({text})";

    /// <summary>A date whose year has two digits: day and month as digits or a month's name, then the year, then a time or nothing.</summary>
    private const string ShortYearText = @"^\s*(\d{1,2}[/.]\d{1,2}[/.]|\d{1,2}[- ][A-Za-z]{3}[- ])\d{2}(\s|,|$)";

    /// <summary>
    /// The zone abbreviations exports write after a time, with their fixed offsets (the abbreviation names standard or
    /// summer time itself). CST is US Central, as in US CRM exports; IST (India, Ireland, Israel) is too ambiguous to read.
    /// Import and the touchpoint readers (<see cref="Realtime.OccurredAtText"/>) read the same list.
    /// </summary>
    internal static readonly (string Abbreviation, string Offset)[] ZoneAbbreviations =
    [
        ("UTC", "+00:00"), ("GMT", "+00:00"), ("UT", "+00:00"), ("WET", "+00:00"), ("BST", "+01:00"), ("WEST", "+01:00"), ("CET", "+01:00"),
        ("CEST", "+02:00"), ("EET", "+02:00"), ("EEST", "+03:00"), ("MSK", "+03:00"), ("JST", "+09:00"), ("KST", "+09:00"),
        ("AEST", "+10:00"), ("AEDT", "+11:00"), ("NZST", "+12:00"), ("NZDT", "+13:00"), ("EST", "-05:00"), ("EDT", "-04:00"),
        ("CST", "-06:00"), ("CDT", "-05:00"), ("MST", "-07:00"), ("MDT", "-06:00"), ("PST", "-08:00"), ("PDT", "-07:00"),
        ("AKST", "-09:00"), ("AKDT", "-08:00"), ("HST", "-10:00"),
    ];

    /// <summary>A zone abbreviation after a time: " EST".</summary>
    private const string ZoneSuffixText = @"\s([A-Za-z]{2,5})$";

    private static readonly string ZoneAbbreviationCases = string.Join(" ", ZoneAbbreviations.Select(z => $"WHEN '{z.Abbreviation}' THEN '{z.Offset}'"));

    private static readonly string[] TimesOfDay = [" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", " %I:%M%p", ", %I:%M %p", ", %H:%M"];

    private static string FormatList(IEnumerable<string> formats) => $"[{string.Join(", ", formats.Select(Sql.Literal))}]";

    /// <summary>
    /// The SQL expression that turns the trimmed text <paramref name="raw"/> into a value of the canonical column: its
    /// type's reading, and a size band's midpoint or lower bound where the column takes bands.
    /// </summary>
    public static string TypedExpression(Data.ColumnSpec column, string raw)
    {
        ArgumentNullException.ThrowIfNull(column);
        var typed = TypedExpression(column.Type, raw);
        return !column.SizeBands ? typed
            : column.Type == Data.ColumnType.Integer ? $"coalesce({typed}, TRY_CAST(round(sl_band({raw})) AS BIGINT))"
            : $"coalesce({typed}, sl_band({raw}))";
    }

    /// <summary>The SQL expression that turns the trimmed text <paramref name="raw"/> into a value of the type.</summary>
    public static string TypedExpression(Data.ColumnType type, string raw) => type switch
    {
        Data.ColumnType.Text => raw,
        Data.ColumnType.Integer => $"sl_int({raw})",
        Data.ColumnType.Number => $"sl_num({raw})",
        Data.ColumnType.Date => $"sl_date({raw})",
        Data.ColumnType.Timestamp => $"sl_ts({raw})",
        Data.ColumnType.Boolean => $"sl_bool({raw})",
        _ => throw new InvalidOperationException($"Unknown column type {type}"),
    };

    /// <summary>
    /// SQL true when the text <paramref name="raw"/>, which did not read as a date, is a date in the other day/month order
    /// (14/3/2025 in a month-first workspace), and what to tell the user then.
    /// </summary>
    public static (string Condition, string Message) OtherDateOrder(string raw, ImportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dayFirst = settings.DateOrder != "dmy";
        string[] dates = dayFirst ? ["%d/%m/%Y", "%d/%m/%y"] : ["%m/%d/%Y", "%m/%d/%y"];
        var formats = FormatList(dates.Concat(dates.SelectMany(d => TimesOfDay.Select(t => d + t))));
        // strptime, like DuckDB's cast, reads its special words (epoch): those are no dates in any order.
        return ($"try_strptime(trim(CAST({raw} AS VARCHAR)), {formats}) IS NOT NULL AND NOT sl_special_date(trim(CAST({raw} AS VARCHAR)))",
            OtherDateOrderMessage(settings.DateOrder == "dmy"));
    }

    /// <summary>What a date that reads only in the other day/month order than the workspace's is told: the setting to change.</summary>
    public static string OtherDateOrderMessage(bool workspaceReadsDayFirst) => workspaceReadsDayFirst
        ? "not a date with the day first as this workspace reads them (e.g. 14/3/2025); it is written with the month first: "
            + "if the file writes 3/14/2025, set date_order: mdy under import: in sightline.yaml"
        : "not a date with the month first as this workspace reads them (e.g. 3/14/2025); it is written with the day first: "
            + "if the file writes 14/3/2025, set date_order: dmy under import: in sightline.yaml";

    /// <summary>
    /// For a number that does not read, a SQL condition that is true when the text is a number written with the other
    /// decimal mark (1.234,56 in a decimal-point workspace, 1,234.56 in a decimal-comma one), and what to tell the user then:
    /// the setting to change, rather than only that the value is not a number. A percentage too (5,5%).
    /// </summary>
    /// <summary>A space between groups of thousands, as French and typeset formatting write it (1 234,56; 1 234.56).</summary>
    private const string GroupSpace = @"[ \x{00A0}\x{202F}\x{2009}\x{2007}]";

    public static (string Condition, string Message) OtherNumberFormat(string raw, ImportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = $"trim(CAST({raw} AS VARCHAR))";
        return settings.NumberFormat == "decimal_comma"
            ? ($@"regexp_full_match({text}, '[-+]?({Currency}\s?)?[-+]?([0-9]{{1,3}}(,[0-9]{{3}})+(\.[0-9]+)?|[0-9]{{1,3}}({GroupSpace}[0-9]{{3}})+\.[0-9]+|[0-9]+\.[0-9]+)(\s?%)?(\s?{Currency})?')",
                "not a number with a decimal comma as this workspace reads them (e.g. 1.234,56); it is written with a decimal point: "
                + "if the file writes 1,234.56, set number_format: decimal_point under import: in sightline.yaml")
            : ($@"regexp_full_match({text}, '[-+]?({Currency}\s?)?[-+]?([0-9]{{1,3}}(\.[0-9]{{3}})+(,[0-9]+)?|[0-9]{{1,3}}({GroupSpace}[0-9]{{3}})+,[0-9]+|[0-9]+,[0-9]{{1,2}})(\s?%)?(\s?{Currency})?')",
                "not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: "
                + "if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml");
    }

    /// <summary>
    /// For a whole-number column, a SQL condition true when the text groups thousands with the other mark than the
    /// workspace's (1.200 or 1.000 where a dot is the decimal point), and what to tell the user when it does not read as a
    /// whole number (1.200 is 1.2) and when it reads but may mean a thousand times more (1.000 is 1, or 1000): a size
    /// written the European way must not load as a thousandth of itself.
    /// </summary>
    public static (string Condition, string NotWhole, string Ambiguous) OtherThousandsMark(string raw, ImportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = $"trim(CAST({raw} AS VARCHAR))";
        var (mark, name, other) = settings.NumberFormat == "decimal_comma" ? (",", "comma", "decimal_point") : (".", "dot", "decimal_comma");
        var condition = $@"contains({text}, '{mark}') AND regexp_full_match({text}, '[-+]?[0-9]{{1,3}}(\{mark}[0-9]{{3}})+')";
        var looks = $"it looks written with a {name} between thousands: if the file writes 1{mark}200 for 1200, set number_format: {other} under import: in sightline.yaml";
        return (condition,
            $"not a whole number as this workspace reads numbers (the {name} is the decimal mark, so 1{mark}200 is 1{mark}2); {looks}",
            $"ambiguous whole number: this workspace reads the {name} as the decimal mark (so 1{mark}000 is 1), but {looks}; "
            + $"if it means the small number, write it without the {name} and zeros");
    }

    /// <summary>
    /// For a decimal column, a SQL condition true when the text has exactly three digits after the workspace's decimal mark
    /// and no other mark (1.500 where a dot is the decimal point): read as 1.5, yet the way a file grouping thousands with
    /// that mark writes fifteen hundred. One such value says nothing; a column of nothing else is told (see the importer).
    /// A value starting with 0 (0.125) is a decimal either way.
    /// </summary>
    public static string ThousandsShaped(string raw, ImportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var mark = settings.NumberFormat == "decimal_comma" ? "," : ".";
        // The pattern alone, white space around it included: over 20M values it costs less than trimming and cutting each one
        // to test its fourth character from the end first.
        return $@"regexp_full_match(CAST({raw} AS VARCHAR), '\s*[-+]?([$€£¥]\s?)?[1-9][0-9]{{0,2}}\{mark}[0-9]{{3}}(\s?[$€£¥])?\s*')";
    }

    /// <summary>
    /// SQL true for a number (no leading zero) that a DOUBLE does not hold as written (<c>sl_double_holds</c>). Only a value of
    /// more than 15 characters can be one: a DOUBLE holds every number of up to 15 significant digits, so a column of
    /// ordinary numbers costs one length test.
    /// </summary>
    public static string LostInADouble(string value) =>
        $"CASE WHEN strlen({value}) > 15 AND NOT regexp_matches({value}, '^[-+]?0[0-9]') AND sl_num({value}) IS NOT NULL THEN NOT sl_double_holds({value}) END";

    /// <summary>A number written with an exponent of up to three digits (1.5e3): sign, digits before and after the point, exponent.</summary>
    private const string WrittenExponentText = "'^([-+]?)([0-9]*)(?:[.]([0-9]*))?[eE]([-+]?[0-9]{1,3})$'";

    /// <summary>The least size a whole number may not reach: BIGINT holds up to about 9.2e18, and the test is made on a DOUBLE.</summary>
    public const string WholeNumberLimit = "9.0e18";

    /// <summary><see cref="WholeNumberLimit"/> as an exact number, to compare a decimal with (not through a DOUBLE, which reads 8,999,999,999,999,999,999 as it).</summary>
    private const string WholeNumberLimitExact = "9000000000000000000";

    /// <summary>The largest size a whole number may have: one below <see cref="WholeNumberLimit"/>, as BIGINT digits.</summary>
    private const string WholeNumberLimitDigits = "8999999999999999999";

    /// <summary>2^53: from here up a DOUBLE no longer holds every whole number (9007199254740993 reads as ...992).</summary>
    private const string DoubleWholeNumbers = "9007199254740992";

    /// <summary>The decimal a whole number beyond <see cref="DoubleWholeNumbers"/> is read as: 20 digits before the point hold the limit and a magnitude's product.</summary>
    private const string ExactDecimal = "DECIMAL(38, 18)";

    /// <summary>
    /// SQL true when the text <paramref name="raw"/> reads as a whole number, but one too large to hold; with a header's
    /// unit (<paramref name="scale"/> above 1), a number whose product by the unit is too large (a fraction may make a whole one).
    /// A value whose DOUBLE is the limit itself may be below it (8,999,999,999,999,999,999): its exact reading decides.
    /// </summary>
    public static string WholeNumberTooLarge(string raw, double scale = 1)
    {
        var (read, exact) = scale == 1
            ? ($"sl_num({raw})", $"sl_exact({raw})")
            : ($"round(sl_num({raw}) * {Number(scale)})", $"round(sl_exact({raw}) * {Number(scale)}::BIGINT)");
        var atLeastTheLimit = $"CASE WHEN abs({read}) = {WholeNumberLimit} THEN coalesce(abs({exact}) >= {WholeNumberLimitExact}, true) "
            + $"ELSE abs({read}) >= {WholeNumberLimit} END";
        return scale == 1 ? $"{atLeastTheLimit} AND isfinite({read}) AND {read} = round({read})" : atLeastTheLimit;
    }

    /// <summary>What a percentage in a whole-number column whose fraction is no whole number is told (50% is 0.5; 200% is 2 and loads).</summary>
    public const string PercentageNotWholeMessage = "not a whole number: a percentage is read as a fraction of one (50% is 0.5, 200% is 2)";

    /// <summary>SQL true when the text <paramref name="raw"/> is a percentage that reads as a number (its fraction).</summary>
    public static string ReadPercentage(string raw) => $"contains({raw}, '%') AND sl_num({raw}) IS NOT NULL";

    /// <summary>What a whole number too large to hold is told: the range accepted.</summary>
    public const string WholeNumberTooLargeMessage = $"too large for a whole number (expected one {WholeNumberRange})";

    private const string WholeNumberRange = "between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000";

    /// <summary>What a value of a whole-number column whose header names a unit is told when its product by the unit is too large to hold.</summary>
    public static string ScaledWholeNumberTooLargeMessage(double scale) =>
        $"too large for a whole number once multiplied by {scale.ToString("N0", CultureInfo.InvariantCulture)} for the header's unit "
        + $"(expected one {WholeNumberRange} after it)";

    /// <summary>What a value of a decimal column whose header names a unit is told when its product by the unit is beyond a DOUBLE.</summary>
    public static string ScaledNumberTooLargeMessage(double scale) =>
        $"too large a number once multiplied by {scale.ToString("N0", CultureInfo.InvariantCulture)} for the header's unit (expected one below 1.7e308 in size after it)";

    /// <summary>
    /// SQL reading the text <paramref name="raw"/> of a whole-number column whose header names a unit (<paramref name="scale"/>):
    /// the number, a decimal even (1.25 thousand), times the unit, rounded; exactly from 2^53 up, as <c>sl_int</c> reads; null
    /// from the limit up.
    /// </summary>
    public static string ScaledWholeNumber(string raw, double scale)
    {
        var product = $"round(sl_num({raw}) * {Number(scale)})";
        var exact = $"round(sl_exact({raw}) * {Number(scale)}::BIGINT)";
        return $"CASE WHEN abs({product}) < {DoubleWholeNumbers} THEN CAST({product} AS BIGINT) "
            + $"WHEN abs({product}) <= {WholeNumberLimit} THEN CASE WHEN abs({exact}) < {WholeNumberLimitExact} THEN CAST({exact} AS BIGINT) END END";
    }

    /// <summary>A number as SQL writes it, all its digits kept.</summary>
    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>What the user is told when text does not read as the type.</summary>
    public static string TypeMessage(Data.ColumnType type, ImportSettings settings) => type switch
    {
        Data.ColumnType.Integer => "not a whole number",
        Data.ColumnType.Number => settings.NumberFormat == "decimal_comma"
            ? "not a number (expected e.g. 1234,56 or 1.234,56)"
            : "not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)",
        Data.ColumnType.Date => settings.DateOrder == "dmy"
            ? "not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
            : "not a date (expected YYYY-MM-DD or MM/DD/YYYY)",
        Data.ColumnType.Timestamp => "not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC)",
        Data.ColumnType.Boolean => "not true or false (expected true/false, yes/no or 1/0)",
        _ => "not readable",
    };

    /// <summary>
    /// SQL for the outcome (open, won or lost) an opportunity export's status text gives, by the user's words
    /// (<c>value_maps.opportunities.status</c>) and then the built-in ones; null for none of them.
    /// </summary>
    public static string OutcomeExpression(string raw, IReadOnlyDictionary<string, string>? userWords)
    {
        var token = AllowedValueExpression(Data.CanonicalSchema.OpportunityStatus, Present(raw), userWords);
        return $"({Switch(token, string.Concat(Data.CanonicalSchema.OpportunityOutcomes.Select(o => $"WHEN {Sql.Literal(o)} THEN {Sql.Literal(o)} ")), "NULL")})";
    }

    /// <summary>
    /// <c>CASE subject WHEN … END</c> with <paramref name="subject"/> evaluated once a row, bound as a lambda's parameter:
    /// DuckDB rewrites a simple CASE into one comparison per WHEN, each evaluating the subject again (a token's regular
    /// expression, fifty times a row for a channel's synonyms). <paramref name="otherwise"/> is SQL over <c>sl_word</c>, the subject.
    /// </summary>
    public static string Switch(string subject, string cases, string otherwise = "sl_word") =>
        $"list_transform([{subject}], sl_word -> CASE sl_word {cases}ELSE {otherwise} END)[1]";

    /// <summary>
    /// The allowed-value token of the text: the user's words for the column first (<c>value_maps</c> in sightline.yaml,
    /// compared as tokens too), then the synonyms CRM exports use, mapped to the canonical token.
    /// </summary>
    public static string AllowedValueExpression(Data.ColumnSpec column, string raw, IReadOnlyDictionary<string, string>? userWords = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        // The first WHEN that matches wins: the user's words, then the words that are no value, then the built-in synonyms.
        var user = userWords is null ? "" : string.Concat(userWords.Select(w => $"WHEN sl_token({Sql.Literal(w.Key)}) THEN {Sql.Literal(w.Value)} "));
        var none = Data.CanonicalSchema.NoValueWords.TryGetValue(column.Name, out var noValues)
            ? string.Concat(noValues.Keys.Select(w => $"WHEN {Sql.Literal(w)} THEN NULL "))
            : "";
        var synonyms = Data.CanonicalSchema.ValueSynonyms.TryGetValue(column.Name, out var words)
            ? string.Concat(words.Select(w => $"WHEN {Sql.Literal(w.Key)} THEN {Sql.Literal(w.Value)} "))
            : "";
        var cases = user + none + synonyms;
        string Token(string value) => cases.Length == 0 ? $"sl_token({value})" : Switch($"sl_token({value})", cases);
        if (column.Name != "buying_role")
        {
            return Token(raw);
        }

        // A multi-select export ("Champion;Budget Holder" in HubSpot, commas in others) keeps the role that weighs most
        // in a deal, whatever order the CRM listed them in: coverage counts decision makers. A value without a known role
        // stays whole, so the message shows it as written.
        var weight = $"[{string.Join(", ", Data.CanonicalSchema.BuyingRolesByWeight.Select(Sql.Literal))}]";
        return $"coalesce({weight}[list_min(list_transform(string_split_regex({raw}, '\\s*[;|,]\\s*'), role -> list_position({weight}, {Token("role")})))], {Token(raw)})";
    }
}
