using Sightline.Models.Evaluation;

namespace Sightline.Tests.Models.Evaluation;

public sealed class PositiveUnlabelledTests
{
    [Theory]
    [InlineData(0.10, 0.3, 1)]
    [InlineData(0.30, 0.5, 2)]
    [InlineData(0.50, 0.8, 3)]
    [InlineData(0.05, 0.6, 4)]
    public void Estimates_WellSeparatedMixture_RecoverLabelFrequencyAndPrior(double prior, double c, int seed)
    {
        // x ~ N(+3, 1) for positives and N(-3, 1) for negatives; a random share c of positives is labelled. The true
        // g(x) = P(labelled | x) = c · P(positive | x) comes from the known densities. The classes barely overlap, as
        // Elkan–Noto e1 assumes, so e1 is within about 0.005 of c here.
        const int n = 200_000;
        const double mu = 3;
        var random = new Random(seed);
        var g = new double[n];
        var labelled = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var positive = random.NextDouble() < prior;
            var x = (positive ? mu : -mu) + Normal(random);
            g[i] = c / (1 + ((1 - prior) / prior * Math.Exp(-2 * mu * x)));
            labelled[i] = positive && random.NextDouble() < c;
        }

        var labelFrequency = PositiveUnlabelled.LabelFrequency(g, labelled);
        Assert.InRange(labelFrequency, c - 0.02, c + 0.02);
        Assert.InRange(PositiveUnlabelled.ClassPrior(g, labelFrequency), prior - 0.02, prior + 0.02);
    }

    [Theory]
    [InlineData(0.3, 0.5, 0.6)]
    [InlineData(0.6, 0.5, 1.0)]
    [InlineData(0.0, 0.5, 0.0)]
    [InlineData(0.4, 1.0, 0.4)]
    public void PositiveProbability_ScalesByLabelFrequencyCappedAtOne(double g, double c, double expected)
    {
        Assert.Equal(expected, PositiveUnlabelled.PositiveProbability(g, c), 12);
    }

    [Fact]
    public void Estimates_HandExample_AreMeans()
    {
        double[] g = [0.4, 0.2, 0.1, 0.0];
        bool[] labelled = [true, true, false, false];
        var c = PositiveUnlabelled.LabelFrequency(g, labelled);
        Assert.Equal(0.3, c, 12);
        Assert.Equal((1 + (2.0 / 3) + (1.0 / 3) + 0) / 4, PositiveUnlabelled.ClassPrior(g, c), 12);
    }

    [Fact]
    public void Estimates_BadInput_Throw()
    {
        Assert.Contains("no row is labelled", Assert.Throws<ArgumentException>(() => PositiveUnlabelled.LabelFrequency([0.2, 0.3], [false, false])).Message);
        Assert.ThrowsAny<ArgumentException>(() => PositiveUnlabelled.LabelFrequency([0.2], [true, false]));
        Assert.ThrowsAny<ArgumentException>(() => PositiveUnlabelled.LabelFrequency([1.2], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PositiveUnlabelled.PositiveProbability(0.2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PositiveUnlabelled.PositiveProbability(-0.1, 0.5));
        Assert.ThrowsAny<ArgumentException>(() => PositiveUnlabelled.ClassPrior([], 0.5));
    }

    [Fact]
    public void TopRegion_OverlappingClasses_FindsCWhereE1FallsShort()
    {
        // Classes overlap (means 1.5 apart) but the top tail is nearly pure positive: e1 underestimates c, the top region does not.
        const int n = 100_000;
        const double prior = 0.3, c = 0.6;
        var random = new Random(5);
        var x = new double[n];
        var g = new double[n];
        var labelled = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var positive = random.NextDouble() < prior;
            x[i] = (positive ? 1.5 : 0) + Normal(random);
            g[i] = c / (1 + ((1 - prior) / prior * Math.Exp((-1.5 * x[i]) + 1.125)));
            labelled[i] = positive && random.NextDouble() < c;
        }

        var e1 = PositiveUnlabelled.LabelFrequency(g, labelled);
        var top = PositiveUnlabelled.TopRegionLabelFrequency(x, labelled, minRows: 1_000);

        Assert.InRange(e1, 0.3, c - 0.1);
        Assert.InRange(top, c - 0.05, c + 0.03);
    }

    [Fact]
    public void TopRegion_HandExample_IsTheBestPrefixShareOfAtLeastMinRows()
    {
        double[] scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
        bool[] labelled = [false, true, true, true, false, false];

        Assert.Equal(0.75, PositiveUnlabelled.TopRegionLabelFrequency(scores, labelled, minRows: 3), 12);
        Assert.Equal(0.75, PositiveUnlabelled.TopRegionLabelFrequency(scores, labelled, minRows: 4), 12);
        Assert.Equal(0.6, PositiveUnlabelled.TopRegionLabelFrequency(scores, labelled, minRows: 5), 12);
    }

    [Theory]
    [InlineData(0.3, 0.5, 0.3 / 0.7)]
    [InlineData(0.2, 0.8, 0.25 * 0.25)]
    [InlineData(0.9, 0.5, 1.0)]
    [InlineData(1.0, 0.5, 1.0)]
    [InlineData(0.0, 0.5, 0.0)]
    public void UnlabelledPositiveProbability_IsElkanNotosWeight(double g, double c, double expected)
    {
        Assert.Equal(expected, PositiveUnlabelled.UnlabelledPositiveProbability(g, c), 12);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
