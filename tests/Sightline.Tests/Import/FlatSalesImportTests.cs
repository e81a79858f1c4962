using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// A flat sales file (a sales ledger, Tableau's Superstore, UCI's Online Retail) names its customers and products on each
/// line, with no customer or product file: the accounts and products the workspace lacks are made from its columns.
/// </summary>
public sealed class FlatSalesImportTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private List<string> Lines(string sql) => _ws.Lines(sql);

    // As Superstore writes its lines: a customer's City is where an order shipped, so it varies; its Segment does not.
    private const string Superstore = "Row ID,Order ID,Order Date,Ship Mode,Customer ID,Customer Name,Segment,Country,City,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Discount\n"
        + "1,CA-1,11/8/2016,Second Class,CG-1,Claire Gute,Consumer,United States,Henderson,FUR-1,Furniture,Bookcases,Bush Bookcase,261.96,2,0\n"
        + "2,CA-1,11/8/2016,Second Class,CG-1,Claire Gute,Consumer,United States,Henderson,OFF-1,Office Supplies,Labels,Address Labels,14.62,2,0\n"
        + "3,CA-2,6/12/2016,Standard Class,DV-1,Darrin Van Huff,Corporate,United States,Los Angeles,OFF-1,Office Supplies,Labels,Address Labels,7.31,1,0\n"
        + "4,CA-3,10/11/2016,First Class,CG-1,Claire Gute,Consumer,United States,Louisville,FUR-1,Furniture,Bookcases,Bush Bookcase,130.98,1,0.5\n"
        + "5,CA-4,10/12/2016,Standard Class,CG-1,Claire Gute,Consumer,United States,Henderson,OFF-1,Office Supplies,Labels,Address Labels,7.31,1,0\n"
        + "6,CA-5,12/1/2016,Standard Class,DV-1,Darrin Van Huff,Corporate,United States,Los Angeles,FUR-1,Furniture,Bookcases,Bush Bookcase,261.96,2,0\n";

    [Fact]
    public void QuickBooksOnlineSubCustomers_NamedParentColonChild_TakeTheirParent_AnOrdinaryColonDoesNot()
    {
        var result = _ws.Import(null, ("customers.csv", "Customer,Company name,Email\n"
            + "Acme Corp,Acme Corp,ap@acme.test\nAcme Corp:Plant 1,Acme Corp,p1@acme.test\nAcme Corp:Plant 1:Dock,Acme Corp,dock@acme.test\n"
            + "Re: Design,Re: Design,hi@re.test\nGhost:Branch,Ghost Branch,gb@ghost.test\n"));

        Assert.Equal(["Acme Corp|null", "Acme Corp:Plant 1|Acme Corp", "Acme Corp:Plant 1:Dock|Acme Corp:Plant 1", "Ghost:Branch|null", "Re: Design|null"],
            Lines("SELECT account_id, parent_account_id FROM accounts ORDER BY account_id"));
        Assert.Contains("2 accounts named 'Parent:Child' (QuickBooks' sub-customers) take the account named before the last ':' as parent account", result.Notes);

        // A sub-customer met first in a ledger finds its parent the same way.
        result = _ws.Import(new ImportOptions(Table: "orders"), ("sales.csv", "Num,Date,Customer,Product,Amount\nI-1,2024-01-03,Re: Design:Studio,Desk,100\n"));
        Assert.Equal("Re: Design", _ws.Text("SELECT parent_account_id FROM accounts WHERE account_id = 'Re: Design:Studio'"));
        Assert.Contains("1 account named 'Parent:Child' (QuickBooks' sub-customers) takes the account named before the last ':' as parent account", result.Notes);
    }

    [Fact]
    public void SuperstoreShapedLedger_MakesItsCustomersAndProducts_WithTheirOwnAttributes_ThenLoadsTheLines()
    {
        var result = _ws.Import(new ImportOptions(Table: "orders"), ("Sample - Superstore.csv", Superstore));

        Assert.Equal(["Sample - Superstore.csv (products)", "Sample - Superstore.csv (customers)", "Sample - Superstore.csv"], result.Files.Select(f => f.File));
        Assert.Equal(["CG-1|Claire Gute|United States|Henderson|Consumer", "DV-1|Darrin Van Huff|United States|Los Angeles|Corporate"],
            Lines("SELECT account_id, name, country, city, segment FROM accounts ORDER BY account_id"));
        Assert.Equal(["FUR-1|Bush Bookcase|Furniture|Bookcases", "OFF-1|Address Labels|Office Supplies|Labels"],
            Lines("SELECT product_id, name, family, sub_category FROM products ORDER BY product_id"));
        Assert.Equal(6, _ws.Count("SELECT count(*) FROM orders"));
        Assert.Equal("130.98", _ws.Text("SELECT amount::VARCHAR FROM orders WHERE order_id = 'CA-3'"));

        // Order-level columns (Ship Mode, Order Date) differ within a customer, so they are not the customer's.
        Assert.DoesNotContain("ship_mode", _ws.Rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'").Select(r => (string)r[0]!));
        Assert.Equal("Sample - Superstore.csv (customers): the 2 accounts Sample - Superstore.csv names by 'Customer ID' that the workspace lacks, made from its columns "
            + "'Customer Name' (name), 'Country' (country), 'City' (city), 'Segment'; where one's lines differ, its most frequent value is taken ('City' (city): 1); "
            + "the file has no accounts file beside it", result.Files[1].Notes[0]);
    }

    // As UCI's Online Retail writes its invoice lines: customers are bare ids, and an item's description may vary.
    private const string OnlineRetail = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
        + "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n"
        + "536366,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,12/1/2010 8:28,1.85,13047,United Kingdom\n"
        + "536367,85123A,CREAM HANGING HEART T-LIGHT HOLDER,4,12/1/2010 8:34,2.55,13047,United Kingdom\n";

    [Fact]
    public void LedgersOfBareIds_NameEachAccountByItsId_UntilACrmListNamesThem_ThenAnUnknownIdIsAnError_OnlineRetailIIHeadersMap()
    {
        var result = _ws.Import(new ImportOptions(Table: "orders"), ("Online Retail.csv", OnlineRetail));

        Assert.Equal(["13047|13047|United Kingdom", "17850|17850|United Kingdom"], Lines("SELECT account_id, name, country FROM accounts ORDER BY 1"));
        Assert.Equal(["71053|WHITE METAL LANTERN", "85123A|WHITE HANGING HEART T-LIGHT HOLDER"], Lines("SELECT product_id, name FROM products ORDER BY 1"));
        Assert.Contains("no name column, so each one's name is its id (none of the workspace's has another name)", result.Files.Single(f => f.Table == "accounts").Notes[0], StringComparison.Ordinal);
        Assert.Equal("Online Retail.csv (products): the 2 products Online Retail.csv names by 'StockCode' that the workspace lacks, made from its columns "
            + "'Description' (name), 'UnitPrice' (list_price); where one's lines differ, its most frequent value is taken ('Description' (name): 1, "
            + "'UnitPrice' (list_price): 1); the file has no products file beside it", result.Files.Single(f => f.Table == "products").Notes[0]);
        Assert.Equal(["71053|3.39", "85123A|2.55"], Lines("SELECT product_id, list_price FROM products ORDER BY 1"));
        Assert.Equal(4, _ws.Count("SELECT count(*) FROM orders"));

        // The next year's ledger: its new customers are made as the first year's were, the known ones kept.
        _ws.Import(new ImportOptions(Table: "orders"),
            ("Online Retail 2011.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID\n581587,85123A,HEART,1,12/9/2011 12:50,2.95,12680\n"
                + "581588,85123A,HEART,1,12/9/2011 12:51,2.95,17850\n"));
        Assert.Equal(["12680|12680", "13047|13047", "17850|17850"], Lines("SELECT account_id, name FROM accounts ORDER BY 1"));

        // Once a CRM's list names the customers, a ledger's unknown bare id is no customer anybody described: refused.
        _ws.Import(null, ("accounts.csv", "account_id,name\n17850,Acme Gifts\n"));
        var error = _ws.ImportFails(new ImportOptions(Table: "orders"),
            ("Online Retail 2012.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID\n581589,85123A,HEART,1,12/9/2011 12:50,2.95,12681\n"));
        Assert.Equal(["Online Retail 2012.csv:2: column 'account_id' value '12681': no such account (not found in accounts.account_id)"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void AccountsAlreadyInTheWorkspace_KeepTheirValues_OnlyTheMissingOnesAreMade()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,city\nCG-1,Gute Holdings Inc,Boston\n"));

        _ws.Import(new ImportOptions(Table: "orders"), ("ledger.csv", Superstore));

        Assert.Equal(["CG-1|Gute Holdings Inc|Boston", "DV-1|Darrin Van Huff|Los Angeles"], Lines("SELECT account_id, name, city FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void WithAnAccountsFileInTheImport_OrReplacing_NothingIsMade_SoUnknownCustomersAreRefused()
    {
        var folder = _ws.Files.File("with-accounts");
        _ws.Files.Write(Path.Combine("with-accounts", "accounts.csv"), "account_id,name\nCG-1,Claire Gute\n");
        _ws.Files.Write(Path.Combine("with-accounts", "products.csv"), "product_id,name\nFUR-1,Bush Bookcase\nOFF-1,Address Labels\n");
        _ws.Files.Write(Path.Combine("with-accounts", "orders.csv"), Superstore);

        var error = Assert.Throws<Sightline.BadInputException>(() => _ws.ImportPaths([folder]));
        Assert.Equal(["orders.csv:4: column 'account_id' value 'DV-1': no such account (not found in accounts.account_id)",
            "orders.csv:7: column 'account_id' value 'DV-1': no such account (not found in accounts.account_id)"], error.Diagnostics.Select(d => d.ToString()));

        var replacing = _ws.ImportFails(new ImportOptions(Replace: true, Table: "orders"), ("ledger.csv", Superstore));
        Assert.Contains(replacing.Diagnostics, d => d.ToString().Contains("no such account", StringComparison.Ordinal));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void LedgerNamingCustomersAndProductsByName_FindsThoseTheWorkspaceHas_AndMakesTheOthersKeyedByTheirNames()
    {
        // As an accounting package's "Sales by Customer Detail" report writes its lines: no ids, names only.
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Amy's Bird Sanctuary\nA2,Cool Cars\n"), ("products.csv", "product_id,name\nP-DES,Design\n"));
        const string Ledger = "Date,Transaction Type,Num,Customer,Product/Service,Qty,Sales Price,Amount\n"
            + "10/04/2025,Invoice,1021,Amy's Bird Sanctuary,Design,1,75.00,75.00\n"
            + "10/05/2025,Invoice,1022,Bill's Windsurf Shop,Gardening,4,35.00,140.00\n"
            + "11/02/2025,Invoice,1035,amy's bird sanctuary,Rocks,10,5.50,55.00\n"
            + "11/03/2025,Invoice,1036,Cool Cars,design,2,75.00,150.00\n";

        var result = _ws.Import(new ImportOptions(Table: "orders"), ("Sales by Customer Detail.csv", Ledger));

        Assert.Equal(["1021|A1|P-DES|75.0", "1022|Bill's Windsurf Shop|Gardening|140.0", "1035|A1|Rocks|55.0", "1036|A2|P-DES|150.0"],
            Lines("SELECT order_id, account_id, product_id, amount FROM orders ORDER BY order_id"));
        Assert.Equal(["A1|Amy's Bird Sanctuary", "A2|Cool Cars", "Bill's Windsurf Shop|Bill's Windsurf Shop"], Lines("SELECT account_id, name FROM accounts ORDER BY 1"));
        Assert.Equal(["Gardening|Gardening|35.0", "P-DES|Design|null", "Rocks|Rocks|5.5"], Lines("SELECT product_id, name, list_price FROM products ORDER BY 1"));
        Assert.Equal("Sales by Customer Detail.csv (customers): the 1 account Sales by Customer Detail.csv names by 'Customer' that the workspace lacks, made from "
            + "that column alone: each one's name is its 'Customer', which is also its id; the file has no accounts file beside it", result.Files[1].Notes[0]);
        var notes = result.Files.Single(f => f.Table == "orders").Notes;
        Assert.Contains("account_id: 3 values were accounts' names, read as their ids (e.g. 'Amy's Bird Sanctuary' is 'A1')", notes);
        Assert.Contains(notes, n => n.StartsWith("product_id: 2 values were products' names, read as their ids", StringComparison.Ordinal));
    }
}
