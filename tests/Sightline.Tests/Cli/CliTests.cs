using System.Text.Json;
using Sightline.Tests.Support;

namespace Sightline.Tests.Cli;

/// <summary>The CLI conventions: --json on stdout, exit codes 0 / 2 / 1, messages on stderr.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public void Init_Json_PrintsWorkspaceAndSchemaVersion()
    {
        var (exit, output, error) = Run("init", _dir.File("ws"), "--json");
        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(_dir.File("ws"), json.RootElement.GetProperty("workspace").GetString());
        Assert.Equal(Sightline.Workspaces.Workspace.CurrentSchemaVersion, json.RootElement.GetProperty("schema_version").GetInt32());
    }

    [Fact]
    public void Import_BadFile_ExitsTwoWithMessageOnStderrOnly()
    {
        Run("init", _dir.File("ws"));
        var file = _dir.Write("in/accounts.csv", "account_id,name,employees\nA1,Acme,many\n");
        var (exit, output, error) = Run("import", "--workspace", _dir.File("ws"), file, "--json");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("accounts.csv:2: column 'employees' value 'many': not a whole number", error.Trim());
    }

    [Fact]
    public void Import_BadFile_PrintsTheFilesNotesBeforeTheProblems()
    {
        // The note says why 'name' is blank on line 3: its value went to the repeated column. A failed import dropped it.
        Run("init", _dir.File("ws"));
        var file = _dir.Write("in/accounts.csv", "account_id,name,name\nA1,Acme,Acme Corp\nA2,,Beta Ltd\n");
        var (exit, output, error) = Run("import", "--workspace", _dir.File("ws"), file);
        Assert.Equal((2, ""), (exit, output));
        Assert.Equal(["note: accounts.csv: 2 columns are headed 'name' (columns 2 and 3; a report joining two objects writes such labels): the first is read as 'name', the other as 'name_1'",
            "accounts.csv:3: column 'name': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"],
            error.Trim().Split(Environment.NewLine));
    }

    [Fact]
    public void Import_Json_ReportsCounts()
    {
        Run("init", _dir.File("ws"));
        var file = _dir.Write("in/accounts.csv", "account_id,name\nA1,Acme\nA2,Beta\n");
        var (exit, output, _) = Run("import", "-w", _dir.File("ws"), file, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("rows_loaded").GetInt64());
        Assert.Equal("accounts", json.RootElement.GetProperty("files")[0].GetProperty("table").GetString());
    }

    [Fact]
    public void Import_HumanOutput_NamesTheFileOnceInEachNote()
    {
        Run("init", _dir.File("ws"));
        var file = _dir.Write("in/accounts.csv", "sep=;\naccount_id;name;Fiscal Year\nA1;Acme;2025\n");
        var (exit, output, _) = Run("import", "-w", _dir.File("ws"), file);
        Assert.Equal(0, exit);
        var notes = output.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("  note: ", StringComparison.Ordinal)).ToList();
        Assert.Equal([
            "  note: accounts.csv: the first line 'sep=;' names the delimiter; read with it",
            "  note: accounts.csv: new custom attribute accounts.fiscal_year (DOUBLE) from header 'Fiscal Year'"], notes);
    }

    [Fact]
    public void Import_APipeInWindows1252_IsCopiedOnce_ReadAsAFile_AndTheCopyRemoved()
    {
        // `import /dev/stdin < export` from a pipeline, or `<(export-accounts)`: each step opened the path again, which a pipe cannot give twice.
        Run("init", _dir.File("ws"));
        var path = _dir.File("in/accounts.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = new Thread(() => File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes("account_id,name\nA1,M\u00fcller GmbH\nA2,Beta\n"))) { IsBackground = true };
        writer.Start();
        (int Exit, string Out, string Err) result = (-1, "", "");
        var import = new Thread(() => result = Run("import", "-w", _dir.File("ws"), path)) { IsBackground = true };
        import.Start();
        if (!import.Join(TimeSpan.FromSeconds(60)))
        {
            // It waits to open the pipe a second time: give it an empty one, so the test fails instead of hanging.
            File.WriteAllBytes(path, []);
            import.Join();
            Assert.Fail("import opened the pipe a second time");
        }

        var (exit, output, error) = result;
        Assert.True(exit == 0, error);
        // The note names the file once: it was printed "accounts.csv: accounts.csv is not valid UTF-8".
        Assert.Contains("  note: accounts.csv is not valid UTF-8; read as Windows-1252", output, StringComparison.Ordinal);
        var runId = System.Text.RegularExpressions.Regex.Match(output, @"import (import-[0-9a-zA-Z-]+): 2 rows read, 2 loaded, 0 rejected").Groups[1].Value;
        Assert.NotEqual("", runId);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "sightline-" + runId)), "the copy of the pipe is left behind");
        using var ws = Sightline.Workspaces.Workspace.Open(_dir.File("ws"), Sightline.Workspaces.WorkspaceAccess.Read);
        Assert.Equal("M\u00fcller GmbH", ws.Scalar("SELECT name FROM accounts WHERE account_id = 'A1'"));
    }

    [Fact]
    public void ImportAndQuality_OneAccount_AreToldInTheSingular()
    {
        Run("init", _dir.File("ws"));
        var file = _dir.Write("in/accounts.csv", "account_id,name\nA1,Acme\n");
        var import = Run("import", "-w", _dir.File("ws"), file);
        Assert.Equal(0, import.Exit);
        Assert.Contains(": 1 row read, 1 loaded, 0 rejected", import.Out, StringComparison.Ordinal);

        var quality = Run("quality", "-w", _dir.File("ws"), "--as-of", "2025-01-01");
        Assert.Equal((0, ""), (quality.Exit, quality.Err));
        Assert.Matches(@"^Data quality score: \d+/100 \(1 account, as of 2025-01-01\)$", quality.Out.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Fact]
    public void Import_Lenient_HumanOutputNamesTheRejects()
    {
        Run("init", _dir.File("ws"));
        var file = _dir.Write("in/accounts.csv", "account_id,name,employees\nA1,Acme,many\nA2,Beta,3\n");
        var (exit, output, _) = Run("import", "-w", _dir.File("ws"), "--lenient", file);
        Assert.Equal(0, exit);
        Assert.Contains("2 rows read, 1 loaded, 1 rejected (see the rejects table or 'sightline quality')", output);
    }

    [Theory]
    [InlineData("import", "--workspace")]
    [InlineData("frobnicate")]
    [InlineData("demo", "--accounts", "lots")]
    public void BadArguments_ExitTwo(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("sightline: ", error);
    }

    // System.CommandLine's own message named the type: "as expected type 'System.Nullable`1[System.Int32]'".
    [Theory]
    [InlineData("--days", "1.5", "expected a whole number")]
    [InlineData("--days", "99999999999", "out of range: expected a whole number from -2147483648 to 2147483647")]
    [InlineData("--as-of", "yesterday", "expected a date written year-month-day, such as 2025-03-31")]
    [InlineData("--as-of", "01/02/2025", "expected a date written year-month-day, such as 2025-03-31")] // was read as 2 January
    [InlineData("--as-of", "01.02.2025", "expected a date written year-month-day, such as 2025-03-31")]
    [InlineData("--as-of", "2025-02-30", "expected a date written year-month-day, such as 2025-03-31")]
    public void OptionValueOfTheWrongType_IsWordedAsTheProjectDoes(string option, string value, string expected)
    {
        var (exit, _, error) = Run("propensity", "--workspace", _dir.File("none"), option, value);

        Assert.Equal(2, exit);
        Assert.Contains($"sightline: {option}: value '{value}': {expected}", error);
        Assert.DoesNotContain("System.", error);
    }

    [Theory]
    [InlineData("tiers", "--workspace", "")]
    [InlineData("init", " ")]
    public void BlankWorkspaceFolder_IsBadInput_NotAnInternalError(params string[] args)
    {
        var (exit, _, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Equal($"workspace folder: value '{args[^1]}': expected a folder's path, such as ./acme", error.Trim());
    }

    [Fact]
    public void Demo_TooFewAccounts_ExitsTwo()
    {
        var (exit, _, error) = Run("demo", "--workspace", _dir.File("demo"), "--accounts", "10");
        Assert.Equal(2, exit);
        Assert.Equal("--accounts: value '10': a demo world needs at least 100 accounts", error.Trim());
    }

    [Fact]
    public void Quality_Json_HasScoreAndIssues()
    {
        Run("init", _dir.File("ws"));
        Run("import", "-w", _dir.File("ws"), _dir.Write("in/accounts.csv", "account_id,name,domain\nA1,Acme Inc,acme.com\nA2,ACME LLC,www.acme.com\n"));
        var (exit, output, _) = Run("quality", "-w", _dir.File("ws"), "--json", "--html", _dir.File("q.html"));
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.InRange(json.RootElement.GetProperty("score").GetDouble(), 0, 99.9);
        Assert.Equal(1, json.RootElement.GetProperty("duplicate_groups").GetInt64() > 0 ? 1 : 0);
        Assert.Contains("<html", File.ReadAllText(_dir.File("q.html")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CorruptWorkspace_ExitsTwo_NamingTheFileAndWhatToDo()
    {
        Directory.CreateDirectory(_dir.File("ws"));
        File.WriteAllText(_dir.File("ws/sightline.duckdb"), "this is not a database");
        var (exit, _, error) = Run("quality", "-w", _dir.File("ws"));
        Assert.Equal(2, exit);
        Assert.StartsWith(_dir.File("ws/sightline.duckdb") + ": not a Sightline workspace database, or a damaged one", error);
        Assert.Contains("restore sightline.duckdb from a backup", error);
    }

    [Fact]
    public void Help_ShowsExamples()
    {
        var (exit, output, _) = Run("import", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("sightline import --workspace ./acme --lenient orders.csv", output);
    }

    [Theory]
    [InlineData("sightline [command] [options]")]
    [InlineData("sightline plan quotas [options]", "plan", "quotas")]
    public void Help_UsageNamesTheCommandUsersType(string usage, params string[] verb)
    {
        var (exit, output, _) = Run([.. verb, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains(usage, output);
        Assert.DoesNotContain("Sightline.Cli", output);
    }
}
