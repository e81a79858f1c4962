using System.Globalization;
using Google.OrTools.Sat;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Coverage;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Plans.Headcount;

/// <summary>
/// <c>sightline plan headcount</c>: per region and capacity-bound role (field, inside, partner by default), the expected
/// revenue curve as reps are added — each rep covering its capacity of the next-best accounts not yet covered, so the
/// marginal return falls — and the reps per region and role that maximise total expected revenue within a budget
/// (CP-SAT over the concave curves, since rep costs differ by role and region). Stores <c>plan_headcount</c>.
/// </summary>
public static class HeadcountPlan
{
    /// <summary>Per region × role: today's reps, the recommendation and the numbers behind it, of the latest run.</summary>
    public const string Table = "plan_headcount";

    /// <summary>Time the CP-SAT solver gets before the best plan found so far is taken (with its gap said).</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    private sealed record Cell(string Region, string Role, long RepsNow, decimal? RepCost, double CapacityPerRep, long Pool, double Potential, double WhiteSpace,
        decimal Baseline, List<decimal> Gains);

    /// <summary>Plans headcount within <paramref name="budget"/> (default: today's cost of the planned reps), stores it and records the run.</summary>
    public static HeadcountResult Run(Workspace workspace, decimal? budget = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("headcount", started);
        workspace.RequireAccounts("plan headcount for");
        var settings = workspace.Settings.Coverage;
        if (!workspace.TableExists(AccountPotential.Table))
        {
            throw new BadInputException(AccountPotential.Table,
                $"no account potential yet: run `sightline potential --workspace {workspace.Directory}` first, then plan headcount");
        }

        if (budget is { } b && b < 0)
        {
            throw new BadInputException(new Diagnostic("--budget", null, null, b.ToString(CultureInfo.InvariantCulture), "expected a positive amount"));
        }

        var asOf = FeatureTable.AsOf(workspace);
        CoveragePlan.Prepare(workspace, settings);
        CoveragePlan.CheckPins(workspace);
        var roles = settings.Models.Values.Where(m => !m.Unlimited).Select(m => m.Role).Distinct().Order(StringComparer.Ordinal).ToList();
        var notes = new List<string>();
        if (AccountPotential.MissingNote(workspace) is { } missingPotential)
        {
            notes.Add(missingPotential);
        }

        var cells = Cells(workspace, settings, roles, notes);
        var plannable = cells.Where(c => c.RepCost is > 0).ToList();
        var costNow = plannable.Sum(c => c.RepsNow * c.RepCost!.Value);
        var limit = budget ?? costNow;
        var curves = cells.ToDictionary(c => c, Curve);
        var (recommended, method, optimal) = Solve(plannable, curves, limit);
        foreach (var c in cells.Where(c => !recommended.ContainsKey(c)))
        {
            recommended[c] = c.RepsNow;
        }

        var inv = CultureInfo.InvariantCulture;
        var outside = Convert.ToDecimal(workspace.Scalar("""
            SELECT coalesce(sum(coalesce(po.realised, fo.realised, 0)), 0)::DECIMAL(18, 2)
            FROM coverage_accounts a JOIN coverage_fallback fb USING (account_id)
            LEFT JOIN coverage_pins p USING (account_id)
            LEFT JOIN coverage_options fo ON fo.account_id = a.account_id AND fo.model = fb.model
            LEFT JOIN coverage_options po ON po.account_id = a.account_id AND po.model = p.model
            WHERE a.account_id NOT IN (SELECT account_id FROM headcount_pool)
            """), inv);
        var rows = cells.Select(c => Row(c, curves[c], recommended[c], limit)).ToList();
        var regions = Regions(workspace, rows);
        Notes(workspace, settings, roles, cells, notes);
        if (budget is null)
        {
            notes.Add(string.Create(inv, $"no --budget given: flat cost, today's {costNow:N0} a year for the planned reps"));
        }

        var result = new HeadcountResult(runId, limit, budget is null, costNow, plannable.Sum(c => recommended[c] * c.RepCost!.Value),
            outside + rows.Sum(r => r.RevenueNow), outside + rows.Sum(r => r.RevenueRecommended), method, optimal, rows, regions, notes);
        Store(workspace, result);
        RunLog.Record(workspace, runId, "headcount", asOf, started, string.Create(inv,
            $"budget {limit:0.00}: {Counted.Of(rows.Sum(r => r.RepsNow), "rep")} now, {rows.Sum(r => r.Recommended)} recommended, expected revenue {result.RevenueNow:0} → {result.RevenueRecommended:0}"));
        return result;
    }

    /// <summary>Each region × role's pool (accounts whose best coverage among the roles that can take them is that role, pinned first, then by revenue gained), reps, cost and capacity.</summary>
    private static List<Cell> Cells(Workspace workspace, CoverageSettings settings, List<string> roles, List<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        var defaultCapacity = settings.DefaultCapacity.ToString(inv);
        // A role can take a region's accounts only where it can be staffed and priced: it has reps there, or a known
        // annual_cost to price new ones at. Elsewhere its accounts go to their next-best model, as plan coverage would.
        workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE headcount_reps AS
            SELECT coalesce(region, '(none)') AS region, role, coalesce(capacity_accounts, {defaultCapacity}) AS capacity,
                CASE WHEN annual_cost > 0 THEN annual_cost END AS annual_cost
            FROM reps WHERE role IN (SELECT role FROM coverage_models WHERE NOT unlimited) AND coalesce(capacity_accounts, {defaultCapacity}) > 0;
            CREATE OR REPLACE TEMP TABLE headcount_usable AS
            SELECT DISTINCT a.region, m.role
            FROM coverage_accounts a CROSS JOIN (SELECT DISTINCT role FROM coverage_models WHERE NOT unlimited) m
            WHERE EXISTS (SELECT 1 FROM headcount_reps r WHERE r.region = a.region AND r.role = m.role)
                OR EXISTS (SELECT 1 FROM headcount_reps r WHERE r.role = m.role AND r.annual_cost IS NOT NULL);
            CREATE OR REPLACE TEMP TABLE headcount_unusable_best AS
            WITH best AS (
                SELECT account_id, region, role, unlimited FROM (
                    SELECT o.account_id, a.region, o.model, o.role, o.unlimited, o.margin FROM coverage_options o JOIN coverage_accounts a USING (account_id)
                    UNION ALL SELECT account_id, region, 'none', '-', true, 0 FROM coverage_accounts)
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY {CoveragePlan.BestOrder}) = 1)
            SELECT b.region, b.role, count(*) AS accounts FROM best b
            WHERE NOT b.unlimited AND b.account_id NOT IN (SELECT account_id FROM coverage_pins)
                AND NOT EXISTS (SELECT 1 FROM headcount_usable u WHERE u.region = b.region AND u.role = b.role)
            GROUP BY ALL;
            CREATE OR REPLACE TEMP TABLE headcount_pool AS
            WITH best AS (
                SELECT account_id, model FROM (
                    SELECT o.account_id, o.model, o.unlimited, o.margin FROM coverage_options o JOIN coverage_accounts a USING (account_id)
                    WHERE o.unlimited OR EXISTS (SELECT 1 FROM headcount_usable u WHERE u.region = a.region AND u.role = o.role)
                    UNION ALL SELECT account_id, 'none', true, 0 FROM coverage_accounts)
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY {CoveragePlan.BestOrder}) = 1),
            pick AS (
                SELECT a.account_id, a.region, coalesce(p.model, b.model) AS model, p.model IS NOT NULL AS pinned
                FROM coverage_accounts a JOIN best b USING (account_id) LEFT JOIN coverage_pins p USING (account_id))
            SELECT k.region, o.role, k.account_id, k.pinned, coalesce(fo.realised, 0)::DECIMAL(18, 2) AS baseline,
                greatest(o.realised - coalesce(fo.realised, 0), 0)::DECIMAL(18, 2) AS gain, coalesce(ap.potential, 0) AS potential, coalesce(ap.white_space, 0) AS white_space
            FROM pick k JOIN coverage_options o ON o.account_id = k.account_id AND o.model = k.model AND NOT o.unlimited
            JOIN coverage_fallback fb ON fb.account_id = k.account_id
            LEFT JOIN coverage_options fo ON fo.account_id = k.account_id AND fo.model = fb.model
            JOIN {AccountPotential.Table} ap ON ap.account_id = k.account_id;
            """);

        var gains = new Dictionary<(string, string), List<decimal>>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT region, role, gain FROM headcount_pool ORDER BY region, role, pinned DESC, gain DESC, account_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!gains.TryGetValue(key, out var list))
                {
                    gains[key] = list = [];
                }

                list.Add(reader.GetDecimal(2));
            }
        }

        var cells = new List<Cell>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH pool AS (SELECT region, role, count(*) AS n, sum(potential) AS potential, sum(white_space) AS white_space, sum(baseline) AS baseline
                    FROM headcount_pool GROUP BY ALL),
                here AS (SELECT region, role, count(*) AS n, avg(capacity) AS capacity, avg(annual_cost) AS cost FROM headcount_reps GROUP BY ALL),
                anywhere AS (SELECT role, avg(capacity) AS capacity, avg(annual_cost) AS cost FROM headcount_reps GROUP BY ALL),
                keys AS (SELECT region, role FROM pool UNION SELECT region, role FROM here)
                SELECT k.region, k.role, coalesce(h.n, 0), round(coalesce(h.cost, w.cost), 2)::DECIMAL(18, 2), coalesce(h.capacity, w.capacity, {defaultCapacity})::DOUBLE,
                    coalesce(p.n, 0), coalesce(p.potential, 0)::DOUBLE, coalesce(p.white_space, 0)::DOUBLE, coalesce(p.baseline, 0)::DECIMAL(18, 2)
                FROM keys k LEFT JOIN pool p USING (region, role) LEFT JOIN here h USING (region, role) LEFT JOIN anywhere w ON w.role = k.role
                ORDER BY k.region, k.role
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                cells.Add(new Cell(key.Item1, key.Item2, reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3), reader.GetDouble(4), reader.GetInt64(5),
                    reader.GetDouble(6), reader.GetDouble(7), reader.GetDecimal(8), gains.GetValueOrDefault(key) ?? []));
            }
        }

        foreach (var role in cells.Where(c => c.RepCost is null).Select(c => c.Role).Distinct().Order(StringComparer.Ordinal))
        {
            notes.Add($"no annual_cost known for {role} reps: {role} headcount is kept as it is and left out of the budget");
        }

        return cells;
    }

    /// <summary>Expected revenue of the pool with 0, 1, 2, ... reps, up to one past the rep that covers the whole pool (or today's count).</summary>
    private static List<decimal> Curve(Cell cell)
    {
        var last = Math.Max(Covering(cell), cell.RepsNow) + 1;
        var prefix = new decimal[cell.Gains.Count + 1];
        for (var i = 0; i < cell.Gains.Count; i++)
        {
            prefix[i + 1] = prefix[i] + cell.Gains[i];
        }

        var curve = new List<decimal>((int)last + 1);
        for (long n = 0; n <= last; n++)
        {
            curve.Add(cell.Baseline + prefix[Covered(cell, n)]);
        }

        return curve;
    }

    /// <summary>Accounts <paramref name="reps"/> reps cover: their capacity, at most the pool.</summary>
    private static int Covered(Cell cell, long reps) => (int)Math.Min(cell.Pool, (long)Math.Floor((reps * cell.CapacityPerRep) + 1e-9));

    /// <summary>Reps it takes to cover the whole pool.</summary>
    private static long Covering(Cell cell) => cell.CapacityPerRep <= 0 || cell.Pool == 0 ? 0 : (long)Math.Ceiling((cell.Pool / cell.CapacityPerRep) - 1e-9);

    /// <summary>
    /// Maximises total expected revenue within the budget. Each cell's curve is concave, so "the k-th rep" is a yes/no whose
    /// value is the curve's k-th step, and taking rep k implies taking rep k−1. With equal costs the greedy (best marginal
    /// first) would be optimal; costs differ by role and region, which makes it a knapsack, so CP-SAT solves it.
    /// </summary>
    private static (Dictionary<Cell, long> Reps, string Method, bool Optimal) Solve(List<Cell> cells, Dictionary<Cell, List<decimal>> curves, decimal budget)
    {
        var model = new CpModel();
        var steps = new List<(Cell Cell, BoolVar Take)>();
        var values = new List<long>();
        var costs = new List<long>();
        foreach (var cell in cells)
        {
            var curve = curves[cell];
            BoolVar? previous = null;
            for (var k = 1; k < curve.Count - 1 || k <= cell.RepsNow; k++)
            {
                var take = model.NewBoolVar($"{cell.Region}|{cell.Role}|{k}");
                if (previous is not null)
                {
                    model.AddImplication(take, previous);
                }

                model.AddHint(take, k <= cell.RepsNow);
                steps.Add((cell, take));
                values.Add((long)Math.Round(curve[Math.Min(k, curve.Count - 1)] - curve[Math.Min(k - 1, curve.Count - 1)], MidpointRounding.AwayFromZero));
                costs.Add((long)(cell.RepCost!.Value * 100));
                previous = take;
            }
        }

        var result = cells.ToDictionary(c => c, _ => 0L);
        if (steps.Count == 0)
        {
            return (result, "nothing to plan", true);
        }

        var vars = steps.Select(s => (ILiteral)s.Take).ToArray();
        model.Add(LinearExpr.WeightedSum(vars, costs) <= (long)decimal.Floor(budget * 100));
        model.Maximize(LinearExpr.WeightedSum(vars, values));
        var solver = new CpSolver { StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{TimeLimit.TotalSeconds} num_workers:1") };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            throw new InvalidOperationException($"CP-SAT found no headcount plan (status {status}) although keeping no rep is always feasible");
        }

        foreach (var (cell, take) in steps)
        {
            result[cell] += solver.Value(take);
        }

        var gap = solver.BestObjectiveBound > 0 ? (solver.BestObjectiveBound - solver.ObjectiveValue) / solver.BestObjectiveBound : 0;
        return status == CpSolverStatus.Optimal
            ? (result, "OR-Tools CP-SAT (optimal)", true)
            : (result, string.Create(CultureInfo.InvariantCulture, $"OR-Tools CP-SAT, best plan after {TimeLimit.TotalSeconds:0} s (within {gap:0.##%} of the bound)"), false);
    }

    private static HeadcountRow Row(Cell c, List<decimal> curve, long recommended, decimal budget)
    {
        var inv = CultureInfo.InvariantCulture;
        decimal At(long n) => curve[(int)Math.Min(n, curve.Count - 1)];
        decimal Step(long n) => At(n) - At(n - 1);
        string Per(decimal gain) => c.RepCost is > 0 ? (gain / c.RepCost.Value).ToString("0.00", inv) : "-";
        var next = Step(c.RepsNow + 1);
        var change = recommended - c.RepsNow;
        var reason = c.Pool == 0
            ? string.Create(inv, $"no account of {c.Region} is best covered by {c.Role}: {c.Role} reps here add no expected revenue{(change < 0 ? $"; {change} frees budget for elsewhere" : "")}")
            : c.RepCost is not > 0 ? $"kept at {c.RepsNow}: no annual_cost known for {c.Role} reps"
            : change > 0 ? string.Create(inv, $"+{change}: rep {recommended} adds {Step(recommended):N0} a year for {c.RepCost:N0} ({Per(Step(recommended))} per 1 of cost); rep {recommended + 1} would add {Step(recommended + 1):N0} ({Per(Step(recommended + 1))})")
            // "Returns more elsewhere" was said of a rep returning 5.50 per 1 of cost dropped for one returning 0.16: the rep alone cost more than the budget.
            : change < 0 ? string.Create(inv, $"{change}: rep {c.RepsNow} today adds {Step(c.RepsNow):N0} a year for {c.RepCost:N0} ({Per(Step(c.RepsNow))} per 1 of cost); {(c.RepCost > budget ? $"one {c.Role} rep alone costs more than the whole budget of {budget:N0}" : $"within the budget of {budget:N0} the reps kept add more expected revenue in all")}")
            : string.Create(inv, $"keep {c.RepsNow}: the next rep would add {next:N0} a year for {c.RepCost:N0} ({Per(next)} per 1 of cost)");
        return new HeadcountRow(c.Region, c.Role, c.RepsNow, recommended, change, c.RepCost ?? 0, c.CapacityPerRep, c.Pool, c.Potential, c.WhiteSpace,
            c.Pool > 0 ? (double)Covered(c, c.RepsNow) / c.Pool : null, At(c.RepsNow), At(c.RepsNow + 1), c.RepsNow > 0 ? At(c.RepsNow - 1) : null, At(recommended),
            c.RepCost is > 0 ? (double)(next / c.RepCost.Value) : null, curve, reason);
    }

    private static List<HeadcountRegion> Regions(Workspace workspace, List<HeadcountRow> rows)
    {
        var potential = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT a.region, coalesce(sum(p.potential), 0)::DOUBLE FROM coverage_accounts a JOIN {AccountPotential.Table} p USING (account_id) GROUP BY a.region";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                potential[reader.GetString(0)] = reader.GetDouble(1);
            }
        }

        return potential.Keys.Union(rows.Select(r => r.Region), StringComparer.Ordinal)
            .Select(region => new HeadcountRegion(region, potential.GetValueOrDefault(region), rows.Where(r => r.Region == region).Sum(r => r.RepsNow),
                rows.Where(r => r.Region == region).Sum(r => r.Recommended)))
            .OrderByDescending(r => r.Potential).ThenBy(r => r.Region, StringComparer.Ordinal).ToList();
    }

    private static void Notes(Workspace workspace, CoverageSettings settings, List<string> roles, List<Cell> cells, List<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        UnusableNotes(workspace, settings, roles, notes);
        foreach (var c in cells.Where(c => c.RepsNow == 0 && c.Pool > 0))
        {
            // Only pins bring accounts to a role with no reps here and no cost anywhere (see Cells): it is kept at 0.
            var priced = c.RepCost is > 0 ? $"priced at the {c.Role} average cost and capacity" : $"no annual_cost is known for {c.Role} reps, so none is planned there";
            notes.Add(string.Create(inv, $"{c.Region} has no {c.Role} reps today but {Counted.Of(c.Pool, "account")} best covered by {c.Role} ({c.Potential:N0} potential): {priced}"));
        }

        foreach (var c in cells.Where(c => c.RepsNow > 0 && c.Pool == 0))
        {
            notes.Add($"{c.Region} has {Counted.Of(c.RepsNow, $"{c.Role} rep")} but no potential best covered by {c.Role}");
        }

        var unplanned = Convert.ToInt64(workspace.Scalar($"""
            SELECT count(*) FROM reps WHERE role IS NULL OR role NOT IN (SELECT role FROM coverage_models WHERE NOT unlimited)
                OR coalesce(capacity_accounts, {settings.DefaultCapacity.ToString(inv)}) <= 0
            """), inv);
        if (unplanned > 0)
        {
            notes.Add(unplanned == 1
                ? $"1 rep is not planned: its role is not a capacity-bound coverage role ({string.Join(", ", roles)}) or its capacity is 0 (managers)"
                : $"{Counted.Of(unplanned, "rep")} are not planned: their role is not a capacity-bound coverage role ({string.Join(", ", roles)}) or their capacity is 0 (managers)");
        }
    }

    private static string Moved(long accounts, string server) => accounts == 1
        ? $"the 1 account {server} would serve best goes to its next-best model"
        : $"the {Counted.Of(accounts, "account")} {server} would serve best go to their next-best model";

    /// <summary>The roles that could take no accounts (no reps and no cost to price new ones at), and what became of the accounts they would have served best.</summary>
    private static void UnusableNotes(Workspace workspace, CoverageSettings settings, List<string> roles, List<string> notes)
    {
        var usable = workspace.Strings("SELECT DISTINCT role FROM headcount_usable").ToHashSet(StringComparer.Ordinal);
        var displaced = new List<(string Region, string Role, long Accounts)>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT region, role, accounts FROM headcount_unusable_best ORDER BY role, region";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                displaced.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        foreach (var role in roles)
        {
            var accounts = displaced.Where(d => d.Role == role).Sum(d => d.Accounts);
            var models = string.Join(", ", settings.Models.Where(kv => kv.Value.Role == role && !kv.Value.Unlimited).Select(kv => kv.Key).Order(StringComparer.Ordinal));
            if (!usable.Contains(role))
            {
                notes.Add($"{role} is not planned: there are no {role} reps with capacity and no annual_cost to price new ones at, so the {models} model takes no account"
                    + (accounts > 0 ? $"; {Moved(accounts, "it")}" : ""));
                continue;
            }

            foreach (var d in displaced.Where(d => d.Role == role))
            {
                notes.Add($"{d.Region} has no {role} reps and no annual_cost is known for {role} reps: {Moved(d.Accounts, role)}");
            }
        }
    }

    private static void Store(Workspace workspace, HeadcountResult result)
    {
        workspace.Execute($"""
            CREATE OR REPLACE TABLE {Table} (run_id VARCHAR, region VARCHAR, role VARCHAR, reps_now BIGINT, recommended BIGINT, change BIGINT, rep_cost DECIMAL(18, 2),
                capacity_per_rep DOUBLE, pool_accounts BIGINT, potential DOUBLE, white_space DOUBLE, coverage_ratio DOUBLE, revenue_now DECIMAL(18, 2),
                revenue_one_more DECIMAL(18, 2), revenue_one_less DECIMAL(18, 2), revenue_recommended DECIMAL(18, 2), return_per_rep DOUBLE, reason VARCHAR)
            """);
        using var appender = workspace.Connection.CreateAppender(Table);
        foreach (var r in result.Rows)
        {
            appender.CreateRow().AppendValue(result.RunId).AppendValue(r.Region).AppendValue(r.Role).AppendValue(r.RepsNow).AppendValue(r.Recommended).AppendValue(r.Change)
                .AppendValue(r.RepCost).AppendValue(r.CapacityPerRep).AppendValue(r.PoolAccounts).AppendValue(r.Potential).AppendValue(r.WhiteSpace).AppendValue(r.CoverageRatio)
                .AppendValue(r.RevenueNow).AppendValue(r.RevenueOneMore).AppendValue(r.RevenueOneLess).AppendValue(r.RevenueRecommended).AppendValue(r.ReturnPerRep)
                .AppendValue(r.Reason).EndRow();
        }
    }
}
