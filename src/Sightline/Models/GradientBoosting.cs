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

    /// <summary>Fewest training rows in a leaf; a training on fewer than four times as many rows uses a quarter of its rows (at least 2, <see cref="MinRowsPerLeafFor"/>).</summary>
    public int MinRowsPerLeaf { get; init; } = 20;

    /// <summary>Seed; the same seed and data give the same model.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads LightGBM may use; default: one below 100,000 rows (threading costs more than it saves there, and
    /// several small trainings then run side by side without OpenMP threads spinning against each other), else all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>The thread count for a training on <paramref name="rows"/> rows.</summary>
    public int ThreadsFor(int rows) => Threads ?? (rows < 100_000 ? 1 : Environment.ProcessorCount);

    /// <summary>
    /// The fewest rows per leaf for a training on <paramref name="rows"/> rows: <see cref="MinRowsPerLeaf"/>, scaled down on
    /// small data (a fold of 16 rows could never split with 20 a side) to a quarter of the rows, so a tree can still make a few groups.
    /// </summary>
    public int MinRowsPerLeafFor(int rows) => Math.Min(MinRowsPerLeaf, Math.Max(2, rows / 4));
}

/// <summary>
/// Trains LightGBM through ML.NET on an encoded matrix and hands back the trees as a <see cref="TreeEnsemble"/>.
/// Categorical slots (a level code per row) reach ML.NET as one-hot blocks marked as categorical slot ranges, so
/// LightGBM splits them by sets of levels, as scikit-learn's HistGradientBoosting does with categorical features.
/// </summary>
public static class GradientBoosting
{
    /// <summary>A binary classifier; the ensemble's raw score is the log-odds of <paramref name="labels"/> being true.</summary>
    /// <param name="matrix">Row-major encoded rows.</param>
    /// <param name="width">Slots per row.</param>
    /// <param name="rows">The rows to train on.</param>
    /// <param name="labels">Per row of the matrix, its label.</param>
    /// <param name="options">Tree settings.</param>
    /// <param name="categories">Per slot, the number of levels of a categorical slot (0 for a number); null when all are numbers.</param>
    public static TreeEnsemble TrainBinary(float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> labels, BoostingOptions options,
        IReadOnlyList<int>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var layout = new Layout(width, categories);
        var ml = new MLContext(options.Seed);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(BinaryOptions(options, rows.Count, layout));
        var view = View(ml, matrix, layout, rows, r => labels[r]);
        if (FitUnlessNoSplit(() => trainer.Fit(view)) is not { } model)
        {
            // LightGBM's own start: the log-odds of the base rate, kept finite as LightGBM keeps it.
            var rate = Math.Clamp(rows.Count(r => labels[r]) / (double)Math.Max(1, rows.Count), 1e-15, 1 - 1e-15);
            return Constant(Math.Log(rate / (1 - rate)), layout, matrix, rows);
        }

        return Extract(model.Model.SubModel.TrainedTreeEnsemble, layout, matrix, rows);
    }

    /// <summary>A regression of <paramref name="targets"/> (squared error); the arguments are as for <see cref="TrainBinary"/>.</summary>
    public static TreeEnsemble TrainRegression(float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<double> targets, BoostingOptions options,
        IReadOnlyList<int>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new Layout(width, categories);
        var ml = new MLContext(options.Seed);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeafFor(rows.Count),
            MinimumExampleCountPerGroup = options.MinRowsPerLeafFor(rows.Count),
            Seed = options.Seed,
            NumberOfThreads = options.ThreadsFor(rows.Count),
            UseCategoricalSplit = layout.HasCategories,
            Silent = true,
        });
        var view = View(ml, matrix, layout, rows, r => (float)targets[r]);
        return FitUnlessNoSplit(() => trainer.Fit(view)) is { } model
            ? Extract(model.Model.TrainedTreeEnsemble, layout, matrix, rows)
            : Constant(rows.Count == 0 ? 0 : rows.Average(r => targets[r]), layout, matrix, rows);
    }

    /// <summary>
    /// The fitted model, or null when LightGBM found no split for its first tree (every input constant, or no split leaving
    /// enough rows a side): LightGBM then ends with a single-leaf tree, which ML.NET cannot convert and fails on with
    /// ArgumentNullException ('items'). The model is then the constant LightGBM starts from, with no trees.
    /// </summary>
    private static TModel? FitUnlessNoSplit<TModel>(Func<TModel> fit)
        where TModel : class
    {
        try
        {
            return fit();
        }
        catch (ArgumentNullException e) when (e.ParamName == "items")
        {
            return null;
        }
    }

    private static TreeEnsemble Constant(double bias, Layout layout, float[] matrix, IReadOnlyList<int> rows)
    {
        var trees = new TreeEnsemble { Roots = [], Feature = [], Threshold = [], Left = [], Right = [], LeafValue = [], Bias = bias };
        trees.SetCovers(matrix, layout.Width, rows);
        return trees;
    }

    /// <summary>The raw scores ML.NET itself computes for <paramref name="rows"/>; tests compare them with <see cref="TreeEnsemble.Score(float[], int)"/>.</summary>
    internal static float[] ReferenceScores(float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> labels, BoostingOptions options,
        IReadOnlyList<int>? categories = null)
    {
        var layout = new Layout(width, categories);
        var ml = new MLContext(options.Seed);
        var view = View(ml, matrix, layout, rows, r => labels[r]);
        var scored = ml.BinaryClassification.Trainers.LightGbm(BinaryOptions(options, rows.Count, layout)).Fit(view).Transform(view);
        return [.. scored.GetColumn<float>("Score")];
    }

    private static LightGbmBinaryTrainer.Options BinaryOptions(BoostingOptions options, int rows, Layout layout)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeafFor(rows),
            MinimumExampleCountPerGroup = options.MinRowsPerLeafFor(rows), // LightGBM's 100 would keep most levels of a small table from a group of their own
            Seed = options.Seed,
            NumberOfThreads = options.ThreadsFor(rows),
            Sigmoid = 1.0, // LightGBM's own default; ML.NET's 0.5 would halve the log-odds scale
            UseCategoricalSplit = layout.HasCategories,
            Silent = true,
        };
    }

    private static IDataView View<T>(MLContext ml, float[] matrix, Layout layout, IReadOnlyList<int> rows, Func<int, T> label)
    {
        var definition = SchemaDefinition.Create(typeof(Example<T>));
        var features = definition[nameof(Example<T>.Features)];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, layout.ExpandedWidth);
        if (layout.HasCategories)
        {
            var ranges = layout.CategoricalRanges();
            features.AddAnnotation("CategoricalSlotRanges", // ML.NET's annotation kind (its constant is internal)
                new VBuffer<int>(ranges.Length, ranges),
                new VectorDataViewType(NumberDataViewType.Int32, ranges.Length));
        }

        return ml.Data.LoadFromEnumerable(Examples(matrix, layout, rows, label), definition);
    }

    private static IEnumerable<Example<T>> Examples<T>(float[] matrix, Layout layout, IReadOnlyList<int> rows, Func<int, T> label)
    {
        foreach (var r in rows)
        {
            yield return new Example<T> { Label = label(r), Features = layout.Expand(matrix.AsSpan(r * layout.Width, layout.Width)) };
        }
    }

    private static TreeEnsemble Extract(RegressionTreeEnsemble ensemble, Layout layout, float[] matrix, IReadOnlyList<int> rows)
    {
        var roots = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var categories = new List<ulong>();
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
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                var (slot, splitThreshold, set) = tree.CategoricalSplitFlags[n]
                    ? layout.CategoricalSplit(tree.GetCategoricalSplitFeaturesAt(n))
                    : layout.NumericSplit(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n]);
                feature.Add(slot);
                threshold.Add(splitThreshold);
                categories.Add(set);
                left.Add(Child(tree.LeftChild[n]));
                right.Add(Child(tree.RightChild[n]));
            }

            leaves.AddRange(tree.LeafValues.Select(v => v * weight));
            roots.Add(tree.NumberOfNodes > 0 ? nodeStart : ~leafStart);
        }

        var trees = new TreeEnsemble
        {
            Roots = [.. roots], Feature = [.. feature], Threshold = [.. threshold], Left = [.. left], Right = [.. right],
            Categories = categories.Any(c => c != 0) ? [.. categories] : [], LeafValue = [.. leaves], Bias = ensemble.Bias,
        };
        trees.SetCovers(matrix, layout.Width, rows);
        return trees;
    }

    /// <summary>Where each encoded slot sits in the one-hot-expanded vector ML.NET sees, and back.</summary>
    private sealed class Layout
    {
        private readonly int[] _start;
        private readonly int[] _levels;
        private readonly int[] _slotOf;

        public Layout(int width, IReadOnlyList<int>? categories)
        {
            if (categories is not null && categories.Count != width)
            {
                throw new ArgumentException($"expected {width} category counts, one per slot, got {categories.Count}", nameof(categories));
            }

            Width = width;
            _levels = categories?.ToArray() ?? new int[width];
            if (_levels.Any(l => l > FeatureEncoder.MaxLevels))
            {
                throw new ArgumentException($"a categorical slot may have at most {FeatureEncoder.MaxLevels} levels", nameof(categories));
            }

            _start = new int[width];
            var slotOf = new List<int>();
            for (var s = 0; s < width; s++)
            {
                _start[s] = slotOf.Count;
                slotOf.AddRange(Enumerable.Repeat(s, Math.Max(1, _levels[s])));
            }

            _slotOf = [.. slotOf];
        }

        public int Width { get; }

        public int ExpandedWidth => _slotOf.Length;

        public bool HasCategories => _levels.Any(l => l > 0);

        /// <summary>Start and end (inclusive) of each categorical block, flattened.</summary>
        public int[] CategoricalRanges() =>
            Enumerable.Range(0, Width).Where(s => _levels[s] > 0).SelectMany(s => new[] { _start[s], _start[s] + _levels[s] - 1 }).ToArray();

        public float[] Expand(ReadOnlySpan<float> row)
        {
            if (!HasCategories)
            {
                return row.ToArray();
            }

            var expanded = new float[ExpandedWidth];
            for (var s = 0; s < Width; s++)
            {
                if (_levels[s] == 0)
                {
                    expanded[_start[s]] = row[s];
                }
                else if (row[s] >= 0)
                {
                    expanded[_start[s] + (int)row[s]] = 1f;
                }
            }

            return expanded;
        }

        public (int Slot, float Threshold, ulong Set) NumericSplit(int expandedIndex, float threshold)
        {
            var slot = _slotOf[expandedIndex];
            if (_levels[slot] == 0)
            {
                return (slot, threshold, 0);
            }

            // A plain split on one level's 0/1 column: that level goes right when the threshold is below 1.
            var level = expandedIndex - _start[slot];
            return (slot, float.MaxValue, threshold < 1 && threshold >= 0 ? 1UL << level : 0);
        }

        /// <summary>A categorical split: rows whose level is hot in any of <paramref name="hot"/> go right (ML.NET's rule).</summary>
        public (int Slot, float Threshold, ulong Set) CategoricalSplit(IReadOnlyList<int> hot)
        {
            var slot = _slotOf[hot[0]];
            var set = 0UL;
            foreach (var index in hot)
            {
                if (_slotOf[index] != slot || _levels[slot] == 0)
                {
                    throw new InvalidOperationException($"LightGBM split slots {string.Join(", ", hot)} as one category although they belong to different inputs");
                }

                set |= 1UL << (index - _start[slot]);
            }

            return (slot, float.MaxValue, set);
        }
    }

    private sealed class Example<T>
    {
        public T Label { get; set; } = default!;

        public float[] Features { get; set; } = [];
    }
}
