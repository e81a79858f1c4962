using System.Globalization;
using Sightline.Demo;
using Sightline.Features;
using Sightline.Models;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models;

/// <summary>Point-in-time correctness and settings checks on a small imported demo world.</summary>
public sealed class ScoringAsOfTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 12, 31);
    private static readonly PropensityOptions Fast = new() { Folds = 3, Boosting = new BoostingOptions { Trees = 30 } };
    private readonly TestWorkspace _ws = new();

    public ScoringAsOfTests()
    {
        var files = DemoWorldGenerator.Generate(_ws.Files.File("world"), new DemoOptions(Accounts: 1_500, Seed: 3));
        _ws.ImportPaths(files.FilesByTable.Where(f => f.Key != DemoWorldGenerator.TruthTable).Select(f => f.Value).ToList());
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Lookalike_AsOfAPastDate_IgnoresEverythingAfterIt()
    {
        var customersThen = _ws.Count($"SELECT count(DISTINCT account_id) FROM orders WHERE order_date <= DATE '{AsOf:yyyy-MM-dd}'");
        var before = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { AsOf = AsOf, Training = Fast with { PositiveUnlabelled = true } });

        // Every account that had not bought by then buys the day after: nothing about the as-of date may change.
        _ws.Workspace.Execute($"""
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount)
            SELECT 'LATE-' || account_id, account_id, (SELECT min(product_id) FROM products), DATE '{AsOf.AddDays(1):yyyy-MM-dd}', 1000
            FROM accounts WHERE account_id NOT IN (SELECT account_id FROM orders WHERE order_date <= DATE '{AsOf:yyyy-MM-dd}')
            """);
        var after = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { AsOf = AsOf, Training = Fast with { PositiveUnlabelled = true } });

        Assert.Equal(customersThen, before.Labelled);
        Assert.Equal(before.Labelled, after.Labelled);
        Assert.Equal(AsOf, after.AsOf);
        Assert.Equal(Scores(before.RunId), Scores(after.RunId));
        Assert.False(_ws.Workspace.TableExists("score_features"), "the as-of snapshot is scratch and must be dropped");
    }

    [Fact]
    public void Window_AsOfAPastDate_TrainsOnTheWindowBeforeIt_AndIgnoresLaterOrders()
    {
        var options = new WindowOptions { AsOf = AsOf, Days = 90, Products = false, Training = Fast };
        var before = WindowPropensity.Run(_ws.Workspace, options);
        _ws.Workspace.Execute($"""
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount)
            SELECT 'LATE-' || account_id, account_id, (SELECT min(product_id) FROM products), DATE '{AsOf.AddDays(10):yyyy-MM-dd}', 5000 FROM accounts
            """);
        var after = WindowPropensity.Run(_ws.Workspace, options);

        var buyersInWindow = _ws.Count($"""
            SELECT count(DISTINCT account_id) FROM orders WHERE amount > 0
              AND order_date > DATE '{AsOf.AddDays(-90):yyyy-MM-dd}' AND order_date <= DATE '{AsOf:yyyy-MM-dd}'
              AND account_id IN (SELECT account_id FROM accounts WHERE created_at IS NULL OR created_at <= DATE '{AsOf.AddDays(-90):yyyy-MM-dd}')
            """);
        Assert.Equal(AsOf.AddDays(-90), before.Cutoff);
        Assert.Equal(buyersInWindow, before.Purchase!.TrainingPositives);
        Assert.Equal(before.Purchase.TrainingPositives, after.Purchase!.TrainingPositives);
        Assert.Equal(Scores(before.RunId), Scores(after.RunId));
        Assert.All(Scores(before.RunId), s => Assert.InRange(s.Probability, 0, 1));
        Assert.InRange(before.Purchase.Metrics!.Auc, 0.75, 1);
    }

    [Fact]
    public void Products_ScoreOnlyAccountsNotOwningTheFamily()
    {
        var result = WindowPropensity.Run(_ws.Workspace, new WindowOptions { Days = 180, Training = Fast });

        Assert.NotEmpty(result.Products);
        foreach (var product in result.Products)
        {
            var owners = _ws.Count($"""
                SELECT count(*) FROM account_scores s WHERE s.run_id = '{result.RunId}' AND s.product_family = '{product.ProductFamily}'
                  AND s.account_id IN (SELECT o.account_id FROM orders o JOIN products p USING (product_id) WHERE p.family = '{product.ProductFamily}' AND o.amount > 0)
                """);
            Assert.Equal(0, owners);
            Assert.Equal(product.Scored, _ws.Count($"SELECT count(*) FROM account_scores WHERE run_id = '{result.RunId}' AND product_family = '{product.ProductFamily}' AND kind = 'product'"));
            Assert.Equal($"product:{product.ProductFamily}", _ws.Text($"SELECT target FROM models WHERE model_id = '{product.ModelId}'"));
        }

        var window = result.Purchase!;
        Assert.Equal(window.ExpectedRevenue!.Value,
            Convert.ToDouble(_ws.Workspace.Scalar($"SELECT sum(expected_amount) FROM account_scores WHERE run_id = '{result.RunId}' AND kind = 'window'"), CultureInfo.InvariantCulture), 3);
        Assert.Equal(0, _ws.Count($"SELECT count(*) FROM account_scores WHERE run_id = '{result.RunId}' AND kind = 'window' AND (expected_amount < 0 OR expected_amount IS NULL)"));
    }

    [Fact]
    public void Window_StoredModel_ScoresAgainWithoutRetraining()
    {
        var trained = WindowPropensity.Run(_ws.Workspace, new WindowOptions { Products = false, Training = Fast });
        var reused = WindowPropensity.Run(_ws.Workspace, new WindowOptions { ModelId = trained.Purchase!.ModelId });

        Assert.False(reused.Purchase!.Trained);
        Assert.Null(reused.Purchase.Metrics);
        Assert.Equal(Scores(trained.RunId), Scores(reused.RunId));
        var error = Assert.Throws<BadInputException>(() => LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { ModelId = trained.Purchase.ModelId }));
        Assert.Equal($"--model: value '{trained.Purchase.ModelId}': is a window model, not a lookalike model", error.Message);
    }

    [Fact]
    public void Window_SampledTraining_IsMeasuredOnTheAccountsOutsideItsSample_AndSaysSo()
    {
        var result = WindowPropensity.Run(_ws.Workspace, new WindowOptions { Products = false, Training = Fast with { Folds = 5, MaxTrainingRows = 500 } });

        var purchase = result.Purchase!;
        Assert.InRange(purchase.TrainingRows, 1_000, 1_500); // at least twice the sample: the rest measure the model learned from it
        Assert.Equal(
            $"any purchase: each of its models learned from a stratified sample of 500 of the {purchase.TrainingRows:N0} accounts (scoring.window_training_rows; 0 for every account); the {purchase.TrainingRows - 500:N0} accounts outside the sample, which the model never saw, measure and calibrate it",
            Assert.Single(result.Notes));
        Assert.InRange(purchase.Metrics!.Auc, 0.7, 1);
        Assert.Equal(purchase.TrainingRows - 500, purchase.Metrics.Count);
        Assert.Equal(purchase.Scored, _ws.Count($"SELECT count(*) FROM account_scores WHERE run_id = '{result.RunId}' AND kind = 'window'"));
    }

    private static int LineOf(string text, string part) => text[..text.IndexOf(part, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Settings_BadBandsOrUnknownExcludedColumn_AreBadInputNamingTheKey()
    {
        var yaml = Path.Combine(_ws.WorkspaceDirectory, "sightline.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("bands: [0.04, 0.30]", "bands: [0.3, 0.04]", StringComparison.Ordinal));
        var bands = Assert.Throws<BadInputException>(_ws.Workspace.ReloadSettings);
        Assert.Equal($"sightline.yaml:{LineOf(File.ReadAllText(yaml), "bands: [")}: column 'scoring.bands[1]' value '0.04': band cut points must be increasing probabilities between 0 and 1, such as [0.04, 0.30]", bands.Message);

        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("bands: [0.3, 0.04]", "bands: [0.04, 0.30]", StringComparison.Ordinal)
            .Replace("exclude: []", "exclude: [industy]", StringComparison.Ordinal));
        _ws.Workspace.ReloadSettings();
        var exclude = Assert.Throws<BadInputException>(() => LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast }));
        Assert.Equal($"sightline.yaml:{LineOf(File.ReadAllText(yaml), "exclude: [")}: column 'scoring.exclude[0]' value 'industy': no feature column of that name; did you mean 'industry'?", exclude.Message);
    }

    [Theory]
    [InlineData("window_training_rows")]
    [InlineData("lookalike_training_rows")]
    public void Settings_TrainingRows_AreEveryAccountOrASampleOfAtLeastTenThousand(string key)
    {
        var yaml = Path.Combine(_ws.WorkspaceDirectory, "sightline.yaml");
        int Rows() => key == "window_training_rows" ? _ws.Workspace.Settings.Scoring.WindowTrainingRows : _ws.Workspace.Settings.Scoring.LookalikeTrainingRows;
        Assert.Equal(250_000, Rows());
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace($"{key}: 250000", $"{key}: 5000", StringComparison.Ordinal));
        var small = Assert.Throws<BadInputException>(_ws.Workspace.ReloadSettings);
        Assert.Equal($"sightline.yaml:{LineOf(File.ReadAllText(yaml), $"{key}: 5000")}: column 'scoring.{key}' value '5000': expected 0 (learn from every account) or at least 10,000 accounts", small.Message);

        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace($"{key}: 5000", $"{key}: 0", StringComparison.Ordinal));
        _ws.Workspace.ReloadSettings();
        Assert.Equal(0, Rows());
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace($"{key}: 0", $"{key}: 20000", StringComparison.Ordinal));
        _ws.Workspace.ReloadSettings();
        Assert.Equal(20_000, Rows());
    }

    [Fact]
    public void Lookalike_LearnsFromTheSampleTheSettingNames_AndSaysSo()
    {
        var sampled = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast with { Folds = 5, MaxTrainingRows = 500, PositiveUnlabelled = true } });

        Assert.Equal(
            $"the lookalike model: each of its models learned from a stratified sample of 500 of the {sampled.Accounts:N0} accounts (scoring.lookalike_training_rows; 0 for every account); every account is scored out of fold: those outside the sample by the model itself, those in it by a second model learned from the others",
            Assert.Single(sampled.Notes));
        Assert.Equal(sampled.Accounts, Scores(sampled.RunId).Count);
        Assert.All(Scores(sampled.RunId), s => Assert.InRange(s.Probability, 0, 1));
        Assert.InRange(sampled.Metrics.Auc, 0.55, 1);

        // The setting reaches the training, where the options leave it open; a workspace smaller than it learns from every account.
        var whole = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast with { PositiveUnlabelled = true } });
        Assert.Empty(whole.Notes);
        Assert.Contains("\"MaxTrainingRows\":250000", _ws.Text($"SELECT parameters FROM models WHERE model_id = '{whole.ModelId}'"), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_ExcludeAndInclude_ChangeTheInputs()
    {
        var yaml = Path.Combine(_ws.WorkspaceDirectory, "sightline.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("exclude: []", "exclude: [state, sub_industry]", StringComparison.Ordinal)
            .Replace("include: []", "include: [touches_web_365d]", StringComparison.Ordinal).Replace("bands: [0.04, 0.30]", "bands: [0.1, 0.5]", StringComparison.Ordinal));
        _ws.Workspace.ReloadSettings();

        var result = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast with { PositiveUnlabelled = true } });

        Assert.DoesNotContain("state", result.Inputs);
        Assert.DoesNotContain("sub_industry", result.Inputs);
        Assert.Contains("touches_web_365d", result.Inputs);
        Assert.Equal(["<10%", "10–50%", ">50%"], result.Bands.Select(b => b.Band));
    }

    private List<(string AccountId, double Probability)> Scores(string runId) =>
        _ws.Rows($"SELECT account_id, probability FROM account_scores WHERE run_id = '{runId}' ORDER BY account_id, product_family")
            .Select(r => ((string)r[0]!, (double)r[1]!)).ToList();
}
