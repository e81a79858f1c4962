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
        var (theta, value, iterations) = Bfgs.Minimise(Objective, [0, 0, Math.Log(m.Average())],
            stop: t => Math.Exp(t[0]) > UnboundedShape || Math.Exp(t[1]) > UnboundedShape);
        var (p, q, gamma) = (Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
        return (p > UnboundedShape, q > UnboundedShape) switch
        {
            (true, true) => FitOneSpend(x, m, iterations),
            (true, false) => FitSameSpendWithinCustomers(x, m, q, p * gamma, iterations),
            (false, true) => FitSameMeanAcrossCustomers(x, m, p, q / gamma, iterations),
            _ => new GammaGammaFit(new GammaGammaParameters(p, q, gamma) { ObservedMeanSpend = ObservedMean(x, m) }, -value * x.Length, x.Length, iterations),
        };
    }

    private static double ObservedMean(double[] x, double[] m) => x.Zip(m, (count, mean) => count * mean).Sum() / x.Sum();

    // Past a shape of 10⁶ the spread it leaves (a coefficient of variation under 0.001) is below what spend data can tell
    // from none, and the likelihood only creeps up as the shape and its scale grow together: a fixed price (every purchase of
    // a customer worth the same, as in a subscription) sends p there, one price for all customers q and γ.
    private const double UnboundedShape = 1e6;

    // The shape a limit fit reports for "without bound": the expected spends computed from it are the limit's to about 10⁻⁸.
    private const double LimitShape = 1e8;

    /// <summary>
    /// The limit p → ∞ with p γ = s: each customer's purchases are all worth its own mean ζ, and ζ = p/ν ~ inverse gamma
    /// (q, s) across customers, fitted on the mean spends: ln f = q ln s − ln Γ(q) − (q+1) ln m̄ − s/m̄.
    /// </summary>
    private static GammaGammaFit FitSameSpendWithinCustomers(double[] x, double[] m, double startQ, double startScale, int iterationsBefore)
    {
        var logM = m.Select(v => Math.Log(v)).ToArray();
        var (sumLogM, sumInverse) = (logM.Sum(), m.Sum(v => 1 / v));
        var n = m.Length;
        double Objective(double[] theta, double[] grad)
        {
            var (q, scale) = (Math.Exp(theta[0]), Math.Exp(theta[1]));
            var ll = (n * ((q * Math.Log(scale)) - SpecialFunctions.LogGamma(q))) - ((q + 1) * sumLogM) - (scale * sumInverse);
            grad[0] = -((n * (Math.Log(scale) - SpecialFunctions.Digamma(q))) - sumLogM) * q / n;
            grad[1] = -((n * q / scale) - sumInverse) * scale / n;
            return -ll / n;
        }

        var (theta, value, iterations) = Bfgs.Minimise(Objective, [Math.Log(startQ), Math.Log(startScale)], stop: t => Math.Exp(t[0]) > UnboundedShape);
        if (Math.Exp(theta[0]) > UnboundedShape)
        {
            return FitOneSpend(x, m, iterationsBefore + iterations);
        }

        var (fittedQ, fittedScale) = (Math.Exp(theta[0]), Math.Exp(theta[1]));
        var parameters = new GammaGammaParameters(LimitShape, fittedQ, fittedScale / LimitShape) { ObservedMeanSpend = ObservedMean(x, m) };
        return new GammaGammaFit(parameters, -value * n, n, iterationsBefore + iterations)
        {
            SameSpendWithinCustomers = true,
        };
    }

    /// <summary>
    /// The limit q → ∞ with q/γ = ν: every customer's mean spend is p/ν, and a customer's mean of x purchases is
    /// Gamma(p x, rate x ν): ln f = p x ln(x ν) − ln Γ(p x) + (p x − 1) ln m̄ − x ν m̄.
    /// </summary>
    private static GammaGammaFit FitSameMeanAcrossCustomers(double[] x, double[] m, double startP, double startRate, int iterationsBefore)
    {
        var n = m.Length;
        var logM = m.Select(v => Math.Log(v)).ToArray();
        var logX = x.Select(v => Math.Log(v)).ToArray();
        double Objective(double[] theta, double[] grad)
        {
            var (p, rate) = (Math.Exp(theta[0]), Math.Exp(theta[1]));
            var logRate = Math.Log(rate);
            double ll = 0, dp = 0, dRate = 0;
            for (var i = 0; i < n; i++)
            {
                var px = p * x[i];
                ll += (px * (logX[i] + logRate)) - SpecialFunctions.LogGamma(px) + ((px - 1) * logM[i]) - (x[i] * rate * m[i]);
                dp += x[i] * (logX[i] + logRate - SpecialFunctions.Digamma(px) + logM[i]);
                dRate += (px / rate) - (x[i] * m[i]);
            }

            grad[0] = -dp * p / n;
            grad[1] = -dRate * rate / n;
            return -ll / n;
        }

        var (theta, value, iterations) = Bfgs.Minimise(Objective, [Math.Log(startP), Math.Log(startRate)], stop: t => Math.Exp(t[0]) > UnboundedShape);
        if (Math.Exp(theta[0]) > UnboundedShape)
        {
            return FitOneSpend(x, m, iterationsBefore + iterations);
        }

        var (fittedP, fittedRate) = (Math.Exp(theta[0]), Math.Exp(theta[1]));
        return new GammaGammaFit(new GammaGammaParameters(fittedP, LimitShape, LimitShape / fittedRate), -value * n, n, iterationsBefore + iterations)
        {
            SameMeanAcrossCustomers = true,
        };
    }

    /// <summary>Both limits: every purchase of every customer is worth the same, the mean spend per purchase.</summary>
    private static GammaGammaFit FitOneSpend(double[] x, double[] m, int iterations)
    {
        var spend = ObservedMean(x, m);

        // p γ / (q − 1) is the spend; one value for all is a point mass, which has no density to report a likelihood of.
        var parameters = new GammaGammaParameters(LimitShape, LimitShape, spend * (LimitShape - 1) / LimitShape);
        return new GammaGammaFit(parameters, null, m.Length, iterations) { SameSpendWithinCustomers = true, SameMeanAcrossCustomers = true };
    }
}
