using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Server;

/// <summary>What the endpoints return, checked against the workspace's own tables.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class ApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private T Query<T>(Func<Workspace, T> read)
    {
        using var ws = Workspace.Open(_world.Directory);
        return read(ws);
    }

    [Fact]
    public async Task Account_detail_carries_scores_with_reasons_potential_contacts_and_history()
    {
        // The admin's top account by lookalike probability is a scored prospect with potential.
        using var admin = _world.Client("admin");
        using var page = JsonDocument.Parse(await admin.GetStringAsync(Url("/api/accounts?pageSize=1")));
        var top = page.RootElement.GetProperty("accounts")[0];
        var id = top.GetProperty("accountId").GetString()!;
        var expectedBand = Query(ws => ws.Scalar($"""
            SELECT band FROM account_scores WHERE kind = 'lookalike' AND product_family IS NULL AND account_id = {Sql.Literal(id)}
            AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike')
            """) as string);
        Assert.Equal(expectedBand, top.GetProperty("band").GetString());

        using var detail = JsonDocument.Parse(await admin.GetStringAsync(Url($"/api/accounts/{id}")));
        var root = detail.RootElement;
        Assert.Equal(id, root.GetProperty("account").GetProperty("account_id").GetString());
        var lookalike = root.GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "lookalike" && s.GetProperty("product_family").ValueKind == JsonValueKind.Null);
        Assert.Equal(top.GetProperty("probability").GetDouble(), lookalike.GetProperty("probability").GetDouble(), 12);
        Assert.False(string.IsNullOrWhiteSpace(lookalike.GetProperty("raising").GetString()));
        Assert.Equal(top.GetProperty("potential").GetDouble(), root.GetProperty("potential").GetProperty("potential").GetDouble(), 6);
        var contacts = Query(ws => ws.Rows($"SELECT coalesce(buying_role, 'unknown'), count(*) FROM contacts WHERE account_id = {Sql.Literal(id)} GROUP BY 1"))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt32(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(contacts.OrderBy(c => c.Key, StringComparer.Ordinal),
            root.GetProperty("contactsByRole").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetArrayLength())).OrderBy(c => c.Key, StringComparer.Ordinal));
        var orders = Query(ws => Convert.ToInt32(ws.Scalar($"SELECT least(count(*), 25) FROM orders WHERE account_id = {Sql.Literal(id)}"), CultureInfo.InvariantCulture));
        Assert.Equal(orders, root.GetProperty("orders").GetArrayLength());
        Assert.Equal(root.GetProperty("segment").GetString(), top.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Search_filters_by_segment_band_and_territory_within_the_scope()
    {
        using var rep = _world.Client("rep");
        using var all = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/accounts?pageSize=500")));
        var rows = all.RootElement.GetProperty("accounts").EnumerateArray().ToList();
        var band = rows.First(r => r.GetProperty("band").ValueKind == JsonValueKind.String).GetProperty("band").GetString()!;
        var segment = rows.First(r => r.GetProperty("segment").ValueKind == JsonValueKind.String).GetProperty("segment").GetString()!;
        var territory = rows.First(r => r.GetProperty("territoryId").ValueKind == JsonValueKind.String).GetProperty("territoryId").GetString()!;

        async Task<long> Total(string query)
        {
            using var json = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/accounts?" + query)));
            return json.RootElement.GetProperty("total").GetInt64();
        }

        Assert.Equal(rows.Count(r => r.GetProperty("band").ValueKind == JsonValueKind.String && r.GetProperty("band").GetString() == band),
            await Total("band=" + Uri.EscapeDataString(band)));
        Assert.Equal(rows.Count(r => r.GetProperty("segment").ValueKind == JsonValueKind.String && r.GetProperty("segment").GetString() == segment),
            await Total("segment=" + segment));
        var inTerritory = Query(ws => Convert.ToInt64(ws.Scalar($"SELECT count(*) FROM territory_accounts WHERE territory_id = {Sql.Literal(territory)}"), CultureInfo.InvariantCulture));
        Assert.Equal(inTerritory, await Total("territory=" + territory));
        var name = rows[0].GetProperty("name").GetString()!;
        Assert.Contains(rows[0].GetProperty("accountId").GetString(),
            JsonDocument.Parse(await rep.GetStringAsync(Url("/api/accounts?search=" + Uri.EscapeDataString(name[..6].ToUpperInvariant())))).RootElement
                .GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetString()));
    }

    [Fact]
    public async Task Unknown_filter_values_are_400_naming_the_known_ones_not_an_empty_page()
    {
        using var client = _world.Client("analyst");
        var bands = Query(ws => ws.Strings("""
            SELECT DISTINCT band FROM account_scores WHERE kind = 'lookalike' AND product_family IS NULL AND band IS NOT NULL
                AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike') ORDER BY band
            """));
        var segment = Query(ws => ws.Strings("SELECT min(segment) FROM segment_assignments")[0]);

        async Task<(string? Source, string? Value, string Message)> Refused(string path)
        {
            using var response = await client.GetAsync(Url(path));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var diagnostic = problem.RootElement.GetProperty("diagnostics")[0];
            return (diagnostic.GetProperty("source").GetString(), diagnostic.GetProperty("value").GetString(), diagnostic.GetProperty("message").GetString()!);
        }

        // A hyphen where the bands have an en dash answered "total 0".
        Assert.Equal(("band", "4-30%", $"not a known band; expected one of {string.Join(", ", bands)}"), await Refused("/api/accounts?band=4-30%25"));
        var unknownSegment = await Refused("/api/accounts?segment=nosuch");
        Assert.Equal(("segment", "nosuch"), (unknownSegment.Source, unknownSegment.Value));
        Assert.StartsWith("not a known segment; expected one of ", unknownSegment.Message, StringComparison.Ordinal);
        Assert.Contains(segment, unknownSegment.Message, StringComparison.Ordinal);
        Assert.Equal(("status", "bogus", "not a status; expected one of pending, approved, rejected"), await Refused("/api/overrides?status=bogus"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/api/overrides?status=Approved"))).StatusCode);
    }

    [Fact]
    public async Task Bad_paging_is_400_problem_details_with_the_diagnostic()
    {
        using var client = _world.Client("analyst");
        using var response = await client.GetAsync(Url("/api/accounts?pageSize=0"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bad input", problem.RootElement.GetProperty("title").GetString());
        var diagnostic = problem.RootElement.GetProperty("diagnostics")[0];
        Assert.Equal("pageSize", diagnostic.GetProperty("source").GetString());
        Assert.Equal("0", diagnostic.GetProperty("value").GetString());
        Assert.Equal("expected 1 to 500 rows per page", diagnostic.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Segment_counts_and_previews_are_scoped()
    {
        using var admin = _world.Client("admin");
        using var rep = _world.Client("rep");
        var expected = Query(ws => ws.Rows("""
            SELECT segment, count(*) FROM segment_members
            WHERE run_id = (SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1) GROUP BY 1
            """).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture), StringComparer.Ordinal));
        using var segments = JsonDocument.Parse(await admin.GetStringAsync(Url("/api/segments")));
        foreach (var s in segments.RootElement.EnumerateArray())
        {
            Assert.Equal(expected.GetValueOrDefault(s.GetProperty("name").GetString()!), s.GetProperty("accounts").GetInt64());
        }

        using var repSegments = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/segments")));
        Assert.True(repSegments.RootElement.EnumerateArray().Sum(s => s.GetProperty("accounts").GetInt64())
            < segments.RootElement.EnumerateArray().Sum(s => s.GetProperty("accounts").GetInt64()));

        var big = Query(ws => Convert.ToInt64(ws.Scalar("SELECT count(*) FROM account_features WHERE employees >= 1000"), CultureInfo.InvariantCulture));
        using var adminPreview = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/segments/preview", new { rule = "employees >= 1000" })).Content.ReadAsStringAsync());
        Assert.Equal(big, adminPreview.RootElement.GetProperty("accounts").GetInt64());
        Assert.Equal(_world.Truth.AllAccounts, adminPreview.RootElement.GetProperty("inScope").GetInt64());
        using var repPreview = JsonDocument.Parse(await (await rep.PostAsJsonAsync("/api/segments/preview", new { rule = "employees >= 1000" })).Content.ReadAsStringAsync());
        var repScope = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA });
        Assert.Equal(repScope.Count, repPreview.RootElement.GetProperty("inScope").GetInt64());
        Assert.InRange(repPreview.RootElement.GetProperty("accounts").GetInt64(), 0, repScope.Count);
        Assert.True(repPreview.RootElement.GetProperty("accounts").GetInt64() < big);
    }

    [Fact]
    public async Task A_rule_that_does_not_parse_is_400_with_its_position()
    {
        using var client = _world.Client("rep");
        using var response = await client.PostAsJsonAsync("/api/segments/preview", new { rule = "employees >= 1000 and\n  industry == " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The rule is not valid", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(2, problem.RootElement.GetProperty("line").GetInt32());
        Assert.True(problem.RootElement.GetProperty("column").GetInt32() > 1);
        Assert.Contains($"at 2:{problem.RootElement.GetProperty("column").GetInt32()}", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var unknown = await client.PostAsJsonAsync("/api/segments/preview", new { rule = "employes >= 10" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var unknownProblem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Equal(1, unknownProblem.RootElement.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Lists_serve_the_stored_rows_of_the_team()
    {
        var stored = Query(ws => ws.Strings($"SELECT account_id FROM rep_lists WHERE rep_id = {Sql.Literal(_world.RepA)} ORDER BY rank"));
        Assert.NotEmpty(stored);
        foreach (var (user, path) in new[] { ("rep", "/api/lists/me"), ("manager", $"/api/lists/{_world.RepA}"), ("admin", $"/api/lists/{_world.RepA}") })
        {
            using var client = _world.Client(user);
            using var json = JsonDocument.Parse(await client.GetStringAsync(Url(path)));
            Assert.Equal(_world.RepA, json.RootElement.GetProperty("repId").GetString());
            Assert.Equal(stored, json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("account_id").GetString()!));
            Assert.All(json.RootElement.GetProperty("rows").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));
        }
    }

    [Fact]
    public async Task Quotas_show_managers_their_team_and_hide_region_totals()
    {
        using var admin = JsonDocument.Parse(await _world.Client("admin").GetStringAsync(Url("/api/plans/quotas")));
        var adminRows = admin.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Query(ws => Convert.ToInt32(ws.Scalar("SELECT count(*) FROM plan_quotas"), CultureInfo.InvariantCulture)), adminRows.Count);
        Assert.Contains(adminRows, r => r.GetProperty("level").GetString() == "region");
        Assert.StartsWith("quotas-", admin.RootElement.GetProperty("runId").GetString(), StringComparison.Ordinal);

        using var manager = JsonDocument.Parse(await _world.Client("manager").GetStringAsync(Url("/api/plans/quotas")));
        var rows = manager.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var team = _world.Truth.Team(_world.ManagerA);
        var reps = rows.Where(r => r.GetProperty("level").GetString() == "rep").Select(r => r.GetProperty("key").GetString()!).ToList();
        Assert.NotEmpty(reps);
        Assert.All(reps, r => Assert.Contains(r, team));
        Assert.Equal(adminRows.Count(r => r.GetProperty("level").GetString() == "rep" && team.Contains(r.GetProperty("key").GetString()!)), reps.Count);
        Assert.DoesNotContain(rows, r => r.GetProperty("level").GetString() == "region");
    }

    [Fact]
    public async Task Admins_read_the_audit_log_newest_first()
    {
        using var admin = _world.Client("admin");
        using var json = JsonDocument.Parse(await admin.GetStringAsync(Url("/api/audit?limit=1000")));
        var entries = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(_world.Audit().Count, entries.Count);
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "admin" && e.GetProperty("action").GetString() == "login");
        var times = entries.Select(e => e.GetProperty("at").GetDateTime()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        using var bad = await admin.GetAsync(Url("/api/audit?limit=0"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Runs_list_the_pipeline_and_model_metrics()
    {
        using var json = JsonDocument.Parse(await _world.Client("rep").GetStringAsync(Url("/api/runs")));
        var kinds = json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "segments", "score", "potential", "lists", "quotas" }, kinds);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(Query(ws => Convert.ToInt32(ws.Scalar("SELECT count(*) FROM models"), CultureInfo.InvariantCulture)), models.Count);
        Assert.All(models, m => Assert.Equal(JsonValueKind.Object, m.GetProperty("metrics").ValueKind));
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_connection()
    {
        var users = new[] { "admin", "manager", "rep", "rep-b" };
        var clients = users.ToDictionary(u => u, _world.Client);
        var expected = new Dictionary<string, long>
        {
            ["admin"] = _world.Truth.AllAccounts,
            ["manager"] = _world.Truth.AccountsOf(_world.Truth.Team(_world.ManagerA)).Count,
            ["rep"] = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }).Count,
            ["rep-b"] = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepB }).Count,
        };
        var calls = Enumerable.Range(0, 32).Select(async i =>
        {
            var user = users[i % users.Length];
            using var json = JsonDocument.Parse(await clients[user].GetStringAsync(Url($"/api/accounts?pageSize=5&page={1 + (i % 3)}")));
            return (user, total: json.RootElement.GetProperty("total").GetInt64());
        });
        foreach (var (user, total) in await Task.WhenAll(calls))
        {
            Assert.Equal(expected[user], total);
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_and_docs_are_served()
    {
        using var client = _world.Client(null);
        using var document = JsonDocument.Parse(await client.GetStringAsync(Url("/openapi/v1.json")));
        Assert.Equal("Sightline API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal).ToList();
        var mapped = ApiEndpoints.Mapped(_world);
        Assert.Equal(29, mapped.Count);
        Assert.Equal(mapped, documented);

        using var docs = await client.GetAsync(Url("/docs/"));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }
}
