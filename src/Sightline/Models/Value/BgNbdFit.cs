namespace Sightline.Models.Value;

/// <summary>A BG/NBD maximum-likelihood fit.</summary>
/// <param name="Parameters">The fitted r, α, a, b.</param>
/// <param name="LogLikelihood">The exact log-likelihood at the optimum (summed over customers).</param>
/// <param name="Customers">Customers fitted.</param>
/// <param name="Iterations">Optimiser iterations used.</param>
public sealed record BgNbdFit(BgNbdParameters Parameters, double LogLikelihood, int Customers, int Iterations);
