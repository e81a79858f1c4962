using Sightline.Realtime;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>The touchpoint event log: idempotent appends, duplicate reports, replay after a sequence, durability.</summary>
public sealed class TouchpointLogTests : IDisposable
{
    private readonly TouchpointWorld _world = new();

    public void Dispose() => _world.Dispose();

    private long Rows() => _world.Test.Count("SELECT count(*) FROM touchpoint_log");

    [Fact]
    public void Append_NewEvents_AreStoredInOrderAndReadBackEqual()
    {
        var events = new[] { TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2", "A2", "email"), TouchpointWorld.Event("EV3", "A3", "web") };
        var withEverything = new TouchpointEvent("EV4", "A1", TouchpointWorld.Now.AddMinutes(-1).AddTicks(1_234_560), "support", "ticket_opened", "in",
            "C9", "pending", "Analytics", "T-1", "open");

        var result = _world.Log().Append([.. events, withEverything]);

        Assert.Equal((4, 0, 0, 4L), (result.Appended, result.Duplicates, result.DuplicatesDiffering, result.LastSequence));
        Assert.Equal([1L, 2, 3, 4], result.Events.Select(e => e.Sequence));
        Assert.All(result.Events, e => Assert.Equal(TouchpointLogStatus.Appended, e.Status));
        Assert.Equal("appended as sequence 1", result.Events[0].Reason);

        var stored = _world.Log().ReadAfter(0);
        Assert.Equal([.. events, withEverything], stored.Select(s => s.Event));
        Assert.All(stored, s => Assert.Equal(TouchpointWorld.Now, s.ReceivedAt));
    }

    [Fact]
    public void Append_SameEventTwice_IsStoredOnce()
    {
        var e = TouchpointWorld.Event("EV1");
        _world.Log().Append([e]);

        var again = _world.Log().Append([e]);

        var outcome = Assert.Single(again.Events);
        Assert.Equal((TouchpointLogStatus.Duplicate, 1L, false), (outcome.Status, outcome.Sequence, outcome.PayloadDiffers));
        Assert.Equal("duplicate: already in the log as sequence 1 (received 2026-11-23T12:00:00Z); not applied again", outcome.Reason);
        Assert.Equal((0, 1, 1L), (again.Appended, again.Duplicates, again.LastSequence));
        Assert.Equal(1, Rows());
    }

    [Fact]
    public void Append_SameBatchTwice_AppendsNothingTheSecondTime()
    {
        var batch = Enumerable.Range(1, 5).Select(i => TouchpointWorld.Event($"EV{i}", minutesAgo: i)).ToList();
        _world.Log().Append(batch);
        var before = _world.Workspace.TableFingerprints()["touchpoint_log"];

        var again = _world.Log().Append(batch);

        Assert.Equal((0, 5, 0), (again.Appended, again.Duplicates, again.DuplicatesDiffering));
        Assert.Equal([1L, 2, 3, 4, 5], again.Events.Select(e => e.Sequence));
        Assert.Equal(before, _world.Workspace.TableFingerprints()["touchpoint_log"]);
    }

    [Fact]
    public void Append_DuplicateInsideABatch_IsStoredOnceAndNamesTheFirstCopy()
    {
        var result = _world.Log().Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2"), TouchpointWorld.Event("EV1")]);

        Assert.Equal((2, 1, 2L), (result.Appended, result.Duplicates, result.LastSequence));
        Assert.Equal("duplicate: repeats event 1 of this batch (sequence 1); not applied again", result.Events[2].Reason);
        Assert.Equal(1L, result.Events[2].Sequence);
        Assert.Equal(2, Rows());
    }

    [Fact]
    public void Append_DuplicateWithDifferentPayload_IsReportedAndTheStoredCopyKept()
    {
        var original = TouchpointWorld.Event("EV1");
        _world.Log().Append([original]);
        var changed = original with { Channel = "email", OccurredAt = original.OccurredAt.AddSeconds(1) };

        var result = _world.Log().Append([changed, changed with { EventId = "EV2" }]);

        var outcome = result.Events[0];
        Assert.True(outcome.PayloadDiffers);
        Assert.Equal(["occurred_at: stored '2026-11-23T11:00:00Z', received '2026-11-23T11:00:01Z'", "channel: stored 'call', received 'email'"],
            outcome.Differences);
        Assert.Equal("duplicate with a different payload: already in the log as sequence 1 (received 2026-11-23T12:00:00Z); the stored event was kept " +
            "and this one ignored (occurred_at: stored '2026-11-23T11:00:00Z', received '2026-11-23T11:00:01Z'; channel: stored 'call', received 'email')",
            outcome.Reason);
        Assert.Equal((1, 1, 1), (result.Appended, result.Duplicates, result.DuplicatesDiffering));
        Assert.Equal(original, _world.Log().Find("EV1")!.Event);

        var inBatch = _world.Log().Append([TouchpointWorld.Event("EV3"), TouchpointWorld.Event("EV3", channel: "chat")]);
        Assert.Equal(["channel: stored 'call', received 'chat'"], inBatch.Events[1].Differences);
    }

    [Fact]
    public void Append_BatchLargerThanAnInList_FindsDuplicatesThroughTheKeyTable()
    {
        var batch = Enumerable.Range(0, 250).Select(i => TouchpointWorld.Event($"EV{i}")).ToList();
        _world.Log().Append(batch);
        var resent = batch.Select((e, i) => i % 50 == 0 ? e with { Outcome = "connected" } : e).Append(TouchpointWorld.Event("EV-new")).ToList();

        var result = _world.Log().Append(resent);

        Assert.True(resent.Select(e => e.EventId).Distinct().Count() > TouchpointLogKeys.MaxParameters);
        Assert.Equal((1, 250, 5, 251L), (result.Appended, result.Duplicates, result.DuplicatesDiffering, result.LastSequence));
        Assert.Equal(["outcome: stored (none), received 'connected'"], result.Events[50].Differences);
    }

    [Fact]
    public async Task ReadAccount_ReturnsOneAccountsEventsAfterASequence_ThroughTheStoreInterface()
    {
        ITouchpointStore store = _world.Log();
        await store.AppendAsync([TouchpointWorld.Event("EV1", "A1"), TouchpointWorld.Event("EV2", "A2"), TouchpointWorld.Event("EV3", "A1")]);
        await store.AppendAsync([TouchpointWorld.Event("EV4", "A1"), TouchpointWorld.Event("EV3", "A1")]);

        Assert.Equal([("EV1", 1L), ("EV3", 3L), ("EV4", 4L)], (await store.ReadAccountAsync("A1", 0)).Select(e => (e.Event.EventId, e.Sequence)));
        Assert.Equal(["EV4"], (await store.ReadAccountAsync("A1", 3)).Select(e => e.Event.EventId));
        Assert.Equal(["EV2"], (await store.ReadAccountAsync("A2", 0)).Select(e => e.Event.EventId));
        Assert.Equal([2L, 3, 4], (await store.ReadAfterAsync(1)).Select(e => e.Sequence));
        Assert.Contains("touchpoint_log", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAfter_ReturnsWhatFollowsASequenceInOrder_PageByPage()
    {
        _world.Log().Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2")]);
        _world.Log().Append([TouchpointWorld.Event("EV2"), TouchpointWorld.Event("EV3"), TouchpointWorld.Event("EV4")]);
        _world.Log().Append([TouchpointWorld.Event("EV5")]);

        Assert.Equal(["EV3", "EV4", "EV5"], _world.Log().ReadAfter(2).Select(e => e.Event.EventId));
        Assert.Equal([3L, 4, 5], _world.Log().ReadAfter(2).Select(e => e.Sequence));
        Assert.Empty(_world.Log().ReadAfter(5));
        Assert.Equal(5, _world.Log().LastSequence());

        // A consumer replaying in pages of two sees every event once, in order.
        var seen = new List<string>();
        for (long after = 0; _world.Log().ReadAfter(after, limit: 2) is { Count: > 0 } page; after = page[^1].Sequence)
        {
            seen.AddRange(page.Select(e => e.Event.EventId));
        }

        Assert.Equal(["EV1", "EV2", "EV3", "EV4", "EV5"], seen);
    }

    [Fact]
    public void Append_AfterRowsWrittenBehindItsBack_StillNumbersFromTheHighestStored()
    {
        // The log remembers the last sequence it committed only as a lower bound for its lookup; rows another
        // process appended since, or a log emptied by hand, must not lead to a reused or skipped number.
        _world.Log().Append([TouchpointWorld.Event("EV1")]);
        _world.Workspace.Execute("INSERT INTO touchpoint_log SELECT 'X' || i, 'A1', TIMESTAMP '2026-11-23 10:00:00', 'call', NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2026-11-23 10:00:00', i FROM range(2, 5) t(i)");
        Assert.Equal(5L, Assert.Single(_world.Log().Append([TouchpointWorld.Event("EV2")]).Events).Sequence);

        _world.Workspace.Execute("DELETE FROM touchpoint_log");
        Assert.Equal(1L, Assert.Single(_world.Log().Append([TouchpointWorld.Event("EV3")]).Events).Sequence);
    }

    [Fact]
    public void Append_EmptyBatch_ChangesNothing()
    {
        var result = _world.Log().Append([]);
        Assert.Equal((0, 0, 0L), (result.Appended, result.Duplicates, result.LastSequence));
        Assert.Equal(0, Rows());
    }

    [Fact]
    public void Append_ConcurrentBatches_GetGaplessSequencesInCommitOrder()
    {
        // Several server requests at once, each on its own connection to the same file.
        var batches = Enumerable.Range(0, 8).Select(b => Enumerable.Range(0, 25).Select(i => TouchpointWorld.Event($"B{b}-{i}")).ToList()).ToList();
        Parallel.ForEach(batches, batch =>
        {
            using var connection = _world.Workspace.Duplicate();
            new TouchpointLog(connection, FixedClock.Default).Append(batch);
        });

        var stored = _world.Log().ReadAfter(0);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), stored.Select(s => s.Sequence));
        // Each batch is one transaction, so its events hold consecutive sequences.
        Assert.All(stored.GroupBy(s => s.Event.EventId.Split('-')[0]), g => Assert.Equal(24, g.Max(s => s.Sequence) - g.Min(s => s.Sequence)));
    }

    [Fact]
    public void Append_IsDurableWithoutAClose_TheCommittedWalIsEnough()
    {
        _world.Log().Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2")]);

        // Copy the files while the workspace is still open and never checkpointed: what a crash right after the
        // acknowledgement would leave on disk.
        using var crashed = new TempDirectory();
        var source = _world.Test.WorkspaceDirectory;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(crashed.Path, Path.GetFileName(file)));
        }

        Assert.True(File.Exists(Path.Combine(crashed.Path, Workspace.DatabaseFileName + ".wal")), "the commit should have left a write-ahead log");
        using var recovered = Workspace.Open(crashed.Path);
        Assert.Equal(["EV1", "EV2"], new TouchpointLog(recovered).ReadAfter(0).Select(e => e.Event.EventId));
    }

    [Fact]
    public void Migration_AddsTheLogToAnOlderWorkspace()
    {
        using var directory = new TempDirectory();
        using (var old = Workspace.Init(directory.File("old"), Migrations.Current - 1))
        {
            Assert.False(old.TableExists(TouchpointLog.Table));
        }

        using var opened = Workspace.Open(directory.File("old"));
        Assert.True(opened.TableExists(TouchpointLog.Table));
        Assert.Equal(0, new TouchpointLog(opened).LastSequence());
    }
}
