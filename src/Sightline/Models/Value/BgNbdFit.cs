using System.Globalization;

namespace Sightline.Models.Value;

/// <summary>A BG/NBD maximum-likelihood fit.</summary>
/// <param name="Parameters">The fitted r, α, a, b.</param>
/// <param name="LogLikelihood">The exact log-likelihood at the optimum (summed over customers).</param>
/// <param name="Customers">Customers fitted.</param>
/// <param name="Iterations">Optimiser iterations used.</param>
public sealed record BgNbdFit(BgNbdParameters Parameters, double LogLikelihood, int Customers, int Iterations)
{
    /// <summary>
    /// Every customer drops out with the same probability after a repeat purchase: the likelihood grows as a and b grow
    /// together, so the fit is that limit, with p = a/(a+b) and a + b = 10⁸ standing for "without bound".
    /// </summary>
    public bool SameDropout { get; init; }

    /// <summary>The probability of dropping out after a repeat purchase, on average over customers: a/(a+b).</summary>
    public double MeanDropout => Parameters.A / (Parameters.A + Parameters.B);

    /// <summary>Every customer buys at the same rate while active (see <see cref="BgNbdParameters.SameRate"/>).</summary>
    public bool SameRate => Parameters.SameRate;

    /// <summary>The parameters in words, as the CLI and the run log print them.</summary>
    public string ParametersText
    {
        get
        {
            var rate = SameRate
                ? string.Create(CultureInfo.InvariantCulture,
                    $"the same purchase rate for every customer: {Parameters.Rate:0.0000} purchases a time unit while active (r and alpha grow without bound)")
                : string.Create(CultureInfo.InvariantCulture, $"r = {Parameters.R:0.0000}, alpha = {Parameters.Alpha:0.0000}");
            var dropout = SameDropout
                ? string.Create(CultureInfo.InvariantCulture,
                    $"the same dropout for every customer: p = {MeanDropout:0.0000} after each repeat purchase (a and b grow without bound)")
                : string.Create(CultureInfo.InvariantCulture, $"a = {Parameters.A:0.0000}, b = {Parameters.B:0.0000}");
            return $"{rate}, {dropout}";
        }
    }
}
