using System.Globalization;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Plans.Coverage;

/// <summary>
/// <c>sightline plan coverage</c>: gives every account the coverage model (field, inside, partner, digital, ... or none) that
/// maximises total expected margin — expected value × the model's effectiveness × margin rate − its cost to serve — within
/// each rep role's capacity, pinned accounts first. Compares with today's coverage (the owner rep's role), reports over- and
/// under-covered accounts with reasons, and stores one row per account in <c>plan_coverage</c>.
/// </summary>
public static class CoveragePlan
{
    /// <summary>Per account: the planned model, today's model, value, cost, margin, flags and reasons of the latest run.</summary>
    public const string Table = "plan_coverage";

    /// <summary>How many over- and under-covered accounts the result lists (the table flags them all).</summary>
    public const int FlagsShown = 20;

    private const string Choice = "coverage_choice";

    /// <summary>Plans coverage, stores <c>plan_coverage</c> and records the run.</summary>
    public static CoveragePlanResult Run(Workspace workspace, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("coverage", started);
        workspace.RequireAccounts("plan coverage for");
        var settings = workspace.Settings.Coverage;
        if (!workspace.TableExists(AccountPotential.Table))
        {
            throw new BadInputException(AccountPotential.Table,
                $"no account potential yet: run `sightline potential --workspace {workspace.Directory}` first, then plan coverage");
        }

        var asOf = FeatureTable.AsOf(workspace);
        var notes = new List<string>();
        if (AccountPotential.MissingNote(workspace) is { } missingPotential)
        {
            notes.Add(missingPotential);
        }

        Prepare(workspace, settings);
        CheckPins(workspace);

        var roles = settings.Models.Values.Where(m => !m.Unlimited).Select(m => m.Role).Distinct().Order(StringComparer.Ordinal).ToList();
        var capacity = Capacity(workspace, settings);
        var pinnedUse = PinnedUse(workspace);
        var left = new long[roles.Count];
        for (var r = 0; r < roles.Count; r++)
        {
            var available = capacity.TryGetValue(roles[r], out var c) ? c.Capacity : 0;
            var pinned = pinnedUse.GetValueOrDefault(roles[r]);
            if (pinned > available)
            {
                throw new BadInputException(workspace.Settings.Problem("coverage.pinned", roles[r], string.Create(CultureInfo.InvariantCulture,
                    $"{Counted.Of(pinned, "account")} {Counted.Agree(pinned, "is", "are")} pinned to {roles[r]} models but {roles[r]} reps can cover only {Counted.Of(available, "account")} (capacity_accounts, else coverage.default_capacity {settings.DefaultCapacity}); unpin some or add capacity")));
            }

            left[r] = available - pinned;
            if (available == 0)
            {
                notes.Add($"no {roles[r]} reps with capacity: the {string.Join(", ", ModelsOf(settings, roles[r]))} model covers no account");
            }
        }

        CoveragePlanResult result;
        try
        {
            var (ids, options) = ReadOptions(workspace, roles);
            var solution = CoverageSolver.Solve(ids.Count, options, left);
            var greedy = CoverageSolver.Greedy(ids.Count, options, left);
            StoreChoice(workspace, ids, roles, solution);
            var threshold = Convert.ToDouble(workspace.Scalar($"SELECT coalesce(quantile_disc(expected_value, {Num(1 - settings.HighPotentialShare)}), 0) FROM coverage_accounts"), CultureInfo.InvariantCulture);
            workspace.Execute(PlanSql(settings, runId, threshold));

            var inv = CultureInfo.InvariantCulture;
            var fallbackMargin = Convert.ToDecimal(workspace.Scalar(
                $"SELECT coalesce(sum(fb.margin), 0) FROM coverage_fallback fb WHERE fb.account_id NOT IN (SELECT account_id FROM coverage_pins)"), inv);
            var pinnedMargin = Convert.ToDecimal(workspace.Scalar($"SELECT coalesce(sum(margin), 0) FROM {Table} WHERE pinned"), inv);
            var greedyMargin = fallbackMargin + pinnedMargin + (greedy.Gain / 100m);
            AddNotes(workspace, notes);
            result = Summarise(workspace, settings, runId, roles, capacity, pinnedUse, solution, greedyMargin, threshold, notes);
        }
        finally
        {
            // The solver's choices go through a real table (the appender needs one); it never outlives the run.
            workspace.Execute($"DROP TABLE IF EXISTS {Choice}");
        }

        RunLog.Record(workspace, runId, "coverage", asOf, started, string.Create(CultureInfo.InvariantCulture,
            $"{Counted.Of(result.Accounts, "account")}, margin {result.Margin:0.00} versus {result.CurrentMargin:0.00} today, {result.Changed} {Counted.Agree(result.Changed, "changes", "change")} model ({result.Method})"));
        return result;
    }

    /// <summary>
    /// The order that picks an account's best model ignoring capacity: highest margin, and on a tie none, then an unlimited
    /// model, as the fallback rule does (a capacity-bound model must beat the fallback to be taken).
    /// </summary>
    internal const string BestOrder = "margin DESC, model <> 'none', NOT unlimited, model";

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static IEnumerable<string> ModelsOf(CoverageSettings settings, string role) =>
        settings.Models.Where(kv => kv.Value.Role == role && !kv.Value.Unlimited).Select(kv => kv.Key).Order(StringComparer.Ordinal);

    /// <summary>The models, the pins, every account's expected value, every account × model margin, and each account's fallback.</summary>
    internal static void Prepare(Workspace workspace, CoverageSettings settings)
    {
        var models = string.Join(", ", settings.Models.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            $"({Sql.Literal(kv.Key)}, {Sql.Literal(kv.Value.Role)}, {Num(kv.Value.CostToServe)}, {Num(kv.Value.Effectiveness)}, {(kv.Value.Unlimited ? "true" : "false")})"));
        var pins = settings.Pinned.Count == 0
            ? "SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS model WHERE false"
            : "SELECT * FROM (VALUES " + string.Join(", ", settings.Pinned.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"({Sql.Literal(kv.Key)}, {Sql.Literal(kv.Value)})")) + ") AS t(account_id, model)";
        var window = workspace.TableExists("account_scores")
            ? "(SELECT account_id, probability FROM account_scores WHERE kind = 'window' AND product_family IS NULL AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'window'))"
            : "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS probability WHERE false)";
        var rate = Num(settings.MarginRate);
        workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE coverage_models AS
            SELECT model, role, round(cost, 2)::DECIMAL(18, 2) AS cost, effectiveness::DOUBLE AS effectiveness, unlimited
            FROM (VALUES {models}) AS t(model, role, cost, effectiveness, unlimited);
            CREATE OR REPLACE TEMP TABLE coverage_pins AS {pins};
            CREATE OR REPLACE TEMP TABLE coverage_accounts AS
            SELECT f.account_id, coalesce(f.name, f.account_id) AS name, coalesce(f.region, '(none)') AS region, f.owner_rep_id, r.role AS owner_role,
                coalesce(p.is_customer, false) AS is_customer, greatest(coalesce(p.current_spend, 0), 0) AS current_spend,
                greatest(coalesce(p.white_space, 0), 0) AS white_space, w.probability AS window_probability, p.win_probability,
                round(CASE WHEN coalesce(p.is_customer, false)
                    THEN greatest(coalesce(p.current_spend, 0), 0) + greatest(coalesce(p.white_space, 0), 0) * coalesce(w.probability, 0)
                    ELSE greatest(coalesce(p.opportunity_value, 0), 0) END, 2)::DECIMAL(18, 2) AS expected_value
            FROM {FeatureBuilder.Table} f JOIN {AccountPotential.Table} p USING (account_id)
            LEFT JOIN reps r ON r.rep_id = f.owner_rep_id
            LEFT JOIN {window} w USING (account_id);
            CREATE OR REPLACE TEMP TABLE coverage_options AS
            SELECT account_id, model, role, unlimited, effectiveness, cost, realised, (round(realised * {rate}, 2) - cost)::DECIMAL(18, 2) AS margin
            FROM (SELECT a.account_id, m.*, round(a.expected_value * m.effectiveness, 2)::DECIMAL(18, 2) AS realised
                  FROM coverage_accounts a CROSS JOIN coverage_models m);
            CREATE OR REPLACE TEMP TABLE coverage_fallback AS
            SELECT a.account_id, coalesce(u.model, 'none') AS model, coalesce(u.margin, 0)::DECIMAL(18, 2) AS margin
            FROM coverage_accounts a LEFT JOIN (
                SELECT account_id, model, margin FROM coverage_options WHERE unlimited AND margin > 0
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY margin DESC, model) = 1) u USING (account_id);
            CREATE OR REPLACE TEMP TABLE coverage_role_best AS
            SELECT o.account_id, o.role, o.model, o.margin, o.margin - fb.margin AS gain
            FROM coverage_options o JOIN coverage_fallback fb USING (account_id)
            WHERE NOT o.unlimited AND o.margin > fb.margin AND o.account_id NOT IN (SELECT account_id FROM coverage_pins)
            QUALIFY row_number() OVER (PARTITION BY o.account_id, o.role ORDER BY o.margin DESC, o.model) = 1;
            """);
    }

    internal static void CheckPins(Workspace workspace)
    {
        var unknown = workspace.Strings("SELECT account_id FROM coverage_pins WHERE account_id NOT IN (SELECT account_id FROM coverage_accounts) ORDER BY account_id");
        if (unknown.Count > 0)
        {
            throw new BadInputException(unknown.Select(id => workspace.Settings.Problem($"coverage.pinned.{id}", id,
                "not an account of this workspace (or it has no potential yet); expected an account_id from accounts")).ToList(), unknown.Count);
        }
    }

    /// <summary>Per role: reps with capacity and their summed capacity (capacity_accounts, else the default).</summary>
    private static Dictionary<string, (long Reps, long Capacity)> Capacity(Workspace workspace, CoverageSettings settings)
    {
        var result = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT role, count(*) FILTER (WHERE cap > 0), coalesce(sum(greatest(cap, 0)), 0)::BIGINT
            FROM (SELECT role, coalesce(capacity_accounts, {settings.DefaultCapacity.ToString(CultureInfo.InvariantCulture)}) AS cap FROM reps WHERE role IS NOT NULL)
            GROUP BY role
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return result;
    }

    private static Dictionary<string, long> PinnedUse(Workspace workspace)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = "SELECT m.role, count(*) FROM coverage_pins p JOIN coverage_models m USING (model) WHERE NOT m.unlimited GROUP BY m.role";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>The accounts a capacity-bound role would serve better than their fallback, with the gain in cents.</summary>
    private static (List<string> Ids, List<CoverageOption> Options) ReadOptions(Workspace workspace, List<string> roles)
    {
        var ids = new List<string>();
        var options = new List<CoverageOption>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = "SELECT account_id, role, (gain * 100)::BIGINT FROM coverage_role_best ORDER BY account_id, role";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (ids.Count == 0 || !string.Equals(ids[^1], id, StringComparison.Ordinal))
            {
                ids.Add(id);
            }

            options.Add(new CoverageOption(ids.Count - 1, roles.IndexOf(reader.GetString(1)), reader.GetInt64(2)));
        }

        return (ids, options);
    }

    private static void StoreChoice(Workspace workspace, List<string> ids, List<string> roles, CoverageSolution solution)
    {
        workspace.Execute($"CREATE OR REPLACE TABLE {Choice} (account_id VARCHAR, role VARCHAR)");
        using var appender = workspace.Connection.CreateAppender(Choice);
        for (var a = 0; a < ids.Count; a++)
        {
            if (solution.RoleOf[a] >= 0)
            {
                appender.CreateRow().AppendValue(ids[a]).AppendValue(roles[solution.RoleOf[a]]).EndRow();
            }
        }
    }

    /// <summary>One statement: every account's planned and current model, value, cost, margin, flags and reasons.</summary>
    private static string PlanSql(CoverageSettings settings, string runId, double threshold)
    {
        const string money = "format('{:,}', round({0})::BIGINT)";
        static string Money(string expression) => money.Replace("{0}", expression, StringComparison.Ordinal);
        static string Pct(string expression) => $"round({expression} * 100)::BIGINT || '%'";
        var rate = Num(settings.MarginRate);
        string Explain(string p) =>
            $"{Money($"{p}.expected_value")} || ' expected × ' || {Pct($"{p}.effectiveness")} || ' realised × ' || {Pct(rate)} || ' margin − ' || {Money($"{p}.cost")} || ' to serve = ' || {Money($"{p}.margin")}";
        return $"""
            CREATE OR REPLACE TABLE {Table} AS
            WITH best AS (
                SELECT account_id, model AS best_model, role AS best_role, margin AS best_margin FROM (
                    SELECT account_id, model, role, unlimited, margin FROM coverage_options
                    UNION ALL SELECT account_id, 'none', '-', true, 0 FROM coverage_accounts)
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY {BestOrder}) = 1),
            cur AS (
                SELECT a.account_id, coalesce(o.model, 'none') AS current_model
                FROM coverage_accounts a LEFT JOIN (
                    SELECT o.account_id, o.model FROM coverage_options o JOIN coverage_accounts x ON x.account_id = o.account_id AND x.owner_role = o.role
                    QUALIFY row_number() OVER (PARTITION BY o.account_id ORDER BY o.margin DESC, o.model) = 1) o USING (account_id)),
            chosen AS (
                SELECT a.account_id, coalesce(pin.model, rb.model, fb.model) AS model, pin.model IS NOT NULL AS pinned
                FROM coverage_accounts a
                LEFT JOIN coverage_pins pin ON pin.account_id = a.account_id
                LEFT JOIN {Choice} ch ON ch.account_id = a.account_id
                LEFT JOIN coverage_role_best rb ON rb.account_id = ch.account_id AND rb.role = ch.role
                LEFT JOIN coverage_fallback fb ON fb.account_id = a.account_id),
            v AS (
                SELECT a.*, c.model, c.pinned, coalesce(o.role, '-') AS role, coalesce(o.effectiveness, 0) AS effectiveness,
                    coalesce(o.realised, 0)::DECIMAL(18, 2) AS realised, coalesce(o.cost, 0)::DECIMAL(18, 2) AS cost, coalesce(o.margin, 0)::DECIMAL(18, 2) AS margin,
                    cur.current_model, coalesce(co.role, '-') AS current_role, coalesce(co.effectiveness, 0) AS current_effectiveness,
                    coalesce(co.realised, 0)::DECIMAL(18, 2) AS current_realised, coalesce(co.cost, 0)::DECIMAL(18, 2) AS current_cost,
                    coalesce(co.margin, 0)::DECIMAL(18, 2) AS current_margin, b.best_model, b.best_role, b.best_margin
                FROM coverage_accounts a JOIN chosen c USING (account_id) JOIN cur USING (account_id) JOIN best b USING (account_id)
                LEFT JOIN coverage_options o ON o.account_id = a.account_id AND o.model = c.model
                LEFT JOIN coverage_options co ON co.account_id = a.account_id AND co.model = cur.current_model),
            flagged AS (
                SELECT *, current_model <> 'none' AND current_margin < 0 AS over_covered,
                    expected_value > 0 AND expected_value >= {Num(threshold)} AND (current_model = 'none' OR current_role = 'digital') AS under_covered
                FROM v)
            SELECT {Sql.Literal(runId)} AS run_id, account_id, name, region, owner_rep_id, is_customer, expected_value, model, role, effectiveness,
                realised AS realised_value, cost AS cost_to_serve, margin, current_model, current_margin, pinned, model <> current_model AS changed,
                over_covered, under_covered,
                CASE
                    WHEN pinned THEN 'pinned to ' || model || ' in sightline.yaml' || CASE WHEN model <> 'none' THEN ': ' || {Explain("flagged")} ELSE '' END
                    WHEN margin >= best_margin AND model = 'none' THEN CASE WHEN expected_value <= 0 THEN 'no expected value: no model is worth its cost to serve'
                        ELSE 'no model earns more than its cost to serve on ' || {Money("expected_value")} || ' expected a year' END
                    WHEN margin >= best_margin THEN model || ' earns the most: ' || {Explain("flagged")}
                    ELSE best_model || ' would earn ' || {Money("best_margin - margin")} || ' more, but ' || best_role
                        || ' capacity goes to accounts where it gains more; ' || model || CASE WHEN model = 'none' THEN ' (no cost, no value)' ELSE ': ' || {Explain("flagged")} END
                END AS reason,
                concat_ws('; ',
                    CASE WHEN over_covered THEN 'over-covered: ' || current_model || ' costs ' || {Money("current_cost")} || ' a year to serve but realises '
                        || {Money($"round(current_realised * {rate}, 2)")} || ' of margin on ' || {Money("expected_value")} || ' expected; the plan: ' || model END,
                    CASE WHEN under_covered THEN 'under-covered: ' || {Money("expected_value")} || ' expected a year (top ' || {Pct(Num(settings.HighPotentialShare))}
                        || ', from ' || {Money(Num(threshold))} || ') with ' || CASE WHEN current_model = 'none' THEN 'no coverage' ELSE 'digital-only coverage (' || current_model || ')' END
                        || '; the plan: ' || model END) AS flag_reason
            FROM flagged
            ORDER BY account_id
            """;
    }

    private static void AddNotes(Workspace workspace, List<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        long Count(string sql) => Convert.ToInt64(workspace.Scalar(sql), inv);
        var unscoredProspects = Count("SELECT count(*) FROM coverage_accounts a JOIN account_potential p USING (account_id) WHERE NOT a.is_customer AND p.opportunity_value IS NULL");
        if (unscoredProspects > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(unscoredProspects, "prospect")} {Counted.Agree(unscoredProspects, "has no lookalike score (no opportunity value): its", "have no lookalike score (no opportunity value): their")} expected value is 0 until `sightline score` runs"));
        }

        var noWindow = Count("SELECT count(*) FROM coverage_accounts WHERE is_customer AND window_probability IS NULL AND white_space > 0");
        if (noWindow > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(noWindow, "customer")} with white space {Counted.Agree(noWindow, "has no next-window propensity: only its", "have no next-window propensity: only their")} current spend counts as expected value"));
        }

        var unowned = Count("SELECT count(*) FROM coverage_accounts WHERE owner_rep_id IS NULL");
        if (unowned > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(unowned, "account")} {Counted.Agree(unowned, "has no owner rep: today it counts", "have no owner rep: today they count")} as uncovered (none)"));
        }

        var noModel = Count($"SELECT count(*) FROM coverage_accounts WHERE owner_rep_id IS NOT NULL AND coalesce(owner_role, '') NOT IN (SELECT role FROM coverage_models)");
        if (noModel > 0)
        {
            var which = string.Join(", ", workspace.Strings("SELECT DISTINCT coalesce(owner_role, '(unknown)') FROM coverage_accounts WHERE owner_rep_id IS NOT NULL AND coalesce(owner_role, '') NOT IN (SELECT role FROM coverage_models) ORDER BY 1"));
            notes.Add(string.Create(inv, $"{Counted.Of(noModel, "account")} {Counted.Agree(noModel, "is", "are")} owned by reps whose role ({which}) provides no coverage model: today {Counted.Agree(noModel, "it counts", "they count")} as uncovered (none)"));
        }
    }

    private static CoveragePlanResult Summarise(Workspace workspace, CoverageSettings settings, string runId, List<string> roles,
        Dictionary<string, (long Reps, long Capacity)> capacity, Dictionary<string, long> pinnedUse, CoverageSolution solution, decimal greedyMargin, double threshold, List<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        var models = new List<CoverageModelRow>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH m AS (SELECT model, role, cost, effectiveness FROM coverage_models UNION ALL SELECT 'none', '-', 0, 0),
                planned AS (SELECT model, count(*) AS n, sum(realised_value) AS realised, sum(cost_to_serve) AS cost, sum(margin) AS margin FROM {Table} GROUP BY model),
                today AS (SELECT current_model AS model, count(*) AS n, sum(current_margin) AS margin FROM {Table} GROUP BY current_model)
                SELECT m.model, m.role, m.cost::DOUBLE, m.effectiveness, coalesce(p.n, 0), coalesce(p.realised, 0)::DECIMAL(18, 2), coalesce(p.cost, 0)::DECIMAL(18, 2),
                    coalesce(p.margin, 0)::DECIMAL(18, 2), coalesce(t.n, 0), coalesce(t.margin, 0)::DECIMAL(18, 2)
                FROM m LEFT JOIN planned p USING (model) LEFT JOIN today t USING (model)
                ORDER BY m.model = 'none', coalesce(p.margin, 0) DESC, m.model
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                models.Add(new CoverageModelRow(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4),
                    reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetInt64(8), reader.GetDecimal(9)));
            }
        }

        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        var current = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT role, count(*) FILTER (WHERE NOT unlimited), count(*) FROM {Table} JOIN coverage_models USING (model, role) GROUP BY role
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // A capacity-bound role counts what uses its capacity; an unlimited one, every account it serves.
                var role = reader.GetString(0);
                used[role] = roles.Contains(role) ? reader.GetInt64(1) : reader.GetInt64(2);
            }
        }

        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT owner_role, count(*) FROM coverage_accounts WHERE owner_role IS NOT NULL GROUP BY owner_role";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                current[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var roleRows = settings.Models.Values.Select(m => m.Role).Distinct().Order(StringComparer.Ordinal).Select(role =>
        {
            var bounded = roles.Contains(role);
            var (reps, cap) = capacity.GetValueOrDefault(role);
            var u = used.GetValueOrDefault(role);
            var summary = bounded
                ? string.Create(inv, $"{role}: {u:N0} of {Counted.Of(cap, "account")} ({(cap > 0 ? (double)u / cap : 0):0%}) over {Counted.Of(reps, "rep")}{(pinnedUse.GetValueOrDefault(role) > 0 ? $", {pinnedUse[role]:N0} of them pinned" : "")}; today its reps own {current.GetValueOrDefault(role):N0}")
                : string.Create(inv, $"{role}: unlimited ({string.Join(", ", settings.Models.Where(kv => kv.Value.Role == role).Select(kv => kv.Key).Order(StringComparer.Ordinal))}), {Counted.Of(u, "account")}; today its {Counted.Of(reps, "rep")} {Counted.Agree(reps, "owns", "own")} {current.GetValueOrDefault(role):N0}");
            return new RoleCapacityRow(role, reps, bounded ? cap : null, pinnedUse.GetValueOrDefault(role), u, current.GetValueOrDefault(role), summary);
        }).ToList();

        long accounts, changed, pinned, over, under;
        decimal expected, margin, currentMargin;
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT count(*), coalesce(sum(expected_value), 0)::DECIMAL(18, 2), coalesce(sum(margin), 0)::DECIMAL(18, 2), coalesce(sum(current_margin), 0)::DECIMAL(18, 2),
                    count(*) FILTER (WHERE changed), count(*) FILTER (WHERE pinned), count(*) FILTER (WHERE over_covered), count(*) FILTER (WHERE under_covered)
                FROM {Table}
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            (accounts, expected, margin, currentMargin) = (reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3));
            (changed, pinned, over, under) = (reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
        }

        return new CoveragePlanResult(runId, accounts, expected, settings.MarginRate, margin, currentMargin, greedyMargin, changed, pinned, solution.Method, solution.Optimal,
            models, roleRows, over, under, threshold, Flags(workspace, "over_covered", "current_margin, account_id"),
            Flags(workspace, "under_covered", "expected_value DESC, account_id"), notes);
    }

    private static List<CoverageFlag> Flags(Workspace workspace, string flag, string order)
    {
        var rows = new List<CoverageFlag>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT account_id, name, region, expected_value::DOUBLE, current_model, current_margin, model, margin, flag_reason
            FROM {Table} WHERE {flag} ORDER BY {order} LIMIT {FlagsShown}
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new CoverageFlag(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4), reader.GetDecimal(5),
                reader.GetString(6), reader.GetDecimal(7), reader.GetString(8)));
        }

        return rows;
    }
}
