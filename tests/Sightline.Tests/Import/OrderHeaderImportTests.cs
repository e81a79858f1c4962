using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// Orders exported as headers (order id, customer, date, owner) and lines (order id, product, quantity, price) in two files,
/// as ERP and shop systems and the classic sample databases (Northwind's Orders and Order Details) write them.
/// </summary>
public sealed class OrderHeaderImportTests : IDisposable
{
    private readonly TestWorkspace _ws = new("column_values:\n  reps:\n    role: field\n");

    public void Dispose() => _ws.Dispose();

    /// <summary>Writes the files into one folder and returns it.</summary>
    private string Folder(string name, params (string Name, string Text)[] files)
    {
        foreach (var (file, text) in files)
        {
            _ws.Files.Write(Path.Combine(name, file), text);
        }

        return _ws.Files.File(name);
    }

    private List<string> Lines(string sql) => _ws.Lines(sql);

    private static readonly (string Name, string Text)[] Northwind =
    [
        ("customers.csv", "CustomerID,CompanyName,ContactName,City,Country\nALFKI,Alfreds Futterkiste,Maria Anders,Berlin,Germany\nBONAP,Bon app',Laurence Lebihan,Marseille,France\n"),
        ("employees.csv", "EmployeeID,LastName,FirstName,Title,ReportsTo\n2,Fuller,Andrew,\"Vice President, Sales\",\n1,Davolio,Nancy,Sales Representative,2\n"),
        ("products.csv", "ProductID,ProductName,CategoryID,UnitPrice\n1,Chai,1,18.00\n11,Queso Cabrales,4,21.00\n"),
        ("orders.csv", "OrderID,CustomerID,EmployeeID,OrderDate,RequiredDate,ShippedDate,Freight,ShipCity\n"
            + "10248,ALFKI,1,1996-07-04,1996-08-01,1996-07-16,32.38,Berlin\n10249,BONAP,2,1996-07-05,1996-08-16,,11.61,Marseille\n"),
        ("order_details.csv", "OrderID,ProductID,UnitPrice,Quantity,Discount\n10248,11,14.00,12,0\n10248,1,9.80,10,0\n10249,11,42.40,35,0.15\n"),
    ];

    [Fact]
    public void NorthwindShapedExport_LinesTakeTheirOrdersCustomerDateAndEmployee_NetOfDiscount_EmployeesAreTheReps()
    {
        var result = _ws.ImportPaths([Folder("northwind", Northwind)]);

        Assert.Equal(["employees.csv", "products.csv", "customers.csv", "order_details.csv"], result.Files.Select(f => f.File));
        Assert.Equal(["10248|1|ALFKI|1996-07-04|98.0|10.0|0.0|1", "10248|11|ALFKI|1996-07-04|168.0|12.0|0.0|1", "10249|11|BONAP|1996-07-05|1261.4|35.0|0.15|2"],
            Lines("SELECT order_id, product_id, account_id, order_date, round(amount, 6), quantity, discount, rep_id FROM orders ORDER BY order_id, product_id"));
        Assert.Equal(["1|Nancy Davolio|field|2", "2|Andrew Fuller|field|null"], Lines("SELECT rep_id, name, role, manager_id FROM reps ORDER BY rep_id"));
        var lines = result.Files.Single(f => f.File == "order_details.csv");
        Assert.Contains("order_details.csv: order lines: each line's account_id, order_date and rep_id are its order's CustomerID, OrderDate and EmployeeID "
            + "in orders.csv (by OrderID); orders.csv is read for them, not loaded on its own", lines.Notes);
        Assert.Contains("order_details.csv: each line's amount computed from quantity × unit price is net of its 'Discount' (a rate: 0.15 or 15% is 15% off)", lines.Notes);
        Assert.Contains("employees.csv: no name column, so each rep's name is its 'FirstName' and 'LastName' joined",
            result.Files.Single(f => f.File == "employees.csv").Notes);
    }

    private const string ShopOrders = "Order Number,Customer ID,Order Date,Status,Salesperson\nSO-1,ACME,2025-03-01,Shipped,R1\nSO-2,ACME,2025-03-05,Void,R1\nSO-3,BOLT,2025-04-02,Draft,R1\n";

    private void ShopParents() => _ws.Import(null,
        ("reps.csv", "rep_id,name,role\nR1,Ann Lee,inside\n"),
        ("accounts.csv", "account_id,name\nACME,Acme\nBOLT,Bolt\n"),
        ("products.csv", "product_id,name\nP1,Basic\nP2,Pro\n"));

    [Fact]
    public void ShopExport_VoidAndDraftOrdersLinesSkipped_ALinesOwnValueWins()
    {
        ShopParents();
        var folder = Folder("shop",
            ("orders.csv", ShopOrders),
            ("order_lines.csv", "Order Number,SKU,Qty,Line Total,Order Date\nSO-1,P1,2,200,2025-03-02\nSO-1,P2,1,900,2025-03-03\nSO-2,P1,5,500,2025-03-05\nSO-3,P2,1,900,2025-04-02\n"));

        var result = _ws.ImportPaths([folder]);

        Assert.Equal(["SO-1|P1|ACME|2025-03-02|200.0|R1", "SO-1|P2|ACME|2025-03-03|900.0|R1"],
            Lines("SELECT order_id, product_id, account_id, order_date, amount, rep_id FROM orders ORDER BY product_id"));
        var notes = Assert.Single(result.Files).Notes;
        Assert.Contains("order_lines.csv: 1 line (line 4) of cancelled orders in orders.csv: skipped, not loaded", notes);
        Assert.Contains("order_lines.csv: 1 line (line 5) of draft orders in orders.csv: not purchases yet, skipped", notes);
    }

    [Fact]
    public void HeadersFlaggedCancelled_TheCancelledDocumentAndTheOneCancellingIt_LinesSkipped()
    {
        // SAP Business One: CANCELED is Y on the cancelled document and C on the document that cancels it (same amounts).
        ShopParents();
        var folder = Folder("erp",
            ("orders.csv", "Order Number,Customer ID,Order Date,CANCELED\nSO-1,ACME,2025-03-01,N\nSO-2,ACME,2025-03-05,Y\nSO-3,ACME,2025-03-06,C\nSO-4,BOLT,2025-04-02,\n"),
            ("order_lines.csv", "Order Number,SKU,Qty,Line Total\nSO-1,P1,2,200\nSO-2,P1,5,500\nSO-3,P1,5,500\nSO-4,P2,1,900\n"));

        var result = _ws.ImportPaths([folder]);

        Assert.Equal(["SO-1|200.0", "SO-4|900.0"], Lines("SELECT order_id, amount FROM orders ORDER BY order_id"));
        Assert.Contains("order_lines.csv: 2 lines (lines 3, 4) of orders flagged cancelled in orders.csv (a cancelled document or the one cancelling it): skipped, not loaded",
            Assert.Single(result.Files).Notes);
    }

    [Fact]
    public void LineOfAnOrderNotInTheHeaders_IsRefusedAtItsLine_AndNothingLoads()
    {
        ShopParents();
        var folder = Folder("shop", ("orders.csv", ShopOrders), ("order_lines.csv", "Order Number,SKU,Qty,Line Total\nSO-1,P1,2,200\nSO-9,P2,1,900\n"));

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([folder]));

        Assert.Equal(["order_lines.csv:3: column 'order_id' value 'SO-9': no order with this id in orders.csv, so the line has no account_id, order_date and rep_id"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void HeadersWithoutTheDateTheLinesLack_AreRefused_NamingTheHeadersFileAndItsColumns()
    {
        ShopParents();
        var folder = Folder("shop",
            ("orders.csv", "Order Number,Customer ID,Status\nSO-1,ACME,Shipped\n"),
            ("order_lines.csv", "Order Number,SKU,Qty,Line Total\nSO-1,P1,2,200\n"));

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([folder]));

        Assert.Equal("orders.csv: no order_date column (headers seen: Order Number, Customer ID, Status): read as the order headers of order_lines.csv, "
            + "whose lines take each order's account_id and order_date from it by Order Number", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void DiscountsThatAreNotRates_LeaveTheComputedAmountBeforeDiscount_WithANote()
    {
        ShopParents();
        var folder = Folder("shop", ("orders.csv", ShopOrders), ("order_lines.csv", "Order Number,SKU,Qty,Unit Price,Discount\nSO-1,P1,2,100,0.1\nSO-1,P2,1,900,50\n"));

        var result = _ws.ImportPaths([folder]);

        Assert.Equal(["P1|200.0|0.1", "P2|900.0|50.0"], Lines("SELECT product_id, amount, discount FROM orders ORDER BY product_id"));
        Assert.Contains("order_lines.csv: the amounts computed from quantity × unit price are before discount: 'Discount' holds values that are no rate "
            + "between 0 and 1 (such as 0.15 or 15%), so what they take off is not known", Assert.Single(result.Files).Notes);
    }

    [Fact]
    public void TwoHeaderFilesInOneFolder_PairNothing_SoTheLinesStillLackTheirCustomer()
    {
        ShopParents();
        var folder = Folder("shop", ("orders.csv", ShopOrders), ("orders_2024.csv", ShopOrders.Replace("SO-", "OLD-", StringComparison.Ordinal)),
            ("order_lines.csv", "Order Number,SKU,Qty,Line Total\nSO-1,P1,2,200\n"));

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([folder]));

        Assert.Contains(error.Diagnostics, d => d.ToString().StartsWith("order_lines.csv:1: missing required columns 'account_id', 'order_date'", StringComparison.Ordinal));
    }

    [Fact]
    public void EachHalfImportedAlone_IsRefusedForWhatItLacks_SayingWhatItLooksLikeAndHowToImportIt()
    {
        ShopParents();
        var folder = Folder("halves", ("orders.csv", ShopOrders), ("order_lines.csv", "Order Number,SKU,Qty,Line Total\nSO-1,P1,2,200\n"));

        var headers = Assert.Throws<BadInputException>(() => _ws.ImportPaths([Path.Combine(folder, "orders.csv")]));
        var lines = Assert.Throws<BadInputException>(() => _ws.ImportPaths([Path.Combine(folder, "order_lines.csv")]));

        Assert.EndsWith("; this looks like order headers (each order's customer and date, no products): import it together with its order lines file "
            + "(order id, product, quantity, price) from the same folder, and each line takes its order's customer and date from it", headers.Diagnostics[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("orders.csv:1: missing required columns 'product_id', 'amount'", headers.Diagnostics[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("order_lines.csv:1: missing required columns 'account_id', 'order_date' (no header maps to them; headers seen: Order Number, SKU, Qty, Line Total); "
            + "this looks like order lines: import it together with its orders file (order id, customer, date) from the same folder, and each line takes its "
            + "order's customer and date from it", lines.Diagnostics[0].ToString());
    }

    [Fact]
    public void ACatalogueNamedAfterItsItems_WhoseIdTheLinesName_IsTheProducts_WithoutAColumnMap()
    {
        // Chinook's tracks.csv names no table; invoice_items.csv names each line's track by TrackId, tracks.csv's first column.
        var folder = Folder("chinook",
            ("customers.csv", "CustomerId,FirstName,LastName,Company,Country\n1,Luís,Gonçalves,Embraer,Brazil\n2,Leonie,Köhler,,Germany\n"),
            ("invoices.csv", "InvoiceId,CustomerId,InvoiceDate,Total\n1,2,2009-01-01 00:00:00,1.98\n2,1,2009-01-02 00:00:00,0.99\n"),
            ("invoice_items.csv", "InvoiceLineId,InvoiceId,TrackId,UnitPrice,Quantity\n1,1,2,0.99,1\n2,1,4,0.99,1\n3,2,4,0.99,1\n"),
            ("tracks.csv", "TrackId,Name,AlbumId,GenreId,UnitPrice\n2,Balls to the Wall,2,1,0.99\n4,Restless and Wild,3,1,0.99\n"),
            ("playlists.csv", "PlaylistId,Name\n1,Music\n"));

        var result = _ws.ImportPaths([folder]);

        Assert.Equal(["2|Balls to the Wall", "4|Restless and Wild"], Lines("SELECT product_id, name FROM products ORDER BY 1"));
        Assert.Equal(["1|2|2|2009-01-01|0.99", "1|4|2|2009-01-01|0.99", "2|4|1|2009-01-02|0.99"],
            Lines("SELECT order_id, product_id, account_id, order_date::VARCHAR, amount FROM orders ORDER BY 1, 2"));
        Assert.Contains("tracks.csv: read as the products, since invoice_items.csv names each line's product by its first column 'TrackId': 'TrackId' is product_id "
            + "in both (a column map of your own in sightline.yaml is read first)", result.Notes);
        // A catalogue no lines name stays a file that names no table.
        Assert.Contains(result.Notes, n => n.StartsWith("1 file names no table and was skipped: playlists.csv", StringComparison.Ordinal));
        Assert.DoesNotContain("trackid", result.Files.Single(f => f.Table == "orders").CustomAttributes);
    }

    [Fact]
    public void ChinookShapedExport_InvoicesAndTheirItems_CustomersWithoutACompanyAreNamedByTheirPerson()
    {
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: inside\ncolumn_maps:\n  orders:\n    TrackId: product_id\n  products:\n    TrackId: product_id\n");
        ws.Import(new Sightline.Import.ImportOptions(Table: "products"), ("tracks.csv", "TrackId,Name\n1,For Those About To Rock\n2,Balls to the Wall\n"));
        var folder = ws.Files.File("chinook");
        foreach (var (name, text) in new[]
        {
            ("customers.csv", "CustomerId,FirstName,LastName,Company,City,Country,SupportRepId\n1,Luís,Gonçalves,Embraer,São José dos Campos,Brazil,3\n"
                + "2,Leonie,Köhler,,Stuttgart,Germany,3\n3,,,,Montréal,Canada,3\n"),
            ("employees.csv", "EmployeeId,LastName,FirstName,Title,ReportsTo\n3,Peacock,Jane,Sales Support Agent,\n"),
            ("invoices.csv", "InvoiceId,CustomerId,InvoiceDate,BillingCity,Total\n1,2,2009-01-01 00:00:00,Stuttgart,1.98\n2,1,2009-01-02 00:00:00,São José dos Campos,0.99\n"),
            ("invoice_items.csv", "InvoiceLineId,InvoiceId,TrackId,UnitPrice,Quantity\n1,1,1,0.99,1\n2,1,2,0.99,1\n3,2,2,0.99,1\n"),
        })
        {
            ws.Files.Write(Path.Combine("chinook", name), text);
        }

        var error = Assert.Throws<BadInputException>(() => ws.ImportPaths([folder]));
        Assert.Equal(["customers.csv:4: column 'name': required value is missing ('Company' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"], error.Diagnostics.Select(d => d.ToString()));

        ws.Files.Write(Path.Combine("chinook", "customers.csv"), "CustomerId,FirstName,LastName,Company,City,Country,SupportRepId\n1,Luís,Gonçalves,Embraer,São José dos Campos,Brazil,3\n"
            + "2,Leonie,Köhler,,Stuttgart,Germany,3\n");
        var result = ws.ImportPaths([folder]);

        Assert.Equal(["1|Embraer", "2|Leonie Köhler"], ws.Rows("SELECT account_id, name FROM accounts ORDER BY 1").Select(r => $"{r[0]}|{r[1]}"));
        Assert.Contains("customers.csv: 1 account has no 'Company': its name is its 'FirstName' and 'LastName' joined (a person buying for itself)",
            result.Files.Single(f => f.File == "customers.csv").Notes);
        Assert.Equal(["1|1|2|2009-01-01|0.99", "1|2|2|2009-01-01|0.99", "2|2|1|2009-01-02|0.99"],
            ws.Rows("SELECT order_id, product_id, account_id, order_date::VARCHAR, amount FROM orders ORDER BY 1, 2").Select(r => string.Join("|", r)));
    }

    // Olist's Brazilian e-commerce data set as published: ids only (no names), each column named after its record
    // ("customer_city"), order items one unit a line with a price and no quantity, and files beside the tables (payments,
    // sellers, a translation of category names).
    private static readonly (string Name, string Text)[] Olist =
    [
        ("olist_customers_dataset.csv", "\"customer_id\",\"customer_unique_id\",\"customer_zip_code_prefix\",\"customer_city\",\"customer_state\"\n"
            + "\"06b8999e\",\"861eff47\",\"14409\",\"franca\",\"SP\"\n\"18955e83\",\"290c77bc\",\"09790\",\"sao bernardo do campo\",\"SP\"\n"),
        ("olist_orders_dataset.csv", "\"order_id\",\"customer_id\",\"order_status\",\"order_purchase_timestamp\",\"order_approved_at\",\"order_estimated_delivery_date\"\n"
            + "\"e481f51c\",\"06b8999e\",\"delivered\",\"2017-10-02 10:56:33\",\"2017-10-02 11:07:15\",\"2017-10-18 00:00:00\"\n"
            + "\"53cdb2fc\",\"18955e83\",\"delivered\",\"2018-07-24 20:41:37\",\"2018-07-26 03:24:27\",\"2018-08-13 00:00:00\"\n"),
        ("olist_order_items_dataset.csv", "\"order_id\",\"order_item_id\",\"product_id\",\"seller_id\",\"shipping_limit_date\",\"price\",\"freight_value\"\n"
            + "\"e481f51c\",1,\"87285b34\",\"3504c0cb\",\"2017-10-06 11:07:15\",29.99,8.72\n"
            + "\"53cdb2fc\",1,\"595fac2a\",\"289cdb32\",\"2018-07-30 03:24:27\",118.70,22.76\n"
            + "\"53cdb2fc\",2,\"595fac2a\",\"289cdb32\",\"2018-07-30 03:24:27\",118.70,22.76\n"),
        ("olist_products_dataset.csv", "\"product_id\",\"product_category_name\",\"product_weight_g\"\n\"87285b34\",\"utilidades_domesticas\",500\n\"595fac2a\",\"perfumaria\",400\n"),
        ("olist_sellers_dataset.csv", "\"seller_id\",\"seller_zip_code_prefix\",\"seller_city\",\"seller_state\"\n\"3504c0cb\",\"04195\",\"sao paulo\",\"SP\"\n"),
        ("olist_order_payments_dataset.csv", "\"order_id\",\"payment_sequential\",\"payment_type\",\"payment_installments\",\"payment_value\"\n\"e481f51c\",1,\"credit_card\",1,38.71\n"),
        ("product_category_name_translation.csv", "product_category_name,product_category_name_english\nperfumaria,perfumery\n"),
    ];

    [Fact]
    public void OlistShapedDataSet_LoadsWithIdsAsNames_OneUnitALine_TheFilesBesideTheTablesSkippedWithANote()
    {
        var result = _ws.ImportPaths([Folder("olist", Olist)]);

        Assert.Equal(["06b8999e|06b8999e|franca|SP", "18955e83|18955e83|sao bernardo do campo|SP"],
            Lines("SELECT account_id, name, city, state FROM accounts ORDER BY 1"));
        Assert.Equal(["595fac2a|595fac2a", "87285b34|87285b34"], Lines("SELECT product_id, name FROM products ORDER BY 1"));
        // Two items of one product on one order are one order row with both units' amounts.
        Assert.Equal(["53cdb2fc|595fac2a|18955e83|2018-07-24|237.4", "e481f51c|87285b34|06b8999e|2017-10-02|29.99"],
            Lines("SELECT order_id, product_id, account_id, order_date::VARCHAR, amount FROM orders ORDER BY 1"));
        var notes = result.Files.SelectMany(f => f.Notes).Concat(result.Notes).ToList();
        Assert.Contains("olist_customers_dataset.csv: no name column, so each account's name is its id (from 'customer_id'); a file of accounts with names gives them their names", notes);
        Assert.Contains("olist_order_items_dataset.csv: no amount or quantity column, so each line is one unit and its amount is its 'price'", notes);
        Assert.Contains(notes, n => n.StartsWith("3 files name no table and were skipped: olist_order_payments_dataset.csv, olist_sellers_dataset.csv, "
            + "product_category_name_translation.csv", StringComparison.Ordinal));

        // The same files again update the same rows; names given later by a file with names are kept from then on.
        _ws.ImportPaths([_ws.Files.File("olist")]);
        Assert.Equal(2, _ws.Count("SELECT count(*) FROM accounts"));
        _ws.Import(null, ("accounts.csv", "account_id,name\n06b8999e,Loja Franca\n"));
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([_ws.Files.File("olist")]));
        Assert.Contains(error.Diagnostics, d => d.ToString().StartsWith("olist_customers_dataset.csv:1: missing required column 'name'", StringComparison.Ordinal));
        Assert.Equal("Loja Franca", _ws.Text("SELECT name FROM accounts WHERE account_id = '06b8999e'"));
    }

    [Fact]
    public void OlistShapedDataSet_ABuyerWithSeveralCustomerIds_IsOneAccount_AndOrdersNamingAnyOfThemAreItsOrders()
    {
        // Olist gives a customer a new customer_id for every order; customer_unique_id is the buyer.
        var customers = "\"customer_id\",\"customer_unique_id\",\"customer_zip_code_prefix\",\"customer_city\",\"customer_state\"\n"
            + "\"06b8999e\",\"861eff47\",\"14409\",\"franca\",\"SP\"\n\"18955e83\",\"290c77bc\",\"09790\",\"sao bernardo do campo\",\"SP\"\n"
            + "\"7c396fd4\",\"861eff47\",\"14410\",\"franca\",\"SP\"\n\"a1b2c3d4\",\"\",\"01000\",\"sao paulo\",\"SP\"\n";
        var orders = "\"order_id\",\"customer_id\",\"order_status\",\"order_purchase_timestamp\"\n"
            + "\"e481f51c\",\"06b8999e\",\"delivered\",\"2017-10-02 10:56:33\"\n\"53cdb2fc\",\"18955e83\",\"delivered\",\"2018-07-24 20:41:37\"\n"
            + "\"47770eb9\",\"7c396fd4\",\"delivered\",\"2018-01-10 09:00:00\"\n\"949d5b44\",\"a1b2c3d4\",\"delivered\",\"2018-02-01 12:00:00\"\n";
        var items = "\"order_id\",\"order_item_id\",\"product_id\",\"price\"\n\"e481f51c\",1,\"87285b34\",29.99\n\"53cdb2fc\",1,\"595fac2a\",118.70\n"
            + "\"47770eb9\",1,\"595fac2a\",99.90\n\"949d5b44\",1,\"87285b34\",10.00\n";
        var products = "\"product_id\",\"product_category_name\"\n\"87285b34\",\"utilidades_domesticas\"\n\"595fac2a\",\"perfumaria\"\n";
        var result = _ws.ImportPaths([Folder("olist", ("olist_customers_dataset.csv", customers), ("olist_orders_dataset.csv", orders),
            ("olist_order_items_dataset.csv", items), ("olist_products_dataset.csv", products))]);

        // The buyer's later row gives its values; a row without a unique id keeps its own id; the per-order id is no attribute.
        Assert.Equal(["290c77bc|290c77bc|sao bernardo do campo", "861eff47|861eff47|franca", "a1b2c3d4|a1b2c3d4|sao paulo"],
            Lines("SELECT account_id, name, city FROM accounts ORDER BY 1"));
        Assert.Equal("14410", _ws.Text("SELECT customer_zip_code_prefix::VARCHAR FROM accounts WHERE account_id = '861eff47'"));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'accounts' AND column_name IN ('customer_id', 'customer_unique_id')"));
        Assert.Equal(["47770eb9|861eff47", "53cdb2fc|290c77bc", "949d5b44|a1b2c3d4", "e481f51c|861eff47"],
            Lines("SELECT order_id, account_id FROM orders ORDER BY 1"));
        Assert.Equal(["06b8999e|861eff47", "18955e83|290c77bc", "7c396fd4|861eff47"], Lines("SELECT alias, account_id FROM account_aliases ORDER BY 1"));

        var customersFile = result.Files.Single(f => f.Table == "accounts");
        Assert.Equal((3, 3), (customersFile.RowsRead, customersFile.RowsLoaded));
        Assert.Contains("olist_customers_dataset.csv: each account's id is its 'customer_unique_id' (its 'customer_id' where that is blank): 3 accounts from 4 rows. "
            + "1 row was an earlier row of an account a later row gives again: not loaded, the later row's values are. "
            + "A 'customer_id' is kept as another id of its account, so orders, contacts and touches that name it are its account's", customersFile.Notes);
        Assert.Contains(result.Files.Single(f => f.Table == "orders").Notes, n => n.StartsWith(
            "account_id: 3 values were other ids of an account (given by olist_customers_dataset.csv: 'customer_id' beside 'customer_unique_id'), read as their account's id (e.g. '",
            StringComparison.Ordinal));

        // A later file naming a buyer by one of its order ids finds the buyer; an id nobody gave is still refused.
        _ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nt1,7c396fd4,2018-03-01,email\n"));
        Assert.Equal("861eff47", _ws.Text("SELECT account_id FROM touchpoints WHERE event_id = 't1'"));
        var error = Assert.Throws<BadInputException>(() => _ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nt2,ffff0000,2018-03-01,email\n")));
        Assert.Contains(error.Diagnostics, d => d.ToString().StartsWith("touchpoints.csv:2:", StringComparison.Ordinal) && d.ToString().Contains("no such account", StringComparison.Ordinal));

        // Replacing the accounts forgets the aliases with them.
        _ws.Import(new Sightline.Import.ImportOptions(Replace: true), ("accounts.csv", "account_id,name\n861eff47,Loja Franca\n290c77bc,Loja Sao Bernardo\na1b2c3d4,Loja Sao Paulo\n"));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM account_aliases"));
    }
}
