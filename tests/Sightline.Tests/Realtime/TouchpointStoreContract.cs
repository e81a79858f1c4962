using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>
/// The promises every <see cref="ITouchpointStore"/> keeps, run against each store (the workspace log and the PostgreSQL
/// log): idempotent appends by event_id with the same duplicate answers word for word, gapless sequences in commit
/// order, replay after a sequence, one account's replay. The clock is fixed at <see cref="TouchpointWorld.Now"/>.
/// </summary>
public abstract class TouchpointStoreContract
{
    /// <summary>More distinct ids than the workspace log passes as parameters of one IN list.</summary>
    public const int LargeBatch = 250;

    /// <summary>A store on the log under test (a new instance each time, as a new request or process would have).</summary>
    protected abstract ITouchpointStore Store();

    /// <summary>Appends through a store on a connection of its own (another request, or another process).</summary>
    protected abstract Task AppendOnItsOwnConnectionAsync(IReadOnlyList<TouchpointEvent> events);

    /// <summary>How many rows the log table holds.</summary>
    protected abstract Task<long> RowsAsync();

    private async Task<TouchpointLogEntry?> FindAsync(string eventId) => (await Store().ReadAfterAsync(0)).SingleOrDefault(e => e.Event.EventId == eventId);

    [Fact]
    public async Task Append_NewEvents_AreStoredInOrderAndReadBackEqual()
    {
        var events = new[] { TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2", "A2", "email"), TouchpointWorld.Event("EV3", "A3", "web") };
        var withEverything = new TouchpointEvent("EV4", "A1", TouchpointWorld.Now.AddMinutes(-1).AddTicks(1_234_560), "support", "ticket_opened", "in",
            "C9", "pending", "Analytics", "T-1", "open");

        var result = await Store().AppendAsync([.. events, withEverything]);

        Assert.Equal((4, 0, 0, 4L), (result.Appended, result.Duplicates, result.DuplicatesDiffering, result.LastSequence));
        Assert.Equal([1L, 2, 3, 4], result.Events.Select(e => e.Sequence));
        Assert.All(result.Events, e => Assert.Equal(TouchpointLogStatus.Appended, e.Status));
        Assert.Equal("appended as sequence 1", result.Events[0].Reason);

        var stored = await Store().ReadAfterAsync(0);
        Assert.Equal([.. events, withEverything], stored.Select(s => s.Event));
        Assert.All(stored, s => Assert.Equal(TouchpointWorld.Now, s.ReceivedAt));
    }

    [Fact]
    public async Task Append_SameEventTwice_IsStoredOnce()
    {
        var e = TouchpointWorld.Event("EV1");
        await Store().AppendAsync([e]);

        var again = await Store().AppendAsync([e]);

        var outcome = Assert.Single(again.Events);
        Assert.Equal((TouchpointLogStatus.Duplicate, 1L, false), (outcome.Status, outcome.Sequence, outcome.PayloadDiffers));
        Assert.Equal("duplicate: already in the log as sequence 1 (received 2026-11-23T12:00:00Z); not applied again", outcome.Reason);
        Assert.Equal((0, 1, 1L), (again.Appended, again.Duplicates, again.LastSequence));
        Assert.Equal(1, await RowsAsync());
    }

    [Fact]
    public async Task Append_SameBatchTwice_AppendsNothingTheSecondTime()
    {
        var batch = Enumerable.Range(1, 5).Select(i => TouchpointWorld.Event($"EV{i}", minutesAgo: i)).ToList();
        await Store().AppendAsync(batch);
        var before = await Store().ReadAfterAsync(0);

        var again = await Store().AppendAsync(batch);

        Assert.Equal((0, 5, 0), (again.Appended, again.Duplicates, again.DuplicatesDiffering));
        Assert.Equal([1L, 2, 3, 4, 5], again.Events.Select(e => e.Sequence));
        Assert.Equal(before, await Store().ReadAfterAsync(0));
    }

    [Fact]
    public async Task Append_DuplicateInsideABatch_IsStoredOnceAndNamesTheFirstCopy()
    {
        var result = await Store().AppendAsync([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2"), TouchpointWorld.Event("EV1")]);

        Assert.Equal((2, 1, 2L), (result.Appended, result.Duplicates, result.LastSequence));
        Assert.Equal("duplicate: repeats event 1 of this batch (sequence 1); not applied again", result.Events[2].Reason);
        Assert.Equal(1L, result.Events[2].Sequence);
        Assert.Equal(2, await RowsAsync());
    }

    [Fact]
    public async Task Append_DuplicateWithDifferentPayload_IsReportedAndTheStoredCopyKept()
    {
        var original = TouchpointWorld.Event("EV1");
        await Store().AppendAsync([original]);
        var changed = original with { Channel = "email", OccurredAt = original.OccurredAt.AddSeconds(1) };

        var result = await Store().AppendAsync([changed, changed with { EventId = "EV2" }]);

        var outcome = result.Events[0];
        Assert.True(outcome.PayloadDiffers);
        Assert.Equal(["occurred_at: stored '2026-11-23T11:00:00Z', received '2026-11-23T11:00:01Z'", "channel: stored 'call', received 'email'"],
            outcome.Differences);
        Assert.Equal("duplicate with a different payload: already in the log as sequence 1 (received 2026-11-23T12:00:00Z); the stored event was kept " +
            "and this one ignored (occurred_at: stored '2026-11-23T11:00:00Z', received '2026-11-23T11:00:01Z'; channel: stored 'call', received 'email')",
            outcome.Reason);
        Assert.Equal((1, 1, 1), (result.Appended, result.Duplicates, result.DuplicatesDiffering));
        Assert.Equal(original, (await FindAsync("EV1"))!.Event);

        var inBatch = await Store().AppendAsync([TouchpointWorld.Event("EV3"), TouchpointWorld.Event("EV3", channel: "chat")]);
        Assert.Equal(["channel: stored 'call', received 'chat'"], inBatch.Events[1].Differences);
    }

    [Fact]
    public async Task Append_LargeBatchResent_FindsEveryDuplicate()
    {
        var batch = Enumerable.Range(0, LargeBatch).Select(i => TouchpointWorld.Event($"EV{i}")).ToList();
        await Store().AppendAsync(batch);
        var resent = batch.Select((e, i) => i % 50 == 0 ? e with { Outcome = "connected" } : e).Append(TouchpointWorld.Event("EV-new")).ToList();

        var result = await Store().AppendAsync(resent);

        Assert.Equal((1, 250, 5, 251L), (result.Appended, result.Duplicates, result.DuplicatesDiffering, result.LastSequence));
        Assert.Equal(["outcome: stored (none), received 'connected'"], result.Events[50].Differences);
    }

    [Fact]
    public async Task ReadAccount_ReturnsOneAccountsEventsAfterASequence()
    {
        var store = Store();
        await store.AppendAsync([TouchpointWorld.Event("EV1", "A1"), TouchpointWorld.Event("EV2", "A2"), TouchpointWorld.Event("EV3", "A1")]);
        await store.AppendAsync([TouchpointWorld.Event("EV4", "A1"), TouchpointWorld.Event("EV3", "A1")]);

        Assert.Equal([("EV1", 1L), ("EV3", 3L), ("EV4", 4L)], (await store.ReadAccountAsync("A1", 0)).Select(e => (e.Event.EventId, e.Sequence)));
        Assert.Equal(["EV4"], (await store.ReadAccountAsync("A1", 3)).Select(e => e.Event.EventId));
        Assert.Equal(["EV2"], (await store.ReadAccountAsync("A2", 0)).Select(e => e.Event.EventId));
        Assert.Empty(await store.ReadAccountAsync("A9", 0));
        Assert.Equal([2L, 3, 4], (await store.ReadAfterAsync(1)).Select(e => e.Sequence));
        Assert.Contains("touchpoint_log", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAfter_ReturnsWhatFollowsASequenceInOrder_PageByPage()
    {
        await Store().AppendAsync([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2")]);
        await Store().AppendAsync([TouchpointWorld.Event("EV2"), TouchpointWorld.Event("EV3"), TouchpointWorld.Event("EV4")]);
        await Store().AppendAsync([TouchpointWorld.Event("EV5")]);

        Assert.Equal(["EV3", "EV4", "EV5"], (await Store().ReadAfterAsync(2)).Select(e => e.Event.EventId));
        Assert.Equal([3L, 4, 5], (await Store().ReadAfterAsync(2)).Select(e => e.Sequence));
        Assert.Empty(await Store().ReadAfterAsync(5));

        // A consumer replaying in pages of two sees every event once, in order.
        var seen = new List<string>();
        for (long after = 0; await Store().ReadAfterAsync(after, limit: 2) is { Count: > 0 } page; after = page[^1].Sequence)
        {
            seen.AddRange(page.Select(e => e.Event.EventId));
        }

        Assert.Equal(["EV1", "EV2", "EV3", "EV4", "EV5"], seen);
    }

    [Fact]
    public async Task Append_EmptyBatch_ChangesNothing()
    {
        await Store().AppendAsync([TouchpointWorld.Event("EV1")]);

        var result = await Store().AppendAsync([]);

        Assert.Equal((0, 0, 0L), (result.Appended, result.Duplicates, result.Events.Count));
        Assert.Equal(1, await RowsAsync());
    }

    [Fact]
    public async Task Append_ConcurrentBatches_GetGaplessSequencesInCommitOrder()
    {
        // Eight writers on connections of their own, and a reader that follows the log with "after the last sequence
        // I saw" while they write: it can only see every event if no sequence ever commits after a higher one.
        var batches = Enumerable.Range(0, 8).Select(b => Enumerable.Range(0, 25).Select(i => TouchpointWorld.Event($"B{b}-{i}")).ToList()).ToList();
        var writers = Task.WhenAll(batches.Select(batch => Task.Run(() => AppendOnItsOwnConnectionAsync(batch))));
        var followed = new List<TouchpointLogEntry>();
        var reader = Store();
        while (true)
        {
            var done = writers.IsCompleted;
            followed.AddRange(await reader.ReadAfterAsync(followed.Count == 0 ? 0 : followed[^1].Sequence));
            if (done)
            {
                break;
            }

            await Task.Delay(2);
        }

        await writers;
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), followed.Select(s => s.Sequence));
        Assert.Equal(batches.SelectMany(b => b).Select(e => e.EventId).Order(), followed.Select(s => s.Event.EventId).Order());
        // Each batch is one transaction, so its events hold consecutive sequences.
        Assert.All(followed.GroupBy(s => s.Event.EventId.Split('-')[0]), g => Assert.Equal(24, g.Max(s => s.Sequence) - g.Min(s => s.Sequence)));
    }
}
