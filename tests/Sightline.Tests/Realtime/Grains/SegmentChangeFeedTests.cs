using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Sightline.Server.Realtime;

namespace Sightline.Tests.Realtime.Grains;

/// <summary>
/// When the silo's feed registers with the hub: only once the host has started (before that the co-hosted silo is not
/// active and the hub cannot be placed), and again after a failed attempt. A fake hub stands in for the grain.
/// </summary>
public sealed class SegmentChangeFeedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_HostNotStartedYet_RegistersOnlyAfterApplicationStarted()
    {
        var lifetime = new FakeLifetime();
        var hub = new FakeHub(lifetime);
        using var feed = new SegmentChangeFeed(FakeGrains.For(hub), lifetime, NullLogger<SegmentChangeFeed>.Instance);

        await feed.StartAsync(CancellationToken.None);

        // An absence can only be watched for a while: a feed that does not wait calls the hub at once.
        await Task.WhenAny(hub.FirstCall, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.Empty(hub.Calls);
        Assert.False(feed.Ready.IsCompleted);

        lifetime.Start();
        await feed.Ready.WaitAsync(Patience);

        var call = Assert.Single(hub.Calls);
        Assert.True(call.AfterStart);
        Assert.Same(feed, call.Observer);
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Start_HubFailsOnce_RetriesAndIsReadyAfterTheSecondAttempt()
    {
        var lifetime = new FakeLifetime();
        lifetime.Start();
        var hub = new FakeHub(lifetime) { FailuresLeft = 1 };
        using var feed = new SegmentChangeFeed(FakeGrains.For(hub), lifetime, NullLogger<SegmentChangeFeed>.Instance);

        await feed.StartAsync(CancellationToken.None);
        await feed.Ready.WaitAsync(Patience);

        Assert.Equal(2, hub.Calls.Count);
        Assert.All(hub.Calls, c => Assert.Same(feed, c.Observer));
        await feed.StopAsync(CancellationToken.None);
    }

    private static SegmentChange Change(long sequence) =>
        new($"A{sequence}", ["engaged"], [], "rest", "engaged", DateTimeOffset.UnixEpoch, $"EV{sequence}", sequence);

    private static SegmentChangeFeed Fed(params long[] sequences)
    {
        var lifetime = new FakeLifetime();
        var feed = new SegmentChangeFeed(FakeGrains.For(new FakeHub(lifetime)), lifetime, NullLogger<SegmentChangeFeed>.Instance);
        foreach (var sequence in sequences)
        {
            feed.OnSegmentChanged(Change(sequence));
        }

        return feed;
    }

    [Fact]
    public void Listen_AfterAKeptChange_BacklogIsWhatArrivedAfterIt_InArrivalOrder_ThenLiveChangesOnly()
    {
        // Grains finish in any order: 7 arrived before 6, so a client that saw 7 missed 6 although it is lower.
        using var feed = Fed(5, 7, 6, 8);

        using var resumed = feed.Listen(afterSequence: 7);
        feed.OnSegmentChanged(Change(9));

        Assert.Null(resumed.Gap);
        Assert.Equal([6L, 8L], resumed.Backlog.Select(c => c.Sequence));
        Assert.True(resumed.Changes.TryRead(out var live));
        Assert.Equal(9, live.Sequence);
        Assert.False(resumed.Changes.TryRead(out _));
    }

    [Fact]
    public void Listen_WithoutALastSequence_HasNoBacklogAndNoGap()
    {
        using var feed = Fed(1, 2);

        using var fresh = feed.Listen();

        Assert.Empty(fresh.Backlog);
        Assert.Null(fresh.Gap);
        Assert.False(fresh.Changes.TryRead(out _));
    }

    [Fact]
    public void Listen_AfterAChangeNoLongerKept_SaysSoAndGivesEveryKeptLaterChange()
    {
        using var feed = Fed([.. Enumerable.Range(1, SegmentChangeFeed.Kept + 5).Select(i => (long)i)]);

        using var late = feed.Listen(afterSequence: 2);

        Assert.Equal("this server no longer keeps the change of sequence 2 (it keeps the latest 10,000, from sequence 6 on), so some changes after it may be missing", late.Gap);
        Assert.Equal(SegmentChangeFeed.Kept, late.Backlog.Count);
        Assert.Equal((6L, SegmentChangeFeed.Kept + 5L), (late.Backlog[0].Sequence, late.Backlog[^1].Sequence));
    }

    [Fact]
    public void Listen_AfterASequenceThisServerNeverSaw_SaysSo()
    {
        using var feed = Fed();

        using var restarted = feed.Listen(afterSequence: 42);

        Assert.Empty(restarted.Backlog);
        Assert.Equal("this server keeps no segment change from before you reconnected (it restarted, or none happened since it started), "
            + "so changes after sequence 42 may be missing", restarted.Gap);
    }

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public bool HasStarted => _started.IsCancellationRequested;

        public void Start() => _started.Cancel();

        public void StopApplication()
        {
        }
    }

    private sealed record HubCall(ISegmentChangeObserver Observer, bool AfterStart);

    /// <summary>Records each registration; like the real hub before the silo is active, it refuses calls before the host started.</summary>
    private sealed class FakeHub(FakeLifetime lifetime) : ISegmentChangeHub
    {
        private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<HubCall> CallQueue { get; } = new();

        public IReadOnlyList<HubCall> Calls => [.. CallQueue];

        public Task FirstCall => _firstCall.Task;

        public int FailuresLeft { get; set; }

        public Task Subscribe(ISegmentChangeObserver observer)
        {
            CallQueue.Enqueue(new HubCall(observer, lifetime.HasStarted));
            _firstCall.TrySetResult();
            if (!lifetime.HasStarted)
            {
                return Task.FromException(new OrleansException("No active nodes are compatible with grain segmentchangehub"));
            }

            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                return Task.FromException(new OrleansException("the hub is moving"));
            }

            return Task.CompletedTask;
        }

        public Task Publish(SegmentChange change) => Task.CompletedTask;
    }

    /// <summary>
    /// The two calls the feed makes on <see cref="IGrainFactory"/>: its observer reference (the feed itself here) and the
    /// hub. Anything else is a call the test did not expect.
    /// </summary>
#pragma warning disable CA1852 // DispatchProxy derives a type from it
    internal class FakeGrains : DispatchProxy
#pragma warning restore CA1852
    {
        private FakeHub? _hub;

        public static IGrainFactory For(ISegmentChangeHub hub)
        {
            var grains = Create<IGrainFactory, FakeGrains>();
            ((FakeGrains)(object)grains)._hub = (FakeHub)hub;
            return grains;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IGrainFactory.CreateObjectReference) => args![0],
            nameof(IGrainFactory.GetGrain) when targetMethod.IsGenericMethod && targetMethod.GetGenericArguments()[0] == typeof(ISegmentChangeHub)
                && args is [0L, ..] => _hub,
            _ => throw new InvalidOperationException($"unexpected call IGrainFactory.{targetMethod?.Name}({string.Join(", ", args ?? [])})"),
        };
    }
}
