using System.Globalization;

namespace Sightline.Models.Value;

/// <summary>A Gamma-Gamma maximum-likelihood fit.</summary>
/// <param name="Parameters">The fitted p, q, γ.</param>
/// <param name="LogLikelihood">The log-likelihood of the repeat customers' mean spend at the optimum; null when every spend is one value (a point mass has no density).</param>
/// <param name="Customers">Repeat customers fitted (x &gt; 0).</param>
/// <param name="Iterations">Optimiser iterations used.</param>
public sealed record GammaGammaFit(GammaGammaParameters Parameters, double? LogLikelihood, int Customers, int Iterations)
{
    /// <summary>
    /// Each customer's purchases are all worth the same (a fixed price): p grows without bound, a customer's expected spend
    /// is its own mean, and the population's is that of an inverse gamma (q, p γ) fitted on the customers' means.
    /// </summary>
    public bool SameSpendWithinCustomers { get; init; }

    /// <summary>Every customer spends the same on average per purchase: q and γ grow without bound together.</summary>
    public bool SameMeanAcrossCustomers { get; init; }

    /// <summary>The parameters in words, as the CLI prints them.</summary>
    public string ParametersText => (SameSpendWithinCustomers, SameMeanAcrossCustomers) switch
    {
        (true, true) => string.Create(CultureInfo.InvariantCulture,
            $"every purchase of every customer is worth the same, {Parameters.PopulationMeanSpend:0.00} (p, q and gamma grow without bound)"),
        (true, false) => string.Create(CultureInfo.InvariantCulture,
            $"each customer's purchases are all worth the same, its own mean (p grows without bound); the customers' means: q = {Parameters.Q:0.0000}, scale = {Parameters.P * Parameters.Gamma:0.00}; log-likelihood {LogLikelihood:0.00}"),
        (false, true) => string.Create(CultureInfo.InvariantCulture,
            $"p = {Parameters.P:0.0000}, the same mean spend for every customer (q and gamma grow without bound); log-likelihood {LogLikelihood:0.00}"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"p = {Parameters.P:0.0000}, q = {Parameters.Q:0.0000}, gamma = {Parameters.Gamma:0.0000}; log-likelihood {LogLikelihood:0.00}"),
    };
}
