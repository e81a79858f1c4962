using System.CommandLine;
using System.Globalization;
using Sightline.Segments.Performance;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline performance --workspace DIR --period month|quarter|year [--by SEGMENT_SET] [--from DATE] [--to DATE] [--json]</c>.</summary>
internal static class PerformanceVerb
{
    private const int MaxPeriodsShown = 12;
    private const int MaxCohortSegmentsShown = 3;

    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var period = new Option<string>("--period") { Description = "Period length: month, quarter or year", Required = true };
        var by = new Option<string?>("--by") { Description = "Segment set: 'segment' (each account's segment in the latest segments run), a column of accounts (industry, region, ...) or of account_features" };
        var from = new Option<DateOnly?>("--from") { Description = "Report periods from the one containing this date" };
        var to = new Option<DateOnly?>("--to") { Description = "Report periods up to the one containing this date" };
        var trend = new Option<int>("--trend-periods") { Description = "Periods the trends average over", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json();
        var command = new Command("performance", """
            Customer performance: for each period and segment, revenue split into new customers, retained,
            expansion, contraction, churned and reactivated, with customer counts; a cohort retention matrix;
            growth, NRR and GRR trends. Writes the performance_bridge and performance_cohorts tables.

            Examples:
              sightline performance --workspace ./acme --period quarter
              sightline performance --workspace ./acme --period month --by industry --from 2025-01-01
              sightline performance --workspace ./acme --period year --json > performance.json
            """) { workspace, period, by, from, to, trend, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var grain = PerformanceSegmentation.ParsePeriod(parse.GetValue(period)!);
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var runId = Runs.RunLog.NewId("performance", TimeProvider.System.GetUtcNow());
            var report = PerformanceSegmentation.Run(ws, new PerformanceOptions(grain, runId)
            {
                By = parse.GetValue(by),
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                TrendPeriods = parse.GetValue(trend),
            });
            return console.Result(parse.GetValue(json), report, r => Print(console, r));
        }));
        return command;
    }

    private static string Label(DateOnly period, PeriodGrain grain) => grain switch
    {
        PeriodGrain.Month => period.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodGrain.Quarter => $"{period.Year}-Q{((period.Month - 1) / 3) + 1}",
        _ => period.Year.ToString(CultureInfo.InvariantCulture),
    };

    private static string Money(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "-";

    private static void Print(CliConsole console, PerformanceReport report)
    {
        var grain = report.Period;
        console.Output.WriteLine($"Customer performance by {grain.ToString().ToLowerInvariant()}"
            + (report.SegmentSet is { } set ? $", segments by {set}" : "") + $" (run {report.RunId})");
        var bridge = new Table().AddColumns("period", "segment", "previous", "+new", "+expand", "+react", "-contract", "-churn",
            "=current", "customers", "new/re/churn", "pen.", "NRR", "GRR").Border(TableBorder.Simple);
        foreach (var column in bridge.Columns.Skip(2))
        {
            column.RightAligned().NoWrap();
        }

        foreach (var segment in report.Bridge.GroupBy(b => b.Segment))
        {
            foreach (var row in segment.TakeLast(MaxPeriodsShown))
            {
                bridge.AddRow(Label(row.Period, grain), Markup.Escape(row.Segment), Money(row.Previous), Money(row.New), Money(row.Expansion),
                    Money(row.Reactivated), Money(row.Contraction), Money(row.Churned), Money(row.Current),
                    $"{row.PreviousCustomers:N0}→{row.CurrentCustomers:N0}", $"{row.NewCustomers:N0}/{row.ReactivatedCustomers:N0}/{row.ChurnedCustomers:N0}",
                    $"{row.PenetrationCustomers:N0}",
                    Rate(row.NetRevenueRetention), Rate(row.GrossRevenueRetention));
            }
        }

        console.Ansi.Write(bridge);
        console.Output.WriteLine("customers: previous→current; pen.: retained customers buying a product family new to them (penetration_revenue in --json)");
        if (report.Bridge.GroupBy(b => b.Segment).Any(s => s.Count() > MaxPeriodsShown))
        {
            console.Output.WriteLine($"(last {MaxPeriodsShown} periods per segment; --json or the performance_bridge table for all)");
        }

        var trends = new Table().AddColumns("segment", "last period", "revenue", "growth", "avg growth", "NRR (last)", "NRR (window)", "GRR (window)");
        foreach (var t in report.Trends)
        {
            trends.AddRow(Markup.Escape(t.Segment), Label(t.LastPeriod, grain), Money(t.Current), Rate(t.LastGrowthRate),
                Rate(t.AverageGrowthRate), Rate(t.LastNetRevenueRetention), Rate(t.NetRevenueRetention), Rate(t.GrossRevenueRetention));
        }

        console.Output.WriteLine($"Trends over the last {Counted.Of(report.Trends.Select(t => t.Periods).DefaultIfEmpty(0).Max(), "period")}:");
        console.Ansi.Write(trends);

        var segments = report.Cohorts.Select(c => c.Segment).Distinct().ToList();
        if (segments.Count > MaxCohortSegmentsShown)
        {
            console.Output.WriteLine("Cohort retention matrix: see --json or the performance_cohorts table.");
            return;
        }

        foreach (var segment in segments)
        {
            var cells = report.Cohorts.Where(c => c.Segment == segment).ToList();
            var cohorts = cells.Select(c => c.Cohort).Distinct().TakeLast(MaxPeriodsShown).ToList();
            var offsets = Math.Min(cells.Max(c => c.Offset), MaxPeriodsShown);
            var matrix = new Table().AddColumns(["cohort", "customers", .. Enumerable.Range(0, offsets + 1).Select(o => $"+{o}")]);
            foreach (var cohort in cohorts)
            {
                var row = cells.Where(c => c.Cohort == cohort).ToDictionary(c => c.Offset);
                matrix.AddRow([Label(cohort, grain), $"{row[0].CohortCustomers:N0}",
                    .. Enumerable.Range(0, offsets + 1).Select(o => row.TryGetValue(o, out var cell) ? cell.CustomerRetention.ToString("P0", CultureInfo.InvariantCulture) : "")]);
            }

            console.Output.WriteLine($"Cohort customer retention ({Markup.Escape(segment)}; share of each cohort buying N periods later):");
            console.Ansi.Write(matrix);
        }
    }
}
