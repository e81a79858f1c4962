using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Sightline.Server.Realtime;

/// <summary>
/// Posts the segment changes of the grains on this silo to the configured webhook (<see cref="RealtimeOptions.Webhook"/>):
/// in the background, so an event's answer never waits for it; each change is tried a few times with growing pauses,
/// and a change that still fails is logged and dropped. Each change is posted by the silo that applied it, once.
/// </summary>
public sealed class SegmentChangeWebhook(IOptions<RealtimeOptions> options, IHttpClientFactory clients, ILogger<SegmentChangeWebhook> logger) : BackgroundService
{
    /// <summary>Attempts per change.</summary>
    public const int Attempts = 4;

    private readonly Uri? _target = options.Value.Webhook is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : null;
    private readonly Channel<SegmentChange> _queue = Channel.CreateBounded<SegmentChange>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Changes posted successfully so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Changes given up on after every attempt failed.</summary>
    public long Failed { get; private set; }

    /// <summary>Queues a change for the webhook; nothing happens when none is configured.</summary>
    public void Enqueue(SegmentChange change)
    {
        if (_target is not null && !_queue.Writer.TryWrite(change))
        {
            logger.LogWarning("Webhook queue full; segment change of {Account} for event {EventId} dropped", change.Account, change.EventId);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_target is null)
        {
            return;
        }

        using var client = clients.CreateClient(nameof(SegmentChangeWebhook));
        client.Timeout = TimeSpan.FromSeconds(10);
        await foreach (var change in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var pause = TimeSpan.FromMilliseconds(250);
            for (var attempt = 1; ; attempt++)
            {
                string failure;
                try
                {
                    using var response = await client.PostAsJsonAsync(_target, change, stoppingToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        Delivered++;
                        break;
                    }

                    failure = $"HTTP {(int)response.StatusCode}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    failure = e.Message;
                }

                if (attempt == Attempts)
                {
                    Failed++;
                    logger.LogError("Webhook {Target}: segment change of {Account} for event {EventId} not delivered after {Attempts} attempts (last: {Failure})",
                        _target, change.Account, change.EventId, Attempts, failure);
                    break;
                }

                logger.LogWarning("Webhook {Target}: attempt {Attempt} failed ({Failure}); retrying in {Pause} ms", _target, attempt, failure, pause.TotalMilliseconds);
                await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
                pause *= 2;
            }
        }
    }
}
