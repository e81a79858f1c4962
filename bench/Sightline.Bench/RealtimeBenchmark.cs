using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sightline.Access;
using Sightline.Demo;
using Sightline.Realtime;
using Sightline.Workspaces;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>One wrk run: what was loaded, how (paced at a rate or closed loop), and wrk's numbers (milliseconds).</summary>
internal sealed record RealtimeRow(string Name, string Endpoint, string Mode, int Connections, int? TargetRate, double? P50Ms, double? P90Ms, double? P99Ms,
    double? MaxMs, double? RequestsPerSecond, long Requests, long Errors, string? Skipped, int EventsPerRequest = 1)
{
    /// <summary>Events per second: requests per second times the events each carries.</summary>
    public double? EventsPerSecond => RequestsPerSecond * EventsPerRequest;
}

/// <summary>The real-time benchmark's numbers, written as JSON beside the report.</summary>
internal sealed record RealtimeBenchResult(long Accounts, string Workspace, string WorldBuilt, int EventPool, string EventDay, int DurationSeconds, int TargetRate,
    double TargetP99Ms, string LoadAverageBefore, string LoadAverageAfter, string Machine, IReadOnlyList<RealtimeRow> Rows, double? P99RatioToNoop,
    double? CeilingRatioToNoop, IReadOnlyList<string> Notes, bool Pass, double? P99RatioToFloor = null);

/// <summary>
/// <c>POST /api/touchpoints</c> of the real <c>sightline serve</c> (Release), one event per request, loaded by <c>wrk</c> in
/// a second process on loopback: paced at a fixed rate (target p99 under 5 ms at 5,000 events/s) and closed loop (the
/// ceiling), against the same generator and bodies on a no-op ASP.NET Core endpoint (the host's own ceiling), and, when
/// PostgreSQL and cluster mode are available, two silos of one cluster loaded through both HTTP endpoints.
/// </summary>
internal static class RealtimeBenchmark
{
    public const int Accounts = 25_000;
    public const int TargetRate = 5_000;
    public const double TargetP99Ms = 5;
    public const int PacedConnections = 64;
    public const int CeilingConnections = 32;
    private const string Password = "bench password, long enough";
    private const string User = "bench-integration";
    private const int EventPool = 5_000;

    /// <summary>Events per request in the batched row.</summary>
    private const int BatchSize = 10;

    /// <summary>The floor row: what the parts the issue requires cost with none of Sightline's work.</summary>
    private const string FloorRow = "a2. floor: synced append and one grain call, nothing else";

    private const string FloorWorkRowPrefix = "a3. floor, its grain computing for as long as LiveContact.Apply takes:";

    /// <summary>Accounts whose grains are activated before the warm rows.</summary>
    private const int WarmAccounts = 500;

    public static int Run(string root, string dataRoot, string output, int accounts, int port, int seconds, int rate, string rowsToRun = "all")
    {
        var warmOnly = rowsToRun == "warm";
        var notes = new List<string>();
        var world = Path.Combine(dataRoot, $"server-{accounts}");
        var (built, _) = ServerBenchmark.EnsureWorld(world, accounts, notes);

        Console.WriteLine("setup: integration user and a pool of events from the demo's next day (not timed)...");
        IReadOnlyList<TouchpointEvent> pool;
        DateOnly day;
        long total;
        using (var ws = Workspace.Open(world))
        {
            total = Convert.ToInt64(ws.Scalar("SELECT count(*) FROM accounts"), CultureInfo.InvariantCulture);
            EnsureUser(ws, User, "admin", Password);
            day = DemoTouchpointDay.DefaultDay(ws);
            pool = DemoTouchpointDay.Generate(ws, day, seed: 42, events: EventPool);
        }

        notes.Add($"bodies: one event each, cycled from {pool.Count:N0} events drawn by DemoTouchpointDay for {day:yyyy-MM-dd} (the day after the batch); every request gets a new event_id, so every event is appended and applied, none is a duplicate");
        var scratch = Path.Combine(dataRoot, "scratch", "realtime-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        var day0 = Path.Combine(scratch, "silo");
        var cleared = CopyWithEmptyLog(world, day0);
        notes.Add($"the servers run on copies of the world whose live event log was emptied first ({cleared:N0} events of earlier runs dropped), so every run starts from the batch alone and replays only its own events");
        var rows = new List<RealtimeRow>();
        var loadBefore = LoadAverage();
        try
        {
            var script = Path.Combine(scratch, "touch.lua");
            File.WriteAllText(script, WrkScript(pool));
            var warmAccounts = pool.Select(e => e.AccountId).Distinct(StringComparer.Ordinal).Take(WarmAccounts).ToHashSet(StringComparer.Ordinal);
            var warmPool = pool.Where(e => warmAccounts.Contains(e.AccountId)).ToList();
            var warmScript = Path.Combine(scratch, "touch-warm.lua");
            File.WriteAllText(warmScript, WrkScript(warmPool));
            RealtimeMemory memory;
            using (var ws = Workspace.Open(day0))
            {
                Console.WriteLine("in process: what one event allocates and what each account keeps...");
                memory = RealtimeMemory.Measure(ws, warmPool);
                notes.Add(memory.Note());
                Console.WriteLine("  " + memory.Note());

                // For a profiler attached to this process: the same measurement again until the seconds are spent.
                for (var spent = Stopwatch.StartNew(); rowsToRun == "apply" && spent.Elapsed.TotalSeconds < seconds;)
                {
                    Console.WriteLine("  " + RealtimeMemory.Measure(ws, warmPool).Note());
                }
            }

            if (rowsToRun == "apply")
            {
                return BenchCommand.Ok;
            }

            if (!warmOnly)
            {
                using var noop = ServerProcess.StartNoop(scratch, port + 1);
                using var noopClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 1}") };
                noop.WaitUntilReady(noopClient, "/ready");
                rows.AddRange(MeasureEndpoint("a. no-op ASP.NET Core endpoint", [port + 1], NoopServer.Path, null, script, seconds, rate));
            }

            {
                // The floor also in a warm-only run: the judged row is read against the floor of the same run.
                using var floor = ServerProcess.StartFloor(scratch, port + 2, port + 20, Path.Combine(scratch, "floor-appended.jsonl"));
                using var floorClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 2}") };
                floor.WaitUntilReady(floorClient, "/ready");
                if (warmOnly)
                {
                    Wrk(FloorRow + " (warm-up)", port + 2, FloorServer.Path, null, warmScript, 10, 4, null, "warm");
                    rows.Add(Wrk(FloorRow, port + 2, FloorServer.Path, null, warmScript, seconds, PacedConnections, rate, "paced"));
                }
                else
                {
                    rows.AddRange(MeasureEndpoint(FloorRow, [port + 2], FloorServer.Path, null, warmScript, seconds, rate));
                }

                notes.Add("row a2, the floor: this harness's own ASP.NET Core app (`Sightline.Bench floor-server`) whose endpoint reads the body, takes its event_id and account_id, appends it to a file opened with O_SYNC (one write per group of requests, on a thread of its own), calls a co-hosted Orleans grain of that account that only counts, and answers a small JSON; no authentication, validation, idempotency, model or rules. Loaded with the warm row's bodies: how far the required parts alone (durable append, grain call) are from the target on this machine");
            }

            if (!warmOnly && memory.MicrosecondsPerEvent > 0)
            {
                // The floor again, its grain computing for as long as applying an event takes Sightline: whether the work itself fits.
                var work = Math.Round(memory.MicrosecondsPerEvent, 1);
                using var floor = ServerProcess.StartFloor(scratch, port + 3, port + 30, Path.Combine(scratch, "floor-work-appended.jsonl"), work);
                using var floorClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 3}") };
                floor.WaitUntilReady(floorClient, "/ready");
                var name = string.Create(CultureInfo.InvariantCulture, $"{FloorWorkRowPrefix} {work:0.#} µs of CPU a call in the grain");
                Wrk(name + " (warm-up)", port + 3, FloorServer.Path, null, warmScript, Math.Min(seconds, 5), 4, null, "warm");
                rows.Add(Wrk(name, port + 3, FloorServer.Path, null, warmScript, seconds, PacedConnections, rate, "paced"));
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"row a3: the floor of row a2 with its grain computing (arithmetic, no allocation) for {work:0.#} µs of CPU a call, the time LiveContact.Apply takes per event in process (the note above): how the required parts fare with the work of an event's answer and nothing else of Sightline's (its validation, journal, JSON, allocation)"));
            }

            using (var server = ServerProcess.Start(root, day0, port))
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
                server.WaitUntilReady(client);
                var token = ServerProcess.Token(client, User, Password);
                CheckOneEvent(client, token, pool[0]);
                notes.Add("silo before the first timed row: " + WaitUntilRealtimeReady(client, token));
                if (!warmOnly)
                {
                    rows.AddRange(MeasureEndpoint("b. POST /api/touchpoints, one silo, cold grains", [port], "/api/touchpoints", token, script, seconds, rate));
                }

                // Warm: the same requests for accounts whose grains are active already (the steady state of a busy day).
                var activation = Stopwatch.StartNew();
                Activate(client, token, warmPool);
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"cold grains: the bodies' {pool.Select(e => e.AccountId).Distinct(StringComparer.Ordinal).Count():N0} accounts had no active grain, so nearly every request of the first (paced) cold row activated one (its baseline taken from the silo's preload, or read from the workspace while the preload still ran, and its logged events replayed) before applying the event; the closed-loop cold row that follows finds many of them active. Warm grains: one event for each of {warmAccounts.Count:N0} accounts was posted first (untimed; {activation.Elapsed.TotalSeconds:F1} s, {warmAccounts.Count / activation.Elapsed.TotalSeconds:F1} activations/s in batches of 100), then the {warmPool.Count:N0} events of those accounts were cycled"));
                if (warmOnly)
                {
                    // As long a warm-up as the full run's rows before this one give (tiered compilation settles over tens of seconds).
                    Wrk("b. POST /api/touchpoints, one silo, warm grains (warm-up)", port, "/api/touchpoints", token, warmScript, 30, 4, null, "warm");
                    rows.Add(Wrk("b. POST /api/touchpoints, one silo, warm grains", port, "/api/touchpoints", token, warmScript, seconds, PacedConnections, rate, "paced"));
                }
                else
                {
                    rows.AddRange(MeasureEndpoint("b. POST /api/touchpoints, one silo, warm grains", [port], "/api/touchpoints", token, warmScript, seconds, rate));

                    // Below the target rate too: where the p99 target holds on this machine (reported, not judged).
                    foreach (var lower in LowerRates(rate))
                    {
                        rows.Add(Wrk("b. POST /api/touchpoints, one silo, warm grains", port, "/api/touchpoints", token, warmScript, seconds, PacedConnections, lower, "paced"));
                    }

                    // What a connector that sends its touchpoints in small batches gets: the same events, ten to a request.
                    var batchScript = Path.Combine(scratch, "touch-warm-batch.lua");
                    File.WriteAllText(batchScript, WrkScript(warmPool, BatchSize));
                    rows.AddRange(MeasureEndpoint($"d. POST /api/touchpoints, one silo, warm grains, {BatchSize} events per request", [port], "/api/touchpoints", token,
                        batchScript, seconds, rate, BatchSize));
                }
            }

            if (!warmOnly)
            {
                rows.Add(MeasureCluster(root, world, scratch, port + 10, warmScript, warmPool, seconds, notes));
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var loadAfter = LoadAverage();
        var noopPaced = rows.FirstOrDefault(r => r.Name.StartsWith("a.", StringComparison.Ordinal) && r.Mode == "paced");
        var noopCeiling = rows.FirstOrDefault(r => r.Name.StartsWith("a.", StringComparison.Ordinal) && r.Mode == "closed loop");
        var floorPaced = rows.FirstOrDefault(r => r.Name == FloorRow && r.Mode == "paced");
        var paced = rows.FirstOrDefault(r => r.Name.StartsWith("b.", StringComparison.Ordinal) && r.Name.EndsWith("warm grains", StringComparison.Ordinal) && r.Mode == "paced"
            && r.TargetRate == rate);
        var ceiling = rows.FirstOrDefault(r => r.Name.StartsWith("b.", StringComparison.Ordinal) && r.Name.EndsWith("warm grains", StringComparison.Ordinal) && r.Mode == "closed loop");
        double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Math.Round(x / y, 2) : null;
        var pass = paced is { P99Ms: { } p99, Errors: 0, RequestsPerSecond: { } achieved } && p99 < TargetP99Ms && achieved >= rate * 0.95;
        var result = new RealtimeBenchResult(total, world, built, pool.Count, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), seconds, rate, TargetP99Ms,
            loadBefore, loadAfter, Machine(), rows, Ratio(paced?.P99Ms, noopPaced?.P99Ms), Ratio(ceiling?.RequestsPerSecond, noopCeiling?.RequestsPerSecond), notes, pass,
            Ratio(paced?.P99Ms, floorPaced?.P99Ms));
        ReportFiles.Write(result, output, Markdown(result));
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
        return pass ? BenchCommand.Ok : BenchCommand.TargetMissed;
    }

    /// <summary>The paced rates below the target that the warm row is also run at: a fifth and a half of it.</summary>
    internal static IReadOnlyList<int> LowerRates(int rate) => [.. new[] { rate / 5, rate / 2 }.Where(r => r > 0 && r < rate).Distinct()];

    /// <summary>A warm-up, then the paced run at the target rate and the closed-loop ceiling, for one endpoint.</summary>
    private static IEnumerable<RealtimeRow> MeasureEndpoint(string name, IReadOnlyList<int> ports, string path, string? token, string script, int seconds, int rate,
        int eventsPerRequest = 1)
    {
        Wrk(name + " (warm-up)", ports[0], path, token, script, Math.Min(seconds, 5), 4, null, "warm");
        yield return Wrk(name, ports[0], path, token, script, seconds, PacedConnections, rate / eventsPerRequest, "paced") with { EventsPerRequest = eventsPerRequest };
        yield return Wrk(name, ports[0], path, token, script, seconds, CeilingConnections, null, "ceiling") with { EventsPerRequest = eventsPerRequest };
    }

    /// <summary>
    /// Row (c): a PostgreSQL server (scripts/postgres-local.sh), two <c>sightline serve --cluster</c> processes on their
    /// own copies of the workspace, the warm pool's grains activated, and one closed-loop wrk per HTTP endpoint at the
    /// same time; throughput is their sum.
    /// </summary>
    private static RealtimeRow MeasureCluster(string root, string world, string scratch, int port, string script, IReadOnlyList<TouchpointEvent> warmPool, int seconds,
        List<string> notes)
    {
        const string name = "c. POST /api/touchpoints, two silos (cluster on PostgreSQL)";
        var postgresScript = Path.Combine(root, "scripts", "postgres-local.sh");
        if (!File.Exists(postgresScript))
        {
            return Skip(name, "scripts/postgres-local.sh is not in this build (cluster mode has not landed)");
        }

        // The postgres user must reach the folder, so it lives under /tmp rather than in the bench data folder.
        var postgresDir = Path.Combine(Path.GetTempPath(), "sightline-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var postgresPort = port + 50;
        string connection;
        try
        {
            connection = RunScript(postgresScript, "start", postgresDir, postgresPort.ToString(CultureInfo.InvariantCulture)).Trim().Split('\n')[^1];
        }
        catch (InvalidOperationException e)
        {
            return Skip(name, "PostgreSQL did not start: " + e.Message);
        }

        try
        {
            var copies = new[] { Path.Combine(scratch, "silo1"), Path.Combine(scratch, "silo2") };
            foreach (var copy in copies)
            {
                CopyWithEmptyLog(world, copy);
            }

            var ports = new[] { port, port + 1 };
            var silos = new List<ServerProcess>();
            try
            {
                for (var i = 0; i < 2; i++)
                {
                    silos.Add(ServerProcess.Start(root, copies[i], ports[i], ["--cluster", connection, "--silo-port", (11_400 + port % 50 + i).ToString(CultureInfo.InvariantCulture),
                        "--gateway-port", (30_400 + port % 50 + i).ToString(CultureInfo.InvariantCulture)]));
                }

                var tokens = new List<string>();
                for (var i = 0; i < 2; i++)
                {
                    using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[i]}"), Timeout = TimeSpan.FromMinutes(2) };
                    try
                    {
                        silos[i].WaitUntilReady(client);
                    }
                    catch (InvalidOperationException e)
                    {
                        return Skip(name, $"silo {i + 1} did not start: " + e.Message.Split('\n').Take(6).Aggregate((a, b) => a + " " + b));
                    }

                    tokens.Add(ServerProcess.Token(client, User, Password));
                }

                using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromMinutes(5) })
                {
                    Activate(client, tokens[0], warmPool);
                }

                for (var i = 0; i < 2; i++)
                {
                    Wrk($"{name} (warm-up {i + 1})", ports[i], "/api/touchpoints", tokens[i], script, Math.Min(seconds, 5), 4, null, $"warm{i}");
                }

                // Both generators at once, each against its own silo's HTTP endpoint.
                var runs = Enumerable.Range(0, 2).Select(i => Task.Run(() =>
                    Wrk($"{name}, silo {i + 1}", ports[i], "/api/touchpoints", tokens[i], script, seconds, CeilingConnections / 2, null, $"cluster{i}"))).ToArray();
                Task.WaitAll(runs);
                var parts = runs.Select(r => r.Result).ToList();
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"two silos: silo 1 {parts[0].RequestsPerSecond:N0}/s (p99 {parts[0].P99Ms} ms), silo 2 {parts[1].RequestsPerSecond:N0}/s (p99 {parts[1].P99Ms} ms), {CeilingConnections / 2} connections each; PostgreSQL on loopback ({connection})"));
                return new RealtimeRow(name, "both HTTP endpoints", "closed loop", CeilingConnections, null, parts.Max(p => p.P50Ms), parts.Max(p => p.P90Ms),
                    parts.Max(p => p.P99Ms), parts.Max(p => p.MaxMs), parts.Sum(p => p.RequestsPerSecond), parts.Sum(p => p.Requests), parts.Sum(p => p.Errors), null);
            }
            finally
            {
                foreach (var silo in silos)
                {
                    silo.Dispose();
                }
            }
        }
        finally
        {
            RunScript(postgresScript, "stop", postgresDir);
            Directory.Delete(postgresDir, recursive: true);
        }
    }

    /// <summary>
    /// Copies the world's workspace files (not its logs, nor its unfolded journal) to <paramref name="copy"/> and empties the
    /// copy's live event log: otherwise each run would replay every earlier run's events and measure a heavier world each time.
    /// Returns how many logged events were dropped.
    /// </summary>
    private static long CopyWithEmptyLog(string world, string copy)
    {
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(world).Where(f => !f.EndsWith(".log", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        using var ws = Workspace.Open(copy);
        if (Convert.ToInt64(ws.Scalar($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{TouchpointLog.Table}'"), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        var dropped = Convert.ToInt64(ws.Scalar($"SELECT count(*) FROM {TouchpointLog.Table}"), CultureInfo.InvariantCulture);
        ws.Execute($"DELETE FROM {TouchpointLog.Table}");
        ws.Execute("CHECKPOINT");
        return dropped;
    }

    /// <summary>Posts one event per account of the pool (new ids), 100 to a request, so their grains are active before the warm rows.</summary>
    private static void Activate(HttpClient client, string token, IReadOnlyList<TouchpointEvent> pool)
    {
        var first = pool.GroupBy(e => e.AccountId, StringComparer.Ordinal).Select(g => g.First() with { EventId = "bench-activate-" + Guid.NewGuid().ToString("N") }).ToList();
        Console.WriteLine($"setup: activating {first.Count:N0} grains (untimed)...");
        foreach (var batch in first.Chunk(100))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/touchpoints")
            {
                Content = new StringContent(TouchpointEventJson.Array(batch), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = client.Send(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/touchpoints answered {(int)response.StatusCode} while activating grains: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
            }
        }
    }

    /// <summary>
    /// Waits (up to five minutes) until the silo reports ready, so the cold row times activations against the preloaded
    /// baselines rather than a preload still reading them; returns the silo's summary.
    /// </summary>
    private static string WaitUntilRealtimeReady(HttpClient client, string token)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/touchpoints/status");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = client.Send(request);
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET /api/touchpoints/status answered {(int)response.StatusCode}: {body}");
            }

            using var status = System.Text.Json.JsonDocument.Parse(body);
            var summary = status.RootElement.GetProperty("summary").GetString() ?? "";
            if (status.RootElement.GetProperty("ready").GetBoolean() || watch.Elapsed > TimeSpan.FromMinutes(5))
            {
                Console.WriteLine($"silo: {summary} (waited {watch.Elapsed.TotalSeconds:F1} s)");
                return summary;
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>One request must be accepted (200, appended) before anything is timed, so a wrong token or body fails loudly.</summary>
    private static void CheckOneEvent(HttpClient client, string token, TouchpointEvent touch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/touchpoints")
        {
            Content = new StringContent(TouchpointEventJson.Object(touch with { EventId = "bench-check-" + Guid.NewGuid().ToString("N") }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = client.Send(request);
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode || !body.Contains("appended", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"POST /api/touchpoints answered {(int)response.StatusCode} to a valid event: {body}");
        }
    }

    /// <summary>Runs wrk once; paced when <paramref name="rate"/> is given, else closed loop.</summary>
    private static RealtimeRow Wrk(string name, int port, string path, string? token, string script, int seconds, int connections, int? rate, string tag)
    {
        var threads = Math.Min(2, connections);
        var mode = rate is null ? "closed loop" : "paced";
        Console.WriteLine($"wrk: {name}, {mode}{(rate is { } r ? $" at {r}/s" : "")}, {connections} connections, {seconds} s...");
        var result = RunWrk(["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "--timeout", "10s", "--latency", "-s", script, $"http://127.0.0.1:{port}{path}",
            "--", token ?? "-", (rate ?? 0).ToString(CultureInfo.InvariantCulture), $"{tag}-{Guid.NewGuid():N}"[..(tag.Length + 9)], threads.ToString(CultureInfo.InvariantCulture)]);
        double Ms(string key) => Math.Round(result.GetProperty(key).GetDouble() / 1000, 2);
        var requests = result.GetProperty("requests").GetInt64();
        var errors = result.GetProperty("errors").GetInt64();
        var perSecond = PerSecond(result);
        Console.WriteLine($"  p50 {Ms("p50")} ms, p90 {Ms("p90")} ms, p99 {Ms("p99")} ms, max {Ms("max")} ms, {perSecond} requests/s, {errors} errors");
        return new RealtimeRow(name, path, mode, connections, rate, Ms("p50"), Ms("p90"), Ms("p99"), Ms("max"), perSecond, requests, errors, null);
    }

    private static RealtimeRow Skip(string name, string why)
    {
        Console.WriteLine($"skipped: {name}: {why}");
        return new RealtimeRow(name, "", "", 0, null, null, null, null, null, null, 0, 0, why);
    }

    /// <summary>
    /// The wrk script. Arguments: bearer token (or <c>-</c>), rate (0 = closed loop) and a run tag. Every request posts one
    /// event of the pool with the id <c>tag-thread-counter</c>, so no two requests of any run share an event id. Paced:
    /// each thread keeps a schedule of send times at its share of the rate (read from the monotonic clock through
    /// LuaJIT's FFI) and <c>delay()</c> holds a connection until its slot; the latency wrk reports runs from the send,
    /// so a server that falls behind shows as a lower rate achieved, not as queueing time (no correction for
    /// coordinated omission).
    /// </summary>
    private static string WrkScript(IReadOnlyList<TouchpointEvent> pool, int eventsPerRequest = 1)
    {
        var lua = new StringBuilder();
        var prefix = "{\"event_id\":\"";
        lua.AppendLine("local rests = {");
        foreach (var touch in pool)
        {
            var json = TouchpointEventJson.Object(touch with { EventId = "X" });
            if (!json.StartsWith(prefix + "X\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("an event's JSON does not start with its event_id: " + json);
            }

            lua.AppendLine("  " + LuaString(json[(prefix.Length + 1)..]) + ",");
        }

        lua.AppendLine("}");
        lua.AppendLine("local prefix = " + LuaString(prefix));
        lua.AppendLine(string.Create(CultureInfo.InvariantCulture, $"local batch = {eventsPerRequest}"));
        lua.AppendLine("""
            local ffi = require("ffi")
            ffi.cdef[[
            typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
            int clock_gettime(int clk_id, bench_timespec *tp);
            ]]
            local ts = ffi.new("bench_timespec[1]")
            local function now_ms()
              ffi.C.clock_gettime(1, ts)
              return tonumber(ts[0].tv_sec) * 1000 + tonumber(ts[0].tv_nsec) / 1e6
            end

            local thread_count = 0
            -- id is set by setup() through thread:set, so it is a global of the thread's state, not a local.
            local token, rate, tag
            local counter, interval, next_slot = 0, 0, nil

            setup = function(thread)
              thread_count = thread_count + 1
              thread:set("id", thread_count)
            end

            init = function(args)
              token, rate, tag = args[1], tonumber(args[2]), args[3]
              local wrk_threads = tonumber(args[4])
              if token ~= "-" then wrk.headers["Authorization"] = "Bearer " .. token end
              wrk.headers["Content-Type"] = "application/json"
              if rate > 0 then interval = 1000.0 * wrk_threads / rate end
            end

            local function event()
              counter = counter + 1
              return prefix .. tag .. "-" .. id .. "-" .. counter .. rests[((counter + id * 7919) % #rests) + 1]
            end

            request = function()
              if batch == 1 then return wrk.format("POST", nil, nil, event()) end
              local events = {}
              for i = 1, batch do events[i] = event() end
              return wrk.format("POST", nil, nil, "[" .. table.concat(events, ",") .. "]")
            end

            delay = function()
              if interval == 0 then return 0 end
              local now = now_ms()
              if next_slot == nil or next_slot < now - 1000 then next_slot = now end
              next_slot = next_slot + interval
              local wait = next_slot - now
              if wait < 0 then return 0 end
              return wait
            end

            """);
        lua.AppendLine(WrkDone);
        return lua.ToString();
    }

    private static void EnsureUser(Workspace ws, string name, string role, string password)
    {
        var users = new UserStore(ws);
        if (!users.List().Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            users.Add(name, role, null, password, UserStore.CommandLineActor);
        }
    }

    private static string RunScript(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + script);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"{Path.GetFileName(script)} {arguments[0]} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
    }

    private static string Markdown(RealtimeBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Real-time benchmark");
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"`POST /api/touchpoints` of `sightline serve` (Release, one co-hosted silo) on a {r.Accounts:N0}-account demo workspace (built {r.WorldBuilt} by the `sightline demo` pipeline), one event per request (row d: {BatchSize} per request), loaded by `wrk` in a second process on loopback for {r.DurationSeconds} s per row after a 5 s warm-up. Paced rows hold a fixed schedule of {r.TargetRate:N0} events/s, the warm row also {string.Join(" and ", LowerRates(r.TargetRate).Select(x => x.ToString("N0", inv)))} ({PacedConnections} connections, 2 threads); closed-loop rows send as fast as answers come back ({CeilingConnections} connections): the ceiling."));
        md.AppendLine(string.Create(inv, $"Machine: {r.Machine}, shared with other work; load average before: {r.LoadAverageBefore}, after: {r.LoadAverageAfter}. The load generator runs on the same two cores as the server."));
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"Target: p99 under {r.TargetP99Ms:F0} ms at {r.TargetRate:N0} events/s on one silo (judged on the warm-grain row paced at the target with one event per request; the warm rows paced at lower rates and row d, batched, are reported beside it and not judged). Result: {(r.Pass ? "met" : "missed")}. p99 relative to the no-op endpoint at the same rate: {(r.P99RatioToNoop is { } p ? p.ToString("F2", inv) + "×" : "n/a")}; ceiling relative to the no-op endpoint's: {(r.CeilingRatioToNoop is { } c ? c.ToString("F2", inv) : "n/a")}; p99 relative to the floor (row a2) at the same rate: {(r.P99RatioToFloor is { } f ? f.ToString("F2", inv) + "×" : "n/a")}."));
        md.AppendLine();
        md.AppendLine("| row | mode | connections | target requests/s | achieved requests/s | events/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in r.Rows)
        {
            md.AppendLine(row.Skipped is null
                ? string.Create(inv, $"| {row.Name} | {row.Mode} | {row.Connections} | {(row.TargetRate is { } t ? t.ToString("N0", inv) : "-")} | {row.RequestsPerSecond:N0} | {row.EventsPerSecond:N0} | {row.P50Ms:F2} | {row.P90Ms:F2} | {row.P99Ms:F2} | {row.MaxMs:F0} | {row.Requests:N0} | {row.Errors} |")
                : $"| {row.Name} | not measured: {row.Skipped} | | | | | | | | | | |");
        }

        md.AppendLine();
        foreach (var note in r.Notes)
        {
            md.AppendLine($"- note: {note}");
        }

        md.AppendLine();
        md.AppendLine("Run it with `bench/run.sh realtime` (options: `--accounts N` (default 25,000), `--seconds N` (default 20), `--rate N` (default 5,000), `--port P` (default 5410; the no-op endpoint uses P+1, the floor P+2 and its silo P+20 and P+21, the floor with work (row a3) P+3 and its silo P+30 and P+31, the cluster P+10 and P+11, PostgreSQL P+60), `--rows warm` (only the floor paced at the rate and the judged row, after a 30 s warm-up: for iterating on the target, not for the report of record; `--rows apply` only the in-process measurement)).");
        return md.ToString();
    }
}
