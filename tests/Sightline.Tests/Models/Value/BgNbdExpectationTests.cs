using CsCheck;
using Sightline.Models.Value;

namespace Sightline.Tests.Models.Value;

/// <summary>
/// The BG/NBD expectation E[Y(t) | x, t_x, T] across the parameter space, in particular where the dropout shapes are
/// huge (a fit on customers who all drop out at about the same rate) or z = t/(α+T+t) is near 1 (a long horizon in
/// a short time unit): there the series after Euler's transformation runs out of terms or overflows.
/// </summary>
public sealed class BgNbdExpectationTests
{
    // Reference values: mpmath 1.3 at 60 digits, (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x) hyp2f1(r+x, b+x, a+b+x−1, z)]
    // times P(alive), P(alive) as BgNbdParameters writes it.
    [Theory]
    [InlineData(0.24, 4.4, 0.79, 2.43, 52, 6, 57, 57, 4.28155055781)]
    [InlineData(0.7, 7.9, 50, 150, 365, 2, 0.01, 0.01, 4.09698351692)]
    [InlineData(0.7, 7.9, 500, 1500, 52, 40, 100, 100, 4.04182608068)]
    [InlineData(0.7, 0.01, 30, 90, 3650, 0, 0, 0.001, 4.10191868267)]
    [InlineData(1.2, 0.05, 20, 60, 365, 2, 0.5, 0.5, 4.2631573553)]
    [InlineData(0.7, 7.9, 3.7e6, 1.13e7, 52, 40, 100, 100, 4.01214010022)]
    public void ConditionalExpectedPurchases_AgainstArbitraryPrecision_AgreesTo1e9(
        double r, double alpha, double a, double b, double t, int x, double recency, double age, double beforeAlive)
    {
        var parameters = new BgNbdParameters(r, alpha, a, b);
        var expected = beforeAlive * parameters.ProbabilityAlive(x, recency, age);

        var actual = parameters.ConditionalExpectedPurchases(t, x, recency, age);

        Assert.Equal(expected, actual, expected * 1e-9);
    }

    [Theory]
    [InlineData(0, 0, 50)]
    [InlineData(1, 3.3, 84.9)]
    [InlineData(6, 57, 57)]
    [InlineData(40, 90, 100)]
    [InlineData(2, 0.5, 0.5)]
    public void ConditionalExpectedPurchases_HugeDropoutShapes_IsTheFixedDropoutLimit(int x, double recency, double age)
    {
        // a and b this large, as a fit gives them when every customer drops out at the same rate, are a Beta
        // concentrated at p = a/(a+b): E = P(alive)/p · [1 − ((α+T)/(α+T+pt))^(r+x)], with relative error about 1/a.
        var parameters = new BgNbdParameters(0.6968, 7.8624, 3728067.0415, 11346233.9386);
        var p = parameters.A / (parameters.A + parameters.B);
        const double t = 52.18;
        var limit = parameters.ProbabilityAlive(x, recency, age) / p
            * -double.ExpM1((parameters.R + x) * Math.Log((parameters.Alpha + age) / (parameters.Alpha + age + (p * t))));

        var actual = parameters.ConditionalExpectedPurchases(t, x, recency, age);

        Assert.True(limit > 0.01, $"limit {limit}");
        Assert.Equal(limit, actual, limit * 1e-5);
    }

    [Fact]
    public void ExpectationBeforeAlive_WhereBothSeriesConverge_TheyAgree()
    {
        var cases =
            from r in Gen.Double[0.05, 5]
            from a in Gen.Double[1.05, 60]
            from b in Gen.Double[0.05, 200]
            from x in Gen.Int[0, 200]
            from z in Gen.Double[0.001, 0.995]
            select (r, a, b, x, z);
        cases.Sample(c =>
        {
            var n = c.a + c.b + c.x - 1;
            var euler = SpecialFunctions.TryExpectationBracket(n - (c.r + c.x), c.a - 1, n, c.z, out var bracket);
            var direct = SpecialFunctions.TryExpectationDirect(c.r + c.x, c.b + c.x, n, c.z, out var gauss);
            if (!euler || !direct)
            {
                return true;
            }

            var fromEuler = n * bracket;
            var fromGauss = n / (c.a - 1) * gauss;
            return Math.Abs(fromEuler - fromGauss) <= 1e-7 * Math.Max(1e-3, Math.Abs(fromEuler));
        }, iter: 2000);
    }

    [Fact]
    public void ConditionalExpectedPurchases_AnyShapesUpToTenMillion_PositiveFiniteAndIncreasingInTheHorizon()
    {
        var cases =
            from r in Gen.Double[0.05, 5]
            from alpha in Gen.Double[0.01, 50]
            from logA in Gen.Double[Math.Log(0.05), Math.Log(1e7)]
            from bOverA in Gen.Double[0.05, 20]
            from x in Gen.Int[0, 300]
            from age in Gen.Double[0.001, 200]
            from share in Gen.Double[0, 1]
            from horizon in Gen.Double[1, 4000]
            select (new BgNbdParameters(r, alpha, Math.Exp(logA), Math.Exp(logA) * bOverA), x, x == 0 ? 0 : share * age, age, horizon);
        cases.Sample(c =>
        {
            var (model, x, recency, age, horizon) = c;
            var shorter = model.ConditionalExpectedPurchases(horizon, x, recency, age);
            var longer = model.ConditionalExpectedPurchases(2 * horizon, x, recency, age);
            var alive = model.ProbabilityAlive(x, recency, age) > 1e-200;
            return double.IsFinite(shorter) && (!alive || shorter > 0) && longer >= shorter - (1e-9 * Math.Max(1, shorter));
        }, iter: 3000);
    }

    [Fact]
    public void Fit_CustomersWhoAllDropOutAtOneRate_PredictsTheNextYearsPurchases()
    {
        // Every customer drops out after a purchase with the same probability: the fit's dropout shapes run off to
        // the millions, and the expectation must still hold there (it used to be 0 for every customer).
        const double dropout = 0.25;
        const double horizon = 52;
        var random = new Random(20261207);
        var summaries = new List<CustomerSummary>();
        var actualNextYear = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var rate = Gamma(random, 0.7) / 8.0;
            var age = 104 * random.NextDouble();
            var (x, last, future) = (0, 0.0, 0);
            // As the model has it: purchases at the customer's rate, and after each repeat purchase (not the first,
            // at time 0) the customer drops out with the one probability.
            for (var time = -Math.Log(1 - random.NextDouble()) / rate; time <= age + horizon; time += -Math.Log(1 - random.NextDouble()) / rate)
            {
                if (time <= age)
                {
                    (x, last) = (x + 1, time);
                }
                else
                {
                    future++;
                }

                if (random.NextDouble() < dropout)
                {
                    break;
                }
            }

            actualNextYear += future;
            summaries.Add(new CustomerSummary($"c{i}", x, last, age, 0, null));
        }

        var fit = BgNbd.Fit(summaries);
        var predicted = summaries.Sum(s => fit.Parameters.ConditionalExpectedPurchases(horizon, s.Frequency, s.Recency, s.Age));

        Assert.True(fit.SameDropout, fit.ToString());
        Assert.True(fit.Iterations < 300, $"{fit.Iterations} iterations");
        Assert.Equal(dropout, fit.MeanDropout, 0.02);
        Assert.Contains($"p = {fit.MeanDropout:0.0000} after each repeat purchase", fit.ParametersText, StringComparison.Ordinal);
        Assert.True(fit.LogLikelihood >= BgNbd.LogLikelihood(fit.Parameters, summaries) - 1e-3, "the limit's likelihood is the reported parameters' own");
        Assert.Equal(actualNextYear, predicted, actualNextYear * 0.05);
    }

    // Marsaglia and Tsang, with the shape < 1 boost.
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Normal(random);
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
