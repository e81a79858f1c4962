using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// Column maps this import found for itself (<see cref="CataloguesOfLines"/>), by table, read after the workspace's own
    /// (which win for a header both name).
    /// </summary>
    private readonly Dictionary<string, Dictionary<string, string>> _foundMaps = new(StringComparer.Ordinal);

    /// <summary>The column map of <paramref name="table"/>: the workspace's column_maps, and what this import found.</summary>
    private Dictionary<string, string>? UserMap(string table)
    {
        var own = _workspace.Settings.ColumnMaps.GetValueOrDefault(table);
        if (!_foundMaps.TryGetValue(table, out var found))
        {
            return own;
        }

        var map = new Dictionary<string, string>(found, StringComparer.Ordinal);
        foreach (var (header, column) in own ?? [])
        {
            map[header] = column;
        }

        return map;
    }

    /// <summary>
    /// A catalogue named after its items (Chinook's tracks.csv, an ERP's items.csv or skus.csv) names no table, but when its
    /// first column is its item's id ("TrackId" in tracks.csv) and an orders file beside it names its lines' item by that
    /// same header, it is the products: it loads as the products file, and that header reads as product_id in both, with a
    /// note. Only where the import has no products file and the orders file has no product column of its own.
    /// </summary>
    private void CataloguesOfLines(List<InputFile> resolved, List<(string Path, string Name, string Key)> skipped, string tempDirectory, List<string> notes)
    {
        if (resolved.Exists(f => f.Table == "products"))
        {
            return;
        }

        foreach (var file in skipped.Where(f => f.Path.Length > 0).ToList())
        {
            var stem = ColumnMapper.Normalise(Path.GetFileNameWithoutExtension(file.Name));
            var item = stem.EndsWith("ies", StringComparison.Ordinal) ? stem[..^3] + "y" : stem.TrimEnd('s');
            IReadOnlyList<string> headers;
            try
            {
                headers = new SourceFile(_workspace, file.Path, tempDirectory, file.Name).Headers();
            }
            catch (Exception e) when (IsUnreadable(e))
            {
                continue;
            }

            if (item.Length == 0 || headers.Count < 2 || ColumnMapper.Normalise(headers[0]) != item + "id")
            {
                continue;
            }

            var key = headers[0];
            var lines = resolved.Where(f => f.Table == "orders" && Path.GetDirectoryName(f.SortKey) == Path.GetDirectoryName(file.Key)).FirstOrDefault(f =>
            {
                var mapped = OrderColumnsAndHeaders(f.Path, f.Name, tempDirectory);
                return mapped is not null && !mapped.Value.Columns.Contains("product_id") && mapped.Value.Headers.Contains(key, StringComparer.Ordinal);
            });
            if (lines is null)
            {
                continue;
            }

            foreach (var table in new[] { "products", "orders" })
            {
                (_foundMaps.TryGetValue(table, out var map) ? map : _foundMaps[table] = new(StringComparer.Ordinal))[key] = "product_id";
            }

            resolved.Add(new InputFile(file.Path, file.Name, "products", file.Key));
            skipped.Remove(file);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{file.Name}: read as the products, since {lines.Name} names each line's product by its first column '{key}': '{key}' is product_id in both "
                + $"(a column map of your own in sightline.yaml is read first)"));
        }
    }

    /// <summary>An orders file's headers and the canonical columns they map to, or null when it cannot be read (its import then says why).</summary>
    private (HashSet<string> Columns, IReadOnlyList<string> Headers)? OrderColumnsAndHeaders(string path, string name, string tempDirectory)
    {
        try
        {
            var headers = new SourceFile(_workspace, path, tempDirectory, name).Headers();
            return ([.. MapAs("orders", headers, name).Where(m => !m.IsCustom).Select(m => m.Column)], headers);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null;
        }
    }

    /// <summary>
    /// For a file named on the command line whose name names no table ("online_retail_II.csv", "export-2025-11.csv"): the
    /// one table whose required columns its header gives, and the note saying so; null when none does, or several equally.
    /// Where several are complete the one needing the most columns wins (an order line's header also gives an account's id
    /// and a product's name). A value the import makes is counted as given: an order line's amount from its unit price, a
    /// touch's id, a contact's id from its email, an account's id from its website. Named files only: a folder's files
    /// that name no table (a CRM export's leads, campaigns) are skipped rather than guessed.
    /// </summary>
    private (string Table, string Note)? TableOfHeader(string path, string name, string tempDirectory)
    {
        IReadOnlyList<string> headers;
        try
        {
            headers = new SourceFile(_workspace, path, tempDirectory, name).Headers();
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null; // refused for its name, as before
        }

        var complete = new List<(string Table, int Required, List<string> Given)>();
        foreach (var table in Data.CanonicalSchema.Tables)
        {
            var mapped = MapAs(table.Name, headers, name);
            var canonical = mapped.Where(m => !m.IsCustom).ToDictionary(m => m.Column, m => m.Header, StringComparer.Ordinal);
            bool Custom(Func<string, bool> test) => mapped.Any(m => m.IsCustom && test(m.Header));
            bool Made(string column) => (table.Name, column) switch
            {
                ("orders", "amount") => Custom(Data.HeaderWords.NamesAUnitPrice),
                ("touchpoints", "event_id") => true,
                ("contacts", "contact_id") => canonical.ContainsKey("email"),
                ("accounts", "account_id") => canonical.ContainsKey("domain"),
                _ => false,
            };
            var required = table.Columns.Where(c => c.Required).Select(c => c.Name).ToList();
            if (required.TrueForAll(c => canonical.ContainsKey(c) || Made(c)) && table.Key.All(k => !canonical.TryGetValue(k, out var header) || NamesItsRecord(header)))
            {
                complete.Add((table.Name, required.Count, [.. required.Where(canonical.ContainsKey).Select(c => $"'{canonical[c]}' as {c}")]));
            }
        }

        var most = complete.Count == 0 ? 0 : complete.Max(c => c.Required);
        if (complete.Where(c => c.Required == most).ToList() is not [var chosen])
        {
            return null;
        }

        return (chosen.Table, $"{name}: its name names no table, so it is read as {chosen.Table}, the table whose required columns its header gives "
            + $"({string.Join(", ", chosen.Given)}); name the file after its table, or pass --table, to read it otherwise");
    }

    /// <summary>
    /// Whether a key's header says whose key it is ("Customer ID", "Invoice", "StockCode"), not only that it is one ("id",
    /// "Key", "#"): a payment export's bare id beside a description would otherwise read as a product catalogue.
    /// </summary>
    private static bool NamesItsRecord(string header)
    {
        var words = ColumnMapper.Normalise(header);
        foreach (var generic in (string[])["uuid", "guid", "id", "key", "number", "num", "no", "code", "ref", "record", "row", "object", "external", "internal", "unique"])
        {
            words = words.Replace(generic, "", StringComparison.Ordinal);
        }

        return words.Length > 0;
    }
}

