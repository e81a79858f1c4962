using System.IO.Compression;
using System.Text;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Salesforce's Data Export keeps an opportunity's products on its lines, in OpportunityLineItem.csv.</summary>
public sealed class SalesforceOpportunityLineImportTests : IDisposable
{
    private const string Archive = "WE_00D5g000004abcd_1.zip";
    private const string Ann = "0055g00000AbCdEAAV", Acme = "0015g00000XyZaAAAR";
    private const string Basic = "01t5g00000PrOdAAAR", Pro = "01t5g00000PrOdBAAR", Unknown = "01t5g00000PrOdZAAR";
    private const string One = "0065g00000LmNaAAAR", Several = "0065g00000LmNbAAAR", Tied = "0065g00000LmNcAAAR", NoLines = "0065g00000LmNdAAAR";
    private const string Gone = "0065g00000LmNzAAAR";

    private static readonly string[] OpportunityHeader = ["ID", "ISDELETED", "ACCOUNTID", "NAME", "STAGENAME", "AMOUNT", "CLOSEDATE", "ISCLOSED", "ISWON",
        "OWNERID", "CREATEDDATE"];

    private static readonly string[] LineHeader = ["ID", "OPPORTUNITYID", "PRICEBOOKENTRYID", "PRODUCT2ID", "PRODUCTCODE", "NAME", "QUANTITY", "TOTALPRICE",
        "UNITPRICE", "LISTPRICE", "ISDELETED", "CREATEDDATE"];

    private readonly TestWorkspace _ws = new("column_values:\n  reps:\n    role: field\n");

    public void Dispose() => _ws.Dispose();

    private static string Csv(params string[][] rows) => string.Concat(rows.Select(r => string.Join(",", r.Select(v => $"\"{v}\"")) + "\r\n"));

    private static string[] Opportunity(string id, string deleted = "false") =>
        [id, deleted, Acme, "Acme - " + id[^5..], "Closed Won", "9000", "2025-03-31", "true", "true", Ann, "2025-01-10T09:30:00.000Z"];

    private static string[] Line(string id, string opportunity, string product, string total, string deleted = "false") =>
        [id, opportunity, "01u5g00000PbEnAAAR", product, "GTX", "GTX", "1", total, total, total, deleted, "2025-01-10T09:30:00.000Z"];

    private static string Opportunities(params string[][] rows) => Csv([OpportunityHeader, .. rows]);

    private static string Lines(params string[][] rows) => Csv([LineHeader, .. rows]);

    private static string Zip(TestWorkspace ws, params (string Name, string Text)[] entries)
    {
        var path = ws.Files.File(Archive);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        (string, string)[] parents =
        [
            ("User.csv", Csv(["ID", "NAME", "TITLE", "ISACTIVE"], [Ann, "Ann Lee", "Account Executive", "true"])),
            ("Account.csv", Csv(["ID", "ISDELETED", "NAME", "OWNERID"], [Acme, "false", "Acme", Ann])),
            ("Product2.csv", Csv(["ID", "NAME", "PRODUCTCODE", "ISDELETED"], [Basic, "GTX Basic", "GTX-1", "false"], [Pro, "GTX Pro", "GTX-2", "false"])),
        ];
        foreach (var (name, text) in parents.Concat(entries))
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return path;
    }

    private static List<string> Products(TestWorkspace ws) =>
        ws.Rows("SELECT opportunity_id, coalesce(product_id, 'null') FROM opportunities ORDER BY opportunity_id").Select(r => $"{r[0]}|{r[1]}").ToList();

    [Fact]
    public void Opportunity_TakesTheProductOfItsLines_OfTheLargestWhereSeveral_WithANote()
    {
        var zip = Zip(_ws,
            ("Opportunity.csv", Opportunities(Opportunity(One), Opportunity(Several), Opportunity(Tied), Opportunity(NoLines))),
            ("OpportunityLineItem.csv", Lines(
                Line("00k5g00000LiNaAAAR", One, Basic, "9000"),
                Line("00k5g00000LiNbAAAR", Several, Basic, "1000"),
                Line("00k5g00000LiNcAAAR", Several, Pro, "5000"),
                Line("00k5g00000LiNdAAAR", Several, Basic, "3000"),
                Line("00k5g00000LiNeAAAR", Tied, Pro, "4500"),
                Line("00k5g00000LiNfAAAR", Tied, Basic, "4500"))));

        var result = _ws.ImportPaths([zip]);

        Assert.Equal([$"{Archive}/User.csv", $"{Archive}/Product2.csv", $"{Archive}/Account.csv", $"{Archive}/Opportunity.csv"], result.Files.Select(f => f.File));
        Assert.Empty(result.Notes);
        Assert.Equal([$"{One}|{Basic}", $"{Several}|{Pro}", $"{Tied}|{Pro}", $"{NoLines}|null"], Products(_ws));
        var opportunities = result.Files[3];
        Assert.Equal((4, 4, 0), (opportunities.RowsRead, opportunities.RowsLoaded, opportunities.RowsRejected));
        Assert.Contains($"{Archive}/Opportunity.csv: Salesforce's opportunities: each opportunity's product_id comes from its lines in {Archive}/OpportunityLineItem.csv "
            + $"(by OPPORTUNITYID, PRODUCT2ID); {Archive}/OpportunityLineItem.csv is read for it, not loaded on its own", opportunities.Notes);
        Assert.Contains($"{Archive}/Opportunity.csv: 2 opportunities have lines of several products: each takes the product of its largest line", opportunities.Notes);
    }

    [Fact]
    public void DeletedLine_IsIgnored_AndMakesNoOpportunityOneOfSeveralProducts()
    {
        var zip = Zip(_ws,
            ("Opportunity.csv", Opportunities(Opportunity(One))),
            ("OpportunityLineItem.csv", Lines(Line("00k5g00000LiNaAAAR", One, Pro, "99000", deleted: "true"), Line("00k5g00000LiNbAAAR", One, Basic, "9000"))));

        var result = _ws.ImportPaths([zip]);

        Assert.Equal([$"{One}|{Basic}"], Products(_ws));
        Assert.DoesNotContain(result.Files[3].Notes, n => n.Contains("several products", StringComparison.Ordinal));
    }

    [Fact]
    public void OpportunitysOwnProductColumn_WinsOverItsLines()
    {
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: field\ncolumn_maps:\n  opportunities:\n    PRODUCT__C: product_id\n");
        var zip = Zip(ws,
            ("Opportunity.csv", Csv([.. OpportunityHeader, "PRODUCT__C"], [.. Opportunity(One), Pro])),
            ("OpportunityLineItem.csv", Lines(Line("00k5g00000LiNaAAAR", One, Basic, "9000"))));

        var result = ws.ImportPaths([zip]);

        Assert.Equal([$"{One}|{Pro}"], Products(ws));
        Assert.Contains($"{Archive}/Opportunity.csv: product_id is read from its own 'PRODUCT__C' column; {Archive}/OpportunityLineItem.csv is not read",
            result.Files[3].Notes);
    }

    [Fact]
    public void OpportunitysOwnProductColumn_BlankOnSome_TheyTakeTheProductOfTheirLines()
    {
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: field\ncolumn_maps:\n  opportunities:\n    PRODUCT__C: product_id\n");
        var zip = Zip(ws,
            ("Opportunity.csv", Csv([.. OpportunityHeader, "PRODUCT__C"], [.. Opportunity(One), Pro], [.. Opportunity(Several), " "], [.. Opportunity(NoLines), ""])),
            ("OpportunityLineItem.csv", Lines(
                Line("00k5g00000LiNaAAAR", One, Basic, "9000"),
                Line("00k5g00000LiNbAAAR", Several, Basic, "1000"),
                Line("00k5g00000LiNcAAAR", Several, Pro, "5000"))));

        var result = ws.ImportPaths([zip]);

        Assert.Equal([$"{One}|{Pro}", $"{Several}|{Pro}", $"{NoLines}|null"], Products(ws));
        var notes = result.Files[3].Notes;
        Assert.Contains($"{Archive}/Opportunity.csv: product_id is read from its own 'PRODUCT__C' column, and for the 2 opportunities where it is blank from their lines "
            + $"in {Archive}/OpportunityLineItem.csv (by OPPORTUNITYID, PRODUCT2ID); {Archive}/OpportunityLineItem.csv is not loaded on its own", notes);
        Assert.Contains($"{Archive}/Opportunity.csv: 1 opportunity has lines of several products: it takes the product of its largest line", notes);
    }

    [Fact]
    public void LinesOfAnOpportunityNotInOpportunityCsv_AreCountedInANote_NotRefused()
    {
        var zip = Zip(_ws,
            ("Opportunity.csv", Opportunities(Opportunity(One), Opportunity(Several, deleted: "true"))),
            ("OpportunityLineItem.csv", Lines(
                Line("00k5g00000LiNaAAAR", One, Basic, "9000"),
                Line("00k5g00000LiNbAAAR", Gone, Basic, "1000"),
                Line("00k5g00000LiNcAAAR", Gone, Pro, "5000"),
                Line("00k5g00000LiNdAAAR", Several, Pro, "5000"))));

        var result = _ws.ImportPaths([zip]);

        Assert.Equal([$"{One}|{Basic}"], Products(_ws));
        var opportunities = result.Files[3];
        Assert.Equal((1, 1, 0), (opportunities.RowsRead, opportunities.RowsLoaded, opportunities.RowsRejected));
        Assert.Contains($"{Archive}/Opportunity.csv: 2 lines in {Archive}/OpportunityLineItem.csv of opportunities not in {Archive}/Opportunity.csv "
            + "(deleted ones, whose lines the export keeps): not read", opportunities.Notes);
        Assert.DoesNotContain(opportunities.Notes, n => n.Contains("several products", StringComparison.Ordinal));
    }

    [Fact]
    public void LineProduct_NotInProducts_IsRefusedAtTheOpportunitysLine_AndLoadsNothing()
    {
        var zip = Zip(_ws,
            ("Opportunity.csv", Opportunities(Opportunity(One), Opportunity(Several))),
            ("OpportunityLineItem.csv", Lines(Line("00k5g00000LiNaAAAR", One, Basic, "9000"), Line("00k5g00000LiNbAAAR", Several, Unknown, "9000"))));

        var (exit, output, error) = Support.Cli.Run(["import", "--workspace", _ws.WorkspaceDirectory, zip]);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal($"{Archive}/Opportunity.csv:3: column 'product_id' value '{Unknown}': no such product (not found in products.product_id)", Support.Cli.WithoutNotes(error));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM opportunities"));
    }

    [Fact]
    public void OpportunityLineItemCsv_WithoutProduct2Id_IsBadInput_NamingTheFile()
    {
        var zip = Zip(_ws,
            ("Opportunity.csv", Opportunities(Opportunity(One))),
            ("OpportunityLineItem.csv", Csv(["ID", "OPPORTUNITYID", "PRODUCTCODE", "TOTALPRICE"], ["00k5g00000LiNaAAAR", One, "GTX-1", "9000"])));

        var (exit, _, error) = Support.Cli.Run(["import", "--workspace", _ws.WorkspaceDirectory, zip]);

        Assert.Equal(2, exit);
        Assert.Equal($"{Archive}/OpportunityLineItem.csv: no PRODUCT2ID column: read as Salesforce's opportunity lines for {Archive}/Opportunity.csv, "
            + "which name each line's OPPORTUNITYID and PRODUCT2ID", Support.Cli.WithoutNotes(error));
    }
}
