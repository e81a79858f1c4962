namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The SQL variable holding one staged file's order headers (id to account, date, owner, status, deleted).</summary>
    private static string OrderHeadersVariable(string stagingTable) => $"{stagingTable}_order_headers";

    /// <summary>
    /// An order-lines file read with its order headers (see <see cref="PairSalesforceCompanions"/>): the headers go into a SQL
    /// map keyed by order id, and the lines' account_id, order_date and rep_id are read from it through their ORDERID as if
    /// the file held them in more columns, so each value is parsed and checked as any cell (and refused at the line's own
    /// line). A line whose order is not among the headers is refused for that alone (<c>Finish</c> adds the rule to the plan).
    /// </summary>
    private (IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn, Action<StagingPlan> Finish) WithOrderHeaders(
        (string Path, string Name) headerFile, string variable, IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn,
        SourceFile lines, string tempDirectory)
    {
        var headers = new SourceFile(_workspace, headerFile.Path, tempDirectory, headerFile.Name);
        var names = headers.Headers();
        int? At(string name) => names.Select((h, i) => (h, i)).Where(x => ColumnMapper.Normalise(x.h) == name).Select(x => (int?)x.i).FirstOrDefault();
        var missing = new[] { "id", "accountid", "effectivedate" }.Where(n => At(n) is null).ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(new Diagnostic(headers.Name, null, null, null,
                $"no {string.Join(", ", missing.Select(m => m.ToUpperInvariant()))} column: read as Salesforce's order headers for {lines.Name}, "
                + "which name each order's ID, ACCOUNTID and EFFECTIVEDATE"));
        }

        string Cell(string name) => At(name) is { } i ? $"nullif(trim({headers.RawColumn(i + 1)}), '')" : "NULL";
        var status = At("statuscode") is not null ? Cell("statuscode") : Cell("status");
        var headerStruct = $"{{'account': {Cell("accountid")}, 'date': {Cell("effectivedate")}, 'owner': {Cell("ownerid")}, "
            + $"'status': lower({status}), 'deleted': lower({Cell("isdeleted")})}}";
        const string Empty = "MAP {}::MAP(VARCHAR, STRUCT(account VARCHAR, date VARCHAR, owner VARCHAR, status VARCHAR, deleted VARCHAR))";
        _workspace.Execute($"""
            SET VARIABLE {variable} = (
                SELECT coalesce(map(list(id), list(header)), {Empty})
                FROM (SELECT id, first(header ORDER BY deleted NULLS FIRST) AS header
                      FROM (SELECT {Cell("id")} AS id, lower({Cell("isdeleted")}) AS deleted, {headerStruct} AS header FROM {headers.Reader(storeRejects: false)})
                      WHERE id IS NOT NULL
                      GROUP BY id))
            """);

        var order = mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "order_id")
            ?? throw new BadInputException(new Diagnostic(lines.Name, null, null, null,
                $"no ORDERID column: Salesforce's order lines name their order in {headerFile.Name} by it"));
        var key = $"trim({rawColumn(order.Position + 1)})";
        var result = mapped.ToList();
        var read = rawColumn;
        var taken = new List<(string Column, string Header)>();
        foreach (var (column, field, header) in new[] { ("account_id", "account", "ACCOUNTID"), ("order_date", "date", "EFFECTIVEDATE"), ("rep_id", "owner", "OWNERID") })
        {
            if (result.Any(m => !m.IsCustom && m.Column == column) || (column == "rep_id" && At("ownerid") is null))
            {
                continue; // the line's own value wins
            }

            var position = result.Max(m => m.Position) + 1;
            var before = read;
            taken.Add((column, header));
            result.Add(new MappedColumn($"({column} from {headerFile.Name} {header})", position, column, IsCustom: false));
            read = k => k == position + 1 ? $"getvariable('{variable}')[{key}].{field}" : before(k);
        }

        static string Listed(List<string> items) => items.Count < 2 ? string.Concat(items) : $"{string.Join(", ", items[..^1])} and {items[^1]}";
        lines.Notes.Add($"{lines.Name}: Salesforce's order lines: each line's {Listed([.. taken.Select(t => t.Column)])} "
            + $"{(taken.Count == 1 ? "is" : "are")} its order's {Listed([.. taken.Select(t => t.Header)])} in {headerFile.Name} (by {order.Header}); "
            + $"{headerFile.Name} is read for them, not loaded on its own");
        var known = $"map_contains(getvariable('{variable}'), t_order_id)";
        void Finish(StagingPlan plan)
        {
            // A value its order lacks is missing only where the order is known: an unknown order is one error, not three.
            for (var i = 0; i < plan.Rules.Count; i++)
            {
                if (taken.Any(t => t.Column == plan.Rules[i].Column) && plan.Rules[i].Value is null)
                {
                    plan.Rules[i] = plan.Rules[i] with { Condition = $"({plan.Rules[i].Condition}) AND {known}" };
                }
            }

            plan.Rules.Add(new RowRule($"t_order_id IS NOT NULL AND NOT {known}", "order_id", "t_order_id",
                $"no order with this ID in {headerFile.Name}, so the line has no account, date or owner"));
        }

        return (result, read, Finish);
    }

    /// <summary>
    /// The user's column map for <paramref name="table"/>; for Salesforce's Product2.csv, with product_id read from ID rather
    /// than PRODUCTCODE (unless the map says otherwise): order and opportunity lines name their product by its ID (PRODUCT2ID).
    /// </summary>
    private Dictionary<string, string>? ColumnMap(Data.TableSpec table, SourceFile source, IReadOnlyList<string> headers)
    {
        var map = _workspace.Settings.ColumnMaps.GetValueOrDefault(table.Name);
        if (table.Name != "products" || !Path.GetFileNameWithoutExtension(source.Name).Equals("product2", StringComparison.OrdinalIgnoreCase)
            || map?.Values.Contains("product_id") == true || headers.FirstOrDefault(h => ColumnMapper.Normalise(h) == "id") is not { } id)
        {
            return map;
        }

        source.Notes.Add($"{source.Name}: Salesforce's products: product_id is each product's {id} (the id order and opportunity lines name it by), not its product code");
        return new Dictionary<string, string>(map ?? [], StringComparer.Ordinal) { [id] = "product_id" };
    }

    /// <summary>
    /// The lines of orders that are not purchases are taken out like records in the recycle bin, with a note per kind:
    /// draft orders (not activated yet), cancelled ones, and orders in the recycle bin.
    /// </summary>
    private void SkipLinesOfUnplacedOrders(FileStage stage)
    {
        if (stage.Companion is not { } headerFile || stage.Table.Name != "orders" || !stage.Canonical.ContainsKey("order_id"))
        {
            return;
        }

        var header = $"getvariable('{OrderHeadersVariable(stage.StagingTable)}')[t_order_id]";
        SkipRows(stage,
        [
            ($"{header}.deleted IN ('true', '1')", (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of orders marked deleted in {headerFile}: skipped, not loaded"),
            ($"{header}.status = 'draft'", (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of draft orders in {headerFile}: not purchases yet, skipped"),
            ($"{header}.status IN ('cancelled', 'canceled')", (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of cancelled orders in {headerFile}: skipped, not loaded"),
        ]);
    }
}
