using CsCheck;
using Sightline.Models.Value;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models.Value;

/// <summary>
/// The BG/NBD expectation E[Y(t) | x, t_x, T] across the parameter space, in particular where the dropout shapes are
/// huge (a fit on customers who all drop out at about the same rate) or z = t/(α+T+t) is near 1 (a long horizon in
/// a short time unit): there the series after Euler's transformation runs out of terms or overflows.
/// </summary>
public sealed class BgNbdExpectationTests
{
    [Theory]
    [InlineData(1, "BG/NBD: 1 customer in the calibration period: at least two are needed to fit the model")]
    [InlineData(2, "BG/NBD: none of the 2 customers made a repeat purchase in the calibration period: the purchase and dropout rates cannot be told apart (use a later calibration end or more history)")]
    [InlineData(1_200, "BG/NBD: none of the 1,200 customers made a repeat purchase in the calibration period: the purchase and dropout rates cannot be told apart (use a later calibration end or more history)")]
    public void Fit_NoRepeatPurchase_IsRefusedCountingTheCustomers(int customers, string expected)
    {
        var summaries = Enumerable.Range(0, customers).Select(i => new CustomerSummary($"c{i}", 0, 0, 10, 0, null)).ToList();

        var error = Assert.Throws<BadInputException>(() => BgNbd.Fit(summaries));

        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
    }

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
        // As the model has it: purchases at the customer's rate (a gamma across customers), and after each repeat purchase
        // (not the first, at time 0) the customer drops out with the one probability.
        var random = new Random(20261207);
        var (summaries, actualNextYear) = Simulate(random, 20_000, () => Samplers.Gamma(random, 0.7) / 8.0, () => dropout, gapShape: 1, horizon);

        var fit = BgNbd.Fit(summaries);
        var predicted = summaries.Sum(s => fit.Parameters.ConditionalExpectedPurchases(horizon, s.Frequency, s.Recency, s.Age));

        Assert.True(fit.SameDropout, fit.ToString());
        Assert.True(fit.Iterations < 300, $"{fit.Iterations} iterations");
        Assert.Equal(dropout, fit.MeanDropout, 0.02);
        Assert.Contains($"p = {fit.MeanDropout:0.0000} after each repeat purchase", fit.ParametersText, StringComparison.Ordinal);
        Assert.True(fit.LogLikelihood >= BgNbd.LogLikelihood(fit.Parameters, summaries) - 1e-3, "the limit's likelihood is the reported parameters' own");
        Assert.Equal(actualNextYear, predicted, actualNextYear * 0.05);
    }

    // At one purchase rate λ for all, E[Y(t) | alive, x] = Σₖ≥₁ P(the k-th purchase comes before the dropout) · P(N(λt) ≥ k)
    // with dropout p ~ Beta(a, b+x) for a customer alive after x repeat purchases: Σₖ B(a, b+x+k−1)/B(a, b+x) · P(Pois(λt) ≥ k),
    // summed here term by term, independently of the hypergeometric form the model uses.
    [Theory]
    [InlineData(0.28, 4.4, 0, 0.1)]
    [InlineData(0.28, 4.4, 3, 8)]
    [InlineData(0.28, 4.4, 12, 52)]
    [InlineData(2.5, 30, 0, 52)]
    [InlineData(2.5, 30, 7, 300)]
    [InlineData(1.0000001, 2, 1, 20)]
    [InlineData(0.9, 0.5, 40, 150)]
    [InlineData(2.5e7, 7.5e7, 5, 60)]
    public void ExpectationBeforeAliveSameRate_AgainstTheSumOverPurchases_AgreesTo1e9(double a, double b, int x, double y)
    {
        var expected = SameRateExpectationBySum(a, b + x, y);
        var actual = SpecialFunctions.ExpectationBeforeAliveSameRate(a, b, x, y);
        Assert.Equal(1, actual / expected, 1e-9);
    }

    private static double SameRateExpectationBySum(double a, double b, double y)
    {
        var top = (int)(y + (40 * Math.Sqrt(y)) + 60);
        var tail = new double[top + 2];
        var logPmf = -y;
        var pmf = new double[top + 1];
        for (var j = 0; j <= top; j++)
        {
            pmf[j] = Math.Exp(logPmf);
            logPmf += Math.Log(y) - Math.Log(j + 1);
        }

        for (var j = top; j >= 0; j--)
        {
            tail[j] = tail[j + 1] + pmf[j];
        }

        var (sum, survive) = (0.0, 1.0);
        for (var k = 1; k <= top; k++)
        {
            sum += survive * tail[k];
            survive *= (b + k - 1) / (a + b + k - 1);
        }

        return sum;
    }

    [Fact]
    public void FitSameRateAndDropout_CustomersAsTheLimitHasThem_RecoversRateAndDropoutAndPredicts()
    {
        var (summaries, actualNextYear) = Simulate(new Random(20261209), 20_000, rate: () => 0.5, dropout: () => 0.1, gapShape: 1, horizon: 52);

        var fit = BgNbd.FitSameRateAndDropout(summaries, startRate: 1, startDropout: 0.3);
        var predicted = summaries.Sum(s => fit.Parameters.ConditionalExpectedPurchases(52, s.Frequency, s.Recency, s.Age));

        Assert.True(fit.SameRate && fit.SameDropout, fit.ToString());
        Assert.Equal(0.5, fit.Parameters.Rate, 0.02);
        Assert.Equal(0.1, fit.MeanDropout, 0.01);
        Assert.Equal("the same purchase rate for every customer: " + fit.Parameters.Rate.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)
            + " purchases a time unit while active (r and alpha grow without bound), the same dropout for every customer: p = "
            + fit.MeanDropout.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + " after each repeat purchase (a and b grow without bound)",
            fit.ParametersText);
        var general = new BgNbdParameters(1e6, 1e6 / fit.Parameters.Rate, fit.MeanDropout * 1e6, (1 - fit.MeanDropout) * 1e6);
        Assert.Equal(BgNbd.LogLikelihood(general, summaries), fit.LogLikelihood, Math.Abs(fit.LogLikelihood) * 1e-5);
        Assert.Equal(actualNextYear, predicted, actualNextYear * 0.05);
    }

    // Customers who buy (gaps of a gamma of shape gapShape and mean 1/rate; 1 is Poisson's) and after each repeat purchase
    // drop out with their probability; each's age is uniform over two years, and the purchases of the horizon after it are counted.
    private static (List<CustomerSummary> Summaries, int ActualAfter) Simulate(Random random, int customers, Func<double> rate, Func<double> dropout, double gapShape, double horizon)
    {
        var summaries = new List<CustomerSummary>();
        var actualAfter = 0;
        for (var i = 0; i < customers; i++)
        {
            var (lambda, p) = (rate(), dropout());
            var age = 104 * random.NextDouble();
            var (x, last) = (0, 0.0);
            double Gap() => gapShape == 1 ? -Math.Log(1 - random.NextDouble()) / lambda : Samplers.Gamma(random, gapShape) / (gapShape * lambda);
            for (var time = Gap(); time <= age + horizon; time += Gap())
            {
                if (time <= age)
                {
                    (x, last) = (x + 1, time);
                }
                else
                {
                    actualAfter++;
                }

                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            summaries.Add(new CustomerSummary($"c{i}", x, last, age, 0, null));
        }

        return (summaries, actualAfter);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_CustomersWhoAllBuyAtOneRate_PredictsTheNextYearsPurchases(bool sameDropout)
    {
        // Every customer orders about weekly while active (a standing order, a subscription): purchases more regular than
        // Poisson's (gaps of a gamma of shape 4), so the fit wants less spread in the rates than none, and r and α run
        // off together (the general form's series, at r near 10⁹, lost its digits further out: λt = 100).
        const double rate = 1.0;
        const double horizon = 52;
        var random = new Random(20261208);
        var (summaries, actualNextYear) = Simulate(random, 20_000, () => rate, () => sameDropout ? 0.05 : Samplers.Beta(random, 1.5, 30), gapShape: 4, horizon);

        var fit = BgNbd.Fit(summaries);
        var predicted = summaries.Sum(s => fit.Parameters.ConditionalExpectedPurchases(horizon, s.Frequency, s.Recency, s.Age));

        Assert.True(fit.SameRate, fit.ToString());
        Assert.Equal(sameDropout ? 0.05 : 1.5 / 31.5, fit.MeanDropout, 0.005);
        Assert.True(fit.Iterations < 300, $"{fit.Iterations} iterations");
        Assert.Equal(rate, fit.Parameters.Rate, 0.03);
        Assert.StartsWith($"the same purchase rate for every customer: {fit.Parameters.Rate:0.0000} purchases a time unit while active", fit.ParametersText, StringComparison.Ordinal);
        Assert.True(fit.LogLikelihood >= BgNbd.LogLikelihood(fit.Parameters, summaries) - 1e-3, "the limit's likelihood is the reported parameters' own");
        var general = fit.Parameters with { R = 1e5, Alpha = 1e5 / fit.Parameters.Rate, SameRate = false };
        Assert.True(fit.LogLikelihood >= BgNbd.LogLikelihood(general, summaries) - 1e-3, "no spread in the rates fits at least as well as a small one");
        // Regular purchases are not the model's Poisson ones, so the count is near, not exact.
        Assert.Equal(actualNextYear, predicted, actualNextYear * 0.08);
        Assert.Equal(Math.Exp(-fit.Parameters.Rate * 2), fit.Parameters.ProbabilityNoPurchases(2), 1e-12);
    }
}
