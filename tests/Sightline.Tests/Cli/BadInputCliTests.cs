using System.Net;
using Sightline.Models;
using Sightline.Models.Value;
using Sightline.Plans.Quotas;
using Sightline.Server;
using Sightline.Tests.Support;

namespace Sightline.Tests.Cli;

/// <summary>
/// Values at the edges (dates near year 1 or 9999, huge windows, horizons and targets, paths that are files or folders,
/// URLs Kestrel would widen to every interface) are bad input: exit code 2 naming the option, never a crash or a hang.
/// </summary>
public sealed class BadInputCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public BadInputCliTests() => Support.Cli.Run("init", Workspace);

    private string Workspace => _dir.File("ws");

    public void Dispose() => _dir.Dispose();

    private static void AssertBadInput((int Exit, string Out, string Err) run, string message)
    {
        Assert.Equal((2, ""), (run.Exit, run.Out));
        Assert.Equal(message, run.Err.Trim());
    }

    [Theory]
    [InlineData("quality", "0001-01-01")]
    [InlineData("quality", "1899-12-31")]
    [InlineData("features", "9999-12-31")]
    [InlineData("features", "0001-01-01")]
    [InlineData("propensity", "9999-12-31")]
    [InlineData("score", "0001-01-01")]
    [InlineData("run", "9999-12-31")]
    [InlineData("run", "2201-01-01")]
    public void AsOfOutsideTheRange_ExitsTwo_NamingTheRange(string verb, string date)
    {
        var run = Support.Cli.Run(verb, "--workspace", Workspace, "--as-of", date);

        AssertBadInput(run, $"--as-of: value '{date}': expected a date between 1900-01-01 and 2200-12-31");
    }

    [Fact]
    public void AsOfAtTheEdges_IsAccepted()
    {
        // An empty workspace has nothing to measure, but the dates themselves pass.
        Assert.Equal(0, Support.Cli.Run("quality", "--workspace", Workspace, "--as-of", "1900-01-01").Exit);
        Assert.Equal(0, Support.Cli.Run("quality", "--workspace", Workspace, "--as-of", "2200-12-31").Exit);
    }

    [Theory]
    [InlineData("features", "build features for")]
    [InlineData("potential", "estimate potential for")]
    [InlineData("lists", "put on reps' lists")]
    [InlineData("propensity", "score")]
    [InlineData("score", "score")]
    [InlineData("tiers", "tier")]
    [InlineData("markets", "rank")]
    [InlineData("plan headcount", "plan headcount for")]
    [InlineData("plan coverage", "plan coverage for")]
    [InlineData("plan territories", "put in territories")]
    [InlineData("run", "analyse")]
    public void AVerbThatReadsAccounts_OnAWorkspaceWithoutAny_ExitsTwo_AskingForAnImport_AndRecordsNoRun(string verb, string work)
    {
        // Until 2026-12-07 most of these printed a table of zeros and exited 0, and plan territories crashed (exit 1).
        var run = Support.Cli.Run([.. verb.Split(' '), "--workspace", Workspace]);

        AssertBadInput(run, $"accounts: the workspace has no accounts, so there is nothing to {work}: import the CRM's files first (sightline import --workspace {Workspace} FILES)");
        using var workspace = Sightline.Workspaces.Workspace.Open(Workspace);
        Assert.Equal(0L, Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM runs"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("3654")]
    [InlineData("0")]
    public void PropensityDaysOutsideTheRange_ExitsTwo(string days)
    {
        var run = Support.Cli.Run("propensity", "--workspace", Workspace, "--days", days);

        AssertBadInput(run, $"--days: value '{days}': expected a window of 1 to 3653 days (10 years)");
    }

    [Fact]
    public void CoreApis_RefuseAnAsOfOutsideTheRange()
    {
        using var ws = Sightline.Workspaces.Workspace.Open(Workspace);
        var late = new DateOnly(9999, 12, 31);

        Assert.Throws<BadInputException>(() => Sightline.Quality.QualityReporter.Build(ws, late));
        Assert.Throws<BadInputException>(() => Sightline.Features.FeatureBuilder.Build(ws, late));
        Assert.Throws<BadInputException>(() => LookalikeScoring.Run(ws, new LookalikeOptions { AsOf = late }));
        Assert.Throws<BadInputException>(() => WindowPropensity.Run(ws, new WindowOptions { AsOf = late }));
        Assert.Throws<BadInputException>(() => Sightline.Runs.BatchPipeline.Run(ws, new Sightline.Runs.BatchRunOptions(late)));
    }

    [Theory]
    [InlineData("2147483647d", "too long; expected at most 50y (600m)")]
    [InlineData("1e15d", "too long; expected at most 50y (600m)")]
    [InlineData("51y", "too long; expected at most 50y (600m)")]
    public void ClvHorizonBeyondFiftyYears_ExitsTwo(string horizon, string message)
    {
        var run = Support.Cli.Run("clv", "--workspace", Workspace, "--horizon", horizon);

        AssertBadInput(run, $"--horizon: value '{horizon}': {message}");
    }

    [Fact]
    public void ClvHorizonAndTop_AreCheckedByTheCoreToo()
    {
        var file = _dir.Write("t.csv", "customer,date,amount\nc1,2024-01-01,10\n");

        var horizon = Assert.Throws<BadInputException>(() => LifetimeValue.FromFile(new TransactionsFileLayout { Path = file }, new ClvOptions { HorizonDays = 1e9 }));
        var top = Assert.Throws<BadInputException>(() => LifetimeValue.FromFile(new TransactionsFileLayout { Path = file }, new ClvOptions { Top = -1 }));

        Assert.StartsWith("--horizon: value '1000000000': too long; expected at most 50 years", horizon.Message, StringComparison.Ordinal);
        Assert.Equal("--top: value '-1': expected a number of customers to list, 0 or more", top.Message);
    }

    [Fact]
    public void ClvTopNegative_ExitsTwo()
    {
        AssertBadInput(Support.Cli.Run("clv", "--workspace", Workspace, "--top", "-1"), "--top: value '-1': expected a number of customers to list, 0 or more");
    }

    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("99999999999999999999999999999999999")]
    [InlineData("999999999999999999B")]
    [InlineData("1000000000000000.01")]
    [InlineData("1001T")]
    public void QuotaTargetTooLarge_ExitsTwo(string target)
    {
        var run = Support.Cli.Run("plan", "quotas", "--workspace", Workspace, "--target", target);

        Assert.Equal((2, ""), (run.Exit, run.Out));
        Assert.DoesNotContain("internal error", run.Err, StringComparison.Ordinal);
        Assert.StartsWith($"--target: value '{target}': ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotaTarget_AtTheLimit_Parses_AndAboveIsTooLarge()
    {
        Assert.Equal(QuotaTarget.MaxTarget, QuotaTarget.Parse("1000000000000000"));
        Assert.Equal("--target: value '1000000000000000.01': too large; expected at most 1,000,000,000,000,000",
            Assert.Throws<BadInputException>(() => QuotaTarget.Parse("1000000000000000.01")).Message);
        Assert.Equal("--target: value '99999999999999999999999': too large; expected at most 1,000,000,000,000,000",
            Assert.Throws<BadInputException>(() => QuotaTarget.Parse("99999999999999999999999")).Message);
        Assert.Throws<BadInputException>(() => QuotaAllocator.Allocate([], 2_000_000_000_000_000m, new Sightline.Workspaces.QuotaSettings()));
    }

    [Fact]
    public void InitOnAFile_ExitsTwo_SayingItIsAFile()
    {
        var file = _dir.Write("afile", "x");

        AssertBadInput(Support.Cli.Run("init", file), $"workspace folder: value '{file}': is a file, not a folder; give a folder (it is created when missing)");
        var under = Path.Combine(file, "sub");
        var nested = Support.Cli.Run("init", under);
        Assert.Equal((2, ""), (nested.Exit, nested.Out));
        Assert.StartsWith($"workspace folder: value '{under}': cannot create the folder: ", nested.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoIntoAFile_ExitsTwo()
    {
        var file = _dir.Write("afile", "x");

        AssertBadInput(Support.Cli.Run("demo", "--workspace", file), $"--workspace: value '{file}': is a file, not a folder; give a folder (it is created when missing)");
    }

    [Fact]
    public void QualityHtml_ToAMissingFolderOrAFolder_ExitsTwo_AndToAFileWrites()
    {
        var missing = _dir.File("nonexistent/dir/q.html");
        AssertBadInput(Support.Cli.Run("quality", "--workspace", Workspace, "--html", missing),
            $"--html: value '{missing}': the folder {_dir.File("nonexistent/dir")} does not exist; create it first or give another path");
        AssertBadInput(Support.Cli.Run("quality", "--workspace", Workspace, "--html", Workspace),
            $"--html: value '{Workspace}': is a folder, not a file; give a file name to write");

        var written = Support.Cli.Run("quality", "--workspace", Workspace, "--html", _dir.File("q.html"));
        Assert.Equal((0, ""), (written.Exit, written.Err));
        Assert.Contains("<html", File.ReadAllText(_dir.File("q.html")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ScoreFileOutputs_ToAMissingFolderOrAFolder_ExitTwoBeforeTraining()
    {
        var data = _dir.Write("d.csv", "x,y\n1,yes\n2,no\n");
        var missing = _dir.File("nowhere/scores.csv");

        AssertBadInput(Support.Cli.Run("score", "--file", data, "--label", "y", "--out", missing),
            $"--out: value '{missing}': the folder {_dir.File("nowhere")} does not exist; create it first or give another path");
        AssertBadInput(Support.Cli.Run("score", "--file", data, "--label", "y", "--model", _dir.Path),
            $"--model: value '{_dir.Path}': is a folder, not a file; give a file name to write");
    }

    [Theory]
    [InlineData("notaurl", "not a URL to listen on; expected http:// or https://, a host and a port, such as http://127.0.0.1:5080 (nothing after the port)")]
    [InlineData("ftp://127.0.0.1:21", "not a URL to listen on; expected http:// or https://, a host and a port, such as http://127.0.0.1:5080 (nothing after the port)")]
    [InlineData("http://127.0.0.1:8080/path", "not a URL to listen on; expected http:// or https://, a host and a port, such as http://127.0.0.1:5080 (nothing after the port)")]
    [InlineData("http://256.1.1.1:8089", "256.1.1.1 is not an IP address (four numbers of 0 to 255)")]
    [InlineData("http://10.1:8089", "10.1 is not an IP address (four numbers of 0 to 255)")]
    [InlineData("http://127.0.0.1:0", "port 0 is not a port; expected 1 to 65535")]
    [InlineData("http://127.0.0.1:70000", "port 70000 is not a port; expected 1 to 65535")]
    [InlineData("http://[::zz]:8080", "[::zz] is not an IPv6 address")]
    [InlineData("http://bad_host!:8080", "bad_host! is not an IP address, localhost or a host name")]
    public void ServeUrls_NotAnAddressToListenOn_ExitsTwoBeforeStarting(string url, string message)
    {
        var run = Support.Cli.Run("serve", "--workspace", "/nonexistent", "--urls", $"http://127.0.0.1:5080;{url}");

        AssertBadInput(run, $"--urls: value '{url}': {message}");
    }

    [Fact]
    public void ListenUrls_KeepAddressesAndWildcards_AndBindAHostNameToItsAddressesOnly()
    {
        static IPAddress[] Resolver(string host) => host == "app.internal" ? [IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")] : throw new System.Net.Sockets.SocketException(11001);

        Assert.Equal(["http://127.0.0.1:5080", "https://[::1]:443", "http://0.0.0.0:80", "http://*:8080", "http://localhost:5000"],
            ListenUrls.Resolve("http://127.0.0.1:5080; https://[::1] ;HTTP://0.0.0.0/;http://*:8080;http://localhost:5000", resolve: Resolver));
        Assert.Equal(["http://10.0.0.5:8080", "http://[fd00::5]:8080"], ListenUrls.Resolve("http://app.internal:8080", resolve: Resolver));
        Assert.StartsWith("--urls: value 'http://nowhere.invalid:8080': the host name nowhere.invalid does not resolve",
            Assert.Throws<BadInputException>(() => ListenUrls.Resolve("http://nowhere.invalid:8080", resolve: Resolver)).Message, StringComparison.Ordinal);
        Assert.Equal("--urls: value ' ; ': expected at least one URL such as http://127.0.0.1:5080",
            Assert.Throws<BadInputException>(() => ListenUrls.Resolve(" ; ")).Message);
    }

    [Theory]
    [InlineData("--n-init", "0", "--n-init: value '0': expected 1 or more k-means runs per k")]
    [InlineData("--n-init", "-1", "--n-init: value '-1': expected 1 or more k-means runs per k")]
    [InlineData("--features", ",,,", "--features: names no column; give comma-separated feature columns, or leave --features out to choose them automatically")]
    [InlineData("--features", "", "--features: names no column; give comma-separated feature columns, or leave --features out to choose them automatically")]
    public void ClustersOptionsThatWereIgnored_ExitTwo(string option, string value, string message)
    {
        AssertBadInput(Support.Cli.Run("clusters", "--workspace", Workspace, option, value), message);
    }
}
