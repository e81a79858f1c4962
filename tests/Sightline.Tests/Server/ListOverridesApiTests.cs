using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Plans.Lists;
using Sightline.Server;
using Sightline.Tests.Models;

namespace Sightline.Tests.Server;

/// <summary>An approved override reaches the rep's list over HTTP once the lists are rebuilt.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class ListOverridesApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_promote_the_manager_approves_puts_the_account_first_on_the_reps_rebuilt_list()
    {
        using var rep = _world.Client("rep");
        using var manager = _world.Client("manager");
        using var before = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/lists/me")));
        var rows = before.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (Account: r.GetProperty("account_id").GetString()!, Rank: r.GetProperty("rank").GetInt32())).ToList();
        string account;
        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            // The lowest-ranked account with no outcome and no decided override from other tests (an outcome would cool it down).
            var touched = ws.Strings("SELECT account_id FROM account_outcomes UNION SELECT account_id FROM list_overrides WHERE status <> 'pending'").ToHashSet(StringComparer.Ordinal);
            account = rows.Where(r => r.Rank > 1 && !touched.Contains(r.Account)).MaxBy(r => r.Rank).Account;
        }

        using var created = await rep.PostAsJsonAsync($"/api/accounts/{account}/overrides", new { action = "promote", reason = "the CFO asked for a proposal before year end" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var request = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = request.RootElement.GetProperty("overrideId").GetString()!;
        using var decided = await manager.PostAsJsonAsync($"/api/overrides/{id}/decision", new { approve = true, note = "go for it" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            var result = RepLists.Run(ws, clock: TimeProvider.System);
            Assert.Contains(result.Notes, n => n.StartsWith("approved overrides applied: ", StringComparison.Ordinal));
        }

        using var after = JsonDocument.Parse(await rep.GetStringAsync(Url("/api/lists/me")));
        var first = after.RootElement.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("rank").GetInt32() == 1);
        Assert.Equal(account, first.GetProperty("account_id").GetString());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"promoted by manager on {today}: the CFO asked for a proposal before year end; ", first.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(rows.Count, after.RootElement.GetProperty("rows").GetArrayLength());
    }
}
