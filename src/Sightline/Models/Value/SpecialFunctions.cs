namespace Sightline.Models.Value;

/// <summary>Log-gamma, digamma and the hypergeometric series the BG/NBD needs, for positive real arguments.</summary>
internal static class SpecialFunctions
{
    // Lanczos coefficients (g = 7, n = 9): about 15 significant digits for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>ψ(x) = d/dx ln Γ(x) for x &gt; 0: recurrence up to 6, then the asymptotic series.</summary>
    public static double Digamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }

        var f = 1 / (x * x);
        var series = f * (-1.0 / 12 + (f * (1.0 / 120 + (f * (-1.0 / 252 + (f * (1.0 / 240 + (f * (-1.0 / 132)))))))));
        return result + Math.Log(x) - (0.5 / x) + series;
    }

    /// <summary>
    /// (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)], the BG/NBD expectation before the chance that the
    /// customer is alive (see <see cref="BgNbdParameters.ConditionalExpectedPurchases"/>), for z = t/(α+T+t) in [0, 1).
    /// Two series give it: after Euler's transformation (<see cref="TryExpectationBracket"/>), exact as a → 1 and for large
    /// counts, and ₂F₁ itself summed with its scale kept apart (<see cref="TryExpectationDirect"/>). The first needs about
    /// εz/(1−z) terms whose size grows like (1−z)^−ε, so once (1−z)^ε is tiny (a large dropout shape, as a fit gives when
    /// every customer drops out at about the same rate, or z near 1) it runs out of terms or overflows and the second,
    /// which then converges in a few hundred terms, is used; either falls back to the other if it does not converge.
    /// </summary>
    public static double ExpectationBeforeAlive(double r, double a, double b, int x, double z)
    {
        var c = a + b + x - 1;
        var epsilon = a - 1;
        var euler = -epsilon * double.LogP1(-z) <= EulerLimit;
        if (euler && TryExpectationBracket(c - (r + x), epsilon, c, z, out var bracket))
        {
            return c * bracket;
        }

        if (epsilon != 0 && TryExpectationDirect(r + x, b + x, c, z, out var direct))
        {
            return c / epsilon * direct;
        }

        return !euler && TryExpectationBracket(c - (r + x), epsilon, c, z, out bracket) ? c * bracket : double.NaN;
    }

    // −ε ln(1−z) above which (1−z)^ε < e^−5 and the direct series is the shorter and the safer.
    private const double EulerLimit = 5;
    private const int MaxTerms = 200_000;

    /// <summary>
    /// [1 − (1−z)^ε · ₂F₁(c−a', ε; c; z)] / ε with ε = a−1, the bracket of the BG/NBD expectation after the
    /// Euler transformation. Written as −expm1(ε ln(1−z))/ε − (1−z)^ε S with S = Σₙ≥₁ (c−a')ₙ (ε+1)ₙ₋₁ / ((c)ₙ n!) zⁿ,
    /// so it stays accurate as ε → 0 and never forms the huge ₂F₁(r+x, b+x; ...) of large counts.
    /// </summary>
    /// <param name="first">The first upper parameter, c − (r + x) = a + b − 1 − r.</param>
    /// <param name="epsilon">a − 1.</param>
    /// <param name="c">The lower parameter, a + b + x − 1.</param>
    /// <param name="z">t / (α + T + t), in [0, 1).</param>
    /// <param name="bracket">The bracket, when the series converged to a finite value.</param>
    public static bool TryExpectationBracket(double first, double epsilon, double c, double z, out double bracket)
    {
        var log1mz = double.LogP1(-z);
        var el = epsilon * log1mz;
        // −expm1(εL)/ε → −L(1 + εL/2) as ε → 0.
        var head = Math.Abs(el) < 1e-10 ? -log1mz * (1 + (el / 2)) : -double.ExpM1(el) / epsilon;

        // Term n: (first)_n (epsilon+1)_{n-1} / ((c)_n n!) z^n, built by its ratio.
        var term = first * z / c;
        var sum = term;
        var converged = term == 0;
        for (var n = 1; n < MaxTerms && !converged; n++)
        {
            term *= (first + n) * (epsilon + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            converged = Math.Abs(term) <= 1e-16 * Math.Abs(sum) || term == 0;
        }

        bracket = head - (Math.Exp(el) * sum);
        return converged && double.IsFinite(bracket);
    }

    /// <summary>
    /// 1 − (1−z)^p ₂F₁(p, q; c; z) from Gauss's series of ₂F₁, its terms (all positive) rescaled whenever the sum grows
    /// large and the scale carried as a logarithm, so that a huge ₂F₁ (large counts) or huge parameters cannot overflow.
    /// </summary>
    public static bool TryExpectationDirect(double p, double q, double c, double z, out double value) =>
        TryOneMinusScaledSeries(p, q, c, z, p * double.LogP1(-z), confluent: false, out value);

    /// <summary>
    /// The BG/NBD expectation before P(alive) when every customer buys at the same rate λ (the limit r, α → ∞ with
    /// r/α = λ, y = λt): c/(a−1) · [1 − e^−y ₁F₁(b+x; c; y)], c = a+b+x−1, the limit of <see cref="ExpectationBeforeAlive"/>
    /// as (r+x) z → y. Kummer's series of [1 − ₁F₁(a−1; c; −y)]/(a−1) where it keeps ten digits, else the positive series
    /// of e^−y ₁F₁(b+x; c; y); NaN when neither converges.
    /// </summary>
    public static double ExpectationBeforeAliveSameRate(double a, double b, int x, double y)
    {
        var c = a + b + x - 1;
        var epsilon = a - 1;
        if (TryConfluentBracket(epsilon, c, y, out var bracket))
        {
            return c * bracket;
        }

        return epsilon != 0 && TryOneMinusScaledSeries(0, b + x, c, y, -y, confluent: true, out var direct) ? c / epsilon * direct : double.NaN;
    }

    /// <summary>
    /// [1 − ₁F₁(ε; c; −y)]/ε = Σₙ≥₁ (ε+1)ₙ₋₁ / ((c)ₙ n!) (−1)ⁿ⁺¹ yⁿ, accurate as ε → 0; its terms alternate, so it is
    /// refused when its largest term would leave fewer than ten digits of the sum.
    /// </summary>
    public static bool TryConfluentBracket(double epsilon, double c, double y, out double bracket)
    {
        var term = y / c;
        var sum = term;
        var largest = Math.Abs(term);
        var converged = term == 0;
        for (var n = 1; n < MaxTerms && !converged; n++)
        {
            term *= -(epsilon + n) / ((c + n) * (n + 1)) * y;
            sum += term;
            largest = Math.Max(largest, Math.Abs(term));
            converged = Math.Abs(term) <= 1e-16 * Math.Abs(sum) || term == 0;
        }

        bracket = sum;
        return converged && double.IsFinite(sum) && largest <= 1e6 * Math.Abs(sum);
    }

    /// <summary>
    /// 1 − e^logFactor · Σ termsₙ, the terms all positive with ratio (p+n)(q+n)/((c+n)(n+1)) z (Gauss's), or
    /// (q+n)/((c+n)(n+1)) z (Kummer's, <paramref name="confluent"/>), rescaled whenever the sum grows large.
    /// </summary>
    private static bool TryOneMinusScaledSeries(double p, double q, double c, double z, double logFactor, bool confluent, out double value)
    {
        const double rescale = 1e250;
        var logRescale = Math.Log(rescale);
        var term = 1.0;
        var sum = 1.0;
        var logScale = 0.0;
        var converged = z == 0;
        for (var n = 0; n < MaxTerms && !converged; n++)
        {
            var ratio = (confluent ? 1 : p + n) * (q + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (sum > rescale)
            {
                term /= rescale;
                sum /= rescale;
                logScale += logRescale;
            }

            converged = ratio < 1 && term <= 1e-17 * sum;
        }

        value = -double.ExpM1(logFactor + Math.Log(sum) + logScale);
        return converged && double.IsFinite(value);
    }
}
