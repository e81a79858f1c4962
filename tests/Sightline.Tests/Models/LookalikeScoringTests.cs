using System.Globalization;
using System.Text.Json;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Models;

[Collection(ScoredDemoCollection.Name)]
public sealed class LookalikeScoringTests(ScoredDemoFixture demo)
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public void DemoRun_ScoresEveryAccountOnce_InRange_WithReasonsAndBands()
    {
        var result = demo.Summary.Scoring;
        using var ws = Workspace.Open(demo.Workspace);
        var rows = ws.Rows($"SELECT account_id, probability, band, out_of_fold, raising, lowering FROM account_scores WHERE run_id = '{result.RunId}' AND kind = 'lookalike'");

        Assert.Equal(3_000, rows.Count);
        Assert.Equal(3_000, rows.Select(r => (string)r[0]!).Distinct().Count());
        Assert.All(rows, r => Assert.InRange((double)r[1]!, 0, 1));
        Assert.All(rows, r => Assert.True((bool)r[3]!, "a freshly trained run scores every account out of fold"));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty((string?)r[4]) && string.IsNullOrEmpty((string?)r[5]), $"account {r[0]} has no reason"));
        Assert.All(rows.Where(r => !string.IsNullOrEmpty((string?)r[4])), r => Assert.All(((string)r[4]!).Split("; "), x => Assert.EndsWith(" raises it", x, StringComparison.Ordinal)));
        Assert.All(rows.Where(r => !string.IsNullOrEmpty((string?)r[5])), r => Assert.All(((string)r[5]!).Split("; "), x => Assert.EndsWith(" lowers it", x, StringComparison.Ordinal)));
        var bands = Sightline.Models.Evaluation.ProbabilityBands.Default;
        Assert.All(rows, r => Assert.Equal(bands.Label((double)r[1]!), (string)r[2]!));

        Assert.Equal(["<4%", "4–30%", ">30%"], result.Bands.Select(b => b.Band));
        Assert.Equal(3_000, result.Bands.Sum(b => b.Accounts));
        Assert.Equal(demo.Summary.Features.Customers, result.Bands.Sum(b => b.Customers));
        Assert.Equal(Convert.ToDouble(ws.Scalar("SELECT sum(revenue_12m) FROM account_features"), CultureInfo.InvariantCulture), result.Bands.Sum(b => b.Revenue), 3);
        Assert.Equal(rows.Sum(r => (double)r[1]!), result.Bands.Sum(b => b.ExpectedBuyers), 6);
        Assert.Equal(demo.Summary.Features.Customers, result.Labelled);
        Assert.DoesNotContain(result.Inputs, i => i.StartsWith("revenue_", StringComparison.Ordinal) || i == "is_customer" || i.StartsWith("holds_", StringComparison.Ordinal));
        Assert.Contains("industry", result.Inputs);
        Assert.Contains("has_decision_maker", result.Inputs);
    }

    [Fact]
    public void DemoRun_OutOfFoldCalibration_MeanPredictedIsNearTheObservedRate()
    {
        var metrics = demo.Summary.Scoring.Metrics;

        var meanPredicted = metrics.Deciles.Sum(d => d.MeanPredicted * d.Count) / metrics.Count;
        Assert.InRange(meanPredicted, metrics.BaseRate - 0.02, metrics.BaseRate + 0.02);
        Assert.InRange(metrics.Auc, 0.58, 1);
        Assert.True(metrics.Deciles[0].ObservedRate > metrics.Deciles[^1].ObservedRate * 1.5, "the top decile must hold clearly more buyers than the bottom one");
    }

    [Fact]
    public void DemoRun_LookalikeAndWindowScores_RankLikeTheHiddenTruth()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var lookalike = Pairs(ws, $"SELECT s.probability, t.true_propensity FROM account_scores s JOIN demo_truth t USING (account_id) WHERE s.run_id = '{demo.Summary.Scoring.RunId}' AND s.kind = 'lookalike'");
        var window = Pairs(ws, $"SELECT s.probability, t.propensity_after_end FROM account_scores s JOIN demo_truth t USING (account_id) WHERE s.run_id = '{demo.Summary.Propensity.RunId}' AND s.kind = 'window'");

        // The lookalike sees only the profile (industry, size, region, buying roles) behind the hidden score; the window model sees behaviour too.
        Assert.True(PropensityTrainerTests.Spearman(lookalike.Select(p => p.Item1).ToList(), lookalike.Select(p => p.Item2).ToList()) > 0.22,
            "lookalike scores must rank accounts with the true propensity");
        Assert.True(PropensityTrainerTests.Spearman(window.Select(p => p.Item1).ToList(), window.Select(p => p.Item2).ToList()) > 0.7,
            "next-window scores must rank accounts with the true propensity after the data ends");
    }

    [Fact]
    public void DemoRun_StoresTheModelAsAnArtefact_AndScoringWithItAgainGivesIdenticalScores()
    {
        var modelId = demo.Summary.Scoring.ModelId;
        using (var ws = Workspace.Open(demo.Workspace))
        {
            var row = ws.Rows($"SELECT kind, target, run_id, training_hash, features, metrics, as_of FROM models WHERE model_id = '{modelId}'").Single();
            Assert.Equal("lookalike", row[0]);
            Assert.Equal("customers", row[1]);
            Assert.Equal(demo.Summary.Scoring.RunId, row[2]);
            Assert.Matches("^[0-9a-f]{64}$", (string)row[3]!);
            Assert.Equal(demo.Summary.Scoring.Inputs, JsonSerializer.Deserialize<string[]>((string)row[4]!));
            Assert.Contains("\"Auc\"", (string)row[5]!, StringComparison.Ordinal);
            Assert.Equal(new DateOnly(2026, 9, 30), row[6]);
        }

        var first = Run("score", "--workspace", demo.Workspace, "--model", modelId, "--json");
        var second = Run("score", "--workspace", demo.Workspace, "--model", modelId, "--json");

        Assert.True(first.Exit == 0, first.Err);
        Assert.True(second.Exit == 0, second.Err);
        using var a = JsonDocument.Parse(first.Out);
        using var b = JsonDocument.Parse(second.Out);
        Assert.False(a.RootElement.GetProperty("trained").GetBoolean());
        Assert.Equal(modelId, a.RootElement.GetProperty("model_id").GetString());
        using var check = Workspace.Open(demo.Workspace);
        var runs = new[] { a.RootElement.GetProperty("run_id").GetString(), b.RootElement.GetProperty("run_id").GetString() };
        var scores = runs.Select(r => check.Rows($"SELECT account_id, probability FROM account_scores WHERE run_id = '{r}' ORDER BY account_id")
            .Select(x => ((string)x[0]!, (double)x[1]!)).ToList()).ToList();
        Assert.Equal(3_000, scores[0].Count);
        Assert.Equal(scores[0], scores[1]);
        Assert.All(check.Rows($"SELECT out_of_fold FROM account_scores WHERE run_id = '{runs[0]}'"), r => Assert.False((bool)r[0]!));
    }

    [Fact]
    public void Score_BestCustomersAndWonOpportunities_LabelWhatTheSettingsSay()
    {
        var best = Run("score", "--workspace", demo.Workspace, "--target", "best-customers", "--json");
        var won = Run("score", "--workspace", demo.Workspace, "--target", "won-opportunities", "--json");

        Assert.True(best.Exit == 0, best.Err);
        Assert.True(won.Exit == 0, won.Err);
        using var ws = Workspace.Open(demo.Workspace);
        var payingCustomers = Convert.ToInt64(ws.Scalar("SELECT count(*) FROM account_features WHERE is_customer AND revenue_12m > 0"), CultureInfo.InvariantCulture);
        var wonAccounts = Convert.ToInt64(ws.Scalar("SELECT count(DISTINCT account_id) FROM opportunities WHERE won AND closed_at <= DATE '2026-09-30'"), CultureInfo.InvariantCulture);
        using var b = JsonDocument.Parse(best.Out);
        using var w = JsonDocument.Parse(won.Out);
        Assert.Equal((long)Math.Ceiling(0.2 * payingCustomers), b.RootElement.GetProperty("labelled").GetInt64());
        Assert.Equal("best-customers", b.RootElement.GetProperty("target").GetString());
        Assert.Equal(wonAccounts, w.RootElement.GetProperty("labelled").GetInt64());
    }

    [Fact]
    public void Score_BadTargetOrUnknownModel_IsBadInput()
    {
        var target = Run("score", "--workspace", demo.Workspace, "--target", "buyers");
        var model = Run("score", "--workspace", demo.Workspace, "--model", "lookalike-nope");

        Assert.Equal(2, target.Exit);
        Assert.Contains("--target: value 'buyers': expected customers, best-customers or won-opportunities", target.Err, StringComparison.Ordinal);
        Assert.Equal(2, model.Exit);
        Assert.Contains("--model: value 'lookalike-nope': no such model; latest: ", model.Err, StringComparison.Ordinal);
    }

    private static List<(double, double)> Pairs(Workspace ws, string sql) =>
        ws.Rows(sql).Select(r => (Convert.ToDouble(r[0], CultureInfo.InvariantCulture), Convert.ToDouble(r[1], CultureInfo.InvariantCulture))).ToList();
}
