using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Territories;
using Sightline.Tests.Support;

namespace Sightline.Tests.Plans.Territories;

/// <summary>One rep, Fay, holds the only territory; her eight accounts lie in two regions, West and East.</summary>
public sealed class TerritoryCountTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public TerritoryCountTests()
    {
        var accounts = new StringBuilder("account_id,name,industry,employees,region,latitude,longitude,owner_rep_id\n");
        var orders = new StringBuilder("order_id,account_id,product_id,order_date,amount\n");
        for (var i = 0; i < 8; i++)
        {
            var region = i < 4 ? "West" : "East";
            accounts.Append(CultureInfo.InvariantCulture, $"A{i},A{i} Ltd,A,50,{region},{40 + i},{(i < 4 ? -100 : -75) + i},F1\n");
            orders.Append(CultureInfo.InvariantCulture, $"O{i},A{i},P1,2026-03-01,1000\n");
        }

        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,capacity_accounts,annual_cost\nF1,Fay,field,West,60,150000\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", accounts.ToString()),
            ("territories.csv", "territory_id,name,region,rep_id\nTF,Fay's,West,F1\n"),
            ("orders.csv", orders.ToString()));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "region", FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void NoCount_WithOneRepAndTwoRegions_SaysTheWorkspaceHasOneTerritory_NotAboutCount()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "territories", "--workspace", _ws.WorkspaceDirectory);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("territories: the workspace has 1 territory today, held by 1 rep, and the plan keeps that number unless told otherwise: "
            + "that is fewer than the 2 regions with accounts (East, West); a territory never spans regions (set territories.within_region: false to plan across regions). "
            + "Say how many to draw with --count N (at least 2; territories beyond today's start without a rep)", error.Trim());
    }

    [Fact]
    public void CountGiven_TooFew_IsAboutCount()
    {
        var error = Assert.Throws<BadInputException>(() => TerritoryPlan.Run(_ws.Workspace, 1, FixedClock.Default));

        Assert.StartsWith("--count: value '1': fewer territories than the 2 regions with accounts (East, West)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountAboveTheAccounts_ExitsTwo_AndAtTheAccountsPlans()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "territories", "--workspace", _ws.WorkspaceDirectory, "--count", "100000");

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("--count: value '100000': more territories than the 8 accounts to put in them; expected at most 8", error.Trim());
        Assert.Equal(8, TerritoryPlan.Run(_ws.Workspace, 8, FixedClock.Default).Count);
    }
}
