using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Segments.Performance;

// The SQL of a run. Every identifier placed in it comes from the catalog (a segment column is matched against the
// known columns first) or from our own constants; the run id goes in as a string literal.
public static partial class PerformanceSegmentation
{
    private const string DropTempTables = """
        DROP TABLE IF EXISTS perf_lines; DROP TABLE IF EXISTS perf_periods; DROP TABLE IF EXISTS perf_accounts;
        DROP TABLE IF EXISTS perf_classified; DROP TABLE IF EXISTS perf_bridge; DROP TABLE IF EXISTS perf_cohorts;
        DROP TABLE IF EXISTS perf_trends
        """;

    /// <summary>The <c>--by</c> value that means "each account's segment in the latest segments run".</summary>
    public const string SegmentSet = "segment";

    private sealed record SegmentSource(string Table, string Column);

    private sealed record SegmentSql(string Join, string Expression);

    private static List<SegmentSource> SegmentSources(Workspace workspace)
    {
        var sources = new List<SegmentSource>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = """
            SELECT table_name, column_name FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
              AND table_name IN ('accounts', 'account_features') AND column_name <> 'account_id'
            ORDER BY table_name = 'account_features', column_index
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var source = new SegmentSource(reader.GetString(0), reader.GetString(1));
            if (!sources.Exists(s => string.Equals(s.Column, source.Column, StringComparison.OrdinalIgnoreCase)))
            {
                sources.Add(source);
            }
        }

        if (workspace.TableExists("segment_assignments") && Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM segment_assignments"), CultureInfo.InvariantCulture) > 0
            && !sources.Exists(s => s.Column == SegmentSet))
        {
            sources.Insert(0, new SegmentSource(LatestAssignments, SegmentSet));
        }

        return sources;
    }

    private static SegmentSource FindSource(Workspace workspace, string by)
    {
        var sources = SegmentSources(workspace);
        if (sources.Find(s => string.Equals(s.Column, by.Trim(), StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return found;
        }

        return string.Equals(by.Trim(), SegmentSet, StringComparison.OrdinalIgnoreCase)
            ? throw new BadInputException("--by", $"no segments run yet; evaluate the segments first with: sightline segments --workspace {workspace.Directory}")
            : throw new BadInputException("--by",
                $"unknown segment set '{by}'; available columns: {string.Join(", ", sources.Select(s => s.Column))}");
    }

    // The exclusive segment of each account in the latest segments run.
    private const string LatestAssignments = """
        (SELECT account_id, segment FROM segment_assignments
         WHERE run_id = (SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1))
        """;

    private static string ResolvedBy(Workspace workspace, string by) => FindSource(workspace, by).Column;

    private static SegmentSql SegmentExpression(Workspace workspace, string? by)
    {
        if (by is null)
        {
            return new SegmentSql("", Sql.Literal(AllSegment));
        }

        var source = FindSource(workspace, by);
        var table = source.Table == LatestAssignments ? LatestAssignments : Sql.Identifier(source.Table);
        var join = $"""
            LEFT JOIN (SELECT account_id, any_value(CAST({Sql.Identifier(source.Column)} AS VARCHAR)) AS segment_value
                       FROM {table} GROUP BY account_id) seg ON seg.account_id = f.account_id
            """;
        return new SegmentSql(join, $"coalesce(nullif(trim(seg.segment_value), ''), {Sql.Literal(NoneSegment)})");
    }

    private static string Unit(PeriodGrain grain) => grain switch
    {
        PeriodGrain.Month => "month",
        PeriodGrain.Quarter => "quarter",
        PeriodGrain.Year => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "unknown period grain"),
    };

    private static string Step(PeriodGrain grain) => grain switch
    {
        PeriodGrain.Month => "1 month",
        PeriodGrain.Quarter => "3 months",
        PeriodGrain.Year => "1 year",
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "unknown period grain"),
    };

    private static string PeriodOf(PeriodGrain grain, DateOnly date) =>
        $"date_trunc('{Unit(grain)}', DATE '{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}')::DATE";

    // purchases: the relation of order lines to read (Data.Purchases.Source, or a subset of it).
    private static List<string> Statements(PerformanceOptions options, SegmentSql segment, string purchases)
    {
        var unit = Unit(options.Period);
        var range = string.Join(" AND ", new[]
        {
            options.From is { } from ? $"{{0}} >= {PeriodOf(options.Period, from)}" : null,
            options.To is { } to ? $"{{0}} <= {PeriodOf(options.Period, to)}" : null,
        }.Where(c => c is not null));
        string InRange(string column) => range.Length == 0 ? "TRUE" : string.Format(CultureInfo.InvariantCulture, range, column);

        return
        [
            // Each line is rounded to cents before summing, so every amount below is an exact DECIMAL.
            $"""
            CREATE OR REPLACE TEMP TABLE perf_lines AS
            SELECT o.account_id, date_trunc('{unit}', o.order_date)::DATE AS period,
                   round(o.amount, 2)::DECIMAL(18,2) AS amount,
                   CASE WHEN p.line_kind IS NULL THEN coalesce(p.family, 'product ' || o.product_id) END AS family
            FROM {purchases} o LEFT JOIN products p ON p.product_id = o.product_id
            """,
            $"""
            CREATE OR REPLACE TEMP TABLE perf_periods AS
            SELECT (row_number() OVER (ORDER BY period) - 1)::INTEGER AS idx, period
            FROM (SELECT unnest(generate_series(min(period)::TIMESTAMP, max(period)::TIMESTAMP, INTERVAL '{Step(options.Period)}'))::DATE AS period
                  FROM perf_lines)
            """,
            $"""
            CREATE OR REPLACE TEMP TABLE perf_accounts AS
            SELECT f.account_id, f.first_period, {segment.Expression} AS segment
            FROM (SELECT account_id, min(period) AS first_period FROM perf_lines GROUP BY account_id) f
            {segment.Join}
            """,
            // One row per account and period from its first order to the last period. Customer revenue is the
            // account's net revenue clamped at zero: an account whose returns exceed its purchases is not a customer
            // that period, and its net credit is reported apart (booked − current).
            """
            CREATE OR REPLACE TEMP TABLE perf_classified AS
            WITH sums AS (
                SELECT account_id, period, sum(amount)::DECIMAL(18,2) AS booked FROM perf_lines GROUP BY account_id, period),
            dense AS (
                SELECT a.account_id, a.segment, g.idx, g.period, coalesce(s.booked, 0)::DECIMAL(18,2) AS booked,
                       greatest(coalesce(s.booked, 0), 0)::DECIMAL(18,2) AS revenue
                FROM perf_accounts a JOIN perf_periods g ON g.period >= a.first_period
                LEFT JOIN sums s ON s.account_id = a.account_id AND s.period = g.period),
            history AS (
                SELECT *,
                       coalesce(lag(revenue) OVER (PARTITION BY account_id ORDER BY idx), 0)::DECIMAL(18,2) AS previous,
                       coalesce(bool_or(revenue > 0) OVER (PARTITION BY account_id ORDER BY idx
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS positive_before
                FROM dense),
            family_first AS (
                SELECT account_id, family, min(period) AS first_period FROM perf_lines WHERE amount > 0 AND family IS NOT NULL GROUP BY account_id, family),
            new_family AS (
                SELECT l.account_id, l.period, sum(l.amount)::DECIMAL(18,2) AS new_family_revenue
                FROM perf_lines l JOIN family_first f ON f.account_id = l.account_id AND f.family = l.family AND f.first_period = l.period
                GROUP BY l.account_id, l.period)
            SELECT h.*,
                   CASE WHEN h.previous > 0 AND h.revenue > 0 THEN 'retained'
                        WHEN h.previous > 0 THEN 'churned'
                        WHEN h.revenue > 0 AND h.positive_before THEN 'reactivated'
                        WHEN h.revenue > 0 THEN 'new'
                        ELSE 'inactive' END AS bucket,
                   n.account_id IS NOT NULL AS bought_new_family,
                   coalesce(n.new_family_revenue, 0)::DECIMAL(18,2) AS new_family_revenue
            FROM history h LEFT JOIN new_family n ON n.account_id = h.account_id AND n.period = h.period
            """,
            $"""
            CREATE OR REPLACE TEMP TABLE perf_bridge AS
            WITH segments AS (SELECT DISTINCT segment FROM perf_accounts),
            agg AS (
                SELECT g.period, s.segment,
                       coalesce(sum(c.previous), 0)::DECIMAL(18,2) AS previous_revenue,
                       coalesce(sum(c.revenue) FILTER (WHERE c.bucket = 'new'), 0)::DECIMAL(18,2) AS new_revenue,
                       coalesce(sum(least(c.previous, c.revenue)) FILTER (WHERE c.bucket = 'retained'), 0)::DECIMAL(18,2) AS retained_base,
                       coalesce(sum(c.revenue - c.previous) FILTER (WHERE c.bucket = 'retained' AND c.revenue > c.previous), 0)::DECIMAL(18,2) AS expansion_revenue,
                       coalesce(sum(c.revenue) FILTER (WHERE c.bucket = 'reactivated'), 0)::DECIMAL(18,2) AS reactivated_revenue,
                       coalesce(sum(c.previous - c.revenue) FILTER (WHERE c.bucket = 'retained' AND c.previous > c.revenue), 0)::DECIMAL(18,2) AS contraction_revenue,
                       coalesce(sum(c.previous) FILTER (WHERE c.bucket = 'churned'), 0)::DECIMAL(18,2) AS churned_revenue,
                       coalesce(sum(c.revenue), 0)::DECIMAL(18,2) AS current_revenue,
                       coalesce(sum(c.booked), 0)::DECIMAL(18,2) AS booked_revenue,
                       count(c.account_id) FILTER (WHERE c.previous > 0) AS previous_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'new') AS new_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'retained') AS retained_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'retained' AND c.revenue > c.previous) AS expanded_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'retained' AND c.revenue < c.previous) AS contracted_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'reactivated') AS reactivated_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'churned') AS churned_customers,
                       count(c.account_id) FILTER (WHERE c.revenue > 0) AS current_customers,
                       count(c.account_id) FILTER (WHERE c.bucket = 'retained' AND c.bought_new_family) AS penetration_customers,
                       coalesce(sum(c.new_family_revenue) FILTER (WHERE c.bucket = 'retained' AND c.bought_new_family), 0)::DECIMAL(18,2) AS penetration_revenue
                FROM perf_periods g CROSS JOIN segments s
                LEFT JOIN perf_classified c ON c.idx = g.idx AND c.segment = s.segment
                WHERE {InRange("g.period")}
                GROUP BY g.period, s.segment)
            SELECT *,
                   CASE WHEN previous_revenue > 0 THEN current_revenue::DOUBLE / previous_revenue::DOUBLE - 1 END AS growth_rate,
                   CASE WHEN previous_revenue > 0 THEN (previous_revenue - churned_revenue - contraction_revenue + expansion_revenue)::DOUBLE
                        / previous_revenue::DOUBLE END AS net_revenue_retention,
                   CASE WHEN previous_revenue > 0 THEN (previous_revenue - churned_revenue - contraction_revenue)::DOUBLE
                        / previous_revenue::DOUBLE END AS gross_revenue_retention
            FROM agg
            """,
            $"""
            CREATE OR REPLACE TEMP TABLE perf_cohorts AS
            WITH members AS (
                SELECT account_id, segment, min(idx) FILTER (WHERE revenue > 0) AS cohort_idx
                FROM perf_classified GROUP BY account_id, segment),
            cells AS (
                SELECT m.segment, m.cohort_idx, c.idx - m.cohort_idx AS period_offset, count(*) AS cohort_customers,
                       count(*) FILTER (WHERE c.revenue > 0) AS active_customers, sum(c.revenue)::DECIMAL(18,2) AS revenue
                FROM members m JOIN perf_classified c ON c.account_id = m.account_id AND c.idx >= m.cohort_idx
                WHERE m.cohort_idx IS NOT NULL
                GROUP BY m.segment, m.cohort_idx, c.idx - m.cohort_idx)
            SELECT x.segment, gc.period AS cohort, x.period_offset::INTEGER AS period_offset, gp.period,
                   x.cohort_customers, x.active_customers, x.active_customers::DOUBLE / x.cohort_customers::DOUBLE AS customer_retention,
                   x.revenue, x.revenue::DOUBLE / f.revenue::DOUBLE AS revenue_retention
            FROM cells x
            JOIN cells f ON f.segment = x.segment AND f.cohort_idx = x.cohort_idx AND f.period_offset = 0
            JOIN perf_periods gc ON gc.idx = x.cohort_idx
            JOIN perf_periods gp ON gp.idx = x.cohort_idx + x.period_offset
            WHERE {InRange("gc.period")} AND {InRange("gp.period")}
            """,
            $"""
            CREATE OR REPLACE TEMP TABLE perf_trends AS
            WITH ranked AS (SELECT *, row_number() OVER (PARTITION BY segment ORDER BY period DESC) AS back FROM perf_bridge)
            SELECT segment, max(period) AS last_period, count(*)::INTEGER AS periods,
                   max(current_revenue) FILTER (WHERE back = 1) AS current_revenue,
                   max(growth_rate) FILTER (WHERE back = 1) AS last_growth_rate,
                   avg(growth_rate) AS average_growth_rate,
                   max(net_revenue_retention) FILTER (WHERE back = 1) AS last_net_revenue_retention,
                   CASE WHEN sum(previous_revenue) > 0 THEN sum(previous_revenue - churned_revenue - contraction_revenue + expansion_revenue)::DOUBLE
                        / sum(previous_revenue)::DOUBLE END AS net_revenue_retention,
                   CASE WHEN sum(previous_revenue) > 0 THEN sum(previous_revenue - churned_revenue - contraction_revenue)::DOUBLE
                        / sum(previous_revenue)::DOUBLE END AS gross_revenue_retention
            FROM ranked WHERE back <= {options.TrendPeriods.ToString(CultureInfo.InvariantCulture)}
            GROUP BY segment
            """,
        ];
    }

    private static List<T> Query<T>(Workspace workspace, string sql, Func<DuckDBDataReader, T> map)
    {
        var rows = new List<T>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static DateOnly Date(DuckDBDataReader reader, int ordinal) => DateOnly.FromDateTime(reader.GetDateTime(ordinal));

    private static double? NullableDouble(DuckDBDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static List<RevenueBridge> ReadBridge(Workspace workspace) => Query(workspace, """
        SELECT period, segment, previous_revenue, new_revenue, retained_base, expansion_revenue, reactivated_revenue,
               contraction_revenue, churned_revenue, current_revenue, booked_revenue,
               previous_customers, new_customers, retained_customers, expanded_customers, contracted_customers,
               reactivated_customers, churned_customers, current_customers, penetration_customers, penetration_revenue,
               growth_rate, net_revenue_retention, gross_revenue_retention
        FROM perf_bridge ORDER BY segment, period
        """, r => new RevenueBridge(
        Date(r, 0), r.GetString(1), r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDecimal(6),
        r.GetDecimal(7), r.GetDecimal(8), r.GetDecimal(9), r.GetDecimal(10),
        r.GetInt64(11), r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15),
        r.GetInt64(16), r.GetInt64(17), r.GetInt64(18), r.GetInt64(19), r.GetDecimal(20),
        NullableDouble(r, 21), NullableDouble(r, 22), NullableDouble(r, 23)));

    private static List<CohortCell> ReadCohorts(Workspace workspace) => Query(workspace, """
        SELECT segment, cohort, period_offset, period, cohort_customers, active_customers, customer_retention, revenue, revenue_retention
        FROM perf_cohorts ORDER BY segment, cohort, period_offset
        """, r => new CohortCell(
        r.GetString(0), Date(r, 1), r.GetInt32(2), Date(r, 3), r.GetInt64(4), r.GetInt64(5), r.GetDouble(6), r.GetDecimal(7), r.GetDouble(8)));

    private static List<SegmentTrend> ReadTrends(Workspace workspace) => Query(workspace, """
        SELECT segment, last_period, periods, current_revenue, last_growth_rate, average_growth_rate,
               last_net_revenue_retention, net_revenue_retention, gross_revenue_retention
        FROM perf_trends ORDER BY segment
        """, r => new SegmentTrend(
        r.GetString(0), Date(r, 1), r.GetInt32(2), r.GetDecimal(3), NullableDouble(r, 4), NullableDouble(r, 5),
        NullableDouble(r, 6), NullableDouble(r, 7), NullableDouble(r, 8)));

    private static void WriteTables(Workspace workspace, PerformanceReport report)
    {
        var header = $"{Sql.Literal(report.RunId)} AS run_id, '{Unit(report.Period)}' AS period_type, "
            + $"{(report.SegmentSet is { } set ? Sql.Literal(set) : "NULL")}::VARCHAR AS segment_set";
        workspace.InTransaction(() =>
        {
            workspace.Execute($"""
                CREATE OR REPLACE TABLE performance_bridge AS SELECT {header}, * FROM perf_bridge ORDER BY segment, period;
                CREATE OR REPLACE TABLE performance_cohorts AS SELECT {header}, * FROM perf_cohorts ORDER BY segment, cohort, period_offset;
                """);
        });
    }
}
