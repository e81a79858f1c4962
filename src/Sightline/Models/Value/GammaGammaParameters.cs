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
    /// <summary>The population mean spend per transaction, p γ / (q − 1).</summary>
    public double PopulationMeanSpend => P * Gamma / (Q - 1);

    /// <summary>
    /// E[M | x, m̄] = p (γ + x m̄) / (p x + q − 1): the customer's expected spend per transaction, a weighted
    /// mean of the population mean and their own mean of <paramref name="x"/> repeat purchases.
    /// </summary>
    public double ConditionalExpectedSpend(int x, double meanSpend) =>
        x == 0 ? PopulationMeanSpend : P * (Gamma + (x * meanSpend)) / ((P * x) + Q - 1);
}
