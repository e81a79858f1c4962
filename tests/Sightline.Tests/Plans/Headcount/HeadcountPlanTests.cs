using System.Globalization;
using System.Text.Json;
using Sightline.Plans.Headcount;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Headcount;

[Collection(ScoredDemoCollection.Name)]
public sealed class HeadcountPlanDemoTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Demo_FlatBudget_IsTodaysCost_AndTheRecommendationSpendsNoMore_ForAtLeastTodaysRevenue()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var result = HeadcountPlan.Run(ws, null, FixedClock.Default);

        Assert.True(result.BudgetIsFlat);
        Assert.Equal(result.CostNow, result.Budget);
        Assert.Equal(result.CostNow, result.Rows.Sum(r => r.RepsNow * r.RepCost));
        Assert.Equal(14L, result.Rows.Sum(r => r.RepsNow));
        Assert.Equal(Convert.ToInt64(ws.Scalar("SELECT count(*) FROM reps WHERE role IN ('field', 'inside', 'partner') AND coalesce(capacity_accounts, 150) > 0"), CultureInfo.InvariantCulture),
            result.Rows.Sum(r => r.RepsNow));
        Assert.True(result.CostRecommended <= result.Budget, $"{result.CostRecommended} > {result.Budget}");
        Assert.Equal(result.CostRecommended, result.Rows.Sum(r => r.Recommended * r.RepCost));
        // Today's staffing fits the flat budget, so the optimum is at least as good (the solver counts whole currency units per step).
        Assert.True(result.RevenueRecommended >= result.RevenueNow - result.Rows.Sum(r => r.Curve.Count), $"{result.RevenueRecommended} < {result.RevenueNow}");
        Assert.True(result.Optimal, result.Method);
        Assert.Equal(result.RevenueRecommended - result.RevenueNow, result.Rows.Sum(r => r.RevenueRecommended - r.RevenueNow));
    }

    [Fact]
    public void Demo_Curves_HaveFallingMarginalReturns_AndTheOneMoreOneLessColumnsReadOffThem()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var result = HeadcountPlan.Run(ws, null, FixedClock.Default);

        Assert.NotEmpty(result.Rows);
        foreach (var r in result.Rows)
        {
            var steps = r.Curve.Zip(r.Curve.Skip(1), (a, b) => b - a).ToList();
            Assert.All(steps, s => Assert.True(s >= 0, $"{r.Region} {r.Role}: negative step {s}"));
            Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First >= p.Second), $"{r.Region} {r.Role}: {string.Join(", ", steps)}");
            Assert.Equal(r.Curve[(int)r.RepsNow], r.RevenueNow);
            Assert.Equal(r.Curve[(int)r.RepsNow + 1], r.RevenueOneMore);
            Assert.Equal(r.RepsNow > 0 ? r.Curve[(int)r.RepsNow - 1] : null, r.RevenueOneLess);
            Assert.Equal(r.Curve[(int)Math.Min(r.Recommended, r.Curve.Count - 1)], r.RevenueRecommended);
            Assert.Equal((double)((r.RevenueOneMore - r.RevenueNow) / r.RepCost), r.ReturnPerRep!.Value, 9);
            Assert.Equal(r.Recommended - r.RepsNow, r.Change);
            if (r.PoolAccounts > 0)
            {
                Assert.Equal(Math.Min(1.0, Math.Floor(r.RepsNow * r.CapacityPerRep) / r.PoolAccounts), r.CoverageRatio!.Value, 9);
                // The last step that adds anything is the rep that covers the rest of the pool.
                Assert.Equal(0m, r.Curve[^1] - r.Curve[^2]);
            }
        }

        Assert.Equal(result.Rows.Count, Convert.ToInt32(ws.Scalar($"SELECT count(*) FROM {HeadcountPlan.Table} WHERE run_id = '{result.RunId}'"), CultureInfo.InvariantCulture));
        Assert.Equal(result.Rows.Sum(r => r.Recommended), result.Regions.Sum(r => r.RecommendedReps));
        Assert.Equal(["North America", "EMEA", "APAC", "LATAM"], result.Regions.Select(r => r.Region));
    }

    [Fact]
    public void Demo_HalfTheBudget_StaysWithinIt_AndBeatsTheGreedyByReturnPerCost()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var flat = HeadcountPlan.Run(ws, null, FixedClock.Default);
        var budget = decimal.Round(flat.CostNow / 2, 2);

        var result = HeadcountPlan.Run(ws, budget, FixedClock.Default);

        Assert.False(result.BudgetIsFlat);
        Assert.Equal(budget, result.Budget);
        Assert.True(result.CostRecommended <= budget, $"{result.CostRecommended} > {budget}");
        Assert.True(result.Rows.Sum(r => r.Recommended) < flat.Rows.Sum(r => r.Recommended));
        // Greedy: keep taking the affordable next rep with the best return per unit of cost.
        var reps = result.Rows.ToDictionary(r => (r.Region, r.Role), _ => 0);
        var left = budget;
        while (true)
        {
            var next = result.Rows.Where(r => reps[(r.Region, r.Role)] + 1 < r.Curve.Count && r.RepCost <= left)
                .Select(r => (Row: r, Gain: r.Curve[reps[(r.Region, r.Role)] + 1] - r.Curve[reps[(r.Region, r.Role)]]))
                .Where(x => x.Gain > 0).OrderByDescending(x => x.Gain / x.Row.RepCost).FirstOrDefault();
            if (next.Row is null)
            {
                break;
            }

            reps[(next.Row.Region, next.Row.Role)]++;
            left -= next.Row.RepCost;
        }

        var greedy = result.Rows.Sum(r => r.Curve[reps[(r.Region, r.Role)]]);
        Assert.True(result.Rows.Sum(r => r.RevenueRecommended) >= greedy - result.Rows.Sum(r => r.Curve.Count), $"{result.Rows.Sum(r => r.RevenueRecommended)} < greedy {greedy}");
    }

    [Fact]
    public void Cli_Json_HasRowsWithTheVpColumns_AndRegions()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "headcount", "--workspace", demo.Workspace, "--budget", "$1.5M", "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1_500_000m, root.GetProperty("budget").GetDecimal());
        Assert.True(root.GetProperty("cost_recommended").GetDecimal() <= 1_500_000m);
        var row = root.GetProperty("rows")[0];
        foreach (var name in new[] { "region", "role", "reps_now", "potential", "coverage_ratio", "revenue_now", "revenue_one_more", "revenue_one_less", "return_per_rep", "recommended", "change", "reason" })
        {
            Assert.True(row.TryGetProperty(name, out _), name);
        }

        Assert.Equal(4, root.GetProperty("regions").GetArrayLength());
    }

    [Theory]
    [InlineData("lots", "--budget: value 'lots': not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)")]
    [InlineData("0", "--budget: value '0': expected a positive amount")]
    public void Cli_BadBudget_ExitsTwoWithTheMessage(string budget, string expected)
    {
        var (exit, output, error) = Support.Cli.Run("plan", "headcount", "--workspace", demo.Workspace, "--budget", budget);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal(expected, error.Trim());
    }
}

public sealed class HeadcountPlanTinyWorldTests : IDisposable
{
    private readonly Sightline.Tests.Plans.Coverage.TinyCoverageWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void TinyWorld_FlatBudget_KeepsOneFieldOneInside_AndTheCurvesAreTheHandWorkedOnes()
    {
        var result = HeadcountPlan.Run(_world.Workspace, null, FixedClock.Default);

        // Pools (best model ignoring capacity): field A1, A2 (revenue over digital 60,000 and 54,000); inside A3 (2,000).
        var field = result.Rows.Single(r => r.Role == "field");
        var inside = result.Rows.Single(r => r.Role == "inside");
        Assert.Equal([76_000m, 136_000m, 190_000m, 190_000m], field.Curve);
        Assert.Equal([2_000m, 4_000m, 4_000m], inside.Curve);
        Assert.Equal((150_000m, 150_000m), (result.Budget, result.CostNow));
        Assert.Equal((1L, 1L), (field.Recommended, inside.Recommended));
        Assert.Equal((136_000m, 190_000m, (decimal?)76_000m, 0.54), (field.RevenueNow, field.RevenueOneMore, field.RevenueOneLess, field.ReturnPerRep!.Value));
        Assert.Equal(0.5, field.CoverageRatio);
        // A4's digital margin is 0, so it stays uncovered (none) and outside every pool.
        Assert.Equal(140_000m, result.RevenueNow);
        Assert.Equal("keep 1: the next rep would add 54,000 a year for 100,000 (0.54 per 1 of cost)", field.Reason);
        // Potential: every account is valued at the P75 of the four spends (92,500), all being the same size.
        Assert.Equal(new HeadcountRegion("West", 370_000, 2, 2), result.Regions.Single() with { Potential = Math.Round(result.Regions.Single().Potential) });
    }

    [Fact]
    public void TinyWorld_Budget200k_BuysASecondFieldRepInsteadOfTheInsideRep()
    {
        var result = HeadcountPlan.Run(_world.Workspace, 200_000m, FixedClock.Default);

        Assert.Equal((2L, 0L), (result.Rows.Single(r => r.Role == "field").Recommended, result.Rows.Single(r => r.Role == "inside").Recommended));
        Assert.Equal((200_000m, 192_000m), (result.CostRecommended, result.RevenueRecommended));
        Assert.StartsWith("+1: rep 2 adds 54,000 a year for 100,000 (0.54 per 1 of cost)", result.Rows.Single(r => r.Role == "field").Reason, StringComparison.Ordinal);
        Assert.Equal("-1: rep 1 today adds 2,000 a year for 50,000 (0.04 per 1 of cost); within the budget of 200,000 the reps kept add more expected revenue in all",
            result.Rows.Single(r => r.Role == "inside").Reason);
    }

    [Fact]
    public void TinyWorld_BudgetBelowAFieldRepsCost_SaysTheRepAloneCostsMoreThanTheBudget()
    {
        var result = HeadcountPlan.Run(_world.Workspace, 60_000m, FixedClock.Default);

        var field = result.Rows.Single(r => r.Role == "field");
        Assert.Equal(0L, field.Recommended);
        // Not "the budget returns more elsewhere": the field rep returns 0.60 per 1 of cost, the inside rep kept 0.04.
        Assert.Equal("-1: rep 1 today adds 60,000 a year for 100,000 (0.60 per 1 of cost); one field rep alone costs more than the whole budget of 60,000", field.Reason);
    }

    [Fact]
    public void TinyWorld_ARoleWithNoRepsAndNoCostAnywhere_IsNotSaidToBePricedAtItsAverageCost()
    {
        _world.Workspace.Settings.Coverage.Models["partner"] = new() { Role = "partner", CostToServe = 100, Effectiveness = 0.8 };

        var result = HeadcountPlan.Run(_world.Workspace, null, FixedClock.Default);

        var partner = result.Rows.Single(r => r.Role == "partner");
        Assert.Equal("kept at 0: no annual_cost known for partner reps", partner.Reason);
        Assert.Contains("no annual_cost known for partner reps: partner headcount is kept as it is and left out of the budget", result.Notes);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"West has no partner reps today but {partner.PoolAccounts:N0} accounts best covered by partner ({partner.Potential:N0} potential): no annual_cost is known for partner reps anywhere, so none is planned there"), result.Notes);
        Assert.DoesNotContain(result.Notes, n => n.Contains("priced at the partner average cost", StringComparison.Ordinal));
    }
}
