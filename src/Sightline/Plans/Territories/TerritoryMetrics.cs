namespace Sightline.Plans.Territories;

/// <summary>The measures a territory scenario is judged by: balance, disruption and compactness.</summary>
public static class TerritoryMetrics
{
    /// <summary>Mean Earth radius, km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance between two points given in degrees, km.</summary>
    public static double HaversineKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double rad = Math.PI / 180;
        var dLat = (lat2 - lat1) * rad;
        var dLon = (lon2 - lon1) * rad;
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * rad) * Math.Cos(lat2 * rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>
    /// Revenue-weighted share of accounts whose rep changes: the 12-month revenue of accounts that had a rep and get another
    /// (or none), over the revenue of all accounts. An account without a rep today that gets one is not disrupted.
    /// When no account has revenue, the plain share of accounts is taken.
    /// </summary>
    public static double Disruption(IReadOnlyList<(double Revenue, string? FromRep, string? ToRep)> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        static bool Changes((double Revenue, string? FromRep, string? ToRep) a) => a.FromRep is not null && !string.Equals(a.FromRep, a.ToRep, StringComparison.Ordinal);
        var total = accounts.Sum(a => Math.Max(a.Revenue, 0));
        if (total > 0)
        {
            return accounts.Where(Changes).Sum(a => Math.Max(a.Revenue, 0)) / total;
        }

        return accounts.Count == 0 ? 0 : (double)accounts.Count(Changes) / accounts.Count;
    }

    /// <summary>
    /// Balance of values grouped by balancing group (a region, or a region's territories of one coverage role): each value
    /// is divided by its group's mean, and the coefficient of variation
    /// (standard deviation over mean) and the largest over the smallest of those ratios are returned; the max/min is null
    /// when a value is zero.
    /// </summary>
    public static (double Cv, double? MaxMin) Balance(IReadOnlyList<(string Group, double Value)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ratios = values.GroupBy(v => v.Group, StringComparer.Ordinal)
            .SelectMany(g =>
            {
                var mean = g.Average(v => v.Value);
                return g.Select(v => mean > 0 ? v.Value / mean : 1.0);
            }).ToList();
        if (ratios.Count == 0)
        {
            return (0, null);
        }

        var m = ratios.Average();
        var sd = Math.Sqrt(ratios.Average(r => (r - m) * (r - m)));
        var min = ratios.Min();
        return (m > 0 ? sd / m : 0, min > 0 ? ratios.Max() / min : null);
    }
}
