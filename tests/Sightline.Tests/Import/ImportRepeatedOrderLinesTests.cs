using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>An order's product on several lines (scanned twice, split shipments, separate promotions) loads as one order row.</summary>
public sealed class ImportRepeatedOrderLinesTests : IDisposable
{
    // As UCI's Online Retail file writes its invoice lines: line 4 repeats line 2 exactly, lines 7 and 8 add to line 5.
    private const string OnlineRetail = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
        536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
        536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom
        536366,22632,HAND WARMER RED POLKA DOT,6,12/1/2010 8:28,1.85,17850,United Kingdom
        536366,22633,HAND WARMER UNION JACK,12,12/1/2010 8:28,1.65,17850,United Kingdom
        536366,22633,HAND WARMER UNION JACK,2,12/1/2010 8:28,1.85,17850,United Kingdom

        """;

    private const string ErpHeader = "order_id,account_id,product_id,order_date,amount,quantity,discount,rep_id,channel\n";

    private readonly TestWorkspace _ws = new();

    public ImportRepeatedOrderLinesTests() =>
        _ws.Import(null, ("products.csv", "product_id,name\n85123A,Heart\n71053,Lantern\n22633,Union Jack\n22632,Polka Dot\nP1,Widget\nP2,Gadget\n"),
            ("accounts.csv", "account_id,name\n17850,Acme\nA1,Beta\nA2,Gamma\n"));

    public void Dispose() => _ws.Dispose();

    private List<object?[]> Orders() =>
        _ws.Rows("SELECT order_id, product_id, round(amount, 2), quantity::DOUBLE FROM orders ORDER BY order_id, product_id");

    [Fact]
    public void OnlineRetailInvoice_RepeatedAndIdenticalLines_CombineIntoOneRowEach_TotalsKept_WithANoteNamingTheLines()
    {
        var result = _ws.Import(new ImportOptions(Table: "orders"), ("Online Retail.csv", OnlineRetail));

        Assert.Equal([["536365", "71053", 20.34, 6.0], ["536365", "85123A", 30.6, 12.0], ["536366", "22632", 11.1, 6.0], ["536366", "22633", 34.6, 20.0]], Orders());
        Assert.Equal(96.64, Convert.ToDouble(_ws.Workspace.Scalar("SELECT round(sum(amount), 2) FROM orders"), System.Globalization.CultureInfo.InvariantCulture));
        var file = result.Files[0];
        Assert.Equal((7L, 7L, 0L, 4L, 0L), (file.RowsRead, file.RowsLoaded, file.RowsRejected, file.RowsInserted, file.RowsUpdated));
        Assert.Contains("Online Retail.csv: 5 lines name an order's product more than once (the same order_id and product_id: scanned twice, split shipments, "
            + "separate promotions) and were combined into 2 order rows, amount and quantity summed, so totals are kept "
            + "(e.g. lines 2 and 4: 536365, 85123A; lines 5, 7 and 8: 536366, 22633)", file.Notes);
        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", _ws.Text("SELECT description FROM orders WHERE product_id = '85123A'"));
    }

    [Fact]
    public void RepeatedLines_AfterADeletedRecordAndAQuotedLineBreak_AreNamedAtTheirOwnLines()
    {
        // Line 4 is in the recycle bin (skipped before the lines are combined) and line 2's note runs on to line 3.
        var result = _ws.Import(new ImportOptions(Table: "orders"), ("orders.csv", "order_id,account_id,product_id,order_date,amount,memo,IsDeleted\n"
            + "O1,A1,P1,2025-01-02,10,\"first\nshipment\",false\nO2,A1,P2,2025-01-03,5,,true\nO1,A1,P1,2025-01-02,7,,false\n"));

        Assert.Equal([["O1", "P1", 17.0, null]], Orders());
        Assert.Contains("orders.csv: 2 lines name an order's product more than once (the same order_id and product_id: scanned twice, split shipments, "
            + "separate promotions) and were combined into 1 order row, amount and quantity summed, so totals are kept (e.g. lines 2 and 5: O1, P1)", result.Files[0].Notes);
    }

    [Fact]
    public void SameFileImportedAgain_ReplacesTheCombinedRows_TotalsUnchanged()
    {
        _ws.Import(new ImportOptions(Table: "orders"), ("Online Retail.csv", OnlineRetail));
        var before = Orders();

        var again = _ws.Import(new ImportOptions(Table: "orders"), ("Online Retail.csv", OnlineRetail));

        Assert.Equal(before, Orders());
        Assert.Equal((0L, 4L), (again.Files[0].RowsInserted, again.Files[0].RowsUpdated));
    }

    [Fact]
    public void RepeatedLines_DiscountIsTheAmountWeightedMean_RepAndChannelThoseOfTheLargestLine_EachSaidInANote()
    {
        var result = _ws.Import(null, ("orders.csv", ErpHeader
            + "SO-1001,A1,P1,2025-03-03,100,1,0.10,R1,direct\n"
            + "SO-1001,A1,P1,2025-03-03,300,3,0.20,R2,web\n"
            + "SO-1001,A1,P2,2025-03-03,50,1,0.05,R1,direct\n"
            + "SO-1002,A2,P1,2025-03-04,80,2,0.05,R1,direct\n"
            + "SO-1002,A2,P1,2025-03-04,80,2,0.05,,direct\n"));

        Assert.Equal([["SO-1001", "P1", 400.0, 4.0, 0.175, "R2", "web"], ["SO-1001", "P2", 50.0, 1.0, 0.05, "R1", "direct"], ["SO-1002", "P1", 160.0, 4.0, 0.05, "R1", "direct"]],
            _ws.Rows("SELECT order_id, product_id, amount, quantity, round(discount, 4), rep_id, channel FROM orders ORDER BY ALL"));
        var notes = result.Files[0].Notes;
        Assert.Contains("orders.csv: discount differs between the combined lines of 1 order row (e.g. SO-1001, P1): each takes their discounts' mean weighted by amount", notes);
        Assert.Contains("orders.csv: rep_id differs between the combined lines of 1 order row (e.g. SO-1001, P1): each keeps the rep_id of its line with the largest amount", notes);
        Assert.Contains("orders.csv: channel differs between the combined lines of 1 order row (e.g. SO-1001, P1): each keeps the channel of its line with the largest amount", notes);
        Assert.Contains(notes, n => n.StartsWith("orders.csv: 4 lines name an order's product more than once", StringComparison.Ordinal)
            && n.EndsWith("(e.g. lines 2 and 3: SO-1001, P1; lines 5 and 6: SO-1002, P1)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SO-1,A2,P1,2025-03-03,20", "orders.csv:3: column 'account_id' value 'A2': order SO-1, product P1 is on an earlier line with another account_id: expected A1 "
        + "(repeated lines of one order's product are combined into one row, so they must have the same account_id and order_date); first seen on line 2")]
    [InlineData("SO-1,A1,P1,3/4/2025,20", "orders.csv:3: column 'order_date' value '2025-03-04': order SO-1, product P1 is on an earlier line with another order_date: expected 2025-03-03 "
        + "(repeated lines of one order's product are combined into one row, so they must have the same account_id and order_date); first seen on line 2")]
    public void RepeatedLine_WithAnotherAccountOrDate_IsRefusedNamingTheFirstLinesValue(string repeat, string expected)
    {
        var error = _ws.ImportFails(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nSO-1,A1,P1,2025-03-03,10\n" + repeat + "\n"));

        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void Lenient_ARepeatedLineThatConflicts_IsRejected_TheAgreeingOnesStillCombine()
    {
        var result = _ws.Import(new ImportOptions(Lenient: true), ("orders.csv", "order_id,account_id,product_id,order_date,amount\n"
            + "SO-1,A1,P1,2025-03-03,10\nSO-1,A2,P1,2025-03-03,20\nSO-1,A1,P1,2025-03-03,30\nSO-1,A1,P2,2025-03-03,abc\n"));

        Assert.Equal([["SO-1", "P1", 40.0]], _ws.Rows("SELECT order_id, product_id, amount FROM orders"));
        var file = result.Files[0];
        Assert.Equal((4L, 2L, 2L, 1L), (file.RowsRead, file.RowsLoaded, file.RowsRejected, file.RowsInserted));
        Assert.Equal([[3L], [5L]], _ws.Rows("SELECT line FROM rejects ORDER BY line"));
    }

    [Theory]
    [InlineData("accounts.csv", "account_id,name\nA7,Acme\nA7,Acme\n", "accounts.csv:3: column 'account_id' value 'A7': duplicate key; first seen on line 2")]
    [InlineData("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE1,A1,2025-03-03,call\nE1,A1,2025-03-03,call\n",
        "touchpoints.csv:3: column 'event_id' value 'E1': duplicate key; first seen on line 2")]
    [InlineData("products.csv", "product_id,name\nP9,Bolt\nP9,Bolt\n", "products.csv:3: column 'product_id' value 'P9': duplicate key; first seen on line 2")]
    public void OtherTables_ARowRepeatedWhole_IsStillADuplicateKey(string file, string text, string expected)
    {
        var error = _ws.ImportFails(null, (file, text));

        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
    }
}
