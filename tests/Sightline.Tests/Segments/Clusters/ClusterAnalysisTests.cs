using System.Globalization;
using Sightline.Segments.Clusters;
using Sightline.Tests.Support;

namespace Sightline.Tests.Segments.Clusters;

public sealed class ClusterAnalysisTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private PlantedData Planted()
    {
        var data = PlantedData.Blobs();
        data.WriteFeatureTable(_workspace.Workspace);
        return data;
    }

    private static int[] ById(ClusterResult result) =>
        result.Assignments.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Cluster).ToArray();

    [Fact]
    public void Run_PlantedClustersInWorkspace_RecoveredWithAriAboveNinety()
    {
        var data = Planted();
        var result = ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions { K = 4 });
        Assert.True(ClusterMetrics.AdjustedRandIndex(data.Truth, ById(result)) >= 0.9);
        Assert.Equal(["x1", "x2", "x3", "x4", "x5", "x6", "industry"], result.Features.Select(f => f.Name));
        Assert.Equal(FeatureTransform.OneHot, result.Features[^1].Transform);
        Assert.Contains(result.Notes, n => n.Contains("latitude", StringComparison.Ordinal));
        Assert.Equal(2000, result.Clusters.Sum(c => c.Size));
        Assert.All(result.Clusters, c => Assert.False(string.IsNullOrWhiteSpace(c.Label)));
        Assert.Contains(result.Clusters, c => c.Profile.Contains("% Healthcare (vs", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_Workspace_WritesAssignmentsAndProfilesReplacingThePreviousRun()
    {
        Planted();
        ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions { K = 3 });
        var result = ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions { K = 4 });
        Assert.Equal(2000L, Convert.ToInt64(_workspace.Workspace.Scalar("SELECT count(*) FROM account_clusters"), CultureInfo.InvariantCulture));
        Assert.Equal(4L, Convert.ToInt64(_workspace.Workspace.Scalar("SELECT count(DISTINCT cluster) FROM account_clusters"), CultureInfo.InvariantCulture));
        Assert.Equal(4L, Convert.ToInt64(_workspace.Workspace.Scalar("SELECT count(*) FROM cluster_profiles"), CultureInfo.InvariantCulture));
        Assert.Equal(result.Clusters[0].Label, _workspace.Workspace.Scalar("SELECT label FROM cluster_profiles WHERE cluster = 1"));
    }

    [Fact]
    public void Run_KAuto_PicksThePlantedK()
    {
        Planted();
        var result = ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions());
        Assert.True(result.KChosen);
        Assert.Equal(4, result.K);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], result.Candidates.Select(c => c.K));
    }

    [Fact]
    public void Run_SameSeed_SameAssignments()
    {
        Planted();
        var first = ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions { K = 5, Seed = 11 });
        var second = ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions { K = 5, Seed = 11 });
        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Inertia, second.Inertia);
    }

    [Fact]
    public void Run_SkewedSpendWithNulls_LogTransformedAndMedianFilled()
    {
        var ws = _workspace.Workspace;
        ws.Execute("""
            CREATE TABLE account_features AS
            SELECT 'A' || i AS account_id,
                   CASE WHEN i % 50 = 0 THEN NULL ELSE exp((i % 97) / 10.0) END AS spend,
                   (i % 13)::INTEGER AS tenure,
                   5 AS constant
            FROM range(1000) t(i)
            """);
        var result = ClusterAnalysis.Run(ws, new ClusterOptions { K = 2 });
        Assert.Equal(FeatureTransform.Log1p, result.Features.Single(f => f.Name == "spend").Transform);
        Assert.Equal(20, result.Features.Single(f => f.Name == "spend").MissingFilled);
        Assert.DoesNotContain(result.Features, f => f.Name == "constant");
        Assert.Contains(result.Notes, n => n.Contains("spend: 20 missing values filled with the median", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("spend: log(1 + x)", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_UnknownFeature_ListsTheAvailableColumns()
    {
        Planted();
        var e = Assert.Throws<BadInputException>(() => ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions { Features = ["x1", "revenue"] }));
        Assert.Contains("column 'revenue': unknown feature column; available: account_id, x1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoFeatureTable_SaysSo()
    {
        var e = Assert.Throws<BadInputException>(() => ClusterAnalysis.Run(_workspace.Workspace, new ClusterOptions()));
        Assert.Contains("no account_features table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFile_TextColumnWithManyValuesNamed_IsRefused()
    {
        var path = _workspace.Files.Write("people.csv", "name,age\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"n{i},{20 + i}\n")));
        var e = Assert.Throws<BadInputException>(() => ClusterAnalysis.RunFile(path, new ClusterOptions { K = 2, Features = ["age", "name"] }));
        Assert.Contains("column 'name': not numeric, and has 30 distinct values", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Infinity", "Infinity", "not a finite number")]
    [InlineData("-inf", "-Infinity", "not a finite number")]
    [InlineData("1e308", "1E+308", "too large; expected a number under 10^15 in magnitude")]
    public void RunFile_InfiniteOrOverflowingNumber_IsBadInputAtItsLine(string cell, string shown, string expected)
    {
        // An infinity crashed k-means++ seeding (exit 1); 1e308 overflowed the variance and the column was "the same in every row".
        var rows = string.Concat(Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{i * 2.5}\n")));
        var path = _workspace.Files.Write("measures.csv", "a,b\n" + rows + $"3,{cell}\n4,NaN\n");

        var e = Assert.Throws<BadInputException>(() => ClusterAnalysis.RunFile(path, new ClusterOptions { K = 2 }));

        Assert.StartsWith($"measures.csv:22: column 'b' value '{shown}': {expected}", Assert.Single(e.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunFile_IdColumnsInAnyWriting_AreNotFeatures()
    {
        // As the mall customers file writes it: CustomerID, an id glued to its entity, is no measure to cluster on.
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{i + 1},{i + 7},{(i % 2 == 0 ? 20 : 60) + (i % 5)},{(i % 2 == 0 ? 80 : 15) + (i % 3)},{i % 4}\n")));
        var path = _workspace.Files.Write("Mall_Customers.csv", "CustomerID,Record ID,Annual Income,Spending Score,paid\n" + rows);
        var result = ClusterAnalysis.RunFile(path, new ClusterOptions { K = 2 });
        Assert.Equal(["Annual Income", "Spending Score", "paid"], result.Features.Select(f => f.Name));
        Assert.Contains("skipped CustomerID (an id or a coordinate)", result.Notes);
        Assert.Contains("skipped Record ID (an id or a coordinate)", result.Notes);
    }

    [Fact]
    public void RunFile_ExcelWorkbook_ClustersAsTheSameDataInCsv_AndAnUnreadableOneIsBadInput()
    {
        var rows = Enumerable.Range(0, 40).Select(i => (Id: i + 1, Income: (i % 2 == 0 ? 20 : 60) + (i % 5), Score: (i % 2 == 0 ? 80.5 : 15.25) + (i % 3))).ToList();
        var csv = _workspace.Files.Write("customers.csv", "CustomerID,Annual Income,Spending Score\n"
            + string.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Id},{r.Income},{r.Score}\n"))));
        var xlsx = _workspace.Files.File("customers.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, rows.Select(r => new Dictionary<string, object> { ["CustomerID"] = r.Id, ["Annual Income"] = r.Income, ["Spending Score"] = r.Score }));

        var fromText = ClusterAnalysis.RunFile(csv, new ClusterOptions { K = 2 });
        var fromSheet = ClusterAnalysis.RunFile(xlsx, new ClusterOptions { K = 2 });

        Assert.Equal(fromText.Features.Select(f => f.Name), fromSheet.Features.Select(f => f.Name));
        Assert.Equal((fromText.Rows, fromText.Inertia), (fromSheet.Rows, fromSheet.Inertia));
        Assert.Equal(fromText.Assignments.Select(a => (a.Id, a.Cluster)), fromSheet.Assignments.Select(a => (a.Id, a.Cluster)));

        File.WriteAllText(xlsx, "CustomerID,Annual Income\n1,20\n");
        var error = Assert.Throws<BadInputException>(() => ClusterAnalysis.RunFile(xlsx, new ClusterOptions { K = 2 }));
        Assert.StartsWith("customers.xlsx: cannot be read (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("expected an Excel workbook (.xlsx) with a header row in its first sheet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFile_NumbersWithBlankCellsWrittenAsASpace_AreAFeature()
    {
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{i % 20},{(i % 20 == 0 ? " " : (30.5 * (i % 20) + (i < 20 ? 0 : 900)).ToString("0.0", CultureInfo.InvariantCulture))}\n")));
        var path = _workspace.Files.Write("telco.csv", "tenure,TotalCharges\n" + rows);
        var result = ClusterAnalysis.RunFile(path, new ClusterOptions { K = 2, Features = ["tenure", "TotalCharges"] });
        Assert.Equal(["tenure", "TotalCharges"], result.Features.Select(f => f.Name));
        Assert.Equal("TotalCharges: read as numbers; its 2 blank values are missing", result.Notes[0]);
    }

    [Theory]
    [InlineData("id", true)]
    [InlineData("account_id", true)]
    [InlineData("CustomerID", true)]
    [InlineData("Record ID", true)]
    [InlineData("customerid", true)]
    [InlineData("paid", false)]
    [InlineData("Android Users", false)]
    [InlineData("rfid", false)]
    public void HeaderWords_LooksLikeId(string header, bool id) => Assert.Equal(id, Sightline.Data.HeaderWords.LooksLikeId(header));

    [Fact]
    public void RunFile_FewerRowsThanK_IsRefused()
    {
        var path = _workspace.Files.Write("tiny.csv", "a,b\n1,2\n3,4\n5,7\n");
        var e = Assert.Throws<BadInputException>(() => ClusterAnalysis.RunFile(path, new ClusterOptions { K = 4 }));
        Assert.Contains("3 rows cannot make 4 clusters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFile_Missing_IsRefused()
    {
        var e = Assert.Throws<BadInputException>(() => ClusterAnalysis.RunFile(_workspace.Files.File("nope.csv"), new ClusterOptions()));
        Assert.Contains("nope.csv: file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFile_SemicolonCsvWithLabelColumn_ReportsAdjustedRandIndex()
    {
        var data = PlantedData.Blobs(n: 800);
        var path = _workspace.Files.Write("blobs.csv", data.ToCsv(';'));
        var result = ClusterAnalysis.RunFile(path, new ClusterOptions { K = 4, LabelColumn = "blob" });
        Assert.Equal(6, result.Features.Count);
        Assert.True(result.AdjustedRandIndex >= 0.9);
        Assert.Equal("1", result.Assignments[0].Id);
    }
}
