using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Sightline.Models;

/// <summary>Gradient-boosting settings; the defaults match scikit-learn's HistGradientBoosting (100 trees, 31 leaves, rate 0.1, 20 rows per leaf).</summary>
public sealed record BoostingOptions
{
    /// <summary>Number of trees.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>Learning rate (shrinkage).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Fewest training rows in a leaf.</summary>
    public int MinRowsPerLeaf { get; init; } = 20;

    /// <summary>Seed; the same seed and data give the same model.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads LightGBM may use; default: one below 100,000 rows (threading costs more than it saves there, and
    /// several small trainings then run side by side without OpenMP threads spinning against each other), else all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>The thread count for a training on <paramref name="rows"/> rows.</summary>
    public int ThreadsFor(int rows) => Threads ?? (rows < 100_000 ? 1 : Environment.ProcessorCount);
}

/// <summary>Trains LightGBM through ML.NET on an encoded matrix and hands back the trees as a <see cref="TreeEnsemble"/>.</summary>
public static class GradientBoosting
{
    /// <summary>A binary classifier; the ensemble's raw score is the log-odds of <paramref name="labels"/> being true.</summary>
    public static TreeEnsemble TrainBinary(float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> labels, BoostingOptions options)
    {
        var ml = new MLContext(options.Seed);
        var model = ml.BinaryClassification.Trainers.LightGbm(BinaryOptions(options, rows.Count)).Fit(BinaryView(ml, matrix, width, rows, labels));
        return Extract(model.Model.SubModel.TrainedTreeEnsemble, matrix, width, rows);
    }

    /// <summary>A regression of <paramref name="targets"/> (squared error).</summary>
    public static TreeEnsemble TrainRegression(float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<double> targets, BoostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ml = new MLContext(options.Seed);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = options.ThreadsFor(rows.Count),
            UseCategoricalSplit = false,
            Silent = true,
        });
        var definition = SchemaDefinition.Create(typeof(Example<float>));
        definition[nameof(Example<float>.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var view = ml.Data.LoadFromEnumerable(Examples(matrix, width, rows, r => (float)targets[r]), definition);
        return Extract(trainer.Fit(view).Model.TrainedTreeEnsemble, matrix, width, rows);
    }

    /// <summary>The raw scores ML.NET itself computes for <paramref name="rows"/>; tests compare them with <see cref="TreeEnsemble.Score(float[], int)"/>.</summary>
    internal static float[] ReferenceScores(float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> labels, BoostingOptions options)
    {
        var ml = new MLContext(options.Seed);
        var view = BinaryView(ml, matrix, width, rows, labels);
        var scored = ml.BinaryClassification.Trainers.LightGbm(BinaryOptions(options, rows.Count)).Fit(view).Transform(view);
        return [.. scored.GetColumn<float>("Score")];
    }

    private static LightGbmBinaryTrainer.Options BinaryOptions(BoostingOptions options, int rows)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = options.ThreadsFor(rows),
            Sigmoid = 1.0, // LightGBM's own default; ML.NET's 0.5 would halve the log-odds scale
            UseCategoricalSplit = false,
            Silent = true,
        };
    }

    private static IDataView BinaryView(MLContext ml, float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> labels)
    {
        var definition = SchemaDefinition.Create(typeof(Example<bool>));
        definition[nameof(Example<bool>.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(Examples(matrix, width, rows, r => labels[r]), definition);
    }

    private static IEnumerable<Example<T>> Examples<T>(float[] matrix, int width, IReadOnlyList<int> rows, Func<int, T> label)
    {
        foreach (var r in rows)
        {
            yield return new Example<T> { Label = label(r), Features = matrix.AsSpan(r * width, width).ToArray() };
        }
    }

    private static TreeEnsemble Extract(RegressionTreeEnsemble ensemble, float[] matrix, int width, IReadOnlyList<int> rows)
    {
        var roots = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leaves = new List<double>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = ensemble.TreeWeights[t];
            var nodeStart = feature.Count;
            var leafStart = leaves.Count;
            int Child(int c) => c >= 0 ? nodeStart + c : ~(leafStart + ~c);
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new InvalidOperationException("LightGBM returned a categorical split although categorical splits are off");
            }

            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                feature.Add(tree.NumericalSplitFeatureIndexes[n]);
                threshold.Add(tree.NumericalSplitThresholds[n]);
                left.Add(Child(tree.LeftChild[n]));
                right.Add(Child(tree.RightChild[n]));
            }

            leaves.AddRange(tree.LeafValues.Select(v => v * weight));
            roots.Add(tree.NumberOfNodes > 0 ? nodeStart : ~leafStart);
        }

        var trees = new TreeEnsemble
        {
            Roots = [.. roots], Feature = [.. feature], Threshold = [.. threshold], Left = [.. left], Right = [.. right],
            LeafValue = [.. leaves], Bias = ensemble.Bias,
        };
        trees.SetCovers(matrix, width, rows);
        return trees;
    }

    private sealed class Example<T>
    {
        public T Label { get; set; } = default!;

        public float[] Features { get; set; } = [];
    }
}
