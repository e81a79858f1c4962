using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sightline.Import;

/// <summary>
/// A report saved as text rather than a table, as accounting packages export them (QuickBooks' "Sales by Customer
/// Detail"): a title block above the header (the company, the report's name, its dates), and in a grouped report a label
/// row naming each group (a customer) above that group's rows, which leave the group's column blank, and a "Total for
/// ..." row closing it. The file is rewritten line for line (line numbers stay): the title and the label and total rows
/// become blank lines, and each row takes its group's label in the group's column, so the rest of the import reads a
/// table.
/// </summary>
internal static partial class ReportLayout
{
    private const int TitleRecordsAtMost = 30;
    private const int SampleRecords = 200;
    private const int ListedAtMost = 10;
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    /// <summary>What the head of a file shows.</summary>
    /// <param name="Delimiter">The delimiter the header is read with.</param>
    /// <param name="HeaderRecord">0-based record of the header (records before it are the title block).</param>
    /// <param name="HeaderLine">The physical line the header is on.</param>
    /// <param name="Title">The title block's text, one entry per record.</param>
    /// <param name="LeadingColumns">Grouped: the columns before the first named header (at least one) where labels stand.</param>
    /// <param name="GroupColumn">Grouped: the name the group's column gets, else null.</param>
    /// <param name="GroupColumnFrom">Grouped: where that name comes from, in words.</param>
    internal sealed record Layout(char Delimiter, int HeaderRecord, long HeaderLine, IReadOnlyList<string> Title, int LeadingColumns, string? GroupColumn, string? GroupColumnFrom)
    {
        public bool Grouped => GroupColumn is not null;

        /// <summary>
        /// Grouped by customer with groups inside a customer's (QuickBooks' jobs, its sub-customers, in the second leading
        /// column): how many such inner levels are read into columns of their own (<see cref="JobHeader"/>); else 0, and a
        /// row takes the innermost open group's label.
        /// </summary>
        public int JobLevels { get; init; }

        /// <summary>
        /// A report that writes each group's value on its group's first row only (Salesforce's formatted export of a
        /// summary report): the headers of the leading columns so filled down; else empty.
        /// </summary>
        public IReadOnlyList<string> FilledDown { get; init; } = [];

        /// <summary>A band of group labels ("Company", "Size") read as the header at first, above the real one; else null.</summary>
        public IReadOnlyList<string>? Band { get; init; }
    }

    /// <summary>The header of the column holding a customer's group of level <paramref name="level"/> (1: "Job", 2: "Job 2").</summary>
    internal static string JobHeader(int level) => level == 1 ? "Job" : $"Job {level.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Group names that are customers (normalised): their inner groups are jobs, and the customer is the outer group.</summary>
    private static readonly HashSet<string> CustomerGroups = new(StringComparer.Ordinal)
    {
        "customer", "customers", "client", "clients", "account", "accounts", "company", "companies", "customerjob", "customername",
    };

    /// <summary>A label or total row the rewrite made blank: its 0-based data record (blank records not counted) and its line.</summary>
    internal readonly record struct SetAside(long Ordinal, long Line, string Text);

    /// <summary>What the rewrite set aside.</summary>
    internal sealed record Rewritten(IReadOnlyList<SetAside> Labels, IReadOnlyList<SetAside> Totals, int DetailsLabelled)
    {
        /// <summary>A filled-down report's first group values, for its note.</summary>
        public IReadOnlyList<string> Groups { get; init; } = [];
    }

    /// <summary>
    /// The file's layout when it has a title block or is grouped, else null (a table as it is). The title block is at most
    /// 30 records of at most two filled cells each, phrases or narrower than the header, followed by a header of three or
    /// more text cells; a grouped report's first row after the header is a label (one filled cell, in the columns before the
    /// first named header), and the first 200 rows are labels, rows whose leading columns are blank, and totals only.
    /// </summary>
    /// <param name="path">The file, UTF-8.</param>
    /// <param name="delimiter">The delimiter when it is known (a TSV, a "sep=" line), else null to find it.</param>
    /// <param name="title">The title block when the caller found it already (a workbook's rows above its header).</param>
    /// <param name="fileName">The file's name, which may say what the groups are ("Sales by Customer Detail.csv").</param>
    /// <param name="headerBelowBand">The header found is a band of group labels, and the record after it the header.</param>
    public static Layout? Detect(string path, char? delimiter, IReadOnlyList<string>? title, string fileName, bool headerBelowBand = false)
    {
        var records = new List<string>();
        var lines = new List<long>();
        using (var reader = new RecordReader(path))
        {
            while (records.Count < TitleRecordsAtMost + SampleRecords && reader.Next() is { } record)
            {
                records.Add(record.Text);
                lines.Add(record.Line);
            }
        }

        Layout? best = null;
        var bestFilled = 0;
        foreach (var d in delimiter is { } known ? [known] : Delimiters)
        {
            if (HeaderOf(records, d, title is null) is not { } found)
            {
                continue;
            }

            var header = headerBelowBand ? records.FindIndex(found + 1, r => Split(r, d).Exists(c => c.Length > 0)) : found;
            if (header < 0)
            {
                continue;
            }

            var cells = Split(records[header], d);
            var filled = cells.Count(c => c.Length > 0);
            // As wide with another delimiter: the header higher up is the file's ("a;b;c" over "A1;Smith, Jones, and Co;10"
            // is no title line over a comma header).
            if (filled > bestFilled || (filled == bestFilled && best is not null && header < best.HeaderRecord))
            {
                // A workbook's own title rows were not written; its band (the row read as the header) was.
                var titleTexts = (title ?? []).Concat(records.Take(header).Select(r => string.Join(" ", Split(r, d).Where(c => c.Length > 0))).Where(t => t.Length > 0)).ToList();
                best = new Layout(d, header, lines[header], titleTexts, 0, null, null)
                {
                    Band = headerBelowBand ? [.. Split(records[found], d).Where(c => c.Length > 0)] : null,
                };
                bestFilled = filled;
            }
        }

        if (best is null)
        {
            return null;
        }

        var headerCells = Split(records[best.HeaderRecord], best.Delimiter);
        var leading = Math.Max(1, headerCells.TakeWhile(c => c.Length == 0).Count());
        if (leading < headerCells.Count && IsGrouped(records.Skip(best.HeaderRecord + 1), best.Delimiter, leading))
        {
            var (column, from) = headerCells[0].Length > 0 ? (headerCells[0], $"its header '{headerCells[0]}'")
                : GroupNamed(best.Title, fileName) is { } named ? (named.Name, named.From)
                : ("Group", "no title or file name saying what the groups are (\"Sales by Customer\"), so it is called 'Group': map it with column_maps in sightline.yaml");
            var jobLevels = leading > 1 && CustomerGroups.Contains(ColumnMapper.Normalise(column))
                ? records.Skip(best.HeaderRecord + 1).Select(r => Classify(Split(r, best.Delimiter), leading, out var level) == RowKind.Label ? level : 0).DefaultIfEmpty().Max()
                : 0;
            return best with { LeadingColumns = leading, GroupColumn = column, GroupColumnFrom = from, JobLevels = jobLevels };
        }

        if (FilledDownColumns(records.Skip(best.HeaderRecord + 1).Select(r => Split(r, best.Delimiter)).ToList(), headerCells) is > 0 and var filledDown
            && HasSubtotalsBetweenGroups(path, best, filledDown))
        {
            return best with { FilledDown = [.. headerCells.Take(filledDown)] };
        }

        return HasTitle(best) ? best : null;
    }

    /// <summary>
    /// How many leading columns (at most 3, Salesforce's row groupings) look filled down in the sample: each has a header,
    /// is filled on the first record and blank on some later one, takes a new value (with the columns before it blank)
    /// only on a record right after a totals row (a group opens after the last one's subtotal), and a record blank in it
    /// is blank in those before it (a new outer group writes every level); a record with its first cell blank is
    /// otherwise a record (two filled cells or more).
    /// </summary>
    private static int FilledDownColumns(List<List<string>> sample, List<string> header)
    {
        var rows = new List<(List<string> Cells, bool AfterTotals)>();
        var afterTotals = false;
        foreach (var cells in sample.Where(cells => cells.Exists(c => c.Length > 0)))
        {
            if (ReportTotalsRow.Of(cells) is not null)
            {
                afterTotals = true;
                continue;
            }

            rows.Add((cells, afterTotals));
            afterTotals = false;
        }

        if (rows.Count < 2 || rows.Exists(r => r.Cells[0].Length == 0 && r.Cells.Count(c => c.Length > 0) < 2))
        {
            return 0;
        }

        string Cell(List<string> cells, int column) => column < cells.Count ? cells[column] : "";
        var columns = 0;
        while (columns < Math.Min(3, header.Count - 1) && header[columns].Length > 0 && Cell(rows[0].Cells, columns).Length > 0
            && rows.Exists(r => Cell(r.Cells, columns).Length == 0)
            && rows.Skip(1).All(r => r.AfterTotals || Cell(r.Cells, columns).Length == 0 || (columns > 0 && Cell(r.Cells, columns - 1).Length > 0))
            && rows.TrueForAll(r => columns == 0 || Cell(r.Cells, columns).Length > 0 || Cell(r.Cells, columns - 1).Length == 0))
        {
            columns++;
        }

        return columns;
    }

    /// <summary>
    /// Whether the file has totals rows between its groups (a subtotal closing each group), each followed by a record that
    /// writes its group in the innermost filled-down column: a grouped report's shape, which no flat export has. Read to
    /// the end, since one group can run past the sample.
    /// </summary>
    private static bool HasSubtotalsBetweenGroups(string path, Layout layout, int columns)
    {
        var between = 0;
        var afterTotals = false;
        var index = -1;
        using var reader = new RecordReader(path);
        while (reader.Next() is { } record)
        {
            if (++index <= layout.HeaderRecord)
            {
                continue;
            }

            var cells = Split(record.Text, layout.Delimiter);
            if (!cells.Exists(c => c.Length > 0))
            {
                continue;
            }

            if (ReportTotalsRow.Of(cells) is not null)
            {
                afterTotals = true;
                continue;
            }

            if (afterTotals)
            {
                if (cells.Count < columns || cells[columns - 1].Length == 0)
                {
                    return false; // a record after a total that takes the group above: not groups closed by their totals
                }

                between++;
                afterTotals = false;
            }
        }

        return between > 0;
    }

    /// <summary>Whether the file has a title block of its own above the header (a workbook's was set aside when it was read).</summary>
    private static bool HasTitle(Layout layout) => layout.HeaderRecord > 0 && layout.Title.Count > 0;

    /// <summary>
    /// The header's record with <paramref name="delimiter"/>: the first with three or more filled cells. Records before it
    /// must be a title block (at most two filled cells each, each a phrase or narrower than the header), and the header
    /// after a title block text only; else null.
    /// </summary>
    private static int? HeaderOf(List<string> records, char delimiter, bool titleAllowed)
    {
        for (var i = 0; i < Math.Min(records.Count, TitleRecordsAtMost + 1); i++)
        {
            var cells = Split(records[i], delimiter);
            var filled = cells.Where(c => c.Length > 0).ToList();
            if (filled.Count >= 3)
            {
                if (i == 0)
                {
                    return 0;
                }

                var titled = records.Take(i).Select(r => Split(r, delimiter)).Where(c => c.Exists(x => x.Length > 0)).ToList();
                if (titled.Count == 0)
                {
                    return i; // blank lines above the header, which the read skips anyway
                }

                return titleAllowed && filled.TrueForAll(c => !ReportTotalsRow.IsNumber(c))
                    && titled.TrueForAll(t => t.Count(c => c.Length > 0) <= 2 && (t.Count < cells.Count || t.Exists(c => c.Contains(' ', StringComparison.Ordinal))))
                    ? i : null;
            }

            if (filled.Count > 0 && i >= TitleRecordsAtMost)
            {
                return null;
            }
        }

        return null;
    }

    private enum RowKind
    {
        Blank,
        Label,
        Total,
        Detail,
        Other,
    }

    private static RowKind Classify(List<string> cells, int leading, out int at)
    {
        at = cells.FindIndex(c => c.Length > 0);
        if (at < 0)
        {
            return RowKind.Blank;
        }

        if (at >= leading)
        {
            return cells.Count(c => c.Length > 0) >= 2 ? RowKind.Detail : RowKind.Other;
        }

        var first = at;
        var rest = cells.Where((c, i) => i != first && c.Length > 0).ToList();

        // A label that starts with the word (a customer called "Total Wine & More") is no total: a total stands beside
        // numbers, or is the bare word, or names a group that is open (Rewrite checks that).
        if (TotalWords().Match(cells[at]) is { Success: true } total && rest.TrueForAll(ReportTotalsRow.IsNumber)
            && (rest.Count > 0 || total.Groups["name"].Value.Trim().Length == 0))
        {
            return RowKind.Total;
        }

        return rest.Count == 0 ? RowKind.Label : RowKind.Other;
    }

    private static bool IsGrouped(IEnumerable<string> sample, char delimiter, int leading)
    {
        int labels = 0, details = 0;
        foreach (var record in sample)
        {
            var kind = Classify(Split(record, delimiter), leading, out _);
            switch (kind)
            {
                case RowKind.Blank:
                    continue;
                case RowKind.Label:
                    labels++;
                    break;
                case RowKind.Detail when labels > 0:
                    details++;
                    break;
                case RowKind.Total when labels > 0:
                    break;
                default:
                    return false; // a row of another shape, or a row before any label: not a grouped report
            }
        }

        return labels > 0 && details > 0;
    }

    /// <summary>What the groups are, from "by X" in the title block or the file's name ("Sales by Customer Detail": Customer).</summary>
    private static (string Name, string From)? GroupNamed(IReadOnlyList<string> title, string fileName)
    {
        foreach (var (text, where) in title.Select(t => (t, "the report's title")).Append((Path.GetFileNameWithoutExtension(fileName), "the file's name")))
        {
            if (ByPhrase().Match(text.Trim()) is { Success: true } match)
            {
                var name = match.Groups["name"].Value.Trim();
                return (name, $"{where} '{text.Trim()}'");
            }
        }

        return null;
    }

    /// <summary>
    /// Writes the file as a table to <paramref name="target"/>, line for line: title records and label and total rows blank,
    /// the header's blank first cell named, and each row under a label with the innermost open group's label in its first
    /// column (grouped by customer with jobs inside, <see cref="Layout.JobLevels"/>: the outermost, and each job in a column
    /// of its own). A total row naming an open group ("Total for X", "Total X") closes it; one naming none closes the
    /// innermost in a one-column layout (or its own level in several); a grand total ("TOTAL") ends the grouping, so what
    /// follows (a footer) is read as it is.
    /// </summary>
    public static Rewritten Rewrite(string source, string target, Layout layout)
    {
        if (layout.FilledDown.Count > 0)
        {
            return FillDown(source, target, layout);
        }

        var labels = new List<SetAside>();
        var totals = new List<SetAside>();
        var detailsLabelled = 0;
        var open = new List<(string Label, int Level)>();
        var grouping = layout.Grouped;
        long ordinal = -1;
        var index = -1;
        using var reader = new RecordReader(source);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false), 1 << 16);
        while (reader.Next() is { } record)
        {
            index++;
            if (index < layout.HeaderRecord)
            {
                writer.Write(record.LineEndings);
                continue;
            }

            if (index == layout.HeaderRecord)
            {
                writer.Write(layout.Grouped && Split(record.Text, layout.Delimiter)[0].Length == 0
                    ? WithLeadingCells(record, [layout.GroupColumn!, .. Enumerable.Range(1, layout.JobLevels).Select(JobHeader)], layout.Delimiter) : record.Raw);
                continue;
            }

            var cells = Split(record.Text, layout.Delimiter);
            var at = 0;
            var kind = grouping ? Classify(cells, layout.LeadingColumns, out at) : cells.Exists(c => c.Length > 0) ? RowKind.Other : RowKind.Blank;
            if (kind == RowKind.Label && ClosedGroup(cells[at], open) >= 0)
            {
                kind = RowKind.Total; // "Total for X" without an amount beside it
            }
            if (kind != RowKind.Blank)
            {
                ordinal++;
            }

            switch (kind)
            {
                case RowKind.Label:
                    if (layout.LeadingColumns > 1)
                    {
                        open.RemoveAll(g => g.Level >= at);
                    }

                    open.Add((cells[at], at));
                    labels.Add(new SetAside(ordinal, record.Line, cells[at]));
                    writer.Write(record.LineEndings);
                    break;
                case RowKind.Total:
                    totals.Add(new SetAside(ordinal, record.Line, cells[at]));
                    writer.Write(record.LineEndings);
                    var words = TotalWords().Match(cells[at]);
                    var named = words.Groups["name"].Value.Trim();
                    var closes = ClosedGroup(cells[at], open);
                    if (closes >= 0)
                    {
                        open.RemoveRange(closes, open.Count - closes);
                    }
                    else if (named.Length == 0 && !words.Groups["sub"].Success)
                    {
                        open.Clear();
                        grouping = false; // the grand total: the report's groups end here
                    }
                    else if (layout.LeadingColumns > 1)
                    {
                        open.RemoveAll(g => g.Level >= at);
                    }
                    else if (open.Count > 0)
                    {
                        open.RemoveAt(open.Count - 1);
                    }

                    break;
                case RowKind.Detail when open.Count > 0:
                    detailsLabelled++;
                    writer.Write(WithLeadingCells(record, layout.JobLevels == 0 ? [open[^1].Label] : CustomerAndJobs(open, layout.JobLevels), layout.Delimiter));
                    break;
                default:
                    writer.Write(record.Raw);
                    break;
            }
        }

        return new Rewritten(labels, totals, detailsLabelled);
    }

    /// <summary>
    /// Writes a filled-down report as a table, line for line: title and totals rows blank, and each record's blank group
    /// columns given the value above (groups start with their own value, <see cref="HasSubtotalsBetweenGroups"/>).
    /// </summary>
    private static Rewritten FillDown(string source, string target, Layout layout)
    {
        var totals = new List<SetAside>();
        var groups = new List<string>();
        var filled = 0;
        var above = new string?[layout.FilledDown.Count];
        long ordinal = -1;
        var index = -1;
        using var reader = new RecordReader(source);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false), 1 << 16);
        while (reader.Next() is { } record)
        {
            index++;
            var cells = index > layout.HeaderRecord ? Split(record.Text, layout.Delimiter) : [];
            if (index < layout.HeaderRecord || (index > layout.HeaderRecord && !cells.Exists(c => c.Length > 0)))
            {
                writer.Write(index < layout.HeaderRecord ? record.LineEndings : record.Raw);
                continue;
            }

            if (index == layout.HeaderRecord)
            {
                writer.Write(record.Raw);
                continue;
            }

            ordinal++;
            if (ReportTotalsRow.Of(cells) is { } total)
            {
                totals.Add(new SetAside(ordinal, record.Line, total.Label));
                writer.Write(record.LineEndings);
                continue;
            }

            var fills = new Dictionary<int, string>();
            for (var column = 0; column < above.Length && column < cells.Count; column++)
            {
                if (cells[column].Length > 0)
                {
                    above[column] = cells[column];
                    if (column == 0 && groups.Count < 3 && !groups.Contains(cells[0]))
                    {
                        groups.Add(cells[0]);
                    }
                }
                else if (above[column] is { } value)
                {
                    fills[column] = value;
                }
            }

            if (fills.Count > 0)
            {
                filled++;
                writer.Write(WithCellsFilled(record.Raw, fills, layout.Delimiter));
            }
            else
            {
                writer.Write(record.Raw);
            }
        }

        return new Rewritten([], totals, filled) { Groups = groups };
    }

    /// <summary>The raw record with the blank fields at the given positions written as the given values.</summary>
    private static string WithCellsFilled(string raw, Dictionary<int, string> fills, char delimiter)
    {
        var written = new StringBuilder(raw.Length + fills.Values.Sum(v => v.Length + 3));
        var field = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= raw.Length; i++)
        {
            var end = i == raw.Length || (!quoted && (raw[i] == delimiter || raw[i] is '\r' or '\n'));
            if (!end)
            {
                quoted ^= raw[i] == '"';
                continue;
            }

            if (fills.TryGetValue(field, out var value))
            {
                written.Append(value.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 || value != value.Trim()
                    ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value);
            }
            else
            {
                written.Append(raw, start, i - start);
            }

            if (i < raw.Length && raw[i] != delimiter)
            {
                return written.Append(raw, i, raw.Length - i).ToString(); // the line ending
            }

            if (i < raw.Length)
            {
                written.Append(delimiter);
            }

            field++;
            start = i + 1;
        }

        return written.ToString();
    }

    /// <summary>The open group a total row names ("Total for X", "Total X"), as its index in <paramref name="open"/>, else -1.</summary>
    private static int ClosedGroup(string cell, List<(string Label, int Level)> open)
    {
        var words = TotalWords().Match(cell);
        var named = words.Success ? words.Groups["name"].Value.Trim() : "";
        return named.Length == 0 ? -1 : open.FindLastIndex(g => string.Equals(g.Label, named, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The notes a rewrite gives, <paramref name="place"/> giving where a record is in <paramref name="placeWord"/>s (lines, sheet rows).</summary>
    public static List<string> Notes(string name, Layout layout, Rewritten rewritten, Func<SetAside, long> place, string placeWord, string headerPlace)
    {
        var notes = new List<string>();
        if (layout.Band is { } band)
        {
            notes.Add($"{name}: the row above the header ({string.Join(", ", band.Select(b => $"'{b}'"))}) labels groups of columns (a band above the header, "
                + $"as formatted exports write one), and the row under it names the table's columns: the header is on {headerPlace}, and the band was skipped");
        }
        else if (HasTitle(layout))
        {
            notes.Add($"{name}: the header is on {headerPlace}; the report's title block above it ({string.Join("; ", layout.Title.Select(t => $"'{t}'"))}) was skipped");
        }

        if (layout.Grouped)
        {
            var examples = rewritten.Labels.Select(l => l.Text).Distinct(StringComparer.Ordinal).Take(3).Select(t => $"'{t}'");
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: a grouped report: {rewritten.Labels.Count} label row{(rewritten.Labels.Count == 1 ? "" : "s")} ({Places(rewritten.Labels, place)}; {string.Join(", ", examples)}) "
                + $"each name{(rewritten.Labels.Count == 1 ? "s" : "")} the group of the rows under {(rewritten.Labels.Count == 1 ? "it" : "them")}, and {Counted.Agree(rewritten.DetailsLabelled, "that", "those")} {Counted.Of(rewritten.DetailsLabelled, "row")} {Counted.Agree(rewritten.DetailsLabelled, "takes", "take")} it "
                + $"in {Counted.Agree(rewritten.DetailsLabelled, "its", "their")} blank first column, read as '{layout.GroupColumn}' (from {layout.GroupColumnFrom}); the label rows are not rows: skipped"));
            if (layout.JobLevels > 0)
            {
                var headers = string.Join(", ", Enumerable.Range(1, layout.JobLevels).Select(l => $"'{JobHeader(l)}'"));
                notes.Add($"{name}: groups inside a {layout.GroupColumn!.ToLowerInvariant()}'s group are its jobs (QuickBooks' sub-customers): a row's '{layout.GroupColumn}' is "
                    + $"its outermost group, and the groups inside it are read as {headers}");
            }

        }

        if (layout.FilledDown is { Count: > 0 } filledDown)
        {
            var (columns, them) = filledDown.Count == 1 ? ($"its first column, '{filledDown[0]}', stands", "it")
                : ($"its first {filledDown.Count} columns ({string.Join(", ", filledDown.Select(h => $"'{h}'"))}) stand", "them");
            var rows = rewritten.DetailsLabelled;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: a grouped report (totals rows between its groups, as Salesforce's formatted export writes them): {columns} on each group's first row only, "
                + $"so the {rows} row{(rows == 1 ? "" : "s")} below that leave{(rows == 1 ? "s" : "")} {them} blank take{(rows == 1 ? "s" : "")} {them} from the group's first row "
                + $"({string.Join(", ", rewritten.Groups.Select(g => $"'{g}'"))}{(rewritten.Groups.Count == 3 ? ", ..." : "")})"));
        }

        if ((layout.Grouped || layout.FilledDown.Count > 0) && rewritten.Totals.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {rewritten.Totals.Count} total row{(rewritten.Totals.Count == 1 ? "" : "s")} of the grouped report ({Places(rewritten.Totals, place)}; such as '{rewritten.Totals[0].Text}') "
                + $"{(rewritten.Totals.Count == 1 ? "is a total" : "are its totals")}, not rows: skipped"));
        }

        return notes;

        string Places(IReadOnlyList<SetAside> rows, Func<SetAside, long> place) =>
            (rows.Count == 1 ? placeWord : placeWord + "s") + " " + string.Join(", ", rows.Take(ListedAtMost).Select(r => place(r).ToString(CultureInfo.InvariantCulture)))
            + (rows.Count > ListedAtMost ? $" and {rows.Count - ListedAtMost} more" : "");
    }

    /// <summary>A row's cells in the customer's column and its jobs' columns: the outermost open group, then each inner one at its level.</summary>
    private static List<string> CustomerAndJobs(List<(string Label, int Level)> open, int jobLevels)
    {
        var cells = Enumerable.Repeat("", jobLevels + 1).ToList();
        cells[0] = open[0].Label;
        foreach (var (label, level) in open.Skip(1).Where(g => g.Level >= 1 && g.Level <= jobLevels))
        {
            cells[level] = label;
        }

        return cells;
    }

    /// <summary>The record with its first fields replaced by <paramref name="values"/> (those fields are blank: empty, spaces or "").</summary>
    private static string WithLeadingCells(Record record, IReadOnlyList<string> values, char delimiter)
    {
        var raw = record.Raw;
        var written = new StringBuilder(raw.Length + values.Sum(v => v.Length + 3));
        var at = 0;
        for (var i = 0; i < values.Count; i++)
        {
            while (at < raw.Length && raw[at] == ' ')
            {
                at++;
            }

            if (raw.AsSpan(at).StartsWith("\"\"", StringComparison.Ordinal))
            {
                at += 2;
            }

            var value = values[i];
            written.Append(value.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 || value != value.Trim()
                ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value);
            if (i < values.Count - 1 && at < raw.Length && raw[at] == delimiter)
            {
                written.Append(delimiter);
                at++;
            }
        }

        return written.Append(raw, at, raw.Length - at).ToString();
    }

    /// <summary>A record's cells, trimmed, with quotes removed ("" inside quotes read as one quote).</summary>
    internal static List<string> Split(string text, char delimiter)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                if (quoted && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == delimiter && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return cells;
    }

    // "Total for Acme", "Total Acme", "TOTAL", "Grand Total", "Subtotal: Acme": the words, then the group named, if any.
    [GeneratedRegex(@"^(grand\s+)?(?<sub>sub\s*)?totals?\b(\s*(for|of)\b)?\s*:?\s*(?<name>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TotalWords();

    // "Sales by Customer Detail", "Sales by Product/Service Summary": what follows "by", less the report's kind.
    [GeneratedRegex(@"\bby\s+(?<name>[^\d,;:()]{1,40}?)(\s+(detail|details|summary|report))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ByPhrase();

    /// <summary>One record: its text (quoted line breaks kept), its raw text with line endings, its first physical line.</summary>
    private sealed record Record(string Text, string Raw, long Line, string LineEndings);

    /// <summary>Reads a UTF-8 text file record by record: a record spans physical lines while a quote is open.</summary>
    private sealed class RecordReader(string path) : IDisposable
    {
        private readonly StreamReader _reader = new(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, 1 << 16);
        private long _line = 1;
        private bool _started;

        public Record? Next()
        {
            var raw = new StringBuilder();
            var endings = new StringBuilder();
            var quotes = 0;
            var start = _line;
            while (true)
            {
                var (line, ending) = ReadLine();
                if (line is null)
                {
                    return raw.Length == 0 ? null : Make();
                }

                raw.Append(line).Append(ending);
                endings.Append(ending);
                _line++;
                quotes += line.Count(c => c == '"');
                if (quotes % 2 == 0 || ending.Length == 0)
                {
                    return Make();
                }
            }

            Record Make()
            {
                var text = raw.ToString();
                return new Record(text.TrimEnd('\r', '\n'), text, start, endings.ToString());
            }
        }

        private (string? Line, string Ending) ReadLine()
        {
            var line = new StringBuilder();
            if (!_started)
            {
                // The byte order mark is no part of the first cell; the copy is written without it.
                _started = true;
                if (_reader.Peek() == '\uFEFF')
                {
                    _reader.Read();
                }
            }

            int c;
            while ((c = _reader.Read()) >= 0)
            {
                if (c == '\n')
                {
                    return (line.ToString(), "\n");
                }

                if (c == '\r')
                {
                    if (_reader.Peek() == '\n')
                    {
                        _reader.Read();
                        return (line.ToString(), "\r\n");
                    }

                    return (line.ToString(), "\r");
                }

                line.Append((char)c);
            }

            return line.Length == 0 ? (null, "") : (line.ToString(), "");
        }

        public void Dispose() => _reader.Dispose();
    }
}
