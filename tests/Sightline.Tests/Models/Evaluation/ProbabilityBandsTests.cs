using Sightline.Models.Evaluation;

namespace Sightline.Tests.Models.Evaluation;

public sealed class ProbabilityBandsTests
{
    [Fact]
    public void Default_HasTheAgreedCutPointsAndLabels()
    {
        Assert.Equal([0.04, 0.30], ProbabilityBands.Default.CutPoints);
        Assert.Equal(["<4%", "4–30%", ">30%"], ProbabilityBands.Default.Labels);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.0399999, 0)]
    [InlineData(0.04, 1)]
    [InlineData(0.1, 1)]
    [InlineData(0.30, 1)]
    [InlineData(0.3000001, 2)]
    [InlineData(1.0, 2)]
    public void IndexOf_DefaultBands_LowerCutInclusiveTopBandStrictlyAbove(double probability, int index)
    {
        Assert.Equal(index, ProbabilityBands.Default.IndexOf(probability));
        Assert.Equal(ProbabilityBands.Default.Labels[index], ProbabilityBands.Default.Label(probability));
    }

    [Theory]
    [InlineData(0.02, "<2.5%")]
    [InlineData(0.025, "2.5–10%")]
    [InlineData(0.1, "10–50%")]
    [InlineData(0.5, "10–50%")]
    [InlineData(0.51, ">50%")]
    public void Label_ThreeCutPoints_CompactPercents(double probability, string label)
    {
        var bands = new ProbabilityBands([0.025, 0.1, 0.5]);
        Assert.Equal(["<2.5%", "2.5–10%", "10–50%", ">50%"], bands.Labels);
        Assert.Equal(label, bands.Label(probability));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void IndexOf_NotAProbability_Throws(double probability)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityBands.Default.IndexOf(probability));
    }

    [Theory]
    [InlineData("4%,30%")]
    [InlineData("0.04,0.3")]
    [InlineData("4,30")]
    [InlineData(" 4 % , 0.30 ")]
    public void Parse_PercentsOrFractions_ReadTheSameCutPoints(string text)
    {
        var bands = ProbabilityBands.Parse(text);
        Assert.Equal(2, bands.CutPoints.Count);
        Assert.Equal(0.04, bands.CutPoints[0], 12);
        Assert.Equal(0.30, bands.CutPoints[1], 12);
        Assert.Equal(ProbabilityBands.Default.Labels, bands.Labels);
    }

    [Theory]
    [InlineData("", "", "no cut points given")]
    [InlineData("4%,abc", "abc", "not a number; expected a percent such as '4%'")]
    [InlineData("4%,,30%", "", "empty cut point")]
    [InlineData("NaN,30%", "NaN", "not a number")]
    [InlineData("0,30%", "0", "must be above 0%")]
    [InlineData("-4%,30%", "-4%", "must be above 0%")]
    [InlineData("4%,100%", "100%", "must be below 100%")]
    [InlineData("4%,150", "150", "must be below 100%")]
    [InlineData("30%,4%", "4%", "read as 4%, which is not above the previous cut point 30%")]
    [InlineData("4%,4%", "4%", "not above the previous cut point 4%")]
    [InlineData("0.04,1", "1", "read as 1%")]
    public void Parse_BadText_NamesTheValueAndWhatWasExpected(string text, string value, string message)
    {
        var error = Assert.Throws<BadInputException>(() => ProbabilityBands.Parse(text, "--bands"));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("--bands", diagnostic.File);
        Assert.Equal(value, diagnostic.Value);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains($"value '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadValues_ReportsEach()
    {
        var error = Assert.Throws<BadInputException>(() => ProbabilityBands.Parse("abc,0,150"));
        Assert.Equal(["abc", "0", "150"], error.Diagnostics.Select(d => d.Value));
        Assert.All(error.Diagnostics, d => Assert.Equal("bands", d.File));
    }

    [Theory]
    [InlineData(new double[0], "at least one cut point")]
    [InlineData(new[] { 0.0, 0.3 }, "cut point 0 is 0;")]
    [InlineData(new[] { 0.04, 1.0 }, "cut point 1 is 1;")]
    [InlineData(new[] { 0.3, 0.04 }, "cut point 1 (0.04) is not above cut point 0 (0.3)")]
    [InlineData(new[] { 0.04, 0.04 }, "strictly increasing")]
    [InlineData(new[] { double.NaN }, "strictly between 0 and 1")]
    public void Constructor_InvalidCutPoints_ThrowsWithClearMessage(double[] cutPoints, string message)
    {
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => new ProbabilityBands(cutPoints)).Message, StringComparison.Ordinal);
    }
}
