using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Segments.Performance;

/// <summary>
/// Customer performance segmentation: per period and segment, the revenue bridge (new, retained, expansion,
/// contraction, churned, reactivated, with customer counts), the cohort retention matrix and the trends.
/// The set work runs in DuckDB; results are written to <c>performance_bridge</c> and <c>performance_cohorts</c>.
/// </summary>
public static partial class PerformanceSegmentation
{
    /// <summary>The segment name used when no segment set is given.</summary>
    public const string AllSegment = "all";

    /// <summary>The segment name for accounts whose segment column is empty.</summary>
    public const string NoneSegment = "(none)";

    /// <summary>Reads a period name (month, quarter or year; case-insensitive).</summary>
    /// <exception cref="BadInputException">Any other text.</exception>
    public static PeriodGrain ParsePeriod(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "month" => PeriodGrain.Month,
        "quarter" => PeriodGrain.Quarter,
        "year" => PeriodGrain.Year,
        _ => throw new BadInputException("--period", $"unknown period '{text}'; use month, quarter or year"),
    };

    /// <summary>The columns usable as a segment set: those of <c>accounts</c>, then those only in <c>account_features</c>.</summary>
    public static IReadOnlyList<string> SegmentColumns(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return SegmentSources(workspace).Select(s => s.Column).ToList();
    }

    /// <summary>Computes the report and replaces the rows of <c>performance_bridge</c> and <c>performance_cohorts</c>.</summary>
    /// <exception cref="BadInputException">No orders, an unknown segment set, an empty run id or a reversed date range.</exception>
    /// <exception cref="InvalidOperationException">The bridge identity fails for some period and segment (a bug).</exception>
    public static PerformanceReport Run(Workspace workspace, PerformanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.RunId))
        {
            throw new BadInputException("run id", "the run id is empty");
        }

        if (options is { From: { } from, To: { } to } && from > to)
        {
            throw new BadInputException("--from", $"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        }

        if (options.TrendPeriods < 1)
        {
            throw new BadInputException(new Diagnostic("--trend-periods", null, null, options.TrendPeriods.ToString(CultureInfo.InvariantCulture),
                "the trend window must cover at least 1 period"));
        }

        var segmentSql = SegmentExpression(workspace, options.By);
        var purchases = Data.Purchases.Source(workspace);
        if (Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {purchases}"), CultureInfo.InvariantCulture) == 0)
        {
            throw new BadInputException("orders", "no orders loaded (nor won opportunities with a close date and amount); import orders first (sightline import)");
        }

        try
        {
            foreach (var statement in Statements(options, segmentSql, purchases))
            {
                workspace.Execute(statement);
            }

            var bridge = ReadBridge(workspace);
            if (bridge.Count == 0)
            {
                throw NoPeriodInRange(workspace, options, purchases);
            }

            foreach (var row in bridge)
            {
                CheckIdentity(row);
            }

            var report = new PerformanceReport(options.RunId, options.Period, options.By is null ? null : ResolvedBy(workspace, options.By),
                bridge, ReadCohorts(workspace), ReadTrends(workspace));
            WriteTables(workspace, report);
            return report;
        }
        finally
        {
            workspace.Execute(DropTempTables);
        }
    }

    /// <summary>Throws when <c>Previous + New + Expansion + Reactivated − Contraction − Churned ≠ Current</c>, or the counts do not add up.</summary>
    internal static void CheckIdentity(RevenueBridge row)
    {
        var bridged = row.Previous + row.New + row.Expansion + row.Reactivated - row.Contraction - row.Churned;
        if (bridged != row.Current)
        {
            throw new InvalidOperationException(
                $"Revenue bridge does not add up for period {row.Period:yyyy-MM-dd}, segment '{row.Segment}': previous {row.Previous} + new {row.New} "
                + $"+ expansion {row.Expansion} + reactivated {row.Reactivated} - contraction {row.Contraction} - churned {row.Churned} = {bridged}, "
                + $"but current is {row.Current}");
        }

        var counted = row.PreviousCustomers + row.NewCustomers + row.ReactivatedCustomers - row.ChurnedCustomers;
        if (counted != row.CurrentCustomers || row.RetainedBase + row.Contraction + row.Churned != row.Previous)
        {
            throw new InvalidOperationException(
                $"Customer bridge does not add up for period {row.Period:yyyy-MM-dd}, segment '{row.Segment}': previous {row.PreviousCustomers} "
                + $"+ new {row.NewCustomers} + reactivated {row.ReactivatedCustomers} - churned {row.ChurnedCustomers} = {counted}, "
                + $"but current is {row.CurrentCustomers} (retained base {row.RetainedBase}, contraction {row.Contraction}, churned {row.Churned}, previous {row.Previous})");
        }
    }

    /// <summary>Names the option(s) actually given and the orders' own dates (it said --from when only --to was given).</summary>
    private static BadInputException NoPeriodInRange(Workspace workspace, PerformanceOptions options, string purchases)
    {
        var inv = CultureInfo.InvariantCulture;
        var (option, value) = (options.From, options.To) switch
        {
            (null, { } to) => ("--to", to.ToString("yyyy-MM-dd", inv)),
            ({ } from, null) => ("--from", from.ToString("yyyy-MM-dd", inv)),
            ({ } from, { } to) => ("--from/--to", $"{from.ToString("yyyy-MM-dd", inv)} .. {to.ToString("yyyy-MM-dd", inv)}"),
            _ => ("orders", null),
        };
        var range = workspace.Scalar($"SELECT strftime(min(order_date)::DATE, '%Y-%m-%d') || ' to ' || strftime(max(order_date)::DATE, '%Y-%m-%d') FROM {purchases}") as string;
        return new BadInputException(new Diagnostic(option, null, null, value, $"no period with orders lies in this range; the orders run from {range}"));
    }
}
