using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The order's own columns a line written under its order may leave blank, in the order a note names them.</summary>
    private static readonly string[] OrderLevelColumns = ["order_id", "account_id", "order_date", "rep_id", "channel"];

    /// <summary>
    /// Exports of orders with their lines write an order's own fields on its first line only. Some leave the order id blank
    /// on the lines under it too (Odoo's sale orders with "Order Lines/…", a spreadsheet whose order cells were merged over
    /// its lines): such a line (no order id, no customer, no date, but a product or an amount, after a line with an order
    /// id) continues the nearest line above with an order id. Others repeat the order id but leave the customer or the date
    /// blank (a shop's orders export): such a line takes them from its order's first line that has its customer. Either
    /// takes its blank owner and channel too, and the custom columns every such line leaves blank (the order's status, its
    /// total). A line with only its order id blank is no continuation: its missing values stay errors. Runs on the staged
    /// rows, before any check, with a note per kind.
    /// </summary>
    private void FillOrderContinuations(FileStage stage)
    {
        var canonical = stage.Canonical;
        if (stage.Table.Name != "orders" || !canonical.ContainsKey("order_id") || !(canonical.ContainsKey("product_id") || canonical.ContainsKey("amount")))
        {
            return;
        }

        var orderFields = new[] { "account_id", "order_date" }.Where(canonical.ContainsKey).ToList();
        if (orderFields.Count == 0)
        {
            return;
        }

        var lineContent = string.Join(" OR ", new[] { "product_id", "amount" }.Where(canonical.ContainsKey).Select(c => $"t_{c} IS NOT NULL"));
        var continues = $"t_order_id IS NULL AND {string.Join(" AND ", orderFields.Select(c => $"t_{c} IS NULL"))} AND ({lineContent})";
        var partial = $"t_order_id IS NOT NULL AND ({string.Join(" OR ", orderFields.Select(c => $"t_{c} IS NULL"))}) AND ({lineContent})";
        if (Count($"SELECT count(*) FROM {Stg} WHERE ({continues}) OR ({partial})") == 0)
        {
            return;
        }

        // Each such line's order line: for a continuation the nearest row above with an order id, for a partial line its
        // order's first line with the customer (or, without a customer column, the date). Without one it stays an error,
        // except in a shop's export, where an order without a company is its customer's email's (FillCustomersByEmail,
        // next): its first line is its head, whose status and totals its other lines take.
        var head = $"min(CASE WHEN t_order_id IS NOT NULL AND t_{orderFields[0]} IS NOT NULL THEN rowid END) OVER (PARTITION BY t_order_id)";
        if (orderFields[0] == "account_id" && ShopCustomerColumns([.. canonical.Values, .. stage.Customs]) is not null)
        {
            head = $"coalesce({head}, min(CASE WHEN t_order_id IS NOT NULL THEN rowid END) OVER (PARTITION BY t_order_id))";
        }

        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_continued AS
            SELECT rid, CASE WHEN continues THEN above ELSE first_of_order END AS head, continues FROM (
                SELECT rowid AS rid, {continues} AS continues, {partial} AS partial,
                       last_value(CASE WHEN t_order_id IS NOT NULL THEN rowid END IGNORE NULLS)
                           OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS above,
                       {head} AS first_of_order
                FROM {Stg})
            WHERE (continues AND above IS NOT NULL) OR (partial AND first_of_order IS NOT NULL AND first_of_order <> rid)
            """);
        var (continued, completed) = (Count("SELECT count(*) FROM sl_continued WHERE continues"), Count("SELECT count(*) FROM sl_continued WHERE NOT continues"));
        if (continued + completed == 0)
        {
            _workspace.Execute("DROP TABLE sl_continued");
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

        // Custom columns blank on every such line and written on some order line are the order's own (its status, its total).
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
        string Taken(IEnumerable<string> taken) => taken.ToList() is var list && list.Count < 2 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
        string Lines(long n) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} line{(n == 1 ? "" : "s")}");
        if (continued > 0)
        {
            stage.Source.Notes.Add($"{stage.Source.Name}: {Lines(continued)} without an order id, customer or date, under a line with an order id, "
                + $"{(continued == 1 ? "continues" : "continue")} the order above (an export of orders with their lines): each takes that order's {Taken(names)} where blank");
        }

        if (completed > 0)
        {
            var more = names.Where(n => n != "order_id" && !orderFields.Contains(n)).ToList();
            stage.Source.Notes.Add($"{stage.Source.Name}: {Lines(completed)} of an order without its {string.Join(" or ", orderFields)} "
                + $"{(completed == 1 ? "takes" : "take")} them from the order's first line (an export of orders with their lines)"
                + (more.Count == 0 ? "" : $", with its {Taken(more)} where blank"));
        }
    }

    /// <summary>
    /// A shop's orders export names a business customer by its company ("Billing Company") and any customer by its
    /// "Email": the header of the company column and the email column, when an orders file has both; else null.
    /// </summary>
    private static (MappedColumn Company, MappedColumn Email)? ShopCustomerColumns(IReadOnlyList<MappedColumn> mapped)
    {
        var company = mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "account_id" && ColumnMapper.Normalise(m.Header) is "billingcompany" or "shippingcompany");
        var email = mapped.FirstOrDefault(m => m.IsCustom && ColumnMapper.Normalise(m.Header) is "email" or "customeremail" or "emailaddress");
        return company is null || email is null ? null : (company, email);
    }

    /// <summary>
    /// In a shop's orders export, an order whose lines name no company (a customer buying without one) is its customer's:
    /// its lines take the "Email" in lower case as their account_id, with a note. Runs after the continuations, so a line
    /// under an order with a company takes the company.
    /// </summary>
    private void FillCustomersByEmail(FileStage stage)
    {
        if (stage.Table.Name != "orders" || ShopCustomerColumns([.. stage.Canonical.Values, .. stage.Customs]) is not var (company, email))
        {
            return;
        }

        var address = $"nullif(lower(trim(r{email.Position})), '')";
        var filled = Count($"SELECT count(*) FROM {Stg} WHERE t_account_id IS NULL AND {address} IS NOT NULL");
        if (filled == 0)
        {
            return;
        }

        _workspace.Execute($"UPDATE {Stg} SET t_account_id = {address} WHERE t_account_id IS NULL AND {address} IS NOT NULL");
        stage.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{stage.Source.Name}: {filled:N0} line{(filled == 1 ? "" : "s")} of orders without a '{company.Header}' take{(filled == 1 ? "s" : "")} the customer's '{email.Header}' (in lower case) as account_id: a shop's customer buying without a company"));
    }
}
