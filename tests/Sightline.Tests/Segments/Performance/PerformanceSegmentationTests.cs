using System.Globalization;
using Sightline.Segments.Performance;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Segments.Performance;

/// <summary>Exact values on small hand-made order histories.</summary>
public sealed class PerformanceSegmentationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Workspace _workspace;
    private readonly OrderHistory _history;

    public PerformanceSegmentationTests()
    {
        _workspace = Workspace.Init(_dir.File("ws"));
        _history = new OrderHistory(_workspace);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _dir.Dispose();
    }

    private PerformanceReport Run(PeriodGrain grain = PeriodGrain.Month, string? by = null) =>
        PerformanceSegmentation.Run(_workspace, new PerformanceOptions(grain, "perf-test") { By = by });

    private static RevenueBridge At(PerformanceReport report, string month, string segment = "all") =>
        report.Bridge.Single(b => b.Period == DateOnly.Parse(month + "-01", System.Globalization.CultureInfo.InvariantCulture) && b.Segment == segment);

    [Fact]
    public void Run_OneCustomerLifecycle_ClassifiesEachPeriodWithExactAmounts()
    {
        _history.Product("P1", "Software").Product("P2", "Services")
            .Order("A", "2024-01-10", 100m)
            .Order("A", "2024-02-03", 150m)
            .Order("A", "2024-03-05", 100m).Order("A", "2024-03-20", 100m, "P2")
            .Order("A", "2024-04-01", 120m)
            .Order("A", "2024-07-15", 90m)
            .Order("A", "2024-08-02", -30m).Order("A", "2024-08-03", 10m);

        var report = Run();

        Assert.Equal(8, report.Bridge.Count);
        var jan = At(report, "2024-01");
        Assert.Equal((0m, 100m, 100m, 1L, 1L), (jan.Previous, jan.New, jan.Current, jan.NewCustomers, jan.CurrentCustomers));
        var feb = At(report, "2024-02");
        Assert.Equal((100m, 100m, 50m, 0m, 150m, 1L, 1L), (feb.Previous, feb.RetainedBase, feb.Expansion, feb.Contraction, feb.Current, feb.RetainedCustomers, feb.ExpandedCustomers));
        var mar = At(report, "2024-03");
        Assert.Equal((150m, 50m, 200m, 1L, 100m), (mar.Previous, mar.Expansion, mar.Current, mar.PenetrationCustomers, mar.PenetrationRevenue));
        var apr = At(report, "2024-04");
        Assert.Equal((200m, 120m, 80m, 120m, 1L, 0L), (apr.Previous, apr.RetainedBase, apr.Contraction, apr.Current, apr.ContractedCustomers, apr.PenetrationCustomers));
        var may = At(report, "2024-05");
        Assert.Equal((120m, 120m, 0m, 1L, 0L), (may.Previous, may.Churned, may.Current, may.ChurnedCustomers, may.CurrentCustomers));
        var jun = At(report, "2024-06");
        Assert.Equal((0m, 0m, 0m, 0L), (jun.Previous, jun.Churned, jun.Current, jun.ChurnedCustomers));
        var jul = At(report, "2024-07");
        Assert.Equal((0m, 0m, 90m, 90m, 1L, 0L), (jul.Previous, jul.New, jul.Reactivated, jul.Current, jul.ReactivatedCustomers, jul.NewCustomers));
        var aug = At(report, "2024-08");
        Assert.Equal((90m, 90m, 0m, -20m, 1L), (aug.Previous, aug.Churned, aug.Current, aug.Booked, aug.ChurnedCustomers));
    }

    [Fact]
    public void Run_SeveralCustomers_CountsEachBucketAndRetentionRates()
    {
        _history
            .Order("A", "2024-01-05", 100m).Order("A", "2024-02-05", 130m)
            .Order("B", "2024-01-05", 200m).Order("B", "2024-02-05", 150m)
            .Order("C", "2024-01-05", 50m)
            .Order("D", "2024-02-09", 75.25m);

        var feb = At(Run(), "2024-02");

        Assert.Equal(350m, feb.Previous);
        Assert.Equal((75.25m, 30m, 50m, 50m, 355.25m), (feb.New, feb.Expansion, feb.Contraction, feb.Churned, feb.Current));
        Assert.Equal((3L, 1L, 2L, 1L, 1L, 1L, 3L), (feb.PreviousCustomers, feb.NewCustomers, feb.RetainedCustomers, feb.ExpandedCustomers,
            feb.ContractedCustomers, feb.ChurnedCustomers, feb.CurrentCustomers));
        Assert.Equal((350d - 50 - 50 + 30) / 350, feb.NetRevenueRetention!.Value, 12);
        Assert.Equal((350d - 50 - 50) / 350, feb.GrossRevenueRetention!.Value, 12);
        Assert.Equal(355.25 / 350 - 1, feb.GrowthRate!.Value, 12);
    }

    [Fact]
    public void Run_Cohorts_GiveCustomerAndRevenueRetentionPerOffset()
    {
        _history
            .Order("A", "2024-01-05", 100m).Order("A", "2024-02-05", 50m)
            .Order("B", "2024-01-20", 100m).Order("B", "2024-03-05", 100m)
            .Order("C", "2024-02-01", 40m);

        var cohorts = Run().Cohorts;

        var jan = cohorts.Where(c => c.Cohort == new DateOnly(2024, 1, 1)).OrderBy(c => c.Offset).ToList();
        Assert.Equal([0, 1, 2], jan.Select(c => c.Offset));
        Assert.All(jan, c => Assert.Equal(2, c.CohortCustomers));
        Assert.Equal([2L, 1L, 1L], jan.Select(c => c.ActiveCustomers));
        Assert.Equal([1.0, 0.5, 0.5], jan.Select(c => c.CustomerRetention));
        Assert.Equal([200m, 50m, 100m], jan.Select(c => c.Revenue));
        Assert.Equal([1.0, 0.25, 0.5], jan.Select(c => c.RevenueRetention));
        var feb = cohorts.Where(c => c.Cohort == new DateOnly(2024, 2, 1)).OrderBy(c => c.Offset).ToList();
        Assert.Equal([(1L, 40m), (0L, 0m)], feb.Select(c => (c.ActiveCustomers, c.Revenue)));
        Assert.Equal(new DateOnly(2024, 3, 1), feb[1].Period);
    }

    [Fact]
    public void Run_ByIndustry_SplitsAccountsAndSegmentsSumToTheTotal()
    {
        _history.Account("A", "Retail").Account("B", "Retail").Account("C", "Health").Account("D")
            .Order("A", "2024-01-05", 100m).Order("A", "2024-04-05", 120m)
            .Order("B", "2024-02-05", 80m)
            .Order("C", "2024-01-05", 60m).Order("C", "2024-05-05", 10m)
            .Order("D", "2024-06-30", 5.5m);

        var total = Run(PeriodGrain.Quarter);
        var split = Run(PeriodGrain.Quarter, by: "Industry");

        Assert.Equal("industry", split.SegmentSet);
        Assert.Equal(["(none)", "Health", "Retail"], split.Bridge.Select(b => b.Segment).Distinct().Order(StringComparer.Ordinal));
        var q1Retail = At(split, "2024-01", "Retail");
        Assert.Equal((180m, 2L), (q1Retail.New, q1Retail.NewCustomers));
        var q2Retail = At(split, "2024-04", "Retail");
        Assert.Equal((180m, 20m, 80m, 1L), (q2Retail.Previous, q2Retail.Expansion, q2Retail.Churned, q2Retail.ChurnedCustomers));
        foreach (var whole in total.Bridge)
        {
            var parts = split.Bridge.Where(b => b.Period == whole.Period).ToList();
            Assert.Equal(whole.Previous, parts.Sum(p => p.Previous));
            Assert.Equal(whole.New, parts.Sum(p => p.New));
            Assert.Equal(whole.Expansion, parts.Sum(p => p.Expansion));
            Assert.Equal(whole.Contraction, parts.Sum(p => p.Contraction));
            Assert.Equal(whole.Churned, parts.Sum(p => p.Churned));
            Assert.Equal(whole.Reactivated, parts.Sum(p => p.Reactivated));
            Assert.Equal(whole.Current, parts.Sum(p => p.Current));
            Assert.Equal(whole.CurrentCustomers, parts.Sum(p => p.CurrentCustomers));
        }
    }

    [Fact]
    public void Run_BySegmentBeforeAnySegmentsRun_SaysToRunTheSegments()
    {
        _history.Order("A", "2024-01-05", 100m);

        var error = Assert.Throws<BadInputException>(() => Run(by: "segment"));

        Assert.Equal($"--by: no segments run yet; evaluate the segments first with: sightline segments --workspace {_workspace.Directory}", error.Message);
    }

    [Fact]
    public void Run_UnknownBy_ListsTheAvailableColumns()
    {
        _history.Order("A", "2024-01-05", 100m);

        var error = Assert.Throws<BadInputException>(() => Run(by: "size_band; DROP TABLE orders"));

        Assert.Contains("unknown segment set 'size_band; DROP TABLE orders'; available columns: name, domain, industry", error.Message);
        Assert.Equal(1L, _workspace.Scalar("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void Run_ByAccountFeaturesColumn_UsesIt()
    {
        _history.Order("A", "2024-01-05", 100m).Order("B", "2024-01-05", 10m);
        _workspace.Execute("CREATE TABLE account_features (account_id VARCHAR, size_band VARCHAR); INSERT INTO account_features VALUES ('A', 'large'), ('B', 'small')");

        var report = Run(by: "size_band");

        Assert.Equal([("large", 100m), ("small", 10m)], report.Bridge.Select(b => (b.Segment, b.Current)));
    }

    [Fact]
    public void Run_NoOrders_IsBadInput()
    {
        var error = Assert.Throws<BadInputException>(() => Run());
        Assert.Contains("no orders loaded", error.Message);
    }

    [Fact]
    public void Run_NoOrdersButWonOpportunities_TheWonDealsAreTheRevenue()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name) VALUES ('A', 'Acme'), ('B', 'Beta');
            INSERT INTO opportunities (opportunity_id, account_id, created_at, closed_at, stage, amount, won) VALUES
                ('X1', 'A', DATE '2024-01-01', DATE '2024-01-20', 'Won', 100, true),
                ('X2', 'A', DATE '2024-01-05', DATE '2024-02-10', 'Won', 150, true),
                ('X3', 'B', DATE '2024-01-05', DATE '2024-02-12', 'Lost', 999, false),
                ('X4', 'B', DATE '2024-01-05', NULL, 'Engaging', 500, NULL);
            """);

        var report = Run();

        Assert.Equal([(new DateOnly(2024, 1, 1), 100m, 1L), (new DateOnly(2024, 2, 1), 150m, 1L)],
            report.Bridge.Select(b => (b.Period, b.Current, b.CurrentCustomers)));
    }

    [Theory]
    [InlineData("month", PeriodGrain.Month)]
    [InlineData("Quarter", PeriodGrain.Quarter)]
    [InlineData(" year ", PeriodGrain.Year)]
    public void ParsePeriod_KnownNames_Parse(string text, PeriodGrain expected) => Assert.Equal(expected, PerformanceSegmentation.ParsePeriod(text));

    [Fact]
    public void ParsePeriod_Unknown_IsBadInputNamingTheChoices()
    {
        var error = Assert.Throws<BadInputException>(() => PerformanceSegmentation.ParsePeriod("week"));
        Assert.Equal("--period: unknown period 'week'; use month, quarter or year", error.Message);
    }

    [Fact]
    public void Run_WritesBridgeAndCohortTablesWithRunId_ReplacingEarlierRows()
    {
        _history.Order("A", "2024-01-05", 100m).Order("A", "2024-02-05", 50m);

        PerformanceSegmentation.Run(_workspace, new PerformanceOptions(PeriodGrain.Month, "perf-1"));
        PerformanceSegmentation.Run(_workspace, new PerformanceOptions(PeriodGrain.Month, "perf-2"));

        Assert.Equal(2L, _workspace.Scalar("SELECT count(*) FROM performance_bridge WHERE run_id = 'perf-2'"));
        Assert.Equal(0L, _workspace.Scalar("SELECT count(*) FROM performance_bridge WHERE run_id <> 'perf-2'"));
        Assert.Equal(50m, _workspace.Scalar("SELECT contraction_revenue FROM performance_bridge WHERE period = DATE '2024-02-01'"));
        Assert.Equal(2L, _workspace.Scalar("SELECT count(*) FROM performance_cohorts WHERE run_id = 'perf-2'"));
        Assert.False(_workspace.TableExists("perf_classified"));
    }

    [Fact]
    public void Run_FromTo_LimitsReportedPeriodsButKeepsHistoryForClassification()
    {
        _history.Order("A", "2024-01-05", 100m).Order("A", "2024-03-05", 100m).Order("A", "2024-04-05", 100m);

        var report = PerformanceSegmentation.Run(_workspace,
            new PerformanceOptions(PeriodGrain.Month, "perf-test") { From = new DateOnly(2024, 3, 15), To = new DateOnly(2024, 4, 1) });

        Assert.Equal([new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1)], report.Bridge.Select(b => b.Period));
        Assert.Equal((100m, 0m), (report.Bridge[0].Reactivated, report.Bridge[0].New));
        var trend = Assert.Single(report.Trends);
        Assert.Equal((new DateOnly(2024, 4, 1), 2, 100m, 1.0), (trend.LastPeriod, trend.Periods, trend.Current, trend.LastNetRevenueRetention));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Run_TrendPeriodsBelowOne_IsBadInputNamingTheOption(int periods)
    {
        _history.Order("A", "2024-01-05", 100m);

        var error = Assert.Throws<BadInputException>(() => PerformanceSegmentation.Run(_workspace,
            new PerformanceOptions(PeriodGrain.Month, "perf-test") { TrendPeriods = periods }));

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"--trend-periods: value '{periods}': the trend window must cover at least 1 period"), error.Message);
    }

    [Fact]
    public void Run_FromAfterTo_IsBadInput()
    {
        _history.Order("A", "2024-01-05", 100m);

        var error = Assert.Throws<BadInputException>(() => PerformanceSegmentation.Run(_workspace,
            new PerformanceOptions(PeriodGrain.Month, "perf-test") { From = new DateOnly(2024, 5, 1), To = new DateOnly(2024, 1, 1) }));

        Assert.Equal("--from: --from 2024-05-01 is after --to 2024-01-01", error.Message);
    }

    [Theory]
    [InlineData(null, "2020-01-01", "--to: value '2020-01-01': no period with orders lies in this range; the orders run from 2024-01-05 to 2024-03-05")]
    [InlineData("2025-01-01", null, "--from: value '2025-01-01': no period with orders lies in this range; the orders run from 2024-01-05 to 2024-03-05")]
    [InlineData("2020-01-01", "2020-06-30", "--from/--to: value '2020-01-01 .. 2020-06-30': no period with orders lies in this range; the orders run from 2024-01-05 to 2024-03-05")]
    public void Run_RangeWithoutOrders_NamesTheOptionGivenAndTheOrdersDates(string? from, string? to, string expected)
    {
        _history.Order("A", "2024-01-05", 100m).Order("A", "2024-03-05", 100m);

        var error = Assert.Throws<BadInputException>(() => PerformanceSegmentation.Run(_workspace, new PerformanceOptions(PeriodGrain.Month, "perf-test")
        {
            From = from is null ? null : DateOnly.Parse(from, CultureInfo.InvariantCulture),
            To = to is null ? null : DateOnly.Parse(to, CultureInfo.InvariantCulture),
        }));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Run_ReturnOnlyAccount_IsNeverACustomerButItsCreditIsBooked()
    {
        _history.Order("A", "2024-01-05", 100m).Order("B", "2024-01-07", -40m).Order("B", "2024-02-07", -10m);

        var report = Run();

        Assert.Equal((100m, 60m, 1L), (report.Bridge[0].Current, report.Bridge[0].Booked, report.Bridge[0].CurrentCustomers));
        Assert.Equal((0m, 100m, -10m), (report.Bridge[1].New, report.Bridge[1].Churned, report.Bridge[1].Booked));
        Assert.Single(report.Cohorts.Select(c => c.CohortCustomers).Distinct());
    }

    [Fact]
    public void CheckIdentity_Broken_NamesPeriodSegmentAndAmounts()
    {
        var row = new RevenueBridge(new DateOnly(2024, 1, 1), "Retail", 10m, 5m, 10m, 0m, 0m, 0m, 0m, 14m, 14m,
            1, 1, 1, 0, 0, 0, 0, 2, 0, 0m, null, null, null);

        var error = Assert.Throws<InvalidOperationException>(() => PerformanceSegmentation.CheckIdentity(row));

        Assert.Contains("period 2024-01-01, segment 'Retail'", error.Message);
        Assert.Contains("previous 10 + new 5 + expansion 0 + reactivated 0 - contraction 0 - churned 0 = 15, but current is 14", error.Message, StringComparison.Ordinal);
    }
}
