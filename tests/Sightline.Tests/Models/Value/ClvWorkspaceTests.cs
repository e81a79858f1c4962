using Sightline.Demo;
using Sightline.Models.Value;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models.Value;

/// <summary>Workspace mode on a small imported demo world.</summary>
public sealed class ClvWorkspaceTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public ClvWorkspaceTests()
    {
        var files = DemoWorldGenerator.Generate(_ws.Files.File("world"), new DemoOptions(Accounts: 400, Seed: 5));
        _ws.ImportPaths(files.FilesByTable.Where(f => f.Key != DemoWorldGenerator.TruthTable).Select(f => f.Value).ToList());
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void FromWorkspace_CalibrationEnd_WritesOneRowPerCustomerBuyingBeforeIt()
    {
        var end = DbValues.Date(_ws.Workspace.Scalar("SELECT max(order_date) FROM orders WHERE amount > 0"))!.Value.AddDays(-180);
        var customers = _ws.Count($"SELECT count(DISTINCT account_id) FROM orders WHERE amount > 0 AND order_date <= DATE '{end:yyyy-MM-dd}'");

        var result = LifetimeValue.FromWorkspace(_ws.Workspace, new ClvOptions { CalibrationEnd = end }, FixedClock.Default);

        Assert.Equal(customers, result.Customers);
        Assert.Equal(customers, _ws.Count($"SELECT count(*) FROM account_clv WHERE run_id = '{result.RunId}'"));
        Assert.Equal(customers, _ws.Count($"SELECT count(DISTINCT account_id) FROM account_clv WHERE run_id = '{result.RunId}'"));
        Assert.Equal(0, _ws.Count($"SELECT count(*) FROM account_clv WHERE clv < 0 OR p_alive NOT BETWEEN 0 AND 1 OR NOT isfinite(clv)"));
        Assert.Equal(1, _ws.Count($"SELECT count(*) FROM runs WHERE run_id = '{result.RunId}' AND kind = 'clv' AND as_of = DATE '{end:yyyy-MM-dd}'"));
        Assert.NotEmpty(result.Holdout);
    }

    [Fact]
    public void ClvVerb_Workspace_PrintsTotalsAndStoresTheRun()
    {
        var (exit, output, error) = Support.Cli.Run("clv", "--workspace", _ws.WorkspaceDirectory, "--time-unit", "month");

        Assert.True(exit == 0, error);
        Assert.Contains("BG/NBD: r = ", output, StringComparison.Ordinal);
        Assert.Contains("stored as run clv-", output, StringComparison.Ordinal);
    }
}

/// <summary>A workspace whose orders all have amount 0.</summary>
public sealed class ClvNoPurchaseTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void FromWorkspace_OnlyZeroAmountLines_SaysNoneHasAnAmountAboveZero()
    {
        _ws.Import(null,
            ("accounts.csv", "account_id,name\nA1,Acme\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,0\nO2,A1,P1,2026-04-01,0\n"));

        var error = Assert.Throws<BadInputException>(() => LifetimeValue.FromWorkspace(_ws.Workspace, new ClvOptions(), FixedClock.Default));

        Assert.Equal($"{_ws.WorkspaceDirectory}: no transactions to fit: none of the 2 order lines has an amount above 0 (returns, credits and zero-amount lines are no purchase)", error.Message);
    }
}
