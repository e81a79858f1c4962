using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sightline.Realtime;
using Sightline.Tests.Support;
using Sightline.Workspaces;
using Xunit.Abstractions;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// The embedded default end to end: one real <c>sightline serve</c> process on the workspace's event log (the journal,
/// folded rarely here so the kill finds events only in it), killed in the middle of a stream. After the kill the
/// workspace's log holds every acknowledged event once under its acknowledged sequence, and a restarted server applies
/// each account's logged events exactly once.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EmbeddedServeKillTests(ClusterDemo demo, ITestOutputHelper output) : IClassFixture<ClusterDemo>, IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(3);

    /// <summary>No fold by the timer during the test: what the kill leaves is in the journal only.</summary>
    private static readonly Dictionary<string, string> NoFold = new() { ["Sightline__Realtime__JournalFoldSeconds"] = "3600" };

    private readonly TempDirectory _dir = new();
    private int _events;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KillTheServer_MidStream_EveryAcknowledgedEventIsLoggedOnce_AndAppliedOnceAfterRestart()
    {
        var workspace = demo.Copy(_dir, "embedded");
        var acknowledged = new List<(string EventId, string Account, long Sequence)>();
        int ackedBeforeKill;
        using (var victim = new ServeProcess(workspace, null, NoFold))
        {
            await victim.SignInAsync("admin", ClusterDemo.Password, Startup);

            // Four senders post small batches; the server is killed (no graceful stop) once 60 events are acknowledged,
            // with requests in flight. Only a 200 is an acknowledgement; a refused or reset request is dropped.
            var stop = new CancellationTokenSource();
            async Task Send()
            {
                while (!stop.IsCancellationRequested)
                {
                    var batch = Enumerable.Range(0, 3).Select(_ => NewEvent(demo.Accounts[Interlocked.Increment(ref _events) % demo.Accounts.Count])).ToList();
                    try
                    {
                        using var response = await victim.Client.PostAsync("/api/touchpoints",
                            new StringContent("[" + string.Join(",", batch) + "]", Encoding.UTF8, "application/json"));
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            continue;
                        }

                        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        lock (acknowledged)
                        {
                            acknowledged.AddRange(json.RootElement.GetProperty("events").EnumerateArray().Select(e =>
                                (e.GetProperty("eventId").GetString()!, e.GetProperty("accountId").GetString()!, e.GetProperty("sequence").GetInt64())));
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                    {
                        return; // the server is gone
                    }
                }
            }

            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(Send)).ToArray();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (Volatile.Read(ref _events) < 60 || AckedCount() < 60)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {AckedCount()} events acknowledged in 2 minutes:\n{victim.Output}");
                await Task.Delay(50);
            }

            ackedBeforeKill = AckedCount();
            victim.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        int AckedCount()
        {
            lock (acknowledged)
            {
                return acknowledged.Count;
            }
        }

        // The kill left the events in the journal only; opening the log folds them into the table.
        var journal = Path.Combine(workspace, TouchpointJournal.Folder);
        var journaled = Directory.GetFiles(journal).Sum(f => File.ReadAllLines(f).Length);
        Assert.True(journaled >= acknowledged.Count, $"{journaled} journal lines for {acknowledged.Count} acknowledged events");
        List<TouchpointLogEntry> logged;
        using (var ws = Workspace.Open(workspace))
        {
            logged = [.. new TouchpointLog(ws).ReadAfter(0, 100_000)];
            Assert.Equal(logged.Count, ws.Strings("SELECT event_id FROM touchpoint_log").Count);
        }

        output.WriteLine($"{ackedBeforeKill} acknowledged when the kill was ordered, {acknowledged.Count} in all; {journaled} journal lines, {logged.Count} logged");
        Assert.Empty(Directory.GetFiles(journal));
        Assert.Equal(Enumerable.Range(1, logged.Count).Select(i => (long)i), logged.Select(e => e.Sequence));
        var sequenceOf = logged.ToDictionary(e => e.Event.EventId, e => e.Sequence, StringComparer.Ordinal);
        Assert.All(acknowledged, a => Assert.Equal(a.Sequence, sequenceOf[a.EventId]));

        // A restarted server's grains replay the log: each account's applied sequences are exactly its logged ones.
        using var restarted = new ServeProcess(workspace, null);
        await restarted.SignInAsync("admin", ClusterDemo.Password, Startup);
        foreach (var account in demo.Accounts)
        {
            using var response = await restarted.Client.GetAsync($"/api/accounts/{account}/live");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var live = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var applied = live.RootElement.GetProperty("appliedSequences").EnumerateArray().Select(s => s.GetInt64()).ToList();
            Assert.Equal(logged.Where(e => e.Event.AccountId == account).Select(e => e.Sequence), applied);
            Assert.Equal(applied.Count, live.RootElement.GetProperty("eventsApplied").GetInt64());
        }
    }

    private string NewEvent(string account) =>
        JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["event_id"] = $"EK-{Guid.NewGuid():N}", ["account_id"] = account,
            ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["channel"] = "call", ["direction"] = "in",
        });
}
