using Sightline.Models;

namespace Sightline.Tests.Models;

public sealed class PropensityTrainerTests
{
    private static readonly PropensityOptions Fast = new() { Folds = 4, Seed = 9, Boosting = new BoostingOptions { Trees = 40, Leaves = 15, Seed = 9 } };

    [Fact]
    public void Train_OutOfFold_IsCalibratedAndRanksLikeTheTruth()
    {
        var (data, truth) = SyntheticData.Accounts(6_000, seed: 11);

        var result = PropensityTrainer.Train(data, Fast, "synthetic");

        var observed = data.Labels!.Average(l => l ? 1.0 : 0.0);
        Assert.InRange(result.OutOfFold.Average(), observed - 0.01, observed + 0.01);
        Assert.All(result.Metrics.Deciles, d => Assert.InRange(d.MeanPredicted - d.ObservedRate, -0.06, 0.06));
        Assert.All(result.OutOfFold, p => Assert.InRange(p, 0, 1));
        Assert.InRange(result.Metrics.Auc, 0.78, 1);
        Assert.True(Spearman(result.OutOfFold, truth) > 0.8, "out-of-fold scores must rank accounts like the true probabilities");
        Assert.Equal(4, result.FoldTrees.Count);
        Assert.Equal(Enumerable.Range(0, 4), result.Fold.Distinct().Order());
    }

    [Fact]
    public void Sample_KeepsEachClassInItsShare_InRowOrder_ByItsSeed_AndEveryRowWhenTheyAreFew()
    {
        var labels = Enumerable.Range(0, 1_000).Select(i => i % 10 == 0).ToArray();
        var rows = Enumerable.Range(0, 1_000).ToArray();

        var sample = PropensityTrainer.Sample(rows, labels, 200, seed: 3);

        Assert.Equal(200, sample.Length);
        Assert.Equal(20, sample.Count(r => labels[r]));
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(200, sample.Distinct().Count());
        Assert.Equal(sample, PropensityTrainer.Sample(rows, labels, 200, seed: 3));
        Assert.NotEqual(sample, PropensityTrainer.Sample(rows, labels, 200, seed: 4));
        Assert.Same(rows, PropensityTrainer.Sample(rows, labels, 1_000, seed: 3));
        Assert.Same(rows, PropensityTrainer.Sample(rows, labels, null, seed: 3));
    }

    [Fact]
    public void Train_OnSamples_StillScoresEveryRowOutOfFold_AndRanksAboutAsWell()
    {
        var (data, truth) = SyntheticData.Accounts(6_000, seed: 11);

        var all = PropensityTrainer.Train(data, Fast, "synthetic");
        var sampled = PropensityTrainer.Train(data, Fast with { MaxTrainingRows = 2_500 }, "synthetic");

        Assert.Equal(6_000, sampled.OutOfFold.Length);
        Assert.All(sampled.OutOfFold, p => Assert.InRange(p, 0, 1));
        Assert.NotEqual(all.OutOfFold, sampled.OutOfFold);
        Assert.InRange(sampled.Metrics.Auc, all.Metrics.Auc - 0.03, 1);
        Assert.True(Spearman(sampled.OutOfFold, truth) > 0.75, "a model learned from a sample must still rank accounts like the true probabilities");
        Assert.Equal(4, all.FoldTrees.Count);

        // 6,000 rows hold the final model's sample of 2,500 twice: its sample is fold 0 and the rows it never saw fold 1,
        // which it scores itself; a second model learned from the others scores the sample.
        Assert.True(sampled.SampleIsAFold);
        Assert.Equal(2, sampled.FoldTrees.Count);
        Assert.Same(sampled.Model.Trees, sampled.FoldTrees[1]);
        Assert.NotSame(sampled.Model.Trees, sampled.FoldTrees[0]);
        Assert.Equal(2_500, sampled.Fold.Count(f => f == 0));
        Assert.Equal(3_500, sampled.Fold.Count(f => f == 1));
        var share = data.Labels!.Count(l => l) / 6_000.0;
        Assert.InRange(Enumerable.Range(0, 6_000).Count(r => sampled.Fold[r] == 0 && data.Labels![r]), share * 2_500 - 1, share * 2_500 + 1);
        Assert.Equal(6_000, sampled.OutOfFoldReasons(data).Length);

        // Where the rows hold the sample less than twice, folds are dealt as before, as few as leave each its whole sample.
        var dealt = PropensityTrainer.Train(data, Fast with { MaxTrainingRows = 3_500 }, "synthetic");
        Assert.False(dealt.SampleIsAFold);
        Assert.Equal(3, dealt.FoldTrees.Count);
        Assert.DoesNotContain(dealt.Model.Trees, dealt.FoldTrees);
    }

    [Fact]
    public void Train_OnASampleWithoutScoringEveryRow_LearnsTheSameModel_AndMeasuresItOnTheRowsItNeverSaw()
    {
        var (data, _) = SyntheticData.Accounts(6_000, seed: 14);
        var options = Fast with { MaxTrainingRows = 2_500 };

        var everyRow = PropensityTrainer.Train(data, options, "synthetic");
        var modelOnly = PropensityTrainer.Train(data, options with { ScoreEveryRow = false }, "synthetic");

        // The final model is the same; only the sample's own fold model is not trained, and its rows are left unscored.
        var matrix = modelOnly.Encoded;
        var width = modelOnly.Model.Encoder.Width;
        Assert.Equal(everyRow.Model.Trees.Score(matrix, width), modelOnly.Model.Trees.Score(matrix, width));
        Assert.Null(modelOnly.FoldTrees[0]);
        Assert.Equal(everyRow.Fold.Select(f => f == 0 ? -1 : f), modelOnly.Fold);
        Assert.All(Enumerable.Range(0, 6_000).Where(r => modelOnly.Fold[r] < 0), r => Assert.True(double.IsNaN(modelOnly.OutOfFold[r])));
        Assert.All(Enumerable.Range(0, 6_000).Where(r => modelOnly.Fold[r] == 1), r => Assert.InRange(modelOnly.OutOfFold[r], 0, 1));

        // Metrics are over the 3,500 rows outside the sample, each scored by the model that never saw it.
        var rest = Enumerable.Range(0, 6_000).Where(r => modelOnly.Fold[r] == 1).ToArray();
        Assert.Equal(3_500, modelOnly.Metrics.Count);
        Assert.Equal(rest.Count(r => data.Labels![r]), modelOnly.Metrics.Positives);
        Assert.InRange(modelOnly.Metrics.Auc, everyRow.Metrics.Auc - 0.03, everyRow.Metrics.Auc + 0.03);
        var observed = rest.Average(r => data.Labels![r] ? 1.0 : 0.0);
        Assert.InRange(rest.Average(r => modelOnly.OutOfFold[r]), observed - 0.01, observed + 0.01);
        Assert.Throws<InvalidOperationException>(() => modelOnly.OutOfFoldReasons(data));
        Assert.Equal(
            "purchases: each of its models learned from a stratified sample of 2,500 of the 6,000 accounts (rows_setting; 0 for every account); the 3,500 accounts outside the sample, which the model never saw, measure and calibrate it",
            modelOnly.SampleNote("purchases", options with { ScoreEveryRow = false }, "rows_setting"));
        Assert.Equal(
            "purchases: each of its models learned from a stratified sample of 2,500 of the 6,000 accounts (rows_setting; 0 for every account); every account is scored out of fold: those outside the sample by the model itself, those in it by a second model learned from the others",
            everyRow.SampleNote("purchases", options, "rows_setting"));
    }

    [Theory]
    [InlineData(1_000_000, 250_000, 5, 2)]
    [InlineData(400_000, 250_000, 5, 3)] // two folds of 200,000 would each learn from less than the sample
    [InlineData(6_000, 3_500, 4, 3)]
    [InlineData(6_000, 4_000, 4, 3)] // the largest of three folds leaves exactly 4,000
    [InlineData(5_999, 4_000, 4, 4)] // ... of 5,999 rows, 3,999
    [InlineData(6_000, 4_600, 4, 4)]
    [InlineData(100, 250_000, 5, 5)]
    public void FoldsFor_IsTheFewestFoldsThatLeaveEveryFoldModelItsWholeSample(int rows, int sample, int folds, int expected)
    {
        var options = new PropensityOptions { Folds = folds, MaxTrainingRows = sample };

        Assert.Equal(expected, PropensityTrainer.FoldsFor(rows, options));
        Assert.Equal(folds, PropensityTrainer.FoldsFor(rows, options with { MaxTrainingRows = null }));
        var labels = Enumerable.Range(0, rows).Select(r => r % 7 == 0).ToArray();
        var dealt = PropensityTrainer.StratifiedFolds(labels, expected, seed: 1);
        if (expected < folds)
        {
            Assert.All(Enumerable.Range(0, expected), k => Assert.True(rows - dealt.Count(f => f == k) >= sample, $"fold {k} leaves fewer than {sample} rows"));
        }
    }

    [Fact]
    public void StratifiedFolds_SpreadEachClassEvenly()
    {
        var labels = Enumerable.Range(0, 1_003).Select(i => i % 10 == 0).ToArray();

        var folds = PropensityTrainer.StratifiedFolds(labels, 5, seed: 1);

        for (var k = 0; k < 5; k++)
        {
            var positives = Enumerable.Range(0, labels.Length).Count(r => folds[r] == k && labels[r]);
            var all = folds.Count(f => f == k);
            Assert.InRange(positives, 20, 21);
            Assert.InRange(all, 200, 201);
        }
    }

    [Fact]
    public void Train_SameSeedAndData_GivesIdenticalScores()
    {
        var (data, _) = SyntheticData.Accounts(2_000, seed: 12);

        var first = PropensityTrainer.Train(data, Fast, "synthetic");
        var second = PropensityTrainer.Train(data, Fast, "synthetic");

        Assert.Equal(first.OutOfFold, second.OutOfFold);
        Assert.Equal(first.Model.ToJson(), second.Model.ToJson());
    }

    [Fact]
    public void Model_ReloadedFromJson_GivesIdenticalScores()
    {
        var (data, _) = SyntheticData.Accounts(2_000, seed: 13);
        var model = PropensityTrainer.Train(data, Fast with { PositiveUnlabelled = true }, "synthetic").Model;

        var reloaded = PropensityModel.FromJson(model.ToJson(), "model.json");

        Assert.Equal(model.Score(data, "synthetic"), reloaded.Score(data, "synthetic"));
        Assert.Equal(model.LabelFrequency, reloaded.LabelFrequency);
        var (probabilities, _, _) = reloaded.ScoreWithReasons(data, "synthetic");
        Assert.Equal(reloaded.Score(data, "synthetic"), probabilities);
    }

    [Fact]
    public void Model_FromBrokenJson_IsBadInput()
    {
        var error = Assert.Throws<BadInputException>(() => PropensityModel.FromJson("{\"Encoder\": 3", "model.json"));
        Assert.StartsWith("model.json:1: not a Sightline model:", error.Message);
    }

    [Fact]
    public void Reasons_NameTheDriversInWords_WithTheRightDirection()
    {
        var (data, _) = SyntheticData.Accounts(5_000, seed: 14);
        var result = PropensityTrainer.Train(data, Fast, "synthetic");

        var reasons = result.OutOfFoldReasons(data);

        Assert.All(reasons, r => Assert.NotEmpty(r));
        var industry = data.Columns.Single(c => c.Name == "industry").Levels;
        var dm = data.Columns.Single(c => c.Name == "has_decision_maker").Numbers;
        var hospitalReasons = Enumerable.Range(0, data.Rows).Where(r => industry[r] == "Hospitals")
            .SelectMany(r => reasons[r]).Where(x => x.Attribute == "industry").ToList();
        Assert.NotEmpty(hospitalReasons);
        Assert.All(hospitalReasons, x => Assert.Equal("industry = Hospitals raises it", x.ToString()));
        var noDecisionMaker = Enumerable.Range(0, data.Rows).Where(r => dm[r] == 0)
            .SelectMany(r => reasons[r]).Where(x => x.Attribute == "has_decision_maker").ToList();
        Assert.True(noDecisionMaker.Count(x => x.ToString() == "no decision maker lowers it") > noDecisionMaker.Count * 0.9,
            "a missing decision maker lowers the score for nearly every account without one");
    }

    [Fact]
    public void PositiveUnlabelled_EstimatesTheKnownClassPrior()
    {
        // A world where 30% are buyers; only 60% of the buyers are known (labelled). Buyers are well separated, as Elkan–Noto assumes.
        const int rows = 8_000;
        const double prior = 0.30, labelFrequency = 0.60;
        var random = new Random(21);
        var x = new double[rows];
        var z = new double[rows];
        var labels = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var buyer = random.NextDouble() < prior;
            x[r] = SyntheticData.Normal(random) + (buyer ? 3.5 : 0);
            z[r] = SyntheticData.Normal(random) + (buyer ? 1.5 : 0);
            labels[r] = buyer && random.NextDouble() < labelFrequency;
        }

        var data = new TabularData
        {
            Ids = Enumerable.Range(0, rows).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            Labels = labels,
            Columns = [new TabularColumn { Name = "x", Kind = InputKind.Numeric, Numbers = x }, new TabularColumn { Name = "z", Kind = InputKind.Numeric, Numbers = z }],
        };

        var result = PropensityTrainer.Train(data, Fast with { PositiveUnlabelled = true }, "synthetic");

        Assert.InRange(result.Model.LabelFrequency!.Value, labelFrequency - 0.06, labelFrequency + 0.06);
        Assert.InRange(result.ClassPrior!.Value, prior - 0.04, prior + 0.04);
        Assert.All(result.OutOfFold, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void Train_WithOneClassOnly_IsBadInput()
    {
        var (data, _) = SyntheticData.Accounts(300, seed: 15);
        var none = new TabularData { Ids = data.Ids, Columns = data.Columns, Labels = new bool[data.Rows] };

        var error = Assert.Throws<BadInputException>(() => PropensityTrainer.Train(none, Fast, "accounts.csv"));
        Assert.Equal("accounts.csv: cannot train: 0 positive and 300 negative rows; each class needs at least 4 (one per fold)", error.Message);
    }

    internal static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        var ma = ra.Average();
        var mb = rb.Average();
        var cov = ra.Zip(rb, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)) * rb.Sum(y => (y - mb) * (y - mb)));
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }

            i = j + 1;
        }

        return ranks;
    }
}
