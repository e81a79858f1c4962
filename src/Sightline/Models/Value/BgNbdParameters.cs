namespace Sightline.Models.Value;

/// <summary>
/// Fitted BG/NBD parameters (Fader, Hardie &amp; Lee 2005): purchase rates ~ Gamma(r, α) while alive,
/// dropout probability after each purchase ~ Beta(a, b). α is in the time unit of the data.
/// </summary>
/// <param name="R">Shape of the purchase-rate gamma.</param>
/// <param name="Alpha">Scale of the purchase-rate gamma (time units).</param>
/// <param name="A">First shape of the dropout beta.</param>
/// <param name="B">Second shape of the dropout beta.</param>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B)
{
    /// <summary>
    /// Every customer buys at the same rate <see cref="Rate"/> while active: the limit r, α → ∞ with r/α fixed, which a
    /// fit reaches when purchase rates have no spread between customers (regular orders, subscriptions). R and Alpha then
    /// only carry the rate, and every formula is the limit's: e^−λt in place of (α/(α+t))^r.
    /// </summary>
    public bool SameRate { get; init; }

    /// <summary>The mean purchase rate while active, r/α, per time unit.</summary>
    public double Rate => R / Alpha;

    /// <summary>E[X(t)]: expected purchases in (0, t] for a customer picked at random from the population at their first purchase.</summary>
    public double ExpectedPurchases(double t) => ConditionalExpectedPurchases(t, 0, 0, 0);

    /// <summary>
    /// E[Y(t) | x, t_x, T]: expected purchases in the next <paramref name="t"/> units for a customer with this history:
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + δ(x&gt;0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
    /// The bracket is summed after Euler's transformation or as Gauss's series, whichever converges for these parameters (see SpecialFunctions.ExpectationBeforeAlive).
    /// </summary>
    public double ConditionalExpectedPurchases(double t, int x, double recency, double age)
    {
        if (t <= 0)
        {
            return 0;
        }

        var beforeAlive = SameRate
            ? SpecialFunctions.ExpectationBeforeAliveSameRate(A, B, x, Rate * t)
            : SpecialFunctions.ExpectationBeforeAlive(R, A, B, x, t / (Alpha + age + t));
        var value = beforeAlive * ProbabilityAlive(x, recency, age);
        return double.IsFinite(value) ? Math.Max(0, value) : 0;
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + δ(x&gt;0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) (e^λ(T−t_x) in place of the power at the same rate), as a logistic of the log-odds so large x cannot overflow.</summary>
    public double ProbabilityAlive(int x, double recency, double age)
    {
        if (x == 0)
        {
            return 1;
        }

        var sinceLast = SameRate ? Rate * (age - recency) : (R + x) * (Math.Log(Alpha + age) - Math.Log(Alpha + recency));
        var logOdds = Math.Log(A) - Math.Log(B + x - 1) + sinceLast;
        return 1 / (1 + Math.Exp(logOdds));
    }

    /// <summary>P(X(t) = 0) = (α/(α+t))^r (e^−λt at the same rate): the share of new customers who make no repeat purchase within <paramref name="t"/>.</summary>
    public double ProbabilityNoPurchases(double t) => SameRate ? Math.Exp(-Rate * t) : Math.Exp(R * (Math.Log(Alpha) - Math.Log(Alpha + t)));
}
