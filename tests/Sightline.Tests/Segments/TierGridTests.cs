using Sightline.Features;
using Sightline.Segments;
using Sightline.Tests.Support;

namespace Sightline.Tests.Segments;

public sealed class TierGridTests
{
    [Fact]
    public void Build_CountsAccountsCustomersAndRevenuePerIndustryAndBand()
    {
        using var ws = new TestWorkspace("tiers:\n  size_bands:\n    - { name: Small, max_employees: 100, max_revenue: 1000000 }\n    - { name: Large }\n");
        ws.Import(null,
            ("products.csv", "product_id,name\nP1,Widget\n"),
            ("accounts.csv", "account_id,name,industry,employees,annual_revenue\nA1,a,Retail,10,\nA2,b,Retail,500,\nA3,c,Retail,20,5000000\nA4,d,,,\nA5,e,Banking,50,100\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-01,100\nO2,A2,P1,2025-01-02,250\nO3,A5,P1,2025-01-03,40\n"));
        FeatureBuilder.Build(ws.Workspace);

        var grid = TierGrid.Build(ws.Workspace);

        Assert.Equal(["Small", "Large", "Unknown"], grid.Bands);
        Assert.Equal(new DateOnly(2025, 1, 3), grid.AsOf);
        var retail = grid.Rows.Single(r => r.Industry == "Retail");
        Assert.Equal([new TierCell(1, 1, 100), new TierCell(2, 1, 250), new TierCell(0, 0, 0)], retail.Cells);
        Assert.Equal(new TierCell(1, 0, 0), grid.Rows.Single(r => r.Industry == "(no industry)").Cells[2]);
        Assert.Equal(new TierCell(5, 3, 390), grid.Total.Total);
        Assert.Equal("Retail", grid.Rows[0].Industry);
    }

    [Fact]
    public void Build_WithoutFeatures_SaysWhatToRun()
    {
        using var ws = new TestWorkspace();
        ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        var error = Assert.Throws<BadInputException>(() => TierGrid.Build(ws.Workspace));
        Assert.Contains("no account_features yet; build them first with: sightline features --workspace", error.Message);
    }

    [Fact]
    public void Settings_BandsThatShrink_AreBadInput()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", "tiers:\n  size_bands:\n    - { name: A, max_employees: 100, max_revenue: 10 }\n    - { name: B, max_employees: 50, max_revenue: 20 }\n    - { name: C }\n");
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.Equal("sightline.yaml:4: column 'tiers.size_bands[1].max_employees' value '50': band 'B' must reach above band 'A' (max_employees 100); "
            + "limits must grow from one band to the next, smallest band first", error.Message);
    }
}
