using Sightline.Import;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Import;

/// <summary>
/// Order lines that are no product (postage, discounts, fees, adjustments) are marked at import in products.line_kind, by
/// whole code or name from the built-in list and the workspace's import.non_merchandise settings.
/// </summary>
public sealed class NonMerchandiseImportTests
{
    // As UCI's Online Retail writes its invoices: postage, a discount, a manual line and bank charges beside real items, one
    // of them with "POSTAGE" inside its name.
    private const string OnlineRetail = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
        + "536365,POST,POSTAGE,1,12/1/2010 8:26,18.00,17850,United Kingdom\n"
        + "536366,22633,POSTAGE STAMP NOTEBOOK,2,12/1/2010 8:28,1.85,13047,United Kingdom\n"
        + "536366,POST,POSTAGE,1,12/1/2010 8:28,18.00,13047,United Kingdom\n"
        + "536367,POST,POSTAGE,2,12/2/2010 9:10,18.00,12583,France\n"
        + "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom\n"
        + "536380,M,Manual,1,12/1/2010 9:45,2.50,14527,United Kingdom\n"
        + "536381,BANK CHARGES,Bank Charges,1,12/1/2010 9:50,15.00,14527,United Kingdom\n"
        + "536381,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,12/1/2010 9:50,4.25,14527,United Kingdom\n";

    private const string Note = "4 products are no merchandise, by their code or name: 'POST' named POSTAGE (shipping, 3 order lines), "
        + "'BANK CHARGES' (fee, 1 order line), 'D' named Discount (discount, 1 order line), 'M' named Manual (adjustment, 1 order line); "
        + "their lines stay in revenue but count in no product family, holding, propensity, white space or list "
        + "(import.non_merchandise in sightline.yaml adds codes or names, or keeps one as a product)";

    [Fact]
    public void Import_OnlineRetailLedgerWithPostageDiscountManualAndBankCharges_MarksTheProductsItMakes_WithOneNote()
    {
        using var ws = new TestWorkspace();

        var result = ws.Import(new ImportOptions(Table: "orders"), ("Online Retail.csv", OnlineRetail));

        Assert.Equal(["21730|null", "22633|null", "85123A|null", "BANK CHARGES|fee", "D|discount", "M|adjustment", "POST|shipping"],
            ws.Lines("SELECT product_id, line_kind FROM products ORDER BY product_id"));
        Assert.Equal(Note, Assert.Single(result.Notes, n => n.Contains("no merchandise", StringComparison.Ordinal)));
        // The lines themselves load as they are: revenue is what the invoices say.
        Assert.Equal(9, ws.Count("SELECT count(*) FROM orders"));
        Assert.Equal("72.0", ws.Text("SELECT sum(amount)::DOUBLE::VARCHAR FROM orders WHERE product_id = 'POST'"));

        // A later import that changes no marking says nothing more.
        var again = ws.Import(new ImportOptions(Table: "orders"),
            ("Online Retail 2011.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID\n581587,POST,POSTAGE,1,12/9/2011 12:50,18.00,17850\n"));
        Assert.DoesNotContain(again.Notes, n => n.Contains("merchandise", StringComparison.Ordinal));
        Assert.Equal("shipping", ws.Text("SELECT line_kind FROM products WHERE product_id = 'POST'"));
    }

    [Fact]
    public void Import_ProductsFileOfALedger_MarksWholeNamesOnly_ACommonWordInsideANameOrAShortCodeAloneStaysAProduct()
    {
        using var ws = new TestWorkspace();

        // QuickBooks' and Xero's items: service items for shipping, tax and discounts beside the goods.
        ws.Import(null, ("products.csv", "product_id,name,family\n"
            + "SHIP,Shipping,Services\nFRT,Freight,Services\nDLV,Delivery Charge,Services\nDISC,Discount,Services\nTAX1,Sales Tax,Services\n"
            + "VAT,VAT,Services\nGC-50,Gift Card,Services\nSTAMP,Postage Stamp Notebook,Stationery\nGUIDE,Manual,Books\nM,Metal Lantern,Lighting\n"
            + "S,SAMPLES,Samples\nC2,CARRIAGE,Services\nFREE,Free Shipping Bag,Bags\n"));

        Assert.Equal(["C2|shipping", "DISC|discount", "DLV|shipping", "FREE|null", "FRT|shipping", "GC-50|gift_card", "GUIDE|null", "M|null", "S|sample",
            "SHIP|shipping", "STAMP|null", "TAX1|tax", "VAT|tax"], ws.Lines("SELECT product_id, line_kind FROM products ORDER BY product_id"));
    }

    [Fact]
    public void Import_SettingsAddACodeAndKeepAListedOne_MarkAccordingly_AndAChangedSettingIsNotedAtTheNextImport()
    {
        using var ws = new TestWorkspace("import:\n  non_merchandise:\n    add: { \"HANDLING\": fee, \"Freight In\": shipping }\n    keep: [bank-charges]\n");

        var result = ws.Import(new ImportOptions(Table: "orders"), ("Online Retail.csv", OnlineRetail + "536382,HANDLING,Handling,1,12/1/2010 9:55,5.00,14527,United Kingdom\n"
            + "536382,FI-1,FREIGHT IN,1,12/1/2010 9:55,7.00,14527,United Kingdom\n"));

        Assert.Equal(["BANK CHARGES|null", "D|discount", "FI-1|shipping", "HANDLING|fee", "M|adjustment", "POST|shipping"],
            ws.Lines("SELECT product_id, line_kind FROM products WHERE product_id IN ('BANK CHARGES', 'D', 'FI-1', 'HANDLING', 'M', 'POST') ORDER BY product_id"));
        Assert.Contains(result.Notes, n => n.StartsWith("5 products are no merchandise", StringComparison.Ordinal) && !n.Contains("BANK CHARGES", StringComparison.Ordinal));

        // Keeping POST too, from the next import on: it is merchandise again, and the note says so.
        File.WriteAllText(Path.Combine(ws.WorkspaceDirectory, ProjectSettings.FileName),
            "import:\n  non_merchandise:\n    add: { \"HANDLING\": fee, \"Freight In\": shipping }\n    keep: [bank-charges, POST]\n");
        ws.Reopen();
        var next = ws.Import(null, ("accounts.csv", "account_id,name\n17850,Acme Gifts\n"));

        Assert.Null(ws.Text("SELECT line_kind FROM products WHERE product_id = 'POST'"));
        Assert.Equal("1 product is merchandise again: 'POST' named POSTAGE (3 order lines) "
            + "(import.non_merchandise in sightline.yaml adds codes or names, or keeps one as a product)", Assert.Single(next.Notes));
    }

    [Theory]
    [InlineData("add: { SHIPPING2: freight }", 3, "import.non_merchandise.add.SHIPPING2", "freight",
        "not a kind of line; expected one of shipping, discount, fee, tax, adjustment, sample, gift_card, test")]
    [InlineData("add: { \"--\": fee }", 3, "import.non_merchandise.add", "--", "expected a product code or name with a letter or digit")]
    [InlineData("keep: [POST, \" \"]", 3, "import.non_merchandise.keep[1]", " ", "expected a product code or name with a letter or digit")]
    [InlineData("add: { \"Bank Charges\": fee }\n    keep: [BANK-CHARGES]", 4, "import.non_merchandise.keep[0]", "BANK-CHARGES",
        "also listed in import.non_merchandise.add (as 'Bank Charges'); a code is either added or kept, so remove it from one of them")]
    public void Load_BadNonMerchandiseSetting_IsBadInputNamingTheSettingAndValue(string section, int line, string key, string value, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName, $"import:\n  non_merchandise:\n    {section}\n");

        var error = Assert.Throws<BadInputException>(() => ProjectSettings.Load(path));

        Assert.Equal($"sightline.yaml:{line}: column '{key}' value '{value}': {expected}", Assert.Single(error.Diagnostics).ToString());
    }
}
