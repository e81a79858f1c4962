using System.Globalization;
using System.Text.Json;
using CsCheck;
using Sightline.Plans.Territories;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Territories;

[Collection(ScoredDemoCollection.Name)]
public sealed class TerritoryPlanDemoTests(ScoredDemoFixture demo)
{
    private static long Count(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);

    [Fact]
    public void Demo_Balanced_HasLowerPotentialAndWorkloadCvThanNaiveAndToday_AndMinimalDisruptionMovesLeastRevenue()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.WithinRole = false; // the region-only behaviour (TerritoryRoleTests cover within_role)

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        Assert.Equal(["today", "naive", "minimal_disruption", "balanced", "compact"], result.Scenarios.Select(s => s.Name));
        var (today, naive, minimal, balanced) = (result.Scenarios[0], result.Scenarios[1], result.Scenarios[2], result.Scenarios[3]);
        Assert.True(balanced.PotentialCv < naive.PotentialCv, $"balanced potential CV {balanced.PotentialCv} vs naive {naive.PotentialCv}");
        Assert.True(balanced.PotentialCv < today.PotentialCv, $"balanced potential CV {balanced.PotentialCv} vs today {today.PotentialCv}");
        Assert.True(balanced.WorkloadCv < today.WorkloadCv, $"balanced workload CV {balanced.WorkloadCv} vs today {today.WorkloadCv}");
        Assert.True(balanced.PotentialMaxMin < naive.PotentialMaxMin, $"balanced potential max/min {balanced.PotentialMaxMin} vs naive {naive.PotentialMaxMin}");
        Assert.Equal((0, 0d), (today.AccountsMoved, today.DisruptionShare));
        Assert.True(minimal.DisruptionShare < naive.DisruptionShare && minimal.DisruptionShare < result.Scenarios[4].DisruptionShare);
        Assert.True(minimal.PotentialCv < today.PotentialCv && minimal.WorkloadCv < today.WorkloadCv);
        Assert.True(result.Scenarios[4].CompactnessKm < today.CompactnessKm, "compact draws tighter territories than today's");
        Assert.All(result.Scenarios.Skip(2), s => Assert.Contains("OR-Tools", s.Method, StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_HeuristicForLargeRegions_AlsoBeatsNaive_KeepsLocks_AndClaimsNoBound()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.LpMaxAccounts = 0;
        var locked = ws.Strings("SELECT account_id FROM territory_accounts ORDER BY account_id LIMIT 25");
        ws.Settings.Territories.Locked = locked;

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        var (today, naive, balanced) = (result.Scenarios[0], result.Scenarios[1], result.Scenarios.Single(s => s.Name == "balanced"));
        Assert.True(balanced.PotentialCv < naive.PotentialCv && balanced.WorkloadCv < today.WorkloadCv, balanced.Summary);
        Assert.All(result.Scenarios.Skip(2), s => Assert.Contains("so no LP: a min-cost flow (OR-Tools)", s.Method, StringComparison.Ordinal));
        Assert.All(result.Scenarios.Skip(2), s => Assert.Null(s.Gap));
        var inList = string.Join(", ", locked.Select(Sql.Literal));
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} WHERE account_id IN ({inList}) AND moved"));
    }

    [Fact]
    public void Demo_EveryAccountIsAssignedExactlyOncePerScenario_AndNoTerritorySpansRegions()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        var accounts = Count(ws, "SELECT count(*) FROM accounts");
        Assert.Equal(accounts, result.Accounts);
        foreach (var scenario in new[] { "minimal_disruption", "balanced", "compact" })
        {
            Assert.Equal(accounts, Count(ws, $"SELECT count(DISTINCT account_id) FROM {TerritoryPlan.Table} WHERE scenario = '{scenario}'"));
            Assert.Equal(accounts, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} WHERE scenario = '{scenario}'"));
            Assert.Equal(accounts, result.Territories.Where(t => t.Scenario == scenario).Sum(t => t.Accounts));
        }

        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM (SELECT scenario, to_territory FROM {TerritoryPlan.Table} GROUP BY ALL HAVING count(DISTINCT region) > 1)"));
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} p JOIN territories t ON t.territory_id = p.to_territory WHERE t.region <> p.region"));
        Assert.All(ws.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE moved"), r => Assert.Contains("moves to", r, StringComparison.Ordinal));
        Assert.Equal(1L, Count(ws, $"SELECT count(*) FROM runs WHERE kind = 'territories' AND run_id = '{result.RunId}'"));
    }

    [Fact]
    public void Demo_LockedAccounts_StayInTodaysTerritoryInEveryScenario()
    {
        using var ws = Workspace.Open(demo.Workspace);
        TerritoryPlan.Run(ws, null, FixedClock.Default);
        // Lock accounts the unlocked plan moved, so the lock has something to hold back.
        var locked = ws.Strings($"SELECT DISTINCT account_id FROM {TerritoryPlan.Table} WHERE moved AND from_territory IS NOT NULL ORDER BY account_id LIMIT 40");
        Assert.Equal(40, locked.Count);
        ws.Settings.Territories.Locked = locked;

        var result = TerritoryPlan.Run(ws, null, FixedClock.Default);

        Assert.Equal(40, result.Locked);
        var inList = string.Join(", ", locked.Select(Sql.Literal));
        Assert.Equal(40 * 3, Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} WHERE account_id IN ({inList}) AND locked AND NOT moved AND to_territory = from_territory"));
        Assert.All(ws.Strings($"SELECT reason FROM {TerritoryPlan.Table} WHERE account_id IN ({inList})"), r => Assert.StartsWith("locked: stays in", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_MoreTerritoriesThanToday_CreatesNewOnesWithNoRep_AndFillsThem()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.WithinRole = false; // the region-only behaviour (TerritoryRoleTests cover within_role)
        var today = (int)Count(ws, "SELECT count(*) FROM territories");

        var result = TerritoryPlan.Run(ws, today + 4, FixedClock.Default);

        Assert.Equal((today + 4, today), (result.Count, result.TodayCount));
        var created = result.Territories.Where(t => t.Scenario == "balanced" && t.IsNew).ToList();
        Assert.Equal(4, created.Count);
        Assert.All(created, t => Assert.Null(t.RepId));
        Assert.All(created, t => Assert.True(t.Accounts > 0, $"{t.TerritoryId} got no accounts"));
        Assert.Contains(result.Notes, n => n.Contains("with no rep yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_FewerTerritoriesThanToday_MergesTheLightest_AndTheirAccountsSayWhy()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var today = (int)Count(ws, "SELECT count(*) FROM territories");

        var result = TerritoryPlan.Run(ws, today - 2, FixedClock.Default);

        Assert.Equal(today - 2, result.Territories.Count(t => t.Scenario == "balanced"));
        Assert.Contains(result.Notes, n => n.Contains("merged into their neighbours", StringComparison.Ordinal));
        Assert.True(Count(ws, $"SELECT count(*) FROM {TerritoryPlan.Table} WHERE reason LIKE '%is merged away%'") > 0);
    }

    [Fact]
    public void Demo_AcrossRegions_PlansOnePool_WithFewerTerritoriesThanRegions()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.WithinRegion = false;
        ws.Settings.Territories.WithinRole = false;

        var result = TerritoryPlan.Run(ws, 3, FixedClock.Default);

        Assert.False(result.WithinRegion);
        Assert.Equal(3, result.Territories.Count(t => t.Scenario == "balanced"));
        Assert.Equal(Count(ws, "SELECT count(*) FROM accounts"), result.Territories.Where(t => t.Scenario == "balanced").Sum(t => t.Accounts));
        // The rows keep each account's own region even though territories now span regions.
        Assert.Equal(4, Count(ws, $"SELECT count(DISTINCT region) FROM {TerritoryPlan.Table} WHERE scenario = 'balanced'"));
        Assert.True(Count(ws, $"SELECT max(n) FROM (SELECT count(DISTINCT region) AS n FROM {TerritoryPlan.Table} WHERE scenario = 'balanced' GROUP BY to_territory)") > 1);
    }

    [Fact]
    public void Demo_CountBelowTheNumberOfRegions_IsBadInput()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var error = Assert.Throws<BadInputException>(() => TerritoryPlan.Run(ws, 2, FixedClock.Default));

        Assert.StartsWith("--count: value '2': fewer territories than the 4 regions with accounts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_LockedIdThatIsNoAccount_IsBadInput()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Territories.Locked = ["NOT-AN-ACCOUNT"];

        var error = Assert.Throws<BadInputException>(() => TerritoryPlan.Run(ws, null, FixedClock.Default));

        // Told at the line of the file's locked list.
        Assert.Equal($"sightline.yaml:{File.ReadAllLines(Path.Combine(demo.Workspace, ProjectSettings.FileName)).ToList().IndexOf("  locked: []") + 1}: column 'territories.locked[0]' value 'NOT-AN-ACCOUNT': not an account of this workspace; lock accounts by account_id", error.Message);
    }

    [Fact]
    public void Cli_Json_ShowsScenariosSideBySide()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "territories", "--workspace", demo.Workspace, "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var names = json.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["today", "naive", "minimal_disruption", "balanced", "compact"], names);
        Assert.All(json.RootElement.GetProperty("scenarios").EnumerateArray(), s => Assert.True(s.GetProperty("potential_cv").GetDouble() >= 0));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Cli_CountBelowOne_ExitsTwo(string count)
    {
        var (exit, output, error) = Support.Cli.Run("plan", "territories", "--workspace", demo.Workspace, "--count", count);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal($"--count: value '{count}': expected 1 or more territories", error.Trim());
    }
}

public sealed class TerritorySettingsCliTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("territories:\n  tolerance: 1.5\n", "sightline.yaml:2: column 'territories.tolerance' value '1.5': expected a share above 0 and below 1, such as 0.10 (±10%)")]
    [InlineData("territories:\n  potential_weight: 0.7\n", "sightline.yaml:2: column 'territories.potential_weight' value '0.7 + 0.5': expected potential_weight and workload_weight between 0 and 1 that sum to 1, such as 0.5 and 0.5")]
    [InlineData("territories:\n  scenarios: [balanced, fastest]\n", "sightline.yaml:2: column 'territories.scenarios' value 'fastest': not a scenario; expected one of minimal_disruption, balanced, compact")]
    [InlineData("handover:\n  default_capacity: -1\n", "sightline.yaml:2: column 'handover.default_capacity' value '-1': expected 0 or more accounts, such as 200")]
    public void Cli_BadSettings_ExitTwoWithTheSetting(string yaml, string expected)
    {
        File.WriteAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName), yaml);

        var (exit, output, error) = Support.Cli.Run("plan", "territories", "--workspace", _ws.WorkspaceDirectory);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal(expected, error.Trim());
    }
}

public sealed class TerritoryMetricsTests
{
    [Fact]
    public void Disruption_IsTheRevenueShareOfAccountsWhoseRepChanges()
    {
        var accounts = new (double, string?, string?)[]
        {
            (1_000, "R1", "R1"), // stays
            (3_000, "R1", "R2"), // changes rep: disrupted
            (0, "R2", "R3"), // changes rep, no revenue at stake
            (6_000, null, "R4"), // had no rep: gaining one is no disruption
        };

        Assert.Equal(0.3, TerritoryMetrics.Disruption(accounts), 12);
    }

    [Fact]
    public void Disruption_IsAShare_AndZeroWhenNobodyChangesRep()
    {
        var rep = Gen.Int[0, 3].Select(i => i == 3 ? null : (string?)("R" + i));
        var account = Gen.Select(Gen.Double[0, 1e6], rep, rep);
        account.Array[1, 30].Sample(accounts =>
        {
            List<(double Revenue, string? FromRep, string? ToRep)> list = [.. accounts.Select(a => (a.Item1, (string?)a.Item2, (string?)a.Item3))];
            List<(double Revenue, string? FromRep, string? ToRep)> unchanged = [.. list.Select(a => (a.Revenue, a.FromRep, a.FromRep))];
            var share = TerritoryMetrics.Disruption(list);
            Assert.InRange(share, 0, 1);
            Assert.Equal(0, TerritoryMetrics.Disruption(unchanged));
        });
    }

    [Fact]
    public void Disruption_WithoutRevenue_IsTheShareOfAccounts()
    {
        Assert.Equal(0.25, TerritoryMetrics.Disruption([(0, "R1", "R2"), (0, "R1", "R1"), (0, "R2", "R2"), (0, "R3", "R3")]), 12);
        Assert.Equal(1.0, TerritoryMetrics.Disruption([(500, "R1", null)]), 12);
    }

    [Fact]
    public void Balance_TakesEachTerritoryAgainstItsRegionMean()
    {
        var (cv, maxMin) = TerritoryMetrics.Balance([("A", 10), ("A", 30), ("B", 5), ("B", 5)]);

        Assert.Equal(Math.Sqrt(0.125), cv, 12);
        Assert.Equal(3.0, maxMin!.Value, 12);
        Assert.Null(TerritoryMetrics.Balance([("A", 0), ("A", 4)]).MaxMin);
    }

    [Fact]
    public void Haversine_ParisToLondon_IsAbout344Km()
    {
        Assert.InRange(TerritoryMetrics.HaversineKm(48.8566, 2.3522, 51.5074, -0.1278), 343.0, 344.5);
    }
}
