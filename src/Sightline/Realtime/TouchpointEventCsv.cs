using System.Text;

namespace Sightline.Realtime;

/// <summary>
/// A small CSV reader for files of touchpoint events: RFC 4180 quoting (doubled quotes, line breaks inside quotes),
/// the delimiter taken from the header (comma, semicolon, tab or a pipe, as import sniffs them). Event files are a batch of an integration, small
/// enough to read in memory; bulk history goes through <c>sightline import</c> and DuckDB's reader instead.
/// </summary>
internal static partial class TouchpointEventCsv
{
    /// <summary>
    /// Reads the events of a CSV file. Headers are the event's fields in any spelling ("Event ID", "occurred-at") or what
    /// CRM exports call them, as <c>sightline import</c> maps a touchpoints file ("Engagement ID", "Associated Company ID",
    /// "Activity Date", "Call direction"); other columns (a call's notes, its owner) are not read, and
    /// <paramref name="notes"/> names them. A header one or two letters away from a field ("acount_id") is an error, not
    /// a column left out. <paramref name="recordLines"/>, when given, is where each record is reported, the header's
    /// first, in place of its line in the text: the sheet rows of a workbook written out as CSV.
    /// </summary>
    public static List<TouchpointEventDraft> Read(string text, string source, ICollection<string>? notes = null, IReadOnlyDictionary<string, string>? columnMap = null,
        IReadOnlyList<long>? recordLines = null)
    {
        var delimiter = Delimiter(text);
        if (DelimiterLine().Match(text) is { Success: true } named)
        {
            // Excel's "sep=;" first line names the delimiter; blanked, not removed, so line numbers stay.
            delimiter = named.Groups["d"].Value[0];
            text = text[named.Groups["line"].Length..];
            notes?.Add($"{source}: the first line 'sep={delimiter}' names the delimiter; read with it");
        }

        var records = Records(text, source, delimiter);
        if (recordLines is not null)
        {
            records = records.Select((r, i) => (i < recordLines.Count ? recordLines[i] : r.Line, r.Values)).ToList();
        }

        if (records.Count == 0)
        {
            throw new BadInputException(source, $"the file is empty; expected a header line naming the fields ({string.Join(", ", TouchpointEventFields.Required)} at least) and one event per line");
        }

        SetAsideFooter(records, source, notes);

        var (headerLine, header) = records[0];
        var columns = Fields(header, source, columnMap, out var mapped);
        var problems = new List<Diagnostic>();
        var unread = new List<string>();
        var (dateColumn, timeColumn) = DateAndTimeColumns(header, columns);

        // Salesforce's "Task Subtype" (Call for a logged call, whose Type is often empty) gives the channel where Type gives none.
        var subtypeColumn = Enumerable.Range(0, header.Count).FirstOrDefault(i => Import.ColumnMapper.Normalise(header[i]) == "tasksubtype"
            && columns[i] != TouchpointEventFields.Channel, -1);

        // The other columns naming occurred_at that lost to a closer name (Salesforce's "Date" beside "Completed Date/Time",
        // ACTIVITYDATE beside ACTIVITYDATETIME and STARTDATETIME), in the rank import tries them (ColumnMapper.TimeHeaders): on a
        // row where the closer one is blank (an open task's completion, an all-day event's start), the first of them with a
        // value is read, as import reads a touchpoints file. Chosen by presence, not by reading: a bad value is refused, never
        // passed over for the next column.
        var timeAt = columns.IndexOf(TouchpointEventFields.OccurredAt);
        List<int> laterTimeColumns = timeAt >= 0 && mapped[timeAt] is { IsCustom: false, Fallbacks: { } ranked }
            ? [.. ranked.Select(f => f.Position).Where(j => j != timeColumn && columns[j] is null)]
            : [];
        IReadOnlyList<string>? timeHeaders = laterTimeColumns.Count > 0 ? [header[timeAt].Trim(), .. laterTimeColumns.Select(j => header[j].Trim())] : null;
        if (timeColumn is { } timeOfDayAt)
        {
            notes?.Add($"{source}: occurred_at is read from '{header[dateColumn].Trim()}' and '{header[timeOfDayAt].Trim()}' together (the date, then the time of day)");
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (i == timeColumn || laterTimeColumns.Contains(i) || (i == subtypeColumn && columns[i] is null))
            {
                continue;
            }

            var near = columns[i] is null ? NearestField(header[i]) : null;
            if (columns[i] is not null)
            {
                if (columns.IndexOf(columns[i]) < i)
                {
                    var first = columns.IndexOf(columns[i]);
                    problems.Add(new Diagnostic(source, headerLine, header[i], null,
                        $"column given twice: it gives {columns[i]}, as column {first + 1} ('{header[first].Trim()}') does already; keep one of them"));
                }
            }
            else if (near is not null && columns.IndexOf(near) is var given and >= 0)
            {
                // The field has its own column, so this one is another column whose name is close by chance ("Contract ID").
                unread.Add($"'{header[i].Trim()}' (close to {near}, which '{header[given].Trim()}' gives)");
            }
            else if (near is not null)
            {
                problems.Add(new Diagnostic(source, headerLine, header[i], null,
                    $"unknown column; {Segments.Rules.Suggestions.Hint(near)} (expected {string.Join(", ", TouchpointEventFields.All)})"));
            }
            else if (header[i].Trim().Length > 0)
            {
                unread.Add($"'{header[i].Trim()}'");
            }
        }

        if (unread.Count > 0 && problems.Count == 0)
        {
            notes?.Add($"{source}: column{(unread.Count == 1 ? "" : "s")} {string.Join(", ", unread)} not read: "
                + "an event keeps only its fields (" + string.Join(", ", TouchpointEventFields.All) + ")");
        }

        var absent = TouchpointEventFields.Required.Where(r => !columns.Contains(r) && !(r == TouchpointEventFields.Channel && subtypeColumn >= 0)).ToList();
        foreach (var missing in absent)
        {
            problems.Add(new Diagnostic(source, headerLine, missing, null, "required column missing from the header"));
        }

        // A file without a header line: its first event was taken for one (a time among its cells gives it away).
        if (absent.Count > 0 && header.FirstOrDefault(LooksLikeATime) is { } time)
        {
            problems.Add(new Diagnostic(source, headerLine, null, null,
                $"the first line looks like an event, not a header ('{time.Trim()}' is a time): add a first line naming the fields ({string.Join(", ", TouchpointEventFields.Required)}, ...)"));
        }

        if (problems.Count > 0)
        {
            problems.Add(new Diagnostic(source, headerLine, null, null, HeaderSeen(header)));
            throw new BadInputException(problems, problems.Count);
        }

        // Messages about a value name the file's header, with the field it gives in brackets.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] is { } field)
            {
                names.TryAdd(field, header[i].Trim());
            }
        }

        if (subtypeColumn >= 0)
        {
            names.TryAdd(TouchpointEventFields.Channel, header[subtypeColumn].Trim());
        }

        var timedNames = timeColumn is { } timeAt2
            ? new Dictionary<string, string>(names, StringComparer.Ordinal) { [TouchpointEventFields.OccurredAt] = $"{header[dateColumn].Trim()} + {header[timeAt2].Trim()}" }
            : names;
        var severalIds = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        var drafts = new List<TouchpointEventDraft>(records.Count - 1);
        var delimitersOnly = new List<long>();
        var kept = new List<List<string>>(records.Count - 1);
        var withoutTime = new List<long>();
        var fallbackLines = new List<(long Line, int Column)>();
        foreach (var (line, values) in records.Skip(1))
        {
            // ",,," : a row a spreadsheet saved though it holds nothing (cleared cells keep their columns), not an event.
            if (values.TrueForAll(v => v.Trim().Length == 0))
            {
                delimitersOnly.Add(line);
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var rowProblems = new List<Diagnostic>();
            var timed = timeColumn is { } at && at < values.Count && values[at].Trim().Length > 0;
            var draft = new TouchpointEventDraft(source, line, null, fields, rowProblems) { Names = timed ? timedNames : names, TimeHeaders = timeHeaders };
            if (values.Count != columns.Count)
            {
                rowProblems.Add(draft.Problem(null, null, $"has {values.Count} field{(values.Count == 1 ? "" : "s")}, the header has {columns.Count}"));
            }

            for (var i = 0; i < Math.Min(values.Count, columns.Count); i++)
            {
                var value = values[i].Trim();
                if (value.Length > 0 && columns[i] is { } column)
                {
                    fields[column] = column is TouchpointEventFields.AccountId or TouchpointEventFields.ContactId ? FirstId(value, column, severalIds) : value;
                }
            }

            var bySubtype = subtypeColumn >= 0 && !fields.ContainsKey(TouchpointEventFields.Channel) && subtypeColumn < values.Count && values[subtypeColumn].Trim().Length > 0;
            if (bySubtype)
            {
                fields[TouchpointEventFields.Channel] = values[subtypeColumn].Trim();
                draft = draft with { Names = new Dictionary<string, string>(draft.Names!, StringComparer.Ordinal) { [TouchpointEventFields.Channel] = header[subtypeColumn].Trim() } };
            }

            // As import: a no-value mark (N/A, null, -) in one of several time columns is blank, and gives way to the next.
            if (timeHeaders is not null && fields.TryGetValue(TouchpointEventFields.OccurredAt, out var first) && IsMissingMark(first))
            {
                fields.Remove(TouchpointEventFields.OccurredAt);
            }

            if (!fields.ContainsKey(TouchpointEventFields.OccurredAt)
                && laterTimeColumns.FindIndex(j => j < values.Count && values[j].Trim() is { Length: > 0 } v && !IsMissingMark(v)) is var later and >= 0)
            {
                var taken = laterTimeColumns[later];
                fields[TouchpointEventFields.OccurredAt] = values[taken].Trim();
                draft = draft with { Names = new Dictionary<string, string>(draft.Names!, StringComparer.Ordinal) { [TouchpointEventFields.OccurredAt] = header[taken].Trim() } };
                fallbackLines.Add((line, later));
            }

            if (timed)
            {
                WithTimeOfDay(draft, fields, rowProblems, header[dateColumn].Trim(), header[timeColumn!.Value].Trim(), values[timeColumn.Value].Trim());
            }
            else if (timeColumn is not null && fields.ContainsKey(TouchpointEventFields.OccurredAt))
            {
                withoutTime.Add(line);
            }

            drafts.Add(draft);
            kept.Add(values);
        }

        SkipTotalsRows(drafts, kept, source, notes);
        if (delimitersOnly.Count > 0)
        {
            notes?.Add($"{source}: {Lines(delimitersOnly)} {(delimitersOnly.Count == 1 ? "holds" : "hold")} only delimiters (empty rows a spreadsheet saved), not events: skipped");
        }

        foreach (var took in fallbackLines.GroupBy(f => f.Column).OrderBy(g => g.Key))
        {
            // Per column after the first: the lines whose closer columns were all blank and that took their value from it.
            var lines = took.Select(f => f.Line).ToList();
            var blank = string.Join(" or ", timeHeaders!.Take(took.Key + 1).Select(h => $"'{h}'"));
            var openTask = took.Key == 0 && Import.ColumnMapper.Normalise(timeHeaders![0]).Contains("completed", StringComparison.Ordinal) ? " (an open task)" : "";
            notes?.Add($"{source}: {Lines(lines)} {(lines.Count == 1 ? "has" : "have")} no {blank}{openTask}: occurred_at is read from '{timeHeaders![took.Key + 1]}'");
        }

        if (withoutTime.Count > 0)
        {
            notes?.Add($"{source}: {Lines(withoutTime)} {(withoutTime.Count == 1 ? "has" : "have")} a date in '{header[dateColumn].Trim()}' but no time in "
                + $"'{header[timeColumn!.Value].Trim()}': read as the start of that day");
        }

        if (drafts.Count == 0)
        {
            throw new BadInputException(new Diagnostic(source, null, null, null, "no events: the file has a header but no event lines"));
        }

        foreach (var (column, (count, example)) in severalIds)
        {
            notes?.Add($"{source}: {column}: {count} value{(count == 1 ? " holds" : "s hold")} {Import.ValueParsing.SeveralIds} (e.g. '{example}' is '{FirstId(example, column, null)}')");
        }

        return drafts;
    }

    /// <summary>
    /// Drops a report's totals rows after the last event ("Grand Totals (15 records)", a Salesforce activity report's last
    /// line, <see cref="Import.ReportTotalsRow"/>) that are no event (a required field missing), with a note, as import does.
    /// </summary>
    private static void SkipTotalsRows(List<TouchpointEventDraft> drafts, List<List<string>> values, string source, ICollection<string>? notes)
    {
        var totals = new List<(long Line, string Label)>();
        while (drafts.Count > 0 && Import.ReportTotalsRow.Of(values[^1]) is { } row
            && !TouchpointEventFields.Required.All(f => drafts[^1].Fields.ContainsKey(f)))
        {
            totals.Insert(0, (drafts[^1].Line!.Value, row.Label));
            drafts.RemoveAt(drafts.Count - 1);
            values.RemoveAt(values.Count - 1);
        }

        if (totals.Count > 0)
        {
            notes?.Add($"{source}: {Lines([.. totals.Select(t => t.Line)])} {(totals.Count == 1 ? "is a report's totals row" : "are a report's totals rows")} "
                + $"({string.Join(", ", totals.Select(t => $"'{t.Label}'"))}) after the last event, not events: skipped");
        }
    }

    /// <summary>
    /// The occurred_at column when it holds dates only ("Date", "Activity Date") and the column beside it in the file giving
    /// their time of day ("Time", "Activity Time"), which no field reads; else (-1, null). Read apart, the time would be lost.
    /// </summary>
    private static (int Date, int? Time) DateAndTimeColumns(IReadOnlyList<string> header, List<string?> columns)
    {
        var date = columns.IndexOf(TouchpointEventFields.OccurredAt);
        var dateName = date < 0 ? "" : Import.ColumnMapper.Normalise(header[date]);
        if (!dateName.Contains("date", StringComparison.Ordinal) || dateName.Contains("time", StringComparison.Ordinal))
        {
            return (-1, null);
        }

        string[] names = [dateName.Replace("date", "time", StringComparison.Ordinal), "time", "timeofday"];
        var time = Enumerable.Range(0, header.Count).FirstOrDefault(i => columns[i] is null && names.Contains(Import.ColumnMapper.Normalise(header[i])), -1);
        return time < 0 ? (-1, null) : (date, time);
    }

    /// <summary>
    /// Puts the time of day of a separate column after the date in occurred_at; a time that cannot be read, or a date cell
    /// that already holds a time, is a problem of the line rather than a time dropped.
    /// </summary>
    private static void WithTimeOfDay(TouchpointEventDraft draft, Dictionary<string, string> fields, List<Diagnostic> problems, string dateHeader, string timeHeader, string time)
    {
        if (!fields.TryGetValue(TouchpointEventFields.OccurredAt, out var date))
        {
            problems.Add(draft.Problem(dateHeader, null, $"missing: the time '{time}' in '{timeHeader}' has no date; every event needs occurred_at"));
            return;
        }

        if (date.Contains(':', StringComparison.Ordinal))
        {
            problems.Add(draft.Problem(dateHeader, date, $"holds a time of day already, and '{timeHeader}' gives another ('{time}'); give the time in one column only"));
            return;
        }

        if (TimeOfDay(time) is not { } clock)
        {
            problems.Add(draft.Problem(timeHeader, time,
                $"not a time of day; expected e.g. 16:05, 4:05 PM or 16:05:30 (it completes the date in '{dateHeader}' to occurred_at)"));
            return;
        }

        fields[TouchpointEventFields.OccurredAt] = $"{date} {clock}";
    }

    /// <summary>A time of day as written (16:05, 4:05 PM, 16:05:30Z) or as a workbook writes a time cell (1899-12-30 16:05:00, 0.6701); else null.</summary>
    private static string? TimeOfDay(string text)
    {
        if (text.StartsWith(ExcelDayZero, StringComparison.Ordinal))
        {
            text = text[ExcelDayZero.Length..].Trim();
        }

        if (TimeOfDayText().IsMatch(text))
        {
            return text;
        }

        // A time cell formatted as General: the fraction of the day.
        return double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var day) && day is >= 0 and < 1
            ? TimeSpan.FromSeconds(Math.Round(day * 86_400)).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Whether a cell is what exports write for "no value" (<see cref="Import.ValueParsing.MissingMarks"/>), as import's presence test reads it.</summary>
    private static bool IsMissingMark(string value) => value.Length <= 4 && Import.ValueParsing.MissingMarks.Contains(value.ToLowerInvariant());

    /// <summary>The day a workbook's time cell without a date falls on when written out with one.</summary>
    private const string ExcelDayZero = "1899-12-30 ";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*" + OccurredAtText.Zone + "?$")]
    private static partial System.Text.RegularExpressions.Regex TimeOfDayText();

    /// <summary>Whether a header cell is written as a time (a date out of range too); numbers are left out, as ids may be epoch-like.</summary>
    private static bool LooksLikeATime(string cell)
    {
        if (double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        try
        {
            return OccurredAtText.Read(cell.Trim(), false, out _) != OccurredAtText.Outcome.NotATime;
        }
        catch (ArgumentOutOfRangeException)
        {
            return true; // the shape of a time with an impossible part (2026-02-30)
        }
    }

    /// <summary>
    /// The first of several ids in one cell ("5555;9876", as HubSpot writes a record's associations), as import reads such
    /// a reference; counted per column in <paramref name="severalIds"/>.
    /// </summary>
    private static string FirstId(string value, string column, Dictionary<string, (int Count, string Example)>? severalIds)
    {
        if (!value.Contains(';', StringComparison.Ordinal) || value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is not [var first, ..])
        {
            return value;
        }

        if (severalIds is not null)
        {
            severalIds[column] = severalIds.TryGetValue(column, out var seen) ? (seen.Count + 1, seen.Example) : (1, value);
        }

        return first;
    }

    /// <summary>Per header, the event field it names, or null.</summary>
    private static List<string?> Fields(IReadOnlyList<string> header, string source, IReadOnlyDictionary<string, string>? columnMap, out IReadOnlyList<Import.MappedColumn> mapped)
    {
        // The import's map of a touchpoints file (the workspace's column_maps, the canonical names, what CRM exports call
        // them; a header it sets aside is a column not read), then the fields the log's table lacks (product_family, ticket_*).
        var map = Import.ColumnMapper.MapHeaders(Data.CanonicalSchema.Get("touchpoints"), header, columnMap, source);
        mapped = map;
        return header.Select((h, i) => map[i].IsCustom ? TouchpointEventFields.All.FirstOrDefault(f => f == TouchpointEventFields.Canonical(h)) : map[i].Column).ToList();
    }

    /// <summary>The event field a header misspells (one or two letters off), or null.</summary>
    private static string? NearestField(string header)
    {
        // One letter off, two in a long name: short headers ("Id", "Type") are other words, not misspellings.
        var name = TouchpointEventFields.Canonical(header);
        return TouchpointEventFields.All.Where(f => Segments.Rules.Suggestions.Distance(name, f) is var d && d > 0 && d <= (f.Length >= 8 ? 2 : 1)).FirstOrDefault();
    }

    /// <summary>
    /// Removes a report's footer: lines of one cell after the last event (Salesforce ends a report's export with its
    /// title, a copyright and a confidentiality line), which are no events; notes name them, as import's note does.
    /// </summary>
    private static void SetAsideFooter(List<(long Line, List<string> Values)> records, string source, ICollection<string>? notes)
    {
        var last = records.FindLastIndex(r => r.Values.Count > 1);
        if (records[0].Values.Count < 2 || last < 1 || last == records.Count - 1 || records.Skip(last + 1).Any(r => r.Values.Count > 1))
        {
            return;
        }

        var footer = records.Skip(last + 1).ToList();
        records.RemoveRange(last + 1, footer.Count);
        var lines = footer.Count == 1 ? $"line {footer[0].Line}" : $"lines {footer[0].Line}-{footer[^1].Line}";
        notes?.Add($"{source}: {lines} after the last event {(footer.Count == 1 ? "is" : "are")} a report footer (one cell each, such as \"{footer[0].Values[0].Trim()}\"), not events: skipped");
    }

    /// <summary>"the header's columns: 'Id', 'Date'" (the first 30), said once after the problems of a header.</summary>
    private static string HeaderSeen(IReadOnlyList<string> header) =>
        $"the header's {header.Count} column{(header.Count == 1 ? "" : "s")}: " + string.Join(", ", header.Take(30).Select(h => $"'{h.Trim()}'"))
        + (header.Count > 30 ? $" and {header.Count - 30} more" : "");

    /// <summary>"line 4", or "lines 4, 5, 9" (the first ten, then how many more).</summary>
    private static string Lines(IReadOnlyList<long> lines) => lines.Count == 1
        ? $"line {lines[0]}"
        : $"lines {string.Join(", ", lines.Take(10))}{(lines.Count > 10 ? $" and {lines.Count - 10:N0} more" : "")}";

    /// <summary>Every non-blank record with the line it starts on.</summary>
    private static List<(long Line, List<string> Values)> Records(string text, string source, char delimiter)
    {
        var records = new List<(long, List<string>)>();
        var values = new List<string>();
        var field = new StringBuilder();
        long line = 1;
        long recordLine = 1;
        var inQuotes = false;
        var quotedLine = 0L;
        var blank = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.ToString().Trim().Length == 0)
            {
                inQuotes = true;
                quotedLine = line;
                blank = false;
                field.Clear();
            }
            else if (c == delimiter)
            {
                values.Add(field.ToString());
                field.Clear();
                blank = false;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                if (!blank || field.ToString().Trim().Length > 0)
                {
                    values.Add(field.ToString());
                    records.Add((recordLine, values));
                }

                values = [];
                field.Clear();
                blank = true;
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                if (!char.IsWhiteSpace(c))
                {
                    blank = false;
                }
            }
        }

        if (inQuotes)
        {
            throw new BadInputException(new Diagnostic(source, quotedLine, null, null, "a quoted field is never closed (a \" is missing)"));
        }

        if (!blank || field.ToString().Trim().Length > 0)
        {
            values.Add(field.ToString());
            records.Add((recordLine, values));
        }

        return records;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<line>[Ss][Ee][Pp]=(?<d>[^\r\n])[ \t]*)\r?\n")]
    private static partial System.Text.RegularExpressions.Regex DelimiterLine();

    private static char Delimiter(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var header = end < 0 ? text : text[..end];
        return new[] { ',', ';', '\t', '|' }.OrderByDescending(d => header.Count(c => c == d)).First();
    }
}
