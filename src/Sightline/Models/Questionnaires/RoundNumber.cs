namespace Sightline.Models.Questionnaires;

/// <summary>Rep-friendly thresholds: round numbers of at most two significant digits (500, 1,200, 25,000,000, 0.35).</summary>
internal static class RoundNumber
{
    /// <summary>The most significant digits a threshold may have.</summary>
    public const int MaxDigits = 2;

    /// <summary>
    /// A number t with <paramref name="low"/> ≤ t &lt; <paramref name="high"/>, so "value ≤ t" splits the
    /// training values exactly as "value ≤ low" does, of at most <see cref="MaxDigits"/> significant
    /// digits; null when there is none. Zero when it lies in between; otherwise the point halfway,
    /// rounded to one significant digit if that stays in range, else to two; of the two roundings at a
    /// precision (down and up), the one nearer the halfway point.
    /// </summary>
    public static double? Between(double low, double high)
    {
        if (!(low < high))
        {
            return null;
        }

        if (low <= 0 && 0 < high)
        {
            return 0;
        }

        var middle = low + ((high - low) / 2);
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(middle)));
        for (var digits = 1; digits <= MaxDigits; digits++)
        {
            var exponent = magnitude - digits + 1;
            var scaled = Scale(middle, -exponent);
            double? best = null;
            foreach (var k in new[] { Math.Floor(scaled), Math.Ceiling(scaled) })
            {
                var candidate = Scale(k, exponent);
                if (candidate >= low && candidate < high && (best is null || Math.Abs(candidate - middle) < Math.Abs(best.Value - middle)))
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>value × 10^exponent, dividing for negative exponents so 3 × 10^-1 is exactly the double nearest 0.3.</summary>
    private static double Scale(double value, int exponent) =>
        exponent >= 0 ? value * Math.Pow(10, exponent) : value / Math.Pow(10, -exponent);
}
