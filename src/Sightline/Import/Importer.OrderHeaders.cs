using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The SQL type of an order's header as its lines read it (<see cref="WithOrderHeaders"/>).</summary>
    private const string OrderHeaderType = "STRUCT(account VARCHAR, date VARCHAR, owner VARCHAR, status VARCHAR, deleted VARCHAR, cancelled VARCHAR)";

    /// <summary>
    /// Status words of an order that is no purchase, as <see cref="StatusWord"/> writes them: its lines are skipped
    /// (<see cref="SkipLinesOfUnplacedOrders"/>, <see cref="SkipLinesByStatus"/>). Drafts and quotes are not placed yet
    /// (Salesforce's Draft, Odoo's Quotation, WooCommerce's pending payment); cancelled, voided, refunded and failed ones
    /// were never paid or were paid back (Xero's VOIDED and DELETED invoices). Words of a placed order in any state of delivery are not here (NetSuite's
    /// "Pending Fulfillment" is a sale).
    /// </summary>
    private static readonly string[] DraftStatuses = ["draft", "quotation", "quotation sent", "quote", "estimate", "pending payment", "checkout draft"],
        CancelledStatuses = ["cancelled", "canceled", "cancel", "void", "voided", "refunded", "failed", "declined", "rejected", "deleted"];

    /// <summary>
    /// Headers of a yes/no cancelled flag (SAP Business One's CANCELED, an ERP's Voided), and the flags that mark a document
    /// no purchase: yes (the cancelled document) and SAP's C (the cancellation document that reverses it, with the same
    /// amounts): counting either would count a sale that was taken back.
    /// </summary>
    private static readonly string[] CancelledFlagHeaders = ["canceled", "cancelled", "iscanceled", "iscancelled", "void", "voided", "isvoid", "isvoided"],
        CancelledFlags = ["y", "yes", "true", "1", "x", "c"];

    /// <summary>A status cell as the word lists write it: lower case, runs of spaces, hyphens and underscores as one space ("wc-checkout-draft": "wc checkout draft").</summary>
    private static string StatusWord(string cell) => $"regexp_replace(regexp_replace(lower(trim({cell})), '[\\s_-]+', ' ', 'g'), '^wc ', '')";

    private static string AmongStatuses(string[] words) => string.Join(", ", words.Select(w => Sql.Literal(w)));

    /// <summary>
    /// An ERP, shop or CRM export of orders in two files (<see cref="PairOrderHeaders"/>): headers (order id, customer, date,
    /// owner; no product) and lines (order id, product, amount). Each lines file whose name tells orders and which lacks an
    /// account or date, in the same folder or archive as exactly one such headers file, is read with it; the headers file is
    /// not loaded on its own. Files given with --table are paired too; a Salesforce pair is paired by its names already.
    /// </summary>
    private List<InputFile> PairOrderHeaders(List<InputFile> files, string tempDirectory)
    {
        var candidates = files.Where(f => f.Table == "orders" && f.Companion is null && files.All(o => o.Companion?.Path != f.Path)).ToList();
        if (candidates.Count < 2)
        {
            return files;
        }

        var shapes = candidates.Select(f => (File: f, Columns: OrderColumnsOf(f.Path, f.Name, tempDirectory))).ToList();
        var headerFiles = shapes.Where(s => s.Columns is { } c && c.Contains("order_id") && c.Contains("account_id") && !c.Contains("product_id")).ToList();
        var lineFiles = shapes.Where(s => s.Columns is { } c && c.Contains("order_id") && c.Contains("product_id") && !(c.Contains("account_id") && c.Contains("order_date")));
        var pairs = new Dictionary<InputFile, InputFile>();
        foreach (var (lines, _) in lineFiles)
        {
            var folder = Path.GetDirectoryName(lines.SortKey);
            if (headerFiles.Where(h => Path.GetDirectoryName(h.File.SortKey) == folder).Select(h => h.File).ToList() is [var header])
            {
                pairs[lines] = header;
            }
        }

        var readForLines = pairs.Values.ToHashSet();
        return [.. files.Where(f => !readForLines.Contains(f)).Select(f => pairs.TryGetValue(f, out var header) ? f with { Companion = (header.Path, header.Name) } : f)];
    }

    /// <summary>How a file's headers map to <paramref name="table"/>'s columns, with the workspace's column maps (no notes).</summary>
    private IReadOnlyList<MappedColumn> MapAs(string table, IReadOnlyList<string> headers, string file) =>
        ColumnMapper.MapHeaders(CanonicalSchema.Get(table), headers, UserMap(table), file);

    /// <summary>The canonical orders columns a file's header maps to, or null when the header cannot be read (its import then says why).</summary>
    private HashSet<string>? OrderColumnsOf(string path, string name, string tempDirectory) => OrderColumnsAndHeaders(path, name, tempDirectory)?.Columns;

    /// <summary>
    /// An order-lines file read with its order headers (Salesforce's OrderItem.csv with Order.csv, <see cref="PairSalesforceCompanions"/>;
    /// any other pair, <see cref="PairOrderHeaders"/>): the headers go into a table keyed by order id, and the lines'
    /// account_id, order_date and rep_id (those the lines lack) are read from it through their order id as if the file held
    /// them in more columns, so each value is parsed and checked as any cell (and refused at the line's own line). A line
    /// whose order is not among the headers is refused for that alone (<c>Finish</c> adds the rule to the plan).
    /// </summary>
    private (IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn, Action<StagingPlan> Finish, CompanionLookup Lookup) WithOrderHeaders(
        (string Path, string Name) headerFile, string table, IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn,
        SourceFile lines, string tempDirectory)
    {
        static string Listed(List<string> items) => items.Count < 2 ? string.Concat(items) : $"{string.Join(", ", items[..^1])} and {items[^1]}";
        var order = mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "order_id")
            ?? throw new BadInputException(new Diagnostic(lines.Name, null, null, null,
                $"no order id column (such as ORDERID or Order ID): the order lines name their order in {headerFile.Name} by it"));
        var headers = new SourceFile(_workspace, headerFile.Path, tempDirectory, headerFile.Name);
        var names = headers.Headers();
        var headerMapped = MapAs("orders", names, headers.Name);
        int? Named(string normalised) => names.Select((h, i) => (h, i)).Where(x => ColumnMapper.Normalise(x.h) == normalised).Select(x => (int?)x.i).FirstOrDefault();
        int? Mapped(string column) => headerMapped.FirstOrDefault(m => !m.IsCustom && m.Column == column)?.Position;

        // The lines' own name for the order first (OrderID in both); then the headers' own ID where the lines name it
        // "<object> ID" (Salesforce's ORDERID is its order's ID, not its ORDERNUMBER); then whatever maps to order_id.
        var lineKey = ColumnMapper.Normalise(order.Header);
        var keyAt = Named(lineKey) ?? (lineKey.EndsWith("id", StringComparison.Ordinal) ? Named("id") : null) ?? Mapped("order_id");
        var wanted = new[] { ("account_id", "account"), ("order_date", "date"), ("rep_id", "owner") }
            .Where(w => !mapped.Any(m => !m.IsCustom && m.Column == w.Item1)).ToList();
        var missing = wanted.Where(w => w.Item1 != "rep_id" && Mapped(w.Item1) is null).Select(w => w.Item1).Prepend(keyAt is null ? "order_id" : null).OfType<string>().ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(new Diagnostic(headers.Name, null, null, null,
                $"no {string.Join(" or ", missing)} column (headers seen: {string.Join(", ", names)}): read as the order headers of {lines.Name}, "
                + $"whose lines take each order's {Listed([.. wanted.Where(w => w.Item1 != "rep_id").Select(w => w.Item1)])} from it by {order.Header}"));
        }

        string Cell(int? at) => at is { } i ? $"nullif(trim({headers.RawColumn(i + 1)}), '')" : "NULL";
        var status = Cell(Named("statuscode") ?? Named("status") ?? Named("orderstatus"));
        var headerStruct = $"{{'account': {Cell(Mapped("account_id"))}, 'date': {Cell(Mapped("order_date"))}, 'owner': {Cell(Mapped("rep_id"))}, "
            + $"'status': lower({status}), 'deleted': lower({Cell(Named("isdeleted"))}), "
            + $"'cancelled': {Cell(CancelledFlagHeaders.Select(Named).FirstOrDefault(at => at is not null))}}}";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT id, first(header ORDER BY deleted NULLS FIRST) AS v
            FROM (SELECT {Cell(keyAt)} AS id, lower({Cell(Named("isdeleted"))}) AS deleted, {headerStruct}::{OrderHeaderType} AS header FROM {headers.Reader(storeRejects: false)})
            WHERE id IS NOT NULL
            GROUP BY id
            """);

        var key = $"trim({rawColumn(order.Position + 1)})";
        var result = mapped.ToList();
        var read = rawColumn;
        var taken = new List<(string Column, string Header)>();
        foreach (var (column, field) in wanted)
        {
            if (Mapped(column) is not { } at)
            {
                continue; // no owner in the headers: the lines have none
            }

            var position = result.Max(m => m.Position) + 1;
            var before = read;
            taken.Add((column, names[at]));
            result.Add(new MappedColumn($"({column} from {headerFile.Name} {names[at]})", position, column, IsCustom: false));
            read = k => k == position + 1 ? $"{CompanionRecord}.{field}" : before(k);
        }

        lines.Notes.Add($"{lines.Name}: order lines: each line's {Listed([.. taken.Select(t => t.Column)])} "
            + $"{(taken.Count == 1 ? "is" : "are")} its order's {Listed([.. taken.Select(t => t.Header)])} in {headerFile.Name} (by {order.Header}); "
            + $"{headerFile.Name} is read for them, not loaded on its own");
        var known = $"t_order_id IN (SELECT id FROM {table})";
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
                $"no order with this id in {headerFile.Name}, so the line has no {Listed([.. taken.Select(t => t.Column)])}"));
        }

        return (result, read, Finish, new CompanionLookup(table, key, OrderHeaderType));
    }

    /// <summary>
    /// The user's column map for <paramref name="table"/>; for Salesforce's Product2.csv, with product_id read from ID rather
    /// than PRODUCTCODE (unless the map says otherwise): order and opportunity lines name their product by its ID (PRODUCT2ID).
    /// </summary>
    private Dictionary<string, string>? ColumnMap(Data.TableSpec table, SourceFile source, IReadOnlyList<string> headers)
    {
        var map = UserMap(table.Name);
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
    /// draft orders (not activated yet), cancelled or voided ones, and orders in the recycle bin.
    /// </summary>
    private void SkipLinesOfUnplacedOrders(FileStage stage)
    {
        if (stage.Companion is not { } headerFile || stage.Table.Name != "orders" || !stage.Canonical.ContainsKey("order_id"))
        {
            return;
        }

        string OrdersWhere(string condition) => $"t_order_id IN (SELECT id FROM {CompanionTable(stage.StagingTable)} WHERE {condition})";
        SkipRows(stage,
        [
            (OrdersWhere("v.deleted IN ('true', '1')"), (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of orders marked deleted in {headerFile}: skipped, not loaded"),
            (OrdersWhere($"{StatusWord("v.status")} IN ({AmongStatuses(DraftStatuses)})"), (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of draft orders in {headerFile}: not purchases yet, skipped"),
            (OrdersWhere($"{StatusWord("v.status")} IN ({AmongStatuses(CancelledStatuses)})"), (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of cancelled orders in {headerFile}: skipped, not loaded"),
            (OrdersWhere($"{StatusWord("v.cancelled")} IN ({AmongStatuses(CancelledFlags)})"),
                (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of orders flagged cancelled in {headerFile} (a cancelled document or the one cancelling it): skipped, not loaded"),
        ]);
    }

    /// <summary>Headers of an orders file's own status column (normalised): the order's state, not a place ("State" is left out).</summary>
    private static readonly string[] OrderStatusHeaders = ["status", "orderstatus", "statuscode", "statusreason", "financialstatus", "invoicestatus", "documentstatus", "paymentstatus"];

    /// <summary>Headers of a transaction's type in an accounting package's transaction list (normalised).</summary>
    private static readonly string[] TransactionTypeHeaders = ["type", "transactiontype", "documenttype", "doctype"];

    /// <summary>
    /// Transaction types (as <see cref="StatusWord"/> writes them) that are no sale: quotes, payments received, money moved
    /// and purchases. Invoices, sales receipts, cash sales, sales orders and credit memos (returns, read as negative lines) stay.
    /// </summary>
    private static readonly string[] NonSaleTransactionTypes = ["estimate", "quote", "quotation", "payment", "receive payment", "customer payment", "deposit",
        "bank deposit", "transfer", "journal", "journal entry", "purchase order", "bill", "bill payment", "expense", "check", "cheque", "vendor credit"];

    /// <summary>Transaction types (as <see cref="StatusWord"/> writes them) that bill a sale.</summary>
    private static readonly string[] InvoiceTransactionTypes = ["invoice", "sales receipt", "cash sale", "custinvc", "cashsale"];

    /// <summary>Transaction types (as <see cref="StatusWord"/> writes them) that order a sale its invoice bills later.</summary>
    private static readonly string[] OrderTransactionTypes = ["sales order", "salesord"];

    /// <summary>Headers of a cancellation time: a line whose order has one was cancelled (Shopify's "Cancelled at").</summary>
    private static readonly string[] CancelledAtHeaders = ["cancelledat", "canceledat", "cancelleddate", "canceleddate", "cancellationdate", "datecancelled", "datecanceled"];

    /// <summary>
    /// An orders file that carries each order's status itself (Odoo's Status, WooCommerce's Order Status, Shopify's Financial
    /// Status and Cancelled at; not a pair of files, whose headers' status <see cref="SkipLinesOfUnplacedOrders"/> reads):
    /// the lines of drafts and quotes, and of cancelled, voided, refunded or failed orders, are no purchases and are skipped
    /// with a note naming the words and lines. The column stays a custom attribute of the lines that load.
    /// </summary>
    private void SkipLinesByStatus(FileStage stage)
    {
        if (stage.Companion is not null || stage.Table.Name != "orders")
        {
            return;
        }

        var kinds = new List<(string Condition, Func<long, string, string> Note)>();
        IEnumerable<MappedColumn> Headed(string[] headers) => stage.Customs.Where(c => headers.Contains(ColumnMapper.Normalise(c.Header)));

        // Lines whose column holds one of the words, noted with the words as written (read before SkipRows deletes them).
        void SkipWords(MappedColumn column, string[] words, string whose, string what)
        {
            var condition = $"{StatusWord($"r{column.Position}")} IN ({AmongStatuses(words)})";
            var written = string.Join(" or ", Words($"r{column.Position}", condition).Take(5).Select(w => $"'{w}'"));
            kinds.Add((condition, (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) {whose} '{column.Header}' is {written}: {what}, skipped"));
        }

        foreach (var status in Headed(OrderStatusHeaders))
        {
            SkipWords(status, DraftStatuses, "of orders whose", "not purchases yet");
            SkipWords(status, CancelledStatuses, "of orders whose", "no purchases");
        }

        foreach (var flag in Headed(CancelledFlagHeaders))
        {
            SkipWords(flag, CancelledFlags, "whose", "cancelled documents or the ones cancelling them, no purchases");
        }

        foreach (var type in Headed(TransactionTypeHeaders))
        {
            SkipWords(type, NonSaleTransactionTypes, "whose", "no sales");

            // A list holding invoices beside sales orders holds most sales twice: ordered, then invoiced. The invoices are the sales.
            var word = StatusWord($"r{type.Position}");
            if (Count($"SELECT count(*) FROM (SELECT 1 FROM {Stg} WHERE {word} IN ({AmongStatuses(InvoiceTransactionTypes)}) LIMIT 1)") > 0)
            {
                SkipWords(type, OrderTransactionTypes, "whose", "sales the list counts once invoiced (it has invoices)");
            }
        }

        foreach (var cancelled in Headed(CancelledAtHeaders))
        {
            kinds.Add(($"r{cancelled.Position} IS NOT NULL",
                (n, lines) => $"{Counted(n, "line", "lines")} ({lines}) of orders with a '{cancelled.Header}': cancelled, skipped"));
        }

        if (kinds.Count > 0)
        {
            SkipRows(stage, kinds);
        }
    }
}
