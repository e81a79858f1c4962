using System.Text.Json.Serialization;

namespace Sightline.Models;

/// <summary>
/// A trained tree ensemble held as flat arrays, evaluated here rather than through ML.NET: scoring a million rows is a
/// tight loop over the arrays, the model saves as plain numbers, and the same arrays give per-feature contributions.
/// Node <c>i</c> sends a row left when <c>row[Feature[i]] &lt;= Threshold[i]</c>; a child <c>c &lt; 0</c> is leaf <c>~c</c>.
/// </summary>
public sealed class TreeEnsemble
{
    private Node[]? nodes;
    private double[]? nodeValues;

    /// <summary>Per tree: its root node, or <c>~leaf</c> for a tree that is a single leaf.</summary>
    public required int[] Roots { get; init; }

    /// <summary>Per node: the input slot it splits on.</summary>
    public required int[] Feature { get; init; }

    /// <summary>Per node: rows with a value at most this go left.</summary>
    public required float[] Threshold { get; init; }

    /// <summary>Per node: the left child.</summary>
    public required int[] Left { get; init; }

    /// <summary>Per node: the right child.</summary>
    public required int[] Right { get; init; }

    /// <summary>Per leaf: its output (tree weight applied).</summary>
    public required double[] LeafValue { get; init; }

    /// <summary>Per leaf: training rows that reached it (the weights of expected values behind contributions).</summary>
    public double[] LeafCover { get; set; } = [];

    /// <summary>Constant added to every score.</summary>
    public double Bias { get; init; }

    /// <summary>Number of trees.</summary>
    [JsonIgnore]
    public int Trees => Roots.Length;

    private Node[] Nodes => nodes ??= Feature.Select((f, i) => new Node(f, Threshold[i], Left[i], Right[i])).ToArray();

    /// <summary>The raw score (sum of leaves plus bias) of every row of a row-major matrix, in parallel.</summary>
    public double[] Score(float[] matrix, int width)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = width == 0 ? 0 : matrix.Length / width;
        var scores = new double[rows];
        var all = Nodes;
        const int Block = 4096;
        Parallel.For(0, (rows + Block - 1) / Block, block =>
        {
            var end = Math.Min(rows, (block + 1) * Block);
            for (var r = block * Block; r < end; r++)
            {
                scores[r] = Score(all, new ReadOnlySpan<float>(matrix, r * width, width));
            }
        });
        return scores;
    }

    /// <summary>The raw score of one encoded row.</summary>
    public double Score(ReadOnlySpan<float> row) => Score(Nodes, row);

    private double Score(Node[] all, ReadOnlySpan<float> row)
    {
        var sum = Bias;
        var leaves = LeafValue;
        foreach (var root in Roots)
        {
            var n = root;
            while (n >= 0)
            {
                ref readonly var node = ref all[n];
                n = row[node.Feature] <= node.Threshold ? node.Left : node.Right;
            }

            sum += leaves[~n];
        }

        return sum;
    }

    /// <summary>Counts the training rows reaching each leaf; contributions are weighted by these counts.</summary>
    public void SetCovers(float[] matrix, int width, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cover = new double[LeafValue.Length];
        var all = Nodes;
        foreach (var r in rows)
        {
            var row = new ReadOnlySpan<float>(matrix, r * width, width);
            foreach (var root in Roots)
            {
                var n = root;
                while (n >= 0)
                {
                    n = row[all[n].Feature] <= all[n].Threshold ? all[n].Left : all[n].Right;
                }

                cover[~n]++;
            }
        }

        LeafCover = cover;
        nodeValues = null;
    }

    /// <summary>
    /// Per-slot contributions to the raw score of one row (Saabas: along the row's path, each split adds the change in
    /// the cover-weighted expected value to the slot it splits on). Returns the expected score the contributions start from;
    /// that plus the sum of <paramref name="contributions"/> equals <see cref="Score(ReadOnlySpan{float})"/>.
    /// </summary>
    public double Contributions(ReadOnlySpan<float> row, Span<double> contributions)
    {
        var all = Nodes;
        var values = NodeValues();
        var expected = Bias;
        foreach (var root in Roots)
        {
            var n = root;
            var current = Value(values, n);
            expected += current;
            while (n >= 0)
            {
                var node = all[n];
                n = row[node.Feature] <= node.Threshold ? node.Left : node.Right;
                var next = Value(values, n);
                contributions[node.Feature] += next - current;
                current = next;
            }
        }

        return expected;
    }

    private double Value(double[] values, int n) => n >= 0 ? values[n] : LeafValue[~n];

    /// <summary>Cover-weighted mean leaf value under each node (plain mean where covers are unknown or zero).</summary>
    private double[] NodeValues()
    {
        if (nodeValues is not null)
        {
            return nodeValues;
        }

        var values = new double[Feature.Length];
        var weights = new double[Feature.Length];
        (double Sum, double Weight) Walk(int n)
        {
            if (n < 0)
            {
                var weight = LeafCover.Length > 0 && LeafCover[~n] > 0 ? LeafCover[~n] : 1e-9;
                return (LeafValue[~n] * weight, weight);
            }

            var (leftSum, leftWeight) = Walk(Left[n]);
            var (rightSum, rightWeight) = Walk(Right[n]);
            weights[n] = leftWeight + rightWeight;
            values[n] = (leftSum + rightSum) / weights[n];
            return (leftSum + rightSum, weights[n]);
        }

        foreach (var root in Roots)
        {
            Walk(root);
        }

        return nodeValues = values;
    }

    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
