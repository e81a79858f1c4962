using Sightline.Models.Value;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models.Value;

/// <summary>
/// The Gamma-Gamma spend model where its shapes have no finite maximum: a fixed price per customer (a subscription: every
/// purchase of a customer worth the same) sends p without bound, one mean spend for all customers q and γ, one price for
/// everything all three. The fit stops there, fits the limit and says so in words, instead of chasing the shapes for its
/// every iteration and printing numbers of a hundred digits.
/// </summary>
public sealed class GammaGammaLimitTests
{
    private static CustomerSummary Customer(int i, int x, double meanSpend) => new($"c{i}", x, x, 52, meanSpend, null);

    [Fact]
    public void Fit_EachCustomersPurchasesWorthTheSame_ExpectsTheCustomersOwnMeanAndFitsTheMeansSpread()
    {
        // Plans priced from an inverse gamma (shape 3, scale 200: mean 100) across customers, each customer paying its price every time.
        var random = new Random(7);
        var customers = Enumerable.Range(0, 5_000).Select(i => Customer(i, 1 + random.Next(12), 200 / Samplers.Gamma(random, 3))).ToList();

        var fit = GammaGamma.Fit(customers);

        Assert.True(fit.SameSpendWithinCustomers && !fit.SameMeanAcrossCustomers, fit.ToString());
        Assert.True(fit.Iterations < 300, $"{fit.Iterations} iterations");
        Assert.Equal(3, fit.Parameters.Q, 0.3);
        Assert.Equal(200, fit.Parameters.P * fit.Parameters.Gamma, 20.0);
        Assert.Equal(100, fit.Parameters.PopulationMeanSpend, 8.0);
        foreach (var c in customers.Take(100))
        {
            Assert.Equal(1, fit.Parameters.ConditionalExpectedSpend(c.Frequency, c.MonetaryValue) / c.MonetaryValue, 1e-6);
        }

        Assert.StartsWith("each customer's purchases are all worth the same, its own mean (p grows without bound); the customers' means: q = ",
            fit.ParametersText, StringComparison.Ordinal);
        Assert.DoesNotContain("E+", fit.ParametersText, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_EveryCustomerSpendingAlikeOnAverage_ExpectsThatMeanForAll()
    {
        // Every customer's mean of x purchases is 100 give or take 20%/√x (a purchase's spread with p = 25) and no more: the
        // customers differ by less than chance would make them, so no spread between their means fits best.
        var customers = Enumerable.Range(0, 5_000).Select(i =>
        {
            var x = 1 + (i % 12);
            var quantile = ((i / 12) + 0.5) / (5_000 / 12 + 1);
            return Customer(i, x, 100 * (1 + (0.2 * Math.Sqrt(3) * ((2 * quantile) - 1) / Math.Sqrt(x))));
        }).ToList();

        var fit = GammaGamma.Fit(customers);

        Assert.True(fit.SameMeanAcrossCustomers && !fit.SameSpendWithinCustomers, fit.ToString());
        Assert.Equal(25, fit.Parameters.P, 3.0);
        Assert.Equal(100, fit.Parameters.PopulationMeanSpend, 1.0);
        Assert.Equal(fit.Parameters.PopulationMeanSpend, fit.Parameters.ConditionalExpectedSpend(12, 180), 1e-3); // 10⁻⁵ of it: the shapes stand at 10⁸
        Assert.StartsWith("p = ", fit.ParametersText, StringComparison.Ordinal);
        Assert.Contains("the same mean spend for every customer (q and gamma grow without bound)", fit.ParametersText, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OnePriceForEverything_ExpectsThatPrice()
    {
        var customers = Enumerable.Range(0, 1_000).Select(i => Customer(i, 1 + (i % 9), 99)).ToList();

        var fit = GammaGamma.Fit(customers);

        Assert.True(fit.SameSpendWithinCustomers && fit.SameMeanAcrossCustomers, fit.ToString());
        Assert.Equal(99, fit.Parameters.PopulationMeanSpend, 1e-9);
        Assert.Equal(99, fit.Parameters.ConditionalExpectedSpend(5, 99), 1e-6);
        Assert.Equal("every purchase of every customer is worth the same, 99.00 (p, q and gamma grow without bound)", fit.ParametersText);
    }

    [Fact]
    public void Fit_SpendsWithSpreadWithinAndAcross_IsTheGeneralModel()
    {
        // As the model has it: ν ~ Gamma(q 4, rate γ 150), each purchase ~ Gamma(p 5, rate ν).
        var random = new Random(9);
        var customers = Enumerable.Range(0, 5_000).Select(i =>
        {
            var nu = Samplers.Gamma(random, 4) / 150;
            var x = 1 + random.Next(12);
            return Customer(i, x, Enumerable.Range(0, x).Sum(_ => Samplers.Gamma(random, 5) / nu) / x);
        }).ToList();

        var fit = GammaGamma.Fit(customers);

        Assert.False(fit.SameSpendWithinCustomers || fit.SameMeanAcrossCustomers, fit.ToString());
        Assert.Equal(5, fit.Parameters.P, 0.5);
        Assert.Equal(4, fit.Parameters.Q, 0.5);
        Assert.StartsWith("p = ", fit.ParametersText, StringComparison.Ordinal);
        Assert.Contains(", gamma = ", fit.ParametersText, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_AFewCustomersSpendingFarMoreThanTheRest_NoNegativeOrInfiniteSpend()
    {
        // Customers' mean spends log-normal with σ 2.2 (a few whales): q comes out under 1, where p γ/(q − 1) is negative
        // and p x + q − 1 is for the customers with one or two purchases. Those once gave negative spends and CLVs.
        var random = new Random(3);
        var customers = Enumerable.Range(0, 3_000).Select(i =>
        {
            var mean = Math.Exp(4 + (2.2 * Samplers.Normal(random)));
            var x = random.Next(0, 12);
            var spend = x == 0 ? 0 : Enumerable.Range(0, x).Sum(_ => mean * Samplers.Gamma(random, 2) / 2) / x;
            return new CustomerSummary($"c{i}", x, x == 0 ? 0 : 40 * random.NextDouble(), 52, spend, null);
        }).ToList();

        var result = LifetimeValue.Value(customers, new ClvOptions());
        var parameters = result.GammaGamma.Parameters;

        Assert.False(parameters.HasFiniteMean, parameters.ToString());
        var repeat = customers.Where(c => c.Frequency > 0).ToList();
        var observed = repeat.Sum(c => c.Frequency * c.MonetaryValue) / repeat.Sum(c => c.Frequency);
        Assert.Equal(observed, parameters.PopulationMeanSpend, observed * 1e-12);
        Assert.All(result.Values, v => Assert.True(v.ExpectedSpend > 0 && double.IsFinite(v.ExpectedSpend) && v.Clv >= 0, v.ToString()));
        var few = repeat.First(c => (parameters.P * c.Frequency) + parameters.Q <= 1);
        Assert.Equal(few.MonetaryValue, parameters.ConditionalExpectedSpend(few.Frequency, few.MonetaryValue));
        Assert.Contains(result.Notes, n => n.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the spend model has no finite mean (q = {parameters.Q:0.0000}, at most 1: a few customers spend far more than the rest): customers without repeat purchases are valued at the observed mean spend per purchase, {observed:0.00}"),
            StringComparison.Ordinal));
    }
}
