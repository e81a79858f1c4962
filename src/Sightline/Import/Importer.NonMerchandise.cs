using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>Non-merchandise products a note names by code at most; the rest are counted.</summary>
    private const int MaxNamedLineKinds = 12;

    /// <summary>
    /// Marks every product that is no merchandise (<see cref="NonMerchandise"/>) in <c>products.line_kind</c>, with the
    /// workspace's own additions and kept codes (<c>import.non_merchandise</c>), and returns the note naming the products whose
    /// marking this import changed (code, kind, order lines), or null when none did. All products are read again, so a
    /// product file's, a ledger's derived products and a changed setting are all taken at the next import.
    /// </summary>
    private string? MarkNonMerchandise()
    {
        var settings = _workspace.Settings.Import.NonMerchandise;
        var rules = new List<string>();
        void Rule(string key, string? name, string kind, bool onCode, int priority) =>
            rules.Add($"({Sql.Literal(key)}, {(name is null ? "NULL" : Sql.Literal(name))}, {Sql.Literal(kind)}, {(onCode ? "true" : "false")}, {priority})");
        // Priority: the workspace's own entries win over the built-in ones, a code with its name over a code, a code over a name.
        foreach (var (entry, kind) in settings.Add)
        {
            Rule(entry, null, kind, onCode: false, 0);
        }

        foreach (var (code, name, kind) in NonMerchandise.CodesWithNames)
        {
            Rule(code, name, kind, onCode: true, 1);
        }

        foreach (var (code, kind) in NonMerchandise.Codes)
        {
            Rule(code, null, kind, onCode: true, 2);
        }

        foreach (var (name, kind) in NonMerchandise.Names)
        {
            Rule(name, null, kind, onCode: false, 3);
        }

        var kept = settings.Keep.Count == 0 ? "SELECT NULL::VARCHAR AS k WHERE false"
            : $"SELECT {NonMerchandise.KeySql("k")} AS k FROM (VALUES {string.Join(", ", settings.Keep.Select(k => $"({Sql.Literal(k)})"))}) v(k)";
        // A rule on a code reads the product's id; one on a name reads its id or its name (ledgers name products by name).
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_line_kinds AS
            WITH rules AS (
                SELECT {NonMerchandise.KeySql("k")} AS k, {NonMerchandise.KeySql("n")} AS n, kind, on_code, priority
                FROM (VALUES {string.Join(", ", rules)}) v(k, n, kind, on_code, priority)),
            p AS (SELECT product_id, name, line_kind, {NonMerchandise.KeySql("product_id")} AS id_key, {NonMerchandise.KeySql("name")} AS name_key FROM products),
            hits AS (
                SELECT p.product_id, r.kind, r.priority FROM p JOIN rules r ON r.k = p.id_key AND (r.n IS NULL OR r.n = p.name_key)
                UNION ALL
                SELECT p.product_id, r.kind, r.priority FROM p JOIN rules r ON r.k = p.name_key AND NOT r.on_code),
            marked AS (SELECT product_id, arg_min(kind, priority) AS kind FROM hits GROUP BY product_id),
            kept AS ({kept})
            SELECT p.product_id, p.name, p.line_kind AS was,
                   CASE WHEN p.id_key NOT IN (SELECT k FROM kept) AND p.name_key NOT IN (SELECT k FROM kept) THEN m.kind END AS kind
            FROM p LEFT JOIN marked m USING (product_id)
            WHERE m.kind IS NOT NULL OR p.line_kind IS NOT NULL;
            DELETE FROM sl_line_kinds WHERE was IS NOT DISTINCT FROM kind;
            UPDATE products SET line_kind = k.kind FROM sl_line_kinds k WHERE products.product_id = k.product_id;
            """);

        var changed = new List<(string Id, string Name, string? Kind, long Lines)>();
        // Counting lines reads every order: only when some marking changed.
        if (Count("SELECT count(*) FROM sl_line_kinds") > 0)
        {
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = """
                SELECT k.product_id, k.name, k.kind, count(o.product_id) AS lines
                FROM sl_line_kinds k LEFT JOIN orders o USING (product_id)
                GROUP BY k.product_id, k.name, k.kind ORDER BY k.kind IS NULL, lines DESC, k.product_id
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                changed.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3)));
            }
        }

        _workspace.Execute("DROP TABLE sl_line_kinds");
        if (changed.Count == 0)
        {
            return null;
        }

        static string Named(IReadOnlyList<(string Id, string Name, string? Kind, long Lines)> products, Func<(string Id, string Name, string? Kind, long Lines), string> describe)
        {
            var shown = string.Join(", ", products.Take(MaxNamedLineKinds).Select(describe));
            return products.Count > MaxNamedLineKinds ? $"{shown} and {products.Count - MaxNamedLineKinds:N0} more" : shown;
        }

        static string Lines(long lines) => string.Create(CultureInfo.InvariantCulture, $"{lines:N0} order line{(lines == 1 ? "" : "s")}");
        static string Product(string id, string name) => NonMerchandise.Key(id) == NonMerchandise.Key(name) ? $"'{id}'" : $"'{id}' named {name}";
        var marked = changed.Where(c => c.Kind is not null).ToList();
        var unmarked = changed.Where(c => c.Kind is null).ToList();
        var parts = new List<string>();
        if (marked.Count > 0)
        {
            parts.Add($"{marked.Count:N0} product{(marked.Count == 1 ? " is" : "s are")} no merchandise, by {(marked.Count == 1 ? "its" : "their")} code or name: "
                + Named(marked, m => $"{Product(m.Id, m.Name)} ({m.Kind}, {Lines(m.Lines)})")
                + "; their lines stay in revenue but count in no product family, holding, propensity, white space or list");
        }

        if (unmarked.Count > 0)
        {
            parts.Add($"{unmarked.Count:N0} product{(unmarked.Count == 1 ? " is" : "s are")} merchandise again: "
                + Named(unmarked, m => $"{Product(m.Id, m.Name)} ({Lines(m.Lines)})"));
        }

        return string.Join("; ", parts) + " (import.non_merchandise in sightline.yaml adds codes or names, or keeps one as a product)";
    }
}
