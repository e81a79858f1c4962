using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Sightline.Tests.Support;
using Xunit.Abstractions;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// Cluster mode end to end: two real <c>sightline serve --cluster</c> processes, each on its own copy of the workspace
/// and its own ports, on one PostgreSQL database. They form one cluster with one activation per account grain; and
/// when one is killed in the middle of a stream, every acknowledged event is applied exactly once by the survivor.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterServeTests(PostgresServer server, ClusterDemo demo, ITestOutputHelper output) : IClassFixture<ClusterDemo>, IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _dir = new();
    private readonly string _database = server.CreateDatabase();
    private readonly List<ServeProcess> _servers = [];
    private int _events;

    public void Dispose()
    {
        foreach (var process in _servers)
        {
            process.Dispose();
        }

        _dir.Dispose();
    }

    private async Task<(ServeProcess First, ServeProcess Second)> StartTwoAsync()
    {
        // One after the other, so that the first creates the schema and the second joins what is there.
        foreach (var name in new[] { "silo-1", "silo-2" })
        {
            var process = new ServeProcess(demo.Copy(_dir, name), _database);
            _servers.Add(process);
            await process.SignInAsync("admin", ClusterDemo.Password, Startup);
        }

        await WaitForAsync(async () => (await ActiveSiloPortsAsync()).Count == 2, "both silos active in the membership table");
        return (_servers[0], _servers[1]);
    }

    private string NewEvent(string account, string? channel = "call") =>
        JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["event_id"] = $"CL-{Interlocked.Increment(ref _events):D5}", ["account_id"] = account,
            ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["channel"] = channel, ["direction"] = "in",
        });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(ServeProcess to, string body)
    {
        using var response = await to.Client.PostAsync("/api/touchpoints", new StringContent(body, Encoding.UTF8, "application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static async Task<JsonElement> LiveAsync(ServeProcess at, string account)
    {
        using var response = await at.Client.GetAsync($"/api/accounts/{account}/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static List<long> Sequences(JsonElement live) => live.GetProperty("appliedSequences").EnumerateArray().Select(s => s.GetInt64()).ToList();

    private Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row) => PostgresServer.QueryAsync(_database, sql, row);

    private Task<List<int>> ActiveSiloPortsAsync() =>
        QueryAsync("SELECT Port FROM OrleansMembershipTable WHERE DeploymentId = 'sightline' AND Status = 3 ORDER BY Port", r => r.GetInt32(0));

    /// <summary>The PostgreSQL log per account: sequence and event id, in sequence order.</summary>
    private async Task<Dictionary<string, List<(long Sequence, string EventId)>>> LogAsync() =>
        (await QueryAsync("SELECT account_id, sequence, event_id FROM touchpoint_log ORDER BY sequence", r => (r.GetString(0), r.GetInt64(1), r.GetString(2))))
        .GroupBy(r => r.Item1).ToDictionary(g => g.Key, g => g.Select(r => (r.Item2, r.Item3)).ToList());

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 2 minutes for {what}");
            }

            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task TwoServers_OnOneDatabase_FormOneClusterWithOneGrainPerAccountAndOneStream()
    {
        var (first, second) = await StartTwoAsync();
        Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), await ActiveSiloPortsAsync());

        // Touches for each account alternate between the servers. The grain's own call never reads the log, so the
        // count it answers with climbs 1, 2, 3, 4 only if both servers reach the same activation.
        var accounts = demo.Accounts.Take(4).ToList();
        foreach (var round in Enumerable.Range(1, 4))
        {
            foreach (var (account, i) in accounts.Select((a, i) => (a, i)))
            {
                var to = (round + i) % 2 == 0 ? first : second;
                var (status, body) = await PostAsync(to, NewEvent(account));
                Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
                var outcome = body.GetProperty("events")[0];
                Assert.Equal("appended", outcome.GetProperty("status").GetString());
                Assert.Equal(round, outcome.GetProperty("answer").GetProperty("eventsApplied").GetInt64());
            }
        }

        var log = await LogAsync();
        foreach (var account in accounts)
        {
            var (fromFirst, fromSecond) = (await LiveAsync(first, account), await LiveAsync(second, account));
            Assert.Equal(log[account].Select(e => e.Sequence), Sequences(fromFirst));
            Assert.Equal(fromFirst.ToString(), fromSecond.ToString());
        }

        Assert.Equal(16, log.Values.Sum(l => l.Count));

        // A segment change caused through one server reaches a stream client of the other.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var stream = await second.Client.GetAsync(new Uri("/api/touchpoints/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(cancel.Token));
        var (moveStatus, moved) = await PostAsync(first, NewEvent(demo.SegmentMover));
        Assert.Equal(HttpStatusCode.OK, moveStatus);
        var answer = moved.GetProperty("events")[0].GetProperty("answer");
        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        var change = JsonDocument.Parse(line!["data: ".Length..]).RootElement;
        Assert.Equal((demo.SegmentMover, answer.GetProperty("eventId").GetString()), (change.GetProperty("account").GetString(), change.GetProperty("eventId").GetString()));
        Assert.Equal(answer.GetProperty("entered").ToString(), change.GetProperty("entered").ToString());
        Assert.Equal(answer.GetProperty("exited").ToString(), change.GetProperty("exited").ToString());

        // A second server on a workspace already served is refused with what to do instead.
        var (exit, _, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", first.Workspace, "--cluster", _database);
        Assert.Equal(2, exit);
        Assert.Contains("the workspace is in use by another process (DuckDB lets one process open it). To run several servers as one cluster, " +
            "give each its own copy of the workspace", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillASilo_MidStream_EveryAcknowledgedEventIsAppliedExactlyOnce()
    {
        var (survivor, victim) = await StartTwoAsync();
        var accounts = demo.Accounts;
        var acknowledged = new List<(string EventId, string Account, long Sequence, string Body, bool ToVictim)>();
        var sent = 0;

        // Two senders stream touches for eight accounts, one to each server; the second server is killed (no graceful
        // stop) once 40 events are acknowledged, while requests are in flight. The client keeps only what was
        // acknowledged: a 200 whose event says appended. Anything else (a refused connection, a reset) is dropped.
        async Task Stream(ServeProcess to, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var body = NewEvent(accounts[Interlocked.Increment(ref sent) % accounts.Count]);
                try
                {
                    var (status, answer) = await PostAsync(to, body);
                    if (status == HttpStatusCode.OK && answer.GetProperty("events")[0] is var e && e.GetProperty("status").GetString() == "appended")
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add((e.GetProperty("eventId").GetString()!, e.GetProperty("accountId").GetString()!, e.GetProperty("sequence").GetInt64(), body, to == victim));
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                {
                    if (to == victim)
                    {
                        return; // its server is gone
                    }
                }
            }
        }

        var streams = new[] { Task.Run(() => Stream(survivor, 80)), Task.Run(() => Stream(victim, 80)) };
        await WaitForAsync(() => Task.FromResult(Volatile.Read(ref sent) >= 40 && acknowledged.Count >= 40), "40 acknowledged events");
        var ackedBeforeKill = acknowledged.Count;
        var killedAt = DateTime.UtcNow;
        victim.Kill();
        await Task.WhenAll(streams);
        var streamedFor = DateTime.UtcNow - killedAt;

        // The survivor declares the dead silo dead (status 6) within seconds, with the lowered probe timeouts.
        await WaitForAsync(async () => (await ActiveSiloPortsAsync()).SequenceEqual([survivor.SiloPort]), "the killed silo declared dead");
        output.WriteLine($"{ackedBeforeKill} acknowledged before the kill, {acknowledged.Count} in all ({acknowledged.Count(a => a.ToVictim)} by the killed server); " +
            $"the survivor's stream ended {streamedFor.TotalSeconds:F1} s after the kill; the dead silo was declared dead by {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s");
        Assert.True(acknowledged.Count(a => a.ToVictim) > 0, "the killed server acknowledged nothing before it died");
        Assert.Equal([6], await QueryAsync($"SELECT Status FROM OrleansMembershipTable WHERE Port = {victim.SiloPort}", r => r.GetInt32(0)));

        // Every acknowledged event is in the log once, under the sequence it was acknowledged with, and every logged
        // event of each account is applied exactly once: the live state's sequences are the log's.
        var log = await LogAsync();
        var logged = log.Values.SelectMany(l => l).ToDictionary(e => e.EventId, e => e.Sequence);
        Assert.True(acknowledged.Count > ackedBeforeKill, "the survivor acknowledged nothing after the kill");
        Assert.All(acknowledged, a => Assert.Equal(a.Sequence, logged[a.EventId]));
        var before = new Dictionary<string, JsonElement>();
        foreach (var account in accounts)
        {
            var live = await LiveAsync(survivor, account);
            var applied = Sequences(live);
            Assert.Equal(log.GetValueOrDefault(account, []).Select(e => e.Sequence), applied);
            Assert.Equal(applied.Count, live.GetProperty("eventsApplied").GetInt64());
            before[account] = live;
        }

        // Resending every acknowledged event: duplicates, nothing applied again.
        var resend = "[" + string.Join(",", acknowledged.Select(a => a.Body)) + "]";
        var (resendStatus, resent) = await PostAsync(survivor, resend);
        Assert.Equal(HttpStatusCode.OK, resendStatus);
        Assert.Equal((0, acknowledged.Count), (resent.GetProperty("appended").GetInt32(), resent.GetProperty("duplicates").GetInt32()));
        Assert.All(resent.GetProperty("events").EnumerateArray(), e => Assert.Equal("duplicate", e.GetProperty("status").GetString()));

        // A malformed event in the stream: 400 naming it, nothing appended, no account touched.
        var lastSequence = logged.Values.Max();
        var (badStatus, problem) = await PostAsync(survivor, $"[{NewEvent(accounts[0])}, {NewEvent(accounts[1], channel: "pigeon")}]");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("pigeon", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(lastSequence, (await QueryAsync("SELECT max(sequence) FROM touchpoint_log", r => r.GetInt64(0)))[0]);
        foreach (var account in accounts)
        {
            Assert.Equal(before[account].GetProperty("appliedSequences").ToString(), (await LiveAsync(survivor, account)).GetProperty("appliedSequences").ToString());
        }

        // And the next good event is appended after the last, as if nothing had happened.
        var (nextStatus, next) = await PostAsync(survivor, NewEvent(accounts[2]));
        Assert.Equal(HttpStatusCode.OK, nextStatus);
        Assert.Equal(lastSequence + 1, next.GetProperty("events")[0].GetProperty("sequence").GetInt64());
    }
}
