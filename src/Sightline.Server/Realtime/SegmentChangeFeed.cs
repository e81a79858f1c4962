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

    private readonly ConcurrentDictionary<Channel<SegmentChange>, byte> _listeners = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this silo is registered with the hub, so changes published from then on reach it.</summary>
    public Task Ready => _ready.Task;

    /// <summary>A new listener: every change from now on, until disposed. A slow listener loses its oldest changes beyond 1,000.</summary>
    public SegmentChangeSubscription Listen()
    {
        var channel = Channel.CreateBounded<SegmentChange>(new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _listeners[channel] = 0;
        return new SegmentChangeSubscription(channel.Reader, () =>
        {
            _listeners.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    /// <inheritdoc />
    public Task OnSegmentChanged(SegmentChange change)
    {
        foreach (var channel in _listeners.Keys)
        {
            channel.Writer.TryWrite(change);
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
