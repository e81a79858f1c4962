namespace Sightline.Segments.Clusters;

/// <summary>Quality measures for a clustering: silhouette and the adjusted Rand index.</summary>
public static class ClusterMetrics
{
    /// <summary>
    /// Mean silhouette (Euclidean) of the rows of <paramref name="data"/> (row-major, <paramref name="dimensions"/>
    /// values per row) under <paramref name="labels"/>; a row alone in its cluster scores 0, as in scikit-learn.
    /// </summary>
    public static double Silhouette(double[] data, int dimensions, IReadOnlyList<int> labels) =>
        Silhouettes(data, dimensions, [labels])[0];

    /// <summary>
    /// Mean silhouettes of several labelings of the same rows, computing each pairwise distance once.
    /// </summary>
    public static IReadOnlyList<double> Silhouettes(double[] data, int dimensions, IReadOnlyList<IReadOnlyList<int>> labelings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labelings);
        var n = data.Length / dimensions;
        var sets = labelings.Count;
        var labels = new int[sets][];
        var sizes = new int[sets][];
        var offsets = new int[sets + 1];
        for (var s = 0; s < sets; s++)
        {
            labels[s] = [.. labelings[s]];
            if (labels[s].Length != n)
            {
                throw new ArgumentException($"labeling {s} has {labels[s].Length} labels for {n} rows", nameof(labelings));
            }

            var k = labels[s].Length == 0 ? 0 : labels[s].Max() + 1;
            sizes[s] = new int[k];
            foreach (var label in labels[s])
            {
                sizes[s][label]++;
            }

            offsets[s + 1] = offsets[s] + k;
        }

        var scores = new double[sets][];
        for (var s = 0; s < sets; s++)
        {
            scores[s] = new double[n];
        }

        Parallel.For(0, n, () => new double[offsets[sets]], (i, _, sums) =>
        {
            Array.Clear(sums);
            var row = data.AsSpan(i * dimensions, dimensions);
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var other = data.AsSpan(j * dimensions, dimensions);
                var sq = 0.0;
                for (var t = 0; t < dimensions; t++)
                {
                    var delta = row[t] - other[t];
                    sq += delta * delta;
                }

                var distance = Math.Sqrt(sq);
                for (var s = 0; s < sets; s++)
                {
                    sums[offsets[s] + labels[s][j]] += distance;
                }
            }

            for (var s = 0; s < sets; s++)
            {
                var own = labels[s][i];
                var ownSize = sizes[s][own];
                if (ownSize <= 1)
                {
                    scores[s][i] = 0;
                    continue;
                }

                var a = sums[offsets[s] + own] / (ownSize - 1);
                var b = double.PositiveInfinity;
                for (var c = 0; c < sizes[s].Length; c++)
                {
                    if (c != own && sizes[s][c] > 0)
                    {
                        b = Math.Min(b, sums[offsets[s] + c] / sizes[s][c]);
                    }
                }

                var denominator = Math.Max(a, b);
                scores[s][i] = double.IsPositiveInfinity(b) || denominator == 0 ? 0 : (b - a) / denominator;
            }

            return sums;
        }, _ => { });

        var result = new double[sets];
        for (var s = 0; s < sets; s++)
        {
            result[s] = n == 0 ? 0 : scores[s].Sum() / n;
        }

        return result;
    }

    /// <summary>Adjusted Rand index (Hubert and Arabie) of two labelings of the same rows: 1 identical, about 0 for chance.</summary>
    public static double AdjustedRandIndex<TA, TB>(IReadOnlyList<TA> a, IReadOnlyList<TB> b)
        where TA : notnull
        where TB : notnull
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"labelings differ in length: {a.Count} and {b.Count}", nameof(b));
        }

        var n = a.Count;
        var cells = new Dictionary<(TA, TB), long>();
        var rows = new Dictionary<TA, long>();
        var columns = new Dictionary<TB, long>();
        for (var i = 0; i < n; i++)
        {
            cells[(a[i], b[i])] = cells.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }

        static double Pairs(long count) => count * (count - 1) / 2.0;
        var index = cells.Values.Sum(Pairs);
        var sumRows = rows.Values.Sum(Pairs);
        var sumColumns = columns.Values.Sum(Pairs);
        var expected = sumRows * sumColumns / Pairs(n);
        var maximum = (sumRows + sumColumns) / 2;
        // Both labelings a single cluster (or each row alone): identical partitions, as scikit-learn returns.
        return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    }
}
