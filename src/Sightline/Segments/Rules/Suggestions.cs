namespace Sightline.Segments.Rules;

/// <summary>"Did you mean" for misspelt names.</summary>
internal static class Suggestions
{
    /// <summary>The closest candidate within edit distance 2, or one the typed text is a prefix of; null if none.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var lowered = typed.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        string? prefix = null;
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            var distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }

            if (prefix is null && lowered.Length >= 3 && candidate.StartsWith(lowered, StringComparison.OrdinalIgnoreCase))
            {
                prefix = candidate;
            }
        }

        return bestDistance <= 2 ? best : prefix;
    }

    /// <summary>Damerau-Levenshtein distance (optimal string alignment: adjacent swaps count as one edit).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>
    /// What to say about a segment name that names none: the closest name, else the names there are (the first
    /// <paramref name="listed"/>), else that none is defined.
    /// </summary>
    public static string SegmentHint(string typed, IEnumerable<string> segments, int listed = 10)
    {
        var known = segments.Order(StringComparer.Ordinal).ToList();
        if (Hint(Closest(typed, known)) is { } closest)
        {
            return closest;
        }

        return known.Count switch
        {
            0 => "no segments are defined yet; define them under segments: in sightline.yaml",
            _ when known.Count <= listed => $"the segments are {string.Join(", ", known)}",
            _ => $"the segments are {string.Join(", ", known.Take(listed))} and {known.Count - listed} more",
        };
    }

    /// <summary>The hint text for a suggestion, or null.</summary>
    public static string? Hint(string? suggestion) => suggestion is null ? null : $"did you mean '{suggestion}'?";
}
