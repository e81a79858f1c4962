using System.Text.Json;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Segments.Performance;

/// <summary><c>sightline performance</c>: --json on stdout, exit codes 0 / 2, messages on stderr.</summary>
public sealed class PerformanceVerbTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public PerformanceVerbTests()
    {
        using var workspace = Workspace.Init(_dir.File("ws"));
        new OrderHistory(workspace)
            .Account("A", "Retail").Account("B", "Health")
            .Order("A", "2024-01-05", 100m).Order("A", "2024-02-05", 130.5m)
            .Order("B", "2024-01-05", 200m).Order("B", "2024-03-05", 50m);
    }

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public void Performance_Json_PrintsBridgeCohortsAndTrends()
    {
        var (exit, output, error) = Run("performance", "--workspace", _dir.File("ws"), "--period", "month", "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.StartsWith("performance-", root.GetProperty("run_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("month", root.GetProperty("period").GetString());
        var feb = root.GetProperty("bridge")[1];
        Assert.Equal("2024-02-01", feb.GetProperty("period").GetString());
        Assert.Equal(300m, feb.GetProperty("previous").GetDecimal());
        Assert.Equal(30.5m, feb.GetProperty("expansion").GetDecimal());
        Assert.Equal(200m, feb.GetProperty("churned").GetDecimal());
        Assert.Equal(130.5m, feb.GetProperty("current").GetDecimal());
        Assert.Equal(1, feb.GetProperty("churned_customers").GetInt64());
        var mar = root.GetProperty("bridge")[2];
        Assert.Equal((130.5m, 50m, 1L), (mar.GetProperty("churned").GetDecimal(), mar.GetProperty("reactivated").GetDecimal(), mar.GetProperty("reactivated_customers").GetInt64()));
        Assert.Equal(3, root.GetProperty("cohorts").GetArrayLength());
        Assert.Equal("all", root.GetProperty("trends")[0].GetProperty("segment").GetString());
    }

    [Fact]
    public void Performance_HumanOutput_ShowsTablesWithFormattedNumbers()
    {
        var (exit, output, _) = Run("performance", "-w", _dir.File("ws"), "--period", "quarter", "--by", "industry");

        Assert.Equal(0, exit);
        Assert.Contains("Customer performance by quarter, segments by industry", output);
        Assert.Contains("2024-Q1", output);
        Assert.Contains("Retail", output);
        Assert.Contains("Cohort customer retention (Health", output);
    }

    [Fact]
    public void Performance_RedirectedWithLargeAmounts_KeepsEachPeriodOnOneLine()
    {
        using var dir = new TempDirectory();
        using (var workspace = Workspace.Init(dir.File("ws")))
        {
            new OrderHistory(workspace)
                .Account("A", "Retail").Account("B", "Health")
                .Order("A", "2024-01-05", 123_456_789.12m).Order("A", "2024-02-05", 234_567_890.5m)
                .Order("B", "2024-01-05", 345_678_901m).Order("B", "2024-03-05", 456_789_012m);
        }

        var (exit, output, _) = Run("performance", "-w", dir.File("ws"), "--period", "month");

        Assert.Equal(0, exit);
        // Each period's row holds its figures on its own line, none wrapped into the next.
        var february = Assert.Single(output.Split('\n'), line => line.StartsWith("  2024-02", StringComparison.Ordinal));
        Assert.Matches(@"^  2024-02\s+all\s+469,135,690\s.*\s234,567,89[01]\s", february); // January's total, then what remains
    }

    [Theory]
    [InlineData(null, 400)]
    [InlineData("", 400)]
    [InlineData("120", 120)]
    [InlineData("12", 400)]
    [InlineData("wide", 400)]
    public void RedirectedWidth_IsTheUsersColumnsOrWide(string? columns, int width) =>
        Assert.Equal(width, Sightline.Cli.CliConsole.RedirectedWidth(columns));

    [Theory]
    [InlineData("--period", "week")]
    [InlineData("--period", "month", "--by", "shoe_size")]
    public void Performance_BadInput_ExitsTwoWithMessage(params string[] extra)
    {
        var (exit, output, error) = Run(["performance", "--workspace", _dir.File("ws"), .. extra]);

        Assert.Equal((2, ""), (exit, output));
        Assert.Contains(extra[^1] is "week" ? "unknown period 'week'; use month, quarter or year" : "unknown segment set 'shoe_size'; available columns: name,", error);
    }
}
