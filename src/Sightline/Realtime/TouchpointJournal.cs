using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// The workspace event log's fast front for a long-running server: an append is durable once its lines are written and
/// synced to a journal file in the workspace (one small <c>write</c> with O_SYNC, well under a millisecond here, where a
/// DuckDB commit costs several), and the journal is folded into <see cref="TouchpointLog.Table"/> in the background,
/// every second or sooner when many entries wait; requests keep their serving snapshot meanwhile (the log is no source
/// of the serving tables). Duplicates are found in memory (a hash of every logged event_id, checked against the stored
/// copy on a hit), so an append reads nothing from the database. Readers see the table and the journal's unfolded
/// entries as one log with the same promises as <see cref="TouchpointLog"/>.
/// </summary>
/// <remarks>
/// One journal per workspace directory and process (DuckDB's file lock keeps other processes out). While it is open,
/// <see cref="TouchpointLog"/> hands every call for that workspace to it, so the CLI's and the server's appends share one
/// sequence. A crash leaves journal segments behind: opening the journal, or any <see cref="TouchpointLog"/> call on the
/// workspace, first folds them into the table (entries the table already holds are skipped, a torn last line, never
/// acknowledged, is dropped), so nothing acknowledged is lost and nothing is stored twice.
/// </remarks>
public sealed class TouchpointJournal : SynchronousTouchpointStore, IDisposable
{
    /// <summary>The folder of the journal's segment files, inside the workspace.</summary>
    public const string Folder = "touchpoint-journal";

    /// <summary>How often the background fold runs by default.</summary>
    /// <remarks>
    /// Each pending entry is a handful of objects held until its fold. At 5,000 events/s, a 5 s interval let them outlive
    /// two young collections and die in the old generation: every other collection was a gen1 one, and p99 was 90–170 ms
    /// where a 1 s interval gives 15–25 ms (docs/realtime.md, the round of 2026-12-03). A fold of a second's events commits in milliseconds.
    /// </remarks>
    public static readonly TimeSpan DefaultFoldEvery = TimeSpan.FromSeconds(1);

    /// <summary>Entries waiting that start a fold at once rather than at the next tick (a second's worth at the target rate).</summary>
    public const int FoldAt = 5_000;

    /// <summary>A line buffer grown past this by a large append is not kept for the next.</summary>
    private const int KeptLineBuffer = 1 << 20;

    private const string SegmentPrefix = "segment-";
    private const string SegmentSuffix = ".jsonl";

    private static readonly ConcurrentDictionary<string, TouchpointJournal> Open = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lock> RecoveryLocks = new(StringComparer.Ordinal);

    private readonly string _key;
    private readonly string _folder;
    private readonly Func<Workspace> _open;
    private readonly Workspace _lookups;
    private readonly Workspace _folds;
    private readonly TimeProvider _clock;
    private readonly Lock _append = new();
    private readonly Lock _fold = new();
    private readonly Dictionary<ulong, long> _sequenceByHash = [];
    private readonly Dictionary<string, long> _collided = new(StringComparer.Ordinal);
    private readonly List<TouchpointLogEntry> _pending = [];

    // The journal lines of one append, and their writer (both used under the append lock only).
    private readonly Utf8JsonWriter _line = new(Stream.Null);
    private ArrayBufferWriter<byte> _lines = new();

    // The pending entries by account: an activating grain reads its own, and scanning every pending entry (up to a fold's
    // worth) under the append lock for each activation cost more than the activation's table read.
    private readonly Dictionary<string, List<TouchpointLogEntry>> _pendingByAccount = new(StringComparer.Ordinal);

    // The accounts with rows in the table: an activating grain whose account has none (most of a day's accounts) reads
    // its events from memory, without a connection and an index lookup in DuckDB.
    private readonly HashSet<string> _inTable = new(StringComparer.Ordinal);
    private readonly List<string> _closedSegments = [];
    private readonly ITimer _timer;

    // Folds run on their own thread: on the thread pool, a fold (a DuckDB insert and the serving stamp check, tens of
    // milliseconds) took one of the two cores' few workers from the requests every second.
    private readonly Thread _foldThread;
    private readonly object _foldSignal = new();
    private bool _foldWanted;
    private bool _stopFolding;
    private readonly Action<Exception>? _foldFailed;
    private FileStream _segment;
    private long _segmentNumber;
    private long _lastSequence;
    private bool _disposed;
    private int _foldQueued;
    private int _holders = 1;

    private TouchpointJournal(string key, Func<Workspace> open, TimeProvider clock, TimeSpan foldEvery, Action<Exception>? foldFailed)
    {
        _foldFailed = foldFailed;
        _key = key;
        _open = open;
        _clock = clock;
        _lookups = open();
        _folds = open();
        _folder = Path.Combine(_lookups.Directory, Folder);
        Recover(_folds);
        _lastSequence = new TouchpointLog(_folds, bypassJournal: true).LastSequence();
        LoadIds();
        _segment = NewSegment();
        _foldThread = new Thread(FoldLoop) { IsBackground = true, Name = "touchpoint journal fold" };
        _foldThread.Start();
        _timer = clock.CreateTimer(_ => RequestFold(), null, foldEvery, foldEvery);
    }

    /// <summary>Events appended and not folded into the table yet.</summary>
    public int Pending
    {
        get
        {
            lock (_append)
            {
                return _pending.Count;
            }
        }
    }

    /// <inheritdoc />
    public override string Description => $"the workspace event log ({TouchpointLog.Table} in {_lookups.Directory}, journaled)";

    /// <summary>
    /// Opens the journal of <paramref name="open"/>'s workspace: folds what a crash left, indexes the logged event_ids
    /// and starts a new segment. <paramref name="open"/> gives a new connection each call (reads run concurrently).
    /// </summary>
    /// <remarks>
    /// A workspace has one journal per process: a second start (another server hosted in the same process) shares the
    /// open one, with its clock and fold interval, and each start is matched by one <see cref="Dispose"/>; the last closes it.
    /// </remarks>
    /// <param name="open">A new connection to the workspace per call.</param>
    /// <param name="clock">Receipt times; the system clock by default.</param>
    /// <param name="foldEvery">How often the background fold runs (<see cref="DefaultFoldEvery"/> by default).</param>
    /// <param name="foldFailed">Told when a background fold fails (its entries stay pending, durable in the journal, and the next fold tries again).</param>
    public static TouchpointJournal Start(Func<Workspace> open, TimeProvider? clock = null, TimeSpan? foldEvery = null, Action<Exception>? foldFailed = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        string key;
        using (var probe = open())
        {
            key = Key(probe.Directory);
        }

        lock (RecoveryLock(key))
        {
            if (Open.TryGetValue(key, out var shared))
            {
                shared._holders++;
                return shared;
            }

            var journal = new TouchpointJournal(key, open, clock ?? TimeProvider.System, foldEvery ?? DefaultFoldEvery, foldFailed);
            Open[key] = journal;
            return journal;
        }
    }

    /// <summary>The open journal of a workspace directory, if any.</summary>
    internal static TouchpointJournal? Of(string directory) => Open.TryGetValue(Key(directory), out var journal) ? journal : null;

    /// <summary>
    /// Folds the segments a stopped journal left into the table: entries above the table's highest sequence are
    /// inserted in one transaction, then the files are deleted. A torn last line (its write never returned, so it was
    /// never acknowledged) is dropped; any other unreadable line stops with an error naming file and line.
    /// </summary>
    /// <returns>The entries inserted.</returns>
    internal static int Recover(Workspace workspace)
    {
        var folder = Path.Combine(workspace.Directory, Folder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var key = Key(workspace.Directory);
        lock (RecoveryLock(key))
        {
            if (Open.ContainsKey(key))
            {
                return 0; // the segments belong to the open journal of this process
            }

            var segments = Segments(folder);
            if (segments.Count == 0)
            {
                return 0;
            }

            var stored = new TouchpointLog(workspace, bypassJournal: true).LastSequence();
            var entries = new List<TouchpointLogEntry>();
            for (var i = 0; i < segments.Count; i++)
            {
                entries.AddRange(ReadSegment(segments[i], lastSegment: i == segments.Count - 1).Where(e => e.Sequence > stored));
            }

            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Sequence != stored + i + 1)
                {
                    throw new InvalidDataException($"{folder}: the journal skips from sequence {stored + i} to {entries[i].Sequence} (event {entries[i].Event.EventId}); "
                        + $"the table holds up to {stored}. The journal is left as it is for inspection.");
                }
            }

            if (entries.Count > 0)
            {
                using var transaction = workspace.Connection.BeginTransaction();
                TouchpointLog.Insert(workspace, entries);
                transaction.Commit();
            }

            foreach (var segment in segments)
            {
                File.Delete(segment);
            }

            return entries.Count;
        }
    }

    /// <summary>
    /// Appends validated events: duplicates found in memory, new events numbered on from the log's highest sequence,
    /// written as one synced write to the current segment. Returns only after the sync.
    /// </summary>
    public override TouchpointLogAppendResult Append(IReadOnlyList<TouchpointEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_append)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stored = new Dictionary<string, TouchpointLogEntry>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (!stored.ContainsKey(e.EventId) && Stored(e.EventId) is { } copy)
                {
                    stored[e.EventId] = copy;
                }
            }

            var plan = TouchpointAppendPlan.Create(events, stored, _lastSequence, _clock.GetUtcNow());
            if (plan.NewEntries.Count > 0)
            {
                Write(plan.NewEntries);
                foreach (var entry in plan.NewEntries)
                {
                    Index(entry.Event.EventId, entry.Sequence);
                    _pending.Add(entry);
                    if (!_pendingByAccount.TryGetValue(entry.Event.AccountId, out var ofAccount))
                    {
                        _pendingByAccount[entry.Event.AccountId] = ofAccount = [];
                    }

                    ofAccount.Add(entry);
                }

                _lastSequence = plan.LastSequence;
                if (_pending.Count >= FoldAt)
                {
                    RequestFold();
                }
            }

            return plan.Result();
        }
    }

    /// <summary>The stored events after <paramref name="afterSequence"/> in sequence order, at most <paramref name="limit"/>.</summary>
    public override IReadOnlyList<TouchpointLogEntry> ReadAfter(long afterSequence, int limit = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Merge(() => _pending.Where(p => p.Sequence > afterSequence), log => log.ReadAfter(afterSequence, limit), limit);
    }

    /// <summary>One account's stored events after <paramref name="afterSequence"/>, in sequence order.</summary>
    public override IReadOnlyList<TouchpointLogEntry> ReadAccount(string accountId, long afterSequence) =>
        Merge(() => _pendingByAccount.TryGetValue(accountId, out var ofAccount) ? ofAccount.Where(p => p.Sequence > afterSequence) : [],
            log => log.ReadAccount(accountId, afterSequence), int.MaxValue, () => _inTable.Contains(accountId));

    /// <summary>The stored copy of an event, or null.</summary>
    public TouchpointLogEntry? Find(string eventId)
    {
        lock (_append)
        {
            return Stored(eventId);
        }
    }

    /// <summary>The highest sequence logged; 0 when the log is empty.</summary>
    public long LastSequence()
    {
        lock (_append)
        {
            return _lastSequence;
        }
    }

    /// <summary>Moves every appended entry into the table now (the timer does it every second by default).</summary>
    public void Fold()
    {
        lock (_fold)
        {
            TouchpointLogEntry[] batch;
            List<string> closed;
            lock (_append)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = [.. _pending];
                if (!_disposed)
                {
                    _segment.Dispose();
                    _closedSegments.Add(_segment.Name);
                    _segment = NewSegment();
                }

                closed = [.. _closedSegments];
            }

            // The log is no source of the serving tables, so requests need not wait for their stamp check after this commit.
            Access.AccountServing.CommitOutsideSources(_folds, () =>
            {
                using var transaction = _folds.Connection.BeginTransaction();
                TouchpointLog.Insert(_folds, batch);
                transaction.Commit();
            });

            lock (_append)
            {
                // Readers take the pending entries before they query the table, so an entry is in one or the other (or both) for every reader.
                _pending.RemoveRange(0, batch.Length);
                var folded = batch[^1].Sequence;
                foreach (var account in batch.Select(e => e.Event.AccountId).Distinct(StringComparer.Ordinal))
                {
                    _inTable.Add(account);
                    var ofAccount = _pendingByAccount[account];
                    ofAccount.RemoveAll(e => e.Sequence <= folded);
                    if (ofAccount.Count == 0)
                    {
                        _pendingByAccount.Remove(account);
                    }
                }

                _closedSegments.RemoveRange(0, closed.Count);
            }

            foreach (var path in closed)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Ends one start; the last folds what is left, deletes the journal's files and closes it.</summary>
    public void Dispose()
    {
        lock (RecoveryLock(_key))
        {
            if (_disposed || --_holders > 0)
            {
                return;
            }

            _timer.Dispose();
            Signal(stop: true);
            _foldThread.Join();
            lock (_append)
            {
                _disposed = true;
                _segment.Dispose();
                _closedSegments.Add(_segment.Name);
            }

            try
            {
                Fold();
                lock (_append)
                {
                    foreach (var path in _closedSegments)
                    {
                        File.Delete(path);
                    }

                    _closedSegments.Clear();
                }
            }
            finally
            {
                // A failed last fold leaves the segments: the next open of the workspace folds them.
                Open.TryRemove(_key, out _);
                _lookups.Dispose();
                _folds.Dispose();
                _line.Dispose();
            }
        }
    }

    private static string Key(string directory) => Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);

    private static Lock RecoveryLock(string key) => RecoveryLocks.GetOrAdd(key, _ => new Lock());

    private static List<string> Segments(string folder) =>
        [.. Directory.EnumerateFiles(folder, SegmentPrefix + "*" + SegmentSuffix).Order(StringComparer.Ordinal)];

    private static List<TouchpointLogEntry> ReadSegment(string path, bool lastSegment)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var entries = new List<TouchpointLogEntry>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            try
            {
                entries.Add(JsonSerializer.Deserialize<TouchpointLogEntry>(lines[i])
                    ?? throw new JsonException("null entry"));
            }
            catch (JsonException e) when (lastSegment && i == lines.Length - 1)
            {
                _ = e; // the write of this line never returned, so the line was never acknowledged
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}, line {i + 1}: not a journal entry ({e.Message}); the journal is left as it is for inspection", e);
            }
        }

        return entries;
    }

    /// <summary>FNV-1a over the id's UTF-16 units: cheap, stable across processes, and only a hint (a hit is checked against the stored copy).</summary>
    private static ulong Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }

    private void LoadIds()
    {
        using var command = _folds.Connection.CreateCommand();
        command.CommandText = $"SELECT event_id, sequence FROM {TouchpointLog.Table}";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                Index(reader.GetString(0), reader.GetInt64(1));
            }
        }

        _inTable.UnionWith(_folds.Strings($"SELECT DISTINCT account_id FROM {TouchpointLog.Table}"));
    }

    /// <summary>Remembers a logged id; an id whose hash another id holds already is kept by its full text.</summary>
    private void Index(string eventId, long sequence)
    {
        if (!_sequenceByHash.TryAdd(Hash(eventId), sequence))
        {
            _collided[eventId] = sequence;
        }
    }

    /// <summary>The stored copy of an id, looked up in memory and confirmed against the entry (pending or in the table).</summary>
    private TouchpointLogEntry? Stored(string eventId)
    {
        if (_collided.TryGetValue(eventId, out var exact))
        {
            return Entry(exact);
        }

        return _sequenceByHash.TryGetValue(Hash(eventId), out var sequence) && Entry(sequence) is { } entry && entry.Event.EventId == eventId
            ? entry
            : null;
    }

    private TouchpointLogEntry? Entry(long sequence)
    {
        if (_pending.Count > 0 && sequence >= _pending[0].Sequence)
        {
            // Pending entries are consecutive sequences.
            var at = (int)(sequence - _pending[0].Sequence);
            return at < _pending.Count ? _pending[at] : null;
        }

        return new TouchpointLog(_lookups, bypassJournal: true).At(sequence);
    }

    private void Write(IReadOnlyList<TouchpointLogEntry> entries)
    {
        // Straight to UTF-8 in a buffer kept between appends (they run under the append lock), not through a string per entry.
        _lines.ResetWrittenCount();
        foreach (var entry in entries)
        {
            _line.Reset(_lines);
            JsonSerializer.Serialize(_line, entry);
            _line.Flush();
            _lines.Write("\n"u8);
        }

        var length = _segment.Length;
        try
        {
            // One write on a file opened with O_SYNC: durable when it returns.
            _segment.Write(_lines.WrittenSpan);
        }
        catch
        {
            // Nothing of this write was acknowledged; cut it off so the segment holds whole lines only.
            _segment.SetLength(length);
            throw;
        }
        finally
        {
            if (_lines.Capacity > KeptLineBuffer)
            {
                _lines = new ArrayBufferWriter<byte>();
            }
        }
    }

    private FileStream NewSegment()
    {
        Directory.CreateDirectory(_folder);
        _segmentNumber = Math.Max(_segmentNumber, Segments(_folder).Select(Number).DefaultIfEmpty(0).Max()) + 1;
        var path = Path.Combine(_folder, SegmentPrefix + _segmentNumber.ToString("D9", CultureInfo.InvariantCulture) + SegmentSuffix);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.WriteThrough);
    }

    private static long Number(string path)
    {
        var name = Path.GetFileName(path);
        return long.TryParse(name.AsSpan(SegmentPrefix.Length, name.Length - SegmentPrefix.Length - SegmentSuffix.Length), NumberStyles.None,
            CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>The wanted pending entries (taken under the append lock) and the table's, by sequence.</summary>
    /// <remarks>
    /// <paramref name="tableHasSome"/> is asked under the same lock: a fold moves entries from pending to the table and
    /// names their accounts in one step, so a reader told the table has none has every entry from pending.
    /// </remarks>
    private IReadOnlyList<TouchpointLogEntry> Merge(Func<IEnumerable<TouchpointLogEntry>> wanted,
        Func<TouchpointLog, IReadOnlyList<TouchpointLogEntry>> fromTable, int limit, Func<bool>? tableHasSome = null)
    {
        List<TouchpointLogEntry> pending;
        lock (_append)
        {
            pending = [.. wanted()];
            if (tableHasSome is not null && !tableHasSome())
            {
                return pending;
            }
        }

        using var workspace = _open();
        var all = new SortedDictionary<long, TouchpointLogEntry>();
        foreach (var entry in fromTable(new TouchpointLog(workspace, bypassJournal: true)).Concat(pending))
        {
            all.TryAdd(entry.Sequence, entry);
        }

        return all.Values.Take(limit).ToList();
    }

    private void RequestFold()
    {
        if (Interlocked.Exchange(ref _foldQueued, 1) == 0)
        {
            Signal(stop: false);
        }
    }

    private void Signal(bool stop)
    {
        lock (_foldSignal)
        {
            _foldWanted = true;
            _stopFolding |= stop;
            Monitor.Pulse(_foldSignal);
        }
    }

    private void FoldLoop()
    {
        while (true)
        {
            lock (_foldSignal)
            {
                while (!_foldWanted)
                {
                    Monitor.Wait(_foldSignal);
                }

                _foldWanted = false;
                if (_stopFolding)
                {
                    return;
                }
            }

            FoldQuietly();
        }
    }

    private void FoldQuietly()
    {
        Volatile.Write(ref _foldQueued, 0);
#pragma warning disable CA1031 // a failed fold leaves the entries pending and their segments on disk; the next tick tries again
        try
        {
            Fold();
        }
        catch (Exception e)
        {
            _foldFailed?.Invoke(e);
        }
#pragma warning restore CA1031
    }
}
