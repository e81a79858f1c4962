using System.Globalization;
using Sightline.Plans.Headcount;
using Sightline.Plans.Territories;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>One territory in one scenario of the latest territory plan.</summary>
/// <param name="Scenario"><c>today</c> or a planned scenario.</param>
/// <param name="TerritoryId">The territory (<c>NEW-…</c> when the plan created it).</param>
/// <param name="RepId">Its rep; null for a new territory.</param>
/// <param name="Region">Its region.</param>
/// <param name="Role">Its coverage role.</param>
/// <param name="Accounts">Accounts in it.</param>
/// <param name="Potential">Their summed potential.</param>
/// <param name="Workload">Their summed workload.</param>
/// <param name="MovedIn">Accounts the scenario moves into it.</param>
/// <param name="MovedOut">Accounts the scenario moves out of it.</param>
public sealed record TerritoryRow(string Scenario, string TerritoryId, string? RepId, string Region, string Role, long Accounts, double Potential, double Workload,
    long MovedIn, long MovedOut);

/// <summary>One scenario over the territories the caller sees.</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Territories">Territories in it.</param>
/// <param name="PotentialCv">Coefficient of variation of territory potential, each against its group's mean (see <see cref="TerritoryMetrics.Balance"/>).</param>
/// <param name="PotentialMaxMin">Largest over smallest potential ratio; null when a territory has none.</param>
/// <param name="WorkloadCv">The same for workload.</param>
/// <param name="WorkloadMaxMin">The same for workload.</param>
/// <param name="AccountsMoved">Accounts whose territory changes.</param>
/// <param name="Disruption">Revenue-weighted share of accounts whose rep changes (<see cref="TerritoryMetrics.Disruption"/>).</param>
public sealed record TerritoryScenarioView(string Name, int Territories, double PotentialCv, double? PotentialMaxMin, double WorkloadCv, double? WorkloadMaxMin,
    long AccountsMoved, double Disruption);

/// <summary>The latest territory plan as far as the caller may see it.</summary>
/// <param name="RunId">The plan's run; null when no plan was made.</param>
/// <param name="GroupedBy">What a territory is balanced against, in words.</param>
/// <param name="Scenarios"><c>today</c> first, then the planned scenarios.</param>
/// <param name="Territories">Per scenario and territory.</param>
public sealed record TerritoryPlanView(string? RunId, string GroupedBy, IReadOnlyList<TerritoryScenarioView> Scenarios, IReadOnlyList<TerritoryRow> Territories);

/// <summary>One region × role of the latest headcount plan.</summary>
/// <param name="Region">The region.</param>
/// <param name="Role">The rep role.</param>
/// <param name="RepsNow">Reps today.</param>
/// <param name="Recommended">Reps recommended within the budget.</param>
/// <param name="RepCost">Yearly cost of one rep.</param>
/// <param name="Potential">Potential of the accounts this role covers best in the region.</param>
/// <param name="RevenueNow">Expected revenue with today's reps.</param>
/// <param name="RevenueRecommended">With the recommended reps.</param>
/// <param name="MarginalRevenue">What one more rep adds.</param>
/// <param name="ReturnPerRep">That over the rep's cost; null without a cost.</param>
/// <param name="Reason">The recommendation in words.</param>
public sealed record HeadcountView(string Region, string Role, long RepsNow, long Recommended, decimal RepCost, double Potential, decimal RevenueNow,
    decimal RevenueRecommended, decimal MarginalRevenue, double? ReturnPerRep, string Reason);

/// <summary>The stored territory and headcount plans, limited to what the caller may see.</summary>
public static class PlanViews
{
    /// <summary>The scenario name of today's assignment (the plan's <c>from_territory</c>).</summary>
    public const string Today = "today";

    /// <summary>
    /// The latest <c>plan_territories</c>: per scenario (today's assignment first) and territory, accounts, potential,
    /// workload and moves; per scenario the balance (CV and max/min against the group's mean), accounts moved and the
    /// revenue-weighted disruption. Admins and analysts see every territory; managers and reps the territories held by
    /// their team today (new territories have no rep yet, so only admins and analysts see them), and every measure is
    /// taken over those territories and their accounts.
    /// </summary>
    public static TerritoryPlanView Territories(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var settings = workspace.Settings.Territories;
        var groupedBy = (settings.WithinRegion, settings.WithinRole) switch
        {
            (true, true) => "the mean of the territories of the same region and role",
            (true, false) => "the mean of the territories of the same region",
            (false, true) => "the mean of the territories of the same role",
            _ => "the mean of all territories",
        };
        if (!workspace.TableExists(TerritoryPlan.Table))
        {
            return new TerritoryPlanView(null, groupedBy, [], []);
        }

        var runId = workspace.Scalar($"SELECT max(run_id) FROM {TerritoryPlan.Table}") as string;
        string Visible(string column) => scope.SeesAll ? "true" : $"{column} IN (SELECT territory_id FROM territories WHERE {scope.RepCondition("rep_id")})";
        var plan = $"(SELECT * FROM {TerritoryPlan.Table} WHERE run_id = {Sql.Literal(runId ?? "")})";
        var rows = DbRows.Read(workspace, $"""
            WITH p AS {plan},
            today AS (
                SELECT account_id, any_value(from_territory) AS territory, any_value(region) AS region, any_value(role) AS role,
                    any_value(potential) AS potential, any_value(workload) AS workload
                FROM p GROUP BY account_id),
            placed AS (
                SELECT '{Today}' AS scenario, territory, region, role, potential, workload, false AS moved FROM today WHERE territory IS NOT NULL
                UNION ALL SELECT scenario, to_territory, region, role, potential, workload, moved FROM p),
            moved_out AS (SELECT scenario, from_territory AS territory, count(*) AS n FROM p WHERE moved GROUP BY ALL)
            SELECT x.scenario, x.territory, coalesce(t.rep_id, any_value(r.rep_id)) AS rep_id,
                coalesce(nullif(trim(any_value(t.region)), ''), mode(x.region), '(none)') AS region,
                coalesce(nullif(trim(any_value(rr.role)), ''), mode(x.role), '') AS role,
                count(*) AS accounts, coalesce(sum(x.potential), 0) AS potential, coalesce(sum(x.workload), 0) AS workload,
                count(*) FILTER (WHERE x.moved) AS moved_in, coalesce(any_value(o.n), 0) AS moved_out
            FROM placed x
            LEFT JOIN territories t ON t.territory_id = x.territory
            LEFT JOIN (SELECT DISTINCT to_territory, to_rep AS rep_id FROM p WHERE to_rep IS NOT NULL) r ON r.to_territory = x.territory AND t.territory_id IS NULL
            LEFT JOIN (SELECT rep_id, min(role) AS role FROM reps GROUP BY rep_id) rr ON rr.rep_id = t.rep_id
            LEFT JOIN moved_out o ON o.scenario = x.scenario AND o.territory = x.territory
            WHERE {Visible("x.territory")}
            GROUP BY x.scenario, x.territory, t.rep_id
            ORDER BY x.scenario <> '{Today}', x.scenario, x.territory
            """);
        var territories = rows.Select(r => new TerritoryRow((string)r["scenario"]!, (string)r["territory"]!, r["rep_id"] as string, (string)r["region"]!,
            (string)r["role"]!, Long(r["accounts"]), Double(r["potential"]), Double(r["workload"]), Long(r["moved_in"]), Long(r["moved_out"]))).ToList();

        var disruption = DbRows.Read(workspace, $"""
            WITH p AS {plan},
            seen AS (
                SELECT * FROM p
                WHERE {Visible("from_territory")}
                   OR {Visible("to_territory")})
            SELECT scenario, count(*) AS accounts, count(*) FILTER (WHERE moved) AS moved,
                coalesce(sum(greatest(revenue_12m, 0)), 0) AS revenue,
                coalesce(sum(greatest(revenue_12m, 0)) FILTER (WHERE from_rep IS NOT NULL AND from_rep IS DISTINCT FROM to_rep), 0) AS changed_revenue,
                count(*) FILTER (WHERE from_rep IS NOT NULL AND from_rep IS DISTINCT FROM to_rep) AS changed
            FROM seen GROUP BY scenario
            """).ToDictionary(r => (string)r["scenario"]!, StringComparer.Ordinal);

        string Group(TerritoryRow t) => (settings.WithinRegion ? t.Region : "") + "|" + (settings.WithinRole ? t.Role : "");
        var scenarios = territories.GroupBy(t => t.Scenario, StringComparer.Ordinal).Select(g =>
        {
            var (pCv, pMm) = TerritoryMetrics.Balance(g.Select(t => (Group(t), t.Potential)).ToList());
            var (wCv, wMm) = TerritoryMetrics.Balance(g.Select(t => (Group(t), t.Workload)).ToList());
            long moved = 0;
            double share = 0;
            if (disruption.TryGetValue(g.Key, out var d))
            {
                moved = Long(d["moved"]);
                var revenue = Double(d["revenue"]);
                var accounts = Long(d["accounts"]);
                share = revenue > 0 ? Double(d["changed_revenue"]) / revenue : accounts > 0 ? (double)Long(d["changed"]) / accounts : 0;
            }

            return new TerritoryScenarioView(g.Key, g.Count(), pCv, pMm, wCv, wMm, moved, share);
        }).ToList();
        return new TerritoryPlanView(runId, groupedBy, scenarios, territories);
    }

    /// <summary>
    /// The latest <c>plan_headcount</c>: every region × role for admins and analysts; for managers the regions their team's
    /// reps work in; nothing for reps (headcount is a leader's plan).
    /// </summary>
    public static IReadOnlyList<HeadcountView> Headcount(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Role == UserRole.Rep || !workspace.TableExists(HeadcountPlan.Table))
        {
            return [];
        }

        var regions = scope.SeesAll ? "true" : $"region IN (SELECT region FROM reps WHERE {scope.RepCondition("rep_id")})";
        return DbRows.Read(workspace, $"""
            SELECT region, role, reps_now, recommended, rep_cost, potential, revenue_now, revenue_recommended,
                revenue_one_more - revenue_now AS marginal, return_per_rep, reason
            FROM {HeadcountPlan.Table}
            WHERE run_id = (SELECT max(run_id) FROM {HeadcountPlan.Table}) AND {regions}
            ORDER BY region, role
            """).Select(r => new HeadcountView((string)r["region"]!, (string)r["role"]!, Long(r["reps_now"]), Long(r["recommended"]), Money(r["rep_cost"]),
            Double(r["potential"]), Money(r["revenue_now"]), Money(r["revenue_recommended"]), Money(r["marginal"]),
            r["return_per_rep"] is null ? null : Double(r["return_per_rep"]), r["reason"] as string ?? "")).ToList();
    }

    private static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double Double(object? value) => value is null ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static decimal Money(object? value) => value is null ? 0 : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
