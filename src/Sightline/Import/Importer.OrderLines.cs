using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>How many repeated order lines a note names by their line numbers, and how many lines of each.</summary>
    private const int RepeatExamples = 3;

    private const int RepeatExampleLines = 5;

    /// <summary>
    /// Order and invoice exports list one product twice on one order (scanned twice, split shipments, separate promotions):
    /// the good lines of one order_id + product_id become one row on the first of them, amount and quantity summed, discount
    /// their amount-weighted mean, rep_id and channel those of the line with the largest amount. Lines that disagree on what
    /// cannot be combined (account_id, order_date) are errors. Runs after references are read (a name may become the id
    /// another line writes), on good rows only, so a rejected line is never folded into a loaded one. Returns the staged rows
    /// deleted (the lines folded into another).
    /// </summary>
    private long CombineRepeatedOrderLines(FileStage stage)
    {
        var canonical = stage.Canonical;
        var hash = StagingPlan.KeyHash;
        if (!canonical.ContainsKey("order_id") || !canonical.ContainsKey("product_id")
            || !KeyHashRepeats("t_order_id IS NOT NULL AND t_product_id IS NOT NULL"))
        {
            return 0;
        }

        bool Has(string column) => canonical.ContainsKey(column);
        string Optional(string column, string sql) => Has(column) ? sql : "";
        var date = $"coalesce(r{canonical["order_date"].Position}, CAST(t_order_date AS VARCHAR))";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_repeats AS
            SELECT rid, t_order_id, t_product_id, t_account_id, t_order_date, {date} AS order_date_text, t_amount
                   {Optional("quantity", ", t_quantity")}{Optional("discount", ", t_discount")}{Optional("rep_id", ", t_rep_id")}{Optional("channel", ", t_channel")},
                   min(rid) OVER (PARTITION BY t_order_id, t_product_id) AS first_rid
            FROM (SELECT {Rid()} AS rid, * FROM {Stg}
                  WHERE {hash} IN (SELECT {hash} FROM {Stg} GROUP BY ALL HAVING count(*) > 1))
            WHERE rid NOT IN (SELECT rid FROM {Err}) AND t_order_id IS NOT NULL AND t_product_id IS NOT NULL
            QUALIFY count(*) OVER (PARTITION BY t_order_id, t_product_id) > 1
            """);

        // One row cannot hold two customers or two dates: such a line is refused, naming the first line's value.
        const string Combined = "repeated lines of one order's product are combined into one row, so they must have the same account_id and order_date";
        foreach (var (column, value, expected) in new[]
        {
            ("account_id", "r.t_account_id", "f.t_account_id"),
            ("order_date", "r.order_date_text", "f.order_date_text"),
        })
        {
            _workspace.Execute($"""
                INSERT INTO {Err}
                SELECT r.rid, {Sql.Literal(column)}, {value},
                       'order ' || r.t_order_id || ', product ' || r.t_product_id || {Sql.Literal($" is on an earlier line with another {column}: expected ")}
                           || {expected} || {Sql.Literal($" ({Combined})")},
                       f.rid
                FROM sl_repeats r JOIN sl_repeats f ON f.rid = r.first_rid
                WHERE r.rid <> r.first_rid AND r.t_{column} IS DISTINCT FROM f.t_{column}
                """);
        }

        // The largest line (by size, a return's too) gives a combined row's rep and channel; on a tie, the first.
        string Largest(string column) => $"arg_max(t_{column}, (abs(t_amount), -rid)) FILTER (WHERE t_{column} IS NOT NULL)";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_combined AS
            SELECT t_order_id, t_product_id, min(rid) AS first_rid, count(*) AS lines, list(rid ORDER BY rid) AS rids, sum(t_amount) AS amount
                   {Optional("quantity", ", sum(t_quantity) AS quantity")}
                   {Optional("discount", """
                       , CASE WHEN count(DISTINCT t_discount) <= 1 THEN min(t_discount)
                             ELSE coalesce(sum(t_discount * abs(t_amount)) / nullif(sum(abs(t_amount)) FILTER (WHERE t_discount IS NOT NULL), 0), avg(t_discount)) END AS discount,
                         count(DISTINCT t_discount) > 1 AS discounts_differ
                       """)}
                   {Optional("rep_id", $", {Largest("rep_id")} AS rep_id, count(DISTINCT t_rep_id) > 1 AS reps_differ")}
                   {Optional("channel", $", {Largest("channel")} AS channel, count(DISTINCT t_channel) > 1 AS channels_differ")}
            FROM sl_repeats WHERE rid NOT IN (SELECT rid FROM {Err})
            GROUP BY t_order_id, t_product_id HAVING count(*) > 1
            """);
        var groups = Count("SELECT count(*) FROM sl_combined");
        if (groups == 0)
        {
            _workspace.Execute("DROP TABLE sl_repeats; DROP TABLE sl_combined");
            return 0;
        }

        // The typed value's text goes in the raw column too: a return flag shows the combined amount, not the first line's.
        string Set(string column) => $", t_{column} = c.{column}, r{canonical[column].Position} = CAST(c.{column} AS VARCHAR)";
        _workspace.Execute($"""
            UPDATE {Stg} SET t_amount = c.amount, r{canonical["amount"].Position} = CAST(c.amount AS VARCHAR)
                {(Has("quantity") ? Set("quantity") : "")}{(Has("discount") ? Set("discount") : "")}
                {Optional("rep_id", ", t_rep_id = c.rep_id")}{Optional("channel", ", t_channel = c.channel")}
            FROM sl_combined c WHERE ({Stg}.rowid - {stage.RowBase}) = c.first_rid
            """);
        var folded = Affected($"""
            DELETE FROM {Stg} WHERE ({Stg}.rowid - {stage.RowBase}) IN (
                SELECT unnest(rids[2:]) FROM sl_combined)
            """);
        RepeatedLinesNotes(stage, groups, folded);
        _workspace.Execute("DROP TABLE sl_repeats; DROP TABLE sl_combined");
        return folded;
    }

    /// <summary>Says how many lines were combined into how many rows, with the first few by their line numbers, and what differed.</summary>
    private void RepeatedLinesNotes(FileStage stage, long groups, long folded)
    {
        var source = stage.Source;
        var examples = new List<(string Key, List<long> Rids)>();
        var differing = new List<(string Column, long Groups, string Example)>();
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT t_order_id || ', ' || t_product_id, rids[1:{RepeatExampleLines}] FROM sl_combined ORDER BY first_rid LIMIT {RepeatExamples}
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                examples.Add((reader.GetString(0), ((System.Collections.IEnumerable)reader.GetValue(1)).Cast<object>().Select(r => Convert.ToInt64(r, CultureInfo.InvariantCulture)).ToList()));
            }
        }

        foreach (var (column, flag) in new[] { ("discount", "discounts_differ"), ("rep_id", "reps_differ"), ("channel", "channels_differ") }
            .Where(c => stage.Canonical.ContainsKey(c.Item1)))
        {
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"SELECT count(*), arg_min(t_order_id || ', ' || t_product_id, first_rid) FROM sl_combined WHERE {flag}";
            using var reader = Workspaces.Workspace.TracedReader(command);
            if (reader.Read() && reader.GetInt64(0) > 0)
            {
                differing.Add((column, reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var rids = examples.SelectMany(e => e.Rids).ToHashSet();
        var found = source.HasTextLines ? source.Locate(rids, stage.Headers.Count, stage.WellFormedRecords) : default;
        long LineOf(long rid) => found.Consistent && found.Found.TryGetValue(rid, out var location) ? location.Line : source.RowNumber(rid);
        var where = source.HasTextLines ? "lines" : source.Format == "xlsx" ? "sheet rows" : "rows";
        var shown = string.Join("; ", examples.Select(e => $"{where} {Listed(e.Rids.Select(LineOf).Select(l => l.ToString(CultureInfo.InvariantCulture)).ToList())}: {e.Key}"));
        var lines = groups + folded;
        source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{source.Name}: {lines:N0} lines name an order's product more than once (the same order_id and product_id: scanned twice, split shipments, "
            + $"separate promotions) and were combined into {groups:N0} order row{(groups == 1 ? "" : "s")}, amount and quantity summed, so totals are kept "
            + $"(e.g. {shown}{(groups > RepeatExamples ? "; ..." : "")})"));
        foreach (var (column, count, example) in differing)
        {
            var rule = column == "discount" ? "takes their discounts' mean weighted by amount" : $"keeps the {column} of its line with the largest amount";
            source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{source.Name}: {column} differs between the combined lines of {count:N0} order row{(count == 1 ? "" : "s")} (e.g. {example}): each {rule}"));
        }
    }

    /// <summary>"2, 5 and 9".</summary>
    private static string Listed(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";
}
