using Sightline.Tests.Support;

namespace Sightline.Tests.Models;

public sealed class ScoreVerbTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public void Score_BeforeFeaturesAreBuilt_TellsWhichCommandToRunFirst()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        _ws.Workspace.Dispose();

        var score = Run("score", "--workspace", _ws.WorkspaceDirectory);
        var propensity = Run("propensity", "--workspace", _ws.WorkspaceDirectory);

        Assert.Equal(2, score.Exit);
        Assert.Contains($"no account_features yet; build them first with: sightline features --workspace {_ws.WorkspaceDirectory}", score.Err, StringComparison.Ordinal);
        Assert.Equal(2, propensity.Exit);
        Assert.Contains("no account_features yet", propensity.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WorkspaceWithoutBuyers_IsBadInputSayingWhy()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,industry,employees\n" + string.Join("\n", Enumerable.Range(1, 40).Select(i => $"A{i},Acme {i},Retail,{i * 10}")) + "\n"));
        Sightline.Features.FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        _ws.Workspace.Dispose();

        var score = Run("score", "--workspace", _ws.WorkspaceDirectory);
        var propensity = Run("propensity", "--workspace", _ws.WorkspaceDirectory, "--json");

        Assert.Equal(2, score.Exit);
        Assert.Contains("account_features: cannot train: 0 positive and 40 negative rows; each class needs at least 5 (one per fold)", score.Err, StringComparison.Ordinal);
        Assert.Equal(0, propensity.Exit);
        Assert.Contains("\"purchase\": null", propensity.Out, StringComparison.Ordinal);
        Assert.Contains("any purchase: skipped, 0 of 40 accounts bought in the 90 days after", propensity.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WorkspaceOfBuyersOnly_SaysSoAndPointsToBestCustomers_WhichTrains()
    {
        // A sales ledger imported alone: every account it made has bought.
        var lines = string.Join("\n", Enumerable.Range(1, 40).Select(i =>
            $"O{i},C{i},Customer {i},{(i % 2 == 0 ? "Corporate" : "Consumer")},P1,Widget,2024-0{1 + (i % 9)}-10,{i * (i % 2 == 0 ? 100 : 10)}"));
        _ws.Import(new Sightline.Import.ImportOptions(Table: "orders"), ("ledger.csv", "Order ID,Customer ID,Customer Name,Segment,Product ID,Product Name,Order Date,Sales\n" + lines + "\n"));
        Sightline.Features.FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        _ws.Workspace.Dispose();

        var score = Run("score", "--workspace", _ws.WorkspaceDirectory);
        var best = Run("score", "--workspace", _ws.WorkspaceDirectory, "--target", "best-customers");

        Assert.Equal(2, score.Exit);
        Assert.Contains("account_features: cannot train: all 40 accounts are customers (the workspace has no prospects: a sales ledger names only its buyers), "
            + "so no account is left to find lookalikes among; score the best customers against the rest instead (--target best-customers), or import the prospects too",
            score.Err, StringComparison.Ordinal);
        Assert.Equal(0, best.Exit);
        Assert.Contains("Lookalike propensity (best-customers)", best.Out, StringComparison.Ordinal);
    }
}
