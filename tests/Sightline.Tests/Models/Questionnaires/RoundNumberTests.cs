using Sightline.Models.Questionnaires;

namespace Sightline.Tests.Models.Questionnaires;

public sealed class RoundNumberTests
{
    [Theory]
    [InlineData(480, 520, 500)]           // one significant digit fits
    [InlineData(480, 1200, 800)]          // halfway is 840: 800 is nearer than 900
    [InlineData(1, 2, 1)]                 // whole numbers stay whole
    [InlineData(1196, 1205, 1200)]        // two significant digits
    [InlineData(23_700_000, 24_900_000, 24_000_000)]
    [InlineData(0.28, 0.38, 0.3)]         // 0.33 → 0.3, exactly the double nearest 0.3
    [InlineData(0.31, 0.38, 0.34)]        // 0.345: 0.3 and 0.4 are out of range; 0.34 and 0.35 are as near, the lower wins
    [InlineData(0.349, 0.356, 0.35)]
    [InlineData(-5, 3, 0)]                // zero when it lies in between
    [InlineData(-520, -480, -500)]
    public void Between_Neighbours_GivesTheRoundestNumberInRange(double low, double high, double expected) =>
        Assert.Equal(expected, RoundNumber.Between(low, high));

    [Theory]
    [InlineData(1201, 1203)]              // no number of two significant digits lies in [1201, 1203)
    [InlineData(5, 5)]
    public void Between_NoRoundNumber_IsNull(double low, double high) => Assert.Null(RoundNumber.Between(low, high));
}
