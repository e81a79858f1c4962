using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Territories;
using Sightline.Tests.Support;

namespace Sightline.Tests.Plans.Territories;

/// <summary>Two North America territories of four accounts each; the accounts' region column is blank.</summary>
public sealed class TerritoryRegionlessTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public TerritoryRegionlessTests()
    {
        var accounts = new StringBuilder("account_id,name,industry,employees,region,owner_rep_id\n");
        var orders = new StringBuilder("order_id,account_id,product_id,order_date,amount\n");
        var held = new StringBuilder("territory_id,account_id\n");
        for (var i = 0; i < 8; i++)
        {
            var rep = i % 2 == 0 ? "R1" : "R2";
            accounts.Append(CultureInfo.InvariantCulture, $"A{i},A{i} Ltd,A,{50 + i},,{rep}\n");
            orders.Append(CultureInfo.InvariantCulture, $"O{i},A{i},P1,2026-03-01,{1000 + (10 * i)}\n");
            held.Append(CultureInfo.InvariantCulture, $"{(rep == "R1" ? "T1" : "T2")},A{i}\n");
        }

        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,capacity_accounts,annual_cost\nR1,Ann,field,North America,60,150000\nR2,Bo,field,North America,60,150000\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", accounts.ToString()),
            ("territories.csv", "territory_id,name,region,rep_id\nT1,Ann's,North America,R1\nT2,Bo's,North America,R2\n"),
            ("territory_accounts.csv", held.ToString()),
            ("orders.csv", orders.ToString()));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "region", FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void AccountsWithoutARegion_ArePlannedInTheirTerritorysRegion_NotMovedIntoNewTerritories()
    {
        var result = TerritoryPlan.Run(_ws.Workspace, null, FixedClock.Default);

        Assert.Equal(0L, result.Scenarios.Single(s => s.Name == "minimal_disruption").AccountsMoved);
        Assert.DoesNotContain(result.Territories, t => t.IsNew);
        Assert.All(result.Territories, t => Assert.Equal("North America", t.Region));
        Assert.Contains("8 accounts have no region: each is planned in its territory's region today", result.Notes);
    }
}
