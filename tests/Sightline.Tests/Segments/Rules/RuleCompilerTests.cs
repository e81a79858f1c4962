using Sightline.Segments.Rules;
using static Sightline.Tests.Segments.Rules.RuleTestData;

namespace Sightline.Tests.Segments.Rules;

public sealed class RuleCompilerTests
{
    private static CompiledRule Compile(string text, IReadOnlyDictionary<string, string>? segments = null, int first = 1) =>
        RuleCompiler.Compile(Parse(text), Columns, AsOf, segments, first);

    [Theory]
    [InlineData("employees > 5k", "(\"employees\" > CAST($1 AS DOUBLE))")]
    [InlineData("industry = 'Dental'", "(lower(\"industry\") = lower(CAST($1 AS VARCHAR)))")]
    [InlineData("last_order < '2025-01-01'", "(\"last_order\" < CAST($1 AS DATE))")]
    [InlineData("is_customer and not is_customer = true", "(\"is_customer\" AND (NOT (\"is_customer\" = CAST($1 AS BOOLEAN))))")]
    [InlineData("employees between 1 and 2 or industry is not null", "((\"employees\" BETWEEN CAST($1 AS DOUBLE) AND CAST($2 AS DOUBLE)) OR (\"industry\" IS NOT NULL))")]
    [InlineData("country not in ('DE', 'AT')", "(lower(\"country\") NOT IN (lower(CAST($1 AS VARCHAR)), lower(CAST($2 AS VARCHAR)), lower(CAST($3 AS VARCHAR)), lower(CAST($4 AS VARCHAR))))")]
    [InlineData("country = 'USA'", "(lower(\"country\") IN (lower(CAST($1 AS VARCHAR)), lower(CAST($2 AS VARCHAR))))")]
    [InlineData("country = 'Atlantis'", "(lower(\"country\") = lower(CAST($1 AS VARCHAR)))")]
    [InlineData("industry contains 'dent'", "contains(lower(\"industry\"), lower(CAST($1 AS VARCHAR)))")]
    [InlineData("industry starts_with 'den'", "starts_with(lower(\"industry\"), lower(CAST($1 AS VARCHAR)))")]
    [InlineData("product_families contains 'imaging'", "list_contains(list_transform(\"product_families\", lambda x: lower(x)), lower(CAST($1 AS VARCHAR)))")]
    [InlineData("has_product('Imaging')", "list_contains(list_transform(\"product_families\", lambda x: lower(x)), lower(CAST($1 AS VARCHAR)))")]
    [InlineData("days_since(last_order) > 90 and days_since(created_at) < 9", "((date_diff('day', \"last_order\", CAST($1 AS DATE)) > CAST($2 AS DOUBLE)) AND (date_diff('day', \"created_at\", CAST($1 AS DATE)) < CAST($3 AS DOUBLE)))")]
    public void Compile_Construct_WritesParameterisedSql(string text, string expected)
    {
        Assert.Equal(expected, Compile(text).Sql);
    }

    [Fact]
    public void Compile_Values_AreParametersInOrder()
    {
        var rule = Compile("employees > 2.5M and industry = 'Dental' and last_order > '2025-01-31' and days_since(created_at) > 15% and is_customer = true");
        Assert.Equal(new object?[] { 2_500_000d, "Dental", new DateOnly(2025, 1, 31), AsOf, 0.15, true }, rule.Parameters);
    }

    [Fact]
    public void Compile_FirstParameter_NumbersFromIt()
    {
        var rule = Compile("employees > 1 and industry = 'x'", first: 4);
        Assert.Equal("((\"employees\" > CAST($4 AS DOUBLE)) AND (lower(\"industry\") = lower(CAST($5 AS VARCHAR))))", rule.Sql);
        Assert.Equal(2, rule.Parameters.Count);
    }

    [Fact]
    public void Compile_InSegment_InlinesTheOtherRule()
    {
        var segments = new Dictionary<string, string>
        {
            ["enterprise"] = "employees >= 1000 or in_segment('strategic')",
            ["strategic"] = "industry = 'Dental'",
        };
        var rule = Compile("in_segment('Enterprise') and is_customer", segments);
        Assert.Equal("(((\"employees\" >= CAST($1 AS DOUBLE)) OR (lower(\"industry\") = lower(CAST($2 AS VARCHAR)))) AND \"is_customer\")", rule.Sql);
        Assert.Equal(new object?[] { 1000d, "Dental" }, rule.Parameters);
    }

    [Fact]
    public void Compile_UnknownSegment_SuggestsName()
    {
        var segments = new Dictionary<string, string> { ["enterprise"] = "employees > 1", ["smb"] = "employees < 50" };
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("is_customer and in_segment('enterprize')", segments));
        Assert.Equal("unknown segment 'enterprize' at 1:17 — did you mean 'enterprise'?", error.Message);
        Assert.Equal("rule", error.RuleName);
    }

    [Fact]
    public void Compile_InSegmentWithoutSegments_ReportsUnknown()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('x')"));
        Assert.Equal("unknown segment 'x' at 1:1 — no segments are defined yet; define them under segments: in sightline.yaml", error.Message);
    }

    [Fact]
    public void Compile_UnknownSegmentNothingClose_ListsTheSegments()
    {
        var segments = new Dictionary<string, string> { ["smb"] = "employees < 50", ["enterprise"] = "employees > 1", ["new"] = "in_segment('nope')" };
        var error = Assert.Throws<RuleSyntaxException>(() =>
            RuleCompiler.Compile(Parse("in_segment('nope')"), Columns, AsOf, segments, ruleName: "new"));
        Assert.Equal("unknown segment 'nope' at 1:1 — the segments are enterprise, smb", error.Message);
        Assert.Equal("new", error.RuleName);
        Assert.Equal("new:1: unknown segment 'nope' at 1:1 — the segments are enterprise, smb", error.Diagnostic.ToString());
    }

    [Fact]
    public void Compile_UnknownSegmentAmongMany_ListsTheFirstTenAndCountsTheRest()
    {
        var segments = Enumerable.Range(1, 12).ToDictionary(i => $"segment-{i:00}", _ => "employees > 1");
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('zzz')", segments));
        Assert.EndsWith("— the segments are segment-01, segment-02, segment-03, segment-04, segment-05, segment-06, segment-07, segment-08, segment-09, segment-10 and 2 more",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SegmentCycle_NamesThePath()
    {
        var segments = new Dictionary<string, string> { ["a"] = "in_segment('b')", ["b"] = "employees > 1 and in_segment('a')" };
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('a')", segments));
        Assert.Equal("segment 'a' refers to itself through b -> a at 1:19", error.Message);
        Assert.Equal("b", error.RuleName);
        Assert.Equal("b:1: segment 'a' refers to itself through b -> a at 1:19", error.Diagnostic.ToString());
    }

    [Fact]
    public void Compile_SegmentReferringToItself_SaysSo()
    {
        var segments = new Dictionary<string, string> { ["a"] = "employees > 1 or in_segment('a')" };
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('a')", segments));
        Assert.Equal("segment 'a' refers to itself at 1:18", error.Message);
    }

    [Fact]
    public void Compile_BadTextInOtherSegment_NamesThatSegment()
    {
        var segments = new Dictionary<string, string> { ["enterprise"] = "employes > 1000" };
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('enterprise')", segments));
        Assert.Equal("unknown column 'employes' at 1:1 — did you mean 'employees'?", error.Message);
        Assert.Equal("enterprise", error.RuleName);
    }

    [Theory]
    [InlineData("industry = '''; drop table accounts; --'", "'; drop table accounts; --")]
    [InlineData("industry = \"x\"\" or 1=1; drop table accounts; --\"", "x\" or 1=1; drop table accounts; --")]
    [InlineData("has_product('x'')); drop table accounts; --')", "x')); drop table accounts; --")]
    [InlineData("industry in ('a', '''); delete from accounts; --')", "'); delete from accounts; --")]
    [InlineData("industry contains '%'' or ''1''=''1'", "%' or '1'='1")]
    public void Compile_InjectionAttempt_StaysAParameter(string text, string payload)
    {
        var rule = Compile(text);
        Assert.Contains(payload, rule.Parameters);
        Assert.DoesNotContain("drop", rule.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("delete", rule.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("'1'", rule.Sql, StringComparison.Ordinal);

        using var table = new RuleTable();
        table.Insert(1, new Dictionary<string, object?> { ["industry"] = payload, ["product_families"] = new List<string> { payload } });
        table.Insert(2, new Dictionary<string, object?> { ["industry"] = "Dental", ["product_families"] = new List<string> { "Imaging" } });
        Assert.Equal([1], table.Matching(rule));
        Assert.Equal(2L, table.Scalar("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Compile_InjectionInSegmentName_IsAnUnknownSegment()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('x''; drop table accounts; --')"));
        Assert.StartsWith("unknown segment 'x'; drop table accounts; --' at 1:1 — ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_CaseInsensitiveText_MatchesInDuckDb()
    {
        using var table = new RuleTable();
        table.Insert(1, new Dictionary<string, object?> { ["industry"] = "DENTAL Labs", ["product_families"] = new List<string> { "IMAGING" } });
        table.Insert(2, new Dictionary<string, object?> { ["industry"] = "Veterinary" });
        Assert.Equal([1], table.Matching(Compile("industry starts_with 'dental' and has_product('imaging') and industry contains 'LABS'")));
        Assert.Equal([1], table.Matching(Compile("industry = 'dental labs'")));
        Assert.Equal([2], table.Matching(Compile("industry in ('VETERINARY')")));
    }

    [Fact]
    public void Compile_DaysSince_CountsToAsOf()
    {
        using var table = new RuleTable();
        table.Insert(1, new Dictionary<string, object?> { ["last_order"] = AsOf.AddDays(-90) });
        table.Insert(2, new Dictionary<string, object?> { ["last_order"] = AsOf.AddDays(-91) });
        Assert.Equal([1], table.Matching(Compile("days_since(last_order) <= 90")));
        Assert.Equal([2], table.Matching(Compile("days_since(last_order) > 90.5")));
    }

    /// <summary>Segments l0..lN where each names the one before twice, so writing out lN repeats l0 2^N times.</summary>
    private static Dictionary<string, string> Doubling(int levels) =>
        Enumerable.Range(0, levels + 1).ToDictionary(i => $"l{i}", i => i == 0 ? "is_customer" : $"in_segment('l{i - 1}') or in_segment('l{i - 1}')");

    [Fact]
    public void Compile_InSegmentDoublingPastTheLimit_RefusedQuickly()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("employees > 1 and in_segment('l40')", Doubling(40)));
        Assert.Equal("rule too large once in_segment('l40') is written out at 1:19 — at most 100,000 conditions and values with the segments it names; "
            + "each in_segment writes out the whole rule of its segment, and that segment's in_segments in turn", error.Message);
        Assert.Equal("rule", error.RuleName);
    }

    [Fact]
    public void Compile_InSegmentDoublingWithinTheLimit_Compiles()
    {
        // l15 writes out 2^16 - 1 = 65,535 conditions.
        Assert.Equal(32_768, Compile("in_segment('l15')", Doubling(15)).Sql.Split("\"is_customer\"").Length - 1);
    }

    /// <summary>Segments d0..dN where each is 40 'not's around the one before, so dN nests 41 levels deeper than d(N-1).</summary>
    private static Dictionary<string, string> Nested(int levels) =>
        Enumerable.Range(0, levels + 1).ToDictionary(i => $"d{i}", i => i == 0 ? "is_customer" : string.Concat(Enumerable.Repeat("not ", 40)) + $"in_segment('d{i - 1}')");

    [Fact]
    public void Compile_InSegmentNestingPastTheLimit_Refused()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => Compile("in_segment('d7')", Nested(7)));
        Assert.Equal("rule nested too deeply once in_segment('d7') is written out at 1:1 — at most 250 levels with the segments it names", error.Message);
    }

    [Fact]
    public void Compile_InSegmentNestingAtTheLimit_RunsInDuckDb()
    {
        // d6 writes out 240 'not's: an even number, so it matches the customers.
        using var table = new RuleTable();
        table.Insert(1, new Dictionary<string, object?> { ["is_customer"] = true });
        table.Insert(2, new Dictionary<string, object?> { ["is_customer"] = false });
        Assert.Equal([1], table.Matching(Compile("in_segment('d6')", Nested(6))));
    }
}
