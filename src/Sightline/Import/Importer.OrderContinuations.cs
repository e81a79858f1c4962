using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The order's own columns a line written under its order may leave blank, in the order a note names them.</summary>
    private static readonly string[] OrderLevelColumns = ["order_id", "account_id", "order_date", "rep_id", "channel"];

    /// <summary>
    /// An export of orders with their lines (Odoo's sale orders with "Order Lines/…", a spreadsheet whose order cells were
    /// merged over its lines) writes an order's own fields on its first line only: the lines under it leave the order id,
    /// customer and date blank. Such a line (no order id, no customer, no date, but a product or an amount, after a line
    /// with an order id) takes them from the nearest line above with an order id, as do its blank owner and channel and
    /// the custom columns every such line leaves blank (the order's status, its total). A line with only some of them
    /// blank is no continuation: its missing values stay errors. Runs on the staged rows, before any check.
    /// </summary>
    private void FillOrderContinuations(FileStage stage)
    {
        var canonical = stage.Canonical;
        if (stage.Table.Name != "orders" || !canonical.ContainsKey("order_id") || !(canonical.ContainsKey("product_id") || canonical.ContainsKey("amount")))
        {
            return;
        }

        var blankOrder = string.Join(" AND ", new[] { "order_id", "account_id", "order_date" }.Where(canonical.ContainsKey).Select(c => $"t_{c} IS NULL"));
        var lineContent = string.Join(" OR ", new[] { "product_id", "amount" }.Where(canonical.ContainsKey).Select(c => $"t_{c} IS NOT NULL"));
        var continuation = $"{blankOrder} AND ({lineContent})";
        if (Count($"SELECT count(*) FROM {Stg} WHERE {continuation}") == 0)
        {
            return;
        }

        // Each continuation's order line: the nearest row above with an order id (none above: it stays an error).
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_continued AS
            SELECT rid, head FROM (
                SELECT rowid AS rid, {continuation} AS continues,
                       last_value(CASE WHEN t_order_id IS NOT NULL THEN rowid END IGNORE NULLS)
                           OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS head
                FROM {Stg})
            WHERE continues AND head IS NOT NULL
            """);
        var continued = Count("SELECT count(*) FROM sl_continued");
        if (continued == 0)
        {
            return;
        }

        var staged = _workspace.Strings($"SELECT column_name FROM (DESCRIBE {Stg})").ToHashSet(StringComparer.Ordinal);
        var filled = new List<(string Column, string Name)>();
        foreach (var column in OrderLevelColumns.Where(canonical.ContainsKey))
        {
            var raw = $"r{canonical[column].Position}";
            filled.Add(($"t_{column}", column));
            if (staged.Contains(raw))
            {
                filled.Add((raw, ""));
            }
        }

        // Custom columns blank on every continuation and written on some order line are the order's own (its status, its total).
        var customs = stage.Customs.Where(c => staged.Contains($"r{c.Position}")).ToList();
        if (customs.Count > 0)
        {
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"""
                SELECT {string.Join(", ", customs.Select(c => $"count(r{c.Position}) FILTER (WHERE rowid IN (SELECT rid FROM sl_continued)), "
                    + $"count(r{c.Position}) FILTER (WHERE rowid IN (SELECT head FROM sl_continued))"))}
                FROM {Stg}
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            reader.Read();
            for (var i = 0; i < customs.Count; i++)
            {
                if (reader.GetInt64(2 * i) == 0 && reader.GetInt64(2 * i + 1) > 0)
                {
                    filled.Add(($"r{customs[i].Position}", $"'{customs[i].Header}'"));
                }
            }
        }

        var key = string.Join(", ", stage.Table.Key.Select(k => filled.Any(f => f.Column == $"t_{k}") ? $"coalesce({Stg}.t_{k}, h.t_{k})" : $"{Stg}.t_{k}"));
        _workspace.Execute($"""
            UPDATE {Stg} SET {string.Join(", ", filled.Select(f => $"{f.Column} = coalesce({Stg}.{f.Column}, h.{f.Column})"))}, {StagingPlan.KeyHash} = hash({key})
            FROM sl_continued c JOIN {Stg} h ON h.rowid = c.head
            WHERE {Stg}.rowid = c.rid
            """);
        _workspace.Execute("DROP TABLE sl_continued");

        var names = filled.Select(f => f.Name).Where(n => n.Length > 0).ToList();
        stage.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{stage.Source.Name}: {continued:N0} line{(continued == 1 ? "" : "s")} without an order id, customer or date, under a line with an order id, "
            + $"{(continued == 1 ? "continues" : "continue")} the order above (an export of orders with their lines): each takes that order's "
            + $"{(names.Count < 2 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} and {names[^1]}")} where blank"));
    }
}
