using Sightline.Demo;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Demo;

/// <summary>The main job end to end: the default 25,000-account world through the user's import path.</summary>
[Trait("Category", "Slow")]
public sealed class DemoPipelineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_DefaultWorld_ImportsEveryGeneratedRowAndLoadsTheTruth()
    {
        var summary = DemoPipeline.Run(_dir.File("demo"), new DemoOptions(), clock: FixedClock.Default);

        Assert.Equal(25_000, summary.Accounts);
        Assert.Equal(0, summary.Import.RowsRejected);
        Assert.Equal(summary.Import.RowsRead, summary.Import.RowsLoaded);
        var generated = Directory.GetFiles(summary.InputDirectory, "*.csv")
            .Where(f => !f.EndsWith("demo_truth.csv", StringComparison.Ordinal))
            .Sum(f => File.ReadLines(f).Count() - 1);
        Assert.True(summary.Import.RowsLoaded <= generated, "quoted line breaks can only make records fewer than lines");
        Assert.InRange(summary.Import.RowsLoaded, 400_000, generated);
        Assert.InRange(summary.QualityScore, 50, 100);
        Assert.Equal(["generate", "import", "quality", "features", "segments", "clusters", "performance", "score", "questionnaire", "propensity", "reasons", "potential", "clv", "plans"], summary.Steps.Select(s => s.Name));
        Assert.InRange(summary.Clusters.Count, 2, 6);
        Assert.Equal(25_000, summary.Clusters.Sum(c => c.Size));
        Assert.All(summary.Clusters, c => Assert.False(string.IsNullOrWhiteSpace(c.Profile)));
        var q = summary.LastQuarter!;
        Assert.Equal(q.Current, q.Previous + q.New + q.Expansion + q.Reactivated - q.Contraction - q.Churned);
        Assert.Equal(new DateOnly(2026, 7, 1), q.Period);
        Assert.Equal(25_000, summary.Features.Accounts);
        Assert.Equal(8, summary.Segments.Segments.Count);
        Assert.All(summary.Segments.Segments, s => Assert.True(s.Accounts > 0, $"demo segment {s.Name} is empty"));
        Assert.Equal(25_000, summary.Scoring.Bands.Sum(b => b.Accounts));
        Assert.Equal(summary.Features.Customers, summary.Scoring.Bands.Sum(b => b.Customers));
        Assert.InRange(summary.Scoring.Metrics.Auc, 0.6, 1);
        Assert.InRange(summary.Questionnaire.Questions, 1, 5);
        Assert.True(summary.Propensity.Purchase!.Metrics!.Auc > 0.9, "the next-quarter model sees recency and frequency");
        Assert.Equal(4, summary.Propensity.Products.Count);
        Assert.Equal(summary.Potential.Tam, summary.Potential.RollUp.Sum(r => r.Potential), 2);
        Assert.True(summary.Potential.WhiteSpace > 0);
        Assert.Equal(summary.Customers, summary.Clv.Customers);
        Assert.True(summary.Clv.TotalClv > 0);

        using var ws = Workspace.Open(summary.Workspace);
        Assert.Equal(25_000L, ws.Scalar("SELECT count(*) FROM demo_truth"));
        Assert.Equal(summary.Customers, ws.Scalar("SELECT count(DISTINCT account_id) FROM orders"));
        Assert.Equal(0L, ws.Scalar("SELECT count(*) FROM demo_truth t ANTI JOIN accounts a USING (account_id)"));
    }

    [Fact]
    public void Run_Twice_RebuildsTheSameWorld()
    {
        var first = DemoPipeline.Run(_dir.File("demo"), new DemoOptions(Accounts: 800, Seed: 3), clock: FixedClock.Default);
        IReadOnlyDictionary<string, (long Rows, string Checksum)> before;
        using (var ws = Workspace.Open(first.Workspace))
        {
            before = ws.TableFingerprints();
        }

        DemoPipeline.Run(_dir.File("demo"), new DemoOptions(Accounts: 800, Seed: 3), clock: FixedClock.Default);
        using var again = Workspace.Open(first.Workspace);
        var after = again.TableFingerprints();
        foreach (var table in Sightline.Data.CanonicalSchema.Tables.Select(t => t.Name).Append("demo_truth"))
        {
            Assert.Equal(before[table], after[table]);
        }
    }

    [Fact]
    public void Run_InFolderWithUserWorkspace_IsRefused()
    {
        Workspace.Init(_dir.File("acme")).Dispose();
        var error = Assert.Throws<BadInputException>(() => DemoPipeline.Run(_dir.File("acme"), new DemoOptions(Accounts: 200)));
        Assert.EndsWith("this folder holds a workspace that is not a demo; choose another folder for the demo (--workspace)", error.Message);
    }
}
