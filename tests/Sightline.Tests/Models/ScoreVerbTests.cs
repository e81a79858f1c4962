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
}
