using System.Globalization;

namespace Sightline.Segments.Clusters;

/// <summary>Describes clusters in plain words from their largest standardised deviations from the population.</summary>
internal static class ClusterProfiler
{
    private const int MaxPhrases = 3;
    private const double MinDeviation = 0.25;

    private sealed record Deviation(double Score, string Phrase, string? Word, bool High, bool Categorical);

    /// <summary>Builds the summaries; <paramref name="labels"/> are cluster ids 1..k (1 the largest).</summary>
    public static IReadOnlyList<ClusterSummary> Describe(FeatureMatrix matrix, int[] labels, int k)
    {
        var n = matrix.Rows;
        var sizes = new long[k + 1];
        foreach (var label in labels)
        {
            sizes[label]++;
        }

        var summaries = new List<ClusterSummary>();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var cluster = 1; cluster <= k; cluster++)
        {
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            var levelShares = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            var deviations = new List<Deviation>();
            foreach (var column in matrix.Columns)
            {
                if (column.Kind == FeatureKind.Numeric)
                {
                    double sum = 0, zSum = 0;
                    for (var i = 0; i < n; i++)
                    {
                        if (labels[i] == cluster)
                        {
                            sum += column.Values[i];
                            zSum += matrix.Data[(i * matrix.Dimensions) + column.Offset];
                        }
                    }

                    var mean = sizes[cluster] == 0 ? double.NaN : sum / sizes[cluster];
                    var z = sizes[cluster] == 0 ? 0 : zSum / sizes[cluster];
                    means[column.Name] = mean;
                    deviations.Add(new Deviation(Math.Abs(z), NumericPhrase(column, mean, z), column.Name, z > 0, false));
                }
                else
                {
                    var counts = new long[column.Levels.Count];
                    for (var i = 0; i < n; i++)
                    {
                        if (labels[i] == cluster)
                        {
                            counts[column.LevelIndex[i]]++;
                        }
                    }

                    var shares = new Dictionary<string, double>(StringComparer.Ordinal);
                    var best = (Score: double.NegativeInfinity, Level: -1);
                    for (var l = 0; l < counts.Length; l++)
                    {
                        var share = sizes[cluster] == 0 ? 0 : counts[l] / (double)sizes[cluster];
                        shares[column.Levels[l]] = share;
                        var p = column.LevelShares[l];
                        var score = (share - p) / Math.Sqrt(p * (1 - p));
                        if (share >= 0.3 && score > best.Score)
                        {
                            best = (score, l);
                        }
                    }

                    levelShares[column.Name] = shares;
                    if (best.Level >= 0 && best.Score > 0)
                    {
                        var level = LevelText(column, column.Levels[best.Level]);
                        var phrase = string.Create(CultureInfo.InvariantCulture,
                            $"{shares[column.Levels[best.Level]]:0%} {level} (vs {column.LevelShares[best.Level]:0%} overall)");
                        deviations.Add(new Deviation(best.Score, phrase, level, true, true));
                    }
                }
            }

            var top = deviations.Where(d => d.Score >= MinDeviation).OrderByDescending(d => d.Score).Take(MaxPhrases).ToList();
            var profile = top.Count == 0 ? "close to the average on every feature" : string.Join("; ", top.Select(d => d.Phrase));
            var label = Label(top);
            used[label] = used.GetValueOrDefault(label) + 1;
            if (used[label] > 1)
            {
                label = $"{label} ({used[label]})";
            }

            summaries.Add(new ClusterSummary(cluster, sizes[cluster], n == 0 ? 0 : sizes[cluster] / (double)n, label, profile, means, levelShares));
        }

        return summaries;
    }

    private static string NumericPhrase(FeatureMatrix.Column column, double mean, double z)
    {
        // A log-transformed column is compared by its typical value, exp(mean log(1 + x)) - 1, which moves the same way
        // as the deviation the cluster was found by; an arithmetic mean of skewed amounts can point the other way.
        if (column.Transform == FeatureTransform.Log1p && Math.Exp(column.TransformedMean) - 1 > 0)
        {
            var clusterLogMean = (z * column.TransformedStd) + column.TransformedMean;
            var typical = (Math.Exp(clusterLogMean) - 1) / (Math.Exp(column.TransformedMean) - 1);
            return $"{Ratio(typical)}× typical {column.Name}";
        }

        if (column.NonNegative && column.Mean > 0)
        {
            return $"{Ratio(mean / column.Mean)}× average {column.Name}";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{column.Name} {z:+0.0;-0.0} sd from average (mean {mean:G4} vs {column.Mean:G4})");
    }

    private static string Ratio(double ratio) =>
        ratio.ToString(ratio >= 10 ? "0" : ratio >= 0.95 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static string LevelText(FeatureMatrix.Column column, string level) =>
        double.TryParse(level, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || level == FeatureMatrix.MissingLevel
            ? $"{column.Name} = {level}"
            : level;

    /// <summary>2–4 words: the strongest numeric direction with a second feature going the same way, and the dominant category.</summary>
    private static string Label(List<Deviation> top)
    {
        var numeric = top.Where(d => !d.Categorical).ToList();
        string? numericPart = null;
        if (numeric.Count > 0)
        {
            var first = numeric[0];
            var second = numeric.Skip(1).FirstOrDefault(d => d.High == first.High);
            numericPart = $"{(first.High ? "High" : "Low")} {first.Word}{(second is null ? "" : $" & {second.Word}")}";
        }

        var category = top.FirstOrDefault(d => d.Categorical)?.Word;
        return (numericPart, category) switch
        {
            (null, null) => "Average profile",
            (null, { } c) => $"{c} accounts",
            ({ } p, null) => p,
            ({ } p, { } c) => $"{c}, {p}",
        };
    }
}
