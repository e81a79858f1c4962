using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    // Salesforce's default open task statuses; "Completed" is its closed one. An org's own statuses are left alone.
    private static readonly string[] OpenTaskStatuses = ["not started", "in progress", "waiting on someone else", "deferred"];

    /// <summary>
    /// Salesforce's Task and Event objects hold more than touches of an account: open tasks and planned meetings (not done
    /// yet), plain to-dos (a reminder, through no channel) and activities about leads (no account). A Data Export always
    /// has some, so refusing them would refuse every export. Like records in the recycle bin, they are taken out of the
    /// staging table (not loaded, not counted as rows read, later rows keep their line numbers), with one note per kind
    /// naming their lines. Only rows recognisable by Salesforce's own columns are taken out: a file without them is read
    /// as before, and a row with a real problem (an unknown channel, an account not in the workspace) is still refused.
    /// </summary>
    private void SkipSalesforceNonTouches(FileStage stage, DateOnly today)
    {
        if (stage.Table.Name != "touchpoints")
        {
            return;
        }

        var columns = stage.Canonical.Values.Concat(stage.Customs).ToList();
        MappedColumn? Header(string name) => columns.FirstOrDefault(m => ColumnMapper.Normalise(m.Header) == name);
        // The staged text of a text column: a custom column's raw value, a canonical one's value as read.
        static string Cell(MappedColumn m) => m.IsCustom ? $"r{m.Position}" : $"t_{m.Column}";

        var (isClosed, status, taskSubtype, who, what) = (Header("isclosed"), Header("status"), Header("tasksubtype"), Header("whoid"), Header("whatid"));
        var eventFile = Header("eventsubtype") ?? Header("isalldayevent");
        var kinds = new List<(string Condition, Func<long, string, string> Note)>();
        if (eventFile is null && isClosed is not null)
        {
            kinds.Add(($"lower({Cell(isClosed)}) IN ('false', '0', 'no')", (n, lines) =>
                $"{Counted(n, "open task", "open tasks")} ({isClosed.Header} false: {lines}) {(n == 1 ? "is not a touch" : "are not touches")} yet: skipped"));
        }
        else if (eventFile is null && status is not null && (taskSubtype ?? who ?? what) is not null)
        {
            // An export without ISCLOSED: the status says whether the task is done.
            var open = $"lower({Cell(status)}) IN ({string.Join(", ", OpenTaskStatuses.Select(Sql.Literal))})";
            var words = string.Join(", ", Words(Cell(status), open).Select(w => $"'{w}'")); // read before any row is taken out
            kinds.Add((open, (n, lines) =>
                $"{Counted(n, "open task", "open tasks")} ({status.Header} {words}: {lines}) "
                + $"{(n == 1 ? "is not a touch" : "are not touches")} yet: skipped"));
        }

        if (eventFile is not null && stage.Canonical.TryGetValue("occurred_at", out var occurred))
        {
            // A meeting on the calendar has not happened. Compared with today, not with today plus the future-date tolerance:
            // that tolerance lets a touch recorded a little ahead (a clock, a time zone) load, while most planned meetings
            // fall within the next week and would load as touches that never took place.
            kinds.Add(($"t_occurred_at >= TIMESTAMP '{today.AddDays(1):yyyy-MM-dd} 00:00:00'", (n, lines) =>
                $"{Counted(n, "planned event", "planned events")} ({occurred.Header} after today, {today:yyyy-MM-dd}: {lines}) "
                + $"{(n == 1 ? "has" : "have")} not happened yet: skipped"));
        }

        if (taskSubtype is not null && stage.Canonical.TryGetValue("channel", out var channel))
        {
            // The channel read from TYPE, or from the subtype where TYPE is blank, is the word "Task" (no channel's name): a
            // to-do. A user's value_maps entry for the word reads it as a channel instead, and the row loads.
            var type = channel.Position < stage.Headers.Count ? channel.Header : "TYPE";
            kinds.Add(($"t_channel = 'task' AND lower({Cell(taskSubtype)}) = 'task'", (n, lines) =>
                $"{Counted(n, "to-do", "to-dos")} ({taskSubtype.Header} Task without a {type}: {lines}) {(n == 1 ? "names" : "name")} no channel: skipped; "
                + $"to load {(n == 1 ? "it as a touch" : "them as touches")}, map the word in sightline.yaml: value_maps.touchpoints.channel (Task: call)"));
        }

        if (who is not null && stage.Canonical.ContainsKey("account_id"))
        {
            // 00Q is the key prefix of a lead, 001 of an account.
            var aboutLead = $"t_account_id IS NULL AND {Cell(who)} LIKE '00Q%'" + (what is null ? "" : $" AND ({Cell(what)} IS NULL OR {Cell(what)} NOT LIKE '001%')");
            kinds.Add((aboutLead, (n, lines) =>
                $"{(n == 1 ? "1 activity about a lead" : $"{n:N0} activities about leads")} ({who.Header} 00Q..., no account: {lines}): skipped; Sightline tracks accounts"));
        }

        SkipRows(stage, kinds);
    }

    /// <summary>
    /// Takes the rows of each kind out of the staging table (not loaded, not counted as rows read, later rows keep their
    /// line numbers), with one note per kind naming their lines.
    /// </summary>
    private void SkipRows(FileStage stage, IReadOnlyList<(string Condition, Func<long, string, string> Note)> kinds)
    {
        var found = new List<(Func<long, string, string> Note, long Count, List<long> Rids)>();
        foreach (var (condition, note) in kinds)
        {
            if (Count($"SELECT count(*) FROM {Stg} WHERE {condition}") is > 0 and var count)
            {
                var rids = _workspace.Strings($"SELECT CAST({Rid()} AS VARCHAR) FROM {Stg} WHERE {condition} ORDER BY rowid LIMIT {ShownLines}")
                    .Select(r => long.Parse(r, CultureInfo.InvariantCulture)).ToList();
                _workspace.Execute($"DELETE FROM {Stg} WHERE {condition}");
                found.Add((note, count, rids));
            }
        }

        if (found.Count == 0)
        {
            return;
        }

        var source = stage.Source;
        var skipped = found.Sum(f => f.Count);
        Dictionary<long, CsvRecordLocation> located = [];
        var consistent = false;
        if (source.HasTextLines)
        {
            // Records are counted as staged before these rows were taken out, so the scan finds each by its ordinal.
            var scan = source.Locate(found.SelectMany(f => f.Rids).ToHashSet(), stage.Headers.Count, stage.WellFormedRecords);
            (located, consistent) = (scan.Found, scan.Consistent);
        }

        long LineOf(long rid) => consistent && located.TryGetValue(rid, out var location) ? location.Line : source.RowNumber(rid);
        foreach (var (note, count, rids) in found)
        {
            var lines = rids.Select(LineOf).Select(l => l.ToString(CultureInfo.InvariantCulture)).ToList();
            var shown = $"line{(count == 1 ? "" : "s")} {string.Join(", ", lines)}{(count > lines.Count ? $" and {count - lines.Count:N0} more" : "")}";
            source.Notes.Add($"{source.Name}: {note(count, shown)}");
        }

        stage.Staged -= skipped;
        stage.SkippedRows += skipped;
    }

    private const int ShownLines = 10;

    private static string Counted(long n, string one, string many) => n == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{n:N0} {many}");

    /// <summary>The distinct values of <paramref name="cell"/> on the rows where <paramref name="condition"/> holds, as written, in file order.</summary>
    private List<string> Words(string cell, string condition) =>
        _workspace.Strings($"SELECT {cell} FROM {Stg} WHERE {condition} GROUP BY {cell} ORDER BY min(rowid)");
}
