using MiniExcelLibs;
using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// Reports exported as text, as an accounting package writes them (QuickBooks' "Sales by Customer Detail"): a title block
/// above the header, and rows grouped under a label row naming their customer (or product), closed by "Total for ..."
/// rows. They are read as the table they stand for, and line numbers stay the file's.
/// </summary>
public sealed class ReportLayoutImportTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    // As QuickBooks Online exports "Sales by Customer Detail" to CSV: the customer stands on its own row above its lines,
    // whose first column is blank, and a total row closes it. "Total Wine & More" is a customer, not a total.
    private const string SalesByCustomer = "Craig's Design and Landscaping Services\n"
        + "Sales by Customer Detail\n"
        + "\"January 1 - December 31, 2024\"\n"
        + "\n"
        + ",Date,Transaction Type,Num,Product/Service,Memo/Description,Qty,Sales Price,Amount,Balance\n"
        + "Amy's Bird Sanctuary,,,,,,,,,\n"
        + ",10/02/2024,Invoice,1021,Design,\"Custom Design, phase 1\",1.00,75.00,75.00,75.00\n"
        + ",10/15/2024,Invoice,1035,Pest Control,Pest Control Services,2.00,35.00,70.00,145.00\n"
        + "Total for Amy's Bird Sanctuary,,,,,,,,\"$145.00\",\n"
        + "Total Wine & More,,,,,,,,,\n"
        + ",11/02/2024,Invoice,1040,Design,Custom Design,2.00,75.00,150.00,150.00\n"
        + ",11/02/2024,Invoice,1040,Pest Control,Pest Control Services,1.00,35.00,35.00,185.00\n"
        + "Total for Total Wine & More,,,,,,,,\"$185.00\",\n"
        + "TOTAL,,,,,,,,\"$330.00\",\n"
        + "\n"
        + "\n"
        + "\"Accrual Basis Monday, December 2, 2024 10:30 AM GMT-08:00\"\n";

    [Fact]
    public void QuickBooksSalesByCustomerDetail_ReadsEachLineWithItsCustomer_SkipsTitleLabelsAndTotals_WithNotes()
    {
        var result = _ws.Import(null, ("Sales by Customer Detail.csv", SalesByCustomer));

        Assert.Equal(["Sales by Customer Detail.csv (products)", "Sales by Customer Detail.csv (customers)", "Sales by Customer Detail.csv"], result.Files.Select(f => f.File));
        Assert.Equal(["Amy's Bird Sanctuary|Amy's Bird Sanctuary", "Total Wine & More|Total Wine & More"],
            _ws.Lines("SELECT account_id, name FROM accounts ORDER BY account_id"));
        Assert.Equal(["1021|Amy's Bird Sanctuary|Design|2024-10-02|75.0", "1035|Amy's Bird Sanctuary|Pest Control|2024-10-15|70.0",
                "1040|Total Wine & More|Design|2024-11-02|150.0", "1040|Total Wine & More|Pest Control|2024-11-02|35.0"],
            _ws.Lines("SELECT order_id, account_id, product_id, order_date, amount FROM orders ORDER BY order_id, product_id"));
        var orders = result.Files[2];
        Assert.Equal(4, orders.RowsRead);
        Assert.Contains("Sales by Customer Detail.csv: the header is on line 5; the report's title block above it ('Craig's Design and Landscaping Services'; "
            + "'Sales by Customer Detail'; 'January 1 - December 31, 2024') was skipped", orders.Notes);
        Assert.Contains("Sales by Customer Detail.csv: a grouped report: 2 label rows (lines 6, 10; 'Amy's Bird Sanctuary', 'Total Wine & More') each name the group "
            + "of the rows under them, and those 4 rows take it in their blank first column, read as 'Customer' (from the report's title 'Sales by Customer Detail'); "
            + "the label rows are not rows: skipped", orders.Notes);
        Assert.Contains("Sales by Customer Detail.csv: 3 total rows of the grouped report (lines 9, 13, 14; such as 'Total for Amy's Bird Sanctuary') are its totals, "
            + "not rows: skipped", orders.Notes);
        Assert.Contains(orders.Notes, n => n.Contains("line 17 after the last row is a report footer", StringComparison.Ordinal));
    }

    [Fact]
    public void GroupedReport_ABadValueInAGroup_IsReportedAtItsOwnLine()
    {
        var text = SalesByCustomer.Replace(",11/02/2024,Invoice,1040,Pest Control,Pest Control Services,1.00", ",11/02/2024,Invoice,1040,Pest Control,Pest Control Services,one", StringComparison.Ordinal);

        var error = _ws.ImportFails(null, ("Sales by Customer Detail.csv", text));

        Assert.Equal("Sales by Customer Detail.csv:12: column 'quantity' value 'one': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)",
            Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void GroupedByProduct_NestedGroupsAndAGroupWithoutLabelColumnName_TakeTheInnermostOpenGroup()
    {
        // Grouped by product, with a sub-group: the product's own lines after the sub-group's total are the product's again.
        const string byProduct = "Sales by Product/Service Detail\n"
            + ",Date,Transaction Type,Num,Customer,Qty,Amount\n"
            + "Hardware,,,,,,\n"
            + ",2024-03-01,Invoice,9001,Acme,1,100.00\n"
            + "Hardware:Router,,,,,,\n"
            + ",2024-03-02,Invoice,9002,Acme,2,400.00\n"
            + ",2024-03-03,Invoice,9003,Beta,1,200.00\n"
            + "Total for Hardware:Router,,,,,,600.00\n"
            + ",2024-03-04,Invoice,9004,Beta,3,300.00\n"
            + "Total for Hardware,,,,,,1000.00\n"
            + "TOTAL,,,,,,1000.00\n";
        _ws.Import(null, ("accounts.csv", "account_id,name\nAcme,Acme Corp\nBeta,Beta Ltd\n"));

        var result = _ws.Import(new ImportOptions(Table: "orders"), ("Sales by Product.csv", byProduct));

        Assert.Equal(["9001|Acme|Hardware", "9002|Acme|Hardware:Router", "9003|Beta|Hardware:Router", "9004|Beta|Hardware"],
            _ws.Lines("SELECT order_id, account_id, product_id FROM orders ORDER BY order_id"));
        Assert.Contains(result.Files[^1].Notes, n => n.Contains("read as 'Product/Service' (from the report's title 'Sales by Product/Service Detail')", StringComparison.Ordinal));
    }

    [Fact]
    public void QuickBooksDesktopSalesByCustomerDetail_JobsInsideACustomer_AreTheCustomersLinesWithTheJobKept()
    {
        // QuickBooks Desktop puts a customer's jobs (its sub-customers) in the second blank leading column, each with its own total.
        const string report = "Sales by Customer Detail\n"
            + "January 2024\n"
            + ",,,Type,Date,Num,Memo,Item,Qty,Sales Price,Amount,Balance\n"
            + "Acme Corp,,,,,,,,,,,\n"
            + ",,,Invoice,01/03/2024,1000,,Gadget,1,15.00,15.00,15.00\n"
            + ",Plant 1,,,,,,,,,,\n"
            + ",,,Invoice,01/05/2024,1001,,Widget,2,10.00,20.00,35.00\n"
            + ",,,Invoice,01/09/2024,1002,,Gadget,1,15.00,15.00,50.00\n"
            + ",Total Plant 1,,,,,,,,,35.00,50.00\n"
            + ",\"Plant 2, North\",,,,,,,,,,\n"
            + ",,,Invoice,01/12/2024,1003,,Widget,1,10.00,10.00,60.00\n"
            + ",Total Plant 2,,,,,,,,,10.00,60.00\n"
            + "Total Acme Corp,,,,,,,,,,60.00,60.00\n"
            + "Bolt Ltd,,,,,,,,,,,\n"
            + "\"\",\"\",,Invoice,01/15/2024,1004,,Widget,3,10.00,30.00,30.00\n"
            + "Total Bolt Ltd,,,,,,,,,,30.00,30.00\n"
            + "TOTAL,,,,,,,,,,90.00,90.00\n";

        var result = _ws.Import(null, ("Sales by Customer Detail.csv", report));

        Assert.Equal(["Acme Corp", "Bolt Ltd"], _ws.Lines("SELECT account_id FROM accounts ORDER BY 1"));
        Assert.Equal(["1000|Acme Corp|null|15.0", "1001|Acme Corp|Plant 1|20.0", "1002|Acme Corp|Plant 1|15.0", "1003|Acme Corp|Plant 2, North|10.0", "1004|Bolt Ltd|null|30.0"],
            _ws.Lines("SELECT order_id, account_id, job, amount FROM orders ORDER BY order_id"));
        Assert.Contains("Sales by Customer Detail.csv: groups inside a customer's group are its jobs (QuickBooks' sub-customers): a row's 'Customer' is its outermost group, "
            + "and the groups inside it are read as 'Job'", result.Files[^1].Notes);
    }

    [Fact]
    public void GroupedReport_SayingNothingOfItsGroups_CallsTheColumnGroup_AndTheMissingCustomerIsNamed()
    {
        const string report = "Detail report\n"
            + ",Date,Num,Product,Amount\n"
            + "Acme,,,,\n"
            + ",2024-03-01,9001,P1,100.00\n";

        var error = _ws.ImportFails(new ImportOptions(Table: "orders"), ("export.csv", report));

        Assert.Contains(error.Diagnostics, d => d.ToString().Contains("missing required column 'account_id'", StringComparison.Ordinal)
            && d.ToString().Contains("headers seen: Group, Date, Num, Product, Amount", StringComparison.Ordinal));
    }

    [Fact]
    public void Xlsx_GroupedReport_IsReadTheSameWay_WithSheetRowNumbers()
    {
        var path = _ws.Files.File("Sales by Customer Detail.xlsx");
        Dictionary<string, object?> Row(params object?[] cells) =>
            cells.Select((c, i) => (Key: ((char)('A' + i)).ToString(), Value: c)).ToDictionary(x => x.Key, x => x.Value);
        MiniExcel.SaveAs(path, new[]
        {
            Row("Craig's Design and Landscaping Services", null, null, null, null), Row("Sales by Customer Detail", null, null, null, null), Row(null, null, null, null, null),
            Row(null, "Date", "Num", "Product/Service", "Amount"),
            Row("Amy's Bird Sanctuary", null, null, null, null),
            Row(null, "2024-10-02", "1021", "Design", 75.0),
            Row("Total for Amy's Bird Sanctuary", null, null, null, 75.0),
            Row("Bill's Windsurf Shop", null, null, null, null),
            Row(null, "2024-11-02", "1040", "Design", "lots"),
            Row("Total for Bill's Windsurf Shop", null, null, null, 150.0),
        }, printHeader: false);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("Sales by Customer Detail.xlsx:9: column 'amount' value 'lots': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)",
            Assert.Single(error.Diagnostics).ToString());

        var fixedPath = _ws.Files.File("fixed/Sales by Customer Detail.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(fixedPath)!);
        MiniExcel.SaveAs(fixedPath, new[]
        {
            Row("Sales by Customer Detail", null, null, null, null),
            Row(null, "Date", "Num", "Product/Service", "Amount"),
            Row("Amy's Bird Sanctuary", null, null, null, null),
            Row(null, "2024-10-02", "1021", "Design", 75.0),
            Row("Total for Amy's Bird Sanctuary", null, null, null, 75.0),
            Row("Bill's Windsurf Shop", null, null, null, null),
            Row(null, "2024-11-02", "1040", "Design", 150.0),
        }, printHeader: false);
        var result = _ws.ImportPaths([fixedPath]);

        Assert.Equal(["1021|Amy's Bird Sanctuary|75.0", "1040|Bill's Windsurf Shop|150.0"], _ws.Lines("SELECT order_id, account_id, amount FROM orders ORDER BY order_id"));
        Assert.Contains(result.Files[^1].Notes, n => n.Contains("2 label rows (sheet rows 3, 6;", StringComparison.Ordinal));
        Assert.Contains(result.Files[^1].Notes, n => n.Contains("1 total row of the grouped report (sheet row 5;", StringComparison.Ordinal));
    }

    // Salesforce's "Formatted Report" export of a summary report grouped by account: a title and filter block, the group's
    // value on its first row only, a subtotal row closing each group, the grand total and the confidentiality footer.
    private static object?[][] SalesforceFormattedReport(object? expansionAmount) =>
    [
        ["Opportunities by Account"], ["Filtered By:"], ["    Close Date equals THIS FISCAL YEAR"], [],
        ["Account Name", "Opportunity Name", "Stage", "Amount", "Created Date"],
        ["Acme", "Renewal", "Closed Won", 12000, "2025-01-10"],
        [null, "Expansion", "Prospecting", expansionAmount, "2025-02-01"],
        [null, "Upsell", "Qualification", 1000, "2025-02-03"],
        [null, "Subtotal", null, 18000, null],
        ["Beta GmbH", "Renewal", "Closed Lost", 4000, "2025-01-15"],
        ["Subtotal", null, null, 4000, null],
        ["Grand Totals (4 records)", null, null, 22000, null],
        [], ["Confidential Information - Do Not Distribute"],
    ];

    [Fact]
    public void BandOfGroupLabelsAboveTheHeader_IsSkipped_AndTheRowUnderItIsTheHeader_LinesKept()
    {
        const string Band = "Company,,Size,,Other\nAccount ID,Account Name,Employees,Annual Revenue,Industry\n";
        var result = _ws.Import(null, ("accounts.csv", Band + "A1,Acme,10,100,SW\nA2,Beta,20,200,Retail\n"));

        Assert.Equal(["A1|Acme|10|100.0|SW", "A2|Beta|20|200.0|Retail"], _ws.Lines("SELECT account_id, name, employees, annual_revenue, industry FROM accounts ORDER BY 1"));
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM attribute_catalog"));
        Assert.Contains("accounts.csv: the row above the header ('Company', 'Size', 'Other') labels groups of columns (a band above the header, as formatted exports "
            + "write one), and the row under it names the table's columns: the header is on line 2, and the band was skipped", result.Files[0].Notes);

        var error = _ws.ImportFails(null, ("accounts.csv", Band + "A3,Cora,ten,300,SW\n"));
        Assert.StartsWith("accounts.csv:3: column 'employees' value 'ten': not a whole number", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_BandOfGroupLabelsAboveTheHeader_IsSkipped_WithSheetRowNumbers()
    {
        object?[] band = ["Company", null, "Size", null, "Other"];
        object?[] header = ["Account ID", "Account Name", "Employees", "Annual Revenue", "Industry"];
        var path = _ws.Files.File("accounts.xlsx");
        SaveSheet(path, [band, header, ["A1", "Acme", 10, 100, "SW"]]);
        var result = _ws.ImportPaths([path]);
        Assert.Equal(["A1|Acme|10|SW"], _ws.Lines("SELECT account_id, name, employees, industry FROM accounts"));
        Assert.Contains(result.Files[0].Notes, n => n.EndsWith("the header is on sheet row 2, and the band was skipped", StringComparison.Ordinal));

        var bad = _ws.Files.File("bad/accounts.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        SaveSheet(bad, [band, header, ["A1", "Acme", 10, 100, "SW"], ["A2", "Beta", "many", 200, "Retail"]]);
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([bad]));
        Assert.StartsWith("accounts.xlsx:4: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    private static void SaveSheet(string path, object?[][] rows) => MiniExcel.SaveAs(path,
        rows.Select(row => Enumerable.Range(0, 5).ToDictionary(i => ((char)('A' + i)).ToString(), i => i < row.Length ? row[i] : null)).ToArray(), printHeader: false);

    [Fact]
    public void Xlsx_SalesforceFormattedReport_FillsTheAccountDownItsGroup_SkipsSubtotalAndTotalRows_WithNotes()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA2,Beta GmbH\n"));
        var bad = _ws.Files.File("bad/Opportunities by Account.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        SaveSheet(bad, SalesforceFormattedReport("a lot"));

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([bad]));
        Assert.StartsWith("Opportunities by Account.xlsx:7: column 'amount' value 'a lot': not a number", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);

        var path = _ws.Files.File("Opportunities by Account.xlsx");
        SaveSheet(path, SalesforceFormattedReport(5000));
        var result = _ws.ImportPaths([path]);

        Assert.Equal(["Acme / Expansion|A1|Prospecting|5000.0", "Acme / Renewal|A1|Closed Won|12000.0", "Acme / Upsell|A1|Qualification|1000.0",
                "Beta GmbH / Renewal|A2|Closed Lost|4000.0"],
            _ws.Lines("SELECT opportunity_id, account_id, stage, amount FROM opportunities ORDER BY 1"));
        var notes = Assert.Single(result.Files).Notes;
        Assert.Contains("Opportunities by Account.xlsx: a grouped report (totals rows between its groups, as Salesforce's formatted export writes them): its first column, "
            + "'Account Name', stands on each group's first row only, so the 2 rows below that leave it blank take it from the group's first row ('Acme', 'Beta GmbH')", notes);
        Assert.Contains("Opportunities by Account.xlsx: 3 total rows of the grouped report (sheet rows 9, 11, 12; such as 'Subtotal') are its totals, not rows: skipped", notes);
        Assert.Equal(4, Assert.Single(result.Files).RowsRead);

        // The same report saved as CSV reads the same.
        using var ws = new TestWorkspace();
        ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA2,Beta GmbH\n"));
        var csv = string.Join("\n", SalesforceFormattedReport(5000).Select(row => string.Join(",", row.Select(cell => cell?.ToString())))) + "\n";
        var fromCsv = ws.Import(null, ("Opportunities by Account.csv", csv));
        Assert.Equal(["Acme / Expansion|A1", "Acme / Renewal|A1", "Acme / Upsell|A1", "Beta GmbH / Renewal|A2"], ws.Lines("SELECT opportunity_id, account_id FROM opportunities ORDER BY 1"));
        Assert.Contains("Opportunities by Account.csv: 3 total rows of the grouped report (lines 9, 11, 12; such as 'Subtotal') are its totals, not rows: skipped", fromCsv.Files[0].Notes);
    }

    [Fact]
    public void AFlatExportWithABlankFirstColumnAndAGrandTotal_IsNoGroupedReport_TheBlanksStayBlank()
    {
        // No subtotal between records: a blank first cell is the record's own (no segment), not its group's.
        var result = _ws.Import(null, ("accounts.csv", "Segment,Account ID,Account Name,Employees\nEnterprise,001A,Acme,120\n,001B,Beta,7\n,001C,Cora,3\n"
            + "Grand Totals (3 records),,,130\n"));

        Assert.Equal(["001A|Enterprise", "001B|null", "001C|null"], _ws.Lines("SELECT account_id, segment FROM accounts ORDER BY 1"));
        Assert.DoesNotContain(result.Files[0].Notes, n => n.Contains("grouped report", StringComparison.Ordinal));
        Assert.Contains("line 5 is a report's totals row ('Grand Totals (3 records)') after the last record, not a record: skipped", result.Files[0].Notes);
    }

    [Fact]
    public void Csv_TitleBlockAboveAPlainTable_IsSkipped_BlankLinesAloneAreNoTitle()
    {
        const string report = "Accounts by Owner\n\"Filtered by: Region equals EMEA, Type equals Customer\"\n\nAccount ID,Account Name,Employees\n001A,Acme,120\n001B,Beta,many\n";

        var error = _ws.ImportFails(null, ("Accounts by Owner.csv", report));
        Assert.Equal("Accounts by Owner.csv:6: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString());

        var result = _ws.Import(null, ("Accounts by Owner.csv", report.Replace("many", "7", StringComparison.Ordinal)));
        Assert.Equal(["001A|Acme|120", "001B|Beta|7"], _ws.Lines("SELECT account_id, name, employees FROM accounts ORDER BY 1"));
        Assert.Contains("Accounts by Owner.csv: the header is on line 4; the report's title block above it ('Accounts by Owner'; "
            + "'Filtered by: Region equals EMEA, Type equals Customer') was skipped", result.Files[0].Notes);

        var blank = _ws.Import(null, ("accounts.csv", "\n\naccount_id,name,employees\n001C,Cora,3\n"));
        Assert.DoesNotContain(blank.Files[0].Notes, n => n.Contains("title block", StringComparison.Ordinal));
        Assert.Equal(3, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void ATableWithSingleCellLinesBetweenRecords_IsNoGroupedReport_TheLinesStayErrors()
    {
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,country\nA1,Acme,US\nstray note\nA2,Beta,DE\n"));

        Assert.Contains(error.Diagnostics, d => d.ToString().StartsWith("accounts.csv:3:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sales by Customer Detail.csv", "orders")]
    [InlineData("Sales by Product-Service Summary.xlsx", "orders")]
    [InlineData("Accounts by Territory.csv", "accounts")]
    [InlineData("Opportunities by Rep.csv", "opportunities")]
    public void AReportsName_NamesTheTableBeforeBy(string name, string table) => Assert.Equal(table, Importer.TableForFileName(name));
}
