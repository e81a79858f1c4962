using Sightline.Cli;
using Sightline.Cli.Verbs;
using Sightline.Demo;
using Sightline.Demo.Replay;

namespace Sightline.Tests.Demo;

/// <summary>The demo's printed lines (the replay's first, a cluster's, the coverage plan's) count in the right number.</summary>
public sealed class DemoPrintedCountsTests
{
    private static string FirstLine(int sent, int duplicates, int accounts)
    {
        var touched = Enumerable.Range(0, accounts).Select(i => new DemoReplayAccount($"A{i}", 1, [], [], null, null, 1)).ToList();
        var summary = new DemoReplaySummary(new DateOnly(2026, 10, 1), sent, sent - duplicates, duplicates, 0, touched, 0, 0, 0, [], [], [], 0, [], [], [], []);
        using var output = new StringWriter();
        DemoVerb.PrintReplay(new CliConsole(output, TextWriter.Null), summary);
        return output.ToString().ReplaceLineEndings("\n").Split('\n')[0];
    }

    [Theory]
    [InlineData(1, 1, 1, "Replay of 2026-10-01 through POST /api/touchpoints: 1 event sent, 0 appended, 1 duplicate (not applied again); 1 account touched")]
    [InlineData(1, 0, 1, "Replay of 2026-10-01 through POST /api/touchpoints: 1 event sent, 1 appended, 0 duplicates (not applied again); 1 account touched")]
    [InlineData(1_348, 2, 2, "Replay of 2026-10-01 through POST /api/touchpoints: 1,348 events sent, 1,346 appended, 2 duplicates (not applied again); 2 accounts touched")]
    public void PrintReplay_Counts_AreToldInTheirNumber(int sent, int duplicates, int accounts, string expected) =>
        Assert.Equal(expected, FirstLine(sent, duplicates, accounts));

    [Theory]
    [InlineData(1, "  3. Loyal buyers (1 account): frequent orders")]
    [InlineData(1_200, "  3. Loyal buyers (1,200 accounts): frequent orders")]
    public void ClusterLine_Size_IsToldInItsNumber(long size, string expected) =>
        Assert.Equal(expected, DemoVerb.ClusterLine(new DemoCluster(3, size, "Loyal buyers", "frequent orders")));

    [Theory]
    [InlineData(1, "Coverage: expected margin 1,500 against 1,200 with today's coverage (1 account changes model; 0 over-covered, 2 under-covered)")]
    [InlineData(2, "Coverage: expected margin 1,500 against 1,200 with today's coverage (2 accounts change model; 0 over-covered, 2 under-covered)")]
    public void CoverageLine_AccountsChangingModel_AreToldInTheirNumber(long changed, string expected) =>
        Assert.Equal(expected, DemoVerb.CoverageLine(new Sightline.Plans.Coverage.CoveragePlanResult("r1", 10, 2_000m, 0.75, 1_500m, 1_200m, 1_400m,
            changed, 0, "greedy", false, [], [], 0, 2, 0.5, [], [], [])));
}
