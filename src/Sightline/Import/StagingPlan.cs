using System.Globalization;
using Sightline.Data;
using Sightline.Workspaces;

namespace Sightline.Import;

/// <summary>One rule a staged row must pass: a SQL condition that is true when the row breaks it.</summary>
/// <param name="Condition">True for a bad row (over t_ and r columns of the staging table).</param>
/// <param name="Column">Column named in the message.</param>
/// <param name="Value">SQL for the value shown in the message, or null.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="From">SQL for the text after the message, or null: which of several headers the value came from (" (from 'ACTIVITYDATE')").</param>
internal sealed record RowRule(string Condition, string Column, string? Value, string Message, string? From = null);

/// <summary>
/// An id column read after staging: SQL true for a row that may read otherwise, the update that reads those rows, and the
/// staging column that then keeps the ids as written (added by the update: it is not staged, since few files need it).
/// </summary>
/// <remarks><c>Update</c> takes the staging table and where the referenced table's keys are: (table, key column) pairs.</remarks>
internal sealed record IdReading(string Candidates, ForeignKey? Target, Func<string, IReadOnlyList<(string Table, string Column)>, string> Update, string Raw);

/// <summary>
/// How one file's columns are staged and checked, decided once from the mapping (not per row).
/// The staging table keeps the typed value of every canonical column (<c>t_name</c>) and the raw
/// text (<c>rK</c>) only where a rule may need to show it, so clean data is stored once.
/// </summary>
internal sealed partial class StagingPlan
{
    private readonly bool _spreadsheetErrors;
    private readonly bool _nulBytes;
    private readonly List<string> _outer = [];
    private readonly List<string> _middle = [];
    private readonly List<string> _inner = [];
    private readonly List<int> _rawRow = [];
    private readonly Dictionary<int, string> _rawByPosition = [];

    // The raw columns of ids, by name, with their position and typed column: none is staged; an id reading adds one (RawAdded).
    private readonly Dictionary<string, (int Position, string Typed)> _idRaw = [];
    private readonly HashSet<string> _idRawAdded = [];

    /// <summary>The plan of one file's columns: how each is staged and the rules its rows are checked by.</summary>
    /// <param name="table">The table loaded.</param>
    /// <param name="mapped">The file's columns as mapped.</param>
    /// <param name="project">The workspace's settings.</param>
    /// <param name="today">Today, for dates in the future.</param>
    /// <param name="rawColumn">The raw text of a column of the file, by position.</param>
    /// <param name="spreadsheetErrors">Whether values may be a spreadsheet's error values (<see cref="SourceFile.MayHoldSpreadsheetErrors"/>): else their check is left out.</param>
    /// <param name="nulBytes">Whether values may hold a NUL byte (<see cref="SourceFile.MayHoldNulBytes"/>): else their check is left out.</param>
    public StagingPlan(TableSpec table, IReadOnlyList<MappedColumn> mapped, ProjectSettings project, DateOnly today, Func<int, string> rawColumn, bool spreadsheetErrors = true,
        bool nulBytes = true)
    {
        _spreadsheetErrors = spreadsheetErrors;
        _nulBytes = nulBytes;
        var settings = project.Import;
        var currency = project.Currency;
        var valueMaps = project.ValueMaps.GetValueOrDefault(table.Name);
        var latest = today.AddDays(settings.FutureDateToleranceDays);
        // A row's currency matters only where it carries an amount.
        var amounts = mapped.Where(m => !m.IsCustom && table.Column(m.Column)!.Money).Select(m => $"t_{m.Column} IS NOT NULL").ToList();
        foreach (var m in mapped)
        {
            var x = $"x{m.Position}";
            var r = $"r{m.Position}";
            _inner.Add($"{TrimmedOrNull(rawColumn(m.Position + 1))} AS {x}");
            if (m.IsCustom)
            {
                _middle.Add(x);
                _outer.Add($"{x} AS {r}");
                AddRaw(m.Position, r);
                AddNulByteRule(r, m.Column);
                if (amounts.Count > 0 && ValueParsing.CurrencyHeaders.Contains(ColumnMapper.Normalise(m.Header)))
                {
                    // A multi-currency org's export: each row's amounts are in the currency this column names.
                    Rules.Add(new RowRule($"{r} IS NOT NULL AND {ValueParsing.ForeignRowCurrency(r, currency)} AND ({string.Join(" OR ", amounts)})", m.Column, r,
                        ValueParsing.ForeignRowCurrencyMessage(currency)));
                }

                continue;
            }

            var column = table.Column(m.Column)!;
            var t = $"t_{column.Name}";
            ValueSql[column.Name] = column.Type == ColumnType.Text && column.AllowedValues is null ? t : r;
            if (m.Header is IdFromDomainHeader or OpportunityIdFromNameHeader or ContactIdFromEmailHeader or EventIdFromRowHeader)
            {
                _middle.Add($"{x} AS {t}");
                _outer.Add(t); // not in the raw row: the file does not hold it
                Rules.Add(new RowRule($"{t} IS NULL", column.Name, null, m.Header switch
                {
                    IdFromDomainHeader => NoDomainForId,
                    OpportunityIdFromNameHeader => NoNameForId,
                    ContactIdFromEmailHeader => NoEmailOrNameForId,
                    _ => "required value is missing",
                }));
                continue;
            }

            if (column.Type == ColumnType.Text && column.AllowedValues is null)
            {
                if (ValueParsing.IsIdColumn(column))
                {
                    // Salesforce's 15-character ids in their 18-character form, and in a reference the first of several ids in
                    // one cell (HubSpot's association columns), with the id as written kept for the note. Read after staging, on the
                    // few rows that can need it: a CASE on every id of the file, in the read itself, cost a quarter of a large import.
                    var target = table.Key.Contains(column.Name) ? null : table.ForeignKeys.FirstOrDefault(f => f.Column == column.Name);
                    var read = $"sl_sfid({(target is not null ? $"sl_first_id({t})" : t)})";
                    var candidates = target is not null ? $"(strlen({t}) = 15 OR contains({t}, ';'))" : $"strlen({t}) = 15";
                    // A reference naming, as written, a key the workspace or a file of the import has ("7;8") is that key, however odd.
                    // (The staged row's column is named with its table: a staged file's keys are t_ columns too.)
                    string Known(string stagingTable, IReadOnlyList<(string Table, string Column)> keys) =>
                        string.Concat(keys.Select(k => $" AND NOT EXISTS (SELECT 1 FROM {k.Table} k WHERE k.{k.Column} = {stagingTable}.{t})"));
                    var keyHash = table.Key.Contains(column.Name) && table.Key.All(k => mapped.Any(c => !c.IsCustom && c.Column == k))
                        ? $", {KeyHash} = hash({string.Join(", ", table.Key.Select(k => k == column.Name ? read : $"t_{k}"))})"
                        : "";
                    // The id as written is kept in r only where it is read otherwise: an always-empty column of every row cost a
                    // tenth of a large file's staging, so r is added when an id reading runs.
                    _middle.Add($"{x} AS {t}");
                    _outer.Add(t);
                    AddRaw(m.Position, t);
                    _idRaw[r] = (m.Position, t);
                    Readings.Add((column, r));
                    Rules.Add(ExcelScientificIdRule(t, column.Name));
                    IdReadings.Add(new IdReading(candidates, target,
                        (stagingTable, keys) => $"ALTER TABLE {stagingTable} ADD COLUMN IF NOT EXISTS {r} VARCHAR; "
                            + $"UPDATE {stagingTable} SET {r} = {t}, {t} = {read}{keyHash} WHERE {candidates} AND {read} <> {t}{Known(stagingTable, keys)}", r));
                }
                else
                {
                    _middle.Add($"{Cleaned(table.Name, column.Name, x)} AS {t}");
                    _outer.Add(t);
                    AddRaw(m.Position, t);
                }

                AddNulByteRule(t, column.Name);
                if (_spreadsheetErrors)
                {
                    Rules.Add(SpreadsheetErrorRule(t, column.Name));
                }

                if (column.Required)
                {
                    Rules.Add(new RowRule($"{t} IS NULL", column.Name, null, RequiredValueMissing(m, column)));
                }

                continue;
            }

            // A typed column reads the marks spreadsheets and exports write for "no value" (N/A, #N/A, null, -) as missing:
            // a number or date does not read them anyway, and only a value that does not read is kept as raw text, so the mark
            // is checked on those few rows rather than on every value.
            var cell = x;
            string? from = null;
            var rulesBefore = Rules.Count;
            if (m.Fallbacks is { Count: > 0 } fallbacks)
            {
                // Several headers name the column (COMPLETEDDATETIME, then ACTIVITYDATE): the first with a value on the row is
                // read, and from here on stands as the column's cell. Chosen by presence, not by parsing, so a bad value in the
                // first is refused rather than passed over for the next. from records which one each row took, for the note.
                var cells = new[] { x }.Concat(fallbacks.Select(f => $"x{f.Position}")).ToList();
                cell = $"(CASE {string.Concat(cells.Select(c => $"WHEN {ValueParsing.Present(c)} IS NOT NULL THEN {c} "))}END)";
                from = $"sl_from_{column.Name}";
                _middle.Add($"CASE {string.Concat(cells.Select((c, k) => $"WHEN {ValueParsing.Present(c)} IS NOT NULL THEN {k} "))}END AS {from}");
                _outer.Add(from);
                Fallbacks.Add((column, [m.Header, .. fallbacks.Select(f => f.Header)], from));
            }

            var typed = column.AllowedValues is not null
                ? ValueParsing.AllowedValueExpression(column, ValueParsing.Present(cell), valueMaps?.GetValueOrDefault(column.Name))
                : ValueParsing.TypedExpression(column, cell);
            if (m.Scale != 1 && column.Type is ColumnType.Number or ColumnType.Integer)
            {
                // A header naming its unit ("Revenue ($M)", "Employees (000s)"): the value as written, a decimal even in a
                // whole-number column (1.25 thousand employees), times the unit.
                // A product beyond what the column holds is no value (refused below, with the unit), never a cast error or inf.
                var scaled = $"({ValueParsing.TypedExpression(ColumnType.Number, cell)}) * {Number(m.Scale)}";
                typed = column.Type == ColumnType.Integer ? ValueParsing.ScaledWholeNumber(cell, m.Scale) : $"CASE WHEN isfinite({scaled}) THEN {scaled} END";
            }

            _middle.Add(cell == x ? x : $"{cell} AS {x}");
            _middle.Add($"{typed} AS {t}");
            var suspect = new List<string> { $"{t} IS NULL" };

            // A value that does not read: the setting to change when it reads the other way (the other decimal mark, day
            // order or thousands mark), else only what the type expects, unless a rule of its own tells it (toldApart).
            string Unread(string test) => $"{r} IS NOT NULL AND {t} IS NULL AND {test}";

            void NotRead(string otherWay, string hint, string? toldApart = null)
            {
                var apart = toldApart is null ? "" : $" AND NOT coalesce({toldApart}, false)";
                Rules.Add(new RowRule(Unread(otherWay), column.Name, r, hint));
                Rules.Add(new RowRule(Unread($"NOT ({otherWay}){apart}"), column.Name, r, ValueParsing.TypeMessage(column.Type, settings)));
            }

            if (column.Required)
            {
                Rules.Add(new RowRule($"{t} IS NULL AND {r} IS NULL", column.Name, null, m.Header == AmountFromLineHeader
                    ? "no amount column, and this line's quantity times unit price is no number (both must be filled in, as numbers)"
                    : m.Fallbacks is { Count: > 0 } others ? $"{RequiredMissing} ({Listed([m.Header, .. others.Select(o => o.Header)])} are blank)"
                    : RequiredValueMissing(m, column)));
            }

            if (column.AllowedValues is { } allowed)
            {
                var outside = $"{t} NOT IN ({string.Join(", ", allowed.Select(Sql.Literal))})";
                suspect.Add(outside);
                Rules.Add(new RowRule($"{t} IS NOT NULL AND {outside}", column.Name, r,
                    $"expected one of {string.Join(", ", allowed)} (to read another word as one of them, map it in sightline.yaml: value_maps.{table.Name}.{column.Name})"));
                if (CanonicalSchema.NoValueWords.ContainsKey(column.Name))
                {
                    NoValues.Add((column, r)); // read as missing: their raw text is kept (t IS NULL) for the note
                }
            }
            else if (column.Type == ColumnType.Number)
            {
                var (otherFormat, hint) = ValueParsing.OtherNumberFormat(r, settings);
                string? tooLarge = null;
                if (m.Scale != 1)
                {
                    tooLarge = $"NOT isfinite(sl_num({r}) * {Number(m.Scale)})";
                    Rules.Add(new RowRule(Unread(tooLarge), column.Name, r, ValueParsing.ScaledNumberTooLargeMessage(m.Scale)));
                }

                NotRead(otherFormat, hint, tooLarge);
                suspect.Add($"({t} IS NOT NULL AND {ValueParsing.ThousandsShaped(x, settings)})"); // keeps the text of 1.500 read as 1.5, for the column's note
                ThousandsShaped.Add((column, r));
            }
            else if (column.Type == ColumnType.Integer)
            {
                var (otherMark, notWhole, ambiguous) = ValueParsing.OtherThousandsMark(r, settings);
                suspect.Add($"({t} IS NOT NULL AND {ValueParsing.OtherThousandsMark(x, settings).Condition})"); // keeps the raw text of 1.000 read as 1
                Rules.Add(new RowRule($"{t} IS NOT NULL AND {otherMark}", column.Name, r, ambiguous));
                // 99999999999999999999 and 1e+300 are whole numbers: told their size and the range, not that they are no whole number.
                var tooLarge = ValueParsing.WholeNumberTooLarge(r, m.Scale);
                Rules.Add(new RowRule(Unread(tooLarge), column.Name, r,
                    m.Scale == 1 ? ValueParsing.WholeNumberTooLargeMessage : ValueParsing.ScaledWholeNumberTooLargeMessage(m.Scale)));
                // 50% reads as 0.5: told so, since the user sees no fraction in what the file writes.
                var percentage = $"{ValueParsing.ReadPercentage(r)} AND NOT ({tooLarge})";
                Rules.Add(new RowRule(Unread(percentage), column.Name, r, ValueParsing.PercentageNotWholeMessage));
                NotRead(otherMark, notWhole, $"({tooLarge}) OR ({percentage})");
            }
            else if (column.Type is ColumnType.Date or ColumnType.Timestamp)
            {
                var (otherOrder, hint) = ValueParsing.OtherDateOrder(r, settings);
                NotRead(otherOrder, hint);
            }
            else
            {
                Rules.Add(new RowRule($"{r} IS NOT NULL AND {t} IS NULL", column.Name, r, ValueParsing.TypeMessage(column.Type, settings)));
            }

            if (column.Min is { } min && column.Max is { } max)
            {
                var outside = $"({t} < {Number(min)} OR {t} > {Number(max)})";
                suspect.Add(outside);
                Rules.Add(new RowRule(outside, column.Name, r, $"must be between {Number(min)} and {Number(max)}"));
            }
            else if (column.Min is { } lower)
            {
                var below = $"{t} < {Number(lower)}";
                suspect.Add(below);
                Rules.Add(new RowRule(below, column.Name, r, lower == 0 ? "must not be negative" : $"must be at least {Number(lower)}"));
            }

            if (column.Name == "quantity")
            {
                // Held to the amounts' bound: a quantity this large is a misread column too, and it is summed as amounts are.
                var beyond = $"abs({t}) >= {Number(MaxAmount)}";
                suspect.Add(beyond);
                Rules.Add(new RowRule(beyond, column.Name, r,
                    $"is beyond any quantity sold ({MaxAmount:N0} or more); check that this column holds quantities, not an id or a number of another kind"));
            }

            if (column.Money)
            {
                // Deal and order amounts are summed as DECIMAL(18,2) in plans: one this large is a misread column (a card number, an
                // id), not a sale. A company's annual revenue is only flagged when implausible (its currency may count in millions).
                if (column.Name == "amount")
                {
                    var beyond = $"abs({t}) >= {Number(MaxAmount)}";
                    suspect.Add(beyond);
                    Rules.Add(new RowRule(beyond, column.Name, r,
                        $"is beyond any sale ({MaxAmount:N0} or more); check that this column holds money, not an id or a number of another kind"));
                }

                suspect.Add($"({t} IS NOT NULL AND {ValueParsing.ForeignCurrency(x, currency)})");
                Rules.Add(new RowRule($"{t} IS NOT NULL AND {ValueParsing.ForeignCurrency(r, currency)}", column.Name, r, ValueParsing.ForeignCurrencyMessage(currency)));
            }

            var beyondCalendar = column.Type switch
            {
                ColumnType.Date => $"({t} < DATE '{AsOfDates.Earliest:yyyy-MM-dd}' OR {t} > DATE '{AsOfDates.Latest:yyyy-MM-dd}')",
                ColumnType.Timestamp => $"({t} < TIMESTAMP '{AsOfDates.Earliest:yyyy-MM-dd} 00:00:00' OR {t} >= TIMESTAMP '{AsOfDates.Latest.AddDays(1):yyyy-MM-dd} 00:00:00')",
                _ => null,
            };
            if (beyondCalendar is not null)
            {
                suspect.Add(beyondCalendar);
                Rules.Add(new RowRule(beyondCalendar, column.Name, r, OutsideDatesMessage));
            }

            if (column.PastOnly)
            {
                // A date beyond the calendar is told so once, not also as in the future.
                var future = column.Type == ColumnType.Timestamp
                    ? $"{t} >= TIMESTAMP '{latest.AddDays(1):yyyy-MM-dd} 00:00:00' AND {t} < TIMESTAMP '{AsOfDates.Latest.AddDays(1):yyyy-MM-dd} 00:00:00'"
                    : $"{t} > DATE '{latest:yyyy-MM-dd}' AND {t} <= DATE '{AsOfDates.Latest:yyyy-MM-dd}'";
                suspect.Add(future);
                Rules.Add(new RowRule(future, column.Name, r,
                    $"date is in the future (later than {latest:yyyy-MM-dd}, today plus {settings.FutureDateToleranceDays} days' tolerance)"));
            }

            if (ValueParsing.ReadingOf(column, x) is { } reading)
            {
                // Keeps the text of a value not written as the type (a date as a number, a size band), so the import can say how it was read.
                suspect.Add($"{reading} IS NOT NULL");
                Readings.Add((column, r));
            }

            foreach (var flag in Flags(table.Name, settings).Where(f => f.Column == column.Name))
            {
                suspect.Add(flag.Condition);
            }

            if (from is not null)
            {
                // A value of a column several headers name: its message says which header held it.
                var headers = Fallbacks[^1].Headers;
                var named = $"CASE {from} {string.Concat(headers.Select((h, k) => $"WHEN {k} THEN {Sql.Literal($" (from '{h}')")} "))}END";
                for (var k = rulesBefore; k < Rules.Count; k++)
                {
                    if (Rules[k].Value == r)
                    {
                        Rules[k] = Rules[k] with { From = named };
                    }
                }
            }

            // A value holding a NUL byte, or a spreadsheet's error value (#VALUE!), reads as no type: it is told as a damaged
            // file or a failed formula, not also as not a number or date.
            var toldApart = new List<string>();
            if (_nulBytes)
            {
                toldApart.Add($"contains({r}, chr(0))");
            }

            if (_spreadsheetErrors)
            {
                toldApart.Add(SpreadsheetError(r));
            }

            for (var k = rulesBefore; k < Rules.Count && toldApart.Count > 0; k++)
            {
                if (Rules[k].Value == r)
                {
                    Rules[k] = Rules[k] with { Condition = $"({Rules[k].Condition}) AND NOT ({string.Join(" OR ", toldApart)})" };
                }
            }

            AddNulByteRule(r, column.Name);
            if (_spreadsheetErrors)
            {
                Rules.Add(SpreadsheetErrorRule(r, column.Name));
            }

            _outer.Add(t);
            _outer.Add($"CASE WHEN {string.Join(" OR ", suspect)} THEN {ValueParsing.Present(x)} END AS {r}");
            // A row that took another header's value has this cell blank in the file.
            AddRaw(m.Position, from is null ? $"coalesce({r}, CAST({t} AS VARCHAR))" : $"CASE WHEN {from} = 0 THEN coalesce({r}, CAST({t} AS VARCHAR)) END");
        }

        // Hashing the key while the row is at hand makes the duplicate search a cheap pass over one integer column.
        if (table.Key.All(k => mapped.Any(m => !m.IsCustom && m.Column == k)))
        {
            _outer.Add($"hash({string.Join(", ", table.Key.Select(k => $"t_{k}"))}) AS {KeyHash}");
        }
    }

    /// <summary>Why a date before 1900 or after 2200 is refused: the range <see cref="AsOfDates"/> accepts.</summary>
    public static readonly string OutsideDatesMessage =
        $"is outside the dates accepted: expected a date between {AsOfDates.Earliest:yyyy-MM-dd} and {AsOfDates.Latest:yyyy-MM-dd} "
        + "(0001-01-01 and 9999-12-31 are what some CRMs write for no date: leave such cells blank)";

    /// <summary>Why a value holding a NUL byte is refused.</summary>
    public const string NulByteMessage = "holds a NUL byte (shown as \\0), which no CRM value has: the file is damaged (a broken export or copy); "
        + "expected text without NUL bytes: export the file again, or remove the NUL bytes";

    /// <summary>
    /// The error values a spreadsheet shows for a formula that failed (#N/A, a lookup that found nothing, is a no-value
    /// mark instead: see <see cref="ValueParsing"/>); saved to CSV, or read from a workbook's error cells, they are text.
    /// </summary>
    public static readonly IReadOnlyList<string> SpreadsheetErrors =
        ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!"];

    /// <summary>Why a spreadsheet's error value is refused, in a text column or a typed one.</summary>
    public const string SpreadsheetErrorMessage = "a spreadsheet's error value: a formula failed in the sheet the file was saved from, so the cell holds no data; "
        + "expected a value: fix the formula or clear the cell, and save the file again";

    /// <summary>
    /// A rule refusing a spreadsheet's error value in a text column, which would keep it as a name or a code ("#REF!");
    /// typed columns refuse it as no number or date. It costs about 25 ns a value, so it is left out of files without a '#'
    /// (<see cref="SourceFile.MayHoldSpreadsheetErrors"/>).
    /// </summary>
    private static RowRule SpreadsheetErrorRule(string value, string column) => new(SpreadsheetError(value), column, value, SpreadsheetErrorMessage);

    private static string SpreadsheetError(string value) => $"prefix({value}, '#') AND upper({value}) IN ({string.Join(", ", SpreadsheetErrors.Select(Sql.Literal))})";

    /// <summary>
    /// A rule refusing an id Excel turned into scientific notation (1.23457E+11): its digits are lost, and as a key or a
    /// reference it would load as an id of its own or miss its row. The '+' test first keeps the regular expression off
    /// nearly every value.
    /// </summary>
    private static RowRule ExcelScientificIdRule(string value, string column) =>
        new($"contains({value}, '+') AND regexp_full_match({value}, {Sql.Literal(ValueParsing.ExcelScientificPattern)})", column, value,
            ValueParsing.ExcelScientificIdProblem("import the full ids"));

    private void AddNulByteRule(string value, string column)
    {
        if (_nulBytes)
        {
            Rules.Add(NulByteRule(value, column));
        }
    }

    /// <summary>A rule refusing a value that holds a NUL byte (a damaged export), shown with the byte as \0.</summary>
    private static RowRule NulByteRule(string value, string column) =>
        new($"contains({value}, chr(0))", column, $"replace({value}, chr(0), '\\0')", NulByteMessage);

    /// <summary>
    /// A text column's value as stored: an email in lower case (Jane.Doe@Acme.COM and jane.doe@acme.com are one mailbox), and a
    /// domain as accounts are matched (https://www.Acme.com/about is acme.com) where that is a host name; else as written.
    /// A domain already written as a host name in lower case, not starting "www", is its own match form: one regular
    /// expression instead of eleven for the usual value (about 1 s of a 1M-account file).
    /// </summary>
    private static string Cleaned(string table, string column, string value) => (table, column) switch
    {
        ("contacts", "email") => $"lower({value})",
        ("accounts", "domain") => $"CASE WHEN regexp_full_match({value}, '{AccountMatching.HostnamePattern}') AND NOT prefix({value}, 'www') THEN {value} "
            + $"WHEN regexp_full_match({AccountMatching.DomainSql(value)}, '{AccountMatching.HostnamePattern}') THEN {AccountMatching.DomainSql(value)} ELSE {value} END",
        _ => value,
    };

    /// <summary>Why a row without a required column's value is refused; the start of every such message.</summary>
    public const string RequiredMissing = "required value is missing";

    /// <summary>
    /// The message for a blank required value, naming the header as the file writes it where that is not the column's own
    /// name ("'InventoryItemCode' is blank" for an order line's product_id), so the user finds the cell to fill.
    /// </summary>
    private static string RequiredValueMissing(MappedColumn mapped, ColumnSpec column) =>
        mapped.Header.StartsWith('(') || ColumnMapper.Normalise(mapped.Header) == ColumnMapper.Normalise(column.Name)
            ? RequiredMissing
            : $"{RequiredMissing} ('{mapped.Header}' is blank)";

    /// <summary>The header of the account_id an accounts file without one takes from its domain column.</summary>
    public const string IdFromDomainHeader = "(account_id from the domain)";

    /// <summary>The header given to an order line's amount computed from its quantity and unit price.</summary>
    public const string AmountFromLineHeader = "(amount from quantity × unit price)";

    /// <summary>The header given to an order line's amount read from its price, in a file without quantities (one unit a line).</summary>
    public const string AmountFromPriceHeader = "(amount from the price: one unit a line)";

    /// <summary>The header of an opportunity id made from the deal's account and name (a deals report without ids).</summary>
    public const string OpportunityIdFromNameHeader = "(opportunity_id from the account and the name)";

    /// <summary>Why a row of an opportunities file without ids gets no id.</summary>
    public const string NoNameForId = "the file has no opportunity_id column and this row's name is blank, so it gives the opportunity no id: "
        + "add the deal's name, or an opportunity_id column";

    /// <summary>The header of a touch's id made from its row's values (an activity report without ids).</summary>
    public const string EventIdFromRowHeader = "(event_id from the row's values)";

    /// <summary>The header of a contact id made from the contact's email, or its account and name (a contacts report without ids).</summary>
    public const string ContactIdFromEmailHeader = "(contact_id from the email, or the account and the name)";

    /// <summary>Why a row of a contacts file without ids gets no id.</summary>
    public const string NoEmailOrNameForId = "the file has no contact_id column and this row's email and name are blank, so it gives the contact no id: "
        + "add the person's email or name, or a contact_id column";

    /// <summary>Why a row of an accounts file without ids gets no id.</summary>
    public const string NoDomainForId = "the file has no account_id column and this row's domain is blank, not a host name, or a shared mail domain "
        + "(gmail.com, outlook.com, ...), so it gives the account no id: add the company's web domain, or an account_id column";

    /// <summary>The staging column holding the hash of the row's key.</summary>
    public const string KeyHash = "sl_key_hash";

    /// <summary>Row rules, in column order.</summary>
    public List<RowRule> Rules { get; } = [];

    /// <summary>Columns that read some values otherwise than written (see <see cref="ValueParsing.ReadingOf"/>), with the staging column keeping their text.</summary>
    public List<(ColumnSpec Column, string Raw)> Readings { get; } = [];

    /// <summary>Decimal columns, with the staging column keeping the text of values shaped as thousands (<see cref="ValueParsing.ThousandsShaped"/>).</summary>
    public List<(ColumnSpec Column, string Raw)> ThousandsShaped { get; } = [];

    /// <summary>Allowed-value columns whose exports write words that are none of their values (<see cref="CanonicalSchema.NoValueWords"/>), with the staging column keeping their text.</summary>
    public List<(ColumnSpec Column, string Raw)> NoValues { get; } = [];

    /// <summary>
    /// Columns read from the first of several headers with a value (<see cref="ColumnMapper.FallsBack"/>): the headers in the
    /// order they are tried, and the staging column giving each row's index among them (null where all are blank).
    /// </summary>
    public List<(ColumnSpec Column, IReadOnlyList<string> Headers, string From)> Fallbacks { get; } = [];

    /// <summary>'A', 'B' and 'C'.</summary>
    public static string Listed(IReadOnlyList<string> names, string last = "and") =>
        names.Count == 1 ? $"'{names[0]}'" : $"{string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'"))} {last} '{names[^1]}'";

    /// <summary>Per canonical column: the SQL that shows its value as read (for messages and flags).</summary>
    public Dictionary<string, string> ValueSql { get; } = [];

    /// <summary>The statement that reads the file once into a staging table.</summary>
    public string CreateSql(string stagingTable, string reader) =>
        $"CREATE TEMP TABLE {stagingTable} AS SELECT {string.Join(", ", _outer)} FROM (SELECT {string.Join(", ", _middle)} FROM (SELECT {string.Join(", ", _inner)} FROM {reader}))";

    /// <summary>Id columns whose values may read otherwise than written, to finish once <see cref="CreateSql"/> has filled the staging table.</summary>
    public List<IdReading> IdReadings { get; } = [];

    /// <summary>
    /// Custom columns whose type is already set must fit it (known once the values are staged). A type inferred from this
    /// file's values fits them by its making, so only those an earlier import set are checked: in a wide export, a check of
    /// every number column cost most of the import (DuckDB plans each one's number rules anew).
    /// </summary>
    public void AddCustomRules(IReadOnlyList<MappedColumn> customs, IReadOnlyDictionary<string, string> customTypes, IReadOnlySet<string> setEarlier)
    {
        foreach (var custom in customs.Where(c => _spreadsheetErrors && (customTypes[c.Column] == "VARCHAR" || setEarlier.Contains(c.Column))))
        {
            Rules.Add(SpreadsheetErrorRule($"r{custom.Position}", custom.Column));
        }

        foreach (var custom in customs.Where(c => customTypes[c.Column] != "VARCHAR" && setEarlier.Contains(c.Column)))
        {
            var r = $"r{custom.Position}";
            // A "no value" mark (N/A, -) is missing, as in the typed columns, and loads as NULL.
            var type = customTypes[custom.Column];
            var misfit = $"does not fit the custom attribute's type {type} (set by earlier values)";
            // A spreadsheet's error value is told as one (above), not also as a misfit.
            var apart = _spreadsheetErrors ? $" AND NOT ({SpreadsheetError(r)})" : "";
            Rules.Add(new RowRule($"sl_present({r}) IS NOT NULL AND {CustomTyped(type, r)} IS NULL{apart}", custom.Column, r,
                DecimalType().Match(type) is { Success: true } d
                    ? $"{misfit}: an exact decimal of up to {Sightline.Counted.Of(int.Parse(d.Groups[2].Value, CultureInfo.InvariantCulture), "digit")} after the point "
                        + $"and {int.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture) - int.Parse(d.Groups[2].Value, CultureInfo.InvariantCulture)} before it; a value is not rounded to fit"
                    : misfit));
            if (type == "DOUBLE")
            {
                // Nothing is lost without a word: a later file's 9007199254740993 would be stored as ...992.
                Rules.Add(new RowRule($"sl_present({r}) IS NOT NULL AND coalesce({ValueParsing.LostInADouble(r)}, false)", custom.Column, r, DoubleMisfitMessage));
            }
        }
    }

    /// <summary>Why a later file's value of a DOUBLE custom attribute that a DOUBLE does not hold as written is refused.</summary>
    public const string DoubleMisfitMessage = "does not fit the custom attribute's type DOUBLE (set by earlier values): "
        + "it has more digits than a DOUBLE holds (15 to 17 significant digits), which would change it";

    private void AddRaw(int position, string expression)
    {
        _rawRow.Add(position);
        _rawByPosition[position] = expression;
    }

    /// <summary>Whether the staging table has the raw column <paramref name="raw"/> (an id's is there only once an id reading added it).</summary>
    public bool HasRaw(string raw) => !_idRaw.ContainsKey(raw) || _idRawAdded.Contains(raw);

    /// <summary>An id reading added the raw column <paramref name="raw"/>: the row's text shows the id as written from now on.</summary>
    public void RawAdded(string raw)
    {
        if (_idRaw.TryGetValue(raw, out var id) && _idRawAdded.Add(raw))
        {
            _rawByPosition[id.Position] = $"coalesce({raw}, {id.Typed})";
        }
    }

    /// <summary>
    /// SQL true for a staged row whose cells in the file's own columns (positions below <paramref name="fileColumns"/>;
    /// not a value set in sightline.yaml or computed) are all empty: a line of delimiters only; null when no such column is staged.
    /// </summary>
    public string? NoCellCondition(int fileColumns)
    {
        var cells = _rawByPosition.Where(p => p.Key < fileColumns).Select(p => $"{p.Value} IS NULL").ToList();
        return cells.Count == 0 ? null : string.Join(" AND ", cells);
    }

    /// <summary>SQL giving a staged row's cell of the file's column <paramref name="position"/> as written, or null where none is staged.</summary>
    public string? RawCellSql(int position) => _rawByPosition.GetValueOrDefault(position);

    /// <summary>SQL that rebuilds a staged row as comma-separated text, for formats without raw lines (Parquet, XLSX).</summary>
    public string RawRowSql => RawCellsJoinedBy("','");

    /// <summary>SQL giving a staged row's cells joined by the unit separator (U+001F), which no cell holds, so they split back exactly.</summary>
    public string RawCellsSql => RawCellsJoinedBy("chr(31)");

    private string RawCellsJoinedBy(string separator) => $"concat_ws({separator}, {string.Join(", ", _rawRow.Select(p => $"coalesce({_rawByPosition[p]}, '')"))})";

    /// <summary>The least order or deal amount (or order line quantity) refused: a book of many such still sums within DECIMAL(18,2).</summary>
    public const double MaxAmount = 1e13;

    /// <summary>Values that load but are flagged for a person to look at.</summary>
    public static IEnumerable<(string Column, string Condition, string Flag)> Flags(string table, ImportSettings settings)
    {
        if (table == "orders")
        {
            yield return ("amount", "t_amount < 0", Importer.ReturnFlag);
        }

        if (table == "accounts")
        {
            yield return ("employees", $"t_employees > {settings.MaxPlausibleEmployees}", $"implausible employees (more than {settings.MaxPlausibleEmployees:N0})");
            yield return ("annual_revenue", $"t_annual_revenue > {Number(settings.MaxPlausibleRevenue)}",
                $"implausible annual revenue (more than {settings.MaxPlausibleRevenue:N0})");
        }
    }

    /// <summary>
    /// The SQL that reads a custom column's text as its SQL type. An exact DECIMAL(p,s) reads the number as written, and
    /// nothing where it has more decimals than s or more digits than the type holds: it is never rounded.
    /// </summary>
    public static string CustomTyped(string sqlType, string raw) => sqlType switch
    {
        "DOUBLE" => $"sl_num({raw})",
        "DATE" => $"sl_date({raw})",
        "BIGINT" => $"sl_int({raw})",
        "BOOLEAN" => $"sl_bool({raw})",
        "TIMESTAMP" => $"sl_ts({raw})",
        _ when DecimalType().Match(sqlType) is { Success: true } d =>
            $"list_transform([sl_exact_text({raw})], sl_text -> CASE WHEN length(split_part(sl_text, '.', 2)) <= {d.Groups[2].Value} THEN TRY_CAST(sl_text AS {sqlType}) END)[1]",
        _ => raw,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^DECIMAL\((\d+), ?(\d+)\)$")]
    private static partial System.Text.RegularExpressions.Regex DecimalType();

    /// <summary>
    /// The characters trimmed from values: spaces, tabs and line breaks, the no-break spaces spreadsheets and web
    /// copies write (U+00A0; U+202F, U+2009 and U+2007, which French, typeset and figure formatting use), Unicode's other
    /// spaces (U+2000–U+200A, U+205F, the ideographic U+3000 of CJK text, the line and paragraph separators U+2028 and
    /// U+2029), and the invisible marks copies carry: the zero-width space, joiners and word joiner (U+200B–U+200D,
    /// U+2060), the left-to-right and right-to-left marks, embeddings and isolates (U+200E, U+200F, U+202A–U+202E,
    /// U+2066–U+2069) and the byte order mark, so "A1" and "A1" with a no-break space or a direction mark after it are one key.
    /// </summary>
    private static readonly string BlankCharacters = Sql.Literal(string.Concat(
        new[] { ' ', '\t', '\n', '\r', '\u00A0', '\u2028', '\u2029', '\u202F', '\u205F', '\u2060', '\u3000', '\uFEFF' }
            .Concat(Enumerable.Range(0x2000, 0x200F - 0x2000 + 1).Select(c => (char)c))
            .Concat(Enumerable.Range(0x202A, 5).Select(c => (char)c))
            .Concat(Enumerable.Range(0x2066, 4).Select(c => (char)c))));

    // As literals: DuckDB binds every chr() call of every column's expression, and a wide file's staging statement took
    // seconds to plan with the blanks written as 37 of them three times a column.
    private static readonly string Tab = Sql.Literal("\t");
    private static readonly string LineFeed = Sql.Literal("\n");
    private static readonly string CarriageReturn = Sql.Literal("\r");

    /// <summary>
    /// Empty or blank text is missing. Trimming every value costs as much as parsing it, so only
    /// values that may start or end with white space are trimmed. The test is cheap for the common value (ASCII, no
    /// white space at either end): <c>left</c> and <c>right</c> decode characters, 7.6–8.8 s over the cells of a 1M-account
    /// orders file against 2.2 s for this (measured alone). Any first character below '!' or from U+00A0 up, and a last character
    /// that is ASCII white space or, in non-ASCII text, one of the blanks, goes to <c>trim</c>, which removes only the
    /// blanks, so a value caught without a blank at its ends comes out as it went in.
    /// </summary>
    public static string TrimmedOrNull(string value) =>
        $"CASE WHEN {value} = '' THEN NULL WHEN ord({value}) <= 32 OR ord({value}) >= 160 OR suffix({value}, ' ') OR suffix({value}, {Tab}) "
        + $"OR suffix({value}, {LineFeed}) OR suffix({value}, {CarriageReturn}) OR (strlen({value}) <> length({value}) AND contains({BlankCharacters}, right({value}, 1))) " +
        $"THEN nullif(trim({value}, {BlankCharacters}), '') " +
        // ="00123": exports made for Excel wrap codes this way so that Excel keeps their leading zeros.
        $"WHEN prefix({value}, '=\"') AND suffix({value}, '\"') AND length({value}) >= 3 THEN nullif(trim(substr({value}, 3, length({value}) - 3), {BlankCharacters}), '') ELSE {value} END";

    private static string Number(double value) => ValueParsing.Number(value);
}
