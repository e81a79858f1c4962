using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sightline.Access;
using Sightline.Demo;
using Sightline.Workspaces;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>One measured URL set: who asked, what, and wrk's numbers (milliseconds), or why it was skipped.</summary>
internal sealed record ServerScenario(string Name, string User, string Example, int Urls, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs,
    double? RequestsPerSecond, long Requests, long Errors, double? RatioToTarget, bool? Pass, string? Skipped);

/// <summary>The server benchmark's numbers, written as JSON beside the report.</summary>
internal sealed record ServerBenchResult(long Accounts, long Reps, long Territories, string Workspace, string WorldBuilt, IReadOnlyList<DemoStep> PipelineSteps,
    double ServingBuildSeconds, string RepId, long RepAccounts, string ManagerId, long ManagerTeam, long ManagerAccounts, int Connections, int Threads,
    int DurationSeconds, double TargetMs, string LoadAverageBefore, string LoadAverageAfter, string Machine, IReadOnlyList<ServerScenario> Scenarios,
    IReadOnlyList<string> Notes, bool Pass);

/// <summary>
/// <c>sightline serve</c> (the real server process, Release build) on a 1M-account demo workspace built by the real
/// pipeline (<c>sightline demo</c>, cached in DATA/server-1m), loaded on loopback by <c>wrk</c> as a rep, a manager and
/// an admin. Target: p95 under 100 ms for the account and list pages and their API calls.
/// </summary>
internal static class ServerBenchmark
{
    public const int Accounts = 1_000_000;
    public const double TargetMs = 100;
    private const string Password = "bench password, long enough";
    private const int Seed = 42;

    /// <summary>The web app's pages (built separately): measured when the server answers them, skipped with a note on 404.</summary>
    private static readonly string[] PagePaths = ["/accounts/{id}", "/list"];

    /// <summary>The row of details never opened before in the run: each is read from the tables, not the detail cache.</summary>
    private const string ColdRow = "GET /api/accounts/{id} first view (not cached)";

    /// <summary>More accounts than the cold row can open in its seconds, so none is opened twice.</summary>
    private const int ColdAccounts = 5000;

    public static int Run(string root, string dataRoot, string output, int accounts, int port, int seconds, int connections)
    {
        var notes = new List<string>();
        var world = Path.Combine(dataRoot, accounts == Accounts ? "server-1m" : $"server-{accounts}");
        var (built, steps) = EnsureWorld(world, accounts, notes);

        Console.WriteLine("setup: users and serving tables (not timed)...");
        string repId, managerId;
        long repAccounts, managerTeam, managerAccounts, reps, territories, total;
        List<string> repIds, managerIds, coldIds, repWords;
        double servingSeconds;
        using (var ws = Workspace.Open(world))
        {
            var watch = Stopwatch.StartNew();
            AccountServing.Refresh(ws);
            servingSeconds = watch.Elapsed.TotalSeconds;
            total = Long(ws, "SELECT count(*) FROM accounts");
            reps = Long(ws, "SELECT count(*) FROM reps");
            territories = Long(ws, "SELECT count(*) FROM territories");

            // The manager with the most reports who has a manager too (a regional manager, as the server tests pick),
            // and its first report that holds a territory and has a list.
            managerId = ws.Strings("""
                SELECT manager_id FROM reps WHERE manager_id IN (SELECT rep_id FROM reps WHERE manager_id IS NOT NULL)
                GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1
                """)[0];
            repId = ws.Strings($"""
                SELECT r.rep_id FROM reps r JOIN territories t ON t.rep_id = r.rep_id
                WHERE r.manager_id = {Literal(managerId)} AND r.rep_id IN (SELECT rep_id FROM rep_lists)
                ORDER BY r.rep_id LIMIT 1
                """)[0];
            var team = ws.Strings($"SELECT DISTINCT rep_id FROM {new AccessScope(UserRole.Manager, managerId).RepsRelation}");
            managerTeam = team.Count;
            var teamList = string.Join(", ", team.Select(Literal));
            repAccounts = Long(ws, $"SELECT count(DISTINCT account_id) FROM {AccountServing.AccessTable} WHERE rep_id = {Literal(repId)}");
            managerAccounts = Long(ws, $"SELECT count(DISTINCT account_id) FROM {AccountServing.AccessTable} WHERE rep_id IN ({teamList})");
            repIds = ws.Strings($"SELECT DISTINCT account_id FROM {AccountServing.AccessTable} a WHERE rep_id = {Literal(repId)} AND account_id IN (SELECT account_id FROM accounts) ORDER BY hash(account_id) LIMIT 1000");
            managerIds = ws.Strings($"SELECT DISTINCT account_id FROM {AccountServing.AccessTable} WHERE rep_id IN ({teamList}) AND account_id IN (SELECT account_id FROM accounts) ORDER BY hash(account_id) LIMIT 1000");

            // Accounts nobody else in the run opens, for first views that the detail cache cannot answer.
            coldIds = ws.Strings($"SELECT account_id FROM accounts WHERE account_id NOT IN (SELECT account_id FROM {AccountServing.AccessTable} WHERE rep_id IN ({teamList})) ORDER BY hash(account_id) LIMIT {ColdAccounts}");

            // Search words a person would type: the first word of account names, lower case, some rare, some common.
            repWords = ws.Strings($"""
                SELECT w FROM (SELECT DISTINCT lower(split_part(name, ' ', 1)) AS w FROM {AccountServing.Table}
                    WHERE account_id IN (SELECT account_id FROM {AccountServing.AccessTable} WHERE rep_id IN ({teamList})))
                WHERE length(w) >= 3 ORDER BY hash(w) LIMIT 50
                """);
            var users = new UserStore(ws);
            var existing = users.List().Select(u => u.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, role, rep) in new[] { ("bench-rep", "rep", repId), ("bench-manager", "manager", managerId), ("bench-admin", "admin", (string?)null) })
            {
                if (!existing.Contains(name))
                {
                    users.Add(name, role, rep, Password, UserStore.CommandLineActor);
                }
                else
                {
                    ws.Execute($"UPDATE users SET rep_id = {(rep is null ? "NULL" : Literal(rep))} WHERE name_key = {Literal(name)}");
                }
            }
        }

        Console.WriteLine($"setup: serving tables rebuilt in {servingSeconds:F1} s; rep {repId} sees {repAccounts:N0} accounts, manager {managerId} ({managerTeam} reps) {managerAccounts:N0}");
        var loadBefore = LoadAverage();
        var scenarios = new List<ServerScenario>();
        using (var server = ServerProcess.Start(root, world, port))
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            server.WaitUntilReady(client);
            var repToken = ServerProcess.Token(client, "bench-rep", Password);
            var managerToken = ServerProcess.Token(client, "bench-manager", Password);
            var adminToken = ServerProcess.Token(client, "bench-admin", Password);
            var repCookie = Cookie(client, "bench-rep", notes);

            string Search(int i) => "/api/accounts?search=" + Uri.EscapeDataString(repWords[i % repWords.Count]) + "&page=1";
            var plans = new List<(string Name, string User, string? Auth, string? Cookie, IReadOnlyList<string> Paths)>
            {
                ("GET /api/accounts/{id}", "rep", repToken, null, repIds.Select(id => "/api/accounts/" + id).ToList()),
                ("GET /api/accounts/{id}", "manager", managerToken, null, managerIds.Select(id => "/api/accounts/" + id).ToList()),
                (ColdRow, "admin", adminToken, null, coldIds.Select(id => "/api/accounts/" + id).ToList()),
                ("GET /api/accounts?search=...&page=1", "rep", repToken, null, Enumerable.Range(0, repWords.Count).Select(Search).ToList()),
                ("GET /api/accounts?search=...&page=1", "manager", managerToken, null, Enumerable.Range(0, repWords.Count).Select(Search).ToList()),
                ("GET /api/accounts?page=1 (no search)", "manager", managerToken, null, ["/api/accounts?page=1"]),
                ("GET /api/accounts?search=...&page=1", "admin", adminToken, null, Enumerable.Range(0, repWords.Count).Select(Search).ToList()),
                ("GET /api/lists/me", "rep", repToken, null, ["/api/lists/me"]),
            };
            foreach (var page in PagePaths)
            {
                var paths = page.Contains("{id}", StringComparison.Ordinal) ? repIds.Select(id => page.Replace("{id}", id, StringComparison.Ordinal)).ToList() : [page];
                plans.Add(($"page {page}", "rep (cookie)", null, repCookie, paths));
            }

            var scratch = Path.Combine(dataRoot, "scratch", "server-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(scratch);
            try
            {
                foreach (var plan in plans)
                {
                    scenarios.Add(Measure(client, plan.Name, plan.User, plan.Auth, plan.Cookie, plan.Paths, port, seconds, connections, scratch));
                }
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        var loadAfter = LoadAverage();
        var measured = scenarios.Where(s => s.Skipped is null).ToList();
        var pass = measured.Count > 0 && measured.All(s => s.Pass == true);
        var result = new ServerBenchResult(total, reps, territories, world, built, steps, Math.Round(servingSeconds, 2), repId, repAccounts, managerId, managerTeam,
            managerAccounts, connections, Threads(connections), seconds, TargetMs, loadBefore, loadAfter, Machine(), scenarios, notes, pass);
        ReportFiles.Write(result, output, Markdown(result));
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
        return pass ? BenchCommand.Ok : BenchCommand.TargetMissed;
    }

    /// <summary>The cached world, or a new one from <c>sightline demo</c>'s pipeline when it is missing or of another size.</summary>
    internal static (string Built, IReadOnlyList<DemoStep> Steps) EnsureWorld(string world, int accounts, List<string> notes)
    {
        var marker = Path.Combine(world, "world.json");
        var database = Path.Combine(world, Workspace.DatabaseFileName);
        if (File.Exists(marker) && File.Exists(database))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(marker));
            var rootElement = json.RootElement;
            if (rootElement.GetProperty("accounts").GetInt32() == accounts && rootElement.GetProperty("seed").GetInt32() == Seed)
            {
                var cachedSteps = rootElement.GetProperty("steps").EnumerateArray()
                    .Select(s => new DemoStep(s.GetProperty("name").GetString()!, s.GetProperty("seconds").GetDouble())).ToList();
                notes.Add($"world reused from {world} (built {rootElement.GetProperty("built").GetString()}); delete world.json there to rebuild it");
                if (rootElement.TryGetProperty("note", out var note))
                {
                    notes.Add(note.GetString()!);
                }

                return (rootElement.GetProperty("built").GetString()!, cachedSteps);
            }
        }

        Console.WriteLine($"building a {accounts:N0}-account demo world in {world} with the whole demo pipeline (takes a while; cached for later runs)...");
        var summary = DemoPipeline.Run(world, new DemoOptions(accounts, Seed),
            new Progress<(string Step, double Fraction)>(p => { if (p.Fraction == 0) { Console.WriteLine($"  {p.Step}..."); } }));
        var built = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        File.WriteAllText(marker, JsonSerializer.Serialize(new
        {
            accounts,
            seed = Seed,
            built,
            steps = summary.Steps.Select(s => new { name = s.Name, seconds = s.Seconds }),
        }) + "\n");
        return (built, summary.Steps);
    }

    private static ServerScenario Measure(HttpClient client, string name, string user, string? token, string? cookie, IReadOnlyList<string> paths,
        int port, int seconds, int connections, string scratch)
    {
        var example = paths[0];
        if (token is null && cookie is null)
        {
            return Skip(name, user, example, paths.Count, "no session cookie from POST /api/auth/login");
        }

        // Warm up (JIT, DuckDB caches, and the detail cache with every URL once) and check every answer is a 200 before
        // timing; a 404 on a page means the web app is not there yet. The cold row warms on a few of its URLs only and
        // cycles through the rest, each requested once.
        var warmUp = name == ColdRow ? paths.Take(20) : paths.Take(1000).Concat(paths.Take(100));
        if (name == ColdRow)
        {
            paths = paths.Skip(20).ToList();
        }

        foreach (var path in warmUp)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            else
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = client.Send(request);
            if (response.StatusCode == HttpStatusCode.NotFound && name.StartsWith("page ", StringComparison.Ordinal))
            {
                return Skip(name, user, example, paths.Count, $"{path} answers 404: the web app's page is not there yet");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{name} as {user}: {path} answered {(int)response.StatusCode} during the warm-up");
            }
        }

        var script = Path.Combine(scratch, $"wrk-{Guid.NewGuid():N}.lua");
        File.WriteAllText(script, WrkScript(paths, token is null ? ("Cookie", cookie!) : ("Authorization", "Bearer " + token)));
        Console.WriteLine($"wrk: {name} as {user}, {paths.Count} URLs, {connections} connections, {seconds} s...");
        var r = RunWrk(["-t", Threads(connections).ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "--timeout", "10s", "--latency", "-s", script, $"http://127.0.0.1:{port}"]);
        double Ms(string key) => Math.Round(r.GetProperty(key).GetDouble() / 1000, 2);
        var requests = r.GetProperty("requests").GetInt64();
        var errors = r.GetProperty("errors").GetInt64();
        var perSecond = PerSecond(r);
        var p95 = Ms("p95");
        Console.WriteLine($"  p50 {Ms("p50")} ms, p95 {p95} ms, p99 {Ms("p99")} ms, {perSecond} requests/s, {errors} errors");
        return new ServerScenario(name, user, example, paths.Count, Ms("p50"), p95, Ms("p99"), Ms("max"), perSecond, requests, errors,
            Math.Round(p95 / TargetMs, 3), p95 < TargetMs && errors == 0, null);
    }

    private static ServerScenario Skip(string name, string user, string example, int urls, string why)
    {
        Console.WriteLine($"skipped: {name} as {user}: {why}");
        return new ServerScenario(name, user, example, urls, null, null, null, null, null, 0, 0, null, null, why);
    }

    /// <summary>
    /// Each wrk thread walks the URL list from its own offset; <c>done</c> prints the latency percentiles (microseconds)
    /// and every error (connect, read, write, timeout, and answers other than 2xx/3xx) as one JSON line.
    /// </summary>
    private static string WrkScript(IReadOnlyList<string> paths, (string Name, string Value) header)
    {
        var lua = new StringBuilder();
        lua.AppendLine("local paths = {");
        foreach (var path in paths)
        {
            lua.AppendLine("  " + LuaString(path) + ",");
        }

        lua.AppendLine("}");
        lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[{LuaString(header.Name)}] = {LuaString(header.Value)}");
        lua.AppendLine("""
            local counter = 0
            local offset = 0
            local threads = 0
            setup = function(thread)
              thread:set("offset", threads * 97)
              threads = threads + 1
            end
            request = function()
              counter = counter + 1
              return wrk.format("GET", paths[((offset + counter) % #paths) + 1])
            end
            """);
        lua.AppendLine(WrkDone);
        return lua.ToString();
    }

    private static int Threads(int connections) => Math.Min(2, connections);

    /// <summary>
    /// The session cookie the web app's pages accept, from the API's cookie sign-in (the browser form needs an
    /// antiforgery token, this endpoint sets the same cookie); null when the build has no such endpoint.
    /// </summary>
    private static string? Cookie(HttpClient client, string name, List<string> notes)
    {
        using var response = client.PostAsJsonAsync("/api/auth/login", new { name, password = Password }).GetAwaiter().GetResult();
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]).ToList() : [];
        if (cookies.Count == 0)
        {
            notes.Add($"POST /api/auth/login answered {(int)response.StatusCode} without a cookie, so the web app's pages were skipped");
            return null;
        }

        return string.Join("; ", cookies);
    }

    private static long Long(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Markdown(ServerBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Server benchmark");
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"`sightline serve` (Release) on a {r.Accounts:N0}-account demo workspace ({r.Reps:N0} reps, {r.Territories:N0} territories; built {r.WorldBuilt} by the `sightline demo` pipeline; see the notes), loaded by `wrk` on loopback: {r.Connections} connections on {r.Threads} threads for {r.DurationSeconds} s per row, each row after a warm-up that requests each of its URLs once (up to 1,000, so repeat views are answered from the detail cache as in use), every answer checked to be a 200 first; the first-view row opens accounts no row opened before, each once, so every answer is read from the tables."));
        md.AppendLine(string.Create(inv, $"Machine: {r.Machine}, shared with other work; load average before: {r.LoadAverageBefore}, after: {r.LoadAverageAfter}."));
        md.AppendLine(string.Create(inv, $"Users: rep {r.RepId} ({r.RepAccounts:N0} accounts visible), manager {r.ManagerId} ({r.ManagerTeam} reps, {r.ManagerAccounts:N0} accounts), an admin (every account). Serving tables rebuilt in {r.ServingBuildSeconds:F1} s before the server started."));
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"Target: p95 under {r.TargetMs:F0} ms. Result: {(r.Pass ? "met for every measured row" : "missed")}."));
        md.AppendLine();
        md.AppendLine("| request | user | URLs cycled | p50 ms | p95 ms | p99 ms | max ms | requests/s | errors | p95 / target | pass |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in r.Scenarios)
        {
            md.AppendLine(s.Skipped is null
                ? string.Create(inv, $"| {s.Name} | {s.User} | {s.Urls:N0} | {s.P50Ms:F1} | {s.P95Ms:F1} | {s.P99Ms:F1} | {s.MaxMs:F0} | {s.RequestsPerSecond:N0} | {s.Errors} | {s.RatioToTarget:F2} | {(s.Pass == true ? "yes" : "no")} |")
                : $"| {s.Name} | {s.User} | {s.Urls:N0} | skipped: {s.Skipped} | | | | | | | |");
        }

        md.AppendLine();
        md.AppendLine("Pipeline that built the workspace (seconds per step, from the cached world's first build):");
        md.AppendLine();
        md.AppendLine("| step | seconds |");
        md.AppendLine("|---|---|");
        foreach (var step in r.PipelineSteps)
        {
            md.AppendLine(string.Create(inv, $"| {step.Name} | {step.Seconds:F1} |"));
        }

        md.AppendLine();
        foreach (var note in r.Notes)
        {
            md.AppendLine($"- note: {note}");
        }

        md.AppendLine();
        md.AppendLine("Run it with `bench/run.sh server` (options: `--seconds N`, `--connections N`, `--port P`, `--accounts N`).");
        return md.ToString();
    }
}
