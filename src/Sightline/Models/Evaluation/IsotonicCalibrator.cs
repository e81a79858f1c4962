namespace Sightline.Models.Evaluation;

/// <summary>
/// Maps raw model scores to calibrated probabilities with a monotone non-decreasing, piecewise-linear function fitted by
/// isotonic regression (as scikit-learn's <c>IsotonicRegression(out_of_bounds="clip")</c>).
/// </summary>
public sealed class IsotonicCalibrator
{
    private readonly double[] _thresholds;
    private readonly double[] _values;

    private IsotonicCalibrator(double[] thresholds, double[] values)
    {
        _thresholds = thresholds;
        _values = values;
        Thresholds = Array.AsReadOnly(thresholds);
        Values = Array.AsReadOnly(values);
    }

    /// <summary>Score knots, strictly increasing.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Calibrated probability at each knot, non-decreasing and in [0, 1].</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>
    /// Fits by pool-adjacent-violators: rows sorted by score ascending, rows with equal scores pooled first, then
    /// adjacent blocks pooled (weighted by their row counts) while the earlier block's label mean is not below the later's.
    /// Knots are placed at both ends (lowest and highest score) of every final block, so <see cref="Apply"/> returns
    /// exactly the block mean for every training score and interpolates linearly only in the gaps between blocks;
    /// the fit therefore keeps the label mean over the training rows. O(n log n): one sort, then a stack of blocks.
    /// </summary>
    /// <param name="scores">Raw score of each row; finite.</param>
    /// <param name="labels">Outcome of each row.</param>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or a score is not finite.</exception>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        Guard.SameLength(scores.Length, labels.Length, nameof(labels));
        Guard.NotEmpty(scores.Length, nameof(scores));
        var n = scores.Length;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = double.IsFinite(scores[i]) ? scores[i]
                : throw new ArgumentOutOfRangeException(nameof(scores), scores[i], $"score at index {i} is not a finite number");
            y[i] = labels[i] ? 1 : 0;
        }

        Array.Sort(x, y);

        // A stack of blocks, each a run of sorted rows: lowest and highest score, label sum and row count.
        var low = new double[n];
        var high = new double[n];
        var sum = new double[n];
        var count = new double[n];
        var blocks = 0;
        for (var i = 0; i < n;)
        {
            low[blocks] = high[blocks] = x[i];
            sum[blocks] = count[blocks] = 0;
            while (i < n && x[i] == low[blocks])
            {
                sum[blocks] += y[i++];
                count[blocks]++;
            }

            blocks++;
            while (blocks > 1 && sum[blocks - 2] * count[blocks - 1] >= sum[blocks - 1] * count[blocks - 2])
            {
                blocks--;
                high[blocks - 1] = high[blocks];
                sum[blocks - 1] += sum[blocks];
                count[blocks - 1] += count[blocks];
            }
        }

        var thresholds = new List<double>(2 * blocks);
        var values = new List<double>(2 * blocks);
        for (var b = 0; b < blocks; b++)
        {
            var mean = sum[b] / count[b];
            thresholds.Add(low[b]);
            values.Add(mean);
            if (high[b] > low[b])
            {
                thresholds.Add(high[b]);
                values.Add(mean);
            }
        }

        return new IsotonicCalibrator([.. thresholds], [.. values]);
    }

    /// <summary>Rebuilds a calibrator from stored knots (<see cref="Thresholds"/> and <see cref="Values"/> of a fitted one).</summary>
    /// <exception cref="ArgumentException">
    /// The lists are empty or differ in length, a threshold is not finite or not above the one before, or a value is
    /// outside [0, 1] or below the one before.
    /// </exception>
    public static IsotonicCalibrator FromPoints(IReadOnlyList<double> thresholds, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(values);
        Guard.SameLength(thresholds.Count, values.Count, nameof(values));
        Guard.NotEmpty(thresholds.Count, nameof(thresholds));
        double[] x = [.. thresholds];
        double[] y = [.. values];
        Guard.Probabilities(y, nameof(values));
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || (i > 0 && x[i] <= x[i - 1]))
            {
                throw new ArgumentException($"threshold {i} is {x[i]}; expected a finite number above the previous threshold", nameof(thresholds));
            }

            if (i > 0 && y[i] < y[i - 1])
            {
                throw new ArgumentException($"value {i} is {y[i]}, below the previous value {y[i - 1]}; expected non-decreasing values", nameof(values));
            }
        }

        return new IsotonicCalibrator(x, y);
    }

    /// <summary>
    /// The calibrated probability of <paramref name="score"/>: linear interpolation between the neighbouring knots, the
    /// first or last value below or above the knots.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="score"/> is NaN.</exception>
    public double Apply(double score)
    {
        if (double.IsNaN(score))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "expected a score, not NaN");
        }

        var i = Array.BinarySearch(_thresholds, score);
        if (i >= 0)
        {
            return _values[i];
        }

        i = ~i;
        if (i == 0 || i == _thresholds.Length)
        {
            return _values[i == 0 ? 0 : i - 1];
        }

        var t = (score - _thresholds[i - 1]) / (_thresholds[i] - _thresholds[i - 1]);
        return _values[i - 1] + (t * (_values[i] - _values[i - 1]));
    }
}
