using CsCheck;
using Sightline.Models.Evaluation;

namespace Sightline.Tests.Models.Evaluation;

public sealed class BinaryMetricsTests
{
    /// <summary>
    /// Reference values from scikit-learn 1.2.1: roc_auc_score, average_precision_score, brier_score_loss and
    /// log_loss(labels=[0, 1], eps=1e-15) on the same data (its default eps is machine epsilon, which gives 9.5308 for B). B has probabilities of exactly 0 and 1 (clipping matters),
    /// A and D have ties, C is one big tie.
    /// </summary>
    public static TheoryData<string, double[], int[], double, double, double, double> SklearnCases => new()
    {
        { "A", [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.05, 0.6, 0.6, 0.2, 0.6], [0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1], 0.8333333333333333, 0.8152777777777777, 0.15708333333333335, 0.4695006259702144 },
        { "B", [0, 1, 1, 0.5, 0.5, 0, 0.25, 0.75], [0, 1, 0, 1, 0, 1, 1, 0], 0.40625, 0.475, 0.453125, 9.154654433826405 },
        { "C", [0.3, 0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 0, 1, 0, 0], 0.5, 0.3333333333333333, 0.22333333333333336, 0.6391075640678003 },
        { "D", [0.95, 0.9, 0.85, 0.7, 0.7, 0.7, 0.3, 0.2, 0.2, 0.01], [1, 1, 0, 1, 1, 0, 0, 1, 0, 0], 0.74, 0.7777777777777777, 0.21751, 0.6170403230675203 },
    };

    private static readonly Gen<(double Probability, bool Label)[]> Rows =
        Gen.Select(Gen.OneOf(Gen.Int[0, 8].Select(i => i / 8.0), Gen.Int[0, 1000].Select(i => i / 1000.0)), Gen.Bool).Array[1, 60];

    [Fact]
    public void AucLowerBound_IsHanleyAndMcNeilsInterval_AndNaNWithoutBothClasses()
    {
        // A = 0.8, 50 positives, 50 negatives: Q1 = 0.8 / 1.2, Q2 = 1.28 / 1.8, SE = sqrt((0.16 + 49 (Q1 - 0.64) + 49 (Q2 - 0.64)) / 2500) = 0.04450.
        Assert.Equal(0.8 - (1.959964 * 0.044502), new BinaryMetrics(100, 50, 0.5, 0.8, 0.8, 0.1, 0.3, []).AucLowerBound, 4);
        // The same AUC from fewer positives is less sure.
        Assert.True(new BinaryMetrics(100, 5, 0.05, 0.8, 0.5, 0.1, 0.3, []).AucLowerBound < 0.7);
        Assert.True(double.IsNaN(new BinaryMetrics(10, 0, 0, double.NaN, double.NaN, 0.1, 0.3, []).AucLowerBound));
    }

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void Compute_SmallDatasets_MatchesScikitLearn(string name, double[] probabilities, int[] labels, double auc, double prAuc, double brier, double logLoss)
    {
        var metrics = BinaryMetrics.Compute(probabilities, labels.Select(y => y == 1).ToArray());
        Assert.True(Math.Abs(metrics.Auc - auc) < 1e-12, $"{name}: AUC {metrics.Auc}, sklearn {auc}");
        Assert.True(Math.Abs(metrics.PrAuc - prAuc) < 1e-12, $"{name}: PR-AUC {metrics.PrAuc}, sklearn {prAuc}");
        Assert.True(Math.Abs(metrics.Brier - brier) < 1e-12, $"{name}: Brier {metrics.Brier}, sklearn {brier}");
        Assert.True(Math.Abs(metrics.LogLoss - logLoss) < 1e-12, $"{name}: log loss {metrics.LogLoss}, sklearn {logLoss}");
        Assert.Equal(labels.Length, metrics.Count);
        Assert.Equal(labels.Sum(), metrics.Positives);
    }

    [Fact]
    public void Compute_TiesAcrossDecileBoundaries_SortsByProbabilityThenIndex()
    {
        // Data set A sorted: 0.9+ 0.8+ | 0.6 rows 8-, 9+, 11+ | 0.4 rows 1-, 4+, 5- | 0.35+ 0.2- 0.1- 0.05-.
        // With n = 12, deciles 5 and 10 hold two rows each (boundaries ⌊12d/10⌋).
        double[] p = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.05, 0.6, 0.6, 0.2, 0.6];
        bool[] y = [false, false, true, true, true, false, true, false, false, true, false, true];
        var deciles = BinaryMetrics.Compute(p, y).Deciles;

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], deciles.Select(d => d.Decile));
        Assert.Equal([1, 1, 1, 1, 2, 1, 1, 1, 1, 2], deciles.Select(d => d.Count));
        Assert.Equal([1, 1, 0, 1, 1, 1, 0, 1, 0, 0], deciles.Select(d => d.Positives));
        Assert.Equal([0.9, 0.8, 0.6, 0.6, 0.5, 0.4, 0.4, 0.35, 0.2, 0.075], deciles.Select(d => Math.Round(d.MeanPredicted, 12)));
        Assert.Equal([2, 2, 0, 2, 1, 2, 0, 2, 0, 0], deciles.Select(d => d.Lift));
        Assert.Equal([1, 2, 2, 3, 4, 5, 5, 6, 6, 6], deciles.Select(d => Math.Round(d.CumulativeGain * 6, 12)));
        Assert.Equal(0.5, deciles[4].ObservedRate);
    }

    [Fact]
    public void Compute_ManyTiedRows_KeepOriginalOrderInDeciles()
    {
        // One big tie: decile 1 must be rows 0-3 (all the positives), whatever the sort does with equal keys.
        var p = Enumerable.Repeat(0.5, 40).ToArray();
        var y = Enumerable.Range(0, 40).Select(i => i < 4).ToArray();
        var deciles = BinaryMetrics.Compute(p, y).Deciles;
        Assert.Equal([4, 0, 0, 0, 0, 0, 0, 0, 0, 0], deciles.Select(d => d.Positives));
    }

    [Theory]
    [InlineData(3, new[] { 1, 1, 1 })]
    [InlineData(9, new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData(15, new[] { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 })]
    [InlineData(25, new[] { 2, 3, 2, 3, 2, 3, 2, 3, 2, 3 })]
    public void Compute_RowCount_GivesDecileSizesWithoutEmptyDeciles(int n, int[] sizes)
    {
        var p = Enumerable.Range(0, n).Select(i => (double)i / n).ToArray();
        var y = Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray();
        Assert.Equal(sizes, BinaryMetrics.Compute(p, y).Deciles.Select(d => d.Count));
    }

    [Fact]
    public void Compute_OneClassOnly_AucUndefined()
    {
        var allPositive = BinaryMetrics.Compute([0.2, 0.7, 0.7], [true, true, true]);
        Assert.True(double.IsNaN(allPositive.Auc));
        Assert.Equal(1.0, allPositive.PrAuc);

        var allNegative = BinaryMetrics.Compute([0.2, 0.7], [false, false]);
        Assert.True(double.IsNaN(allNegative.Auc));
        Assert.True(double.IsNaN(allNegative.PrAuc));
        Assert.Equal(0, allNegative.BaseRate);
        Assert.True(double.IsNaN(allNegative.Deciles[0].Lift));
    }

    [Fact]
    public void Compute_BadInput_Throws()
    {
        Assert.Contains("3 values but 2", Assert.ThrowsAny<ArgumentException>(() => BinaryMetrics.Compute([0.1, 0.2], [true, false, true])).Message);
        Assert.ThrowsAny<ArgumentException>(() => BinaryMetrics.Compute([], []));
        Assert.Contains("index 1", Assert.ThrowsAny<ArgumentException>(() => BinaryMetrics.Compute([0.1, 1.5], [true, false])).Message);
        Assert.ThrowsAny<ArgumentException>(() => BinaryMetrics.Compute([double.NaN], [true]));
    }

    [Fact]
    public void Compute_RandomRows_AucMatchesPairCountAndStaysInRange()
    {
        Rows.Where(rows => rows.Any(r => r.Label) && rows.Any(r => !r.Label)).Sample(rows =>
        {
            var metrics = Compute(rows);
            Assert.InRange(metrics.Auc, 0, 1);
            Assert.InRange(metrics.PrAuc, 0, 1);
            Assert.Equal(PairwiseAuc(rows), metrics.Auc, 12);
        });
    }

    [Fact]
    public void Compute_ReversedProbabilities_GiveOneMinusAuc()
    {
        Rows.Where(rows => rows.Any(r => r.Label) && rows.Any(r => !r.Label)).Sample(rows =>
        {
            var reversed = rows.Select(r => (1 - r.Probability, r.Label)).ToArray();
            Assert.Equal(1 - Compute(rows).Auc, Compute(reversed).Auc, 12);
        });
    }

    [Fact]
    public void Compute_RandomRows_DecilesCoverEveryRowAndGainEndsAtOne()
    {
        Rows.Where(rows => rows.Any(r => r.Label)).Sample(rows =>
        {
            var metrics = Compute(rows);
            Assert.Equal(rows.Length, metrics.Deciles.Sum(d => d.Count));
            Assert.Equal(metrics.Positives, metrics.Deciles.Sum(d => d.Positives));
            Assert.Equal(Math.Min(10, rows.Length), metrics.Deciles.Count);
            Assert.All(metrics.Deciles, d => Assert.True(d.Count > 0));
            Assert.Equal(1.0, metrics.Deciles[^1].CumulativeGain, 12);
            var means = metrics.Deciles.Select(d => d.MeanPredicted).ToList();
            Assert.Equal(means.OrderDescending(), means);
        });
    }

    private static BinaryMetrics Compute((double Probability, bool Label)[] rows) =>
        BinaryMetrics.Compute(rows.Select(r => r.Probability).ToArray(), rows.Select(r => r.Label).ToArray());

    /// <summary>The definition itself: share of (positive, negative) pairs ranked right, ties counting half.</summary>
    private static double PairwiseAuc((double Probability, bool Label)[] rows)
    {
        double won = 0, pairs = 0;
        foreach (var positive in rows.Where(r => r.Label))
        {
            foreach (var negative in rows.Where(r => !r.Label))
            {
                pairs++;
                won += positive.Probability > negative.Probability ? 1 : positive.Probability == negative.Probability ? 0.5 : 0;
            }
        }

        return won / pairs;
    }
}
