using Sightline.Cli;
using Sightline.Cli.Verbs;
using Sightline.Demo;
using Sightline.Demo.Replay;
using Sightline.Plans.Lists;
using Sightline.Plans.Territories;

namespace Sightline.Tests.Demo;

/// <summary>The demo's printed lines (the replay's first, a cluster's, the coverage, territory and rep lists plans') count in the right number.</summary>
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

    private static TerritoryScenario Scenario(string name, double potentialCv, long moved) =>
        new(name, name, 0.1, potentialCv, 0.1, null, null, 0.125, 12.5, moved, 0, "greedy", null, name);

    [Theory]
    [InlineData(1, "Territories (4): balanced plan's potential CV 0.100 against 0.300 today and 0.200 for a naive split, with 12.5% of revenue changing rep (1 account moves)")]
    [InlineData(0, "Territories (4): balanced plan's potential CV 0.100 against 0.300 today and 0.200 for a naive split, with 12.5% of revenue changing rep (0 accounts move)")]
    [InlineData(1_250, "Territories (4): balanced plan's potential CV 0.100 against 0.300 today and 0.200 for a naive split, with 12.5% of revenue changing rep (1,250 accounts move)")]
    public void TerritoriesLine_AccountsMoving_AreToldInTheirNumber(long moved, string expected) =>
        Assert.Equal(expected, DemoVerb.TerritoriesLine(4, 2, "region and role", Scenario("balanced", 0.1, moved), Scenario("today", 0.3, 0), Scenario("naive", 0.2, 0)));

    [Fact]
    public void TerritoriesLine_OneTerritoryInEveryGroup_SaysThereIsNothingToBalance_NotThreeCvsOfZero()
    {
        // The demo of 1,000 accounts has one territory per region and role: it printed "potential CV 0.000 against 0.000 today and 0.000".
        Assert.Equal("Territories (6): one per region and role, so there is no spread of potential to balance between them; 12.5% of revenue changing rep (3 accounts move)",
            DemoVerb.TerritoriesLine(6, 6, "region and role", Scenario("balanced", 0, 3), Scenario("today", 0, 0), Scenario("naive", 0, 0)));
    }

    [Theory]
    [InlineData(1, 1, 1, "Rep lists: 1 account on 1 rep's list; 0 of 1 recommended account held out to measure the lift")]
    [InlineData(2, 1, 3, "Rep lists: 2 accounts on 1 rep's list; 1 of 3 recommended accounts held out to measure the lift")]
    [InlineData(2, 2, 3, "Rep lists: 2 accounts on 2 reps' lists; 1 of 3 recommended accounts held out to measure the lift")]
    public void RepListsLine_AccountsAndReps_AreToldInTheirNumber(long listed, int reps, long candidates, string expected)
    {
        // A rep with nothing listed does not count as a rep's list.
        var summaries = Enumerable.Range(0, reps).Select(i => new RepListSummary($"R{i}", $"Rep {i}", "M1", 10, 1, i == 0 ? listed - (reps - 1) : 1, 0, 0))
            .Append(new RepListSummary("R9", "Rep 9", "M1", 10, 0, 0, 0, 0)).ToList();
        var lists = new RepListsResult("r1", 0.1, 7, candidates, candidates - listed, listed, summaries, [], [], [], []);
        Assert.Equal(expected, DemoVerb.RepListsLine(lists));
    }
}
