using Sightline.Segments.Rules;
using static Sightline.Tests.Segments.Rules.RuleTestData;

namespace Sightline.Tests.Segments.Rules;

public sealed class RuleEvaluatorTests
{
    private static readonly Dictionary<string, object?> Row = new()
    {
        ["employees"] = 120L,
        ["annual_revenue"] = null,
        ["industry"] = "Dental Labs",
        ["country"] = "DE",
        ["last_order"] = new DateTime(2025, 3, 1),
        ["created_at"] = new DateOnly(2020, 1, 1),
        ["is_customer"] = true,
        ["product_families"] = new[] { "Imaging", "Consumables" },
    };

    [Theory]
    [InlineData("employees > 100", true)]
    [InlineData("employees = 120.0", true)]
    [InlineData("annual_revenue > 1", null)]
    [InlineData("annual_revenue > 1 and employees > 1000", false)]
    [InlineData("annual_revenue > 1 or employees > 100", true)]
    [InlineData("not annual_revenue > 1", null)]
    [InlineData("annual_revenue is null", true)]
    [InlineData("annual_revenue between 1 and 2", null)]
    [InlineData("industry = 'DENTAL LABS'", true)]
    [InlineData("industry contains 'tal l'", true)]
    [InlineData("industry starts_with 'labs'", false)]
    [InlineData("country not in ('at', 'ch')", true)]
    [InlineData("country = 'Germany'", false)] // this row spells it DE; the features never do
    [InlineData("country = 'Deutschland'", false)]
    [InlineData("country in ('de', 'Deutschland')", true)]
    [InlineData("has_product('imaging')", true)]
    [InlineData("product_families contains 'Software'", false)]
    [InlineData("days_since(last_order) = 121", true)]
    [InlineData("last_order > '2025-02-28' and created_at < date '2020-01-02'", true)]
    [InlineData("is_customer", true)]
    public void Evaluate_Rule_FollowsSqlThreeValuedLogic(string text, bool? expected)
    {
        Assert.Equal(expected, RuleEvaluator.Evaluate(Parse(text), Row, AsOf));
    }

    [Theory]
    [InlineData("country = 'USA'", true)]
    [InlineData("country = 'u.s.'", true)]
    [InlineData("'US' = country", true)]
    [InlineData("country <> 'United States of America'", false)]
    [InlineData("country in ('DE', 'gb')", false)]
    [InlineData("country not in ('DE', 'gb')", true)]
    [InlineData("country = 'Atlantis'", false)]
    [InlineData("country contains 'us'", false)] // only = <> and in read a country by its codes and other names
    public void Evaluate_ACountryByCodeOrOtherName_MatchesTheFeaturesEnglishName(string text, bool expected)
    {
        var row = new Dictionary<string, object?>(Row) { ["country"] = "United States" };
        Assert.Equal(expected, RuleEvaluator.Evaluate(Parse(text), row, AsOf));
    }

    [Fact]
    public void Evaluate_InSegment_UsesTheOtherRule()
    {
        var segments = new Dictionary<string, string> { ["german"] = "country = 'de'" };
        Assert.True(RuleEvaluator.Evaluate(Parse("in_segment('german')"), Row, AsOf, segments, Columns));
    }

    [Fact]
    public void Evaluate_InSegmentCycle_Throws()
    {
        var segments = new Dictionary<string, string> { ["a"] = "in_segment('b')", ["b"] = "in_segment('a')" };
        var error = Assert.Throws<RuleSyntaxException>(() => RuleEvaluator.Evaluate(Parse("in_segment('a')"), Row, AsOf, segments, Columns));
        Assert.Equal("segment 'a' refers to itself through b -> a at 1:1", error.Message);
    }

    [Fact]
    public void Evaluate_InSegmentWrittenOutPastTheLimit_Refused()
    {
        var segments = Enumerable.Range(0, 31).ToDictionary(i => $"l{i}", i => i == 0 ? "country = 'de'" : $"in_segment('l{i - 1}') and in_segment('l{i - 1}')");
        var error = Assert.Throws<RuleSyntaxException>(() => RuleEvaluator.Evaluate(Parse("in_segment('l30')"), Row, AsOf, segments, Columns));
        Assert.StartsWith("rule too large once in_segment('l30') is written out at 1:1 — at most 100,000 conditions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dental Labs", "dental labs")]
    [InlineData("abc", "ABD")]
    [InlineData("a_b", "aZb")] // '_' sorts after 'Z' and before 'z': lowering decides, not upper-casing
    [InlineData("A[", "a`")]
    [InlineData("Imaging", "Imaging Plus")]
    [InlineData("", "x")]
    [InlineData("Zürich", "zürich")]
    [InlineData("ZÜRICH", "zürich")]
    [InlineData("Straße", "STRASSE")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("abc", "abcé")]
    public void CompareLowered_OrdersAsOrdinalComparisonOfTheLoweredTexts(string a, string b)
    {
        var expected = Math.Sign(string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant()));

        Assert.Equal(expected, Math.Sign(RuleEvaluator.CompareLowered(a, b)));
        Assert.Equal(-expected, Math.Sign(RuleEvaluator.CompareLowered(b, a)));
    }

    [Theory]
    [InlineData("industry contains 'TAL L'", true)]
    [InlineData("industry starts_with 'dental'", true)]
    [InlineData("industry starts_with 'DENTAL LABS AND'", false)]
    [InlineData("product_families contains 'CONSUMABLES'", true)]
    [InlineData("industry < 'dental_labs'", true)] // ' ' < '_' once lowered
    [InlineData("industry > 'DENTAL'", true)]
    public void Evaluate_TextComparisons_IgnoreCaseAsTheLoweredTextsCompare(string text, bool expected) =>
        Assert.Equal(expected, RuleEvaluator.Evaluate(Parse(text), Row, AsOf));
}
