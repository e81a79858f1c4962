namespace Sightline.Models.Value;

/// <summary>A Gamma-Gamma maximum-likelihood fit.</summary>
/// <param name="Parameters">The fitted p, q, γ.</param>
/// <param name="LogLikelihood">The log-likelihood of the repeat customers' mean spend at the optimum.</param>
/// <param name="Customers">Repeat customers fitted (x &gt; 0).</param>
/// <param name="Iterations">Optimiser iterations used.</param>
public sealed record GammaGammaFit(GammaGammaParameters Parameters, double LogLikelihood, int Customers, int Iterations);
