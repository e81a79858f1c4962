using CsCheck;
using Sightline.Models.Value;

namespace Sightline.Tests.Models.Value;

/// <summary>Invariants of the value models on random parameters and valid customer histories.</summary>
public sealed class ClvPropertyTests
{
    // Parameters in the ranges fitted data gives (CDNOW: 0.24, 4.4, 0.79, 2.4), a customer with 0 <= t_x <= T.
    private static readonly Gen<(BgNbdParameters Model, GammaGammaParameters Spend, CustomerSummary Customer, double Horizon)> Cases =
        from r in Gen.Double[0.05, 5]
        from alpha in Gen.Double[0.1, 50]
        from a in Gen.Double[0.05, 5]
        from b in Gen.Double[0.05, 10]
        from p in Gen.Double[0.5, 20]
        from q in Gen.Double[1.5, 10]
        from gamma in Gen.Double[1, 100]
        from x in Gen.Int[0, 300]
        from age in Gen.Double[0.1, 200]
        from share in Gen.Double[0, 1]
        from spend in Gen.Double[0.5, 1000]
        from horizon in Gen.Double[1, 400]
        select (new BgNbdParameters(r, alpha, a, b), new GammaGammaParameters(p, q, gamma),
            new CustomerSummary("c", x, x == 0 ? 0 : share * age, age, x == 0 ? 0 : spend, null), horizon);

    [Fact]
    public void ProbabilityAlive_AnyHistory_IsAProbability() =>
        Cases.Sample(c => c.Model.ProbabilityAlive(c.Customer.Frequency, c.Customer.Recency, c.Customer.Age) is >= 0 and <= 1);

    [Fact]
    public void ExpectedPurchases_AnyHistory_NonNegativeAndIncreasingInTheHorizon() =>
        Cases.Sample(c =>
        {
            var (x, tx, age) = (c.Customer.Frequency, c.Customer.Recency, c.Customer.Age);
            var shorter = c.Model.ConditionalExpectedPurchases(c.Horizon, x, tx, age);
            var longer = c.Model.ConditionalExpectedPurchases(2 * c.Horizon, x, tx, age);
            return double.IsFinite(shorter) && shorter >= 0 && longer >= shorter - (1e-9 * Math.Max(1, shorter));
        });

    [Fact]
    public void Clv_AnyHistory_FiniteAndNonNegative() =>
        Cases.Sample(c =>
        {
            var spend = c.Spend.ConditionalExpectedSpend(c.Customer.Frequency, c.Customer.MonetaryValue);
            var clv = LifetimeValue.Clv(c.Model, c.Customer, spend, new ClvOptions { HorizonDays = c.Horizon * 7 });
            return double.IsFinite(clv) && clv >= 0;
        });

    [Fact]
    public void Fit_RandomValidSummaries_GivesFiniteParametersAndValues()
    {
        var summaries =
            from n in Gen.Int[5, 60]
            from rows in Gen.Select(Gen.Int[0, 12], Gen.Double[1, 52], Gen.Double[0, 1], Gen.Double[1, 200]).Array[n]
            select rows.Select((row, i) => new CustomerSummary($"c{i}", i < 2 ? 1 + row.Item1 : row.Item1, 0, row.Item2, 0, null) with
            {
                Recency = (i < 2 || row.Item1 > 0) ? row.Item3 * row.Item2 : 0,
                MonetaryValue = (i < 2 || row.Item1 > 0) ? row.Item4 + i : 0,
            }).ToList();
        summaries.Sample(list =>
        {
            var result = LifetimeValue.Value(list, new ClvOptions());
            return result.Values.All(v => double.IsFinite(v.Clv) && v.Clv >= 0 && v.ProbabilityAlive is >= 0 and <= 1 && v.ExpectedPurchases >= 0);
        }, iter: 30);
    }
}
