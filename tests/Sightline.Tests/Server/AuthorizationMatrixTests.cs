using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Tests.Models;

namespace Sightline.Tests.Server;

/// <summary>Every endpoint × every role (and anonymous): the status each must get, and the rows each must see.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class AuthorizationMatrixTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    /// <summary>Endpoint keys; {repAccount} is an account only the first team sees, {repA} the first team's rep.</summary>
    public static readonly IReadOnlyList<string> Endpoints =
    [
        "GET /api/auth/me", "GET /api/accounts", "GET /api/accounts/{repAccount}", "GET /api/segments", "POST /api/segments/preview",
        "GET /api/lists/me", "GET /api/lists/{repA}", "GET /api/runs", "POST /api/runs", "GET /api/runs/jobs", "GET /api/runs/jobs/{id}", "GET /api/plans/quotas",
        "GET /api/accounts/{repAccount}/outcomes", "POST /api/accounts/{repAccount}/outcomes", "POST /api/accounts/{repAccount}/overrides",
        "GET /api/overrides", "POST /api/overrides/{override}/decision", "GET /api/audit",
        "PUT /api/segments/{segment}", "DELETE /api/segments/{freshSegment}", "GET /api/exports/crm.csv", "GET /api/exports/plan.xlsx",
        "POST /api/touchpoints", "GET /api/touchpoints/stream", "GET /api/touchpoints/status", "GET /api/accounts/{repAccount}/live",
    ];

    // Expected status per endpoint for: anonymous, admin, analyst, manager (team A), manager-b, rep (team A), rep-b.
    private static readonly Dictionary<string, int[]> Expected = new(StringComparer.Ordinal)
    {
        ["GET /api/auth/me"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/accounts"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/accounts/{repAccount}"] = [401, 200, 200, 200, 404, 200, 404],
        ["GET /api/segments"] = [401, 200, 200, 200, 200, 200, 200],
        ["POST /api/segments/preview"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/lists/me"] = [401, 404, 404, 200, 200, 200, 200],
        ["GET /api/lists/{repA}"] = [401, 200, 200, 200, 404, 200, 404],
        ["GET /api/runs"] = [401, 200, 200, 200, 200, 200, 200],

        // Starting a run is for admins and analysts; the body names a step that is none, so the matrix starts no run on the
        // shared world (BatchRunsApiTests runs one on a world of its own). No job has that id.
        ["POST /api/runs"] = [401, 400, 400, 403, 403, 403, 403],
        ["GET /api/runs/jobs"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/runs/jobs/{id}"] = [401, 404, 404, 404, 404, 404, 404],
        ["GET /api/plans/quotas"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/accounts/{repAccount}/outcomes"] = [401, 200, 200, 200, 404, 200, 404],
        ["POST /api/accounts/{repAccount}/outcomes"] = [401, 201, 403, 201, 404, 201, 404],
        ["POST /api/accounts/{repAccount}/overrides"] = [401, 403, 403, 403, 403, 201, 404],
        ["GET /api/overrides"] = [401, 200, 200, 200, 200, 200, 200],
        ["POST /api/overrides/{override}/decision"] = [401, 200, 403, 200, 404, 403, 403],
        ["GET /api/audit"] = [401, 200, 403, 403, 403, 403, 403],
        ["PUT /api/segments/{segment}"] = [401, 200, 200, 403, 403, 403, 403],
        ["DELETE /api/segments/{freshSegment}"] = [401, 204, 204, 403, 403, 403, 403],
        // Exports hold what the caller sees: a manager's team, a rep's own accounts.
        ["GET /api/exports/crm.csv"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/exports/plan.xlsx"] = [401, 200, 200, 200, 200, 200, 200],

        // An account outside the scope is an unknown account to a poster (400, nothing appended) and to a reader (404).
        ["POST /api/touchpoints"] = [401, 200, 200, 200, 400, 200, 400],
        ["GET /api/touchpoints/stream"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/touchpoints/status"] = [401, 200, 200, 200, 200, 200, 200],
        ["GET /api/accounts/{repAccount}/live"] = [401, 200, 200, 200, 404, 200, 404],
    };

    private static readonly Dictionary<string, object> Bodies = new(StringComparer.Ordinal)
    {
        ["POST /api/segments/preview"] = new { rule = "employees >= 1000" },
        ["POST /api/runs"] = new { skip = new[] { "no-such-step" } },
        ["POST /api/accounts/{repAccount}/outcomes"] = new { outcome = "lost", reason = "went with a competitor on price" },
        ["POST /api/accounts/{repAccount}/overrides"] = new { action = "promote", reason = "met the CFO, budget approved for Q1" },
        ["POST /api/overrides/{override}/decision"] = new { approve = true, note = "agreed in the one-on-one" },
        ["PUT /api/segments/{segment}"] = new { rule = "employees >= 1000", description = "matrix check", priority = 900 },
    };

    private static readonly string?[] Users = [null, .. ServerWorld.Roles];

    public static TheoryData<string, string?, int> Matrix()
    {
        var data = new TheoryData<string, string?, int>();
        foreach (var endpoint in Endpoints)
        {
            for (var i = 0; i < Users.Length; i++)
            {
                data.Add(endpoint, Users[i], Expected[endpoint][i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_endpoint_answers_every_role_as_the_matrix_says(string endpoint, string? user, int status)
    {
        using var client = _world.Client(user);
        var parts = endpoint.Split(' ');
        var path = parts[1].Replace("{repAccount}", RepAccount(), StringComparison.Ordinal).Replace("{repA}", _world.RepA, StringComparison.Ordinal);
        if (path.Contains("{override}", StringComparison.Ordinal))
        {
            // Each case decides a fresh pending request of the first team's rep.
            path = path.Replace("{override}", await PendingOverride(), StringComparison.Ordinal);
        }

        path = path.Replace("{segment}", "matrix_segment", StringComparison.Ordinal);
        if (path.Contains("{freshSegment}", StringComparison.Ordinal))
        {
            // Each case deletes a segment of its own, created just before.
            path = path.Replace("{freshSegment}", await FreshSegment(), StringComparison.Ordinal);
        }

        using var response = parts[0] switch
        {
            // The stream never ends: its status is known once the headers arrive.
            "GET" when path.EndsWith("/stream", StringComparison.Ordinal) => await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead),
            "GET" => await client.GetAsync(new Uri(path, UriKind.Relative)),
            "POST" when path == "/api/touchpoints" => await client.PostAsJsonAsync(path, new
            {
                event_id = $"matrix-{Guid.NewGuid():N}", account_id = RepAccount(), occurred_at = DateTimeOffset.UtcNow.AddMinutes(-5), channel = "call",
            }),
            "DELETE" => await client.DeleteAsync(new Uri(path, UriKind.Relative)),
            "PUT" => await client.PutAsJsonAsync(path, Bodies[endpoint]),
            _ => await client.PostAsJsonAsync(path, Bodies[endpoint]),
        };
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        }
    }

    [Fact]
    public void The_matrix_covers_every_api_endpoint_the_server_maps()
    {
        var mapped = ApiEndpoints.Mapped(_world).Where(e => !e.StartsWith("POST /api/auth/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var tested = Endpoints.Select(e => e.Replace("{repAccount}", "{id}", StringComparison.Ordinal).Replace("{repA}", "{repId}", StringComparison.Ordinal)
                .Replace("{override}", "{overrideId}", StringComparison.Ordinal).Replace("{segment}", "{name}", StringComparison.Ordinal)
                .Replace("{freshSegment}", "{name}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(tested, mapped);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("analyst")]
    [InlineData("manager")]
    [InlineData("manager-b")]
    [InlineData("rep")]
    [InlineData("rep-b")]
    public async Task Account_search_returns_exactly_the_accounts_of_the_scope(string user)
    {
        var expected = Visible(user);
        using var client = _world.Client(user);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        long total = -1;
        for (var page = 1; ; page++)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/accounts?pageSize=500&page={page}", UriKind.Relative)));
            total = json.RootElement.GetProperty("total").GetInt64();
            var ids = json.RootElement.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetString()!).ToList();
            seen.UnionWith(ids);
            if (ids.Count < 500)
            {
                break;
            }
        }

        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, seen);
        Assert.InRange(total, 1, _world.Truth.AllAccounts);
    }

    [Fact]
    public async Task A_manager_sees_the_team_and_not_the_other_team()
    {
        var mine = Visible("manager");
        var theirs = Visible("manager-b");
        Assert.True(mine.Count > Visible("rep").Count, "a manager sees more than one rep of the team");
        Assert.Superset(Visible("rep"), mine);
        var other = _world.Truth.Outside(mine, theirs);
        using var client = _world.Client("manager");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/accounts/{other}", UriKind.Relative))).StatusCode);
        using var search = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/accounts?search={other}", UriKind.Relative)));
        Assert.Equal(0, search.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/lists/{_world.RepB}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_rep_asking_for_another_territorys_account_gets_404()
    {
        var other = _world.Truth.Outside(Visible("rep"), Visible("rep-b"));
        using var client = _world.Client("rep");
        using var response = await client.GetAsync(new Uri($"/api/accounts/{other}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"no account '{other}' that you may see", problem.RootElement.GetProperty("detail").GetString());

        // The same id is served to its own rep.
        using var own = _world.Client("rep-b");
        using var detail = JsonDocument.Parse(await own.GetStringAsync(new Uri($"/api/accounts/{other}", UriKind.Relative)));
        Assert.Equal(other, detail.RootElement.GetProperty("account").GetProperty("account_id").GetString());
    }

    private SortedSet<string> Visible(string user) => user switch
    {
        "admin" or "analyst" => _world.Truth.Everyone,
        "manager" => _world.Truth.AccountsOf(_world.Truth.Team(_world.ManagerA)),
        "manager-b" => _world.Truth.AccountsOf(_world.Truth.Team(_world.ManagerB)),
        "rep" => _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }),
        "rep-b" => _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepB }),
        _ => throw new ArgumentOutOfRangeException(nameof(user)),
    };

    private async Task<string> PendingOverride()
    {
        using var rep = _world.Client("rep");
        using var created = await rep.PostAsJsonAsync($"/api/accounts/{RepAccount()}/overrides", new { action = "demote", reason = "the buyer left the company last week" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("overrideId").GetString()!;
    }

    private async Task<string> FreshSegment()
    {
        var name = "matrix_" + Guid.NewGuid().ToString("N")[..8];
        using var admin = _world.Client("admin");
        using var created = await admin.PutAsJsonAsync($"/api/segments/{name}", new { rule = "employees >= 100" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return name;
    }

    /// <summary>An account of rep A that neither team B member sees.</summary>
    private string RepAccount() => _world.Truth.Outside(Visible("manager-b"), Visible("rep"));
}
