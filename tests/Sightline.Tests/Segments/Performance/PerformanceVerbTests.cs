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
