using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Access;
using Sightline.Runs;
using Sightline.Server;
using Sightline.Tests.Models;
using Sightline.Tests.Support;

namespace Sightline.Tests.Server;

/// <summary>
/// POST /api/runs: a batch run in the server, which holds the workspace (so sightline run cannot): started by admins and
/// analysts, one at a time, followed at its job's address to its end, recorded and audited. On a world of its own, since
/// a run rewrites the batch tables other server tests read.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
[Trait("Category", "Slow")]
public sealed class BatchRunsApiTests(ScoredDemoFixture demo) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private WebApplicationFactory<Sightline.Server.Program>? _factory;

    public void Dispose()
    {
        _factory?.Dispose();
        _dir.Dispose();
    }

    private WebApplicationFactory<Sightline.Server.Program> Factory()
    {
        if (_factory is null)
        {
            ServerWorld.Populate(demo.Workspace, _dir.File("ws"));
            _factory = ServerWorld.CreateFactory(_dir.File("ws"), perName: 100, perAddress: 10_000);
        }

        return _factory;
    }

    private HttpClient Client(string user) => ServerWorld.Client(user, Factory(), _tokens);

    [Fact]
    public async Task An_analyst_starts_a_run_that_runs_every_step_once_at_a_time_and_is_followed_to_its_end()
    {
        using var analyst = Client("analyst");
        using var started = await analyst.PostAsJsonAsync("/api/runs", new { skip = new[] { "clv" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        var job = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/runs/jobs/{job}", location);

        // One run at a time: a second is refused naming the first.
        using var admin = Client("admin");
        using var second = await admin.PostAsJsonAsync("/api/runs", new { });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains($"batch run {job}, started by analyst", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Reps and managers start none.
        using var rep = Client("rep");
        using var refused = await rep.PostAsJsonAsync("/api/runs", new { });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        JsonElement view;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        do
        {
            await Task.Delay(500);
            view = await analyst.GetFromJsonAsync<JsonElement>(location);
        }
        while (view.GetProperty("status").GetString() == "running" && DateTime.UtcNow < deadline);

        Assert.Equal("done", view.GetProperty("status").GetString());
        var steps = view.GetProperty("result").GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => (Status: s.GetProperty("status").GetString(), Summary: s.GetProperty("summary").GetString()!));
        Assert.Equal(BatchPipeline.StepNames, steps.Keys);
        Assert.Equal(("skipped", "skipped as asked"), steps["clv"]);
        Assert.All(steps.Where(s => s.Key != "clv"), s => Assert.Equal("done", s.Value.Status));
        Assert.Matches(@"out-of-fold AUC 0\.\d{3}$", steps["score"].Summary);
        Assert.Equal(1.0, view.GetProperty("fraction").GetDouble());

        // Recorded as a run, listed among the jobs, and audited from start to end.
        var runId = view.GetProperty("result").GetProperty("runId").GetString()!;
        Assert.Contains(runId, await analyst.GetStringAsync("/api/runs"), StringComparison.Ordinal);
        Assert.Equal(job, (await analyst.GetFromJsonAsync<JsonElement>("/api/runs/jobs"))[0].GetProperty("id").GetString());
        using var ws = Factory().Services.GetRequiredService<WorkspaceHost>().Open();
        var audit = AuditLog.Recent(ws, 100).Where(e => e.Target == job).Select(e => (e.Actor, e.Action)).ToList();
        Assert.Equal([("analyst", "run_done"), ("analyst", "run_started")], audit);
    }

    [Fact]
    public async Task A_step_that_is_none_is_refused_before_anything_runs()
    {
        using var admin = Client("admin");
        using var response = await admin.PostAsJsonAsync("/api/runs", new { skip = new[] { "features" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a step that can be skipped", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/runs/jobs") ?? []);

        // The body is optional: a bare POST reaches the role check (a rep's is refused there, not as a bad body).
        using var rep = Client("rep");
        using var bare = await rep.PostAsync(new Uri("/api/runs", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
    }

    [Fact]
    public async Task An_as_of_before_the_first_account_is_refused_naming_asOf_and_starts_nothing()
    {
        using var admin = Client("admin");
        DateOnly first;
        using (var ws = Factory().Services.GetRequiredService<WorkspaceHost>().Open())
        {
            first = DbValues.Date(ws.Scalar("SELECT min(created_at) FROM accounts")) ?? throw new InvalidOperationException("the demo's accounts have creation dates");
        }

        var firstText = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var early = await admin.PostAsJsonAsync("/api/runs", new { asOf = "1950-01-01", skip = new[] { "lists" } });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var diagnostic = (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diagnostics")[0];
        Assert.Equal(("asOf", "1950-01-01"), (diagnostic.GetProperty("source").GetString(), diagnostic.GetProperty("value").GetString()));
        Assert.Equal($"before the workspace's first account was created ({firstText}), so no account would have features; choose {firstText} or later (the feature table is left as it was)",
            diagnostic.GetProperty("message").GetString());

        // Out of the calendar's range, the body's field is named too, not the CLI's --as-of.
        using var ancient = await admin.PostAsJsonAsync("/api/runs", new { asOf = "1800-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, ancient.StatusCode);
        Assert.Equal("asOf", (await ancient.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diagnostics")[0].GetProperty("source").GetString());
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/runs/jobs") ?? []);
    }
}
