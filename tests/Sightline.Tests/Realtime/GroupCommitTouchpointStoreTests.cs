using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>Group commit: concurrent callers share commits, each gets its own outcomes, a failing commit fails only its group.</summary>
public sealed class GroupCommitTouchpointStoreTests : IDisposable
{
    private readonly TouchpointWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>An inner store that holds each commit until released, and fails a commit holding a poisoned event id.</summary>
    private sealed class GatedStore(ITouchpointStore inner) : ITouchpointStore, IDisposable
    {
        /// <summary>Lets every held commit through, so a failed test ends instead of waiting for them.</summary>
        public void Dispose() => Gate.Release(1000);

        public SemaphoreSlim Gate { get; } = new(0);

        public TaskCompletionSource FirstEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<IReadOnlyList<string>> Commits { get; } = [];

        public string Description => "gated";

        public async Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
        {
            FirstEntered.TrySetResult();
            await Gate.WaitAsync(cancellationToken);
            Commits.Add([.. events.Select(e => e.EventId)]);
            if (events.Any(e => e.EventId == "POISON"))
            {
                throw new InvalidOperationException("disk full");
            }

            return await inner.AppendAsync(events, cancellationToken);
        }

        public Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10000, CancellationToken cancellationToken = default) =>
            inner.ReadAfterAsync(afterSequence, limit, cancellationToken);

        public Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default) =>
            inner.ReadAccountAsync(accountId, afterSequence, cancellationToken);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCallers_ShareCommitsAndEachGetsItsOwnOutcomes()
    {
        var gated = new GatedStore(_world.Log());
        await using var store = new GroupCommitTouchpointStore(gated);
        using var releaseHeldCommits = gated; // disposed before the store, so a failing test ends instead of waiting on a held commit

        // The first caller's commit is held, so the next 20 queue up behind it and go in one commit together.
        var first = store.AppendAsync([TouchpointWorld.Event("C0-0"), TouchpointWorld.Event("C0-1")]);
        await gated.FirstEntered.Task;
        var rest = Enumerable.Range(1, 20).Select(c => store.AppendAsync([TouchpointWorld.Event($"C{c}-0"), TouchpointWorld.Event($"C{c}-1", "A2")])).ToList();
        while (QueuedCount(store) < 20)
        {
            await Task.Delay(10);
        }

        gated.Gate.Release(2);
        var results = await Task.WhenAll([first, .. rest]);

        Assert.Equal(2, gated.Commits.Count);
        Assert.Equal(2, gated.Commits[0].Count);
        Assert.Equal(40, gated.Commits[1].Count);
        for (var c = 0; c <= 20; c++)
        {
            Assert.Equal([$"C{c}-0", $"C{c}-1"], results[c].Events.Select(e => e.EventId));
            Assert.Equal((2, 0), (results[c].Appended, results[c].Duplicates));
            Assert.Equal(results[c].Events[0].Sequence + 1, results[c].Events[1].Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 42).Select(i => (long)i), results.SelectMany(r => r.Events).Select(e => e.Sequence).Order());
        Assert.Equal(42, _world.Log().LastSequence());
    }

    [Fact]
    public async Task AppendAsync_DuplicatesWithinAndAcrossCallers_AreReportedInEachCallersOwnTerms()
    {
        _world.Log().Append([TouchpointWorld.Event("OLD")]);
        var gated = new GatedStore(_world.Log());
        await using var store = new GroupCommitTouchpointStore(gated);
        using var releaseHeldCommits = gated; // disposed before the store, so a failing test ends instead of waiting on a held commit
        var blocker = store.AppendAsync([TouchpointWorld.Event("B")]);
        await gated.FirstEntered.Task;
        var a = store.AppendAsync([TouchpointWorld.Event("X"), TouchpointWorld.Event("Y"), TouchpointWorld.Event("X")]);
        var b = store.AppendAsync([TouchpointWorld.Event("Y"), TouchpointWorld.Event("OLD")]);
        while (QueuedCount(store) < 2)
        {
            await Task.Delay(10);
        }

        gated.Gate.Release(2);
        await blocker;
        var (ra, rb) = (await a, await b);

        Assert.Equal([TouchpointLogStatus.Appended, TouchpointLogStatus.Appended, TouchpointLogStatus.Duplicate], ra.Events.Select(e => e.Status));
        Assert.Equal("duplicate: repeats event 1 of this batch (sequence 3); not applied again", ra.Events[2].Reason);
        Assert.Equal(ra.Events[0].Sequence, ra.Events[2].Sequence);
        Assert.Equal((2, 1), (ra.Appended, ra.Duplicates));

        Assert.Equal([TouchpointLogStatus.Duplicate, TouchpointLogStatus.Duplicate], rb.Events.Select(e => e.Status));
        Assert.Equal($"duplicate: repeats an event sent at the same time by another request (sequence {ra.Events[1].Sequence}); not applied again", rb.Events[0].Reason);
        Assert.StartsWith("duplicate: already in the log as sequence 1 (received ", rb.Events[1].Reason);
        Assert.Equal((0, 2), (rb.Appended, rb.Duplicates));
        Assert.Equal(4, _world.Log().LastSequence());
    }

    [Fact]
    public async Task AppendAsync_FailingCommit_FailsOnlyThatGroupsCallersWithTheError()
    {
        var gated = new GatedStore(_world.Log());
        await using var store = new GroupCommitTouchpointStore(gated);
        using var releaseHeldCommits = gated; // disposed before the store, so a failing test ends instead of waiting on a held commit
        var before = store.AppendAsync([TouchpointWorld.Event("FIRST")]);
        await gated.FirstEntered.Task;
        var poisoned = store.AppendAsync([TouchpointWorld.Event("POISON")]);
        var neighbour = store.AppendAsync([TouchpointWorld.Event("NEIGHBOUR")]);
        while (QueuedCount(store) < 2)
        {
            await Task.Delay(10);
        }

        gated.Gate.Release(2);
        Assert.Equal(1, (await before).Appended);
        var e1 = await Assert.ThrowsAsync<InvalidOperationException>(() => poisoned);
        var e2 = await Assert.ThrowsAsync<InvalidOperationException>(() => neighbour);
        Assert.Equal("disk full", e1.Message);
        Assert.Same(e1, e2);

        gated.Gate.Release();
        var after = await store.AppendAsync([TouchpointWorld.Event("AFTER")]);
        Assert.Equal(("AFTER", 2L), (after.Events[0].EventId, after.Events[0].Sequence));
        Assert.Equal(["FIRST", "AFTER"], _world.Log().ReadAfter(0).Select(e => e.Event.EventId));
    }

    private static int QueuedCount(GroupCommitTouchpointStore store) => store.Queued;
}
