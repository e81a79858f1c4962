using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Tests.Models;

namespace Sightline.Tests.Server;

/// <summary>The outcome and override flow over HTTP: a rep records and asks, its manager sees and decides, the other team sees nothing.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class ActionsApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_rep_override_reaches_its_manager_who_approves_it()
    {
        var account = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }).Last();
        using var rep = _world.Client("rep");
        using var manager = _world.Client("manager");
        using var otherManager = _world.Client("manager-b");

        using var outcome = await rep.PostAsJsonAsync($"/api/accounts/{account}/outcomes", new { outcome = "won", reason = "signed a two-year order for Core Platform" });
        Assert.Equal(HttpStatusCode.Created, outcome.StatusCode);
        using var outcomes = JsonDocument.Parse(await manager.GetStringAsync(Url($"/api/accounts/{account}/outcomes")));
        var first = outcomes.RootElement[0];
        Assert.Equal(("won", "rep", _world.RepA), (first.GetProperty("outcome").GetString(), first.GetProperty("recordedBy").GetString(), first.GetProperty("repId").GetString()));

        using var noReason = await rep.PostAsJsonAsync($"/api/accounts/{account}/overrides", new { action = "promote", reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var problem = JsonDocument.Parse(await noReason.Content.ReadAsStringAsync());
        Assert.Equal("reason", problem.RootElement.GetProperty("diagnostics")[0].GetProperty("source").GetString());

        using var created = await rep.PostAsJsonAsync($"/api/accounts/{account}/overrides", new { action = "promote", reason = "new CIO wants a security review this quarter" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var request = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = request.RootElement.GetProperty("overrideId").GetString()!;
        Assert.Equal("pending", request.RootElement.GetProperty("status").GetString());

        using var queue = JsonDocument.Parse(await manager.GetStringAsync(Url("/api/overrides?status=pending")));
        Assert.Contains(id, queue.RootElement.EnumerateArray().Select(o => o.GetProperty("overrideId").GetString()));
        using var otherQueue = JsonDocument.Parse(await otherManager.GetStringAsync(Url("/api/overrides")));
        Assert.DoesNotContain(id, otherQueue.RootElement.EnumerateArray().Select(o => o.GetProperty("overrideId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.PostAsJsonAsync($"/api/overrides/{id}/decision", new { approve = true })).StatusCode);

        using var decided = await manager.PostAsJsonAsync($"/api/overrides/{id}/decision", new { approve = true, note = "agreed in the one-on-one" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        using var mine = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/overrides")));
        var approved = mine.RootElement.EnumerateArray().Single(o => o.GetProperty("overrideId").GetString() == id);
        Assert.Equal(("approved", "manager"), (approved.GetProperty("status").GetString(), approved.GetProperty("decidedBy").GetString()));

        using var twice = await manager.PostAsJsonAsync($"/api/overrides/{id}/decision", new { approve = false });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);

        var audit = _world.Audit();
        Assert.Contains(audit, e => e.Action == "outcome" && e.Actor == "rep" && e.Target == account && e.Detail == "won: signed a two-year order for Core Platform");
        Assert.Contains(audit, e => e.Action == "override_requested" && e.Actor == "rep" && e.Target == account);
        Assert.Contains(audit, e => e.Action == "override_approved" && e.Actor == "manager" && e.Target == account
            && e.Detail == "promote requested by rep: agreed in the one-on-one");
    }

    private static async Task<List<string>> Diagnostics(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. problem.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("source").GetString()} {d.GetProperty("column").GetString()} {d.GetProperty("value").GetString()}: {d.GetProperty("message").GetString()}")];
    }

    [Theory]
    [InlineData("{\"aprove\": true, \"note\": \"yes, go ahead\"}", "body aprove : unknown field; expected approve, note")]
    [InlineData("{}", "body approve : missing; give true to approve the override or false to reject it")]
    [InlineData("{\"note\": \"yes, go ahead\"}", "body approve : missing; give true to approve the override or false to reject it")]
    [InlineData("{\"approve\": \"yes\"}", "body approve : expected true or false")]
    [InlineData("{\"approve\": tru", "body approve : not valid JSON at position 16: 'tru' is an invalid JSON literal. Expected the literal 'true'.")]
    public async Task A_decision_body_without_a_readable_approve_is_400_naming_it_and_the_override_stays_pending(string body, string expected)
    {
        var account = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }).First();
        using var rep = _world.Client("rep");
        using var manager = _world.Client("manager");
        using var created = await rep.PostAsJsonAsync($"/api/accounts/{account}/overrides", new { action = "demote", reason = "the budget moved to next fiscal year" });
        using var request = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = request.RootElement.GetProperty("overrideId").GetString()!;

        using var decision = await manager.PostAsync(Url($"/api/overrides/{id}/decision"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, decision.StatusCode);
        Assert.Equal([expected], await Diagnostics(decision));
        using var mine = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/overrides")));
        Assert.Equal("pending", mine.RootElement.EnumerateArray().Single(o => o.GetProperty("overrideId").GetString() == id).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/accounts?pageSize=abc", "pageSize  abc: expected a whole number from -2147483648 to 2147483647")]
    [InlineData("/api/audit?limit=abc", "limit  abc: expected a whole number from -2147483648 to 2147483647")]
    public async Task A_query_parameter_of_the_wrong_form_is_400_naming_it_and_its_value(string url, string expected)
    {
        using var admin = _world.Client("admin");

        using var response = await admin.GetAsync(Url(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([expected], await Diagnostics(response));
    }

    [Theory]
    [InlineData("/api/touchpoints", "application/xml", "the body is sent as 'application/xml; charset=utf-8'; send it as application/json, application/x-ndjson, text/plain, text/csv")]
    [InlineData("/api/overrides/ovr-x/decision", "application/x-www-form-urlencoded", "the body is sent as 'application/x-www-form-urlencoded; charset=utf-8'; send it as application/json")]
    public async Task A_body_of_a_type_the_endpoint_does_not_read_is_415_naming_the_types_it_reads(string url, string type, string expected)
    {
        // Routing refuses these before the endpoint runs, and the answer said nothing of the type.
        using var admin = _world.Client("admin");

        using var response = await admin.PostAsync(Url(url), new StringContent("<event/>", System.Text.Encoding.UTF8, type));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, problem.RootElement.GetProperty("detail").GetString());
    }
}
