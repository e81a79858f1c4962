using System.Text;
using Sightline.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime;

/// <summary>
/// The journaled workspace log: the store contract through <see cref="TouchpointLog"/> (which hands every call to the
/// open journal), plus what is the journal's own: durable before the fold, reads across journal and table, a restart
/// that still knows every logged id, and recovery of what a stopped journal left (torn last line, already folded
/// entries, corrupt or gapped segments).
/// </summary>
public sealed class TouchpointJournalTests : TouchpointStoreContract, IDisposable
{
    private static readonly TimeSpan NeverByTimer = TimeSpan.FromHours(1);

    private readonly TouchpointWorld _world = new();
    private TouchpointJournal _journal;

    public TouchpointJournalTests()
    {
        _journal = Start();
    }

    private string Folder => Path.Combine(_world.Workspace.Directory, TouchpointJournal.Folder);

    public void Dispose()
    {
        _journal.Dispose();
        _world.Dispose();
    }

    protected override ITouchpointStore Store() => _world.Log();

    protected override Task AppendOnItsOwnConnectionAsync(IReadOnlyList<TouchpointEvent> events)
    {
        using var connection = _world.Workspace.Duplicate();
        new TouchpointLog(connection, FixedClock.Default).Append(events);
        return Task.CompletedTask;
    }

    protected override Task<long> RowsAsync()
    {
        _journal.Fold();
        return Task.FromResult(TableRows());
    }

    private TouchpointJournal Start() => TouchpointJournal.Start(_world.Workspace.Duplicate, FixedClock.Default, NeverByTimer);

    private long TableRows() => _world.Test.Count("SELECT count(*) FROM touchpoint_log");

    private string[] SegmentLines() => [.. Directory.GetFiles(Folder).Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)];

    [Fact]
    public void Append_IsInTheJournalFileWhenItReturns_AndInTheTableOnlyAfterAFold()
    {
        var result = _journal.Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2", "A2")]);

        Assert.Equal(2, result.Appended);
        Assert.Equal(0, TableRows());
        var lines = SegmentLines();
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"EV1\"", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, _journal.Pending);

        _journal.Fold();

        Assert.Equal(2, TableRows());
        Assert.Equal(0, _journal.Pending);
        Assert.Empty(SegmentLines());
        Assert.Equal(["EV1", "EV2"], new TouchpointLog(_world.Workspace).ReadAfter(0).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task AFoldsWorthOfPendingEntries_StartsAFoldWithoutTheTimer_OnTheJournalsOwnThread()
    {
        _journal.Dispose();
        var folds = System.Threading.Channels.Channel.CreateUnbounded<(bool OnPool, string? Thread)>();
        _journal = TouchpointJournal.Start(_world.Workspace.Duplicate, FixedClock.Default, NeverByTimer,
            _ => folds.Writer.TryWrite((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)));

        // A row written by hand under the next sequence makes the fold fail, which tells on which thread it ran.
        _world.Workspace.Execute("INSERT INTO touchpoint_log VALUES ('X1', 'A2', TIMESTAMP '2026-11-23 10:00:00', 'call', NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2026-11-23 10:00:00', 1)");
        var events = Enumerable.Range(1, TouchpointJournal.FoldAt).Select(i => TouchpointWorld.Event($"EV{i}", $"A{i % 7}")).ToList();
        Assert.Equal(TouchpointJournal.FoldAt, _journal.Append(events).Appended);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var fold = await folds.Reader.ReadAsync(wait.Token);
        Assert.False(fold.OnPool);
        Assert.Equal("touchpoint journal fold", fold.Thread);

        _world.Workspace.Execute("DELETE FROM touchpoint_log WHERE event_id = 'X1'");
        _journal.Fold();
        Assert.Equal(TouchpointJournal.FoldAt, TableRows());
    }

    [Fact]
    public void TheDefaultFold_RunsEverySecond()
    {
        // Entries held for several seconds outlived two young collections and died in the old generation (bench/results/realtime.md).
        Assert.Equal(TimeSpan.FromSeconds(1), TouchpointJournal.DefaultFoldEvery);
        Assert.Equal(1, new Sightline.Server.Realtime.RealtimeOptions().JournalFoldSeconds);
    }

    [Fact]
    public void Reads_SeeTableAndJournalAsOneLog()
    {
        _journal.Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2", "A2")]);
        _journal.Fold();
        _journal.Append([TouchpointWorld.Event("EV3"), TouchpointWorld.Event("EV4", "A2")]);

        Assert.Equal([1L, 2, 3, 4], _journal.ReadAfter(0).Select(e => e.Sequence));
        Assert.Equal([2L, 3], _journal.ReadAfter(1, limit: 2).Select(e => e.Sequence));
        Assert.Equal(["EV1", "EV3"], _journal.ReadAccount("A1", 0).Select(e => e.Event.EventId));
        Assert.Equal(["EV3"], _journal.ReadAccount("A1", 2).Select(e => e.Event.EventId));
        Assert.Equal(["EV2", "EV4"], _journal.ReadAccount("A2", 0).Select(e => e.Event.EventId));

        // Folded again and appended to: each account's entries once, from the table or the journal, in order.
        _journal.Fold();
        _journal.Append([TouchpointWorld.Event("EV5", "A2")]);
        Assert.Equal(["EV1", "EV3"], _journal.ReadAccount("A1", 0).Select(e => e.Event.EventId));
        Assert.Equal(["EV2", "EV4", "EV5"], _journal.ReadAccount("A2", 0).Select(e => e.Event.EventId));
        Assert.Equal(["EV5"], _journal.ReadAccount("A2", 4).Select(e => e.Event.EventId));
        Assert.Empty(_journal.ReadAccount("A9", 0));

        // A journal started on a table that holds events knows which accounts have some there.
        _journal.Dispose();
        _journal = Start();
        Assert.Equal(["EV1", "EV3"], _journal.ReadAccount("A1", 0).Select(e => e.Event.EventId));
        Assert.Equal(["EV2", "EV4", "EV5"], _journal.ReadAccount("A2", 0).Select(e => e.Event.EventId));
        Assert.Equal("EV1", _journal.Find("EV1")!.Event.EventId);
        Assert.Equal(3L, _journal.Find("EV3")!.Sequence);
        Assert.Null(_journal.Find("EV9"));
        Assert.Equal(5L, _journal.LastSequence());
    }

    [Fact]
    public void Duplicates_AreFound_InTheJournal_InTheTable_AndAfterARestart()
    {
        _journal.Append([TouchpointWorld.Event("EV1")]);
        _journal.Fold();
        _journal.Append([TouchpointWorld.Event("EV2")]);

        var again = _journal.Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2", channel: "email"), TouchpointWorld.Event("EV3")]);
        Assert.Equal([TouchpointLogStatus.Duplicate, TouchpointLogStatus.Duplicate, TouchpointLogStatus.Appended], again.Events.Select(e => e.Status));
        Assert.Equal(["channel: stored 'call', received 'email'"], again.Events[1].Differences);

        _journal.Dispose();
        _journal = Start();

        var afterRestart = _journal.Append([TouchpointWorld.Event("EV3"), TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV4")]);
        Assert.Equal([3L, 1, 4], afterRestart.Events.Select(e => e.Sequence));
        Assert.Equal((1, 2), (afterRestart.Appended, afterRestart.Duplicates));
    }

    [Fact]
    public void Dispose_FoldsEverything_AndLeavesNoSegment()
    {
        _journal.Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2")]);

        _journal.Dispose();

        Assert.Equal(2, TableRows());
        Assert.Empty(Directory.GetFiles(Folder));
        Assert.Null(TouchpointJournal.Of(_world.Workspace.Directory));
    }

    [Fact]
    public async Task BackgroundFold_ThatFails_IsReported_KeepsTheEventsReadable_AndIsRetried()
    {
        _journal.Dispose();
        var failures = System.Threading.Channels.Channel.CreateUnbounded<Exception>();
        _journal = TouchpointJournal.Start(_world.Workspace.Duplicate, FixedClock.Default, TimeSpan.FromMilliseconds(50), e => failures.Writer.TryWrite(e));

        // A row written by hand, behind the open journal's back, under the sequence it hands out next: the fold's insert fails.
        _world.Workspace.Execute("INSERT INTO touchpoint_log VALUES ('X1', 'A2', TIMESTAMP '2026-11-23 10:00:00', 'call', NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2026-11-23 10:00:00', 1)");
        Assert.Equal(1L, Assert.Single(_journal.Append([TouchpointWorld.Event("EV1")]).Events).Sequence);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var failure = await failures.Reader.ReadAsync(wait.Token);
        Assert.Contains("sequence", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["EV1"], _journal.ReadAccount("A1", 0).Select(e => e.Event.EventId));
        Assert.Equal(1, _journal.Pending);

        _world.Workspace.Execute("DELETE FROM touchpoint_log WHERE event_id = 'X1'");
        while (_journal.Pending > 0)
        {
            await Task.Delay(50, wait.Token);
        }

        Assert.Equal(1, TableRows());
        Assert.Equal("EV1", _world.Workspace.Strings("SELECT event_id FROM touchpoint_log WHERE sequence = 1").Single());
    }

    [Fact]
    public void Start_Twice_ForOneWorkspace_SharesTheJournal_UntilTheLastDispose()
    {
        var second = Start();
        Assert.Same(_journal, second);
        second.Append([TouchpointWorld.Event("EV1")]);

        second.Dispose();
        Assert.Same(_journal, TouchpointJournal.Of(_world.Workspace.Directory));
        Assert.Equal(1, _journal.Append([TouchpointWorld.Event("EV2")]).Appended);
        Assert.Equal(0, TableRows());

        _journal.Dispose();
        Assert.Null(TouchpointJournal.Of(_world.Workspace.Directory));
        Assert.Equal(2, TableRows());
    }

    [Fact]
    public void Cli_AppendsWhileTheJournalIsOpen_ShareItsSequence()
    {
        _journal.Append([TouchpointWorld.Event("EV1")]);

        using var other = _world.Workspace.Duplicate();
        var viaLog = new TouchpointLog(other, FixedClock.Default).Append([TouchpointWorld.Event("EV2"), TouchpointWorld.Event("EV1")]);

        Assert.Equal([2L, 1], viaLog.Events.Select(e => e.Sequence));
        Assert.Equal(2, _journal.Pending);
        Assert.Equal(0, TableRows());
    }

    [Fact]
    public void Recovery_AfterACrash_FoldsEveryAcknowledgedEntry_AndDropsOnlyATornLastLine()
    {
        _journal.Append([TouchpointWorld.Event("EV1")]);
        _journal.Fold();
        var crashed = CrashedJournal([TouchpointWorld.Event("EV2"), TouchpointWorld.Event("EV3", "A2")], tornTail: true);

        var log = new TouchpointLog(_world.Workspace, FixedClock.Default);
        var appended = log.Append([TouchpointWorld.Event("EV4"), TouchpointWorld.Event("EV2")]);

        Assert.Equal([("EV1", 1L), ("EV2", 2), ("EV3", 3), ("EV4", 4)], log.ReadAfter(0).Select(e => (e.Event.EventId, e.Sequence)));
        Assert.Equal([TouchpointLogStatus.Appended, TouchpointLogStatus.Duplicate], appended.Events.Select(e => e.Status));
        Assert.False(File.Exists(crashed));
    }

    [Fact]
    public void Recovery_SkipsEntriesTheTableHoldsAlready()
    {
        // A crash between the fold's commit and the deletion of its segment: the entries are in both.
        _journal.Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2")]);
        var lines = SegmentLines();
        _journal.Fold();
        CrashedJournal([], tornTail: false, extraLines: lines);

        var log = new TouchpointLog(_world.Workspace, FixedClock.Default);

        Assert.Equal([1L, 2], log.ReadAfter(0).Select(e => e.Sequence));
        Assert.Equal(2, TableRows());
    }

    [Fact]
    public void Recovery_OfACorruptLine_StopsWithFileAndLine_AndKeepsTheJournal()
    {
        var path = CrashedJournal([], tornTail: false,
            extraLines: [TouchpointLine(TouchpointWorld.Event("EV1"), 1), "{not json", TouchpointLine(TouchpointWorld.Event("EV2"), 2)]);

        var e = Assert.Throws<InvalidDataException>(() => new TouchpointLog(_world.Workspace, FixedClock.Default).LastSequence());

        Assert.Contains($"{path}, line 2: not a journal entry", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
        Assert.Equal(0, TableRows());
    }

    [Fact]
    public void Recovery_OfAGap_Stops_AndKeepsTheJournal()
    {
        var path = CrashedJournal([], tornTail: false, extraLines: [TouchpointLine(TouchpointWorld.Event("EV1"), 1), TouchpointLine(TouchpointWorld.Event("EV3"), 3)]);

        var e = Assert.Throws<InvalidDataException>(() => new TouchpointLog(_world.Workspace, FixedClock.Default).ReadAfter(0));

        Assert.Contains("the journal skips from sequence 1 to 3 (event EV3); the table holds up to 0", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    /// <summary>
    /// Closes the test's journal (closing is idempotent, so the test's Dispose may close it again) and leaves a segment as a killed process would: entries numbered after the table's
    /// highest sequence, optionally a torn last line (a write that never returned).
    /// </summary>
    private string CrashedJournal(IReadOnlyList<TouchpointEvent> events, bool tornTail, IReadOnlyList<string>? extraLines = null)
    {
        _journal.Dispose();
        var next = TableRows() + 1;
        var text = new StringBuilder();
        foreach (var line in extraLines ?? [])
        {
            text.Append(line).Append('\n');
        }

        foreach (var e in events)
        {
            text.Append(TouchpointLine(e, next++)).Append('\n');
        }

        if (tornTail)
        {
            text.Append(TouchpointLine(TouchpointWorld.Event("EV-torn"), next)[..40]);
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "segment-000000007.jsonl");
        File.WriteAllText(path, text.ToString());

        return path;
    }

    private static string TouchpointLine(TouchpointEvent e, long sequence) =>
        System.Text.Json.JsonSerializer.Serialize(new TouchpointLogEntry(sequence, TouchpointWorld.Now, e));
}
