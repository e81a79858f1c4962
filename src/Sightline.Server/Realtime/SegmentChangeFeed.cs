using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Sightline.Server.Realtime;

/// <summary>
/// This silo's end of the segment-change fan-out: registered with the cluster's <see cref="ISegmentChangeHub"/> once the
/// host has started (renewed every 30 s), it hands every change in the cluster to the stream clients connected to this process.
/// </summary>
public sealed class SegmentChangeFeed(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<SegmentChangeFeed> logger)
    : BackgroundService, ISegmentChangeObserver
{
    /// <summary>How often the registration with the hub is renewed.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    /// <summary>The latest changes kept for clients that reconnect (<see cref="Listen"/> with the last sequence they saw).</summary>
    public const int Kept = 10_000;

    private readonly ConcurrentDictionary<Channel<SegmentChange>, byte> _listeners = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Arrival order, not sequence order: changes of different accounts reach the feed as their grains finish.
    private readonly Queue<SegmentChange> _recent = new();
    private readonly Lock _gate = new();

    /// <summary>Completes once this silo is registered with the hub, so changes published from then on reach it.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// A new listener: every change from now on, until disposed. A slow listener loses its oldest changes beyond 1,000.
    /// Given the sequence of the last change a client saw, the subscription's backlog holds what arrived after that
    /// change (resumed); when this server no longer keeps that change (or never had it), the backlog holds every kept
    /// change with a higher sequence and the subscription says that some may be missing.
    /// </summary>
    public SegmentChangeSubscription Listen(long? afterSequence = null)
    {
        var channel = Channel.CreateBounded<SegmentChange>(new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        List<SegmentChange> backlog = [];
        string? gap = null;
        lock (_gate)
        {
            // Taken and registered under the lock that adds changes: nothing falls between the backlog and the live channel.
            if (afterSequence is { } after)
            {
                var kept = _recent.ToList();
                var seen = kept.FindLastIndex(c => c.Sequence == after);
                backlog = seen >= 0 ? kept[(seen + 1)..] : kept.Where(c => c.Sequence > after).ToList();
                if (seen < 0)
                {
                    gap = kept.Count == 0
                        ? $"this server keeps no segment change from before you reconnected (it restarted, or none happened since it started), so changes after sequence {after} may be missing"
                        : $"this server no longer keeps the change of sequence {after} (it keeps the latest {Kept:N0}, from sequence {kept[0].Sequence} on), so some changes after it may be missing";
                }
            }

            _listeners[channel] = 0;
        }

        return new SegmentChangeSubscription(channel.Reader, backlog, gap, () =>
        {
            _listeners.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    /// <inheritdoc />
    public Task OnSegmentChanged(SegmentChange change)
    {
        lock (_gate)
        {
            _recent.Enqueue(change);
            if (_recent.Count > Kept)
            {
                _recent.Dequeue();
            }

            foreach (var channel in _listeners.Keys)
            {
                channel.Writer.TryWrite(change);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // This service starts before the co-hosted silo (it is registered first), and a call to the hub before the silo
        // is active fails placement ("No active nodes are compatible with grain segmentchangehub"). The host signals
        // ApplicationStarted after every hosted service, the silo included, has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // stopped before it started
            }
        }

        var self = grains.CreateObjectReference<ISegmentChangeObserver>(this);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Renewal;
            try
            {
                await grains.GetGrain<ISegmentChangeHub>(0).Subscribe(self).ConfigureAwait(false);
                _ready.TrySetResult();
            }
#pragma warning disable CA1031 // the silo may not be up yet or the hub may be moving; try again soon
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Could not register for segment changes; retrying in a second");
                wait = TimeSpan.FromSeconds(1);
            }

            try
            {
                await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
