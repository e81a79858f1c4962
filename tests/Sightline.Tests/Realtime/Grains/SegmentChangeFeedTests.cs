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
