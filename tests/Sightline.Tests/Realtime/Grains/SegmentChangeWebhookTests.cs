using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sightline.Realtime;
using Sightline.Server.Realtime;

namespace Sightline.Tests.Realtime.Grains;

/// <summary>
/// The segment-change webhook against a real HTTP receiver on loopback: it keeps trying a receiver that is down for as
/// long as it takes, in order; skips a change the receiver refuses; and sends after a restart what waited in its outbox.
/// </summary>
public sealed class SegmentChangeWebhookTests : IDisposable
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("sightline-webhook-test-").FullName;
    private readonly int _port = RealtimeHosting.FreePort();
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_outbox, recursive: true);
    }

    private string Url => $"http://127.0.0.1:{_port}/hook/";

    private static SegmentChange Change(string eventId, long sequence) =>
        new("A1", ["strategic-at-risk"], [], "core", "strategic-at-risk", new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), eventId, sequence);

    private SegmentChangeWebhook Webhook() =>
        new(Options.Create(new RealtimeOptions { Webhook = Url, WebhookMaxPauseSeconds = 0.5 }), _services.GetRequiredService<IHttpClientFactory>(),
            NullLogger<SegmentChangeWebhook>.Instance, _outbox);

    private static async Task Until(Func<bool> done, string what)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !done(); await Task.Delay(50))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"not within 30 s: {what}");
        }
    }

    [Fact]
    public async Task ReceiverFailing_IsTriedUntilItTakesTheChange_ThenTheNextInOrder()
    {
        using var receiver = new Receiver(Url, (_, n) => n <= 6 ? 503 : 204);
        using var webhook = Webhook();
        await webhook.StartAsync(CancellationToken.None);

        webhook.Enqueue(Change("e1", 1));
        webhook.Enqueue(Change("e2", 2));
        await Until(() => webhook.Delivered == 2, "both changes delivered");
        await webhook.StopAsync(CancellationToken.None);

        // Six failures, more than the four attempts after which a change used to be dropped.
        Assert.Equal([.. Enumerable.Repeat("e1 503", 6), "e1 204", "e2 204"], receiver.Seen);
        Assert.Equal((0L, 0), (webhook.Failed, webhook.Pending));
        Assert.Equal($"{Url}: 2 changes delivered, 0 refused by the receiver; 0 waiting", webhook.Summary);
        using var json = JsonDocument.Parse(receiver.Bodies[0]);
        Assert.Equal(["A1", "strategic-at-risk", "e1"],
            new[] { "account", "assignedNow", "eventId" }.Select(p => json.RootElement.GetProperty(p).GetString()));
    }

    [Fact]
    public async Task ReceiverRefusesAChange_ItIsSkipped_AndTheOthersGoOn()
    {
        using var receiver = new Receiver(Url, (eventId, _) => eventId == "e1" ? 422 : 204);
        using var webhook = Webhook();
        await webhook.StartAsync(CancellationToken.None);

        webhook.Enqueue(Change("e1", 1));
        webhook.Enqueue(Change("e2", 2));
        await Until(() => webhook.Delivered == 1 && webhook.Failed == 1, "one refused, one delivered");
        await webhook.StopAsync(CancellationToken.None);

        Assert.Equal(["e1 422", "e2 204"], receiver.Seen);
    }

    [Fact]
    public async Task ReceiverDown_ChangesWaitInTheOutbox_AndAreSentAfterARestart()
    {
        using (var first = Webhook())
        {
            await first.StartAsync(CancellationToken.None);
            first.Enqueue(Change("e1", 1));
            first.Enqueue(Change("e2", 2));
            await Until(() => first.Summary.Contains("the oldest tried", StringComparison.Ordinal), "a failed attempt");
            await first.StopAsync(CancellationToken.None);

            Assert.StartsWith($"{Url}: 0 changes delivered, 0 refused by the receiver; 2 waiting in the outbox, the oldest tried ", first.Summary, StringComparison.Ordinal);
        }

        using var receiver = new Receiver(Url, (_, _) => 204);
        using var second = Webhook();
        Assert.Equal(2, second.Pending);
        await second.StartAsync(CancellationToken.None);
        await Until(() => second.Delivered == 2, "the kept changes delivered after the restart");
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(["e1 204", "e2 204"], receiver.Seen);
        Assert.Equal(0, WebhookOutbox.Open(_outbox).Pending);
    }

    /// <summary>An HTTP receiver answering each post with the status the script gives for its event id and its number (1, 2, ...).</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Seen, string Body)> _posts = new();
        private readonly Task _serving;

        public Receiver(string prefix, Func<string, int, int> status)
        {
            _listener.Prefixes.Add(prefix);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                for (var n = 1; ; n++)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    using var reader = new StreamReader(context.Request.InputStream);
                    var body = await reader.ReadToEndAsync();
                    var eventId = JsonDocument.Parse(body).RootElement.GetProperty("eventId").GetString()!;
                    var code = status(eventId, n);
                    _posts.Enqueue(($"{eventId} {code}", body));
                    context.Response.StatusCode = code;
                    context.Response.Close();
                }
            });
        }

        public List<string> Seen => [.. _posts.Select(p => p.Seen)];

        public List<string> Bodies => [.. _posts.Select(p => p.Body)];

        public void Dispose()
        {
            _listener.Stop();
            _serving.GetAwaiter().GetResult();
            _listener.Close();
        }
    }
}
