using Sightline.Models;
using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>Early stopping of the reason model's ensembles: staged scores, log loss per tree count, the count chosen, the time split.</summary>
public sealed class TreeStoppingTests
{
    private const int Width = 3;
    private static readonly BoostingOptions Boosting = new() { Trees = 60, Leaves = 15, MinRowsPerLeaf = 10 };

    [Fact]
    public void StagedScores_StartAtTheBiasAndEndAtTheScore()
    {
        var (matrix, labels) = Synthetic(1_000, signal: true, seed: 1);
        var ensemble = GradientBoosting.TrainBinary(matrix, Width, Enumerable.Range(0, 1_000).ToList(), labels, Boosting);
        var staged = new double[ensemble.Trees + 1];
        for (var r = 0; r < 50; r++)
        {
            var row = matrix.AsSpan(r * Width, Width);
            ensemble.StagedScores(row, staged);
            Assert.Equal(ensemble.Bias, staged[0]);
            Assert.Equal(ensemble.Score(row), staged[^1]); // same additions in the same order: the same double
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ensemble.StagedScores(matrix.AsSpan(0, Width), new double[ensemble.Trees]));
    }

    [Fact]
    public void LogLossByTrees_WithEveryTree_IsTheLogLossOfTheScores()
    {
        var (matrix, labels) = Synthetic(1_000, signal: true, seed: 2);
        var ensemble = GradientBoosting.TrainBinary(matrix, Width, Enumerable.Range(0, 600).ToList(), labels, Boosting);
        var check = Enumerable.Range(600, 400).ToList();

        var losses = TreeStopping.LogLossByTrees(ensemble, matrix, Width, check, labels);

        var expected = check.Sum(r =>
        {
            var p = 1 / (1 + Math.Exp(-ensemble.Score(matrix.AsSpan(r * Width, Width))));
            return -Math.Log(labels[r] ? p : 1 - p);
        });
        Assert.Equal(ensemble.Trees + 1, losses.Length);
        Assert.Equal(expected, losses[^1], 1e-6);
        Assert.True(losses[^1] < losses[0], $"trees {losses[^1]:0.0} against the bias alone {losses[0]:0.0}: the signal is learnable");
    }

    [Fact]
    public void BestCount_NoiseLabels_StopEarly_SignalKeepsWhatHelps()
    {
        foreach (var signal in new[] { false, true })
        {
            var (matrix, labels) = Synthetic(2_000, signal, seed: 3);
            var learn = Enumerable.Range(0, 1_400).ToList();
            var check = Enumerable.Range(1_400, 600).ToList();

            var best = TreeStopping.BestCount(matrix, Width, learn, check, labels, Boosting);

            // The count is the one with the lowest loss on the checked rows, the fewest on a tie.
            var losses = TreeStopping.LogLossByTrees(GradientBoosting.TrainBinary(matrix, Width, learn, labels, Boosting), matrix, Width, check, labels);
            Assert.InRange(best, 1, Boosting.Trees);
            Assert.Equal(losses.Skip(1).Min(), losses[best]);
            Assert.All(Enumerable.Range(1, best - 1), m => Assert.True(losses[m] > losses[best], $"{m} trees lose {losses[m]}, as little as {best}"));
            if (signal)
            {
                Assert.True(best > 5, $"{best} trees for a learnable signal");
            }
            else
            {
                Assert.True(best < Boosting.Trees / 2, $"{best} trees for labels that are noise");
            }
        }
    }

    [Fact]
    public void BestCount_OneClassAmongTheLearningRows_KeepsTheMost()
    {
        var (matrix, _) = Synthetic(200, signal: false, seed: 4);
        var labels = Enumerable.Range(0, 200).Select(r => r >= 150).ToList();

        Assert.Equal(Boosting.Trees, TreeStopping.BestCount(matrix, Width, Enumerable.Range(0, 150).ToList(), Enumerable.Range(150, 50).ToList(), labels, Boosting));
    }

    [Fact]
    public void Split_LearnsOnlyFromSettledLabelsBeforeTheCheckedDays()
    {
        var start = new DateOnly(2026, 1, 1);
        var examples = Enumerable.Range(0, 400).Select(i => Example(start.AddDays(i / 2))).Reverse().ToList(); // out of day order on purpose
        var stopping = new TreeStopping(0.25, HorizonDays: 30);

        var (learn, check) = stopping.Split(examples)!.Value;

        var splitDay = check.Min(i => examples[i].Day);
        Assert.Equal(start.AddDays(150), splitDay); // the latest quarter of 400 touches, two a day
        Assert.Equal(100, check.Count);
        Assert.All(learn, i => Assert.True(examples[i].Day.AddDays(30) < splitDay));
        Assert.Equal(240, learn.Count); // days 0..119: their 30-day windows close before day 150
        Assert.Empty(learn.Intersect(check));
    }

    [Fact]
    public void Split_TooFewOnASideOrOff_ChoosesNothing()
    {
        var start = new DateOnly(2026, 1, 1);
        var few = Enumerable.Range(0, 50).Select(i => Example(start.AddDays(i))).ToList();
        var many = Enumerable.Range(0, 400).Select(i => Example(start.AddDays(i))).ToList();

        Assert.Null(new TreeStopping(0.2, 30).Split(few)); // 10 to check: fewer than the minimum
        Assert.Null(new TreeStopping(0, 30).Split(many));
        Assert.NotNull(new TreeStopping(0.2, 30).Split(many));
    }

    private static ContactReasonExample Example(DateOnly day) => new($"e{day:yyyyMMdd}", "a1", day, null!, ContactReasons.Support, LabelComplete: true);

    /// <summary>Rows of three numbers; with a signal the label follows the first two (with 15% of labels flipped), else a coin.</summary>
    private static (float[] Matrix, List<bool> Labels) Synthetic(int rows, bool signal, int seed)
    {
        var random = new Random(seed);
        var matrix = new float[rows * Width];
        var labels = new List<bool>(rows);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < Width; c++)
            {
                matrix[r * Width + c] = (float)random.NextDouble();
            }

            var truth = matrix[r * Width] + 0.5 * matrix[r * Width + 1] > 0.75;
            labels.Add(signal ? truth ^ (random.NextDouble() < 0.15) : random.NextDouble() < 0.3);
        }

        return (matrix, labels);
    }
}
