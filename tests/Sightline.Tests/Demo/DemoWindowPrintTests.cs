using Sightline.Cli;
using Sightline.Cli.Verbs;
using Sightline.Models;

namespace Sightline.Tests.Demo;

public sealed class DemoWindowPrintTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    private static readonly WindowModelResult Purchase = new("m1", null, true, 1000, 120, null, 1000, 95.4, 123_456, [], []);

    private static string Printed(IReadOnlyList<WindowModelResult> products, IReadOnlyList<string> notes)
    {
        using var output = new StringWriter();
        DemoVerb.PrintWindow(new CliConsole(output, TextWriter.Null), new WindowResult("r1", AsOf, 90, AsOf.AddDays(-90), Purchase, products, notes, 1));
        return output.ToString().Trim();
    }

    [Fact]
    public void PrintWindow_FamiliesScored_ListsTheirExpectedBuyers()
    {
        var imaging = Purchase with { ModelId = "m2", ProductFamily = "Imaging", ExpectedBuyers = 41.6, ExpectedRevenue = null };

        Assert.EndsWith("; cross-sell: Imaging 42", Printed([imaging], []), StringComparison.Ordinal);
    }

    [Fact]
    public void PrintWindow_EveryFamilySkipped_SaysWhyThereIsNoCrossSell()
    {
        var printed = Printed([],
        [
            "product family Imaging: skipped, 3 of 900 accounts bought in the 90 days after 2025-04-01; too few to learn from",
            "product family Software: skipped, 1 of 950 accounts bought in the 90 days after 2025-04-01; too few to learn from",
        ]);

        Assert.DoesNotContain("cross-sell:", printed, StringComparison.Ordinal);
        Assert.EndsWith("; no cross-sell model: each of the 2 product families had too few buyers in the 90 days after 2025-04-01 to learn from", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintWindow_NoProductFamilies_SaysThereAreNone()
    {
        var printed = Printed([], []);

        Assert.DoesNotContain("cross-sell:", printed, StringComparison.Ordinal);
        Assert.EndsWith("; no cross-sell model: no product names a family (the family column of products)", printed, StringComparison.Ordinal);
    }
}
