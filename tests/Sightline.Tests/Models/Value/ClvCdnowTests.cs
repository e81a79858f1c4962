using Sightline.Models.Value;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models.Value;

/// <summary>The CDNOW sample against the published BG/NBD and Gamma-Gamma numbers (Fader, Hardie &amp; Lee 2005; BTYD; lifetimes).</summary>
public sealed class ClvCdnowTests
{
    private static readonly Lazy<ClvResult> Cdnow = new(() => LifetimeValue.FromFile(Layout, Options));

    private static TransactionsFileLayout Layout => new()
    {
        Path = SharedData.Path("cdnow", "CDNOW_sample.txt"),
        Columns = ["_", "customer", "date", "_", "amount"],
    };

    private static ClvOptions Options => new() { CalibrationEnd = new DateOnly(1997, 9, 30), Unit = TimeUnit.Week };

    [SharedDataFact("cdnow", "CDNOW_sample.txt")]
    public void BgNbd_Cdnow_MatchesPublishedParametersAndLogLikelihood()
    {
        var fit = Cdnow.Value.BgNbd;

        Assert.Equal(2357, fit.Customers);
        AssertWithin(0.2426, fit.Parameters.R, 0.01);
        AssertWithin(4.4137, fit.Parameters.Alpha, 0.01);
        AssertWithin(0.7930, fit.Parameters.A, 0.01);
        AssertWithin(2.4262, fit.Parameters.B, 0.01);
        AssertWithin(-9582.43, fit.LogLikelihood, 0.01);
    }

    [SharedDataFact("cdnow", "CDNOW_sample.txt")]
    public void Summary_Cdnow_EqualsThePublishedSummaryFile()
    {
        var published = File.ReadLines(SharedData.Path("cdnow", "cdnow_customers_summary_with_transactions.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(p => int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture));
        var ours = Cdnow.Value.Summaries;

        Assert.Equal(published.Count, ours.Count);
        foreach (var s in ours)
        {
            var p = published[int.Parse(s.CustomerId, System.Globalization.CultureInfo.InvariantCulture)];
            Assert.Equal(int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), s.Frequency);
            Assert.Equal(double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), s.Recency, 0.006);
            Assert.Equal(double.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture), s.Age, 0.006);
            Assert.Equal(double.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture), s.MonetaryValue, 0.006);
        }
    }

    [Theory]
    [InlineData(1, 0.0532)]
    [InlineData(3, 0.1506)]
    [InlineData(32, 1.0437)]
    [InlineData(78, 1.8576)]
    public void ExpectedPurchases_PublishedParameters_MatchPublishedCurve(double weeks, double expected)
    {
        var parameters = new BgNbdParameters(0.2426, 4.4137, 0.7930, 2.4262);

        AssertWithin(expected, parameters.ExpectedPurchases(weeks), 0.002);
    }

    [Fact]
    public void ConditionalExpectedPurchases_PublishedExample_Is1226()
    {
        var parameters = new BgNbdParameters(0.2426, 4.4137, 0.7930, 2.4262);

        Assert.Equal(1.226, parameters.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 0.001);
        Assert.Equal(0.5738, parameters.ProbabilityNoPurchases(39), 0.001);
    }

    [SharedDataFact("cdnow", "CDNOW_sample.txt")]
    public void HoldoutTable_Cdnow_ReproducesThePublishedTable()
    {
        double[] actual = [0.2367, 0.6970, 1.3925, 1.5600, 2.5323, 2.9474, 3.8621, 6.3594];
        double[] predicted = [0.2251, 0.5231, 1.0441, 1.5203, 2.1638, 2.6538, 3.5040, 6.1570];
        int[] counts = [1411, 439, 214, 100, 62, 38, 29, 64];
        var table = Cdnow.Value.Holdout;

        Assert.Equal(39, Cdnow.Value.HoldoutLength, 1e-9);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7+"], table.Select(b => b.Frequency));
        Assert.Equal(counts, table.Select(b => b.Customers));
        for (var i = 0; i < table.Count; i++)
        {
            Assert.Equal(actual[i], table[i].ActualMean, 0.00006);
            Assert.Equal(predicted[i], table[i].PredictedMean, 0.01 * predicted[i]);
        }
    }

    [SharedDataFact("cdnow", "CDNOW_sample.txt")]
    public void GammaGamma_Cdnow_MatchesPublishedParametersAndFirstTenSpends()
    {
        double[] published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        var fit = Cdnow.Value.GammaGamma;

        Assert.Equal(946, fit.Customers);
        AssertWithin(6.25, fit.Parameters.P, 0.01);
        AssertWithin(3.74, fit.Parameters.Q, 0.01);
        AssertWithin(15.44, fit.Parameters.Gamma, 0.01);
        var firstTen = Cdnow.Value.Values.Take(10).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)), firstTen.Select(v => v.CustomerId));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(published[i], firstTen[i].ExpectedSpend, 0.01 * published[i]);
        }
    }

    private static void AssertWithin(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected} within {relative:P1}, got {actual}");
}
