using System.Globalization;
using System.Text.Json;
using Sightline.Models.Questionnaires;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models.Questionnaires;

/// <summary>The questionnaire on workspaces with planted classes: the rule it recovers, the accuracy it states, its limits and its inputs.</summary>
public sealed class QuestionnaireBuilderTests : IDisposable
{
    private static readonly DateTime Started = new(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

    private readonly TestWorkspace _ws;

    public QuestionnaireBuilderTests() => _ws = new TestWorkspace();

    public void Dispose() => _ws.Dispose();

    private void Plant(List<PlantedAccount> accounts)
    {
        PlantedAccounts.WriteFeatures(_ws.Workspace, accounts);
        PlantedAccounts.WriteSegmentsRun(_ws.Workspace, "segments-1", Started, accounts.Select(a => (a.Id, (string?)a.Class)));
    }

    private QuestionnaireResult Build(string target = "segments", int? questions = null, IReadOnlyList<string>? askable = null, int seed = 42) =>
        QuestionnaireBuilder.Build(_ws.Workspace, new QuestionnaireOptions { Target = target, Questions = questions, Askable = askable, Seed = seed }, FixedClock.Default);

    [Fact]
    public void Build_KnownRule_RecoversItWithHighHeldOutAccuracy()
    {
        Plant(PlantedAccounts.KnownRule());

        var result = Build();

        Assert.True(result.Accuracy >= 0.95, $"held-out accuracy {result.Accuracy}");
        Assert.True(result.BaselineAccuracy < 0.8, $"baseline {result.BaselineAccuracy}");
        Assert.Equal(2, result.Questions);
        Assert.Equal((1500, 500), (result.TrainingAccounts, result.HoldoutAccounts));
        var asked = result.Tree.BreadthFirst().Where(n => !n.IsLeaf).ToList();
        Assert.Contains(asked, n => n is { Column: "employees", Kind: AnswerKind.Number, Threshold: 500 });
        Assert.Contains(asked, n => n.Column == "industry" && n.Levels!.SequenceEqual(["A", "B"]));
        Assert.Equal(["industry", "employees", "annual_revenue", "country", "region"], result.Askable);
        Assert.Contains("Does it have more than 500 employees?", result.Text, StringComparison.Ordinal);
        Assert.Contains("Is the industry one of A, B?", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TooFewTrainingAccountsForTheLeafSize_SaysSo_NotThatTheAttributesTellNothing()
    {
        // With --holdout 0.99 six accounts were left to train on, below --min-leaf 10 on each side of a question; the
        // questionnaire blamed the attributes, which tell these classes apart well (the known rule above).
        Plant(PlantedAccounts.KnownRule());

        var result = QuestionnaireBuilder.Build(_ws.Workspace, new QuestionnaireOptions { Target = "segments", Holdout = 0.99 }, FixedClock.Default);

        Assert.Equal(0, result.Questions);
        Assert.Equal(
            $"no question: only {result.TrainingAccounts} accounts train the questions ({result.HoldoutAccounts:N0} held out by --holdout 0.99), too few for answers of at least --min-leaf 10 accounts each; hold out a smaller share or lower --min-leaf",
            Assert.Single(result.Notes));
        Assert.InRange(result.TrainingAccounts, 1, 40);
    }

    [Fact]
    public void Build_StatedAccuracy_MatchesRecountOverTheStoredTree()
    {
        var accounts = PlantedAccounts.Noisy();
        Plant(accounts);

        var result = Build(askable: ["industry", "employees", "annual_revenue", "country", "has_champion"]);

        var row = _ws.Rows($"SELECT accuracy, holdout_accounts, questions, tree, text, target, run_id FROM questionnaires WHERE questionnaire_id = '{result.QuestionnaireId}'").Single();
        using var stored = JsonDocument.Parse((string)row[3]!);
        var root = stored.RootElement.GetProperty("root");
        var truth = accounts.ToDictionary(a => a.Id, a => a.Class);
        var values = FeatureValues(result.HoldoutAccountIds);
        var answers = result.HoldoutAccountIds.ToDictionary(id => id, id => Walk(root, values[id]));

        var recounted = (double)answers.Count(a => a.Value == truth[a.Key]) / answers.Count;
        Assert.Equal(recounted, (double)row[0]!);
        Assert.Equal(result.Accuracy, recounted);
        Assert.Equal(answers.Count, (int)row[1]!);
        Assert.Equal(result.HoldoutAccounts, answers.Count);
        Assert.Equal((result.Questions, result.Text, "segments", result.QuestionnaireId), ((int)row[2]!, (string)row[4]!, (string)row[5]!, (string)row[6]!));

        // The held-out accounts exercise "don't know" (the noisy data leaves 5% of values unknown).
        Assert.Contains(values.Values, v => v["employees"] is null || v["industry"] is null);

        // Recall per class and the majority baseline, recounted the same way.
        foreach (var recall in result.Recall)
        {
            var inClass = answers.Where(a => truth[a.Key] == recall.Class).ToList();
            Assert.Equal(inClass.Count, recall.HeldOut);
            Assert.Equal(inClass.Count(a => a.Value == recall.Class), recall.Correct);
        }

        var training = truth.Keys.Except(result.HoldoutAccountIds).GroupBy(id => truth[id]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        Assert.Equal(training, result.BaselineClass);
        Assert.Equal((double)answers.Count(a => truth[a.Key] == training) / answers.Count, result.BaselineAccuracy);
        Assert.Equal(result.BaselineAccuracy, stored.RootElement.GetProperty("baseline_accuracy").GetDouble());
        Assert.True(result.Accuracy > result.BaselineAccuracy + 0.2, $"accuracy {result.Accuracy}, baseline {result.BaselineAccuracy}");
    }

    [Fact]
    public void Build_HeldOut_IsStratifiedAndRecordsTheRun()
    {
        var accounts = PlantedAccounts.Noisy();
        Plant(accounts);

        var result = Build();

        foreach (var group in accounts.GroupBy(a => a.Class))
        {
            var held = group.Count(a => result.HoldoutAccountIds.Contains(a.Id));
            Assert.Equal((int)Math.Round(group.Count() * 0.25, MidpointRounding.AwayFromZero), held);
        }

        Assert.Equal(accounts.Count, result.TrainingAccounts + result.HoldoutAccounts);
        Assert.Equal("questionnaire", _ws.Text($"SELECT kind FROM runs WHERE run_id = '{result.QuestionnaireId}'"));
        Assert.StartsWith("questionnaire-20261123T120000-", result.QuestionnaireId, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 11, 23, 12, 0, 0), (DateTime)_ws.Rows($"SELECT created_at FROM questionnaires").Single()[0]!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Build_QuestionLimit_NoPathAsksMore(int questions)
    {
        Plant(PlantedAccounts.Noisy());

        var result = Build(questions: questions, askable: ["industry", "employees", "annual_revenue", "country", "region", "has_champion"]);

        var longest = LongestPath(result.Tree);
        Assert.True(longest <= questions, $"a path asks {longest} questions, limit {questions}");
        Assert.Equal(longest, result.Questions);
        Assert.Equal(questions, result.MaxQuestions);
        Assert.Equal(result.Tree.BreadthFirst().Count(n => !n.IsLeaf), result.Text.Split('\n').Length);
        // The planted rule takes three questions; with fewer allowed, every one is used.
        Assert.Equal(Math.Min(questions, 3), Math.Min(longest, 3));
    }

    [Fact]
    public void Build_Thresholds_AreRoundNumbers()
    {
        Plant(PlantedAccounts.Noisy(n: 3000));

        var result = Build(askable: ["employees", "annual_revenue", "industry"]);

        var thresholds = result.Tree.BreadthFirst().Where(n => n.Kind == AnswerKind.Number).Select(n => n.Threshold!.Value).ToList();
        Assert.NotEmpty(thresholds);
        Assert.All(thresholds, t => Assert.True(SignificantDigits(t) <= 2, $"threshold {t.ToString("R", CultureInfo.InvariantCulture)}"));
        // The planted cuts are 1,200 employees and 20M revenue; revenue is continuous, so noise may move its cut a step.
        Assert.Contains(result.Tree.BreadthFirst(), n => n is { Column: "employees", Threshold: 1200 });
        Assert.Contains(result.Tree.BreadthFirst(), n => n is { Column: "annual_revenue", Threshold: >= 18_000_000 and <= 22_000_000 });
    }

    [Fact]
    public void Build_SameSeed_SameQuestionsAndText()
    {
        Plant(PlantedAccounts.Noisy());

        var first = Build(seed: 7);
        var second = Build(seed: 7);
        var other = Build(seed: 8);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(QuestionnaireBuilder.TreeJson(first), QuestionnaireBuilder.TreeJson(second));
        Assert.Equal(first.HoldoutAccountIds, second.HoldoutAccountIds);
        Assert.NotEqual(first.HoldoutAccountIds, other.HoldoutAccountIds);
        Assert.NotEqual(first.QuestionnaireId, second.QuestionnaireId);
        Assert.Equal(3L, _ws.Count("SELECT count(*) FROM questionnaires"));
    }

    [Fact]
    public void Build_Segments_UsesTheLatestRunAndUnassignedAccountsAreAClass()
    {
        var accounts = PlantedAccounts.KnownRule(n: 800);
        PlantedAccounts.WriteFeatures(_ws.Workspace, accounts);
        PlantedAccounts.WriteSegmentsRun(_ws.Workspace, "segments-old", Started.AddDays(-1), accounts.Select(a => (a.Id, (string?)"stale")));
        PlantedAccounts.WriteSegmentsRun(_ws.Workspace, "segments-new", Started, accounts.Select(a => (a.Id, a.Class == "other" ? null : (string?)a.Class)));

        var result = Build();

        Assert.Equal("segments-new", result.SourceRunId);
        Assert.Equal([QuestionnaireBuilder.NoSegment, "enterprise-health"], result.Classes);
        Assert.Equal(800, result.TrainingAccounts + result.HoldoutAccounts);
        Assert.True(result.Accuracy >= 0.95, $"accuracy {result.Accuracy}");
        Assert.Empty(result.Notes);

        // Features rebuilt after the segments run: said, since new accounts would count as in no segment.
        _ws.Workspace.Execute("INSERT INTO runs VALUES ('features-2', 'features', DATE '2026-01-31', TIMESTAMP '2026-02-01 00:00:00', NULL, 'test')");
        var stale = Build();
        Assert.Equal(["account_features was rebuilt after segments run segments-new; run sightline segments again so both describe the same accounts"], stale.Notes);
    }

    [Fact]
    public void Build_ParentSegment_ClassesAreItsChildrenOnly()
    {
        using var ws = new TestWorkspace("""
            segments:
              - { name: big, rule: "employees > 100" }
              - { name: big-health, parent: big, rule: "industry in ('A', 'B')" }
              - { name: big-health-rich, parent: big-health, rule: "annual_revenue > 1M" }
              - { name: big-other, parent: big, rule: "true" }
              - { name: small, rule: "true" }
            """);
        var accounts = PlantedAccounts.KnownRule(n: 1200);
        PlantedAccounts.WriteFeatures(ws.Workspace, accounts);
        var assigned = accounts.Select((a, i) => (a.Id, (string?)(i % 10 == 0 ? "small" : i % 10 == 1 ? "big" : a.Class == "other" ? "big-other" : i % 2 == 0 ? "big-health-rich" : "big-health"))).ToList();
        PlantedAccounts.WriteSegmentsRun(ws.Workspace, "segments-1", Started, assigned);

        var result = QuestionnaireBuilder.Build(ws.Workspace, new QuestionnaireOptions { Target = "big" });

        Assert.Equal(["big-health", "big-other"], result.Classes);
        Assert.Equal(assigned.Count(a => a.Item2 is "big-health" or "big-health-rich" or "big-other"), result.TrainingAccounts + result.HoldoutAccounts);
        Assert.True(result.Accuracy >= 0.95, $"accuracy {result.Accuracy}");
        Assert.Equal("big", ws.Text($"SELECT target FROM questionnaires WHERE questionnaire_id = '{result.QuestionnaireId}'"));
    }

    [Fact]
    public void Build_Bands_UsesTheLatestLookalikeScoringOnly()
    {
        var accounts = PlantedAccounts.KnownRule(n: 1000);
        PlantedAccounts.WriteFeatures(_ws.Workspace, accounts);
        string Band(PlantedAccount a) => a.Class == "other" ? (a.Employees > 2500 ? "medium" : "low") : "high";
        PlantedAccounts.WriteScoreRun(_ws.Workspace, "score-old", Started.AddDays(-2), accounts.Select(a => (a.Id, "stale")));
        PlantedAccounts.WriteScoreRun(_ws.Workspace, "score-new", Started, accounts.Select(a => (a.Id, Band(a))));
        PlantedAccounts.WriteScoreRun(_ws.Workspace, "score-new", Started, accounts.Select(a => (a.Id, "product-level")), productFamily: "Analytics");
        _ws.Workspace.Execute("INSERT INTO runs VALUES ('score-empty', 'score', NULL, TIMESTAMP '2026-02-01 00:00:00', NULL, 'no lookalike rows')");

        var result = Build(target: "bands");

        Assert.Equal("score-new", result.SourceRunId);
        Assert.Equal(["high", "low", "medium"], result.Classes);
        Assert.Equal(1000, result.TrainingAccounts + result.HoldoutAccounts);
        Assert.True(result.Accuracy >= 0.93, $"accuracy {result.Accuracy}");
        Assert.Contains(result.Tree.BreadthFirst(), n => n is { Column: "employees", Threshold: >= 2400 and <= 2600 });
    }

    [Fact]
    public void Build_YamlAskable_AddsToTheDefaultsAndReadsNaturally()
    {
        using var ws = new TestWorkspace("questionnaire:\n  askable: [seats_per_site, has_champion]\n  max_questions: 3\n");
        var accounts = PlantedAccounts.Noisy();
        PlantedAccounts.WriteFeatures(ws.Workspace, accounts);
        ws.Workspace.Execute("UPDATE account_features SET seats_per_site = employees / 10");
        PlantedAccounts.WriteSegmentsRun(ws.Workspace, "segments-1", Started, accounts.Select(a => (a.Id, (string?)a.Class)));

        var result = QuestionnaireBuilder.Build(ws.Workspace, new QuestionnaireOptions { Target = "segments", Askable = null });

        Assert.Equal(["industry", "employees", "annual_revenue", "country", "region", "seats_per_site", "has_champion"], result.Askable);
        Assert.Equal(3, result.MaxQuestions);
        Assert.Contains("Does it have champion?", result.Text, StringComparison.Ordinal);
        var error = Assert.Throws<BadInputException>(() => QuestionnaireBuilder.Build(ws.Workspace, new QuestionnaireOptions { Target = "segments", Questions = 4 }));
        Assert.Contains("--questions: value '4': expected 1 to 3 questions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("questionnaire:\n", 5)]
    [InlineData("questionnaire:\n  askable:\n  max_questions: 2\n", 2)]
    public void Settings_QuestionnaireSection_LoadsWithDefaults(string yaml, int limit)
    {
        using var ws = new TestWorkspace(yaml);
        Assert.Equal((limit, 0), (ws.Workspace.Settings.Questionnaire.MaxQuestions, ws.Workspace.Settings.Questionnaire.Askable.Count));
    }

    [Fact]
    public void Settings_NoQuestionAllowed_IsBadInput()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("sightline.yaml", "questionnaire:\n  max_questions: 0\n");
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.ProjectSettings.Load(path));
        Assert.Equal("sightline.yaml:2: column 'questionnaire.max_questions' value '0': must be at least 1", error.Message);
    }

    [Fact]
    public void Settings_DefaultProjectFile_StillLoads()
    {
        Assert.Contains("# questionnaire:", File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, "sightline.yaml")), StringComparison.Ordinal);
        Assert.Equal(5, _ws.Workspace.Settings.Questionnaire.MaxQuestions);
    }

    [Theory]
    [InlineData("employes", "--askable: value 'employes': not a column of account_features — did you mean 'employees'?")]
    [InlineData("first_order_date", "--askable: value 'first_order_date': is a DATE column; a question needs a number, a text or a yes/no column")]
    [InlineData("account_id", "--askable: value 'account_id': the account's id is not something to ask a prospect")]
    public void Build_BadAskableColumn_IsBadInputNamingIt(string column, string expected)
    {
        Plant(PlantedAccounts.KnownRule(n: 200));
        var error = Assert.Throws<BadInputException>(() => Build(askable: ["industry", column]));
        Assert.Equal(expected, error.Message);
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM questionnaires"));
    }

    [Fact]
    public void Build_AskableTextUniquePerAccount_IsBadInputSayingWhy_ButOneSharedByMostAccountsIsAsked()
    {
        // Questions on a name column split on values no new account can have.
        Plant(PlantedAccounts.KnownRule(n: 200));
        _ws.Workspace.Execute("""
            ALTER TABLE account_features ADD COLUMN name VARCHAR;
            ALTER TABLE account_features ADD COLUMN city VARCHAR;
            UPDATE account_features SET name = 'Company ' || account_id,
                city = CASE WHEN employees > 500 AND industry IN ('A', 'B') THEN 'Paris' ELSE 'Town ' || account_id END;
            UPDATE account_features SET name = NULL WHERE account_id < 'A00010';
            """);

        var error = Assert.Throws<BadInputException>(() => Build(askable: ["industry", "name"]));

        Assert.Equal("--askable: value 'name': is unique per account (190 different values over 190 accounts with one): each value belongs to one account, "
            + "so a question on it cannot tell classes apart for new accounts", error.Message);
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM questionnaires"));
        Assert.NotNull(Build(askable: ["city"]));
    }

    [Fact]
    public void Build_UnknownYamlAskableColumn_NamesTheSetting()
    {
        using var ws = new TestWorkspace("questionnaire:\n  askable: [has_champon]\n");
        PlantedAccounts.WriteFeatures(ws.Workspace, PlantedAccounts.KnownRule(n: 100));
        PlantedAccounts.WriteSegmentsRun(ws.Workspace, "segments-1", Started, [("A00000", "x"), ("A00001", "y")]);
        var error = Assert.Throws<BadInputException>(() => QuestionnaireBuilder.Build(ws.Workspace, new QuestionnaireOptions { Target = "segments" }));
        Assert.Equal("sightline.yaml:2: column 'questionnaire.askable[0]' value 'has_champon': not a column of account_features — did you mean 'has_champion'?", error.Message);
    }

    [Theory]
    [InlineData("segmnets", "--for: value 'segmnets': unknown target; expected segments, bands or a parent segment of sightline.yaml (none defined) — did you mean 'segments'?")]
    [InlineData("Enterprise", "--for: value 'Enterprise': unknown target; expected segments, bands or a parent segment of sightline.yaml (none defined)")]
    public void Build_UnknownTarget_ListsTheChoices(string target, string expected)
    {
        Plant(PlantedAccounts.KnownRule(n: 200));
        var error = Assert.Throws<BadInputException>(() => Build(target: target));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Build_SegmentWithoutChildren_SaysSoAndListsParents()
    {
        using var ws = new TestWorkspace("segments:\n  - { name: big, rule: \"true\" }\n  - { name: big-a, parent: big, rule: \"true\" }\n");
        PlantedAccounts.WriteFeatures(ws.Workspace, PlantedAccounts.KnownRule(n: 100));
        var error = Assert.Throws<BadInputException>(() => QuestionnaireBuilder.Build(ws.Workspace, new QuestionnaireOptions { Target = "big-a" }));
        Assert.Equal("--for: value 'big-a': segment 'big-a' has no micro-segments to tell apart; expected segments, bands or a parent segment of sightline.yaml (big)", error.Message);
    }

    [Fact]
    public void Build_NoScoringRun_TellsWhichCommandToRunFirst()
    {
        Plant(PlantedAccounts.KnownRule(n: 200));
        var error = Assert.Throws<BadInputException>(() => Build(target: "bands"));
        Assert.StartsWith("--for: no lookalike scores with probability bands yet; score the accounts first with: sightline score --workspace ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoSegmentsRunOrFeatures_TellsWhichCommandToRunFirst()
    {
        var noFeatures = Assert.Throws<BadInputException>(() => Build());
        Assert.Contains("no account_features yet; build them first with: sightline features", noFeatures.Message, StringComparison.Ordinal);

        PlantedAccounts.WriteFeatures(_ws.Workspace, PlantedAccounts.KnownRule(n: 100));
        var noRun = Assert.Throws<BadInputException>(() => Build());
        Assert.StartsWith("--for: no segments run yet; evaluate the segments first with: sightline segments --workspace ", noRun.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0.25, "--questions: value '0': expected 1 to 5 questions (the limit is questionnaire.max_questions in sightline.yaml)")]
    [InlineData(6, 0.25, "--questions: value '6': expected 1 to 5 questions (the limit is questionnaire.max_questions in sightline.yaml)")]
    [InlineData(3, 0.0, "--holdout: value '0': expected a share between 0 and 1, such as 0.25")]
    [InlineData(3, 1.0, "--holdout: value '1': expected a share between 0 and 1, such as 0.25")]
    public void Build_OutOfRangeOption_IsBadInput(int questions, double holdout, string expected)
    {
        Plant(PlantedAccounts.KnownRule(n: 200));
        var error = Assert.Throws<BadInputException>(() =>
            QuestionnaireBuilder.Build(_ws.Workspace, new QuestionnaireOptions { Target = "segments", Questions = questions, Holdout = holdout }));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Build_OneClassOnly_IsBadInput()
    {
        var accounts = PlantedAccounts.KnownRule(n: 100);
        PlantedAccounts.WriteFeatures(_ws.Workspace, accounts);
        PlantedAccounts.WriteSegmentsRun(_ws.Workspace, "segments-1", Started, accounts.Select(a => (a.Id, (string?)"everyone")));
        var error = Assert.Throws<BadInputException>(() => Build());
        Assert.Equal("--for: all 100 accounts are in 'everyone'; there is nothing for questions to tell apart", error.Message);
    }

    internal static int LongestPath(QuestionNode node) => node.IsLeaf ? 0 : 1 + Math.Max(LongestPath(node.Yes!), LongestPath(node.No!));

    /// <summary>Significant digits of a number as written (500 → 1, 0.35 → 2, 20,000,000 → 1).</summary>
    internal static int SignificantDigits(double value)
    {
        var text = Math.Abs(value).ToString("E14", CultureInfo.InvariantCulture);
        return text[..text.IndexOf('E', StringComparison.Ordinal)].Replace(".", "", StringComparison.Ordinal).TrimEnd('0').Length;
    }

    /// <summary>The answer a rep reaches by following the stored JSON tree with an account's values.</summary>
    internal static string Walk(JsonElement node, IReadOnlyDictionary<string, object?> values)
    {
        while (node.TryGetProperty("yes", out var yes))
        {
            var value = values[node.GetProperty("column").GetString()!];
            bool answer;
            if (value is null)
            {
                answer = node.GetProperty("dont_know").GetString() == "yes";
            }
            else if (node.GetProperty("kind").GetString() == "number")
            {
                answer = Convert.ToDouble(value, CultureInfo.InvariantCulture) > node.GetProperty("threshold").GetDouble();
            }
            else
            {
                var text = value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture);
                answer = node.GetProperty("levels").EnumerateArray().Any(level => level.GetString() == text);
            }

            node = answer ? yes : node.GetProperty("no");
        }

        return node.GetProperty("prediction").GetString()!;
    }

    private Dictionary<string, Dictionary<string, object?>> FeatureValues(IReadOnlyList<string> ids)
    {
        using var command = _ws.Workspace.Connection.CreateCommand();
        command.CommandText = "SELECT * FROM account_features";
        using var reader = command.ExecuteReader();
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (!wanted.Contains(reader.GetString(0)))
            {
                continue;
            }

            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            values[reader.GetString(0)] = row;
        }

        return values;
    }
}
