using System.Threading.Channels;

namespace Sightline.Realtime;

/// <summary>
/// Decorates a touchpoint store so that concurrent appends share one commit. A commit costs a disk sync (8-12 ms for a
/// one-row DuckDB commit here), so committing each request alone caps throughput at about a hundred requests a second;
/// this gathers whatever arrived while the previous commit ran into the next one, and answers each caller, after that
/// commit, with its own events' outcomes. Idempotency and ordering stay the inner store's: a duplicate inside one caller,
/// across callers of one group or against the log is reported as the inner store reports it.
/// </summary>
/// <remarks>
/// One writer loop runs the commits one after another, so sequence order is still commit order. A failing commit fails
/// exactly the callers whose events were in it, with the inner store's exception; the next group is unaffected.
/// </remarks>
public sealed class GroupCommitTouchpointStore : ITouchpointStore, IAsyncDisposable, IDisposable
{
    private readonly ITouchpointStore _inner;
    private readonly int _maxEventsPerCommit;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private int _queued;

    /// <summary>Wraps <paramref name="inner"/>; a group holds at most <paramref name="maxEventsPerCommit"/> events (a caller's batch is never split).</summary>
    public GroupCommitTouchpointStore(ITouchpointStore inner, int maxEventsPerCommit = 5_000)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEventsPerCommit);
        _inner = inner;
        _maxEventsPerCommit = maxEventsPerCommit;
        // Its own thread, not the pool's: a commit blocks on the disk sync, and on a two-core machine a pool thread blocked
        // there is half of the threads that answer requests.
        _writer = Task.Factory.StartNew(Write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Commits made so far (each may hold the events of many callers).</summary>
    public long Commits { get; private set; }

    /// <summary>Callers waiting for the next commit (not counting the one being committed).</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <inheritdoc />
    public string Description => $"{_inner.Description}, group-committed";

    /// <inheritdoc />
    public async Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return new TouchpointLogAppendResult([], 0, 0, 0, 0);
        }

        var pending = new Pending(events, new TaskCompletionSource<TouchpointLogAppendResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(GroupCommitTouchpointStore), "the touchpoint store is shutting down; the events were not appended");
        }

        // The caller may stop waiting, but an event already queued is still committed: cancelling never half-appends.
        return await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10_000, CancellationToken cancellationToken = default) =>
        _inner.ReadAfterAsync(afterSequence, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default) =>
        _inner.ReadAccountAsync(accountId, afterSequence, cancellationToken);

    private void Write()
    {
        var reader = _queue.Reader;
        var group = new List<Pending>();
        Pending? carried = null;
        while (carried is not null || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            var count = 0;
            if (carried is not null)
            {
                group.Add(carried);
                count = carried.Events.Count;
                carried = null;
            }

            while (reader.TryRead(out var next))
            {
                Interlocked.Decrement(ref _queued);
                if (group.Count > 0 && count + next.Events.Count > _maxEventsPerCommit)
                {
                    carried = next; // starts the next group: a caller's batch is never split over two commits
                    break;
                }

                group.Add(next);
                count += next.Events.Count;
            }

            if (group.Count > 0)
            {
                Commit(group);
            }
        }
    }

    private void Commit(List<Pending> group)
    {
        var all = new List<TouchpointEvent>(group.Sum(p => p.Events.Count));
        foreach (var pending in group)
        {
            all.AddRange(pending.Events);
        }

        TouchpointLogAppendResult result;
        try
        {
            result = _inner.AppendAsync(all).GetAwaiter().GetResult();
            Commits++;
        }
#pragma warning disable CA1031 // the failure belongs to this group's callers; the loop must go on for the next group
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(e);
            }

            return;
        }

        var firstAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < all.Count; i++)
        {
            firstAt.TryAdd(all[i].EventId, i);
        }

        var offset = 0;
        foreach (var pending in group)
        {
            var start = offset;
            var outcomes = result.Events.Skip(offset).Take(pending.Events.Count).Select((o, k) => Own(o, start + k, start, pending.Events.Count, firstAt)).ToList();
            offset += pending.Events.Count;
            var duplicates = outcomes.Count(o => o.Status == TouchpointLogStatus.Duplicate);
            pending.Done.TrySetResult(new TouchpointLogAppendResult(outcomes, outcomes.Count - duplicates, duplicates,
                outcomes.Count(o => o.PayloadDiffers), result.LastSequence));
        }
    }

    /// <summary>
    /// The inner store numbers a repeat within its batch by the position in the whole group; a caller knows only its own
    /// batch, so the position is made relative to it, or the repeat is said to come from another request sent at the same time.
    /// </summary>
    private static TouchpointLogOutcome Own(TouchpointLogOutcome outcome, int index, int start, int count, Dictionary<string, int> firstAt)
    {
        if (outcome.Status != TouchpointLogStatus.Duplicate || firstAt[outcome.EventId] == index)
        {
            return outcome;
        }

        var first = firstAt[outcome.EventId];
        var inGroup = $"repeats event {first + 1} of this batch";
        if (!outcome.Reason.Contains(inGroup, StringComparison.Ordinal))
        {
            return outcome; // a copy already in the log before this commit: the inner store's words are right
        }

        var own = first >= start && first < start + count
            ? $"repeats event {first - start + 1} of this batch"
            : "repeats an event sent at the same time by another request";
        return outcome with { Reason = outcome.Reason.Replace(inGroup, own, StringComparison.Ordinal) };
    }

    /// <summary>Stops taking events and waits for the queued ones to be committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private sealed record Pending(IReadOnlyList<TouchpointEvent> Events, TaskCompletionSource<TouchpointLogAppendResult> Done);
}
