using System.Text.Json;
using Sightline.Runs;
using Sightline.Tests.Support;

namespace Sightline.Tests.Runs;

/// <summary>
/// sightline run: the analysis on a workspace's own data, each step as its verb runs it. What the data gives nothing to do
/// is skipped with its reason and the rest still runs; without features there is no run. (A whole run on the demo world:
/// BatchRunsApiTests.)
/// </summary>
public sealed class BatchPipelineTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void ImportSmallWorld() => _ws.Import(null,
        ("accounts.csv", "account_id,name,industry,country\nA1,Acme,Retail,US\nA2,Beta,Retail,US\nA3,Gamma,Software,DE\n"),
        ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-10,100\nO2,A2,P1,2025-03-05,250\n"),
        ("products.csv", "product_id,name,family\nP1,Widget,Hardware\n"));

    [Fact]
    public void SmallWorld_RunsWhatItCan_SkipsTheRestWithTheirReasons_AndRecordsTheRun()
    {
        ImportSmallWorld();

        var result = BatchPipeline.Run(_ws.Workspace, new BatchRunOptions(Skip: new HashSet<string>(StringComparer.Ordinal) { "lists" }), clock: FixedClock.Default);

        Assert.Equal(BatchPipeline.StepNames, result.Steps.Select(s => s.Name));
        var steps = result.Steps.ToDictionary(s => s.Name);
        Assert.Equal("done", steps["features"].Status);
        Assert.Equal("3 accounts (2 customers) as of 2025-03-05, " + steps["features"].Summary.Split(", ")[^1], steps["features"].Summary);
        Assert.Equal(new DateOnly(2025, 3, 5), result.AsOf);
        Assert.Equal(("skipped", "sightline.yaml: no segments defined; add one with: sightline segment add NAME --rule '...'"), (steps["segments"].Status, steps["segments"].Summary));
        Assert.Equal("skipped", steps["score"].Status);
        Assert.Contains("cannot train", steps["score"].Summary, StringComparison.Ordinal);
        Assert.Equal(("skipped", "skipped as asked"), (steps["lists"].Status, steps["lists"].Summary));
        Assert.Equal("done", steps["potential"].Status);
        Assert.Equal(("skipped", "any purchase: skipped, 2 of 3 accounts bought in the 90 days after 2024-12-05; too few to learn from"),
            (steps["propensity"].Status, steps["propensity"].Summary));

        Assert.Equal([$"pipeline|2025-03-05|{result.Summary}"], _ws.Lines($"SELECT kind, as_of::VARCHAR, summary FROM runs WHERE run_id = '{result.RunId}'"));
        Assert.StartsWith("batch run as of 2025-03-05: 3 steps done in ", result.Summary, StringComparison.Ordinal);
        Assert.EndsWith("; skipped: segments, score, propensity, reasons, clv, lists", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepThatIsNone_OrFeatures_CannotBeSkipped_AndNoAccountsMeansNoRun()
    {
        var error = Assert.Throws<BadInputException>(() => BatchPipeline.Run(_ws.Workspace, new BatchRunOptions(Skip: new HashSet<string>(StringComparer.Ordinal) { "features" })));
        Assert.Equal("skip: value 'features': not a step that can be skipped; expected any of quality, segments, score, propensity, reasons, potential, clv, lists "
            + "(features feed every other step)", Assert.Single(error.Diagnostics).ToString());

        var empty = Assert.Throws<BadInputException>(() => BatchPipeline.Run(_ws.Workspace, new BatchRunOptions()));
        Assert.Equal($"accounts: the workspace has no accounts, so there is nothing to analyse: import the CRM's files first (sightline import --workspace {_ws.Workspace.Directory} FILES)",
            Assert.Single(empty.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM runs WHERE kind = 'pipeline'"));
    }

    [Fact]
    public void Cli_Run_PrintsEveryStepAsJson_AndRefusesAnUnknownStepWithExitCodeTwo()
    {
        ImportSmallWorld();
        var directory = _ws.WorkspaceDirectory;
        _ws.Workspace.Dispose();

        var (exit, output, error) = Support.Cli.Run("run", "--workspace", directory, "--skip", "clv,lists", "--json");
        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}:{s.GetProperty("status").GetString()}").ToList();
        Assert.Equal(["quality:done", "features:done", "segments:skipped", "score:skipped", "propensity:skipped", "reasons:skipped", "potential:done", "clv:skipped", "lists:skipped"], steps);

        var (badExit, badOutput, badError) = Support.Cli.Run("run", "--workspace", directory, "--skip", "everything");
        Assert.Equal((2, ""), (badExit, badOutput));
        Assert.Contains("value 'everything': not a step that can be skipped", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void ASettingThatIsWrong_RefusesItsStep_FailsTheRunWithExitCodeTwo_AndTheStepsReadingItDoNotRun()
    {
        File.WriteAllText(System.IO.Path.Combine(_ws.WorkspaceDirectory, "sightline.yaml"), "potential:\n  driver: headcount\n");
        _ws.Reopen();
        ImportSmallWorld();
        var directory = _ws.WorkspaceDirectory;
        _ws.Workspace.Dispose();

        var (exit, output, error) = Support.Cli.Run("run", "--workspace", directory, "--json");

        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => (s.GetProperty("status").GetString(), s.GetProperty("summary").GetString()));
        Assert.Equal("refused", steps["potential"].Item1);
        Assert.Equal(("skipped", "not run: it reads the results of potential, which was refused"), steps["lists"]);
        Assert.Equal($"run: step 'potential' refused: {steps["potential"].Item2}", error.Trim());
        Assert.StartsWith("sightline.yaml:2: column 'potential.driver' value 'headcount': ", steps["potential"].Item2, StringComparison.Ordinal);
    }
}
