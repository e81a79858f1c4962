using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The note each file made from a flat sales file starts with, by its name (<see cref="ParentsOfFlatSales"/>).</summary>
    private readonly Dictionary<string, string> _derivedNotes = new(StringComparer.Ordinal);

    /// <summary>
    /// A flat sales file (an ERP's or a shop's sales ledger, Tableau's Superstore, UCI's Online Retail): order lines that
    /// also describe their customer and product (Customer Name, Segment, Country; Product Name, Category) and come without
    /// customer or product files. The accounts and products its lines name that the workspace lacks are made from its own
    /// columns, as one more file each, read and checked like any accounts or products file, before the lines.
    /// Made only where the import has no file of that table, and only when the file names them (a name column) or, for
    /// bare ids, while every one the workspace has was made so (named by its id; the name is then the id): once a CRM's
    /// list has described them, a ledger's unknown id stays an error rather than becoming an account nobody described.
    /// </summary>
    private List<InputFile> WithParentsOfFlatSales(List<InputFile> files, string tempDirectory)
    {
        var result = files.ToList();
        foreach (var (parent, reference) in new[] { ("accounts", "account_id"), ("products", "product_id") })
        {
            if (files.Any(f => f.Table == parent))
            {
                continue;
            }

            foreach (var (file, index) in files.Select((f, i) => (f, i)).Where(x => x.f.Table == "orders" && x.f.Companion is null))
            {
                if (ParentsOfFlatSales(file, parent, reference, Path.Combine(tempDirectory, $"{parent}-of-{index}.csv")) is { } derived)
                {
                    result.Add(derived);
                }
            }
        }

        return result;
    }

    private InputFile? ParentsOfFlatSales(InputFile file, string parent, string reference, string target)
    {
        var tempDirectory = Path.GetDirectoryName(target)!;
        SourceFile source;
        IReadOnlyList<string> headers;
        try
        {
            source = new SourceFile(_workspace, file.Path, tempDirectory, file.Name);
            headers = source.Headers();
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null; // staging the file says why
        }

        var lines = MapAs("orders", headers, file.Name);
        if (lines.FirstOrDefault(m => !m.IsCustom && m.Column == reference) is not { } key)
        {
            return null;
        }

        // The parent's columns are those its own map gives to headers the lines leave as attributes, never the other parent's.
        var table = CanonicalSchema.Get(parent);
        var other = parent == "accounts" ? "products" : "accounts";
        // A header the lines read as their own (a shop's 'Name' as the order's id) does not compete for a parent's column.
        var linesOwn = lines.Where(m => !m.IsCustom && m.Position != key.Position).Select(m => m.Position).ToHashSet();
        var parentHeaders = headers.Select((h, i) => linesOwn.Contains(i) ? "" : h).ToList();
        var otherColumns = MapAs(other, parentHeaders, file.Name).Where(m => !m.IsCustom).Select(m => m.Position).ToHashSet();
        var free = lines.Where(m => m.IsCustom && !otherColumns.Contains(m.Position)).Select(m => m.Position).ToHashSet();
        var parentMapped = MapAs(parent, parentHeaders, file.Name);
        var own = parentMapped.Where(m => free.Contains(m.Position) && m.Column != table.Key[0]).ToList();

        // A ledger naming customers by name only ("Customer"): the name is the id of an account it makes.
        var keyIsName = parentMapped.Any(m => m.Position == key.Position && m.Column == "name");
        var mapped = own.Where(m => !m.IsCustom).ToList();
        var customs = own.Where(m => m.IsCustom).ToList();
        own = [.. mapped, .. customs]; // c0, c1 ... in this order
        var named = keyIsName || mapped.Any(m => m.Column == "name");
        // Bare ids make accounts (products) while nothing but ledgers made them: each of the workspace's is named by its id.
        var first = !named && Count($"SELECT count(*) FROM {parent} WHERE name IS DISTINCT FROM {table.Key[0]}") == 0;
        if (!named && !first)
        {
            return null;
        }

        var order = lines.FirstOrDefault(m => !m.IsCustom && m.Column == "order_id");
        string Cell(int position) => $"nullif(trim({source.RawColumn(position + 1)}), '')";
        var cells = own.Select((m, i) => $", {Cell(m.Position)} AS c{i}");
        // A shop's customer without a company is its email, as the lines read it (FillCustomersByEmail); a line under an
        // order with a company is that company's.
        var shopEmail = parent == "accounts" && ShopCustomerColumns(lines) is var (_, address) ? address : null;
        var email = shopEmail is null ? "NULL" : $"lower({Cell(shopEmail.Position)})";
        var id = email == "NULL" ? "sl_key" : $"coalesce(sl_key, max(sl_key) OVER (PARTITION BY sl_order), sl_email)";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_flat AS
            SELECT sl_rn, {id} AS sl_id, sl_order{string.Concat(own.Select((_, i) => $", c{i}"))}
            FROM (SELECT row_number() OVER () AS sl_rn, {Cell(key.Position)} AS sl_key, {(order is null ? "row_number() OVER ()" : Cell(order.Position))} AS sl_order,
                         {email} AS sl_email{string.Concat(cells)}
                  FROM {source.Reader(storeRejects: false)});
            DELETE FROM sl_flat WHERE sl_id IS NULL OR sl_id IN (SELECT {table.Key[0]} FROM {parent}){(keyIsName ? $" OR lower(sl_id) IN (SELECT lower(trim(name)) FROM {DisplayNames(parent, table.Key[0])})" : "")};
            """);
        if (Count("SELECT count(*) FROM sl_flat") == 0)
        {
            return null;
        }

        // Per column, in one pass: how many parents' lines give it two values or more, and how many values it has in all.
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT {string.Concat(own.Select((_, i) => $"count(*) FILTER (WHERE d{i} > 1), (SELECT count(DISTINCT c{i}) FROM sl_flat), "))}
                   count(*) FILTER (WHERE orders > 1)
            FROM (SELECT sl_id, count(DISTINCT sl_order) AS orders{string.Concat(own.Select((_, i) => $", count(DISTINCT c{i}) AS d{i}"))} FROM sl_flat GROUP BY sl_id)
            """;
        using var reader = Workspaces.Workspace.TracedReader(command);
        reader.Read();
        var stats = Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
        long Varying(int index) => stats[2 * index];
        long Values(int index) => stats[(2 * index) + 1];

        // An attribute the file gives its own meaning is the parent's only where it is one value per parent and not one for all
        // (Segment for a customer, Sub-Category for a product); a line's or an order's own (price, ship date) differs within a
        // parent, which shows only where some parent is on two orders or more: without such a parent no attribute is taken.
        var evidence = stats[^1] > 0;
        var kept = customs.Select((m, i) => (Mapped: m, Index: i + mapped.Count))
            .Where(c => evidence && Varying(c.Index) == 0 && Values(c.Index) > 1)
            .ToList();

        // A described column takes the parent's most frequent value (the first seen on a tie): a customer's city may vary by order.
        var columns = mapped.Select((m, i) => (Header: m.Column, Index: i, Words: $"'{m.Header}' ({m.Column})"))
            .Concat(kept.Select(c => (Header: c.Mapped.Header, c.Index, Words: $"'{c.Mapped.Header}'")))
            .ToList();
        var varying = columns.Take(mapped.Count).Select(c => (c.Words, Parents: Varying(c.Index))).Where(v => v.Parents > 0).ToList();
        var modes = columns.Select(c => $"""
            LEFT JOIN (SELECT sl_id, arg_max(v, (n, -f)) AS v FROM (SELECT sl_id, c{c.Index} AS v, count(*) AS n, min(sl_rn) AS f FROM sl_flat WHERE c{c.Index} IS NOT NULL GROUP BY ALL)
                       GROUP BY sl_id) m{c.Index} USING (sl_id)
            """);
        var nameIsId = keyIsName || !named;
        var select = string.Concat(columns.Select(c => $", m{c.Index}.v AS {Sql.Identifier(c.Header)}")) + (nameIsId ? ", p.sl_id AS name" : "");
        _workspace.Execute($"""
            COPY (SELECT p.sl_id AS {table.Key[0]}{select}
                  FROM (SELECT sl_id, min(sl_rn) AS f FROM sl_flat GROUP BY sl_id) p {string.Join(" ", modes)}
                  ORDER BY p.f)
            TO {Sql.Literal(target)} (HEADER, DELIMITER ',');
            DROP TABLE sl_flat;
            """);

        var noun = parent == "accounts" ? "customers" : "products";
        var name = $"{file.Name} ({noun})";
        var made = Count($"SELECT count(*) FROM read_csv({Sql.Literal(target)}, header = true, all_varchar = true)");
        var idAndName = keyIsName ? $"each one's name is its '{key.Header}', which is also its id" : "no name column, so each one's name is its id (none of the workspace's has another name)";
        var described = columns.Count == 0 ? $"from that column alone: {idAndName}"
            : $"from its columns {string.Join(", ", columns.Select(c => c.Words))}{(nameIsId ? $"; {idAndName}" : "")}";
        var differing = varying.Count == 0 ? ""
            : $"; where one's lines differ, its most frequent value is taken ({string.Join(", ", varying.Select(v => $"{v.Words}: {v.Parents:N0}"))})";
        var namedBy = shopEmail is null ? $"'{key.Header}'" : $"'{key.Header}' (or, for an order without one, '{shopEmail.Header}')";
        _derivedNotes[name] = $"{name}: the {made:N0} {table.RowNoun}{(made == 1 ? "" : "s")} {file.Name} names by {namedBy} that the workspace lacks, "
            + $"made {described}{differing}; the file has no {parent} file beside it";
        return new InputFile(target, name, parent, file.SortKey);
    }
}
