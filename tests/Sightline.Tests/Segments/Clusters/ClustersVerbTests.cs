using System.Text.Json;
using Sightline.Tests.Support;

namespace Sightline.Tests.Segments.Clusters;

/// <summary>The clusters verb: file mode with --json, workspace mode, and exit code 2 on bad input.</summary>
public sealed class ClustersVerbTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public void Clusters_FileJson_PrintsClustersAndAssignments()
    {
        var path = _dir.Write("blobs.csv", PlantedData.Blobs(n: 400).ToCsv(';'));
        var (exit, output, error) = Run("clusters", "--file", path, "--k", "4", "--label-column", "blob", "--json");
        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("k").GetInt32());
        Assert.Equal(4, root.GetProperty("clusters").GetArrayLength());
        Assert.Equal(400, root.GetProperty("assignments").GetArrayLength());
        Assert.True(root.GetProperty("adjusted_rand_index").GetDouble() >= 0.9);
        Assert.Equal("numeric", root.GetProperty("features")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void Clusters_OneRow_SaysTwoAreNeeded_NotEveryColumnsType()
    {
        var path = _dir.Write("one.csv", "a,b,c\n1,2,x\n");
        var (exit, output, error) = Run("clusters", "--file", path);
        Assert.Equal((2, ""), (exit, output));
        Assert.EndsWith("one.csv: 1 row: clustering needs at least 2 (no column varies across one row)", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Clusters_LabelColumnNamedAsAFeature_IsRefused()
    {
        var path = _dir.Write("blobs.csv", PlantedData.Blobs(n: 40).ToCsv(';'));
        var (exit, output, error) = Run("clusters", "--file", path, "--label-column", "blob", "--features", "x1,blob");
        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("--features: value 'blob': is the --label-column, which the clusters are compared with and is never a feature; leave it out of --features", error.Trim());
    }

    [SharedDataFact("wholesale", "wholesale-customers.csv")]
    public void Clusters_WholesaleHuman_PrintsTableAndAri()
    {
        var (exit, output, error) = Run("clusters", "--file", WholesaleTests.DataPath, "--log", "--k", "2", "--label-column", "Channel",
            "--features", string.Join(",", WholesaleTests.Spend));
        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("silhouette 0.290, inertia 1844.06", output, StringComparison.Ordinal);
        Assert.Contains("adjusted Rand index vs Channel: 0.514", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Clusters_Workspace_WritesTables()
    {
        using var ws = new TestWorkspace();
        PlantedData.Blobs(n: 300).WriteFeatureTable(ws.Workspace);
        ws.Workspace.Dispose();
        var (exit, output, error) = Run("clusters", "--workspace", ws.WorkspaceDirectory, "--k", "4");
        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("4 clusters of 300 rows from account_features", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--k", "zero", "--k' value 'zero': expected 'auto' or a whole number")]
    [InlineData("--features", "nope", "column 'nope': unknown feature column; available: x1")]
    public void Clusters_BadArgument_ExitsTwoWithMessage(string option, string value, string expected)
    {
        var path = _dir.Write("blobs.csv", PlantedData.Blobs(n: 100).ToCsv(';'));
        var (exit, output, error) = Run("clusters", "--file", path, option, value);
        Assert.Equal((2, ""), (exit, output));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Clusters_NeitherWorkspaceNorFile_ExitsTwo()
    {
        var (exit, _, error) = Run("clusters");
        Assert.Equal(2, exit);
        Assert.Contains("give either --workspace DIR or --file PATH", error, StringComparison.Ordinal);
    }
}
