using System.Globalization;
using System.Text;
using System.Text.Json;
using Sightline.Features;
using Sightline.Segments;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Models.Questionnaires;

/// <summary>
/// The questionnaire verb on a workspace built the ordinary way (import, features, segments): what it
/// prints is what it stores; bad input exits 2 with the message and stores nothing.
/// </summary>
public sealed class QuestionnaireVerbTests : IClassFixture<QuestionnaireVerbTests.SegmentedWorkspace>, IDisposable
{
    private readonly TempDirectory _copy = new();
    private readonly string _directory;

    public QuestionnaireVerbTests(SegmentedWorkspace template)
    {
        // Each test gets its own copy of the workspace built once: a verb run writes to it.
        _directory = _copy.File("ws");
        Directory.CreateDirectory(_directory);
        foreach (var file in Directory.GetFiles(template.Directory))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }
    }

    public void Dispose() => _copy.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args) =>
        Support.Cli.Run(["questionnaire", "--workspace", _directory, .. args]);

    private List<object?[]> Rows(string sql)
    {
        using var workspace = Workspace.Open(_directory);
        return workspace.Rows(sql);
    }

    /// <summary>800 planted accounts imported, features built, two segments evaluated; closed, so copies can be opened.</summary>
    public sealed class SegmentedWorkspace : IDisposable
    {
        private readonly TestWorkspace _ws = new();

        public SegmentedWorkspace()
        {
            var csv = new StringBuilder("account_id,name,industry,employees,annual_revenue,country,region\n");
            foreach (var a in PlantedAccounts.KnownRule(n: 800))
            {
                csv.Append(CultureInfo.InvariantCulture,
                    $"{a.Id},Account {a.Id},{a.Industry},{a.Employees},{a.AnnualRevenue?.ToString("0.00", CultureInfo.InvariantCulture)},{a.Country},{a.Region}\n");
            }

            _ws.Import(null, ("accounts.csv", csv.ToString()));
            FeatureBuilder.Build(_ws.Workspace, new DateOnly(2025, 12, 31));
            SegmentEngine.Add(_ws.Workspace, new SegmentDefinition { Name = "enterprise-health", Rule = "industry in ('A', 'B') and employees > 500", Priority = 10 });
            SegmentEngine.Add(_ws.Workspace, new SegmentDefinition { Name = "small", Rule = "employees <= 500", Priority = 20 });
            SegmentEngine.Evaluate(_ws.Workspace);
            _ws.Workspace.Dispose();
        }

        public string Directory => _ws.WorkspaceDirectory;

        public void Dispose() => _ws.Dispose();
    }

    [Fact]
    public void Questionnaire_Segments_PrintsWhatItStores()
    {
        var (exit, output, error) = Run("--for", "segments");

        Assert.Equal((0, ""), (exit, error));
        var row = Rows("SELECT questionnaire_id, run_id, target, questions, accuracy, holdout_accounts, text, tree FROM questionnaires").Single();
        var (id, target, questions, accuracy, holdout, text) = ((string)row[0]!, (string)row[2]!, (int)row[3]!, (double)row[4]!, (int)row[5]!, (string)row[6]!);
        Assert.Equal(id, (string)row[1]!);
        Assert.Equal("segments", target);
        Assert.Contains("\n\n" + text + "\n\n", output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $": {questions} of at most 5 questions, 3 classes, built from {800 - holdout:N0} accounts"), output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"held-out accuracy: {accuracy:0.0%} of {holdout:N0} accounts"), output, StringComparison.Ordinal);
        Assert.Contains($"stored as {id} in questionnaires", output, StringComparison.Ordinal);
        Assert.Equal(200, holdout);
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}");
        Assert.Contains("Does it have more than 500 employees?", text, StringComparison.Ordinal);
        Assert.Equal(text.Split('\n').Length, JsonDocument.Parse((string)row[7]!).RootElement.GetProperty("root").EnumerateDescendants().Count(n => n.TryGetProperty("question", out _)));
        Assert.Equal("questionnaire", Rows($"SELECT kind FROM runs WHERE run_id = '{id}'").Single()[0]);
    }

    [Fact]
    public void Questionnaire_Json_MatchesTheStoredRow()
    {
        var (exit, output, error) = Run("--for", "segments", "--questions", "1", "--askable", "employees", "--seed", "3", "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var row = Rows("SELECT questionnaire_id, accuracy, holdout_accounts, text FROM questionnaires").Single();
        Assert.Equal((string)row[0]!, root.GetProperty("questionnaire_id").GetString());
        Assert.Equal((double)row[1]!, root.GetProperty("accuracy").GetDouble());
        Assert.Equal((int)row[2]!, root.GetProperty("holdout_accounts").GetInt32());
        Assert.Equal((string)row[3]!, root.GetProperty("text").GetString());
        Assert.Equal(1, root.GetProperty("questions").GetInt32());
        Assert.Equal(500, root.GetProperty("tree").GetProperty("threshold").GetDouble());
        Assert.Equal("number", root.GetProperty("tree").GetProperty("kind").GetString());
        Assert.False(root.TryGetProperty("holdout_account_ids", out _));
    }

    [Theory]
    [InlineData(new[] { "--for", "segments", "--askable", "industry,employes" }, "--askable: value 'employes': not a column of account_features — did you mean 'employees'?")]
    [InlineData(new[] { "--for", "segments", "--questions", "0" }, "--questions: value '0': expected 1 to 5 questions")]
    [InlineData(new[] { "--for", "segments", "--questions", "6" }, "--questions: value '6': expected 1 to 5 questions")]
    [InlineData(new[] { "--for", "segemnts" }, "--for: value 'segemnts': unknown target; expected segments, bands or a parent segment of sightline.yaml (none defined) — did you mean 'segments'?")]
    [InlineData(new[] { "--for", "bands" }, "--for: no lookalike scores with probability bands yet; score the accounts first with: sightline score --workspace ")]
    [InlineData(new[] { "--for", "segments", "--holdout", "1.5" }, "--holdout: value '1.5': expected a share between 0 and 1")]
    public void Questionnaire_BadInput_ExitsTwoAndStoresNothing(string[] args, string expected)
    {
        var (exit, output, error) = Run(args);

        Assert.Equal((2, ""), (exit, output));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Empty(Rows("SELECT * FROM questionnaires"));
        Assert.Empty(Rows("SELECT * FROM runs WHERE kind = 'questionnaire'"));
    }

    [Fact]
    public void Questionnaire_WithoutFor_ExitsTwo()
    {
        var (exit, _, error) = Run();
        Assert.Equal(2, exit);
        Assert.Contains("--for", error, StringComparison.Ordinal);
    }
}

/// <summary>JSON helpers for walking a stored tree.</summary>
internal static class JsonTreeExtensions
{
    /// <summary>The element and every object below it (through "yes" and "no").</summary>
    public static IEnumerable<JsonElement> EnumerateDescendants(this JsonElement node)
    {
        yield return node;
        foreach (var branch in new[] { "yes", "no" })
        {
            if (node.TryGetProperty(branch, out var child))
            {
                foreach (var below in child.EnumerateDescendants())
                {
                    yield return below;
                }
            }
        }
    }
}
