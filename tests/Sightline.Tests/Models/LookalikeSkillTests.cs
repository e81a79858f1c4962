using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Models;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models;

/// <summary>A lookalike model whose inputs say nothing of who buys must not call every account buyer-like.</summary>
public sealed class LookalikeSkillTests : IDisposable
{
    private static readonly PropensityOptions Fast = new() { Folds = 3, Boosting = new BoostingOptions { Trees = 30 }, PositiveUnlabelled = true };
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Accounts with an industry and a region; a customer is one with an order, chosen by <paramref name="buys"/>.</summary>
    private void Import(int accounts, Func<int, string, bool> buys)
    {
        var random = new Random(7);
        var (rows, orders) = (new StringBuilder("account_id,name,industry,region\n"), new StringBuilder("order_id,account_id,product_id,order_date,amount\n"));
        for (var i = 0; i < accounts; i++)
        {
            var industry = (string[])["Retail", "Manufacturing", "Software", "Health"];
            var chosen = industry[random.Next(industry.Length)];
            rows.Append(CultureInfo.InvariantCulture, $"A{i},Account {i},{chosen},{(random.Next(2) == 0 ? "East" : "West")}\n");
            if (buys(i, chosen) && random.NextDouble() < 0.9)
            {
                orders.Append(CultureInfo.InvariantCulture, $"O{i},A{i},P1,2026-03-01,{100 + random.Next(900)}\n");
            }
        }

        _ws.Import(null, ("products.csv", "product_id,name\nP1,Core\n"), ("accounts.csv", rows.ToString()), ("orders.csv", orders.ToString()));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    [Fact]
    public void InputsThatSayNothingOfWhoBuys_KeepTheBaseRate_WithANoteSayingSo()
    {
        // Buyers drawn at random, whatever their industry or region.
        var coin = new Random(11);
        Import(400, (_, _) => coin.NextDouble() < 0.2);

        var result = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast }, FixedClock.Default);

        Assert.True(result.Metrics.AucLowerBound <= 0.5, $"AUC {result.Metrics.Auc:0.000}, lower bound {result.Metrics.AucLowerBound:0.000}");
        Assert.Null(result.LabelFrequency);
        Assert.Null(result.ClassPrior);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"the model tells known buyers from the rest no better than chance (out-of-fold AUC {result.Metrics.Auc:0.000}, 95% interval down to "),
            Assert.Single(result.Notes), StringComparison.Ordinal);
        // Each account's probability is its calibrated likeness, so the expected buyers are about the known ones, not most accounts.
        var mean = Convert.ToDouble(_ws.Workspace.Scalar($"SELECT avg(probability) FROM account_scores WHERE run_id = '{result.RunId}'"), CultureInfo.InvariantCulture);
        Assert.InRange(mean, result.Metrics.BaseRate - 0.05, result.Metrics.BaseRate + 0.05);
        Assert.True(result.Bands.Single(b => b.Band == ">30%").Accounts < 40, "a model without skill puts few accounts above 30%");
    }

    [Fact]
    public void InputsThatTellBuyersApart_LiftProbabilitiesToBuyerLikeOnes()
    {
        // Software buyers, nearly all of them: the industry tells them apart.
        Import(400, (_, industry) => industry == "Software");

        var result = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast }, FixedClock.Default);

        Assert.True(result.Metrics.AucLowerBound > 0.5);
        Assert.NotNull(result.LabelFrequency);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void TwentyAccounts_TrainWithSmallerLeaves()
    {
        // A fold of 16 accounts could not split with 20 a side, and ML.NET failed on LightGBM's single-leaf tree.
        Import(20, (i, _) => i % 2 == 0);

        var result = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions { Training = Fast }, FixedClock.Default);

        Assert.Equal(20, result.Accounts);
        Assert.InRange(result.Labelled, 5, 10);
    }

    [Fact]
    public void Window_NoInputThatVariesBeforeTheCutoff_SkipsTheModelsWithTheReason()
    {
        // Identical accounts and every order on one day, after the cut-off: nothing before it tells buyers apart.
        var (accounts, orders) = (new StringBuilder("account_id,name,industry,region\n"), new StringBuilder("order_id,account_id,product_id,order_date,amount\n"));
        for (var i = 0; i < 30; i++)
        {
            accounts.Append(CultureInfo.InvariantCulture, $"A{i},Account {i},Retail,East\n");
            if (i % 2 == 0)
            {
                orders.Append(CultureInfo.InvariantCulture, $"O{i},A{i},P1,2026-03-15,500\n");
            }
        }

        _ws.Import(null, ("products.csv", "product_id,name,family\nP1,Core 1,Core\n"), ("accounts.csv", accounts.ToString()), ("orders.csv", orders.ToString()));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        var result = WindowPropensity.Run(_ws.Workspace, new WindowOptions { Training = Fast with { PositiveUnlabelled = false } }, FixedClock.Default);

        Assert.Null(result.Purchase);
        Assert.Empty(result.Products);
        Assert.Equal("any purchase: skipped, cannot train: no input splits the 30 rows into groups of at least 7 that differ in their share of positives (every input the same, or too few rows)",
            result.Notes[0]);
    }
}
