using System.Globalization;
using Sightline.Access;
using Sightline.Models.Questionnaires;
using Sightline.Models.Value;
using Sightline.Plans.Headcount;
using Sightline.Plans.Territories;
using Sightline.Segments.Performance;
using Sightline.Tests.Models;
using Sightline.Tests.Server;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Web;

/// <summary>The leaders' core reads on the scored demo: values against the stored tables, and every scope cut to its own accounts.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class LeadersQueriesTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static readonly AccessScope Admin = new(UserRole.Admin, null);

    private AccessScope Manager => new(UserRole.Manager, _world.ManagerA);

    private AccessScope Rep => new(UserRole.Rep, _world.RepA);

    private T Read<T>(Func<Workspace, T> read)
    {
        using var ws = Workspace.Open(_world.Directory);
        return read(ws);
    }

    private SortedSet<string> ManagerAccounts => _world.Truth.AccountsOf(_world.Truth.Team(_world.ManagerA));

    private SortedSet<string> RepAccounts => _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA });

    [Theory]
    [InlineData("region")]
    [InlineData("segment")]
    public void Potential_for_an_admin_is_the_potential_roll_up(string by) => Read(ws =>
    {
        var mine = DashboardQueries.Potential(ws, Admin, by);
        var rollUp = AccountPotential.RollUp(ws, by);
        Assert.Equal(rollUp.Select(r => r.Group), mine.Select(r => r.Group));
        foreach (var (expected, actual) in rollUp.Zip(mine))
        {
            Assert.Equal(expected.Accounts, actual.Accounts);
            Assert.Equal(expected.Customers, actual.Customers);
            Assert.Equal(expected.Potential, actual.Tam, 6);
            Assert.Equal(expected.WhiteSpace, actual.WhiteSpace, 6);
        }

        var total = Convert.ToDouble(ws.Scalar($"SELECT sum(potential) FROM {AccountPotential.Table}"), CultureInfo.InvariantCulture);
        Assert.Equal(total, mine.Sum(r => r.Tam), 3);
        return 0;
    });

    [Fact]
    public void Potential_of_a_manager_sums_to_the_potential_of_the_team_accounts_only() => Read(ws =>
    {
        var team = ManagerAccounts;
        var potential = ws.Rows($"SELECT account_id, potential, white_space FROM {AccountPotential.Table}")
            .ToDictionary(r => (string)r[0]!, r => (Tam: Convert.ToDouble(r[1], CultureInfo.InvariantCulture), White: Convert.ToDouble(r[2], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        foreach (var by in new[] { "region", "segment" })
        {
            var rows = DashboardQueries.Potential(ws, Manager, by);
            Assert.Equal(team.Count(potential.ContainsKey), rows.Sum(r => r.Accounts));
            Assert.Equal(team.Where(potential.ContainsKey).Sum(a => potential[a].Tam), rows.Sum(r => r.Tam), 3);
            Assert.Equal(team.Where(potential.ContainsKey).Sum(a => potential[a].White), rows.Sum(r => r.WhiteSpace), 3);
        }

        Assert.True(team.Count < _world.Truth.AllAccounts);
        return 0;
    });

    [Fact]
    public void Dashboard_counts_equal_the_accounts_in_each_scope() => Read(ws =>
    {
        foreach (var (scope, accounts) in new[] { (Admin, _world.Truth.Everyone), (Manager, ManagerAccounts), (Rep, RepAccounts) })
        {
            var view = DashboardQueries.Read(ws, scope);
            Assert.Equal(accounts.Count, view.Accounts);
            Assert.Equal(accounts.Count, view.Bands.Bands.Sum(b => b.Accounts));
            Assert.Equal(accounts.Count, view.ByRegion.Sum(r => r.Accounts));
            Assert.Empty(view.Missing);
        }

        return 0;
    });

    [Fact]
    public void Bands_list_every_configured_band_with_its_known_buyers() => Read(ws =>
    {
        var bands = DashboardQueries.Bands(ws, Admin);
        Assert.NotNull(bands.RunId);
        Assert.Equal(new Sightline.Models.Evaluation.ProbabilityBands(ws.Settings.Scoring.Bands).Labels, bands.Bands.Select(b => b.Band));
        var customers = Convert.ToInt64(ws.Scalar("SELECT count(*) FROM account_features WHERE is_customer"), CultureInfo.InvariantCulture);
        Assert.Equal(customers, bands.Bands.Sum(b => b.KnownBuyers));
        Assert.All(bands.Bands.Where(b => b.Accounts > 0), b => Assert.InRange(b.KnownBuyerRate!.Value, 0, 1));
        return 0;
    });

    [Fact]
    public void Scoped_bridge_over_every_account_matches_the_stored_performance_run() => Read(ws =>
    {
        var stored = DashboardQueries.Bridge(ws, Admin);
        Assert.NotNull(stored.RunId);
        Assert.Equal(DashboardQueries.BridgePeriods, stored.Periods.Count);
        var computed = PerformanceSegmentation.BridgeOf(ws, "true", stored.Grain).ToDictionary(b => b.Period);
        foreach (var b in stored.Periods)
        {
            var c = computed[b.Period];
            Assert.Equal((b.Previous, b.New, b.Expansion, b.Reactivated, b.Contraction, b.Churned, b.Current), (c.Previous, c.New, c.Expansion, c.Reactivated, c.Contraction, c.Churned, c.Current));
            Assert.Equal(b.CurrentCustomers, c.CurrentCustomers);
            Assert.Equal(b.Previous + b.New + b.Expansion + b.Reactivated - b.Contraction - b.Churned, b.Current);
        }

        return 0;
    });

    [Fact]
    public void Bridge_of_a_manager_counts_only_the_team_orders() => Read(ws =>
    {
        var bridge = DashboardQueries.Bridge(ws, Manager);
        Assert.Null(bridge.RunId);
        Assert.NotEmpty(bridge.Periods);
        var last = bridge.Periods[^1];
        var team = ManagerAccounts;
        var (start, end) = (last.Period, last.Period.AddMonths(bridge.Grain == PeriodGrain.Quarter ? 3 : bridge.Grain == PeriodGrain.Month ? 1 : 12));
        var expected = ws.Rows($"""
            SELECT account_id, sum(round(amount, 2))::DECIMAL(18,2) FROM orders
            WHERE order_date >= DATE '{start:yyyy-MM-dd}' AND order_date < DATE '{end:yyyy-MM-dd}' GROUP BY account_id
            """).Where(r => team.Contains((string)r[0]!)).Sum(r => Math.Max(0m, Convert.ToDecimal(r[1], CultureInfo.InvariantCulture)));
        Assert.Equal(expected, last.Current);
        var all = DashboardQueries.Bridge(ws, Admin).Periods.Single(p => p.Period == last.Period);
        Assert.True(last.Current < all.Current);
        return 0;
    });

    [Fact]
    public void Lift_curve_comes_from_the_latest_lookalike_model() => Read(ws =>
    {
        var lift = DashboardQueries.Lift(ws, Manager);
        Assert.NotNull(lift.ModelId);
        Assert.Equal(10, lift.Points.Count);
        Assert.Equal(1.0, lift.Points[^1].CumulativeGain, 9);
        Assert.Equal(Enumerable.Range(1, 10), lift.Points.Select(p => p.Decile));
        Assert.Empty(lift.Lists);
        return 0;
    });

    [Fact]
    public void Territory_plan_of_a_manager_holds_only_the_team_territories() => Read(ws =>
    {
        var team = _world.Truth.Team(_world.ManagerA);
        var mine = ws.Rows("SELECT territory_id, rep_id FROM territories")
            .Where(r => r[1] is string rep && team.Contains(rep)).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var view = PlanViews.Territories(ws, Manager);
        Assert.NotNull(view.RunId);
        Assert.NotEmpty(view.Territories);
        Assert.All(view.Territories, t => Assert.Contains(t.TerritoryId, mine));
        Assert.Equal(PlanViews.Today, view.Scenarios[0].Name);

        var all = PlanViews.Territories(ws, Admin);
        Assert.True(all.Territories.Count > view.Territories.Count);
        Assert.Equal(_world.Truth.AllAccounts, all.Territories.Where(t => t.Scenario != PlanViews.Today).GroupBy(t => t.Scenario).First().Sum(t => t.Accounts));
        return 0;
    });

    [Fact]
    public void Territory_disruption_and_balance_for_an_admin_follow_the_plan_metrics() => Read(ws =>
    {
        var view = PlanViews.Territories(ws, Admin);
        var rows = ws.Rows($"SELECT scenario, revenue_12m, from_rep, to_rep FROM {TerritoryPlan.Table}");
        foreach (var scenario in view.Scenarios.Where(s => s.Name != PlanViews.Today))
        {
            var expected = TerritoryMetrics.Disruption(rows.Where(r => (string)r[0]! == scenario.Name)
                .Select(r => (Convert.ToDouble(r[1] ?? 0.0, CultureInfo.InvariantCulture), r[2] as string, r[3] as string)).ToList());
            Assert.Equal(expected, scenario.Disruption, 9);
            Assert.InRange(scenario.PotentialCv, 0, 10);
        }

        Assert.Equal(0, view.Scenarios[0].Disruption);
        Assert.Equal(0, view.Scenarios[0].AccountsMoved);
        return 0;
    });

    [Fact]
    public void Headcount_is_everything_for_admins_the_team_regions_for_managers_and_nothing_for_reps() => Read(ws =>
    {
        var all = PlanViews.Headcount(ws, Admin);
        Assert.Equal(Convert.ToInt64(ws.Scalar($"SELECT count(*) FROM {HeadcountPlan.Table}"), CultureInfo.InvariantCulture), all.Count);
        var regions = ws.Strings($"SELECT DISTINCT region FROM reps WHERE rep_id IN ({string.Join(", ", _world.Truth.Team(_world.ManagerA).Select(Sql.Literal))})").ToHashSet();
        var managers = PlanViews.Headcount(ws, Manager);
        Assert.NotEmpty(managers);
        Assert.All(managers, r => Assert.Contains(r.Region, regions));
        Assert.Equal(all.Count(r => regions.Contains(r.Region)), managers.Count);
        Assert.Empty(PlanViews.Headcount(ws, Rep));
        return 0;
    });

    [Fact]
    public void Questionnaire_walk_follows_numbers_categories_and_dont_know()
    {
        var tree = new QuestionNode
        {
            Question = 1, Column = "employees", Kind = AnswerKind.Number, Threshold = 500, DontKnow = Branch.No, Prediction = "smb", Share = 0.5, Count = 100,
            Yes = new QuestionNode { Prediction = "enterprise", Share = 0.9, Count = 40 },
            No = new QuestionNode
            {
                Question = 2, Column = "industry", Kind = AnswerKind.Category, Levels = ["Software"], DontKnow = Branch.Yes, Prediction = "smb", Share = 0.6, Count = 60,
                Yes = new QuestionNode { Prediction = "tech", Share = 0.7, Count = 20 },
                No = new QuestionNode { Prediction = "smb", Share = 0.8, Count = 40 },
            },
        };
        var big = QuestionnaireForm.Walk(tree, new Dictionary<string, string?> { ["employees"] = "1,200" });
        Assert.Equal("enterprise", big.Answer);
        Assert.Equal(Branch.Yes, Assert.Single(big.Path).Branch);
        Assert.Contains("more than 500 employees", big.Reason, StringComparison.Ordinal);

        var small = QuestionnaireForm.Walk(tree, new Dictionary<string, string?> { ["employees"] = "80", ["industry"] = "Retail" });
        Assert.Equal("smb", small.Answer);
        Assert.Equal([1, 2], small.Path.Select(p => p.Question));

        var unknown = QuestionnaireForm.Walk(tree, new Dictionary<string, string?>());
        Assert.Equal("tech", unknown.Answer);
        Assert.All(unknown.Path, p => Assert.Null(p.Given));
        Assert.Contains("don't know", unknown.Reason, StringComparison.Ordinal);

        var error = Assert.Throws<BadInputException>(() => QuestionnaireForm.Walk(tree, new Dictionary<string, string?> { ["employees"] = "lots" }));
        Assert.Equal("employees", error.Diagnostics[0].File);
    }

    [Fact]
    public void Stored_questionnaire_reads_back_and_classifies_a_real_account() => Read(ws =>
    {
        var q = QuestionnaireForm.Latest(ws);
        Assert.NotNull(q);
        Assert.Equal(q.Root.BreadthFirst().Where(n => !n.IsLeaf).Select(n => n.Column!).Distinct(), q.Fields.Select(f => f.Column));
        var columns = q.Fields.Select(f => Sql.Identifier(f.Column) + "::VARCHAR").ToList();
        var row = ws.Rows($"SELECT {string.Join(", ", columns)} FROM account_features ORDER BY account_id LIMIT 1")[0];
        var answers = q.Fields.Select((f, i) => (f.Column, Value: row[i] as string)).ToDictionary(x => x.Column, x => x.Value, StringComparer.Ordinal);
        var outcome = QuestionnaireForm.Walk(q.Root, answers);
        Assert.NotEmpty(outcome.Path);
        Assert.Contains(outcome.Answer, q.Root.BreadthFirst().Where(n => n.IsLeaf).Select(n => n.Prediction));
        Assert.Null(QuestionnaireForm.Latest(ws, "no-such-target"));
        return 0;
    });
}
