using System.Globalization;
using Sightline.Features;
using Sightline.Plans;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Demo;

/// <summary>The demo's plans and its headline table, on the shared 3,000-account demo world.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class DemoPlansTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Headline_AddsUpToThePlans_ByRegion_WithATotalRow()
    {
        var plans = demo.Summary.Plans;
        var headline = plans.Headline;
        var total = headline[^1];
        var regions = headline.Take(headline.Count - 1).ToList();

        Assert.Equal(PlanHeadline.Total, total.Region);
        Assert.Equal(["APAC", "EMEA", "LATAM", "North America"], regions.Select(r => r.Region).Order(StringComparer.Ordinal));
        Assert.True(regions.Zip(regions.Skip(1)).All(p => p.First.Potential >= p.Second.Potential), "regions are ordered by potential");

        // Potential and accounts come from the potential run, heads from the headcount plan, quota from the quota plan.
        Assert.Equal(demo.Summary.Accounts, total.Accounts);
        Assert.Equal(demo.Summary.Potential.Tam, total.Potential, 1e-6 * total.Potential);
        Assert.Equal(demo.Summary.Potential.WhiteSpace, total.WhiteSpace, 1e-6 * total.WhiteSpace);
        Assert.Equal(plans.Headcount.Rows.Sum(r => r.RepsNow), total.RepsNow);
        Assert.Equal(plans.Headcount.Rows.Sum(r => r.Recommended), total.RepsRecommended);
        Assert.Equal(plans.Quotas.Target, total.Quota);
        foreach (var region in regions)
        {
            Assert.Equal(plans.Quotas.Regions.Single(q => q.Key == region.Region).Quota, region.Quota);
            Assert.Equal(demo.Summary.Potential.RollUp.Single(p => p.Group == region.Region).Potential, region.Potential);
            Assert.Equal(plans.Headcount.Rows.Where(r => r.Region == region.Region).Sum(r => r.RepsNow), region.RepsNow);
        }
    }

    [Fact]
    public void Territories_BalancedPlan_BeatsTodayAndTheNaiveSplitOnPotential()
    {
        var scenarios = demo.Summary.Plans.Territories.Scenarios.ToDictionary(s => s.Name, StringComparer.Ordinal);

        Assert.True(scenarios["balanced"].PotentialCv < scenarios["naive"].PotentialCv, $"{scenarios["balanced"].PotentialCv} vs naive {scenarios["naive"].PotentialCv}");
        Assert.True(scenarios["balanced"].PotentialCv < scenarios["today"].PotentialCv, $"{scenarios["balanced"].PotentialCv} vs today {scenarios["today"].PotentialCv}");
        Assert.True(scenarios["minimal_disruption"].DisruptionShare <= scenarios["naive"].DisruptionShare);
    }

    [Fact]
    public void Quotas_TargetIsLastYearPlusTheDemoGrowth_RoundedToThousands()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var lastYear = Convert.ToDecimal(ws.Scalar($"SELECT sum(greatest(revenue_12m, 0)) FROM {FeatureBuilder.Table} WHERE owner_rep_id IS NOT NULL"), CultureInfo.InvariantCulture);

        var target = demo.Summary.Plans.Quotas.Target;

        Assert.Equal(0m, target % 1_000m);
        Assert.InRange(target, (lastYear * 1.1m) - 500m, (lastYear * 1.1m) + 500m);
        Assert.Equal(target, demo.Summary.Plans.Quotas.Reps.Sum(r => r.Quota));
    }

    [Fact]
    public void ListsAndExports_AreWrittenToTheWorkspace()
    {
        var plans = demo.Summary.Plans;

        Assert.Empty(plans.Lists.Rows);
        Assert.True(plans.Lists.Listed > 0);
        var csv = plans.Export.Files.Single(f => f.Format == "csv");
        var xlsx = plans.Export.Files.Single(f => f.Format == "xlsx");
        Assert.Equal(Path.Combine(demo.Workspace, "exports"), Path.GetDirectoryName(csv.Path));
        Assert.True(File.Exists(csv.Path) && File.Exists(xlsx.Path));
        Assert.Equal(demo.Summary.Accounts, csv.Rows);
        Assert.Equal(plans.Lists.Reps.Count(r => r.Listed > 0), xlsx.Sheets - 1);
    }
}
