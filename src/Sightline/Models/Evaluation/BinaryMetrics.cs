namespace Sightline.Models.Evaluation;

/// <summary>How well predicted probabilities rank and match 0/1 outcomes, with the decile (lift and calibration) table.</summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="Positives">Rows whose label is true.</param>
/// <param name="BaseRate"><see cref="Positives"/> / <see cref="Count"/>.</param>
/// <param name="Auc">
/// Area under the ROC curve by Mann–Whitney: the share of (positive, negative) pairs in which the positive has the
/// higher probability, ties counting one half (mid-ranks), as scikit-learn's <c>roc_auc_score</c>. NaN when either class is absent.
/// </param>
/// <param name="PrAuc">
/// Average precision as scikit-learn's <c>average_precision_score</c>: Σ (Rₖ − Rₖ₋₁) Pₖ over the distinct probabilities
/// taken as thresholds from the highest down, so tied rows enter together (step-wise, no interpolation). NaN without positives.
/// </param>
/// <param name="Brier">Mean of (p − y)² with y = 1 for a positive and 0 otherwise.</param>
/// <param name="LogLoss">Mean of −log p for positives and −log(1 − p) for negatives, p clipped to [1e-15, 1 − 1e-15].</param>
/// <param name="Deciles">
/// Rows sorted by probability descending, ties in original index order; with k = min(10, n) deciles, decile d holds sorted
/// rows ⌊(d − 1)n/k⌋ .. ⌊dn/k⌋ − 1, so fewer than 10 rows give one decile per row and no decile is empty.
/// </param>
public sealed record BinaryMetrics(int Count, int Positives, double BaseRate, double Auc, double PrAuc, double Brier, double LogLoss, IReadOnlyList<DecileRow> Deciles)
{
    /// <summary>Log loss clips probabilities to [LogLossEpsilon, 1 − LogLossEpsilon].</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// The lower end of the AUC's 95% confidence interval by Hanley and McNeil (1982): above 0.5 when the ranking beats a
    /// coin with these many positives and negatives; NaN when either class is absent.
    /// </summary>
    public double AucLowerBound
    {
        get
        {
            var negatives = Count - Positives;
            if (Positives == 0 || negatives == 0 || double.IsNaN(Auc))
            {
                return double.NaN;
            }

            var (a, q1, q2) = (Auc, Auc / (2 - Auc), 2 * Auc * Auc / (1 + Auc));
            var variance = ((a * (1 - a)) + ((Positives - 1) * (q1 - (a * a))) + ((negatives - 1) * (q2 - (a * a)))) / ((double)Positives * negatives);
            return a - (1.959964 * Math.Sqrt(Math.Max(variance, 0)));
        }
    }

    /// <summary>Computes every metric in one sort of the rows; O(n log n).</summary>
    /// <param name="probabilities">Predicted probability of each row, in [0, 1].</param>
    /// <param name="labels">Outcome of each row, true for a positive.</param>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or a probability is outside [0, 1] or NaN.</exception>
    public static BinaryMetrics Compute(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        Guard.SameLength(probabilities.Length, labels.Length, nameof(labels));
        Guard.NotEmpty(probabilities.Length, nameof(probabilities));
        Guard.Probabilities(probabilities, nameof(probabilities));

        var n = probabilities.Length;
        var positives = 0;
        double brier = 0, logLoss = 0;
        for (var i = 0; i < n; i++)
        {
            var p = probabilities[i];
            var clipped = Math.Clamp(p, LogLossEpsilon, 1 - LogLossEpsilon);
            if (labels[i])
            {
                positives++;
                brier += (1 - p) * (1 - p);
                logLoss -= Math.Log(clipped);
            }
            else
            {
                brier += p * p;
                logLoss -= Math.Log(1 - clipped);
            }
        }

        var order = RankDescending(probabilities);
        var negatives = n - positives;
        double pairsWon = 0, averagePrecision = 0;
        int truePositives = 0, falsePositives = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            var groupPositives = 0;
            while (end < n && probabilities[order[end]] == probabilities[order[start]])
            {
                groupPositives += labels[order[end++]] ? 1 : 0;
            }

            var groupNegatives = end - start - groupPositives;
            pairsWon += groupNegatives * (truePositives + (0.5 * groupPositives));
            truePositives += groupPositives;
            falsePositives += groupNegatives;
            averagePrecision += (double)groupPositives / positives * truePositives / (truePositives + falsePositives);
            start = end;
        }

        var auc = positives == 0 || negatives == 0 ? double.NaN : pairsWon / ((double)positives * negatives);
        return new BinaryMetrics(n, positives, (double)positives / n, auc, positives == 0 ? double.NaN : averagePrecision,
            brier / n, logLoss / n, DecileTable(probabilities, labels, order, positives));
    }

    private static List<DecileRow> DecileTable(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, int[] order, int positives)
    {
        var n = order.Length;
        var k = Math.Min(10, n);
        var baseRate = (double)positives / n;
        var rows = new List<DecileRow>(k);
        var cumulative = 0;
        for (var d = 1; d <= k; d++)
        {
            var start = (int)((long)(d - 1) * n / k);
            var end = (int)((long)d * n / k);
            var hits = 0;
            var sum = 0.0;
            for (var i = start; i < end; i++)
            {
                sum += probabilities[order[i]];
                hits += labels[order[i]] ? 1 : 0;
            }

            cumulative += hits;
            var count = end - start;
            var rate = (double)hits / count;
            rows.Add(new DecileRow(d, count, hits, sum / count, rate, rate / baseRate, (double)cumulative / positives));
        }

        return rows;
    }

    /// <summary>Row indices by probability descending; tied rows keep their original order.</summary>
    private static int[] RankDescending(ReadOnlySpan<double> probabilities)
    {
        var keys = new double[probabilities.Length];
        var order = new int[probabilities.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = -probabilities[i];
            order[i] = i;
        }

        // Array.Sort is not stable, so each run of equal keys is put back in index order.
        Array.Sort(keys, order);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            Array.Sort(order, start, end - start);
            start = end;
        }

        return order;
    }
}
