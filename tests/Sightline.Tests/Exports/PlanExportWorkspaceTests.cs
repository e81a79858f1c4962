using Sightline.Exports;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Quotas;
using Sightline.Tests.Support;

namespace Sightline.Tests.Exports;

/// <summary>Exports of a freshly imported workspace: nothing run yet but the import.</summary>
public sealed class PlanExportWorkspaceTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void ImportAccounts() => _ws.Import(null,
        ("reps.csv", "rep_id,name,role,region\nR1,Ann,field,West\n"),
        ("accounts.csv", "account_id,name,region,owner_rep_id\nA1,\"=SUM(1,2)\",West,R1\nA2,\"Acme, \"\"the\"\" Co\",East,R1\nA3,Solo,,\n"));

    [Fact]
    public void Export_WithOnlyAccounts_LeavesLaterColumnsEmpty_AndNamesTheVerbsThatFillThem()
    {
        ImportAccounts();

        var result = PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Both, FixedClock.Default);

        Assert.Equal(3, result.Accounts);
        Assert.Equal(0, result.ListedAccounts);
        Assert.Empty(result.Sources);
        foreach (var verb in new[] { "sightline segments --workspace", "sightline score --workspace", "sightline potential --workspace", "sightline lists --workspace", "sightline plan quotas --workspace" })
        {
            Assert.Contains(result.Notes, n => n.Contains(verb, StringComparison.Ordinal));
        }

        Assert.Contains(result.Notes, n => n.StartsWith("1 account has no owner rep", StringComparison.Ordinal));

        var records = CsvReadBack.Read(result.Files.Single(f => f.Format == "csv").Path);
        Assert.Equal(
            [
                ["A1", "'=SUM(1,2)", "R1", "", "", "", "", "", "", "", "", "", ""],
                ["A2", "Acme, \"the\" Co", "R1", "", "", "", "", "", "", "", "", "", ""],
                ["A3", "Solo", "", "", "", "", "", "", "", "", "", "", ""],
            ],
            records.Skip(1).ToList());

        var xlsx = result.Files.Single(f => f.Format == "xlsx");
        Assert.Equal((0L, 1), (xlsx.Rows, xlsx.Sheets));
        var (sheets, errors) = XlsxReadBack.Read(xlsx.Path);
        Assert.Empty(errors);
        var summary = Assert.Single(sheets);
        var region = summary.RowOf(PlanExport.RegionTotal);
        Assert.Equal(3, summary.Cell(region, "B")!.Number);
        Assert.Null(summary.Cell(region, "C"));
        Assert.Null(summary.Cell(region, "G"));
        var rep = summary.RowOf(PlanExport.RepTotal);
        Assert.Equal(3, summary.Cell(rep, "D")!.Number);
        var regions = Enumerable.Range(summary.RowOf(PlanExport.RegionColumns[0]) + 1, region - summary.RowOf(PlanExport.RegionColumns[0]) - 1)
            .Select(r => (summary.Cell(r, "A")!.Text, summary.Cell(r, "B")!.Number)).ToList();
        Assert.Equal([("(none)", 1.0), ("East", 1.0), ("West", 1.0)], regions);
        Assert.Equal(2, summary.Cell(summary.RowOf("R1"), "D")!.Number);
        Assert.Equal("Ann", summary.Cell(summary.RowOf("R1"), "B")!.Text);
        Assert.Equal(1, summary.Cell(summary.RowOf(PlanExport.NoOwner), "D")!.Number);
        Assert.Contains(summary.Rows.SelectMany(r => r.Values), c => c.Text.Contains("sightline lists --workspace", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_RepTotalOfQuotas_IsTheTargetToTheCent_NotADoubleSum()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region\nR1,Ann,field,West\nR2,Bob,field,West\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,One,A,100,West,R1\nA2,Two,A,200,West,R2\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,100\nO2,A2,P1,2026-03-01,200\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);
        // Floors relaxed: 0.10 and 0.20, which add up to 0.30000000000000004 in doubles.
        Assert.Equal([0.10m, 0.20m], QuotaPlan.Run(_ws.Workspace, 0.30m, FixedClock.Default).Reps.Select(r => r.Quota));

        var result = PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Xlsx, FixedClock.Default);

        var summary = XlsxReadBack.Read(result.Files.Single().Path).Sheets[0];
        var total = summary.RowOf(PlanExport.RepTotal);
        Assert.Equal(("0.3", "300"), (summary.Cell(total, "J")!.Text, summary.Cell(total, "I")!.Text));
    }

    [Fact]
    public void Export_Twice_ReplacesTheFiles_AndRecordsEachRun()
    {
        ImportAccounts();
        var first = PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Csv, FixedClock.Default);
        _ws.Workspace.Execute("DELETE FROM accounts WHERE account_id = 'A3'");

        var second = PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Csv, FixedClock.Default);

        Assert.Equal(first.Files[0].Path, second.Files[0].Path);
        Assert.Equal(3, CsvReadBack.Read(second.Files[0].Path).Count);
        Assert.Equal([PlanExport.CsvFileName], Directory.GetFiles(_ws.Files.File("out")).Select(Path.GetFileName));
        Assert.Equal(2, _ws.Count($"SELECT count(*) FROM runs WHERE kind = '{PlanExport.RunKind}' AND run_id IN ('{first.RunId}', '{second.RunId}')"));
    }

    [Theory]
    [InlineData(ExportFormat.Csv, PlanExport.CsvFileName, PlanExport.XlsxFileName)]
    [InlineData(ExportFormat.Xlsx, PlanExport.XlsxFileName, PlanExport.CsvFileName)]
    public void Export_OfOneFormat_RemovesTheEarlierExportsFileOfTheOther_AndSaysSo(ExportFormat format, string written, string earlier)
    {
        // An earlier `both` export's workbook stayed beside a new CSV, as if the two were one export.
        ImportAccounts();
        var output = _ws.Files.File("out");
        PlanExport.Run(_ws.Workspace, output, ExportFormat.Both, FixedClock.Default);
        File.WriteAllText(Path.Combine(output, "notes.xlsx"), "someone else's\n");

        var result = PlanExport.Run(_ws.Workspace, output, format, FixedClock.Default);

        Assert.Equal(["notes.xlsx", written], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"removed {earlier} of an earlier export, so the folder holds no file older than this export's", result.Notes);
    }

    [Fact]
    public void Export_WithAFolderInTheWorkbooksPlace_WritesNothing_AndKeepsTheEarlierCsv()
    {
        // The CSV was replaced before the workbook failed, so the folder held a new CSV beside no workbook, with exit 2.
        ImportAccounts();
        var output = _ws.Files.File("out");
        Directory.CreateDirectory(Path.Combine(output, PlanExport.XlsxFileName));
        File.WriteAllText(Path.Combine(output, PlanExport.CsvFileName), "the export of last week\n");

        var error = Assert.Throws<BadInputException>(() => PlanExport.Run(_ws.Workspace, output, ExportFormat.Both, FixedClock.Default));

        Assert.Equal($"--out: value '{output}': cannot write {PlanExport.XlsxFileName} there: a folder of that name is in the way (move or rename it); nothing was written",
            error.Message);
        Assert.Equal("the export of last week\n", File.ReadAllText(Path.Combine(output, PlanExport.CsvFileName)));
        Assert.Equal([PlanExport.CsvFileName, PlanExport.XlsxFileName], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Export_WithNoAccounts_AsksForAnImportFirst()
    {
        var error = Assert.Throws<BadInputException>(() => PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Both, FixedClock.Default));

        Assert.Contains("no accounts to export; import them first with: sightline import --workspace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ForARepWithoutAccounts_WritesTheHeaderAndAnEmptySummary_SayingWhy()
    {
        ImportAccounts();
        _ws.Import(null, ("reps.csv", "rep_id,name,role,region\nR2,Bo,field,East\n"));
        var scope = new Sightline.Access.AccessScope(Sightline.Access.UserRole.Rep, "R2");

        var result = PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Both, FixedClock.Default, scope);

        Assert.Equal(0, result.Accounts);
        Assert.Contains($"{scope.Describe()} holds no accounts: the files hold the header and an empty summary only", result.Notes);
        Assert.Equal([[.. PlanExport.CsvColumns]], CsvReadBack.Read(result.Files.Single(f => f.Format == "csv").Path));
        var (sheets, errors) = XlsxReadBack.Read(result.Files.Single(f => f.Format == "xlsx").Path);
        Assert.Empty(errors);
        var summary = Assert.Single(sheets);
        Assert.Equal(0, summary.Cell(summary.RowOf(PlanExport.RegionTotal), "B")!.Number);
    }

    [Theory]
    [InlineData("csv", ExportFormat.Csv)]
    [InlineData("XLSX", ExportFormat.Xlsx)]
    [InlineData(" both ", ExportFormat.Both)]
    public void Formats_Parse(string text, ExportFormat expected) => Assert.Equal(expected, ExportFormats.Parse(text));

    [Theory]
    [InlineData("pdf")]
    [InlineData("")]
    [InlineData("csv,xlsx")]
    public void Formats_Unknown_AreBadInput(string text)
    {
        var error = Assert.Throws<BadInputException>(() => ExportFormats.Parse(text));

        Assert.Equal($"--format: value '{text}': expected xlsx, csv or both", error.Message);
    }
}
