using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Territories;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Territories;

/// <summary><c>territories.within_role</c> on the 3,000-account demo: a territory only balances against territories of its own region and role.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class TerritoryRoleDemoTests(ScoredDemoFixture demo)
{
    /// <summary>
    /// Each account's expected role, worked out apart from the planner: the role of the rep of its territory today
    /// (territory_accounts, else the territory its owner rep holds), else its owner rep's role, else (none).
    /// </summary>
    private const string Expected = """
        WITH today AS (
            SELECT a.account_id, coalesce(nullif(trim(a.region), ''), '(none)') AS region, a.owner_rep_id,
                coalesce((SELECT min(ta.territory_id) FROM territory_accounts ta WHERE ta.account_id = a.account_id),
                    (SELECT min(t.territory_id) FROM territories t WHERE t.rep_id = a.owner_rep_id)) AS territory_id
            FROM accounts a)
        SELECT today.account_id, today.region, coalesce(tr.role, o.role, '(none)') AS role
        FROM today
        LEFT JOIN territories t ON t.territory_id = today.territory_id
        LEFT JOIN reps tr ON tr.rep_id = t.rep_id
        LEFT JOIN reps o ON o.rep_id = today.owner_rep_id
        """;

    private static long Count(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);

    /// <summary>Plan rows whose planned territory has another role (its rep's) or region than the account.</summary>
    private static string Crossing(string scenario) => $"""
        SELECT count(*) FROM {TerritoryPlan.Table} p
        JOIN ({Expected}) e USING (account_id)
        JOIN territories t ON t.territory_id = p.to_territory
        JOIN reps r ON r.rep_id = t.rep_id
        WHERE p.scenario = '{scenario}' AND (r.role <> e.role OR t.region <> e.region)
        """;

    [Fact]
    public void Demo_WithinRole_NoAccountEndsInATerritoryOfAnotherRoleOrRegion_AndBalancedBeatsNaiveAndToday()
    {
        using var ws = Workspace.Open(demo.Workspace);
        Assert.True(ws.Settings.Territories.WithinRole, "within_role is on by default");

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        Assert.True(result.WithinRole);
        var accounts = Count(ws, "SELECT count(*) FROM accounts");
        foreach (var scenario in new[] { "minimal_disruption", "balanced", "compact" })
        {
            // Every row joins a territory with a rep (no new territories at today's count), and none crosses a role or region.
            Assert.Equal(accounts, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} p JOIN territories t ON t.territory_id = p.to_territory JOIN reps r ON r.rep_id = t.rep_id WHERE scenario = '{scenario}'"));
            Assert.Equal(0, Count(ws, Crossing(scenario)));
            Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} p JOIN ({Expected}) e USING (account_id) WHERE p.scenario = '{scenario}' AND p.role <> e.role"));
            // The summary's role is the territory's rep's role.
            Assert.All(result.Territories.Where(t => t.Scenario == scenario),
                t => Assert.Equal(ws.Scalar($"SELECT r.role FROM territories t JOIN reps r USING (rep_id) WHERE t.territory_id = '{t.TerritoryId}'")?.ToString(), t.Role));
        }

        var (today, naive, balanced) = (result.Scenarios[0], result.Scenarios[1], result.Scenarios.Single(s => s.Name == "balanced"));
        Assert.True(balanced.PotentialCv < naive.PotentialCv, $"balanced potential CV {balanced.PotentialCv} vs naive {naive.PotentialCv}");
        Assert.True(balanced.PotentialCv < today.PotentialCv, $"balanced potential CV {balanced.PotentialCv} vs today {today.PotentialCv}");
        Assert.True(balanced.LoadCv < today.LoadCv && balanced.LoadCv < naive.LoadCv, balanced.Summary);
        Assert.All(result.Scenarios.Skip(2), s => Assert.StartsWith("per region and coverage role, ", s.Method, StringComparison.Ordinal));
        Assert.Contains("region and role", naive.Description, StringComparison.Ordinal);

        // Role words stand where the region stood: in stays and in moves.
        var field = ws.Scalar($"SELECT reason FROM {TerritoryPlan.Table} p JOIN territories t ON t.territory_id = p.to_territory WHERE scenario = 'balanced' AND NOT moved AND p.role = 'field' AND t.region = 'EMEA' LIMIT 1")?.ToString();
        Assert.NotNull(field);
        Assert.EndsWith(", a field territory of EMEA", field, StringComparison.Ordinal);
        var moves = ws.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND moved AND from_territory IS NOT NULL");
        Assert.NotEmpty(moves);
        Assert.All(moves, r => Assert.Matches(@"of the mean potential of (field|inside|digital|partner) territories of [A-Za-z ]+ and \d+% of their mean workload(.*): moves to .*, (a (field|digital|partner)|an inside) territory of ", r));
    }

    [Fact]
    public void Demo_AcrossRoles_TheOldRegionOnlyPlanMixesRoles_WhichWithinRoleForbids()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.WithinRole = false;

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        Assert.False(result.WithinRole);
        // Balancing a digital territory against a field one moves accounts across roles (the reason within_role exists) but never across regions.
        Assert.True(Count(ws, Crossing("compact")) + Count(ws, Crossing("balanced")) > 0);
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} p JOIN territories t ON t.territory_id = p.to_territory WHERE t.region <> p.region"));
        Assert.All(result.Scenarios.Skip(2), s => Assert.StartsWith("per region, ", s.Method, StringComparison.Ordinal));
        Assert.DoesNotContain(ws.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'balanced'"), r => r.Contains(" territory of ", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_CountBetweenRegionsAndGroups_IsBadInputNamingTheGroups()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var groups = ws.Strings($"SELECT DISTINCT region || ' / ' || role AS g FROM ({Expected}) ORDER BY g");
        Assert.True(groups.Count > 5, $"the demo has {groups.Count} region and role groups");

        var error = Assert.Throws<BadInputException>(() => TerritoryPlan.Run(ws, 5, FixedClock.Default));

        Assert.Equal(
            $"--count: value '5': fewer territories than the {groups.Count} region and coverage role groups with accounts ({string.Join(", ", groups)}); every group with accounts keeps at least one territory, as a territory never spans coverage roles (set territories.within_role: false to balance across roles)",
            error.Message);
        // Below the number of regions the message stays the regions' one.
        Assert.StartsWith("--count: value '2': fewer territories than the 4 regions with accounts",
            Assert.Throws<BadInputException>(() => TerritoryPlan.Run(ws, 2, FixedClock.Default)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_CountOfExactlyTheGroups_LeavesOneTerritoryPerRegionAndRole_AndSaysWhoKeepsOneAnyway()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var groups = ws.Strings($"SELECT DISTINCT region || ' / ' || role AS g FROM ({Expected}) ORDER BY g");

        var result = TerritoryPlan.Run(ws, groups.Count, FixedClock.Default);

        var balanced = result.Territories.Where(t => t.Scenario == "balanced").ToList();
        Assert.Equal(groups, balanced.Select(t => $"{t.Region} / {t.Role}").Order(StringComparer.Ordinal));
        Assert.All(balanced, t => Assert.True(t.Accounts > 0, $"{t.TerritoryId} is empty"));
        Assert.Equal(0, Count(ws, Crossing("balanced")));
        Assert.Contains(result.Notes, n => n.StartsWith($"--count {groups.Count}: ", StringComparison.Ordinal) && n.EndsWith("carry less than one territory's load but keep one: every group with accounts keeps at least one territory", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains(" territories of ", StringComparison.Ordinal) && n.Contains("merged into their neighbours", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_MoreTerritoriesThanToday_NewOnesTakeTheirGroupsRole_AndOnlyItsAccounts()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var today = (int)Count(ws, "SELECT count(*) FROM territories");

        var result = TerritoryPlan.Run(ws, today + 6, FixedClock.Default);

        var created = result.Territories.Where(t => t.Scenario == "balanced" && t.IsNew).ToList();
        Assert.NotEmpty(created);
        foreach (var t in created)
        {
            Assert.Contains(t.Role, new[] { "field", "inside", "digital", "partner" });
            Assert.Equal($"{t.Region} {t.Role} new {t.TerritoryId[4..]}", t.Name);
            Assert.True(t.Accounts > 0, $"{t.TerritoryId} got no accounts");
            Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND to_territory = '{t.TerritoryId}' AND (role <> '{t.Role}' OR region <> '{t.Region}')"));
        }

        Assert.Contains(result.Notes, n => n.Contains(" territories of ", StringComparison.Ordinal) && n.Contains("with no rep yet", StringComparison.Ordinal));
    }
}

/// <summary>
/// One region, West: a field territory TF (rep Fay) with two big accounts and a digital territory TD (rep Dee) with ten
/// small ones; optionally a third territory TN with no rep holding two accounts Fay owns. Potential is set by hand:
/// 1,000,000 per big account, 10,000 per small one, 50,000 per TN account.
/// </summary>
public sealed class TerritoryRoleHandBuiltTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void Build(bool withRepless)
    {
        var accounts = new StringBuilder("account_id,name,industry,employees,region,latitude,longitude,owner_rep_id\n");
        var links = new StringBuilder("territory_id,account_id\n");
        var orders = new StringBuilder("order_id,account_id,product_id,order_date,amount\n");
        void Add(string id, string territory, string owner, double lat, double lon)
        {
            accounts.Append(CultureInfo.InvariantCulture, $"{id},{id} Ltd,A,50,West,{lat},{lon},{owner}\n");
            links.Append(CultureInfo.InvariantCulture, $"{territory},{id}\n");
            orders.Append(CultureInfo.InvariantCulture, $"O-{id},{id},P1,2026-03-01,1000\n");
        }

        Add("B1", "TF", "F1", 40.0, -100.0);
        Add("B2", "TF", "F1", 40.5, -99.0);
        for (var s = 0; s < 10; s++)
        {
            Add($"S{s:00}", "TD", "D1", 40.0 + (0.1 * s), -100.5 + (0.2 * s));
        }

        var territories = "territory_id,name,region,rep_id\nTF,West Field,West,F1\nTD,West Digital,West,D1\n";
        if (withRepless)
        {
            Add("N1", "TN", "F1", 41.0, -101.0);
            Add("N2", "TN", "F1", 41.2, -101.5);
            territories += "TN,West Open,West,\n";
        }

        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,capacity_accounts,annual_cost\nF1,Fay,field,West,60,150000\nD1,Dee,digital,West,900,60000\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", accounts.ToString()),
            ("territories.csv", territories),
            ("territory_accounts.csv", links.ToString()),
            ("orders.csv", orders.ToString()));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "region", FixedClock.Default);
        _ws.Workspace.Execute($"UPDATE {AccountPotential.Table} SET potential = CASE WHEN account_id LIKE 'B%' THEN 1000000 WHEN account_id LIKE 'N%' THEN 50000 ELSE 10000 END");
    }

    [Fact]
    public void AcrossRoles_BalancingMovesAccountsBetweenFieldAndDigital_WithinRoleKeepsEveryAccount()
    {
        Build(withRepless: false);
        var ws = _ws.Workspace;
        ws.Settings.Territories.WithinRole = false;

        var across = TerritoryPlan.Run(ws, null, FixedClock.Default);

        // One pool of two territories: TF holds 2,000,000 of potential, TD 100,000, so balancing must move accounts between them.
        var acrossBalanced = across.Territories.Where(t => t.Scenario == "balanced").ToDictionary(t => t.TerritoryId);
        Assert.True(_ws.Count($"SELECT count(*) FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND moved") > 0);
        Assert.InRange(acrossBalanced["TD"].Potential, 900_000, 1_200_000);
        Assert.Contains(ws.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND moved"), r => r.Contains("of its region's mean potential", StringComparison.Ordinal));

        ws.Settings.Territories.WithinRole = true;
        var within = TerritoryPlan.Run(ws, null, FixedClock.Default);

        Assert.All(within.Scenarios, s => Assert.Equal(0, s.AccountsMoved));
        Assert.All(within.Scenarios.Skip(2), s => Assert.StartsWith("per region and coverage role, one territory in the group", s.Method, StringComparison.Ordinal));
        var balanced = within.Territories.Where(t => t.Scenario == "balanced").ToDictionary(t => t.TerritoryId);
        Assert.Equal((2L, 2_000_000d, "field"), (balanced["TF"].Accounts, balanced["TF"].Potential, balanced["TF"].Role));
        Assert.Equal((10L, 100_000d, "digital"), (balanced["TD"].Accounts, balanced["TD"].Potential, balanced["TD"].Role));
        // Each territory is the only one of its group, so it sits at its group's mean: CV 0 where the pooled plan could not get there.
        Assert.Equal((0d, 0d), (within.Scenarios[0].PotentialCv, within.Scenarios[0].WorkloadCv));
        Assert.Equal(1d, balanced["TF"].Load, 12);
        Assert.Equal("stays in TF (Fay), a field territory of West", _ws.Text($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND account_id = 'B1'"));
        Assert.Equal("stays in TD (Dee), a digital territory of West", _ws.Text($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'compact' AND account_id = 'S03'"));
        Assert.Equal(2, _ws.Count($"SELECT count(*) FROM {TerritoryPlan.Table} WHERE scenario = 'compact' AND role = 'field'"));
    }

    [Fact]
    public void TerritoryWithoutRep_TakesItsOwnersRole_AndBalancesWithTheFieldTerritory()
    {
        Build(withRepless: true);

        var result = TerritoryPlan.Run(_ws.Workspace, null, FixedClock.Default);

        var balanced = result.Territories.Where(t => t.Scenario == "balanced").ToDictionary(t => t.TerritoryId);
        Assert.Equal("field", balanced["TN"].Role);
        Assert.Contains("1 territory without a rep with a role takes the most common role of its accounts' owner reps today: TN (field)", result.Notes);
        // TF and TN share the field group: accounts move only between them; TD's ten digital accounts stay.
        Assert.Equal(0, _ws.Count($"SELECT count(*) FROM {TerritoryPlan.Table} WHERE account_id LIKE 'S%' AND moved"));
        Assert.Equal(0, _ws.Count($"SELECT count(*) FROM {TerritoryPlan.Table} WHERE account_id NOT LIKE 'S%' AND to_territory = 'TD'"));
        Assert.True(_ws.Count($"SELECT count(*) FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND moved") > 0, "TF (2,000,000) and TN (100,000) are far apart, so the field group moves a big account");
        Assert.All(_ws.Workspace.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND moved"),
            r => Assert.Contains("of the mean potential of field territories of West", r, StringComparison.Ordinal));
    }
}

public sealed class TerritoryGroupBalanceTests
{
    [Fact]
    public void Balance_TakesEachTerritoryAgainstItsRegionAndRoleMean()
    {
        // Field territories carry far more potential than digital ones; within their own groups both are perfectly even.
        var byGroup = TerritoryMetrics.Balance([("EMEA / field", 900), ("EMEA / field", 900), ("EMEA / digital", 60), ("EMEA / digital", 60)]);
        var byRegion = TerritoryMetrics.Balance([("EMEA", 900), ("EMEA", 900), ("EMEA", 60), ("EMEA", 60)]);

        Assert.Equal((0d, 1d), (byGroup.Cv, byGroup.MaxMin!.Value));
        Assert.Equal(840d / 960, byRegion.Cv, 12);
        Assert.Equal(15d, byRegion.MaxMin!.Value, 12);
    }
}

[Collection(ScoredDemoCollection.Name)]
public sealed class TerritoryRoleSettingsTests(ScoredDemoFixture demo) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Yaml_WithinRole_IsReadAndDefaultsToTrue()
    {
        var off = _dir.Write("off/" + ProjectSettings.FileName, "territories:\n  within_role: false\n");
        var none = _dir.Write("none/" + ProjectSettings.FileName, "territories:\n  tolerance: 0.2\n");

        Assert.False(ProjectSettings.Load(off).Territories.WithinRole);
        Assert.True(ProjectSettings.Load(none).Territories.WithinRole);
    }

    [Fact]
    public void Demo_WithinRoleAcrossRegions_PlansOnePoolPerRole()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.WithinRegion = false;

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        Assert.All(result.Scenarios.Skip(2), s => Assert.StartsWith("per coverage role, ", s.Method, StringComparison.Ordinal));
        // No account changes role, though territories may now take accounts of other regions.
        Assert.Equal(0, Convert.ToInt64(ws.Scalar($"""
            SELECT count(*) FROM {TerritoryPlan.Table} p JOIN territories t ON t.territory_id = p.to_territory JOIN reps r ON r.rep_id = t.rep_id
            WHERE r.role <> p.role
            """), CultureInfo.InvariantCulture));
        Assert.Equal(4, Convert.ToInt64(ws.Scalar($"SELECT count(DISTINCT role) FROM {TerritoryPlan.Table}"), CultureInfo.InvariantCulture));
        Assert.Contains(ws.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' AND moved AND from_territory IS NOT NULL"),
            r => r.Contains("of the mean potential of field territories and", StringComparison.Ordinal) || r.Contains("of the mean potential of digital territories and", StringComparison.Ordinal)
                || r.Contains("of the mean potential of inside territories and", StringComparison.Ordinal) || r.Contains("of the mean potential of partner territories and", StringComparison.Ordinal));
    }

    [Fact]
    public void Cli_Json_SaysWithinRole_AndEachTerritorysRole()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "territories", "--workspace", demo.Workspace, "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("within_role").GetBoolean());
        var roles = json.RootElement.GetProperty("territories").EnumerateArray().Select(t => t.GetProperty("role").GetString()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["digital", "field", "inside", "partner"], roles);
    }
}
