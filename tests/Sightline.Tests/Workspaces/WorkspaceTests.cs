using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Workspaces;

public sealed class WorkspaceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SqlLiteral_QuotesAndAZeroCharacter_RoundTripThroughDuckDb()
    {
        using var ws = Workspace.Init(_dir.File("literal"));

        // A zero character ends DuckDB's statement text, so it would cut the literal short: it comes back as U+FFFD.
        Assert.Equal("it's a\uFFFDb", ws.Scalar($"SELECT {Sql.Literal("it's a\0b")}"));
    }

    [Fact]
    public void Init_CreatesDatabaseAndCommentedProjectFile()
    {
        using (var ws = Workspace.Init(_dir.File("acme")))
        {
            Assert.Equal(Workspace.CurrentSchemaVersion, ws.SchemaVersion);
            Assert.True(ws.TableExists("accounts"));
            Assert.True(ws.TableExists("rejects"));
        }

        var yaml = File.ReadAllText(_dir.File("acme/sightline.yaml"));
        Assert.Contains("# Sightline project file", yaml);
        Assert.Contains("future_date_tolerance_days: 7", yaml);
        Assert.True(File.Exists(_dir.File("acme/sightline.duckdb")));
    }

    [Fact]
    public void DuplicateOnDemand_OpensOnFirstUseOnce_SeesTheSameDatabase_AndRefusesUseAfterDispose()
    {
        using var root = Workspace.Init(_dir.File("lazy"));
        root.Execute("CREATE TABLE lazy_probe (x INTEGER); INSERT INTO lazy_probe VALUES (42)");

        // Disposing a handle that never read the database is fine (a request answered from memory).
        root.DuplicateOnDemand().Dispose();

        var handle = root.DuplicateOnDemand();
        Assert.Equal(root.Directory, handle.Directory);
        Assert.Same(root.Settings, handle.Settings);
        var first = handle.Connection;
        Assert.Same(first, handle.Connection);
        Assert.Equal(42, Convert.ToInt32(handle.Scalar("SELECT x FROM lazy_probe"), System.Globalization.CultureInfo.InvariantCulture));

        // Its own connection: a write through it is seen by the root, as with Duplicate.
        handle.Execute("INSERT INTO lazy_probe VALUES (7)");
        Assert.Equal(2, Convert.ToInt32(root.Scalar("SELECT count(*) FROM lazy_probe"), System.Globalization.CultureInfo.InvariantCulture));
        handle.Dispose();

        var unused = root.DuplicateOnDemand();
        unused.Dispose();
        Assert.Throws<ObjectDisposedException>(() => unused.Connection);
    }

    [Fact]
    public void Init_ProjectFile_WritesThePlanSectionsWithTheirDefaults()
    {
        using var ws = Workspace.Init(_dir.File("plans"));
        var written = ProjectSettings.Load(_dir.File("plans/sightline.yaml"));
        var defaults = new ProjectSettings();

        Assert.Equal(defaults.Coverage.Models.Keys.Order(StringComparer.Ordinal), written.Coverage.Models.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, model) in defaults.Coverage.Models)
        {
            var read = written.Coverage.Models[name];
            Assert.Equal((model.Role, model.CostToServe, model.Effectiveness, model.Unlimited), (read.Role, read.CostToServe, read.Effectiveness, read.Unlimited));
        }

        Assert.Equal((defaults.Coverage.MarginRate, defaults.Coverage.DefaultCapacity, defaults.Coverage.HighPotentialShare),
            (written.Coverage.MarginRate, written.Coverage.DefaultCapacity, written.Coverage.HighPotentialShare));
        Assert.Empty(written.Coverage.Pinned);
        Assert.Equal((defaults.Territories.Tolerance, defaults.Territories.PotentialWeight, defaults.Territories.WorkloadWeight, defaults.Territories.WorkloadPerOrder,
            defaults.Territories.WorkloadOrderCap, defaults.Territories.WithinRegion, defaults.Territories.WithinRole),
            (written.Territories.Tolerance, written.Territories.PotentialWeight, written.Territories.WorkloadWeight, written.Territories.WorkloadPerOrder,
            written.Territories.WorkloadOrderCap, written.Territories.WithinRegion, written.Territories.WithinRole));
        Assert.Equal(defaults.Territories.WorkloadBySize.OrderBy(kv => kv.Key, StringComparer.Ordinal), written.Territories.WorkloadBySize.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(defaults.Territories.Scenarios, written.Territories.Scenarios);
        Assert.Equal((defaults.Handover.DefaultCapacity, defaults.Handover.IndustryWeight, defaults.Handover.ProductWeight, defaults.Handover.DiscountWeight, defaults.Handover.DiscountScale),
            (written.Handover.DefaultCapacity, written.Handover.IndustryWeight, written.Handover.ProductWeight, written.Handover.DiscountWeight, written.Handover.DiscountScale));
    }

    [Fact]
    public void Init_ExistingWorkspace_IsRefused()
    {
        Workspace.Init(_dir.File("acme")).Dispose();
        var error = Assert.Throws<BadInputException>(() => Workspace.Init(_dir.File("acme")));
        Assert.EndsWith("sightline.duckdb: a workspace already exists here; use it with --workspace or choose another folder", error.Message);
    }

    [Fact]
    public void Open_OlderSchema_MigratesAndKeepsData()
    {
        using (var old = Workspace.Init(_dir.File("acme"), version: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
            Assert.False(old.TableExists("rejects"));
            old.Execute("INSERT INTO accounts (account_id, name) VALUES ('A1', 'Acme')");
        }

        using var ws = Workspace.Open(_dir.File("acme"));
        Assert.Equal(Workspace.CurrentSchemaVersion, ws.SchemaVersion);
        Assert.True(ws.TableExists("rejects"));
        Assert.Equal("Acme", ws.Scalar("SELECT name FROM accounts WHERE account_id = 'A1'"));
    }

    [Fact]
    public void Open_NewerSchema_IsRefusedWithClearMessage()
    {
        using (var ws = Workspace.Init(_dir.File("acme")))
        {
            ws.Execute($"INSERT INTO sightline_schema VALUES ({Workspace.CurrentSchemaVersion + 1}, now()::TIMESTAMP)");
        }

        var error = Assert.Throws<BadInputException>(() => Workspace.Open(_dir.File("acme")));
        Assert.EndsWith($"sightline.duckdb: this workspace has schema version {Workspace.CurrentSchemaVersion + 1}, newer than this Sightline understands (up to {Workspace.CurrentSchemaVersion}); upgrade Sightline to open it", error.Message);
    }

    [Fact]
    public void Open_MissingWorkspace_SaysHowToCreateOne()
    {
        var error = Assert.Throws<BadInputException>(() => Workspace.Open(_dir.File("nothing")));
        Assert.Contains("no workspace here (no sightline.duckdb); create one with: sightline init", error.Message);
    }

    [Fact]
    public void Open_MalformedProjectFile_ReportsLine()
    {
        Workspace.Init(_dir.File("acme")).Dispose();
        File.WriteAllText(_dir.File("acme/sightline.yaml"), "name: x\nimport:\n  future_date_tolerance_days: soon\n");
        var error = Assert.Throws<BadInputException>(() => Workspace.Open(_dir.File("acme")));
        Assert.StartsWith("sightline.yaml:3: column 31: ", error.Message);
        Assert.Contains("soon", error.Message);
    }

    [Fact]
    public void Open_ProjectFileWithSeveralProblems_ReportsThemAllAndChangesNothing()
    {
        Workspace.Init(_dir.File("acme")).Dispose();
        var yaml = "import:\n  future_date_tolerance_days: soon\n  date_order: ymd\nlists:\n  channels: { Enterprize: field }\n";
        File.WriteAllText(_dir.File("acme/sightline.yaml"), yaml);
        var database = File.ReadAllBytes(_dir.File("acme/sightline.duckdb"));

        var error = Assert.Throws<BadInputException>(() => Workspace.Open(_dir.File("acme")));

        Assert.Equal(
        [
            "sightline.yaml:2: column 31: setting 'import.future_date_tolerance_days' value 'soon': expected a whole number",
            "sightline.yaml:5: column 'lists.channels' value 'Enterprize': column 15: not a size band; expected one of SMB, Mid-market, Enterprise, Strategic (the names of tiers.size_bands), or default for the rest; did you mean 'Enterprise'?",
            "sightline.yaml:3: column 'import.date_order' value 'ymd': expected mdy or dmy",
        ], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(yaml, File.ReadAllText(_dir.File("acme/sightline.yaml")));
        Assert.Equal(database, File.ReadAllBytes(_dir.File("acme/sightline.duckdb")));
    }

    [Fact]
    public void Open_LockedByAnotherProcess_SaysSo()
    {
        using var ws = Workspace.Init(_dir.File("acme"));
        var script = _dir.Write("open.sh", $"dotnet {typeof(Sightline.Cli.SightlineCli).Assembly.Location} import --workspace {_dir.File("acme")} {_dir.File("acme")}\n");
        var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", script) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("the workspace is in use by another process", stderr);
    }
    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public void Open_EmptyOrRandomBytesDatabase_IsRefusedAsNotAWorkspaceDatabase_AndLeftAsItIs(int length)
    {
        var folder = _dir.File("garbage");
        Directory.CreateDirectory(folder);
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        var dbPath = Path.Combine(folder, Workspace.DatabaseFileName);
        File.WriteAllBytes(dbPath, bytes);

        var (exit, _, err) = Support.Cli.Run("quality", "--workspace", folder);

        Assert.Equal(2, exit);
        Assert.StartsWith(dbPath + ": not a Sightline workspace database, or a damaged one", err);
        Assert.Contains("restore sightline.duckdb from a backup, or create a new workspace in another folder with: sightline init", err);
        Assert.Equal(bytes, File.ReadAllBytes(dbPath));
    }

    [Fact]
    public void Open_AnotherProgramsDuckDbFile_IsRefusedAsNotAWorkspaceDatabase()
    {
        var folder = _dir.File("foreign");
        Directory.CreateDirectory(folder);
        var dbPath = Path.Combine(folder, Workspace.DatabaseFileName);
        using (var other = new DuckDB.NET.Data.DuckDBConnection($"DataSource={dbPath}"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<BadInputException>(() => Workspace.Open(folder));
        Assert.StartsWith(dbPath + ": not a Sightline workspace database (a DuckDB file without the sightline_schema table", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Open_SchemaTableEmptiedOrCutShort_IsRefusedAsDamaged_WithoutRecreatingTables(int keptVersions)
    {
        var folder = _dir.File("damaged");
        using (var ws = Workspace.Init(folder))
        {
            ws.Execute("INSERT INTO accounts (account_id, name) VALUES ('A1', 'Acme')");
            ws.Execute($"DELETE FROM sightline_schema WHERE version > {keptVersions}");
        }

        var error = Assert.Throws<BadInputException>(() => Workspace.Open(folder));
        Assert.Contains($"damaged workspace database: its sightline_schema table records schema version {keptVersions}, but tables of later versions exist (", error.Message);
        Assert.Contains("restore sightline.duckdb from a backup", error.Message);

        // Nothing was migrated over the existing tables: the rows and the cut-short schema table are as they were.
        using var check = new DuckDB.NET.Data.DuckDBConnection($"DataSource={Path.Combine(folder, Workspace.DatabaseFileName)}");
        check.Open();
        using var command = check.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM accounts) || '/' || (SELECT count(*) FROM sightline_schema)";
        Assert.Equal($"1/{keptVersions}", command.ExecuteScalar());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_WorkspaceTheUserCannotWrite_ReadingVerbsWork_WritingVerbsSaySoWithExit2()
    {
        // chmod does not stop root: as root the CLI runs as nobody (setpriv), as anyone else in a plain subprocess.
        var asRoot = Environment.UserName == "root";
        Assert.True(!asRoot || File.Exists("/usr/bin/setpriv"), "running as root needs setpriv to test as an unprivileged user");
        var folder = _dir.File("readonly");
        using (var ws = Workspace.Init(folder))
        {
            ws.Execute("INSERT INTO accounts (account_id, name) VALUES ('A1', 'Acme')");
        }

        var home = _dir.File("home");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        var input = _dir.Write("in/reps.csv", "rep_id,name\nR1,Ann\n");
        foreach (var path in new[] { folder, Path.Combine(folder, Workspace.DatabaseFileName), Path.Combine(folder, "sightline.yaml") })
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }

        try
        {
            var quality = RunCliAsUnprivileged(asRoot, home, "quality", "--workspace", folder);
            Assert.True(quality.Exit == 0, quality.Err);
            Assert.Contains("(1 account, as of", quality.Out);

            var import = RunCliAsUnprivileged(asRoot, home, "import", "--workspace", folder, input);
            Assert.Equal(2, import.Exit);
            Assert.Contains(": the workspace is not writable (permission denied", import.Err);
            Assert.Contains("this command writes to it", import.Err);
        }
        finally
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.UserWrite);
        }
    }

    private static (int Exit, string Out, string Err) RunCliAsUnprivileged(bool asRoot, string home, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(asRoot ? "/usr/bin/setpriv" : "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (asRoot)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(typeof(Sightline.Cli.SightlineCli).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = home;
        start.Environment["DOTNET_CLI_HOME"] = home;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
