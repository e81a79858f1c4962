using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sightline.Server;
using Sightline.Server.Realtime;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Server;

/// <summary>
/// Every instant the API returns is UTC with Z, the same in a POST's answer and in later reads: an override's
/// requestedAt was <c>...05.0395479Z</c> when created and <c>...05.039547</c> (no zone, read as local time) when listed.
/// Dates stay dates.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
public sealed partial class InstantsApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")]
    private static partial System.Text.RegularExpressions.Regex UtcInstant();

    private static string Instant(JsonElement element, string property)
    {
        var text = element.GetProperty(property).GetString()!;
        Assert.Matches(UtcInstant(), text);
        return text;
    }

    [Fact]
    public async Task An_override_is_answered_listed_and_decided_with_the_same_utc_times()
    {
        var account = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }).First();
        using var rep = _world.Client("rep");
        using var manager = _world.Client("manager");

        using var created = await rep.PostAsJsonAsync($"/api/accounts/{account}/overrides", new { action = "demote", reason = "the buyer left and nobody replaced her yet" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = request.GetProperty("overrideId").GetString()!;
        var requestedAt = Instant(request, "requestedAt");

        var listed = (await rep.GetFromJsonAsync<JsonElement>(Url("/api/overrides"))).EnumerateArray().Single(o => o.GetProperty("overrideId").GetString() == id);
        Assert.Equal(requestedAt, Instant(listed, "requestedAt"));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("decidedAt").ValueKind);

        using var decision = await manager.PostAsJsonAsync($"/api/overrides/{id}/decision", new { approve = false, note = "keep it until the quarter ends" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var decided = await decision.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(requestedAt, Instant(decided, "requestedAt"));
        var decidedAt = Instant(decided, "decidedAt");

        var after = (await manager.GetFromJsonAsync<JsonElement>(Url("/api/overrides"))).EnumerateArray().Single(o => o.GetProperty("overrideId").GetString() == id);
        Assert.Equal((requestedAt, decidedAt), (Instant(after, "requestedAt"), Instant(after, "decidedAt")));
    }

    [Fact]
    public async Task An_outcome_is_answered_and_listed_with_the_same_utc_time()
    {
        var account = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepB }).First();
        using var rep = _world.Client("rep-b");
        using var created = await rep.PostAsJsonAsync($"/api/accounts/{account}/outcomes", new { outcome = "lost", reason = "went with the incumbent on price" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var outcome = await created.Content.ReadFromJsonAsync<JsonElement>();
        var recordedAt = Instant(outcome, "recordedAt");

        var listed = (await rep.GetFromJsonAsync<JsonElement>(Url($"/api/accounts/{account}/outcomes"))).EnumerateArray()
            .Single(o => o.GetProperty("outcomeId").GetString() == outcome.GetProperty("outcomeId").GetString());
        Assert.Equal(recordedAt, Instant(listed, "recordedAt"));
    }

    [Fact]
    public async Task Audit_entries_carry_utc_times()
    {
        using var admin = _world.Client("admin");
        var entries = (await admin.GetFromJsonAsync<JsonElement>(Url("/api/audit?limit=20"))).EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Instant(e, "at"));
    }

    [Fact]
    public async Task Runs_and_models_carry_utc_times_and_the_as_of_stays_a_date()
    {
        using var analyst = _world.Client("analyst");
        var runs = await analyst.GetFromJsonAsync<JsonElement>(Url("/api/runs"));
        var all = runs.GetProperty("runs").EnumerateArray().ToList();
        Assert.NotEmpty(all);
        Assert.All(all, r => Instant(r, "startedAt"));
        Assert.All(all.Where(r => r.GetProperty("finishedAt").ValueKind != JsonValueKind.Null), r => Instant(r, "finishedAt"));
        Assert.Contains(all, r => r.GetProperty("asOf").ValueKind == JsonValueKind.String);
        Assert.All(all.Where(r => r.GetProperty("asOf").ValueKind == JsonValueKind.String),
            r => Assert.Matches(@"^\d{4}-\d\d-\d\d$", r.GetProperty("asOf").GetString()!));
        Assert.All(runs.GetProperty("models").EnumerateArray(), m => Instant(m, "createdAt"));
    }

    [Fact]
    public async Task Account_detail_writes_touch_times_as_utc_and_order_dates_as_dates()
    {
        string account;
        using (var ws = Workspace.Open(_world.Directory, WorkspaceAccess.Read))
        {
            account = (string)ws.Scalar("SELECT account_id FROM touchpoints WHERE account_id IN (SELECT account_id FROM orders) ORDER BY account_id LIMIT 1")!;
        }

        using var admin = _world.Client("admin");
        var detail = await admin.GetFromJsonAsync<JsonElement>(Url($"/api/accounts/{account}"));
        Assert.All(detail.GetProperty("touchpoints").EnumerateArray(), t => Instant(t, "occurred_at"));
        Assert.All(detail.GetProperty("orders").EnumerateArray(), o => Assert.Matches(@"^\d{4}-\d\d-\d\d(T00:00:00)?$", o.GetProperty("order_date").GetString()!));
    }

    [Fact]
    public void Jobs_and_segment_changes_are_written_in_utc_with_z_as_well()
    {
        var json = _world.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var at = new DateTimeOffset(2026, 12, 7, 6, 41, 5, TimeSpan.Zero).AddTicks(395_479);
        var job = new BatchJobView("job-1", "running", "analyst", at, null, "features", 0.5, null, null);
        var change = new SegmentChange("A1", ["hot"], [], null, "hot", at.ToOffset(TimeSpan.FromHours(2)), "EV-1", 7);

        Assert.Contains("\"startedAt\":\"2026-12-07T06:41:05.039547Z\"", JsonSerializer.Serialize(job, json), StringComparison.Ordinal);
        Assert.Contains("\"at\":\"2026-12-07T06:41:05.039547Z\"", JsonSerializer.Serialize(change, json), StringComparison.Ordinal);
    }
}
