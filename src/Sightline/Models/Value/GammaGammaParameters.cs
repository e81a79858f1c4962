namespace Sightline.Models.Value;

/// <summary>
/// Fitted Gamma-Gamma spend parameters (Fader, Hardie &amp; Lee 2005, "RFM and CLV"): the value of each
/// transaction ~ Gamma(p, ν) around the customer's mean, with ν ~ Gamma(q, γ) across customers.
/// </summary>
/// <param name="P">Shape of the per-transaction spend.</param>
/// <param name="Q">Shape of the customers' rate ν.</param>
/// <param name="Gamma">Scale of the customers' rate ν (in currency).</param>
public sealed record GammaGammaParameters(double P, double Q, double Gamma)
{
    /// <summary>
    /// The mean spend per transaction observed over the customers fitted (their spends summed over their purchases): what
    /// stands for the population mean when the model has none (q ≤ 1, a tail of a few very large customers).
    /// </summary>
    public double? ObservedMeanSpend { get; init; }

    /// <summary>Whether the model's population mean p γ / (q − 1) is finite: q &gt; 1.</summary>
    public bool HasFiniteMean => Q > 1;

    /// <summary>The population mean spend per transaction, p γ / (q − 1); the observed mean where that is not finite (q ≤ 1).</summary>
    public double PopulationMeanSpend => HasFiniteMean ? P * Gamma / (Q - 1) : ObservedMeanSpend ?? double.NaN;

    /// <summary>
    /// E[M | x, m̄] = p (γ + x m̄) / (p x + q − 1): the customer's expected spend per transaction, a weighted
    /// mean of the population mean and their own mean of <paramref name="x"/> repeat purchases. Where p x + q ≤ 1 the
    /// posterior's mean is not finite (too few purchases against a heavy tail), and the customer's own mean stands for it.
    /// </summary>
    public double ConditionalExpectedSpend(int x, double meanSpend) =>
        x == 0 ? PopulationMeanSpend
        : (P * x) + Q <= 1 ? meanSpend
        : P * (Gamma + (x * meanSpend)) / ((P * x) + Q - 1);
}
