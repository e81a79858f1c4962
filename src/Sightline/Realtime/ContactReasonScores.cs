namespace Sightline.Realtime;

/// <summary>Out-of-sample quality of reason predictions.</summary>
/// <param name="Rows">Touches scored.</param>
/// <param name="Accuracy">Share predicted right.</param>
/// <param name="MacroF1">Mean F1 over the reasons that occur or are predicted (each reason counts the same, however rare).</param>
/// <param name="RecallByReason">Per reason that occurs, the share of its touches predicted right.</param>
public sealed record ContactReasonScores(int Rows, double Accuracy, double MacroF1, IReadOnlyDictionary<string, double> RecallByReason)
{
    /// <summary>Scores predictions against the truth.</summary>
    public static ContactReasonScores Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true reasons but {predicted.Count} predictions; expected one each", nameof(predicted));
        }

        var n = truth.Count;
        var right = Enumerable.Range(0, n).Count(i => truth[i] == predicted[i]);
        var labels = truth.Concat(predicted).Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToList();
        var f1 = new List<double>();
        var recall = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var tp = Enumerable.Range(0, n).Count(i => truth[i] == label && predicted[i] == label);
            var actual = truth.Count(t => t == label);
            var called = predicted.Count(p => p == label);
            f1.Add(actual + called == 0 ? 0 : 2.0 * tp / (actual + called));
            if (actual > 0)
            {
                recall[label] = (double)tp / actual;
            }
        }

        return new ContactReasonScores(n, n == 0 ? 0 : (double)right / n, f1.Count == 0 ? 0 : f1.Average(), recall);
    }
}
