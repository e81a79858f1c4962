using System.IO.Compression;
using System.Text;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Salesforce's Data Export writes an order in Order.csv (the header) and OrderItem.csv (its lines); products in Product2.csv.</summary>
public sealed class SalesforceOrderImportTests : IDisposable
{
    private const string Ann = "0055g00000AbCdEAAV", Bob = "0055g00000AbCdFAAV";
    private const string Acme = "0015g00000XyZaAAAR", Bolt = "0015g00000XyZaBAAR";
    private const string Basic = "01t5g00000PrOdAAAR", Pro = "01t5g00000PrOdBAAR";
    private const string Placed = "8015g00000OrDaAAAR", Draft = "8015g00000OrDbAAAR", Later = "8015g00000OrDcAAAR", Cancelled = "8015g00000OrDdAAAR";

    private static readonly string[] OrderHeader = ["ID", "OWNERID", "CONTRACTID", "ACCOUNTID", "PRICEBOOK2ID", "EFFECTIVEDATE", "STATUS", "ORDERNUMBER",
        "TOTALAMOUNT", "STATUSCODE", "ISDELETED", "CREATEDDATE"];

    private static readonly string[] ItemHeader = ["ID", "ISDELETED", "ORDERID", "PRODUCT2ID", "PRICEBOOKENTRYID", "QUANTITY", "UNITPRICE", "LISTPRICE",
        "TOTALPRICE", "ORDERITEMNUMBER", "CREATEDDATE"];

    private readonly TestWorkspace _ws = new("column_values:\n  reps:\n    role: field\n");

    public void Dispose() => _ws.Dispose();

    private static string Csv(params string[][] rows) => string.Concat(rows.Select(r => string.Join(",", r.Select(v => $"\"{v}\"")) + "\r\n"));

    private static string[] Order(string id, string owner, string account, string date, string status, string code, string deleted = "false") =>
        [id, owner, "", account, "01s5g00000PbOkAAAR", date, status, "0000010" + id[^4..^3], "0", code, deleted, date + "T09:00:00.000Z"];

    private static string[] Item(string id, string order, string product, string quantity, string price, string total, string deleted = "false") =>
        [id, deleted, order, product, "01u5g00000PbEnAAAR", quantity, price, price, total, "0000000" + id[^4..^3], "2025-03-01T09:00:00.000Z"];

    private static readonly (string Name, string Text)[] Parents =
    [
        ("User.csv", Csv(["ID", "NAME", "TITLE", "ISACTIVE"], [Ann, "Ann Lee", "Account Executive", "true"], [Bob, "Bob Ray", "Sales Manager", "true"])),
        ("Account.csv", Csv(["ID", "ISDELETED", "NAME", "OWNERID"], [Acme, "false", "Acme", Ann], [Bolt, "false", "Bolt", Bob])),
        ("Product2.csv", Csv(["ID", "NAME", "PRODUCTCODE", "DESCRIPTION", "ISACTIVE", "FAMILY", "ISDELETED"],
            [Basic, "GTX Basic", "GTX-1", "", "true", "Hardware", "false"], [Pro, "GTX Pro", "GTX-2", "", "true", "Hardware", "false"])),
    ];

    private string Zip(params (string Name, string Text)[] entries)
    {
        var path = _ws.Files.File("WE_00D5g000004abcd_1.zip");
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in Parents.Concat(entries))
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return path;
    }

    private List<string> Lines(string sql) => _ws.Lines(sql);

    [Fact]
    public void OrderLines_TakeTheirOrdersAccountDateAndOwner_DraftCancelledAndDeletedOnesSkippedWithNotes()
    {
        var zip = Zip(
            ("Order.csv", Csv(OrderHeader,
                Order(Placed, Ann, Acme, "2025-03-01", "Activated", "Activated"),
                Order(Draft, Bob, Bolt, "2025-05-01", "Draft", "Draft"),
                Order(Later, Bob, Bolt, "2025-04-10", "Shipped", "Activated"),
                Order(Cancelled, Ann, Acme, "2025-04-20", "Cancelled", "Cancelled"))),
            ("OrderItem.csv", Csv(ItemHeader,
                Item("8025g00000ItMaAAAR", Placed, Basic, "2", "1200", "2400"),
                Item("8025g00000ItMbAAAR", Placed, Pro, "1", "5000", "5000"),
                Item("8025g00000ItMcAAAR", Draft, Basic, "3", "1200", "3600"),
                Item("8025g00000ItMdAAAR", Placed, Pro, "9", "5000", "45000", deleted: "true"),
                Item("8025g00000ItMeAAAR", Later, Pro, "2", "4500", "9000"),
                Item("8025g00000ItMfAAAR", Cancelled, Basic, "1", "1200", "1200"))));

        var result = _ws.ImportPaths([zip]);

        const string Archive = "WE_00D5g000004abcd_1.zip";
        Assert.Equal([$"{Archive}/User.csv", $"{Archive}/Product2.csv", $"{Archive}/Account.csv", $"{Archive}/OrderItem.csv"], result.Files.Select(f => f.File));
        Assert.Equal([Basic + "|GTX Basic|Hardware", Pro + "|GTX Pro|Hardware"], Lines("SELECT product_id, name, family FROM products ORDER BY product_id"));
        Assert.Equal([
                $"{Placed}|{Basic}|{Acme}|2025-03-01|2400.0|2.0|{Ann}",
                $"{Placed}|{Pro}|{Acme}|2025-03-01|5000.0|1.0|{Ann}",
                $"{Later}|{Pro}|{Bolt}|2025-04-10|9000.0|2.0|{Bob}"],
            Lines("SELECT order_id, product_id, account_id, order_date, amount, quantity, rep_id FROM orders ORDER BY order_id, product_id"));
        var items = result.Files[3];
        Assert.Equal((3, 3, 0), (items.RowsRead, items.RowsLoaded, items.RowsRejected));
        Assert.Contains($"{Archive}/OrderItem.csv: order lines: each line's account_id, order_date and rep_id are its order's ACCOUNTID, "
            + $"EFFECTIVEDATE and OWNERID in {Archive}/Order.csv (by ORDERID); {Archive}/Order.csv is read for them, not loaded on its own", items.Notes);
        Assert.Contains($"{Archive}/OrderItem.csv: 1 line (line 4) of draft orders in {Archive}/Order.csv: not purchases yet, skipped", items.Notes);
        Assert.Contains($"{Archive}/OrderItem.csv: 1 line (line 7) of cancelled orders in {Archive}/Order.csv: skipped, not loaded", items.Notes);
        Assert.Contains($"{Archive}/OrderItem.csv: 1 record marked deleted ('ISDELETED' true: in the CRM's recycle bin) skipped, not loaded", items.Notes);
        Assert.Contains($"{Archive}/Product2.csv: Salesforce's products: product_id is each product's ID (the id order and opportunity lines name it by), "
            + "not its product code", result.Files[1].Notes);
    }

    [Fact]
    public void OrderLine_OfAnOrderNotInOrderCsv_ExitsTwo_NamingItsLine_AndLoadsNothing()
    {
        var zip = Zip(
            ("Order.csv", Csv(OrderHeader, Order(Placed, Ann, Acme, "2025-03-01", "Activated", "Activated"))),
            ("OrderItem.csv", Csv(ItemHeader,
                Item("8025g00000ItMaAAAR", Placed, Basic, "2", "1200", "2400"),
                Item("8025g00000ItMbAAAR", Later, Pro, "1", "5000", "5000"))));

        var (exit, output, error) = Support.Cli.Run(["import", "--workspace", _ws.WorkspaceDirectory, zip]);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal($"WE_00D5g000004abcd_1.zip/OrderItem.csv:3: column 'order_id' value '{Later}': no order with this id in "
            + "WE_00D5g000004abcd_1.zip/Order.csv, so the line has no account_id, order_date and rep_id", Support.Cli.WithoutNotes(error));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void OrderLine_WithABadEffectiveDate_IsRefusedAtTheLine_NamingTheDate()
    {
        var zip = Zip(
            ("Order.csv", Csv(OrderHeader, Order(Placed, Ann, Acme, "someday", "Activated", "Activated"))),
            ("OrderItem.csv", Csv(ItemHeader, Item("8025g00000ItMaAAAR", Placed, Basic, "2", "1200", "2400"))));

        var (exit, _, error) = Support.Cli.Run(["import", "--workspace", _ws.WorkspaceDirectory, zip]);

        Assert.Equal(2, exit);
        Assert.StartsWith("WE_00D5g000004abcd_1.zip/OrderItem.csv:2: column 'order_date' value 'someday'", Support.Cli.WithoutNotes(error), StringComparison.Ordinal);
    }

    [Fact]
    public void OrderCsv_WithoutAccountId_IsBadInput_NamingTheFile()
    {
        var zip = Zip(
            ("Order.csv", Csv(["ID", "EFFECTIVEDATE", "STATUS"], [Placed, "2025-03-01", "Activated"])),
            ("OrderItem.csv", Csv(ItemHeader, Item("8025g00000ItMaAAAR", Placed, Basic, "2", "1200", "2400"))));

        var (exit, _, error) = Support.Cli.Run(["import", "--workspace", _ws.WorkspaceDirectory, zip]);

        Assert.Equal(2, exit);
        Assert.Equal("WE_00D5g000004abcd_1.zip/Order.csv: no account_id column (headers seen: ID, EFFECTIVEDATE, STATUS): read as the order headers of "
            + "WE_00D5g000004abcd_1.zip/OrderItem.csv, whose lines take each order's account_id and order_date from it by ORDERID", Support.Cli.WithoutNotes(error));
    }

    [Fact]
    public void OrderFiles_NamedTogetherOutsideAnArchive_ArePairedToo_AndAUserMapForProduct2Wins()
    {
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: field\ncolumn_maps:\n  products:\n    PRODUCTCODE: product_id\n");
        var folder = Path.GetDirectoryName(ws.Files.File("export/Order.csv"))!;
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in Parents.Append(("Product2.csv", Csv(["ID", "NAME", "PRODUCTCODE"], [Basic, "GTX Basic", "GTX-1"])))
            .Append(("Order.csv", Csv(OrderHeader, Order(Placed, Ann, Acme, "2025-03-01", "Activated", "Activated"))))
            .Append(("OrderItem.csv", Csv(["ID", "ORDERID", "PRODUCTCODE", "QUANTITY", "TOTALPRICE"], ["8025g00000ItMaAAAR", Placed, "GTX-1", "2", "2400"]))))
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        ws.ImportPaths([folder]);

        Assert.Equal(["GTX-1|GTX Basic"], ws.Rows("SELECT product_id, name FROM products").Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal([$"{Placed}|GTX-1|{Acme}|2025-03-01"], ws.Rows("SELECT order_id, product_id, account_id, CAST(order_date AS VARCHAR) FROM orders")
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]}"));
    }
}
