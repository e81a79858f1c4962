using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>
/// Posts the segment changes of the grains on this silo to the configured webhook (<see cref="RealtimeOptions.Webhook"/>),
/// in the background, so an event's answer never waits for it. Each change is first kept in the workspace's
/// <see cref="WebhookOutbox"/>, then posted in order; a receiver that is down or answers 5xx, 408 or 429 is tried again
/// with pauses growing to <see cref="RealtimeOptions.WebhookMaxPauseSeconds"/> for as long as it takes, and changes
/// wait for it in the outbox, across restarts too. A 4xx answer is the receiver refusing that change: it is logged and
/// skipped, so one bad change cannot hold back the rest. Each change is posted by the silo that applied it.
/// </summary>
public sealed class SegmentChangeWebhook : BackgroundService
{
    /// <summary>The pause after a first failed attempt; it doubles with every failure of the same change.</summary>
    public static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);

    // The change's time written as the stream and the API write instants (UTC with Z).
    private static readonly JsonSerializerOptions WebhookJson = InstantJson.Use(new JsonSerializerOptions(JsonSerializerOptions.Web));

    private readonly Uri? _target;
    private readonly IHttpClientFactory _clients;
    private readonly ILogger<SegmentChangeWebhook> _logger;
    private readonly TimeSpan _maxPause;
    private readonly string? _temporary;
    private readonly WebhookOutbox? _outbox;
    private string? _lastFailure;
    private int _attempts;

    /// <summary>
    /// The webhook of this silo; its outbox in <paramref name="outboxDirectory"/> (the workspace's <see cref="WebhookOutbox.Folder"/>),
    /// or, for a host without a workspace, in a temporary folder removed at the end.
    /// </summary>
    public SegmentChangeWebhook(IOptions<RealtimeOptions> options, IHttpClientFactory clients, ILogger<SegmentChangeWebhook> logger, string? outboxDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _logger = logger;
        _maxPause = TimeSpan.FromSeconds(Math.Max(options.Value.WebhookMaxPauseSeconds, FirstPause.TotalSeconds));
        _target = options.Value.Webhook is { Length: > 0 } url ? new Uri(url.Trim(), UriKind.Absolute) : null;
        if (_target is not null)
        {
            if (outboxDirectory is null)
            {
                _temporary = Directory.CreateTempSubdirectory("sightline-webhook-").FullName;
            }

            _outbox = WebhookOutbox.Open(outboxDirectory ?? _temporary!);
        }
    }

    /// <summary>Changes posted successfully so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Changes the receiver refused (a 4xx answer other than 408 and 429), skipped.</summary>
    public long Failed { get; private set; }

    /// <summary>Changes waiting in the outbox (the one being tried included).</summary>
    public int Pending => _outbox?.Pending ?? 0;

    /// <summary>The webhook's state in words, for the status endpoint.</summary>
    public string Summary
    {
        get
        {
            if (_target is null)
            {
                return "off (no webhook configured)";
            }

            var counts = string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(Delivered, "change")} delivered, {Failed:N0} refused by the receiver");
            var pending = Pending;
            return pending == 0 || _lastFailure is null
                ? $"{_target}: {counts}; {pending:N0} waiting"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{_target}: {counts}; {pending:N0} waiting in the outbox, the oldest tried {_attempts:N0} times (last: {_lastFailure})");
        }
    }

    /// <summary>Keeps a change for the webhook; nothing happens when none is configured.</summary>
    public void Enqueue(SegmentChange change)
    {
        if (_outbox is null)
        {
            return;
        }

        if (!_outbox.Add(JsonSerializer.Serialize(change, WebhookJson)))
        {
            _logger.LogError("Webhook outbox full: the oldest waiting segment change was dropped to keep the change of {Account} for event {EventId}",
                change.Account, change.EventId);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_outbox is null)
        {
            return;
        }

        if (_outbox.Pending > 0)
        {
            _logger.LogInformation("Webhook {Target}: {Pending} segment changes left from an earlier run are sent first", _target, _outbox.Pending);
        }

        using var client = _clients.CreateClient(nameof(SegmentChangeWebhook));
        client.Timeout = TimeSpan.FromSeconds(10);
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            await _outbox.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (!_outbox.TryPeek(out var message))
            {
                continue;
            }

            var (status, failure) = await Post(client, message, stoppingToken).ConfigureAwait(false);
            if (failure is null || Refused(status))
            {
                _outbox.Delivered();
                if (failure is null)
                {
                    Delivered++;
                    if (_attempts > 0)
                    {
                        _logger.LogInformation("Webhook {Target}: delivered after {Attempts} failed attempts", _target, _attempts);
                    }
                }
                else
                {
                    Failed++;
                    _logger.LogError("Webhook {Target} refused a segment change ({Failure}); skipped so the others go on: {Change}", _target, failure, message);
                }

                (_attempts, _lastFailure, pause) = (0, null, FirstPause);
                continue;
            }

            _attempts++;
            _lastFailure = failure;
            if (_attempts == 1 || _attempts % 10 == 0)
            {
                _logger.LogWarning("Webhook {Target}: attempt {Attempt} failed ({Failure}); {Pending} changes wait in the outbox, the next try in {Pause} s",
                    _target, _attempts, failure, _outbox.Pending, pause.TotalSeconds);
            }

            await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
            pause = pause * 2 > _maxPause ? _maxPause : pause * 2;
        }
    }

    /// <summary>A 4xx answer that trying again cannot change (408 timeout and 429 too many requests can).</summary>
    private static bool Refused(HttpStatusCode? status) =>
        status is { } code && (int)code is >= 400 and < 500 && code is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;

    private async Task<(HttpStatusCode? Status, string? Failure)> Post(HttpClient client, string message, CancellationToken stoppingToken)
    {
        try
        {
            using var content = new StringContent(message, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(_target, content, stoppingToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? (response.StatusCode, null)
                : (response.StatusCode, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            return (null, e.Message);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _outbox?.Dispose();
        if (_temporary is not null)
        {
            Directory.Delete(_temporary, recursive: true);
        }
    }
}
