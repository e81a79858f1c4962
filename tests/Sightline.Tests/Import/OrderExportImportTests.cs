using MiniExcelLibs;
using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// Orders exported with their lines in one file, as ERPs and shops write them: the order's own fields on its first line
/// only (Odoo's "Order Lines/…" export, merged cells saved as text), headers written as paths, and each order's status
/// in the file itself (quotations, cancelled, refunded orders are no purchases).
/// </summary>
public sealed class OrderExportImportTests : IDisposable
{
    private readonly TestWorkspace _ws = new("column_values:\n  reps:\n    role: field\n");

    public void Dispose() => _ws.Dispose();

    private List<string> Lines(string sql) => _ws.Lines(sql);

    private void Parents() => _ws.Import(null,
        ("reps.csv", "rep_id,name\nMitchell Admin,Mitchell Admin\nMarc Demo,Marc Demo\n"),
        ("accounts.csv", "account_id,name\nDECO,Deco Addict\nGEMINI,Gemini Furniture\n"),
        ("products.csv", "Internal Reference,Name,Product Category,Sales Price\nDESK,Desk Combination,Desks,450\nCAB,Cabinet with Doors,Storage,150\n"));

    private const string OdooHeader = "Order Reference,Customer,Order Date,Salesperson,Status,Order Lines/Product,Order Lines/Quantity,Order Lines/Unit Price,Order Lines/Subtotal,Total\n";

    [Fact]
    public void OdooSaleOrders_LinesUnderAnOrderTakeItsFields_QuotationsSkipped_PathHeadersMapped_ProductsByDisplayName()
    {
        Parents();

        var result = _ws.Import(null, ("Sales Order (sale.order).csv", OdooHeader
            + "S00021,Deco Addict,2026-03-02 10:14:33,Mitchell Admin,Sales Order,[DESK] Desk Combination,2.00,450.00,900.00,\"1,350.00\"\n"
            + ",,,,,[CAB] Cabinet with Doors,3.00,150.00,450.00,\n"
            + "S00022,Gemini Furniture,2026-04-11 08:00:00,Marc Demo,Sales Order,[DESK] Desk Combination,1.00,450.00,450.00,450.00\n"
            + "S00023,Deco Addict,2026-05-20 16:40:12,Mitchell Admin,Quotation,[CAB] Cabinet with Doors,5.00,150.00,750.00,750.00\n"
            + ",,,,,[DESK] Desk Combination,1.00,450.00,450.00,\n"));

        Assert.Equal(["S00021|CAB|DECO|2026-03-02|450.0|3.0|Mitchell Admin|Sales Order|1350.0", "S00021|DESK|DECO|2026-03-02|900.0|2.0|Mitchell Admin|Sales Order|1350.0",
            "S00022|DESK|GEMINI|2026-04-11|450.0|1.0|Marc Demo|Sales Order|450.0"],
            Lines("SELECT order_id, product_id, account_id, order_date, amount, quantity, rep_id, status, total FROM orders ORDER BY order_id, product_id"));
        var notes = Assert.Single(result.Files).Notes;
        Assert.Contains("Sales Order (sale.order).csv: 2 lines without an order id, customer or date, under a line with an order id, continue the order above "
            + "(an export of orders with their lines): each takes that order's order_id, account_id, order_date, rep_id, 'Status' and 'Total' where blank", notes);
        Assert.Contains("Sales Order (sale.order).csv: 2 lines (lines 5, 6) of orders whose 'Status' is 'Quotation': not purchases yet, skipped", notes);
        Assert.Contains(notes, n => n.StartsWith("product_id: 3 values were products' names, read as their ids (e.g. '[", StringComparison.Ordinal));
        Assert.Equal(["CAB|Cabinet with Doors|Storage", "DESK|Desk Combination|Desks"], Lines("SELECT product_id, name, family FROM products ORDER BY product_id"));
    }

    [Fact]
    public void Workbook_OrderCellsMergedOverTheirLines_LinesContinueTheOrder_AndABadValueKeepsItsSheetRow()
    {
        Parents();
        static Dictionary<string, object?> Row(string? order, string? customer, DateTime? date, string product, object amount) =>
            new() { ["Invoice No"] = order, ["Customer"] = customer, ["Invoice Date"] = date, ["Item"] = product, ["Line Amount"] = amount };
        var path = _ws.Files.File("Invoices.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            Row("INV-7", "Deco Addict", new DateTime(2026, 2, 1), "DESK", 900), Row(null, null, null, "CAB", 300),
            Row("INV-8", "Gemini Furniture", new DateTime(2026, 2, 3), "CAB", 150), Row(null, null, null, "DESK", "n/a?"),
        });

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("Invoices.xlsx:5: column 'amount' value 'n/a?': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)", Assert.Single(error.Diagnostics).ToString());

        var fixedPath = _ws.Files.File("fixed/Invoices.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(fixedPath)!);
        MiniExcel.SaveAs(fixedPath, new[]
        {
            Row("INV-7", "Deco Addict", new DateTime(2026, 2, 1), "DESK", 900), Row(null, null, null, "CAB", 300),
            Row("INV-8", "Gemini Furniture", new DateTime(2026, 2, 3), "CAB", 150), Row(null, null, null, "DESK", 450),
        });
        _ws.ImportPaths([fixedPath]);
        Assert.Equal(["INV-7|CAB|DECO|2026-02-01|300.0", "INV-7|DESK|DECO|2026-02-01|900.0", "INV-8|CAB|GEMINI|2026-02-03|150.0", "INV-8|DESK|GEMINI|2026-02-03|450.0"],
            Lines("SELECT order_id, product_id, account_id, order_date, amount FROM orders ORDER BY order_id, product_id"));
    }

    [Fact]
    public void ALineMissingOnlyItsOrderId_IsNoContinuation_AndIsRefusedAtItsLine()
    {
        Parents();

        var error = _ws.ImportFails(null, ("orders.csv", OdooHeader
            + "S00021,DECO,2026-03-02,Mitchell Admin,Sales Order,DESK,2,450,900,900\n"
            + ",GEMINI,,,,CAB,3,150,450,\n"));

        Assert.Equal(["orders.csv:3: column 'order_id': required value is missing ('Order Reference' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", "orders.csv:3: column 'order_date': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void ALineUnderNoOrder_IsRefused_AndAContinuationsBadValueIsRefusedAtItsOwnLine()
    {
        Parents();

        var noOrderAbove = _ws.ImportFails(null, ("orders.csv", OdooHeader + ",,,,,CAB,3,150,450,\nS00021,DECO,2026-03-02,Mitchell Admin,Sales Order,DESK,2,450,900,900\n"));
        var badAmount = _ws.ImportFails(null, ("orders.csv", OdooHeader + "S00021,DECO,2026-03-02,Mitchell Admin,Sales Order,DESK,2,450,900,900\n,,,,,CAB,3,150,lots,\n"));

        Assert.Equal(["orders.csv:2: column 'order_id': required value is missing ('Order Reference' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", "orders.csv:2: column 'account_id': required value is missing ('Customer' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects",
            "orders.csv:2: column 'order_date': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"], noOrderAbove.Diagnostics.Select(d => d.ToString()));
        Assert.Equal("orders.csv:3: column 'amount' value 'lots': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)", Assert.Single(badAmount.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void AContinuationKeepsItsOwnOwner_AndAnOrderLevelColumnWrittenOnSomeContinuationIsTheLinesOwn()
    {
        Parents();

        _ws.Import(null, ("orders.csv", "Order Reference,Customer,Order Date,Salesperson,Product,Line Subtotal,Note\n"
            + "S1,DECO,2026-03-02,Mitchell Admin,DESK,900,first\n,,,Marc Demo,CAB,450,\nS2,GEMINI,2026-03-04,Marc Demo,DESK,450,x\n,,,,CAB,150,second line\n"));

        Assert.Equal(["S1|CAB|DECO|Marc Demo|null", "S1|DESK|DECO|Mitchell Admin|first", "S2|CAB|GEMINI|Marc Demo|second line", "S2|DESK|GEMINI|Marc Demo|x"],
            Lines("SELECT order_id, product_id, account_id, rep_id, note FROM orders ORDER BY order_id, product_id"));
    }

    [Fact]
    public void OneOrdersFileWithItsStatus_DraftsCancelledRefundedAndFailedSkipped_PlacedOnesLoad_WithTheirStatus()
    {
        Parents();

        var result = _ws.Import(null, ("woo_orders.csv", "Order Number,Order Status,Customer ID,Order Date,SKU,Line Total\n"
            + "1001,Completed,DECO,2026-01-05,DESK,450\n1002,wc-cancelled,DECO,2026-01-06,CAB,150\n1003,Refunded,GEMINI,2026-01-07,DESK,450\n"
            + "1004,Pending payment,GEMINI,2026-01-08,CAB,150\n1005,Pending Fulfillment,GEMINI,2026-01-09,CAB,150\n1006,failed,DECO,2026-01-10,DESK,450\n"
            + "1007,checkout-draft,DECO,2026-01-11,DESK,450\n"));

        Assert.Equal(["1001|Completed", "1005|Pending Fulfillment"], Lines("SELECT order_id, order_status FROM orders ORDER BY order_id"));
        var notes = Assert.Single(result.Files).Notes;
        Assert.Contains("woo_orders.csv: 2 lines (lines 5, 8) of orders whose 'Order Status' is 'Pending payment' or 'checkout-draft': not purchases yet, skipped", notes);
        Assert.Contains("woo_orders.csv: 3 lines (lines 3, 4, 7) of orders whose 'Order Status' is 'wc-cancelled' or 'Refunded' or 'failed': no purchases, skipped", notes);
        Assert.Equal((2L, 2L), (result.Files.Single().RowsRead, result.Files.Single().RowsLoaded));
    }

    [Fact]
    public void XeroInvoiceExport_RequiredMarksInHeaders_DraftVoidedAndDeletedInvoicesSkipped()
    {
        Parents();

        var result = _ws.Import(null, ("Invoices.csv", "*ContactName,EmailAddress,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,LineAmount,Status\n"
            + "Deco Addict,ap@deco.com,INV-0001,PO 7,2026-02-12,2026-03-12,DESK,Desk,2,450.00,900.00,PAID\n"
            + "Deco Addict,ap@deco.com,INV-0001,PO 7,2026-02-12,2026-03-12,CAB,Cabinet,1,150.00,150.00,PAID\n"
            + "Gemini Furniture,,INV-0002,,2026-02-15,2026-03-15,DESK,Desk,1,450.00,450.00,VOIDED\n"
            + "Gemini Furniture,,INV-0003,,2026-02-16,2026-03-16,CAB,Cabinet,1,150.00,150.00,DELETED\n"
            + "Gemini Furniture,,INV-0004,,2026-02-17,2026-03-17,CAB,Cabinet,2,150.00,300.00,DRAFT\n"
            + "Gemini Furniture,,INV-0005,,2026-02-18,2026-03-18,CAB,Cabinet,3,150.00,450.00,AUTHORISED\n"));

        Assert.Equal(["INV-0001|CAB|DECO|2026-02-12|150.0", "INV-0001|DESK|DECO|2026-02-12|900.0", "INV-0005|CAB|GEMINI|2026-02-18|450.0"],
            Lines("SELECT order_id, product_id, account_id, order_date, amount FROM orders ORDER BY order_id, product_id"));
        var notes = Assert.Single(result.Files).Notes;
        Assert.Contains("Invoices.csv: 1 line (line 6) of orders whose 'Status' is 'DRAFT': not purchases yet, skipped", notes);
        Assert.Contains("Invoices.csv: 2 lines (lines 4, 5) of orders whose 'Status' is 'VOIDED' or 'DELETED': no purchases, skipped", notes);
    }

    [Fact]
    public void XeroInvoiceExport_FreeTextLineWithoutAnItemCode_IsRefusedNamingItsHeaderAndTheWaysOut_LenientLoadsTheOthers()
    {
        Parents();
        const string Header = "*ContactName,EmailAddress,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,"
            + "LineAmount,*AccountCode,*TaxType,Currency,Status\n";
        const string Lines = "Deco Addict,ap@deco.com,INV-0001,PO 7,2026-02-12,2026-03-12,DESK,Desk,2,450.00,900.00,200,Tax on Sales,USD,PAID\n"
            + "Deco Addict,ap@deco.com,INV-0001,PO 7,2026-02-12,2026-03-12,,Installation and delivery,1,120.00,120.00,200,Tax on Sales,USD,PAID\n"
            + "Gemini Furniture,,INV-0002,,2026-02-15,2026-03-15,CAB,Cabinet,1,150.00,150.00,200,Tax on Sales,USD,AUTHORISED\n";

        var error = _ws.ImportFails(null, ("Invoices.csv", Header + Lines));

        Assert.Equal(["Invoices.csv:3: column 'product_id': required value is missing ('InventoryItemCode' is blank); an order line needs its product "
            + "(a free-text line without an item code names none): give the line an item, or import with --lenient to load the other lines and set such lines aside in rejects"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));

        var result = _ws.Import(new ImportOptions(Lenient: true), ("Invoices.csv", Header + Lines));
        Assert.Equal(["INV-0001|DESK|900.0", "INV-0002|CAB|150.0"], _ws.Lines("SELECT order_id, product_id, amount FROM orders ORDER BY 1"));
        Assert.Equal((3L, 2L, 1L), (result.Files[0].RowsRead, result.Files[0].RowsLoaded, result.Files[0].RowsRejected));
        Assert.Equal(["3|column 'product_id': required value is missing ('InventoryItemCode' is blank)"], _ws.Lines("SELECT line, reason FROM rejects"));
    }

    [Fact]
    public void TransactionList_NameIsTheCustomer_EstimatesAndPaymentsSkipped_InvoicesReceiptsAndCreditMemosLoad()
    {
        Parents();

        var result = _ws.Import(null, ("Transaction List by Date.csv", "Date,Transaction Type,Num,Name,Memo/Description,Product/Service,Qty,Sales Price,Amount\n"
            + "2026-01-05,Invoice,1001,Deco Addict,Desks,DESK,2,450.00,900.00\n2026-01-06,Estimate,1002,Gemini Furniture,Quote,CAB,4,150.00,600.00\n"
            + "2026-01-07,Payment,1003,Deco Addict,,,,,900.00\n2026-01-08,Sales Receipt,1004,Gemini Furniture,,CAB,1,150.00,150.00\n"
            + "2026-01-09,Credit Memo,1005,Deco Addict,Return,DESK,-1,450.00,-450.00\n"));

        Assert.Equal(["1001|DECO|DESK|900.0", "1004|GEMINI|CAB|150.0", "1005|DECO|DESK|-450.0"],
            Lines("SELECT order_id, account_id, product_id, amount FROM orders ORDER BY order_id"));
        var notes = Assert.Single(result.Files).Notes;
        Assert.Contains("Transaction List by Date.csv: 'Name' beside the order's own number names its customer (as a transaction list writes it): read as account_id", notes);
        Assert.Contains("Transaction List by Date.csv: 2 lines (lines 3, 4) whose 'Transaction Type' is 'Estimate' or 'Payment': no sales, skipped", notes);
    }

    [Theory]
    [InlineData("Invoice", true)]
    [InlineData("Cash Sale", true)]
    [InlineData("Estimate", false)]
    public void TransactionList_SalesOrdersBesideInvoices_AreCountedOnceInvoiced_AndAloneLoad(string otherType, bool billsASale)
    {
        Parents();

        // NetSuite's transaction search: the sales order and its invoice are the same sale.
        var result = _ws.Import(null, ("Transaction Search.csv", "Date,Type,Document Number,Name,Item,Quantity,Amount\n"
            + "2026-01-05,Sales Order,SO-1,Deco Addict,DESK,2,900.00\n"
            + $"2026-01-09,{otherType},INV-1,Deco Addict,DESK,2,900.00\n"
            + "2026-01-10,Sales Order,SO-2,Gemini Furniture,CAB,1,150.00\n"));

        var notes = Assert.Single(result.Files).Notes;
        if (billsASale)
        {
            Assert.Equal(["INV-1|DECO|900.0"], Lines("SELECT order_id, account_id, amount FROM orders"));
            Assert.Contains("Transaction Search.csv: 2 lines (lines 2, 4) whose 'Type' is 'Sales Order': sales the list counts once invoiced (it has invoices), skipped", notes);
        }
        else
        {
            Assert.Equal(["SO-1|DECO|900.0", "SO-2|GEMINI|150.0"], Lines("SELECT order_id, account_id, amount FROM orders ORDER BY 1"));
            Assert.DoesNotContain(notes, n => n.Contains("once invoiced", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AnOrderWithACancellationTime_IsSkipped()
    {
        Parents();

        var result = _ws.Import(null, ("orders.csv", "Order ID,Customer ID,Order Date,SKU,Amount,Cancelled at\n"
            + "A1,DECO,2026-01-05,DESK,450,\nA2,GEMINI,2026-01-06,CAB,150,2026-01-07 09:12:00 -0400\n"));

        Assert.Equal(["A1"], Lines("SELECT order_id FROM orders"));
        Assert.Contains("orders.csv: 1 line (line 3) of orders with a 'Cancelled at': cancelled, skipped", Assert.Single(result.Files).Notes);
    }

    [Fact]
    public void AnOrderFlaggedCancelled_IsSkipped_AsIsTheDocumentCancellingIt()
    {
        Parents();

        var result = _ws.Import(null, ("orders.csv", "Order ID,Customer ID,Order Date,SKU,Amount,Canceled\n"
            + "A1,DECO,2026-01-05,DESK,450,N\nA2,GEMINI,2026-01-06,CAB,150,Y\nA3,GEMINI,2026-01-07,CAB,150,c\nA4,GEMINI,2026-01-08,CAB,90,\n"));

        Assert.Equal(["A1", "A4"], Lines("SELECT order_id FROM orders ORDER BY 1"));
        Assert.Contains("orders.csv: 2 lines (lines 3, 4) whose 'Canceled' is 'Y' or 'c': cancelled documents or the ones cancelling them, no purchases, skipped",
            Assert.Single(result.Files).Notes);
    }

    [Fact]
    public void WooCommerceItemCost_IsThePricePaidPerItem_TheAmountIsQuantityTimesIt()
    {
        Parents();

        var result = _ws.Import(null, ("orders.csv", "Order Number,Customer ID,Order Date,SKU,Quantity,Item Cost\n"
            + "1001,DECO,2026-01-05,DESK,2,450.00\n1002,GEMINI,2026-01-06,CAB,3,150.00\n"));

        Assert.Equal(["1001|900.0", "1002|450.0"], Lines("SELECT order_id, amount FROM orders ORDER BY 1"));
        Assert.Contains("orders.csv: no amount column, so each line's amount is Quantity × Item Cost", Assert.Single(result.Files).Notes);
    }

    [Fact]
    public void AHeaderMappedToUnitPrice_IsThePriceTheAmountIsComputedFrom_BeforeABuiltInPriceName()
    {
        using var ws = new TestWorkspace("column_maps:\n  orders:\n    Preis je Stück: unit_price\n");
        ws.Import(null, ("accounts.csv", "account_id,name\nDECO,Deco Addict\n"), ("products.csv", "product_id,name\nDESK,Desk\n"));

        var result = ws.Import(null, ("orders.csv", "Order ID,Customer ID,Order Date,SKU,Quantity,Price,Preis je Stück\nA1,DECO,2026-01-05,DESK,2,999,450\n"));

        Assert.Equal(["A1|900.0|999.0"], ws.Lines("SELECT order_id, amount, price FROM orders"));
        Assert.Contains("orders.csv: no amount column, so each line's amount is Quantity × Preis je Stück", Assert.Single(result.Files).Notes);
    }

    private const string ShopHeader = "Name,Email,Financial Status,Subtotal,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Company,Cancelled at\n";

    [Fact]
    public void ShopOrdersExport_NameIsTheOrder_LinesTakeTheFirstLinesCustomer_AmountIsQuantityTimesPrice_RefundedAndCancelledSkipped()
    {
        Parents();

        var result = _ws.Import(null, ("orders_export_1.csv", ShopHeader
            + "#1001,buyer@deco.com,paid,1350.00,1350.00,2026-04-02 10:38:12 -0400,2,Desk Combination,450.00,DESK,DECO,\n"
            + "#1001,buyer@deco.com,,,,2026-04-02 10:38:12 -0400,3,Cabinet with Doors,150.00,CAB,,\n"
            + "#1002,ops@gemini.com,refunded,450.00,450.00,2026-04-05 11:59:00 -0400,1,Desk Combination,450.00,DESK,GEMINI,\n"
            + "#1003,ops@gemini.com,paid,150.00,150.00,2026-04-06 09:00:00 -0400,1,Cabinet with Doors,150.00,CAB,GEMINI,2026-04-06 10:00:00 -0400\n"));

        Assert.Equal(["#1001|CAB|DECO|2026-04-02|450.0|3.0|paid|1350.0", "#1001|DESK|DECO|2026-04-02|900.0|2.0|paid|1350.0"],
            Lines("SELECT order_id, product_id, account_id, order_date, amount, quantity, financial_status, total FROM orders ORDER BY order_id, product_id"));
        var notes = Assert.Single(result.Files, f => f.Table == "orders").Notes;
        Assert.Contains("orders_export_1.csv: 'Name' beside the lines' fields is each order's name (as a shop's orders export writes it): read as order_id", notes);
        Assert.Contains("orders_export_1.csv: 1 line of an order without its account_id or order_date takes them from the order's first line "
            + "(an export of orders with their lines), with its 'Financial Status', 'Subtotal' and 'Total' where blank", notes);
        Assert.Contains("orders_export_1.csv: 1 line (line 4) of orders whose 'Financial Status' is 'refunded': no purchases, skipped", notes);
        Assert.Contains("orders_export_1.csv: 1 line (line 5) of orders with a 'Cancelled at': cancelled, skipped", notes);
    }

    [Fact]
    public void ShopOrdersExportAlone_MakesCustomersNamedByTheirCompany_AndProductsByTheLinesName()
    {
        // The first import of a shop: no customers or products yet, so both are made from the export's own columns.
        var result = _ws.Import(null, ("orders_export_1.csv", "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Company,Billing City\n"
            + "#1003,buyer@deco.com,paid,200.00,2026-04-02 10:38:12 -0400,2,Desk Combination,50.00,DESK,Deco Addict,Boston\n"
            + "#1003,buyer@deco.com,,,2026-04-02 10:38:12 -0400,1,Cabinet with Doors,100.00,CAB,,\n"
            + "#1002,ops@gemini.com,paid,75.00,2026-03-10 08:00:00 -0400,3,Cabinet with Doors,25.00,CAB,Gemini Furniture,Seattle\n"
            + "#1001,buyer@deco.com,paid,100.00,2026-01-05 12:00:00 -0400,2,Desk Combination,50.00,DESK,Deco Addict,Boston\n"));

        // A line's "Lineitem name" is its product's name, never its customer's; the order's "Name" is its id, nobody's name.
        Assert.Equal(["Deco Addict|Deco Addict|Boston", "Gemini Furniture|Gemini Furniture|Seattle"], Lines("SELECT account_id, name, city FROM accounts ORDER BY 1"));
        Assert.Equal(["CAB|Cabinet with Doors", "DESK|Desk Combination"], Lines("SELECT product_id, name FROM products ORDER BY 1"));
        Assert.DoesNotContain(_ws.Lines("SELECT column_name FROM (DESCRIBE accounts)"), c => c.Contains("lineitem", StringComparison.Ordinal) || c == "x_name");
        Assert.DoesNotContain(_ws.Lines("SELECT column_name FROM (DESCRIBE products)"), c => c == "x_name");
        Assert.Equal(["#1001|Deco Addict|DESK", "#1002|Gemini Furniture|CAB", "#1003|Deco Addict|CAB", "#1003|Deco Addict|DESK"],
            Lines("SELECT order_id, account_id, product_id FROM orders ORDER BY 1, 3"));
        Assert.Contains(result.Files, f => f.Table == "products" && f.Notes.Any(n => n.Contains("made from its columns 'Lineitem name' (name)", StringComparison.Ordinal)));
    }

    [Fact]
    public void ShopOrdersExport_AnOrderWithoutACompany_IsItsCustomersEmail_AndALineUnderACompanysOrderStaysTheCompanys()
    {
        var result = _ws.Import(null, ("orders_export_1.csv", "Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Company\n"
            + "#1003,buyer@deco.com,2026-04-02 10:38:12 -0400,2,Desk Combination,50.00,DESK,Deco Addict\n"
            + "#1003,buyer@deco.com,2026-04-02 10:38:12 -0400,1,Cabinet with Doors,100.00,CAB,\n"
            + "#1002,Jo.Smith@Example.com,2026-03-10 08:00:00 -0400,3,Cabinet with Doors,25.00,CAB,\n"
            + "#1002,Jo.Smith@Example.com,2026-03-10 08:00:00 -0400,1,Desk Combination,50.00,DESK,\n"));

        Assert.Equal(["#1002|CAB|jo.smith@example.com", "#1002|DESK|jo.smith@example.com", "#1003|CAB|Deco Addict", "#1003|DESK|Deco Addict"],
            Lines("SELECT order_id, product_id, account_id FROM orders ORDER BY 1, 2"));
        Assert.Equal(["Deco Addict", "jo.smith@example.com"], Lines("SELECT account_id FROM accounts ORDER BY 1"));
        var notes = Assert.Single(result.Files, f => f.Table == "orders").Notes;
        Assert.Contains("orders_export_1.csv: 2 lines of orders without a 'Billing Company' take the customer's 'Email' (in lower case) as account_id: a shop's customer buying without a company", notes);
        Assert.Contains(Assert.Single(result.Files, f => f.Table == "accounts").Notes,
            n => n.StartsWith("orders_export_1.csv (customers): the 2 accounts orders_export_1.csv names by 'Billing Company' (or, for an order without one, 'Email') that the workspace lacks", StringComparison.Ordinal));
    }

    [Fact]
    public void ShopOrdersExport_ARefundedOrderWithoutACompany_IsSkippedWhole_AndItsOtherLinesTakeTheOrdersStatus()
    {
        // Shopify writes an order's status and totals on its first line only; without a company every line names its customer by Email.
        var result = _ws.Import(null, ("orders_export_1.csv", "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Company\n"
            + "#1111,bob.ray@gmail.com,refunded,663.00,2024-11-25 16:24:21 -0500,1,Gadget Max,129.00,GAD,\n"
            + "#1111,bob.ray@gmail.com,,,2024-11-25 16:24:21 -0500,4,Gadget Max,129.00,GAD,\n"
            + "#1111,bob.ray@gmail.com,,,2024-11-25 16:24:21 -0500,3,Widget Pro,49.00,WID,\n"
            + "#1112,amy@example.com,paid,178.00,2024-11-26 09:00:00 -0500,1,Gadget Max,129.00,GAD,\n"
            + "#1112,amy@example.com,,,2024-11-26 09:00:00 -0500,1,Widget Pro,49.00,WID,\n"));

        Assert.Equal(["#1112|GAD|amy@example.com|paid|178.0", "#1112|WID|amy@example.com|paid|178.0"],
            Lines("SELECT order_id, product_id, account_id, financial_status, total FROM orders ORDER BY 1, 2"));
        Assert.Contains(Assert.Single(result.Files, f => f.Table == "orders").Notes, n => n.Contains("3 lines", StringComparison.Ordinal) && n.Contains("'refunded'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("accounts", "Lineitem name")]
    [InlineData("contacts", "Line Item: Email")]
    [InlineData("accounts", "Order Lines/Customer Name")]
    public void LineFields_AreNoCustomersOrContactsColumn(string table, string header)
    {
        var mapped = ColumnMapper.MapHeaders(Sightline.Data.CanonicalSchema.Get(table), [header], null, "file.csv");

        Assert.True(Assert.Single(mapped).IsCustom);
    }

    [Fact]
    public void ALinesOrderWithoutACustomerOnAnyLine_StaysAnError()
    {
        Parents();

        var error = _ws.ImportFails(null, ("orders.csv", "Order ID,Customer ID,Order Date,SKU,Amount\nA1,,2026-01-05,DESK,450\nA1,,2026-01-05,CAB,150\n"));

        Assert.Equal(["orders.csv:2: column 'account_id': required value is missing ('Customer ID' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", "orders.csv:3: column 'account_id': required value is missing ('Customer ID' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("orders", "Lineitem quantity", "quantity")]
    [InlineData("orders", "Line Item: SKU", "product_id")]
    [InlineData("orders", "Billing Company", "account_id")]
    [InlineData("orders", "Order Lines/Subtotal", "amount")]
    [InlineData("orders", "Order Lines/Product", "product_id")]
    [InlineData("orders", "Invoice Lines/Quantity", "quantity")]
    [InlineData("orders", "Product/Service", "product_id")]
    [InlineData("orders", "Order Reference", "order_id")]
    [InlineData("accounts", "Country/Region", "country")]
    [InlineData("accounts", "Salesperson", "owner_rep_id")]
    [InlineData("contacts", "Related Company", "account_id")]
    [InlineData("opportunities", "Customer", "account_id")]
    [InlineData("opportunities", "Associated Company", "account_id")]
    [InlineData("contacts", "Associated Company (Primary)", "account_id")]
    [InlineData("opportunities", "Date Created", "created_at")]
    [InlineData("opportunities", "Sales Owner", "rep_id")]
    [InlineData("touchpoints", "Company / Account", "account_id")]
    [InlineData("products", "Internal Reference", "product_id")]
    [InlineData("products", "Lineitem name", "name")]
    [InlineData("products", "Lineitem sku", "product_id")]
    public void Headers_MapAsExportsWriteThem(string table, string header, string column)
    {
        var mapped = ColumnMapper.MapHeaders(Sightline.Data.CanonicalSchema.Get(table), [header], null, "file.csv");

        Assert.Equal(column, Assert.Single(mapped).Column);
        Assert.False(mapped[0].IsCustom);
    }

    [Theory]
    [InlineData("Order Lines/Subtotal", "Subtotal", true)]
    [InlineData("Customer/Name", "Name", false)]
    [InlineData("Line Items / Price", "Price", true)]
    [InlineData("Product/", null, false)]
    [InlineData("/Product", null, false)]
    [InlineData("Amount", null, false)]
    [InlineData("Lineitem price", "price", true)]
    [InlineData("Line Item: SKU", "SKU", true)]
    public void FieldOfPath_IsTheLastStep_AndSaysWhetherThePathGoesThroughLines(string header, string? field, bool ofLines)
    {
        var path = ColumnMapper.FieldOfPath(header);

        Assert.Equal(field, path?.Field);
        Assert.Equal(ofLines, path?.OfLines ?? false);
    }
}
