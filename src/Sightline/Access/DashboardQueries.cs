using System.Globalization;
using System.Text.Json;
using Sightline.Features;
using Sightline.Models;
using Sightline.Models.Evaluation;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Segments.Performance;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// The leaders' dashboard over the caller's accounts: TAM and white space by region and segment (the potential table's
/// definitions, as <c>sightline potential</c> rolls them up), accounts by probability band, the revenue bridge (as
/// <c>sightline performance</c> computes it) and the lift curve. Every account-level read filters by the scope in SQL.
/// </summary>
public static class DashboardQueries
{
    /// <summary>The periods of the revenue bridge shown.</summary>
    public const int BridgePeriods = 8;

    private const string LatestSegmentRun = "(SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1)";

    /// <summary>The whole dashboard.</summary>
    public static DashboardView Read(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var missing = new List<string>();
        var dir = workspace.Directory;
        if (!workspace.TableExists(AccountPotential.Table))
        {
            missing.Add($"TAM and white space need account potential: sightline potential --workspace {dir}");
        }

        var bands = Bands(workspace, scope);
        if (bands.RunId is null)
        {
            missing.Add($"probability bands need a lookalike scoring: sightline score --workspace {dir}");
        }

        var bridge = Bridge(workspace, scope);
        if (bridge.Periods.Count == 0)
        {
            missing.Add($"the revenue bridge needs orders and a performance run: sightline performance --workspace {dir} --period quarter");
        }

        var lift = Lift(workspace, scope);
        if (lift.ModelId is null)
        {
            missing.Add($"the lift curve needs a trained lookalike model: sightline score --workspace {dir}");
        }

        var accounts = DbRows.Count(workspace, $"SELECT count(*) FROM accounts a WHERE {scope.AccountCondition("a.account_id")}");
        return new DashboardView(scope.Describe(), accounts, Potential(workspace, scope, "region"), Potential(workspace, scope, "segment"), bands, bridge, lift, missing);
    }

    /// <summary>
    /// TAM (summed potential) and white space of the accounts in scope, by <c>region</c> (of the feature row) or by
    /// <c>segment</c> (the latest segments run's assignment), largest TAM first: <see cref="AccountPotential.RollUp"/> limited to the scope.
    /// </summary>
    /// <exception cref="BadInputException">Any other dimension.</exception>
    public static IReadOnlyList<PotentialSlice> Potential(Workspace workspace, AccessScope scope, string by)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var group = by switch
        {
            "region" => "coalesce(f.region::VARCHAR, '(none)')",
            "segment" => $"""
                coalesce((SELECT any_value(segment) FROM segment_assignments s WHERE s.account_id = p.account_id AND s.run_id = {LatestSegmentRun}), '(none)')
                """,
            _ => throw new BadInputException(new Diagnostic("by", null, null, by, "expected region or segment")),
        };
        if (!workspace.TableExists(AccountPotential.Table) || !workspace.TableExists(FeatureBuilder.Table))
        {
            return [];
        }

        return DbRows.Read(workspace, $"""
            SELECT {group} AS grp, count(*) AS accounts, count(*) FILTER (WHERE f.is_customer) AS customers, coalesce(sum(p.current_spend), 0) AS spend,
                coalesce(sum(p.potential), 0) AS tam, coalesce(sum(p.white_space), 0) AS white_space
            FROM {AccountPotential.Table} p JOIN {FeatureBuilder.Table} f USING (account_id)
            WHERE {scope.AccountCondition("p.account_id")}
            GROUP BY grp ORDER BY sum(p.potential) DESC, grp
            """).Select(r => new PotentialSlice((string)r["grp"]!, Long(r["accounts"]), Long(r["customers"]), Double(r["spend"]), Double(r["tam"]),
            Double(r["white_space"]))).ToList();
    }

    /// <summary>
    /// The accounts in scope by band of the latest lookalike scoring, every band of <c>scoring.bands</c> listed (lowest
    /// first), with how many already buy and, when orders came after the scoring's as-of date, how many bought since.
    /// </summary>
    public static BandView Bands(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var labels = new ProbabilityBands(workspace.Settings.Scoring.Bands).Labels;
        var runId = workspace.Scalar($"SELECT max(run_id) FROM account_scores WHERE kind = '{LookalikeScoring.Kind}' AND product_family IS NULL") as string;
        if (runId is null)
        {
            return new BandView(null, null, null, labels.Select(l => new BandSlice(l, 0, 0, null, null)).ToList());
        }

        var asOf = DbValues.Date(DbRows.Read(workspace, "SELECT as_of FROM runs WHERE run_id = $1", runId).FirstOrDefault()?["as_of"]);
        var purchases = Data.Purchases.Source(workspace);
        var dataEnd = DbValues.Date(workspace.Scalar($"SELECT max(order_date) FROM {purchases}"));
        var since = asOf is { } a && dataEnd is { } e && e > a;
        var customers = workspace.TableExists(FeatureBuilder.Table)
            ? $"(SELECT account_id FROM {FeatureBuilder.Table} WHERE is_customer)"
            : $"(SELECT DISTINCT account_id FROM {purchases})";
        var rows = DbRows.Read(workspace, $"""
            SELECT s.band, count(*) AS accounts, count(*) FILTER (WHERE s.account_id IN {customers}) AS buyers, avg(s.probability) AS mean,
                count(*) FILTER (WHERE s.account_id IN (SELECT account_id FROM {purchases} WHERE order_date > $2)) AS bought_since
            FROM account_scores s
            WHERE s.kind = '{LookalikeScoring.Kind}' AND s.product_family IS NULL AND s.run_id = $1 AND {scope.AccountCondition("s.account_id")}
            GROUP BY s.band
            """, runId, (asOf ?? DateOnly.MaxValue).ToDateTime(TimeOnly.MinValue))
            .ToDictionary(r => r["band"] as string ?? "", StringComparer.Ordinal);
        var slices = labels.Select(l => rows.TryGetValue(l, out var r)
                ? new BandSlice(l, Long(r["accounts"]), Long(r["buyers"]), r["mean"] is null ? null : Double(r["mean"]), since ? Long(r["bought_since"]) : null)
                : new BandSlice(l, 0, 0, null, since ? 0 : null))
            .ToList();
        return new BandView(runId, asOf, dataEnd, slices);
    }

    /// <summary>
    /// The revenue bridge of the accounts in scope, the latest <see cref="BridgePeriods"/> periods: for admins and analysts
    /// the stored <c>performance_bridge</c> (summed over its segments, which partition the accounts); for managers and
    /// reps the same statements run over their accounts' orders, at the stored run's period length (quarters without one).
    /// </summary>
    public static BridgeView Bridge(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var stored = workspace.TableExists(PerformanceTable);
        var grain = stored
            ? PerformanceSegmentation.ParsePeriod(workspace.Scalar($"SELECT any_value(period_type) FROM {PerformanceTable}") as string ?? "quarter")
            : PeriodGrain.Quarter;
        if (scope.SeesAll)
        {
            return stored ? StoredBridge(workspace, grain) : new BridgeView(null, grain, []);
        }

        if (DbRows.Count(workspace, $"SELECT count(*) FROM {Data.Purchases.Source(workspace)}") == 0)
        {
            return new BridgeView(null, grain, []);
        }

        var periods = PerformanceSegmentation.BridgeOf(workspace, scope.AccountCondition("account_id"), grain);
        return new BridgeView(null, grain, periods.TakeLast(BridgePeriods).ToList());
    }

    /// <summary>
    /// The lift curve of the latest lookalike model, from the out-of-fold deciles stored with it (over every account it
    /// was evaluated on, not only the caller's), and for admins and analysts the lists' lift against their holdout.
    /// </summary>
    public static LiftView Lift(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var lists = scope.SeesAll ? ListLift.Measure(workspace) : [];
        var model = DbRows.Read(workspace, $"""
            SELECT model_id, target, created_at, metrics FROM models WHERE kind = '{LookalikeScoring.Kind}' ORDER BY created_at DESC, model_id DESC LIMIT 1
            """).FirstOrDefault();
        if (model is null)
        {
            return new LiftView(null, null, null, null, null, [], lists);
        }

        double? auc = null, baseRate = null;
        var points = new List<LiftPoint>();
        try
        {
            using var document = JsonDocument.Parse((string)model["metrics"]!);
            var metrics = document.RootElement.TryGetProperty("metrics", out var inner) ? inner : document.RootElement;
            auc = Number(metrics, "Auc");
            baseRate = Number(metrics, "BaseRate");
            if (metrics.TryGetProperty("Deciles", out var deciles) && deciles.ValueKind == JsonValueKind.Array)
            {
                foreach (var d in deciles.EnumerateArray())
                {
                    if (Number(d, "Decile") is { } decile && Number(d, "Lift") is { } lift && Number(d, "CumulativeGain") is { } gain)
                    {
                        points.Add(new LiftPoint((int)decile, lift, gain, Number(d, "ObservedRate") ?? 0, Number(d, "MeanPredicted") ?? 0));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A model whose metrics do not parse shows no curve; the caption says so.
        }

        return new LiftView((string)model["model_id"]!, model["target"] as string, model["created_at"] as DateTime?, auc, baseRate, points, lists);
    }

    private const string PerformanceTable = "performance_bridge";

    private static BridgeView StoredBridge(Workspace workspace, PeriodGrain grain)
    {
        var runId = workspace.Scalar($"SELECT max(run_id) FROM {PerformanceTable}") as string;
        var rows = DbRows.Read(workspace, $"""
            SELECT period, sum(previous_revenue) AS previous, sum(new_revenue) AS new, sum(retained_base) AS retained, sum(expansion_revenue) AS expansion,
                sum(reactivated_revenue) AS reactivated, sum(contraction_revenue) AS contraction, sum(churned_revenue) AS churned,
                sum(current_revenue) AS current, sum(booked_revenue) AS booked,
                sum(previous_customers) AS c_previous, sum(new_customers) AS c_new, sum(retained_customers) AS c_retained, sum(expanded_customers) AS c_expanded,
                sum(contracted_customers) AS c_contracted, sum(reactivated_customers) AS c_reactivated, sum(churned_customers) AS c_churned,
                sum(current_customers) AS c_current, sum(penetration_customers) AS c_penetration, sum(penetration_revenue) AS penetration
            FROM {PerformanceTable} WHERE run_id = $1
            GROUP BY period ORDER BY period DESC LIMIT {BridgePeriods.ToString(CultureInfo.InvariantCulture)}
            """, runId);
        var periods = rows.Select(r =>
        {
            var previous = Money(r["previous"]);
            var churned = Money(r["churned"]);
            var contraction = Money(r["contraction"]);
            var expansion = Money(r["expansion"]);
            double? Rate(decimal numerator) => previous > 0 ? (double)(numerator / previous) : null;
            return new RevenueBridge(DbValues.Date(r["period"])!.Value, PerformanceSegmentation.AllSegment, previous, Money(r["new"]), Money(r["retained"]), expansion,
                Money(r["reactivated"]), contraction, churned, Money(r["current"]), Money(r["booked"]),
                Long(r["c_previous"]), Long(r["c_new"]), Long(r["c_retained"]), Long(r["c_expanded"]), Long(r["c_contracted"]), Long(r["c_reactivated"]),
                Long(r["c_churned"]), Long(r["c_current"]), Long(r["c_penetration"]), Money(r["penetration"]),
                previous > 0 ? (double)(Money(r["current"]) / previous) - 1 : null, Rate(previous - churned - contraction + expansion), Rate(previous - churned - contraction));
        }).Reverse().ToList();
        return new BridgeView(runId, grain, periods);
    }

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double Double(object? value) => value is null ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static decimal Money(object? value) => value is null ? 0 : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
