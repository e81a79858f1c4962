using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using DuckDB.NET.Data;
using Sightline.Exports;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Plans.Quotas;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Exports;

[Collection(ScoredDemoCollection.Name)]
public sealed class PlanExportDemoTests(ScoredDemoFixture demo) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double Sum(Workspace ws, string sql) => Convert.ToDouble(ws.Scalar(sql), CultureInfo.InvariantCulture);

    private static long Count(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);

    /// <summary>Potential, lists and quotas on the demo world, as a user would run them before exporting.</summary>
    private static void Plan(Workspace ws)
    {
        AccountPotential.Run(ws, "rep", FixedClock.Default);
        RepLists.Run(ws, clock: FixedClock.Default);
        QuotaPlan.Run(ws, 5_000_000m, FixedClock.Default);
    }

    [Fact]
    public void Demo_Workbook_IsValid_SummaryTotalsMatchTheWorkspace_OneSheetPerListedRepInRankOrder_NoFormula()
    {
        using var ws = Workspace.Open(demo.Workspace);
        Plan(ws);

        var result = PlanExport.Run(ws, _dir.File("out"), ExportFormat.Xlsx, FixedClock.Default);

        var file = Assert.Single(result.Files);
        Assert.Equal(Path.Combine(_dir.File("out"), PlanExport.XlsxFileName), file.Path);
        var (sheets, errors) = XlsxReadBack.Read(file.Path);
        Assert.Empty(errors);

        // No cell anywhere holds a formula.
        foreach (var sheet in sheets)
        {
            Assert.DoesNotContain(XDocument.Parse(sheet.Xml).Descendants(), e => e.Name.LocalName == "f");
        }

        // One sheet per rep with a list; names valid and unique.
        var reps = ws.Strings($"SELECT DISTINCT rep_id FROM {RepLists.Table} ORDER BY 1");
        Assert.Equal(PlanExport.SummarySheet, sheets[0].Name);
        Assert.Equal(reps.Count + 1, sheets.Count);
        Assert.Equal(reps.Count, result.RepSheets);
        Assert.All(sheets, s => Assert.True(SheetNames.IsValid(s.Name), s.Name));
        Assert.Equal(sheets.Count, sheets.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // Summary totals equal the workspace's.
        var summary = sheets[0];
        var accounts = Count(ws, "SELECT count(*) FROM accounts");
        var listed = Count(ws, $"SELECT count(*) FROM {RepLists.Table}");
        var potential = Sum(ws, $"SELECT sum(potential) FROM {AccountPotential.Table}");
        var whiteSpace = Sum(ws, $"SELECT sum(white_space) FROM {AccountPotential.Table}");
        var listedValue = Sum(ws, $"SELECT sum(value) FROM {RepLists.Table}");
        var region = summary.RowOf(PlanExport.RegionTotal);
        Assert.Equal(PlanExport.RegionColumns, HeaderAbove(summary, region, PlanExport.RegionColumns.Count));
        Assert.Equal(accounts, summary.Cell(region, "B")!.Number);
        Assert.Equal(potential, summary.Cell(region, "C")!.Number, potential * 1e-9);
        Assert.Equal(whiteSpace, summary.Cell(region, "D")!.Number, whiteSpace * 1e-9);
        Assert.Equal(listed, summary.Cell(region, "E")!.Number);
        Assert.Equal(listedValue, summary.Cell(region, "F")!.Number, listedValue * 1e-9);
        Assert.Equal(5_000_000, summary.Cell(region, "G")!.Number, 1e-6);
        var rep = summary.RowOf(PlanExport.RepTotal);
        Assert.Equal(accounts, summary.Cell(rep, "D")!.Number);
        Assert.Equal(potential, summary.Cell(rep, "E")!.Number, potential * 1e-9);
        Assert.Equal(whiteSpace, summary.Cell(rep, "F")!.Number, whiteSpace * 1e-9);
        Assert.Equal(listed, summary.Cell(rep, "G")!.Number);
        Assert.Equal(listedValue, summary.Cell(rep, "H")!.Number, listedValue * 1e-9);
        Assert.Equal(5_000_000, summary.Cell(rep, "J")!.Number, 1e-6);
        Assert.Equal(Sum(ws, $"SELECT sum(last_year) FROM {QuotaPlan.Table} WHERE level = 'rep'"), summary.Cell(rep, "I")!.Number, 1e-6);
        Assert.Equal((uint)XlsxStyle.BoldMoney, summary.Cell(rep, "J")!.Style);
        Assert.Equal(5_000_000 / potential, summary.Cell(rep, "L")!.Number, 1e-12);
        Assert.Equal((uint)XlsxStyle.BoldPercent, summary.Cell(rep, "L")!.Style);
        var firstRegion = summary.RowOf(PlanExport.RegionColumns[0]) + 1;
        Assert.Equal(summary.Cell(firstRegion, "G")!.Number / summary.Cell(firstRegion, "C")!.Number, summary.Cell(firstRegion, "I")!.Number, 1e-12);

        // Each rep's sheet holds exactly that rep's list, in rank order, with the summary pointing at it.
        var sheetByRep = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var row = summary.RowOf(PlanExport.RepColumns[0]) + 1; row < rep; row++)
        {
            if (summary.Cell(row, "M") is { } sheetCell)
            {
                sheetByRep[summary.Cell(row, "A")!.Text] = sheetCell.Text;
                Assert.Equal(Count(ws, $"SELECT count(*) FROM {RepLists.Table} WHERE rep_id = '{summary.Cell(row, "A")!.Text}'"), summary.Cell(row, "G")!.Number);
            }
        }

        Assert.Equal(reps, sheetByRep.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var repId in reps)
        {
            var sheet = sheets.Single(s => s.Name == sheetByRep[repId]);
            var expected = ws.Strings($"SELECT account_id FROM {RepLists.Table} WHERE rep_id = '{repId}' ORDER BY rank");
            Assert.Equal(PlanExport.RepSheetColumns, Enumerable.Range(0, PlanExport.RepSheetColumns.Count).Select(i => sheet.Cell(1, XlsxColumn(i))!.Text).ToList());
            Assert.All(sheet.Rows[0].Values, c => Assert.Equal((uint)XlsxStyle.Header, c.Style));
            Assert.True(sheet.FrozenHeader, sheet.Name);
            Assert.Equal($"A1:O{expected.Count + 1}", sheet.AutoFilter);
            Assert.Equal(expected.Count + 1, sheet.Rows.Count);
            Assert.Equal(expected, sheet.Rows.Skip(1).Select(r => r["B"].Text).ToList());
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (double)i), sheet.Rows.Skip(1).Select(r => r["A"].Number));
            Assert.All(sheet.Rows.Skip(1), r => Assert.True(r["F"].IsNumber && r["F"].Style == (uint)XlsxStyle.Money && r["F"].Number > 0));
        }

        // MiniExcel, the importer's reader, opens it too and sees the same list.
        var top = sheets[1];
        var viaMiniExcel = MiniExcelLibs.MiniExcel.Query(file.Path, useHeaderRow: true, sheetName: top.Name).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(top.Rows.Skip(1).Select(r => r["B"].Text), viaMiniExcel.Select(r => r["account id"]?.ToString()));

        var first = ws.Rows($"SELECT value, reason FROM {RepLists.Table} WHERE account_id = '{top.Cell(2, "B")!.Text}'").Single();
        Assert.Equal((double)first[0]!, top.Cell(2, "F")!.Number, 1e-9);
        Assert.Equal((string)first[1]!, top.Cell(2, "K")!.Text);
        Assert.Equal((uint)XlsxStyle.Percent, top.Cell(2, "H")!.Style);
        Assert.Equal(listed, file.Rows);

        var run = ws.Rows($"SELECT kind, summary FROM runs WHERE run_id = '{result.RunId}'").Single();
        Assert.Equal(PlanExport.RunKind, run[0]);
        Assert.Contains(file.Path, (string)run[1]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Csv_ParsesBack_OneRowPerAccount_WithListAndScoreColumns()
    {
        using var ws = Workspace.Open(demo.Workspace);
        Plan(ws);

        var result = PlanExport.Run(ws, _dir.File("out"), ExportFormat.Csv, FixedClock.Default);

        var file = Assert.Single(result.Files);
        Assert.False(File.Exists(Path.Combine(_dir.File("out"), PlanExport.XlsxFileName)));
        var records = CsvReadBack.Read(file.Path);
        var accounts = Count(ws, "SELECT count(*) FROM accounts");
        Assert.Equal(PlanExport.CsvColumns, records[0]);
        Assert.Equal(accounts + 1, records.Count);
        Assert.Equal(accounts, file.Rows);
        Assert.All(records, r => Assert.Equal(PlanExport.CsvColumns.Count, r.Length));
        Assert.Equal(ws.Strings("SELECT account_id FROM accounts ORDER BY account_id"), records.Skip(1).Select(r => r[0]).ToList());

        // DuckDB reads the same rows back.
        var parsed = Count(ws, $"SELECT count(*) FROM read_csv('{file.Path}', header = true, all_varchar = true, quote = '\"', escape = '\"', delim = ',')");
        Assert.Equal(accounts, parsed);

        var byId = records.Skip(1).ToDictionary(r => r[0]);
        var listed = ws.Rows($"SELECT account_id, rep_id, next_best_action, reason, action, value FROM {RepLists.Table} ORDER BY rep_id, rank LIMIT 50");
        foreach (var row in listed)
        {
            var csv = byId[(string)row[0]!];
            Assert.Equal((row[1], row[2], row[3], row[4]), (csv[2], csv[11], csv[12], csv[9]));
            Assert.Equal(Math.Round((double)row[5]!, 2), double.Parse(csv[10], CultureInfo.InvariantCulture), 1e-9);
        }

        var scored = ws.Rows("""
            SELECT account_id, probability, band FROM account_scores WHERE kind = 'lookalike' AND product_family IS NULL
                AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike') ORDER BY account_id LIMIT 50
            """);
        Assert.NotEmpty(scored);
        foreach (var row in scored)
        {
            var csv = byId[(string)row[0]!];
            Assert.Equal(Math.Round((double)row[1]!, 4), double.Parse(csv[5], CultureInfo.InvariantCulture), 1e-12);
            Assert.Equal(row[2], csv[4]);
        }

        var potential = Sum(ws, $"SELECT sum(round(potential, 2)) FROM {AccountPotential.Table}");
        Assert.Equal(potential, records.Skip(1).Sum(r => r[7].Length == 0 ? 0 : double.Parse(r[7], CultureInfo.InvariantCulture)), 1e-6 * potential);
        var assigned = ws.Rows("SELECT account_id, segment FROM segment_assignments WHERE run_id = (SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC LIMIT 1) ORDER BY account_id LIMIT 20");
        Assert.NotEmpty(assigned);
        Assert.All(assigned, a => Assert.Equal(a[1], byId[(string)a[0]!][3]));
    }

    [Fact]
    public void Demo_HostileText_IsNeutralisedInCsvAndXlsx_WhileNegativeNumbersStayNumbers()
    {
        // A copy of the demo workspace, so the planted names do not leak into other tests.
        var copy = _dir.File("copy");
        Directory.CreateDirectory(copy);
        foreach (var path in Directory.GetFiles(demo.Workspace).Where(p => p.EndsWith(".duckdb", StringComparison.Ordinal) || p.EndsWith(".wal", StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            File.Copy(path, Path.Combine(copy, Path.GetFileName(path)));
        }

        string[] hostile =
        [
            "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=cmd", "Smith, \"Jones\"\r\nand Sons", "=1,\"2\"\n3",
        ];
        using var ws = Workspace.Open(copy);
        AccountPotential.Run(ws, "rep", FixedClock.Default);
        ws.Settings.Lists.HoldoutShare = 0;
        RepLists.Run(ws, clock: FixedClock.Default);
        var targets = ws.Strings($"SELECT account_id FROM {RepLists.Table} ORDER BY rep_id, rank LIMIT {hostile.Length}");
        for (var i = 0; i < hostile.Length; i++)
        {
            foreach (var table in new[] { "accounts", "account_features" })
            {
                Execute(ws, $"UPDATE {table} SET name = $1 WHERE account_id = $2", hostile[i], targets[i]);
            }
        }

        RepLists.Run(ws, clock: FixedClock.Default);
        Assert.Equal(targets, ws.Strings($"SELECT account_id FROM {RepLists.Table} ORDER BY rep_id, rank LIMIT {hostile.Length}"));
        Execute(ws, $"UPDATE {AccountPotential.Table} SET white_space = -1234.5 WHERE account_id = $1", targets[0]);
        var repId = (string)ws.Scalar($"SELECT rep_id FROM {RepLists.Table} WHERE account_id = '{targets[0]}'")!;
        Execute(ws, "UPDATE reps SET name = $1 WHERE rep_id = $2", "=cmd|' /C calc'!A0", repId);

        var result = PlanExport.Run(ws, _dir.File("out"), ExportFormat.Both, FixedClock.Default);

        // CSV: every planted name comes back exactly, prefixed where it started like a formula; the negative stays a plain number.
        var csvFile = result.Files.Single(f => f.Format == "csv");
        var byId = CsvReadBack.Read(csvFile.Path).Skip(1).ToDictionary(r => r[0]);
        for (var i = 0; i < hostile.Length; i++)
        {
            var expected = FormulaGuard.Triggers.Contains(hostile[i][0]) ? "'" + hostile[i] : hostile[i];
            Assert.Equal(expected, byId[targets[i]][1]);
        }

        Assert.Equal("-1234.5", byId[targets[0]][8]);
        Assert.True(csvFile.NeutralisedCells >= 7, $"{csvFile.NeutralisedCells} neutralised");
        int[] numeric = [5, 7, 8, 10];
        foreach (var record in byId.Values)
        {
            for (var c = 0; c < record.Length; c++)
            {
                if (numeric.Contains(c))
                {
                    Assert.True(record[c].Length == 0 || double.TryParse(record[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _), record[c]);
                }
                else
                {
                    Assert.False(FormulaGuard.IsTriggered(record[c]), $"{record[0]} column {PlanExport.CsvColumns[c]}: '{record[c]}'");
                }
            }
        }

        // XLSX: the names are inline text with the apostrophe, the rep's name too; white space stays a negative number.
        var xlsxFile = result.Files.Single(f => f.Format == "xlsx");
        var (sheets, errors) = XlsxReadBack.Read(xlsxFile.Path);
        Assert.Empty(errors);
        var cells = sheets.SelectMany(s => s.Rows).SelectMany(r => r.Values).ToList();
        Assert.All(cells.Where(c => c.Type == "inlineStr"), c => Assert.False(FormulaGuard.IsTriggered(c.Text), c.Text));
        Assert.All(cells, c => Assert.True(c.Type is null or "inlineStr", c.Type));
        foreach (var sheet in sheets)
        {
            Assert.DoesNotContain(XDocument.Parse(sheet.Xml).Descendants(), e => e.Name.LocalName == "f");
        }

        var rows = sheets.Skip(1).SelectMany(s => s.Rows.Skip(1)).ToDictionary(r => r["B"].Text);
        for (var i = 0; i < hostile.Length; i++)
        {
            var expected = FormulaGuard.Triggers.Contains(hostile[i][0]) ? "'" + hostile[i] : hostile[i];
            Assert.Equal("inlineStr", rows[targets[i]]["C"].Type);
            Assert.Equal(Lf(expected), Lf(rows[targets[i]]["C"].Text));
        }

        Assert.True(rows[targets[0]]["J"].IsNumber);
        Assert.Equal(-1234.5, rows[targets[0]]["J"].Number);
        var summary = sheets[0];
        var repRow = summary.Rows.Single(r => r.TryGetValue("A", out var a) && a.Text == repId);
        Assert.Equal("'=cmd|' /C calc'!A0", repRow["B"].Text);
        Assert.Equal(repId + " =cmd|' _C calc'!A0", repRow["M"].Text);
        Assert.Contains(sheets, s => s.Name == repRow["M"].Text);
        Assert.True(xlsxFile.NeutralisedCells >= 8, $"{xlsxFile.NeutralisedCells} neutralised");
    }

    [Fact]
    public void Cli_BadOut_AndBadFormat_ExitTwoWithTheReason()
    {
        var file = _dir.Write("not-a-folder.txt", "x");

        var asFile = Support.Cli.Run("export", "--workspace", demo.Workspace, "--out", file);
        var underFile = Support.Cli.Run("export", "--workspace", demo.Workspace, "--out", Path.Combine(file, "sub"));
        var unwritable = Support.Cli.Run("export", "--workspace", demo.Workspace, "--out", "/sys/sightline-export-test");
        var format = Support.Cli.Run("export", "--workspace", demo.Workspace, "--out", _dir.File("out"), "--format", "pdf");

        Assert.Equal((2, ""), (asFile.Exit, asFile.Out));
        Assert.Contains($"--out: value '{file}': is a file, not a folder", asFile.Err, StringComparison.Ordinal);
        Assert.Equal((2, ""), (underFile.Exit, underFile.Out));
        Assert.Contains($"--out: value '{Path.Combine(file, "sub")}': cannot create the folder", underFile.Err, StringComparison.Ordinal);
        Assert.Equal((2, ""), (unwritable.Exit, unwritable.Out));
        Assert.Contains("--out: value '/sys/sightline-export-test': cannot ", unwritable.Err, StringComparison.Ordinal);
        Assert.Equal((2, ""), (format.Exit, format.Out));
        Assert.Contains("--format: value 'pdf': expected xlsx, csv or both", format.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public void Cli_Json_ReportsFilesRowsAndSources()
    {
        using (var ws = Workspace.Open(demo.Workspace))
        {
            Plan(ws);
        }

        var (exit, output, error) = Support.Cli.Run("export", "--workspace", demo.Workspace, "--out", _dir.File("out"), "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["csv", "xlsx"], files.Select(f => f.GetProperty("format").GetString()));
        Assert.All(files, f => Assert.True(File.Exists(f.GetProperty("path").GetString())));
        Assert.Equal(json.RootElement.GetProperty("accounts").GetInt64(), files[0].GetProperty("rows").GetInt64());
        Assert.Equal(json.RootElement.GetProperty("listed_accounts").GetInt64(), files[1].GetProperty("rows").GetInt64());
        Assert.Contains(json.RootElement.GetProperty("sources").EnumerateArray(), s => s.GetString()!.StartsWith("quota", StringComparison.Ordinal) || s.GetString()!.StartsWith("last year", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir.File("out"), ".*"));

        var text = Support.Cli.Run("export", "--workspace", demo.Workspace, "--out", _dir.File("out"), "--format", "xlsx");
        Assert.Equal(0, text.Exit);
        Assert.Contains("text cells neutralised", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_ManagersWorkbook_HoldsItsTeamsAccountsListsAndRepQuotasOnly_NoRegionQuota()
    {
        using var ws = Workspace.Open(demo.Workspace);
        Plan(ws);
        var manager = ws.Strings("SELECT manager_id FROM reps WHERE manager_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")[0];
        var scope = new Sightline.Access.AccessScope(Sightline.Access.UserRole.Manager, manager);

        var result = PlanExport.Run(ws, _dir.File("out"), ExportFormat.Both, FixedClock.Default, scope);

        var visible = $"SELECT account_id FROM accounts WHERE {scope.AccountCondition("account_id")}";
        var accounts = Count(ws, $"SELECT count(*) FROM ({visible})");
        Assert.True(accounts > 0 && accounts < Count(ws, "SELECT count(*) FROM accounts"), $"{accounts} accounts in {manager}'s team");
        Assert.Equal(accounts, result.Accounts);
        var csv = File.ReadAllLines(result.Files[0].Path).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ws.Strings($"{visible} ORDER BY 1"), csv);

        var (sheets, errors) = XlsxReadBack.Read(result.Files[1].Path);
        Assert.Empty(errors);
        var teamListed = $"FROM {RepLists.Table} WHERE {scope.RepCondition("rep_id")} AND account_id IN ({visible})";
        var reps = ws.Strings($"SELECT DISTINCT rep_id {teamListed} ORDER BY 1");
        Assert.NotEmpty(reps);
        Assert.Equal(reps, sheets.Skip(1).Select(s => s.Name.Split(' ')[0]).ToList());
        var summary = sheets[0];
        var region = summary.RowOf(PlanExport.RegionTotal);
        Assert.Equal(accounts, summary.Cell(region, "B")!.Number);
        Assert.Equal(Count(ws, $"SELECT count(*) {teamListed}"), summary.Cell(region, "E")!.Number);
        Assert.True(summary.Cell(region, "G") is not { Text.Length: > 0 }, "no region quota in a team's workbook");
        var rep = summary.RowOf(PlanExport.RepTotal);
        var teamQuota = Sum(ws, $"SELECT sum(quota) FROM {QuotaPlan.Table} WHERE level = 'rep' AND {scope.RepCondition("key")}");
        Assert.Equal(teamQuota, summary.Cell(rep, "J")!.Number, teamQuota * 1e-9);
        Assert.Contains(result.Sources, s => s == $"scope: the accounts of rep {manager} and every rep reporting to them (the accounts, rep lists and rep quotas this user sees)");
        Assert.Contains("region quotas are left out: they are whole regions' quotas, not this team's", result.Notes);
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string XlsxColumn(int index) => ((char)('A' + index)).ToString();

    private static List<string> HeaderAbove(XlsxSheet sheet, int totalRow, int columns)
    {
        var header = Enumerable.Range(1, totalRow).Reverse().First(r => sheet.Cell(r, "A")?.Text == PlanExport.RegionColumns[0]);
        return Enumerable.Range(0, columns).Select(i => sheet.Cell(header, XlsxColumn(i))!.Text).ToList();
    }

    private static void Execute(Workspace ws, string sql, params object[] values)
    {
        using var command = ws.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            command.Parameters.Add(new DuckDBParameter(value));
        }

        command.ExecuteNonQuery();
    }
}
