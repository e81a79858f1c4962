namespace Sightline.Tests;

public sealed class CountedTests
{
    [Theory]
    [InlineData(0, "0 accounts")]
    [InlineData(1, "1 account")]
    [InlineData(2, "2 accounts")]
    [InlineData(12_500, "12,500 accounts")]
    public void Of_RegularNoun_IsSingularForOneOnly(long count, string expected) => Assert.Equal(expected, Counted.Of(count, "account"));

    [Theory]
    [InlineData(1, "1 territory has")]
    [InlineData(3, "3 territories have")]
    public void Of_IrregularNoun_WithAgreeingVerb(long count, string expected) =>
        Assert.Equal(expected, $"{Counted.Of(count, "territory", "territories")} {Counted.Agree(count, "has", "have")}");
}
