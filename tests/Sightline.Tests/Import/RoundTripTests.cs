using Sightline.Data;
using Sightline.Demo;
using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Export every demo table to CSV and re-import into a new workspace: identical content.</summary>
[Trait("Category", "Slow")]
public sealed class RoundTripTests
{
    [Fact]
    public void DemoTables_ExportedAndReimported_AreIdentical()
    {
        using var dir = new TempDirectory();
        DemoPipeline.Run(dir.File("demo"), new DemoOptions(Accounts: 1_500, Seed: 7), clock: FixedClock.Default);
        using var original = Sightline.Workspaces.Workspace.Open(dir.File("demo"));
        Directory.CreateDirectory(dir.File("export"));
        foreach (var table in CanonicalSchema.Tables)
        {
            original.Execute($"COPY {table.Name} TO '{dir.File($"export/{table.Name}.csv")}' (HEADER, DELIMITER ',')");
        }

        using var copy = Sightline.Workspaces.Workspace.Init(dir.File("copy"));
        var result = new Importer(copy, FixedClock.Default).Import([dir.File("export")], new ImportOptions());

        var before = original.TableFingerprints();
        var after = copy.TableFingerprints();
        foreach (var table in CanonicalSchema.Tables)
        {
            Assert.True(before[table.Name].Rows > 0, $"{table.Name} is empty in the demo");
            Assert.Equal(before[table.Name], after[table.Name]);
        }

        Assert.Equal(result.RowsRead, result.RowsLoaded);
    }
}
