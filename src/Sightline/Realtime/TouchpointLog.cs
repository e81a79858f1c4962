using System.Collections.Concurrent;
using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// The workspace's touchpoint event log (table <c>touchpoint_log</c>): every acknowledged event exactly once, keyed by
/// event_id and numbered by <c>sequence</c> in commit order. An append is one transaction; its answer exists only after
/// the commit returned, and DuckDB's commit has written and synced the write-ahead log by then, so an acknowledged event
/// survives a crash of the process (see docs/realtime.md for why and for the limits).
/// </summary>
/// <remarks>
/// Appends in one process are serialised per database file: the sequence is the highest stored one plus one, and
/// holding the lock until the commit makes commit order equal sequence order, which is what lets a reader that has
/// seen everything up to sequence N resume with "after N" and miss nothing. The UNIQUE constraint on sequence would
/// turn any breach of that rule into a failed append rather than two events sharing a number. DuckDB lets one process open the file,
/// so the lock covers every writer. While a <see cref="TouchpointJournal"/> has the workspace open (a server), every call
/// goes to it, so both share one sequence; otherwise a call first folds what a stopped journal left behind.
/// </remarks>
public sealed class TouchpointLog : SynchronousTouchpointStore
{
    /// <summary>The log table.</summary>
    public const string Table = "touchpoint_log";

    private const string Columns = TouchpointLogEntry.Columns;

    /// <summary>Fields an event carries that the canonical <c>touchpoints</c> table does not have until an import or a fold adds them.</summary>
    private static readonly string[] LogOnlyColumns = ["product_family", "ticket_id", "ticket_state"];

    /// <summary>The log's columns a batch reads from <c>touchpoints</c> (the canonical ones and what live features use), in table order.</summary>
    private static readonly string[] CopiedColumns =
        ["event_id", "account_id", "occurred_at", "channel", "kind", "direction", "contact_id", "outcome", .. LogOnlyColumns];

    private static readonly ConcurrentDictionary<string, FileState> Files = new(StringComparer.Ordinal);

    private readonly Workspace _workspace;
    private readonly TimeProvider _clock;
    private readonly bool _bypassJournal;

    /// <summary>The log of <paramref name="workspace"/>.</summary>
    public TouchpointLog(Workspace workspace, TimeProvider? clock = null)
        : this(workspace, bypassJournal: false, clock)
    {
    }

    /// <summary>The table alone, for the journal itself (which must not be handed its own calls).</summary>
    internal TouchpointLog(Workspace workspace, bool bypassJournal, TimeProvider? clock = null)
    {
        _workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));
        _clock = clock ?? TimeProvider.System;
        _bypassJournal = bypassJournal;
    }

    /// <summary>The workspace's open journal (which then owns every call), after folding a stopped journal's leftovers when there is none.</summary>
    private TouchpointJournal? Journal()
    {
        if (_bypassJournal)
        {
            return null;
        }

        if (TouchpointJournal.Of(_workspace.Directory) is { } journal)
        {
            return journal;
        }

        TouchpointJournal.Recover(_workspace);
        return null;
    }

    /// <summary>
    /// Appends validated events in one transaction, idempotently by event_id: an id already in the log, or earlier in
    /// the same batch, is reported as a duplicate (with the fields where its payload differs) and not stored again;
    /// the stored copy is never overwritten.
    /// </summary>
    /// <returns>Per event, appended or duplicate; returned only after the commit.</returns>
    public override TouchpointLogAppendResult Append(IReadOnlyList<TouchpointEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (Journal() is { } journal)
        {
            return journal.Append(events);
        }

        var file = Files.GetOrAdd(Path.Combine(_workspace.Directory, Workspace.DatabaseFileName), _ => new FileState());
        lock (file)
        {
            using var transaction = _workspace.Connection.BeginTransaction();
            var (condition, parameters) = TouchpointLogKeys.In(_workspace, "event_id", events.Select(e => e.EventId).ToList());
            var stored = (events.Count == 0 ? [] : Read($"SELECT {Columns} FROM {Table} WHERE {condition}", parameters))
                .ToDictionary(e => e.Event.EventId, StringComparer.Ordinal);
            var plan = TouchpointAppendPlan.Create(events, stored, LastSequenceFrom(file.KnownSequence), _clock.GetUtcNow());
            Insert(_workspace, plan.NewEntries);
            transaction.Commit();
            file.KnownSequence = plan.LastSequence;
            return plan.Result();
        }
    }

    /// <summary>
    /// The stored events after <paramref name="afterSequence"/>, in sequence order, at most <paramref name="limit"/>:
    /// the replay path (a consumer that applied everything up to N asks for what follows N, page by page).
    /// </summary>
    public override IReadOnlyList<TouchpointLogEntry> ReadAfter(long afterSequence, int limit = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Journal() is { } journal)
        {
            return journal.ReadAfter(afterSequence, limit);
        }

        return Read($"SELECT {Columns} FROM {Table} WHERE sequence > $1 ORDER BY sequence LIMIT $2", afterSequence, limit);
    }

    /// <summary>One account's stored events after <paramref name="afterSequence"/>, in sequence order.</summary>
    public override IReadOnlyList<TouchpointLogEntry> ReadAccount(string accountId, long afterSequence)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (Journal() is { } journal)
        {
            return journal.ReadAccount(accountId, afterSequence);
        }

        // A plain equality on a constant is what DuckDB answers from the account index; a second condition, a parameter or
        // an ORDER BY turns it into a scan of the whole log, so the sequence is filtered and ordered here.
        var entries = Read($"SELECT {Columns} FROM {Table} WHERE account_id = {Sql.Literal(accountId)}");
        entries.RemoveAll(e => e.Sequence <= afterSequence);
        entries.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return entries;
    }

    /// <summary>
    /// Copies the logged events that <c>touchpoints</c> does not hold yet (by event_id) into it, so the batch run that follows
    /// counts them: without this, the next baseline would lack the day's live touches and a grain rebasing onto it would
    /// drop them from its windows. Idempotent; a CRM export that later brings the same event_id updates the row as any
    /// import does. An open journal in this process is folded into the log first. The copy of a cluster's log
    /// (<see cref="ClusterTouchpointLogCopy"/>), when the workspace holds one, is copied the same way.
    /// </summary>
    public TouchpointLogFold FoldIntoTouchpoints()
    {
        Journal()?.Fold();
        var existing = Access.DbRows.Read(_workspace, "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'touchpoints' AND schema_name = 'main'")
            .ToDictionary(r => (string)r["column_name"]!, r => (string)r["data_type"]!, StringComparer.Ordinal);
        // Both logs: the workspace's and the copy of a cluster's; an event in both is taken once.
        const string Logged = $"""
            (SELECT 0 AS log_source, * FROM {Table}
                UNION ALL SELECT 1, * FROM {ClusterTouchpointLogCopy.Table} c WHERE NOT EXISTS (SELECT 1 FROM {Table} w WHERE w.event_id = c.event_id)) l
            """;
        const string Fresh = $"""
            FROM {Logged}
            WHERE l.account_id IN (SELECT account_id FROM accounts)
                AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.event_id = l.event_id)
            """;
        var added = new List<string>();
        var notes = new List<string>();
        using var transaction = _workspace.Connection.BeginTransaction();
        foreach (var column in LogOnlyColumns.Where(c => !existing.ContainsKey(c)))
        {
            if (Convert.ToInt64(_workspace.Scalar($"SELECT count(*) {Fresh} AND l.{column} IS NOT NULL"), CultureInfo.InvariantCulture) > 0)
            {
                _workspace.Execute($"ALTER TABLE touchpoints ADD COLUMN {column} VARCHAR");
                existing[column] = "VARCHAR";
                added.Add(column);
            }
        }

        // A column the import created with its own type (a numeric ticket_id, say) takes what casts; the rest stays in the log.
        var copied = CopiedColumns.Where(existing.ContainsKey).ToList();
        foreach (var column in copied.Where(c => existing[c] != "VARCHAR"))
        {
            var misfits = Convert.ToInt64(_workspace.Scalar(
                $"SELECT count(*) {Fresh} AND l.{column} IS NOT NULL AND TRY_CAST(l.{column} AS {existing[column]}) IS NULL"), CultureInfo.InvariantCulture);
            if (misfits > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Counted.Of(misfits, column + " value")} {Counted.Agree(misfits, "is", "are")} not {existing[column]} as touchpoints.{column} expects and {Counted.Agree(misfits, "was", "were")} left empty there (the log keeps {Counted.Agree(misfits, "it", "them")})"));
            }
        }

        var unknown = Convert.ToInt64(_workspace.Scalar($"""
            SELECT count(*) FROM {Logged}
            WHERE l.account_id NOT IN (SELECT account_id FROM accounts) AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.event_id = l.event_id)
            """), CultureInfo.InvariantCulture);
        var values = copied.Select(c => existing[c] == "VARCHAR" ? $"l.{c}" : $"TRY_CAST(l.{c} AS {existing[c]})");
        using var insert = _workspace.Connection.CreateCommand();
        insert.CommandText = $"INSERT INTO touchpoints ({string.Join(", ", copied)}) SELECT {string.Join(", ", values)} {Fresh} ORDER BY l.log_source, l.sequence";
        var folded = insert.ExecuteNonQuery();
        transaction.Commit();
        return new TouchpointLogFold(folded, unknown, added, notes);
    }

    /// <inheritdoc />
    public override string Description => $"the workspace event log ({Table} in {_workspace.Directory})";

    /// <summary>The stored copy of an event, or null.</summary>
    public TouchpointLogEntry? Find(string eventId) => Journal() is { } journal ? journal.Find(eventId) : Read($"SELECT {Columns} FROM {Table} WHERE event_id = $1", eventId).FirstOrDefault();

    /// <summary>The stored entry of a sequence, or null (the table only).</summary>
    internal TouchpointLogEntry? At(long sequence) => Read($"SELECT {Columns} FROM {Table} WHERE sequence = $1", sequence).FirstOrDefault();

    /// <summary>Writes entries to the log table (or a table of its layout) inside the caller's transaction.</summary>
    internal static void Insert(Workspace workspace, IEnumerable<TouchpointLogEntry> entries, string table = Table)
    {
        using var appender = workspace.Connection.CreateAppender(table);
        foreach (var (sequence, receivedAt, e) in entries)
        {
            appender.CreateRow()
                .AppendValue(e.EventId).AppendValue(e.AccountId).AppendValue(e.OccurredAt.UtcDateTime).AppendValue(e.Channel)
                .AppendValue(e.Kind).AppendValue(e.Direction).AppendValue(e.ContactId).AppendValue(e.Outcome)
                .AppendValue(e.ProductFamily).AppendValue(e.TicketId).AppendValue(e.TicketState)
                .AppendValue(receivedAt.UtcDateTime).AppendValue(sequence)
                .EndRow();
        }
    }

    /// <summary>The highest sequence stored; 0 when the log is empty.</summary>
    public long LastSequence() => Journal() is { } journal ? journal.LastSequence() :
        Convert.ToInt64(_workspace.Scalar($"SELECT coalesce(max(sequence), 0) FROM {Table}"), CultureInfo.InvariantCulture);

    /// <summary>
    /// The highest sequence, reading only the rows at or above <paramref name="known"/>: DuckDB skips every row group
    /// whose statistics lie below it, so an append does not scan the whole log. The hint is only a lower bound (rows
    /// added by another process since are found; if the hint's row is gone, the whole column is read).
    /// </summary>
    private long LastSequenceFrom(long known)
    {
        if (known > 0)
        {
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"SELECT max(sequence) FROM {Table} WHERE sequence >= $1";
            command.Parameters.Add(new DuckDBParameter(known));
            if (command.ExecuteScalar() is long found)
            {
                return found;
            }
        }

        return LastSequence();
    }

    /// <summary>What the appends of this process know about one database file; its lock serialises them.</summary>
    private sealed class FileState
    {
        /// <summary>The highest sequence this process committed, a lower bound for the next append's lookup.</summary>
        public long KnownSequence { get; set; }
    }

    private List<TouchpointLogEntry> Read(string sql, params object[] parameters)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter));
        }

        using var reader = command.ExecuteReader();
        var entries = new List<TouchpointLogEntry>();
        while (reader.Read())
        {
            entries.Add(TouchpointLogEntry.FromRecord(reader));
        }

        Workspace.Trace(sql, started);
        return entries;
    }
}
