namespace Sightline.Models.Value;

/// <summary>
/// Fits the Gamma-Gamma spend model on repeat customers' mean spend m̄ over x transactions by maximum likelihood:
/// ln f = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄),
/// with the analytic gradient, by BFGS on the log-parameters.
/// </summary>
public static class GammaGamma
{
    /// <summary>Whether a repeat customer's mean repeat spend is zero or less (net of returns): no evidence for the spend model.</summary>
    public static bool Spendless(CustomerSummary customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return customer.Frequency > 0 && !(customer.MonetaryValue > 0);
    }

    /// <summary>
    /// Fits the model to the customers with at least one repeat purchase and a positive mean repeat spend. One whose repeat
    /// spend nets to zero or less (returns and credits: an invoice-line export's cancellations) says nothing of what a
    /// purchase is worth to the model, which needs positive spends; it is left out of the fit (see <see cref="Spendless"/>).
    /// </summary>
    /// <exception cref="BadInputException">Fewer than two such repeat customers.</exception>
    public static GammaGammaFit Fit(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var repeat = customers.Where(c => c.Frequency > 0 && !Spendless(c)).ToList();
        if (repeat.Count < 2)
        {
            throw new BadInputException("Gamma-Gamma", $"{repeat.Count} repeat customer{(repeat.Count == 1 ? "" : "s")}: at least two are needed to fit the spend model");
        }

        var x = repeat.Select(c => (double)c.Frequency).ToArray();
        var m = repeat.Select(c => c.MonetaryValue).ToArray();
        var logM = m.Select(v => Math.Log(v)).ToArray();
        var logX = x.Select(v => Math.Log(v)).ToArray();
        double Objective(double[] theta, double[] grad)
        {
            var (p, q, g) = (Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
            var lgQ = SpecialFunctions.LogGamma(q);
            var psiQ = SpecialFunctions.Digamma(q);
            var logG = Math.Log(g);
            double ll = 0, dp = 0, dq = 0, dg = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var px = p * x[i];
                var logGxm = Math.Log(g + (x[i] * m[i]));
                var psiPxq = SpecialFunctions.Digamma(px + q);
                ll += SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - lgQ + (q * logG) + ((px - 1) * logM[i]) + (px * logX[i]) - ((px + q) * logGxm);
                dp += x[i] * (psiPxq - SpecialFunctions.Digamma(px) + logM[i] + logX[i] - logGxm);
                dq += psiPxq - psiQ + logG - logGxm;
                dg += (q / g) - ((px + q) / (g + (x[i] * m[i])));
            }

            grad[0] = -dp * p / x.Length;
            grad[1] = -dq * q / x.Length;
            grad[2] = -dg * g / x.Length;
            return -ll / x.Length;
        }

        // γ starts at the mean spend: the other scales are unit-free.
        var (theta, value, iterations) = Bfgs.Minimise(Objective, [0, 0, Math.Log(m.Average())]);
        var parameters = new GammaGammaParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
        return new GammaGammaFit(parameters, -value * x.Length, x.Length, iterations);
    }
}
