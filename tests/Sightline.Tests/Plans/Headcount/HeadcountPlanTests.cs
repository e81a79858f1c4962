using System.Globalization;
using System.Text.Json;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Coverage;
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
    public void TinyWorld_ARoleWithNoRepsAndNoCostAnywhere_TakesNoAccount_AndTheNotesSaySo()
    {
        // Partner would serve A3 best (1,900 against inside's 1,800), but there is no partner rep and no cost to price one at.
        _world.Workspace.Settings.Coverage.Models["partner"] = new() { Role = "partner", CostToServe = 100, Effectiveness = 0.8 };

        var result = HeadcountPlan.Run(_world.Workspace, null, FixedClock.Default);

        Assert.DoesNotContain(result.Rows, r => r.Role == "partner");
        Assert.Equal([2_000m, 4_000m, 4_000m], result.Rows.Single(r => r.Role == "inside").Curve);
        Assert.Contains("partner is not planned: there are no partner reps with capacity and no annual_cost to price new ones at, so the partner model takes no account; "
            + "the 1 account it would serve best goes to its next-best model", result.Notes);
        Assert.DoesNotContain(result.Notes, n => n.Contains("priced at the partner average cost", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Contains("no annual_cost known for partner reps:", StringComparison.Ordinal));
    }

    [Fact]
    public void TinyWorld_ARepWithoutCostBesidePricedRepsOfTheRole_IsPricedAtTheRoleAverage_AndNoNoteSaysTheCostIsUnknown()
    {
        _world.Workspace.Execute("INSERT INTO reps (rep_id, name, role, region, capacity_accounts, annual_cost) VALUES ('F2', 'Flo', 'field', 'East', 1, 0)");

        var result = HeadcountPlan.Run(_world.Workspace, null, FixedClock.Default);

        Assert.DoesNotContain(result.Notes, n => n.StartsWith("no annual_cost known for field reps", StringComparison.Ordinal));
        Assert.Equal(100_000m, result.Rows.Single(r => r.Region == "East" && r.Role == "field").RepCost);
        Assert.Contains("East has 1 field rep but no potential best covered by field", result.Notes);
    }
}

/// <summary>
/// Only field reps (as a CRM whose every rep is "Field" or "AE"): no inside or partner rep, so no cost is known for them.
/// The default models would serve these mid-sized accounts best by inside (ignoring capacity), which nobody can staff.
/// Two field reps of capacity 1 at 100,000 a year in West; customers spending 15,000, 12,000, 10,000, 8,000, 1,000 and 500.
/// </summary>
public sealed class HeadcountPlanFieldOnlyTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public HeadcountPlanFieldOnlyTests()
    {
        _ws.Import(null,
            ("reps.csv", """
                rep_id,name,role,region,capacity_accounts,annual_cost
                F1,Fay,field,West,1,100000
                F2,Fred,field,West,1,100000

                """),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", """
                account_id,name,industry,employees,region,owner_rep_id
                A1,One,A,100,West,F1
                A2,Two,A,100,West,F1
                A3,Three,A,100,West,F2
                A4,Four,A,100,West,F2
                A5,Five,A,100,West,F2
                A6,Six,A,100,West,F2

                """),
            ("orders.csv", """
                order_id,account_id,product_id,order_date,amount
                O1,A1,P1,2026-03-01,15000
                O2,A2,P1,2026-03-01,12000
                O3,A3,P1,2026-03-01,10000
                O4,A4,P1,2026-03-01,8000
                O5,A5,P1,2026-03-01,1000
                O6,A6,P1,2026-03-01,500

                """));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "region", FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void FieldOnly_KeepsTheFieldReps_OnTheAccountsFieldCanServe_AndTodaysRevenueIsCoverages()
    {
        var coverage = CoveragePlan.Run(_ws.Workspace, FixedClock.Default);
        var result = HeadcountPlan.Run(_ws.Workspace, null, FixedClock.Default);

        // Field beats digital on A1 to A4 (gain 60% of the spend); with capacity 1 each, the two reps cover A1 and A2, as plan coverage does.
        var field = result.Rows.Single();
        Assert.Equal(("field", 4L, 2L, 2L), (field.Role, field.PoolAccounts, field.RepsNow, field.Recommended));
        Assert.Equal([18_000m, 27_000m, 34_200m, 40_200m, 45_000m, 45_000m], field.Curve);
        Assert.Equal("keep 2: the next rep would add 6,000 a year for 100,000 (0.06 per 1 of cost)", field.Reason);
        Assert.Equal((34_800m, 34_800m), (result.RevenueNow, result.RevenueRecommended));
        Assert.Equal(Convert.ToDecimal(_ws.Workspace.Scalar($"SELECT sum(realised_value) FROM {CoveragePlan.Table}"), CultureInfo.InvariantCulture), result.RevenueNow);
        Assert.Equal(2L, coverage.Models.Single(m => m.Model == "field").Accounts);
        Assert.Equal(
        [
            "inside is not planned: there are no inside reps with capacity and no annual_cost to price new ones at, so the inside model takes no account; "
                + "the 4 accounts it would serve best go to their next-best model",
            "partner is not planned: there are no partner reps with capacity and no annual_cost to price new ones at, so the partner model takes no account",
            "no --budget given: flat cost, today's 200,000 a year for the planned reps",
        ], result.Notes);
    }
}
