using System.Diagnostics;
using CsCheck;
using Sightline.Models.Evaluation;

namespace Sightline.Tests.Models.Evaluation;

public sealed class IsotonicCalibratorTests
{
    private static readonly double[] Scores = [0.1, 0.2, 0.2, 0.3, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 1.0];
    private static readonly bool[] Labels = [false, true, false, false, true, false, false, true, true, false, true, true];

    private static readonly Gen<(double Score, bool Label)[]> Rows =
        Gen.Select(Gen.OneOf(Gen.Int[-5, 5].Select(i => (double)i), Gen.Double[-100, 100]), Gen.Bool).Array[1, 80];

    [Fact]
    public void Fit_SmallDataset_MatchesScikitLearn()
    {
        // From scikit-learn 1.2.1 IsotonicRegression(out_of_bounds="clip").fit(Scores, Labels): X_thresholds_, y_thresholds_.
        var calibrator = IsotonicCalibrator.Fit(Scores, Labels);
        Assert.Equal([0.1, 0.2, 0.6, 0.7, 0.9, 1.0], calibrator.Thresholds);
        Assert.Equal([0.0, 1.0 / 3, 1.0 / 3, 0.75, 0.75, 1.0], calibrator.Values);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.15, 0.1666666666666666)]
    [InlineData(0.2, 0.3333333333333333)]
    [InlineData(0.4, 0.3333333333333333)]
    [InlineData(0.6, 0.3333333333333333)]
    [InlineData(0.75, 0.75)]
    [InlineData(0.95, 0.8749999999999999)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.5, 1.0)]
    public void Apply_BetweenAndOutsideKnots_MatchesScikitLearnPredict(double score, double expected)
    {
        // Expected values from the same model's predict().
        Assert.Equal(expected, IsotonicCalibrator.Fit(Scores, Labels).Apply(score), 12);
    }

    [Fact]
    public void Fit_RandomRows_MonotoneWithinUnitIntervalAndKeepsTheLabelMean()
    {
        Rows.Sample(rows =>
        {
            var scores = rows.Select(r => r.Score).ToArray();
            var calibrator = IsotonicCalibrator.Fit(scores, rows.Select(r => r.Label).ToArray());
            var fitted = scores.Select(calibrator.Apply).ToArray();
            Assert.Equal(rows.Count(r => r.Label) / (double)rows.Length, fitted.Average(), 12);

            var grid = scores.Concat(Enumerable.Range(-220, 441).Select(i => i / 2.0)).Order().ToArray();
            var applied = grid.Select(calibrator.Apply).ToArray();
            Assert.All(applied, value => Assert.InRange(value, 0, 1));
            for (var i = 1; i < applied.Length; i++)
            {
                Assert.True(applied[i] >= applied[i - 1], $"Apply({grid[i]}) = {applied[i]} < Apply({grid[i - 1]}) = {applied[i - 1]}");
            }
        });
    }

    [Fact]
    public void FromPoints_FittedKnots_RebuildTheSameFunction()
    {
        var fitted = IsotonicCalibrator.Fit(Scores, Labels);
        var rebuilt = IsotonicCalibrator.FromPoints(fitted.Thresholds, fitted.Values);
        foreach (var score in new[] { -1, 0.1, 0.15, 0.33, 0.65, 0.95, 2 })
        {
            Assert.Equal(fitted.Apply(score), rebuilt.Apply(score));
        }
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.1 }, new[] { 0.2, 0.3 }, "threshold 1")]
    [InlineData(new[] { 0.1, 0.2 }, new[] { 0.3, 0.2 }, "value 1 is 0.2")]
    [InlineData(new[] { 0.1, 0.2 }, new[] { 0.3, 1.2 }, "index 1")]
    [InlineData(new[] { 0.1 }, new[] { 0.3, 0.4 }, "2 values but 1")]
    [InlineData(new double[0], new double[0], "at least one")]
    public void FromPoints_InvalidKnots_Throw(double[] thresholds, double[] values, string message)
    {
        Assert.Contains(message, Assert.ThrowsAny<ArgumentException>(() => IsotonicCalibrator.FromPoints(thresholds, values)).Message);
    }

    [Fact]
    public void Fit_MillionRowsAllViolating_PoolsInLinearTime()
    {
        // Labels fall as scores rise, so every block is pooled into one: quadratic merging would take minutes.
        const int n = 1_000_000;
        var scores = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i < n / 4).ToArray();
        var clock = Stopwatch.StartNew();
        var calibrator = IsotonicCalibrator.Fit(scores, labels);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"fit took {clock.Elapsed}");
        Assert.Equal([0.0, n - 1.0], calibrator.Thresholds);
        Assert.Equal([0.25, 0.25], calibrator.Values);
    }
}
