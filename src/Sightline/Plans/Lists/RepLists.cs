using System.Globalization;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Plans.Lists;

/// <summary>
/// <c>sightline lists</c>: per account its best action by value (cross-sell, up-sell, prospect or at-risk) with the reason
/// and missing buying roles, a stable random holdout kept off the lists and recorded in <c>list_holdout</c>, the rest
/// ranked per owner rep by value and capped to the rep's capacity, stored in <c>rep_lists</c>, with manager roll-ups.
/// Approved overrides apply (promote: first and always listed; demote: after the rest; remove: off), and accounts with
/// an outcome recorded within <c>lists.outcome_cooldown_days</c> stay off.
/// </summary>
public static class RepLists
{
    /// <summary>The latest run's lists: one row per listed account.</summary>
    public const string Table = "rep_lists";

    /// <summary>Held-out accounts of every run, kept so the lift of working the lists can be measured.</summary>
    public const string HoldoutTable = "list_holdout";

    private const string Candidates = "list_candidates";

    private const string Adjustments = "list_adjustments";

    /// <summary>Builds the lists, stores them and the holdout, records the run; with <paramref name="rep"/> the result holds that rep only.</summary>
    public static RepListsResult Run(Workspace workspace, string? rep = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("lists", started);
        workspace.RequireAccounts("put on reps' lists");
        var settings = workspace.Settings.Lists;
        if (!workspace.TableExists(AccountPotential.Table) || !workspace.TableExists(AccountPotential.FamilyTable))
        {
            throw new BadInputException(AccountPotential.Table,
                $"no account potential yet: run `sightline potential --workspace {workspace.Directory}` first, then build lists");
        }

        if (rep is not null)
        {
            var known = workspace.Strings($"SELECT rep_id FROM reps UNION SELECT owner_rep_id FROM {FeatureBuilder.Table} WHERE owner_rep_id IS NOT NULL ORDER BY 1");
            if (!known.Contains(rep, StringComparer.Ordinal))
            {
                var few = known.Take(5).ToList();
                throw new BadInputException(new Diagnostic("--rep", null, null, rep,
                    few.Count == 0 ? "not a rep: the workspace has no reps" : $"not a rep; known reps include {string.Join(", ", few)}"));
            }
        }

        var asOf = FeatureTable.AsOf(workspace);
        workspace.Execute(CandidateSql(workspace, settings));
        workspace.Execute(AdjustmentSql(settings, started));
        Store(workspace, settings, runId, started);
        ListLift.Record(workspace, runId, asOf, Candidates, Table);
        var result = Read(workspace, settings, runId, rep);
        RunLog.Record(workspace, runId, "lists", asOf, started, string.Create(CultureInfo.InvariantCulture,
            $"{Counted.Of(result.Listed, "account")} listed over {Counted.Of(result.Reps.Count, "rep")}; {result.HeldOut} of {result.Candidates} held out"));
        workspace.Execute($"DROP TABLE IF EXISTS {Candidates}; DROP TABLE IF EXISTS {Adjustments}");
        return result;
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Latest(string kind) =>
        $"(SELECT * FROM account_scores WHERE kind = '{kind}' AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = '{kind}'))";

    /// <summary>A CASE over <paramref name="column"/> from a settings map, its <c>default</c> entry (else <paramref name="fallback"/>) for the rest.</summary>
    private static string MapSql(string column, IReadOnlyDictionary<string, string> map, string fallback) =>
        "CASE " + string.Concat(map.Where(kv => kv.Key != "default").OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"WHEN {column} = {Sql.Literal(kv.Key)} THEN {Sql.Literal(kv.Value)} "))
        + $"ELSE {Sql.Literal(map.TryGetValue("default", out var d) ? d : fallback)} END";

    /// <summary>One statement: every account's candidate actions, its best by value, reason, roles, channel, theme and holdout flag.</summary>
    private static string CandidateSql(Workspace workspace, ListSettings settings)
    {
        const string money = "format('{:,}', round(greatest({0}, 0))::BIGINT)";
        string Money(string expression) => money.Replace("{0}", expression, StringComparison.Ordinal);
        var themes = Themes(settings);
        var title = MapSql("c.industry", settings.DecisionMakerTitle, "the economic buyer");
        return $"""
            CREATE OR REPLACE TEMP TABLE {Candidates} AS
            WITH f AS (
                SELECT account_id, coalesce(name, account_id) AS name, industry, size_band, owner_rep_id AS rep_id, is_customer,
                    coalesce(revenue_12m, 0) AS revenue_12m, coalesce(revenue_prev_12m, 0) AS revenue_prev_12m, coalesce(orders_36m, 0) AS orders_36m,
                    days_since_last_order, growth_12m, coalesce(support_load_365d, 0) AS support_load_365d, has_decision_maker, has_champion
                FROM {FeatureBuilder.Table}),
            look AS (SELECT account_id, band, raising FROM {Latest("lookalike")} WHERE product_family IS NULL),
            win AS (SELECT account_id, probability FROM {Latest("window")} WHERE product_family IS NULL),
            prod AS (
                SELECT s.account_id, s.product_family AS family, s.probability, s.raising, s.probability * fp.white_space AS amount
                FROM {Latest("product")} s JOIN {AccountPotential.FamilyTable} fp ON fp.account_id = s.account_id AND fp.family = s.product_family
                WHERE fp.white_space > 0 AND coalesce(fp.current_spend, 0) <= 0),
            xs AS (
                SELECT account_id, arg_max(family, amount) AS family, max(amount) AS amount, arg_max(probability, amount) AS probability,
                    arg_max(raising, amount) AS raising
                FROM prod GROUP BY account_id),
            bought AS (
                SELECT account_id, arg_max(family, white_space) AS grow_family, arg_max(family, current_spend) AS main_family
                FROM {AccountPotential.FamilyTable} WHERE current_spend > 0 GROUP BY account_id),
            land AS (SELECT account_id, arg_max(family, potential) AS family FROM {AccountPotential.FamilyTable} GROUP BY account_id),
            risk AS (
                SELECT account_id, greatest(revenue_12m, revenue_prev_12m) AS at_stake, concat_ws('; ',
                    CASE WHEN orders_36m >= 2 AND days_since_last_order > {Num(settings.AtRiskGapMultiple)} * (1095.0 / orders_36m) THEN
                        'no order for ' || days_since_last_order || ' days where it usually orders every ' || round(1095.0 / orders_36m)::BIGINT || ' days' END,
                    CASE WHEN growth_12m <= {Num(settings.AtRiskDecline)} THEN 'revenue down ' || round(-growth_12m * 100)::BIGINT || '% on the year before' END,
                    CASE WHEN support_load_365d >= {settings.AtRiskSupportLoad} THEN support_load_365d || ' support contacts in the last year' END) AS signals
                FROM f WHERE is_customer),
            options AS (
                SELECT f.account_id, 'cross_sell' AS action, xs.family, xs.amount AS value, NULL::VARCHAR AS band,
                    'likely to add ' || xs.family || ' (' || round(xs.probability * 100)::BIGINT || '% propensity, ' || {Money("xs.amount")} || ' expected)'
                        || coalesce(': ' || nullif(split_part(xs.raising, '; ', 1), ''), '') AS reason
                FROM f JOIN xs USING (account_id) WHERE f.is_customer
                UNION ALL
                SELECT f.account_id, 'up_sell', bought.grow_family, p.white_space * coalesce(win.probability, 1), NULL,
                    'spends ' || round(p.share_of_wallet * 100)::BIGINT || '% of what peers of its size spend (white space ' || {Money("p.white_space")}
                        || CASE WHEN win.probability IS NOT NULL THEN ', ' || round(win.probability * 100)::BIGINT || '% likely to buy in the next window' ELSE '' END || ')'
                FROM f JOIN {AccountPotential.Table} p USING (account_id) LEFT JOIN win USING (account_id) LEFT JOIN bought USING (account_id)
                WHERE f.is_customer AND p.white_space > 0 AND p.share_of_wallet IS NOT NULL
                UNION ALL
                SELECT f.account_id, 'prospect', land.family, p.opportunity_value, look.band,
                    coalesce(look.band, 'unbanded') || ' lookalike, opportunity ' || {Money("p.opportunity_value")}
                        || coalesce(': ' || nullif(split_part(look.raising, '; ', 1), ''), '')
                FROM f JOIN {AccountPotential.Table} p USING (account_id) LEFT JOIN look USING (account_id) LEFT JOIN land USING (account_id)
                WHERE NOT f.is_customer AND NOT coalesce(p.walk_away, false) AND p.opportunity_value > 0
                UNION ALL
                SELECT risk.account_id, 'at_risk', bought.main_family, risk.at_stake, NULL, 'at risk, ' || {Money("risk.at_stake")} || ' a year at stake: ' || risk.signals
                FROM risk LEFT JOIN bought USING (account_id) WHERE risk.signals <> '' AND risk.at_stake > 0),
            best AS (
                SELECT * FROM options WHERE value > 0
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY value DESC, action) = 1),
            c AS (SELECT b.*, f.name, f.industry, f.size_band, f.rep_id, f.has_decision_maker, f.has_champion FROM best b JOIN f USING (account_id)),
            nba AS (
                SELECT c.*, {MapSql("c.size_band", settings.Channels, "inside")} AS channel,
                    {MapSql("c.action", themes, "")} AS theme,
                    concat_ws('; ',
                        CASE WHEN NOT coalesce(c.has_decision_maker, false) THEN 'no decision maker known: find ' || {title} END,
                        CASE WHEN NOT coalesce(c.has_champion, false) THEN 'no champion known: win an internal sponsor' END) AS missing_roles,
                    (md5_number(c.account_id || '|' || {settings.HoldoutSeed.ToString(CultureInfo.InvariantCulture)}) % 1000000)::DOUBLE / 1000000 < {Num(settings.HoldoutShare)} AS held
                FROM c)
            SELECT *,
                CASE action WHEN 'cross_sell' THEN 'offer ' WHEN 'up_sell' THEN 'expand ' WHEN 'prospect' THEN 'introduce ' ELSE 'retain ' END
                    || coalesce(family, 'the account') || ' via ' || channel || ': ' || theme AS next_best_action
            FROM nba
            """;
    }

    /// <summary>
    /// Per recommended account with an owner rep, what people decided about it: <c>cooled</c> (an outcome recorded within
    /// <c>lists.outcome_cooldown_days</c>: it was just worked), else its latest approved override (<c>promote</c>,
    /// <c>demote</c>, <c>remove</c>) with who approved it, when and the rep's reason. A held-out account stays held out
    /// (the holdout must stay random to measure lift), so its override is only counted, as <c>held_promote</c> for a promote.
    /// Pending and rejected overrides change nothing.
    /// </summary>
    private static string AdjustmentSql(ListSettings settings, DateTimeOffset started)
    {
        var since = started.UtcDateTime.AddDays(-settings.OutcomeCooldownDays);
        return $"""
            CREATE OR REPLACE TEMP TABLE {Adjustments} AS
            WITH o AS (
                SELECT account_id, action, decided_by, decided_at, reason FROM list_overrides WHERE status = 'approved'
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY decided_at DESC, override_id DESC) = 1),
            cool AS (
                SELECT DISTINCT account_id FROM account_outcomes
                WHERE {settings.OutcomeCooldownDays.ToString(CultureInfo.InvariantCulture)} > 0
                    AND recorded_at >= TIMESTAMP '{since:yyyy-MM-dd HH:mm:ss}'),
            adj AS (
                SELECT c.account_id,
                    CASE WHEN cool.account_id IS NOT NULL AND NOT c.held THEN 'cooled'
                        WHEN c.held AND o.action = 'promote' THEN 'held_promote'
                        WHEN c.held THEN NULL
                        ELSE o.action END AS effect,
                    o.action || 'd by ' || o.decided_by || ' on ' || strftime(o.decided_at, '%Y-%m-%d') || ': ' || o.reason AS note
                FROM {Candidates} c LEFT JOIN o USING (account_id) LEFT JOIN cool USING (account_id)
                WHERE c.rep_id IS NOT NULL)
            SELECT * FROM adj WHERE effect IS NOT NULL
            """;
    }

    /// <summary>The settings' themes with a built-in theme for any action left out.</summary>
    private static Dictionary<string, string> Themes(ListSettings settings)
    {
        var themes = new ListSettings().Themes;
        foreach (var (key, value) in settings.Themes)
        {
            themes[key] = value;
        }

        return themes;
    }

    /// <summary>Replaces <c>rep_lists</c> with this run's capped, ranked lists and appends the holdout to <c>list_holdout</c>.</summary>
    private static void Store(Workspace workspace, ListSettings settings, string runId, DateTimeOffset started)
    {
        var run = Sql.Literal(runId);
        workspace.Execute($"""
            CREATE OR REPLACE TABLE {Table} AS
            SELECT {run} AS run_id, rep_id, rank::INTEGER AS rank, account_id, name AS account_name, action, family AS product_family, value, band, reason,
                missing_roles, channel, theme, next_best_action
            FROM (
                SELECT c.* EXCLUDE (reason),
                    CASE WHEN a.effect IN ('promote', 'demote') THEN a.note || '; ' || c.reason ELSE c.reason END AS reason, a.effect,
                    row_number() OVER (PARTITION BY c.rep_id
                        ORDER BY CASE a.effect WHEN 'promote' THEN 0 WHEN 'demote' THEN 2 ELSE 1 END, c.value DESC, c.account_id) AS rank,
                    coalesce(r.capacity_accounts, {settings.DefaultCapacity.ToString(CultureInfo.InvariantCulture)}) AS capacity
                FROM {Candidates} c LEFT JOIN {Adjustments} a USING (account_id) LEFT JOIN reps r USING (rep_id)
                WHERE c.rep_id IS NOT NULL AND NOT c.held AND coalesce(a.effect, '') NOT IN ('remove', 'cooled'))
            -- A promoted account is listed whatever the capacity: a manager approved working it now.
            WHERE rank <= capacity OR effect = 'promote'
            ORDER BY rep_id, rank
            """);
        workspace.Execute($"""
            CREATE TABLE IF NOT EXISTS {HoldoutTable} (run_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, rep_id VARCHAR, action VARCHAR NOT NULL,
                value DOUBLE NOT NULL, held_out_at TIMESTAMP NOT NULL);
            INSERT INTO {HoldoutTable}
            SELECT {run}, account_id, rep_id, action, value, TIMESTAMP '{started.UtcDateTime:yyyy-MM-dd HH:mm:ss}'
            FROM {Candidates} WHERE held AND rep_id IS NOT NULL ORDER BY account_id;
            """);
    }

    private static RepListsResult Read(Workspace workspace, ListSettings settings, string runId, string? rep)
    {
        var inv = CultureInfo.InvariantCulture;
        var filter = rep is null ? "true" : $"rep_id = {Sql.Literal(rep)}";
        var candidates = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Candidates} WHERE rep_id IS NOT NULL"), inv);
        var heldOut = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Candidates} WHERE rep_id IS NOT NULL AND held"), inv);
        var listed = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Table}"), inv);
        var unowned = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Candidates} WHERE rep_id IS NULL"), inv);

        var rows = new List<RepListRow>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT rep_id, rank, account_id, account_name, action, product_family, value, band, reason, missing_roles, channel, theme, next_best_action
                FROM {Table} WHERE {filter} ORDER BY rep_id, rank
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new RepListRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8),
                    reader.GetString(9), reader.GetString(10), reader.GetString(11), reader.GetString(12)));
            }
        }

        var reps = new List<RepListSummary>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH cand AS (SELECT rep_id, count(*) FILTER (WHERE NOT held) AS candidates, count(*) FILTER (WHERE held) AS held_out
                    FROM {Candidates} WHERE rep_id IS NOT NULL GROUP BY rep_id),
                lst AS (SELECT rep_id, count(*) AS listed, sum(value) AS value FROM {Table} GROUP BY rep_id)
                SELECT c.rep_id, coalesce(r.name, c.rep_id), coalesce(r.manager_id, '(none)'),
                    coalesce(r.capacity_accounts, {settings.DefaultCapacity.ToString(inv)})::INTEGER, c.candidates, coalesce(l.listed, 0), c.held_out, coalesce(l.value, 0)
                FROM cand c LEFT JOIN reps r USING (rep_id) LEFT JOIN lst l USING (rep_id)
                WHERE {filter.Replace("rep_id", "c.rep_id", StringComparison.Ordinal)}
                ORDER BY coalesce(l.value, 0) DESC, c.rep_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                reps.Add(new RepListSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetDouble(7)));
            }
        }

        var managers = reps.Where(r => r.Listed > 0).GroupBy(r => r.ManagerId, StringComparer.Ordinal)
            .Select(g => new ManagerRollUp(g.Key, ManagerName(workspace, g.Key), g.Count(), g.Sum(r => r.Listed), g.Sum(r => r.Value)))
            .OrderByDescending(m => m.Value).ThenBy(m => m.ManagerId, StringComparer.Ordinal).ToList();

        var notes = new List<string>();
        if (AccountPotential.MissingNote(workspace) is { } missingPotential)
        {
            notes.Add(missingPotential);
        }

        if (unowned > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(unowned, "account")} with a recommended action {Counted.Agree(unowned, "has no owner rep: it is", "have no owner rep: they are")} on no list"));
        }

        long Effect(string effect) => Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Adjustments} WHERE effect = {Sql.Literal(effect)}"), inv);
        var (removed, promoted, demoted, cooled, heldPromote) = (Effect("remove"), Effect("promote"), Effect("demote"), Effect("cooled"), Effect("held_promote"));
        if (promoted + demoted + removed > 0)
        {
            notes.Add(string.Create(inv,
                $"approved overrides applied: {Counted.Of(promoted, "account")} promoted to the top of their rep's list, {demoted:N0} demoted after the rest, {removed:N0} removed"));
        }

        if (cooled > 0)
        {
            notes.Add(string.Create(inv,
                $"{Counted.Of(cooled, "account")} with an outcome recorded in the last {Counted.Of(settings.OutcomeCooldownDays, "day")} (lists.outcome_cooldown_days) {Counted.Agree(cooled, "is", "are")} kept off the lists"));
        }

        if (heldPromote > 0)
        {
            notes.Add(string.Create(inv,
                $"{Counted.Of(heldPromote, "account")} with an approved promote {Counted.Agree(heldPromote, "is in the random holdout and stays", "are in the random holdout and stay")} held out, so the lift of the lists stays measurable"));
        }

        var unlisted = Convert.ToInt64(workspace.Scalar($"""
            SELECT count(*) FROM (
                SELECT account_id, action FROM list_overrides WHERE status = 'approved'
                QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY decided_at DESC, override_id DESC) = 1)
            WHERE action = 'promote' AND account_id NOT IN (SELECT account_id FROM {Candidates} WHERE rep_id IS NOT NULL)
            """), inv);
        if (unlisted > 0)
        {
            notes.Add(string.Create(inv,
                $"{Counted.Of(unlisted, "account")} with an approved promote {Counted.Agree(unlisted, "has", "have")} no recommended action or no owner rep this run, so {Counted.Agree(unlisted, "it is", "they are")} on no list"));
        }

        var overflow = reps.Sum(r => r.Candidates - r.Listed) - removed - cooled;
        if (overflow > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(overflow, "recommended account")} did not fit {Counted.Agree(overflow, "its", "their")} rep's capacity (capacity_accounts, else lists.default_capacity {settings.DefaultCapacity})"));
        }

        if (rep is not null && reps.Count == 0)
        {
            // A manager or a rep without a book asked for its list and got empty tables without a word.
            var team = workspace.Strings($"SELECT rep_id FROM reps WHERE manager_id = {Sql.Literal(rep)} ORDER BY rep_id");
            notes.Add(team.Count == 0
                ? $"{rep} has no list: it owns no account with a recommended action"
                : $"{rep} has no list: it owns no account with a recommended action; it manages {string.Join(", ", team.Take(10))}{(team.Count > 10 ? ", ..." : "")}, whose lists show with --rep each, or all with the manager roll-ups without --rep");
        }

        var noCapacity = reps.Count(r => r.Capacity == 0);
        if (noCapacity > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(noCapacity, "rep")} {Counted.Agree(noCapacity, "has a capacity of 0 accounts: its", "have a capacity of 0 accounts: their")} recommended accounts are listed nowhere"));
        }

        var lift = ListLift.Measure(workspace);
        if (lift.Count == 0)
        {
            notes.Add("no earlier lists run has orders after its as-of date yet: the lift of the lists against the holdout shows once newer orders are imported");
        }

        return new RepListsResult(runId, settings.HoldoutShare, settings.HoldoutSeed, candidates, heldOut, listed, reps, rows, managers, lift, notes);
    }

    private static string ManagerName(Workspace workspace, string managerId) =>
        workspace.Scalar($"SELECT name FROM reps WHERE rep_id = {Sql.Literal(managerId)}") as string ?? managerId;
}
