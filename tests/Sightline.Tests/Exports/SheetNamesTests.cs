using CsCheck;
using Sightline.Exports;

namespace Sightline.Tests.Exports;

public sealed class SheetNamesTests
{
    [Theory]
    [InlineData("R1 Ann", "R1 Ann")]
    [InlineData("R1 [North]: a/b\\c*?", "R1 _North__ a_b_c__")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("", "Sheet")]
    [InlineData("'''", "Sheet")]
    [InlineData("a'' '", "a")]
    [InlineData("' 'x' '", "x")]
    [InlineData("A very long rep name that goes past the limit", "A very long rep name that goes")]
    [InlineData("history", "history (2)")]
    public void Take_MakesAValidName(string wanted, string expected)
    {
        var name = new SheetNames().Take(wanted);

        Assert.Equal(expected, name);
        Assert.True(SheetNames.IsValid(name), name);
    }

    [Fact]
    public void Take_DedupesIgnoringCase_WithinTheLengthLimit()
    {
        var names = new SheetNames();
        var taken = new[] { "Summary", "summary", "SUMMARY", new string('x', 40), new string('X', 35) }.Select(names.Take).ToList();

        Assert.Equal(["Summary", "summary (2)", "SUMMARY (3)", new string('x', 31), new string('X', 27) + " (2)"], taken);
    }

    [Fact]
    public void Take_AnyStrings_GiveValidNamesUniqueIgnoringCase()
    {
        Gen.OneOf(Gen.String, Gen.String[Gen.Char["[]:*?/\\'aA "], 0, 40]).Array[1, 30].Sample(wanted =>
        {
            var names = new SheetNames();
            var taken = wanted.Select(names.Take).ToList();
            Assert.All(taken, n => Assert.True(SheetNames.IsValid(n), $"'{n}' is not a valid sheet name"));
            Assert.Equal(taken.Count, taken.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }, iter: 2_000);
    }
}
