namespace Sightline.Models.Value;

/// <summary>
/// Fits the BG/NBD model by maximum likelihood on the exact log-likelihood (Fader, Hardie &amp; Lee 2005, eq. 6):
/// ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
///        + ln[(α+T)^−(r+x) + δ(x&gt;0) a/(b+x−1) (α+t_x)^−(r+x)],
/// the last term by log-sum-exp, with the analytic gradient, by BFGS on the log-parameters.
/// </summary>
public static class BgNbd
{
    // Fixed chunks summed in order: the parallel sum gives the same bits on every run.
    private const int ChunkSize = 1 << 15;

    /// <summary>Fits the model to calibration summaries.</summary>
    /// <exception cref="BadInputException">Fewer than two customers, or no repeat purchase at all (the dropout process cannot be identified).</exception>
    public static BgNbdFit Fit(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return Fit([.. customers.Select(c => c.Frequency)], [.. customers.Select(c => c.Recency)], [.. customers.Select(c => c.Age)]);
    }

    /// <summary>The log-likelihood of the summaries under <paramref name="parameters"/>.</summary>
    public static double LogLikelihood(BgNbdParameters parameters, IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(customers);
        var data = Data.Create([.. customers.Select(c => c.Frequency)], [.. customers.Select(c => c.Recency)], [.. customers.Select(c => c.Age)]);
        return parameters.SameRate
            ? EvaluateSameRate(data, parameters.Rate, parameters.A, parameters.B, new double[3])
            : Evaluate(data, parameters.R, parameters.Alpha, parameters.A, parameters.B, new double[4]);
    }

    /// <summary>The fit of the limit with one purchase rate and one dropout probability for everyone, from a start (for tests).</summary>
    internal static BgNbdFit FitSameRateAndDropout(IReadOnlyList<CustomerSummary> customers, double startRate, double startDropout)
    {
        var data = Data.Create([.. customers.Select(c => c.Frequency)], [.. customers.Select(c => c.Recency)], [.. customers.Select(c => c.Age)]);
        return FitSameRateAndDropout(data, startRate, startDropout, new BgNbdFit(new BgNbdParameters(1, 1, 1, 1), double.NaN, customers.Count, 0));
    }

    /// <summary>Fits the model to columns x, t_x, T (one entry per customer).</summary>
    internal static BgNbdFit Fit(int[] x, double[] recency, double[] age)
    {
        if (x.Length < 2)
        {
            throw new BadInputException("BG/NBD", $"{Counted.Of(x.Length, "customer")} in the calibration period: at least two are needed to fit the model");
        }

        if (x.All(v => v == 0))
        {
            // One customer is refused above, so the count here is two or more.
            throw new BadInputException("BG/NBD",
                $"none of the {Counted.Of(x.Length, "customer")} made a repeat purchase in the calibration period: the purchase and dropout rates cannot be told apart (use a later calibration end or more history)");
        }

        var data = Data.Create(x, recency, age);
        var gradient = new double[4];

        // Minimise −ln L / n on θ = ln(r, α, a, b): positivity for free and similar scales; α starts at the mean age.
        double Objective(double[] theta, double[] grad)
        {
            var p = theta.Select(v => Math.Exp(v)).ToArray();
            var ll = Evaluate(data, p[0], p[1], p[2], p[3], gradient);
            for (var i = 0; i < 4; i++)
            {
                grad[i] = -gradient[i] * p[i] / data.Total;
            }

            return -ll / data.Total;
        }

        var meanAge = Math.Max(age.Average(), 1e-3);
        var (theta, value, iterations) = Bfgs.Minimise(Objective, [0, Math.Log(meanAge), 0, 0],
            stop: t => Math.Exp(t[2]) + Math.Exp(t[3]) > UnboundedShapes || Math.Exp(t[0]) > UnboundedShapes);
        var parameters = new BgNbdParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]));
        var fit = new BgNbdFit(parameters, -value * data.Total, x.Length, iterations);
        return (parameters.R > UnboundedShapes, parameters.A + parameters.B > UnboundedShapes) switch
        {
            (true, true) => FitSameRateAndDropout(data, parameters.Rate, parameters.A / (parameters.A + parameters.B), fit),
            (true, false) => FitSameRate(data, parameters, fit),
            (false, true) => FitSameDropout(data, parameters, fit),
            _ => fit,
        };
    }

    // Past a + b = 10⁶ the dropout beta's spread (under 0.0005) is below what any data can tell from none: the
    // likelihood only creeps up as a and b grow together, and BFGS would spend its every iteration chasing them. The
    // same holds for r past 10⁶: the purchase rates' spread is under a thousandth of their mean.
    private const double UnboundedShapes = 1e6;

    // The shapes a fit without spread in dropout reports: a/(a+b) is the dropout probability, and at 10⁸ every
    // value computed from them is the limit's to about 10⁻⁸, while ln B(a, b) still has nine digits to spare.
    private const double LimitShapes = 1e8;

    /// <summary>
    /// The fit when every customer drops out with the same probability p (the limit a, b → ∞ with a/(a+b) = p):
    /// r, α and p by BFGS on the limit's own likelihood, kept only if it is at least the four-parameter fit's.
    /// </summary>
    private static BgNbdFit FitSameDropout(Data data, BgNbdParameters start, BgNbdFit general)
    {
        var gradient = new double[3];

        // θ = (ln r, ln α, logit p).
        double Objective(double[] theta, double[] grad)
        {
            var (r, alpha, p) = (Math.Exp(theta[0]), Math.Exp(theta[1]), 1 / (1 + Math.Exp(-theta[2])));
            var ll = EvaluateSameDropout(data, r, alpha, p, gradient);
            grad[0] = -gradient[0] * r / data.Total;
            grad[1] = -gradient[1] * alpha / data.Total;
            grad[2] = -gradient[2] * p * (1 - p) / data.Total;
            return -ll / data.Total;
        }

        var startP = start.A / (start.A + start.B);
        var (theta, value, iterations) = Bfgs.Minimise(Objective, [Math.Log(start.R), Math.Log(start.Alpha), Math.Log(startP / (1 - startP))],
            stop: t => Math.Exp(t[0]) > UnboundedShapes);
        var dropout = 1 / (1 + Math.Exp(-theta[2]));
        if (Math.Exp(theta[0]) > UnboundedShapes)
        {
            return FitSameRateAndDropout(data, Math.Exp(theta[0] - theta[1]), dropout, general with { Iterations = general.Iterations + iterations });
        }

        var logLikelihood = -value * data.Total;
        if (logLikelihood < general.LogLikelihood)
        {
            return general;
        }

        var parameters = new BgNbdParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), dropout * LimitShapes, (1 - dropout) * LimitShapes);
        return new BgNbdFit(parameters, logLikelihood, general.Customers, general.Iterations + iterations) { SameDropout = true };
    }

    /// <summary>
    /// The fit when every customer buys at the same rate λ while active (the limit r, α → ∞ with r/α = λ): λ, a and b by
    /// BFGS on the limit's own likelihood. Always kept: the general form's series lose their digits at r in the millions
    /// over long horizons, and the limit is the supremum of the path the general fit was on.
    /// </summary>
    private static BgNbdFit FitSameRate(Data data, BgNbdParameters start, BgNbdFit general)
    {
        var gradient = new double[3];

        // θ = ln(λ, a, b).
        double Objective(double[] theta, double[] grad)
        {
            var (lambda, a, b) = (Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
            var ll = EvaluateSameRate(data, lambda, a, b, gradient);
            grad[0] = -gradient[0] * lambda / data.Total;
            grad[1] = -gradient[1] * a / data.Total;
            grad[2] = -gradient[2] * b / data.Total;
            return -ll / data.Total;
        }

        var (theta, value, iterations) = Bfgs.Minimise(Objective, [Math.Log(start.Rate), Math.Log(start.A), Math.Log(start.B)],
            stop: t => Math.Exp(t[1]) + Math.Exp(t[2]) > UnboundedShapes);
        var (rate, shapeA, shapeB) = (Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
        if (shapeA + shapeB > UnboundedShapes)
        {
            return FitSameRateAndDropout(data, rate, shapeA / (shapeA + shapeB), general with { Iterations = general.Iterations + iterations });
        }

        return new BgNbdFit(SameRateParameters(rate, shapeA, shapeB), -value * data.Total, general.Customers, general.Iterations + iterations);
    }

    /// <summary>The fit when every customer buys at the same rate λ and drops out with the same probability p: both limits at once (always kept, as above).</summary>
    private static BgNbdFit FitSameRateAndDropout(Data data, double startRate, double startDropout, BgNbdFit general)
    {
        var gradient = new double[2];

        // θ = (ln λ, logit p).
        double Objective(double[] theta, double[] grad)
        {
            var (lambda, p) = (Math.Exp(theta[0]), 1 / (1 + Math.Exp(-theta[1])));
            var ll = EvaluateSameRateAndDropout(data, lambda, p, gradient);
            grad[0] = -gradient[0] * lambda / data.Total;
            grad[1] = -gradient[1] * p * (1 - p) / data.Total;
            return -ll / data.Total;
        }

        var (theta, value, iterations) = Bfgs.Minimise(Objective, [Math.Log(startRate), Math.Log(startDropout / (1 - startDropout))]);
        var dropout = 1 / (1 + Math.Exp(-theta[1]));
        var parameters = SameRateParameters(Math.Exp(theta[0]), dropout * LimitShapes, (1 - dropout) * LimitShapes);
        return new BgNbdFit(parameters, -value * data.Total, general.Customers, general.Iterations + iterations) { SameDropout = true };
    }

    // r and α stand at 10⁸ in their ratio: only the rate is read, by the limit's formulas.
    private static BgNbdParameters SameRateParameters(double rate, double a, double b) =>
        new(LimitShapes, LimitShapes / rate, a, b) { SameRate = true };

    /// <summary>
    /// ln L and its gradient in (λ, a, b) when the purchase rate is λ for everyone:
    /// x ln λ + ln B(a, b+x) − ln B(a, b) + ln[e^−λT + δ(x&gt;0) a/(b+x−1) e^−λt_x].
    /// </summary>
    private static double EvaluateSameRate(Data data, double lambda, double a, double b, double[] gradient)
    {
        var xs = data.DistinctX;
        var logTerm4 = new double[xs.Length];
        var logLambda = Math.Log(lambda);
        var lgAB = SpecialFunctions.LogGamma(a + b);
        var lgB = SpecialFunctions.LogGamma(b);
        var psiAB = SpecialFunctions.Digamma(a + b);
        var psiB = SpecialFunctions.Digamma(b);
        var (ll, gl, ga, gb) = (0.0, 0.0, 0.0, 0.0);
        for (var k = 0; k < xs.Length; k++)
        {
            var (x, w) = (xs[k], data.WeightByX[k]);
            var psiABX = SpecialFunctions.Digamma(a + b + x);
            ll += w * ((x * logLambda) + lgAB + SpecialFunctions.LogGamma(b + x) - lgB - SpecialFunctions.LogGamma(a + b + x));
            gl += w * x / lambda;
            ga += w * (psiAB - psiABX);
            gb += w * (psiAB + SpecialFunctions.Digamma(b + x) - psiB - psiABX);
            logTerm4[k] = x > 0 ? Math.Log(a) - Math.Log(b + x - 1) : double.NegativeInfinity;
        }

        for (var i = 0; i < data.Count; i++)
        {
            var k = data.XIndex[i];
            var (x, w, age, recency) = (xs[k], data.Weight[i], data.Age[i], data.Recency[i]);
            if (x == 0)
            {
                ll -= w * lambda * age;
                gl -= w * age;
                continue;
            }

            var (logSum, share4) = LogSumExp(-lambda * age, logTerm4[k] - (lambda * recency));
            ll += w * logSum;
            gl -= w * (((1 - share4) * age) + (share4 * recency));
            ga += w * share4 / a;
            gb -= w * share4 / (b + x - 1);
        }

        gradient[0] = gl;
        gradient[1] = ga;
        gradient[2] = gb;
        return ll;
    }

    /// <summary>
    /// ln L and its gradient in (λ, p) when the purchase rate is λ and the dropout probability p for everyone:
    /// x ln λ + ln[(1−p)^x e^−λT + δ(x&gt;0) p (1−p)^(x−1) e^−λt_x].
    /// </summary>
    private static double EvaluateSameRateAndDropout(Data data, double lambda, double p, double[] gradient)
    {
        var (logLambda, logP, logQ) = (Math.Log(lambda), Math.Log(p), double.LogP1(-p));
        var (ll, gl, gp) = (0.0, 0.0, 0.0);
        for (var i = 0; i < data.Count; i++)
        {
            var x = data.DistinctX[data.XIndex[i]];
            var (w, age, recency) = (data.Weight[i], data.Age[i], data.Recency[i]);
            ll += w * x * logLambda;
            gl += w * x / lambda;
            var term3 = (x * logQ) - (lambda * age);
            if (x == 0)
            {
                ll += w * term3;
                gl -= w * age;
                continue;
            }

            var (logSum, share4) = LogSumExp(term3, logP + ((x - 1) * logQ) - (lambda * recency));
            var share3 = 1 - share4;
            ll += w * logSum;
            gl -= w * ((share3 * age) + (share4 * recency));
            gp += w * ((share3 * -x / (1 - p)) + (share4 * ((1 / p) - ((x - 1) / (1 - p)))));
        }

        gradient[0] = gl;
        gradient[1] = gp;
        return ll;
    }

    /// <summary>
    /// ln L and its gradient in (r, α, p) when the dropout probability is p for everyone:
    /// ln Γ(r+x) − ln Γ(r) + r ln α + ln[(1−p)^x (α+T)^−(r+x) + δ(x&gt;0) p (1−p)^(x−1) (α+t_x)^−(r+x)].
    /// </summary>
    private static double EvaluateSameDropout(Data data, double r, double alpha, double p, double[] gradient)
    {
        var xs = data.DistinctX;
        var logAlpha = Math.Log(alpha);
        var lgR = SpecialFunctions.LogGamma(r);
        var psiR = SpecialFunctions.Digamma(r);
        var (ll, gr, ga, gp) = (0.0, 0.0, 0.0, 0.0);
        for (var k = 0; k < xs.Length; k++)
        {
            var w = data.WeightByX[k];
            ll += w * (SpecialFunctions.LogGamma(r + xs[k]) - lgR + (r * logAlpha));
            gr += w * (SpecialFunctions.Digamma(r + xs[k]) - psiR + logAlpha);
            ga += w * r / alpha;
        }

        var (logP, logQ) = (Math.Log(p), double.LogP1(-p));
        for (var i = 0; i < data.Count; i++)
        {
            var x = xs[data.XIndex[i]];
            var w = data.Weight[i];
            var rx = r + x;
            var logAT = Math.Log(alpha + data.Age[i]);
            var term3 = (x * logQ) - (rx * logAT);
            if (x == 0)
            {
                ll += w * term3;
                gr -= w * logAT;
                ga -= w * rx / (alpha + data.Age[i]);
                continue;
            }

            var logAR = Math.Log(alpha + data.Recency[i]);
            var term4 = logP + ((x - 1) * logQ) - (rx * logAR);
            var (logSum, share4) = LogSumExp(term3, term4);
            var share3 = 1 - share4;
            ll += w * logSum;
            gr -= w * ((share3 * logAT) + (share4 * logAR));
            ga -= w * rx * ((share3 / (alpha + data.Age[i])) + (share4 / (alpha + data.Recency[i])));
            gp += w * ((share3 * -x / (1 - p)) + (share4 * ((1 / p) - ((x - 1) / (1 - p)))));
        }

        gradient[0] = gr;
        gradient[1] = ga;
        gradient[2] = gp;
        return ll;
    }

    /// <summary>ln L and its gradient in (r, α, a, b).</summary>
    private static double Evaluate(Data data, double r, double alpha, double a, double b, double[] gradient)
    {
        // Everything that depends on x alone is computed once per distinct x.
        var xs = data.DistinctX;
        var perX = new double[xs.Length];
        var logTerm4 = new double[xs.Length];
        var ll = 0.0;
        var gr = 0.0;
        var ga = 0.0;
        var gaa = 0.0;
        var gb = 0.0;
        var logAlpha = Math.Log(alpha);
        var lgR = SpecialFunctions.LogGamma(r);
        var lgAB = SpecialFunctions.LogGamma(a + b);
        var lgB = SpecialFunctions.LogGamma(b);
        var psiR = SpecialFunctions.Digamma(r);
        var psiAB = SpecialFunctions.Digamma(a + b);
        var psiB = SpecialFunctions.Digamma(b);
        for (var k = 0; k < xs.Length; k++)
        {
            var x = xs[k];
            var w = data.WeightByX[k];
            perX[k] = SpecialFunctions.LogGamma(r + x) - lgR + (r * logAlpha) + lgAB + SpecialFunctions.LogGamma(b + x) - lgB - SpecialFunctions.LogGamma(a + b + x);
            logTerm4[k] = x > 0 ? Math.Log(a) - Math.Log(b + x - 1) : double.NegativeInfinity;
            ll += w * perX[k];
            gr += w * (SpecialFunctions.Digamma(r + x) - psiR + logAlpha);
            ga += w * r / alpha;
            var psiABX = SpecialFunctions.Digamma(a + b + x);
            gaa += w * (psiAB - psiABX);
            gb += w * (psiAB + SpecialFunctions.Digamma(b + x) - psiB - psiABX);
        }

        var chunks = (data.Count + ChunkSize - 1) / ChunkSize;
        var partial = new double[chunks, 5];
        Parallel.For(0, chunks, chunk =>
        {
            double sLl = 0, sR = 0, sAlpha = 0, sA = 0, sB = 0;
            var end = Math.Min(data.Count, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                var k = data.XIndex[i];
                var x = xs[k];
                var w = data.Weight[i];
                var rx = r + x;
                var logAT = Math.Log(alpha + data.Age[i]);
                var term3 = -rx * logAT;
                if (x == 0)
                {
                    sLl += w * term3;
                    sR -= w * logAT;
                    sAlpha -= w * rx / (alpha + data.Age[i]);
                    continue;
                }

                var logAR = Math.Log(alpha + data.Recency[i]);
                var term4 = logTerm4[k] - (rx * logAR);
                var (logSum, share4) = LogSumExp(term3, term4);
                var share3 = 1 - share4;
                sLl += w * logSum;
                sR -= w * ((share3 * logAT) + (share4 * logAR));
                sAlpha -= w * rx * ((share3 / (alpha + data.Age[i])) + (share4 / (alpha + data.Recency[i])));
                sA += w * share4 / a;
                sB -= w * share4 / (b + x - 1);
            }

            partial[chunk, 0] = sLl;
            partial[chunk, 1] = sR;
            partial[chunk, 2] = sAlpha;
            partial[chunk, 3] = sA;
            partial[chunk, 4] = sB;
        });
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            ll += partial[chunk, 0];
            gr += partial[chunk, 1];
            ga += partial[chunk, 2];
            gaa += partial[chunk, 3];
            gb += partial[chunk, 4];
        }

        gradient[0] = gr;
        gradient[1] = ga;
        gradient[2] = gaa;
        gradient[3] = gb;
        return ll;
    }

    /// <summary>ln(e^a + e^b) without overflow, and the share of e^b in the sum (what the gradient weighs the second term by).</summary>
    private static (double LogSum, double ShareOfSecond) LogSumExp(double a, double b)
    {
        var max = Math.Max(a, b);
        var ea = Math.Exp(a - max);
        var eb = Math.Exp(b - max);
        return (max + Math.Log(ea + eb), eb / (ea + eb));
    }

    /// <summary>The summaries with identical (x, t_x, T) merged into weights, and x mapped to its distinct values.</summary>
    private sealed class Data
    {
        public required int[] DistinctX { get; init; }

        public required double[] WeightByX { get; init; }

        public required int[] XIndex { get; init; }

        public required double[] Recency { get; init; }

        public required double[] Age { get; init; }

        public required double[] Weight { get; init; }

        public required double Total { get; init; }

        public int Count => XIndex.Length;

        public static Data Create(int[] x, double[] recency, double[] age)
        {
            var rows = new Dictionary<(int, double, double), int>();
            var weights = new List<double>();
            for (var i = 0; i < x.Length; i++)
            {
                var key = (x[i], recency[i], age[i]);
                if (rows.TryGetValue(key, out var row))
                {
                    weights[row]++;
                }
                else
                {
                    rows.Add(key, weights.Count);
                    weights.Add(1);
                }
            }

            var keys = rows.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
            var distinct = keys.Select(k => k.Item1).Distinct().Order().ToArray();
            var indexOf = distinct.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
            var byX = new double[distinct.Length];
            var xIndex = new int[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                xIndex[i] = indexOf[keys[i].Item1];
                byX[xIndex[i]] += weights[i];
            }

            return new Data
            {
                DistinctX = distinct,
                WeightByX = byX,
                XIndex = xIndex,
                Recency = [.. keys.Select(k => k.Item2)],
                Age = [.. keys.Select(k => k.Item3)],
                Weight = [.. weights],
                Total = x.Length,
            };
        }
    }
}
