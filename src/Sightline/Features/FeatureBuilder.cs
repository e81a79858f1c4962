using System.Globalization;
using System.Text;
using Sightline.Data;
using Sightline.Import;
using Sightline.Workspaces;

namespace Sightline.Features;

/// <summary>
/// Builds <c>account_features</c>: one row per account as of a date, from every table, in one DuckDB
/// statement. Point-in-time correct: orders, touchpoints and opportunities dated after the as-of date
/// are ignored, and accounts created after it are left out, so models can be trained at past cut-offs.
/// A country is its English name however the CRM spelled it (<see cref="CountryNames"/>): markets, roll-ups and
/// rules see one United States, not "USA", "US" and "United States".
/// </summary>
public static class FeatureBuilder
{
    /// <summary>The table the features are written to.</summary>
    public const string Table = "account_features";

    /// <summary>Windows, in months, for recency, frequency and revenue.</summary>
    private static readonly int[] Windows = [12, 24, 36];

    /// <summary>The default as-of date: the last purchase date in the data (<see cref="Purchases"/>), else today.</summary>
    public static DateOnly DefaultAsOf(Workspace workspace, TimeProvider? clock = null)
    {
        return DbValues.Date(workspace.Scalar($"SELECT max(order_date) FROM {Purchases.Source(workspace)}"))
            ?? DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Builds the feature table (replacing the previous one) and records the run. The batch starts here, so the events
    /// logged in real time since the last run are copied into <c>touchpoints</c> first.
    /// </summary>
    public static FeatureSummary Build(Workspace workspace, DateOnly? asOf = null, TimeProvider? clock = null)
    {
        AsOfDates.Check(asOf);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        if (asOf is { } given)
        {
            RefuseAfterToday(given, DateOnly.FromDateTime(started.UtcDateTime));
        }

        workspace.RequireAccounts("build features for");
        var date = asOf ?? DefaultAsOf(workspace, clock);
        CheckAccountsExistOn(workspace, date, asOf is null ? "as-of (the last order date)" : "--as-of");
        var fold = new Realtime.TouchpointLog(workspace, clock).FoldIntoTouchpoints();
        var runId = Runs.RunLog.NewId("features", started);
        BuildInto(workspace, date, Table);
        var accounts = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Table}"), CultureInfo.InvariantCulture);
        var customers = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Table} WHERE is_customer"), CultureInfo.InvariantCulture);
        var columns = workspace.Strings($"SELECT column_name FROM duckdb_columns() WHERE table_name = '{Table}' AND schema_name = 'main' ORDER BY column_index");
        Runs.RunLog.Record(workspace, runId, "features", date, started, $"{Counted.Of(accounts, "account")}, {Counted.Of(customers, "customer")}, {Counted.Of(columns.Count, "column")}; {fold.Summary}");
        return new FeatureSummary(runId, date, accounts, customers, columns, fold) { PurchasesNote = Purchases.Note(Purchases.Source(workspace)) };
    }

    /// <summary>
    /// Features are what is known on a day: one after today would count every account as lapsed and every deal as
    /// overdue, with no data behind it, so such a date is refused.
    /// </summary>
    private static void RefuseAfterToday(DateOnly asOf, DateOnly today)
    {
        if (asOf > today)
        {
            var todayText = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            throw new BadInputException(new Diagnostic("--as-of", null, null, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"after today ({todayText}): features describe what is known on a day that has come; choose {todayText} or earlier (the feature table is left as it was)"));
        }
    }

    /// <summary>
    /// Refuses an as-of date on which no account existed yet: the table would describe nobody and replace the current one
    /// with an empty table that every later verb fails on. Only accounts count (an order or a touch dated before every
    /// account, even one logged from a year like 1000, holds no account in the table); an account without a creation
    /// date is always in, so a workspace holding one accepts any date.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="asOf">The as-of date asked for.</param>
    /// <param name="source">Where it came from, for the message (<c>--as-of</c> by default; <c>asOf</c> for the API).</param>
    /// <exception cref="BadInputException">No account existed on <paramref name="asOf"/>.</exception>
    public static void CheckAccountsExistOn(Workspace workspace, DateOnly asOf, string source = "--as-of")
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var accountsThen = Convert.ToInt64(workspace.Scalar(
            $"SELECT count(*) FROM accounts WHERE created_at IS NULL OR created_at <= DATE '{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'"),
            CultureInfo.InvariantCulture);
        if (accountsThen > 0 || DbValues.Date(workspace.Scalar("SELECT min(created_at) FROM accounts")) is not { } first)
        {
            return;
        }

        var firstText = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        throw new BadInputException(new Diagnostic(source, null, null, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            $"before the workspace's first account was created ({firstText}), so no account would have features; choose {firstText} or later (the feature table is left as it was)"));
    }

    /// <summary>
    /// Writes the features as of <paramref name="asOf"/> to <paramref name="table"/> (replacing it) without recording a
    /// run: models trained at a past cut-off use this for their training snapshot.
    /// </summary>
    public static void BuildInto(Workspace workspace, DateOnly asOf, string table)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var families = workspace.Strings(Merchandise.FamiliesSql);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = BuildSql(workspace, asOf, families, table);
        for (var i = 0; i < families.Count; i++)
        {
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter($"f{i}", families[i]));
        }

        command.ExecuteNonQuery();
    }

    /// <summary>
    /// SQL true for an opportunity (<paramref name="alias"/>, with its dot) still open on <paramref name="day"/>: not yet
    /// closed then, or with no outcome at all. CRM exports give every deal a "Close Date", which for an open one is the
    /// expected close: a slipped deal past it is still pipeline, not closed.
    /// </summary>
    public static string OpenOn(string day, string alias = "") =>
        $"({alias}won IS NULL OR {alias}closed_at IS NULL OR {alias}closed_at > {day})";

    private static string BuildSql(Workspace workspace, DateOnly asOf, IReadOnlyList<string> families, string table)
    {
        string Day(DateOnly d) => $"DATE '{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
        var asOfSql = Day(asOf);
        var nextDay = $"TIMESTAMP '{asOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 00:00:00'";
        var familyColumns = families.Select((f, i) => (Name: ColumnMapper.SnakeCase(f, i), Parameter: $"$f{i}")).ToList();
        var purchases = Purchases.Source(workspace);

        var orderAggregates = new StringBuilder();
        foreach (var months in Windows)
        {
            var since = Day(asOf.AddMonths(-months));
            orderAggregates.Append(CultureInfo.InvariantCulture, $"""
                , coalesce(sum(amount) FILTER (WHERE order_date > {since}), 0) AS revenue_{months}m
                """);
        }

        // Orders in a window are the distinct order ids with a line in it: counted over one row per order (its last line's
        // date) instead of a distinct count per window, which cost DuckDB twice as long as all the other aggregates. Read
        // from the source, not from o: a CTE read twice is materialised.
        var widest = Day(asOf.AddMonths(-Windows.Max()));
        var orderCounts = string.Join(", ", Windows.Select(m => $"count(*) FILTER (WHERE last_line > {Day(asOf.AddMonths(-m))}) AS orders_{m}m"));

        foreach (var (name, parameter) in familyColumns)
        {
            orderAggregates.Append(CultureInfo.InvariantCulture, $"""
                , coalesce(sum(amount) FILTER (WHERE family = {parameter} AND order_date > {Day(asOf.AddMonths(-36))}), 0) AS spend_36m_{name}
                , coalesce(bool_or(family = {parameter} AND amount > 0), false) AS holds_{name}
                """);
        }

        var touchAggregates = new StringBuilder();
        foreach (var channel in CanonicalSchema.TouchpointChannels)
        {
            foreach (var days in new[] { 90, 365 })
            {
                touchAggregates.Append(CultureInfo.InvariantCulture,
                    $", count(*) FILTER (WHERE channel = '{channel}' AND occurred_at >= {Day(asOf.AddDays(1 - days))}) AS touches_{channel}_{days}d\n");
            }
        }

        var attributeSets = workspace.Strings("SELECT DISTINCT table_name FROM attribute_sets ORDER BY table_name")
            .Where(workspace.TableExists).ToList();
        var enrichmentJoins = new StringBuilder();
        var enrichmentColumns = new StringBuilder();
        foreach (var (setTable, i) in attributeSets.Select((t, i) => (t, i)))
        {
            var prefix = setTable["attr_".Length..];
            var columns = workspace.Strings($"SELECT column_name FROM duckdb_columns() WHERE table_name = '{setTable}' AND schema_name = 'main' AND column_name <> 'account_id' ORDER BY column_index");
            // An account matched by several rows (a list of sites by domain) reads its first row, in file order, whole: taking
            // any value per column would mix the rows.
            enrichmentJoins.Append(CultureInfo.InvariantCulture,
                $"LEFT JOIN (SELECT account_id, {string.Join(", ", columns.Select(Sql.Identifier))} FROM {setTable} WHERE account_id IS NOT NULL "
                + $"QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY rowid) = 1) e{i} USING (account_id)\n");
            enrichmentColumns.Append(string.Concat(columns.Select(c => $", e{i}.{Sql.Identifier(c)} AS {Sql.Identifier($"{prefix}_{c}")}")));
        }

        var bands = workspace.Settings.Tiers.SizeBands;
        string BandIndex(string column, Func<SizeBand, double?> limit) =>
            "CASE " + string.Concat(bands.Take(bands.Count - 1).Select((b, i) =>
                $"WHEN {column} <= {limit(b)!.Value.ToString("R", CultureInfo.InvariantCulture)} THEN {i} ")) + $"WHEN {column} IS NOT NULL THEN {bands.Count - 1} END";
        var bandNames = string.Concat(bands.Select((b, i) => $"WHEN {i} THEN {Sql.Literal(b.Name)} "));
        var sizeBand = $"CASE greatest({BandIndex("a.employees", b => b.MaxEmployees)}, {BandIndex("a.annual_revenue", b => b.MaxRevenue)}) {bandNames}ELSE {Sql.Literal(TierSettings.UnknownBand)} END";

        return $"""
            CREATE OR REPLACE TABLE {Sql.Identifier(table)} AS
            WITH o AS (
                SELECT o.account_id, o.order_id, o.order_date, o.amount, p.family
                FROM {purchases} o LEFT JOIN {Merchandise.Products} p USING (product_id)
                WHERE o.order_date <= {asOfSql}),
            oa AS (
                SELECT account_id,
                    -- A customer bought something: only returns, credits or free lines make none (performance and CLV count so).
                    min(order_date) FILTER (WHERE amount > 0) AS first_order_date,
                    max(order_date) FILTER (WHERE amount > 0) AS last_order_date,
                    coalesce(sum(amount), 0) AS lifetime_revenue,
                    coalesce(sum(amount) FILTER (WHERE order_date > {Day(asOf.AddMonths(-24))} AND order_date <= {Day(asOf.AddMonths(-12))}), 0) AS revenue_prev_12m,
                    list_sort(list(DISTINCT family) FILTER (WHERE family IS NOT NULL AND amount > 0)) AS product_families
                    {orderAggregates}
                FROM o GROUP BY account_id),
            od AS (
                SELECT account_id, {orderCounts}
                FROM (SELECT account_id, order_id, max(order_date) AS last_line FROM {purchases}
                      WHERE order_id IS NOT NULL AND order_date > {widest} AND order_date <= {asOfSql} GROUP BY account_id, order_id)
                GROUP BY account_id),
            t AS (
                SELECT account_id,
                    max(occurred_at)::DATE AS last_touch_date,
                    count(*) FILTER (WHERE direction = 'in' AND occurred_at >= {Day(asOf.AddDays(-89))}) AS inbound_touches_90d,
                    count(*) FILTER (WHERE channel = 'support' AND occurred_at >= {Day(asOf.AddDays(-364))}) AS support_load_365d
                    {touchAggregates}
                FROM touchpoints WHERE occurred_at < {nextDay} GROUP BY account_id),
            op AS (
                SELECT account_id,
                    coalesce(sum(amount) FILTER (WHERE {OpenOn(asOfSql)}), 0) AS open_pipeline,
                    count(*) FILTER (WHERE {OpenOn(asOfSql)}) AS open_opportunities,
                    count(*) FILTER (WHERE closed_at <= {asOfSql} AND won) AS opportunities_won,
                    count(*) FILTER (WHERE closed_at <= {asOfSql} AND NOT won) AS opportunities_lost,
                    arg_max(competitor, created_at) FILTER (WHERE competitor IS NOT NULL) AS last_competitor
                FROM opportunities WHERE created_at <= {asOfSql} GROUP BY account_id),
            c AS (
                SELECT account_id, count(*) AS contacts,
                    bool_or(buying_role = 'decision_maker') AS has_decision_maker,
                    bool_or(buying_role = 'influencer') AS has_influencer,
                    bool_or(buying_role = 'end_user') AS has_end_user,
                    bool_or(buying_role = 'champion') AS has_champion,
                    bool_or(buying_role = 'blocker') AS has_blocker
                FROM contacts GROUP BY account_id),
            cn AS (SELECT * FROM {CountryNames.ValuesSql()} v(spelling, name))
            SELECT a.* REPLACE (coalesce(cn.name, a.country) AS country),
                {sizeBand} AS size_band,
                CASE WHEN a.created_at IS NOT NULL THEN date_diff('day', a.created_at, {asOfSql}) END AS account_age_days,
                oa.first_order_date IS NOT NULL AS is_customer,
                oa.first_order_date, oa.last_order_date,
                date_diff('day', oa.last_order_date, {asOfSql}) AS days_since_last_order,
                {string.Join(", ", Windows.Select(m => $"coalesce(od.orders_{m}m, 0) AS orders_{m}m, coalesce(oa.revenue_{m}m, 0) AS revenue_{m}m"))},
                coalesce(oa.revenue_36m / nullif(od.orders_36m, 0), 0) AS avg_order_value_36m,
                coalesce(oa.revenue_prev_12m, 0) AS revenue_prev_12m,
                CASE WHEN oa.revenue_prev_12m > 0 THEN (oa.revenue_12m - oa.revenue_prev_12m) / oa.revenue_prev_12m END AS growth_12m,
                coalesce(oa.lifetime_revenue, 0) AS lifetime_revenue,
                coalesce(oa.product_families, []::VARCHAR[]) AS product_families,
                list_transform(coalesce(oa.product_families, []::VARCHAR[]), lambda x: lower(x)) AS product_family_keys,
                len(coalesce(oa.product_families, []::VARCHAR[])) AS families_bought
                {string.Concat(familyColumns.Select(f => $", coalesce(oa.spend_36m_{f.Name}, 0) AS spend_36m_{f.Name}, coalesce(oa.holds_{f.Name}, false) AS holds_{f.Name}"))}
                {string.Concat(CanonicalSchema.TouchpointChannels.SelectMany(ch => new[] { 90, 365 }.Select(d => $", coalesce(t.touches_{ch}_{d}d, 0) AS touches_{ch}_{d}d")))},
                coalesce(t.inbound_touches_90d, 0) AS inbound_touches_90d,
                coalesce(t.support_load_365d, 0) AS support_load_365d,
                t.last_touch_date,
                coalesce(op.open_pipeline, 0) AS open_pipeline,
                coalesce(op.open_opportunities, 0) AS open_opportunities,
                CASE WHEN op.opportunities_won + op.opportunities_lost > 0 THEN op.opportunities_won / (op.opportunities_won + op.opportunities_lost) END AS win_rate,
                op.last_competitor,
                coalesce(c.contacts, 0) AS contacts,
                coalesce(c.has_decision_maker, false) AS has_decision_maker,
                coalesce(c.has_influencer, false) AS has_influencer,
                coalesce(c.has_end_user, false) AS has_end_user,
                coalesce(c.has_champion, false) AS has_champion,
                coalesce(c.has_blocker, false) AS has_blocker
                {enrichmentColumns}
            FROM accounts a
            LEFT JOIN oa USING (account_id)
            LEFT JOIN od USING (account_id)
            LEFT JOIN t USING (account_id)
            LEFT JOIN op USING (account_id)
            LEFT JOIN c USING (account_id)
            LEFT JOIN cn ON cn.spelling = {CountryNames.KeySql("a.country")}
            {enrichmentJoins}
            WHERE a.created_at IS NULL OR a.created_at <= {asOfSql}
            ORDER BY a.account_id
            """;
    }
}
