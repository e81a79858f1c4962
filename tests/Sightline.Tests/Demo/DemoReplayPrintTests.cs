using Sightline.Cli;
using Sightline.Cli.Verbs;
using Sightline.Demo.Replay;

namespace Sightline.Tests.Demo;

/// <summary>The replay's first printed line counts events, duplicates and accounts in the right number.</summary>
public sealed class DemoReplayPrintTests
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
}
