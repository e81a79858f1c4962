using Sightline.Segments.Rules;
using static Sightline.Tests.Segments.Rules.RuleTestData;

namespace Sightline.Tests.Segments.Rules;

public sealed class RuleParserTests
{
    /// <summary>Structural view of a tree without positions, so expectations stay readable.</summary>
    private static string Shape(RuleNode node) => node switch
    {
        AndNode n => $"and({Shape(n.Left)}, {Shape(n.Right)})",
        OrNode n => $"or({Shape(n.Left)}, {Shape(n.Right)})",
        NotNode n => $"not({Shape(n.Operand)})",
        ComparisonNode n => $"{n.Operator}({Shape(n.Left)}, {Shape(n.Right)})",
        InNode n => $"{(n.Negated ? "notin" : "in")}({Shape(n.Value)}; {string.Join(", ", n.Items.Select(Shape))})",
        BetweenNode n => $"between({Shape(n.Value)}, {Shape(n.Low)}, {Shape(n.High)})",
        ContainsNode n => $"contains({Shape(n.Value)}, {Shape(n.Part)})",
        StartsWithNode n => $"starts_with({Shape(n.Value)}, {Shape(n.Prefix)})",
        IsNullNode n => $"{(n.Negated ? "notnull" : "null")}({Shape(n.Value)})",
        ColumnNode n => n.Name,
        LiteralNode { Value: string s } => $"'{s}'",
        LiteralNode { Value: DateOnly d } => $"date {d:yyyy-MM-dd}",
        LiteralNode { Value: double d } => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        LiteralNode { Value: bool b } => b ? "true" : "false",
        HasProductNode n => $"has_product('{n.Family}')",
        InSegmentNode n => $"in_segment('{n.Segment}')",
        DaysSinceNode n => $"days_since({n.Date.Name})",
        _ => "?",
    };

    [Theory]
    [InlineData("employees > 100", "Greater(employees, 100)")]
    [InlineData("employees >= 100", "GreaterOrEqual(employees, 100)")]
    [InlineData("employees < 100", "Less(employees, 100)")]
    [InlineData("employees <= 100", "LessOrEqual(employees, 100)")]
    [InlineData("employees = 100", "Equal(employees, 100)")]
    [InlineData("employees != 100", "NotEqual(employees, 100)")]
    [InlineData("employees <> 100", "NotEqual(employees, 100)")]
    [InlineData("EMPLOYEES > 1", "Greater(employees, 1)")]
    [InlineData("industry = 'Dental'", "Equal(industry, 'Dental')")]
    [InlineData("industry = \"Dental\"", "Equal(industry, 'Dental')")]
    [InlineData("industry = 'O''Brien & Sons'", "Equal(industry, 'O'Brien & Sons')")]
    [InlineData("industry = \"say \"\"hi\"\"\"", "Equal(industry, 'say \"hi\"')")]
    [InlineData("last_order >= date '2025-01-31'", "GreaterOrEqual(last_order, date 2025-01-31)")]
    [InlineData("last_order >= '2025-01-31'", "GreaterOrEqual(last_order, date 2025-01-31)")]
    [InlineData("'2025-01-31' < last_order", "Less(date 2025-01-31, last_order)")]
    [InlineData("is_customer", "is_customer")]
    [InlineData("is_customer = false", "Equal(is_customer, false)")]
    [InlineData("industry in ('Dental', 'Vet')", "in(industry; 'Dental', 'Vet')")]
    [InlineData("industry not in ('Dental')", "notin(industry; 'Dental')")]
    [InlineData("created_at in ('2025-01-01', date '2025-02-01')", "in(created_at; date 2025-01-01, date 2025-02-01)")]
    [InlineData("employees between 10 and 50", "between(employees, 10, 50)")]
    [InlineData("employees between 50 and 50", "between(employees, 50, 50)")]
    [InlineData("employees between -5 and -1", "between(employees, -5, -1)")]
    [InlineData("industry between 'a' and 'M'", "between(industry, 'a', 'M')")]
    [InlineData("last_order between '2025-01-01' and '2025-03-31'", "between(last_order, date 2025-01-01, date 2025-03-31)")]
    [InlineData("industry contains 'dent'", "contains(industry, 'dent')")]
    [InlineData("product_families contains 'Imaging'", "contains(product_families, 'Imaging')")]
    [InlineData("industry starts_with 'Den'", "starts_with(industry, 'Den')")]
    [InlineData("industry is null", "null(industry)")]
    [InlineData("industry is not null", "notnull(industry)")]
    [InlineData("has_product('Imaging')", "has_product('Imaging')")]
    [InlineData("in_segment('enterprise')", "in_segment('enterprise')")]
    [InlineData("days_since(last_order) > 90", "Greater(days_since(last_order), 90)")]
    [InlineData("employees > annual_revenue", "Greater(employees, annual_revenue)")]
    [InlineData("a_b_c_is_unused = 1 or true", null)]
    public void Parse_EachConstruct_BuildsTree(string text, string? expected)
    {
        if (expected is null)
        {
            Assert.Throws<RuleSyntaxException>(() => Parse(text));
            return;
        }

        Assert.Equal(expected, Shape(Parse(text)));
    }

    [Theory]
    [InlineData("P or Q and R", "or(P, and(Q, R))")]
    [InlineData("P and Q or R", "or(and(P, Q), R)")]
    [InlineData("not P and Q", "and(not(P), Q)")]
    [InlineData("not P or not Q and R", "or(not(P), and(not(Q), R))")]
    [InlineData("(P or Q) and R", "and(or(P, Q), R)")]
    [InlineData("not not P", "not(not(P))")]
    [InlineData("P and Q and R", "and(and(P, Q), R)")]
    public void Parse_Precedence_NotBindsTighterThanAndThanOr(string shape, string expected)
    {
        var text = shape.Replace("P", "employees > 1", StringComparison.Ordinal)
            .Replace("Q", "industry = 'x'", StringComparison.Ordinal)
            .Replace("R", "is_customer", StringComparison.Ordinal);
        var result = Shape(Parse(text));
        Assert.Equal(expected.Replace("P", "Greater(employees, 1)", StringComparison.Ordinal)
            .Replace("Q", "Equal(industry, 'x')", StringComparison.Ordinal)
            .Replace("R", "is_customer", StringComparison.Ordinal), result);
    }

    [Fact]
    public void Parse_NotBeforeComparison_NegatesTheComparison()
    {
        Assert.Equal("not(between(employees, 1, 5))", Shape(Parse("not employees between 1 and 5")));
    }

    [Theory]
    [InlineData("1200", 1200)]
    [InlineData("2.5", 2.5)]
    [InlineData("-3", -3)]
    [InlineData("5k", 5_000)]
    [InlineData("5K", 5_000)]
    [InlineData("2.5M", 2_500_000)]
    [InlineData("2.5m", 2_500_000)]
    [InlineData("1.1k", 1_100)]
    [InlineData("3B", 3_000_000_000)]
    [InlineData("1.2bn", 1_200_000_000)]
    [InlineData("15%", 0.15)]
    [InlineData("-0.5%", -0.005)]
    [InlineData(".5", 0.5)]
    public void Parse_NumberWithUnit_ScalesValue(string literal, double expected)
    {
        var rule = (ComparisonNode)Parse($"annual_revenue > {literal}");
        Assert.Equal(expected, (double)((LiteralNode)rule.Right).Value);
    }

    [Fact]
    public void Parse_Positions_PointAtTokens()
    {
        var rule = (AndNode)Parse("employees > 5\n  and industry = 'x'");
        var right = (ComparisonNode)rule.Right;
        Assert.Equal((2, 7), (right.Line, right.Column));
        Assert.Equal((2, 18), (right.Right.Line, right.Right.Column));
    }

    [Theory]
    [InlineData("employes > 5", "unknown column 'employes' at 1:1 — did you mean 'employees'?")]
    [InlineData("employ > 5", "unknown column 'employ' at 1:1 — did you mean 'employees'?")]
    [InlineData("industry = Software", "unknown column 'Software' at 1:12 — to compare with the text Software, quote it: 'Software'")]
    [InlineData("industry in ('Retail', Software)", "unknown column 'Software' at 1:24 — to compare with the text Software, quote it: 'Software'")]
    [InlineData("industry = 'x' and contry = 'DE'", "unknown column 'contry' at 1:20 — did you mean 'country'?")]
    [InlineData("revenue_band > 5", "unknown column 'revenue_band' at 1:1")]
    [InlineData("has_prodcut('Imaging')", "unknown function 'has_prodcut' at 1:1 — did you mean 'has_product'?")]
    [InlineData("score(employees) > 1", "unknown function 'score' at 1:1 — the functions are has_product, in_segment and days_since")]
    [InlineData("has_product()", "has_product takes 1 argument, got 0 at 1:1 — for example has_product('Imaging')")]
    [InlineData("has_product('a', 'b')", "has_product takes 1 argument, got 2 at 1:1 — for example has_product('Imaging')")]
    [InlineData("has_product(industry)", "has_product needs a product family in quotes, not text column 'industry' at 1:13 — for example has_product('Imaging')")]
    [InlineData("in_segment(5)", "in_segment needs a segment name in quotes, not number 5 at 1:12 — for example in_segment('enterprise')")]
    [InlineData("days_since(employees) > 5", "days_since needs a date column, not number column 'employees' at 1:12 — for example days_since(last_order_date) > 90")]
    [InlineData("days_since('2025-01-01') > 5", "days_since needs a date column, not text '2025-01-01' at 1:12 — for example days_since(last_order_date) > 90")]
    [InlineData("has_product('x' 'y')", "expected ',' or ')' after the arguments of has_product at 1:17 — found 'y'")]
    [InlineData("employees > 'abc'", "cannot compare number column 'employees' with text 'abc' at 1:13")]
    [InlineData("industry = 5", "cannot compare text column 'industry' with number 5 at 1:12")]
    [InlineData("last_order > 5", "cannot compare date column 'last_order' with number 5 at 1:14")]
    [InlineData("is_customer = 'yes'", "cannot compare true/false column 'is_customer' with text 'yes' at 1:15")]
    [InlineData("industry = date '2025-01-01'", "cannot compare text column 'industry' with date '2025-01-01' at 1:12")]
    [InlineData("employees in (1, 'two')", "cannot compare number column 'employees' with text 'two' at 1:18")]
    [InlineData("employees between 1 and 'z'", "cannot compare number column 'employees' with text 'z' at 1:25")]
    [InlineData("last_order > '31/01/2025'", "invalid date '31/01/2025' at 1:14 — write dates as 'YYYY-MM-DD'")]
    [InlineData("last_order > date '2025-02-30'", "invalid date '2025-02-30' at 1:19 — write dates as 'YYYY-MM-DD'")]
    [InlineData("product_families = 'Imaging'", "cannot use '=' with list column 'product_families' at 1:1 — use product_families contains '...'")]
    [InlineData("product_families in ('Imaging')", "'in' does not work on list column 'product_families' at 1:1 — use product_families contains '...'")]
    [InlineData("employees contains 'x'", "'contains' needs text or a list, but number column 'employees' is not at 1:1")]
    [InlineData("product_families starts_with 'x'", "'starts_with' needs text, but list column 'product_families' is not at 1:1")]
    [InlineData("industry contains 5", "'contains' needs text after it, not number 5 at 1:19")]
    [InlineData("employees >", "expected a value after '>' at 1:12 — found the end of the rule")]
    [InlineData("employees > )", "expected a value after '>' at 1:13 — found ')'")]
    [InlineData("employees > 5 and", "expected a condition after 'and' at 1:18 — found the end of the rule")]
    [InlineData("employees > in (1)", "expected a value after '>' at 1:13 — found 'in'")]
    [InlineData("employees > 5 or or", "expected a condition after 'or' at 1:18 — found 'or'")]
    [InlineData("not", "expected a condition after 'not' at 1:4 — found the end of the rule")]
    [InlineData("", "the rule is empty at 1:1 — write a condition such as employees > 100")]
    [InlineData("   \n ", "the rule is empty at 2:2 — write a condition such as employees > 100")]
    [InlineData("employees", "expected an operator after number column 'employees' at 1:10 — found the end of the rule; use =, !=, <, <=, >, >=, in, between, contains, starts_with or is null")]
    [InlineData("employees 5", "expected an operator after number column 'employees' at 1:11 — found '5'; use =, !=, <, <=, >, >=, in, between, contains, starts_with or is null")]
    [InlineData("employees > 5 industry = 'x'", "unexpected 'industry' at 1:15 — expected 'and', 'or' or the end of the rule")]
    [InlineData("employees > 5)", "unexpected ')' at 1:14 — there is no '(' for this ')'")]
    [InlineData("(employees > 5", "expected ')' or 'and'/'or' at 1:15 — found the end of the rule; close the '(' at 1:1")]
    [InlineData("industry = null", "null can only be used as 'is null' or 'is not null' at 1:12")]
    [InlineData("industry is empty", "expected 'null' after 'is' at 1:13 — found 'empty'")]
    [InlineData("industry is not", "expected 'null' after 'is not' at 1:16 — found the end of the rule")]
    [InlineData("industry not like 'x'", "expected 'in' after 'not' at 1:14 — found 'like'; to negate other conditions put 'not' first: not (text column 'industry' ...)")]
    [InlineData("industry in 'x'", "expected '(' after 'in' at 1:13 — found 'x'; write the values as in ('a', 'b')")]
    [InlineData("industry in ('x' 'y')", "expected ',' or ')' in the list after 'in' at 1:18 — found 'y'")]
    [InlineData("industry in ()", "expected a value after '(' at 1:14 — found ')'")]
    [InlineData("employees between 1 or 5", "expected 'and' after the lower bound of 'between' at 1:21 — found 'or'")]
    [InlineData("industry = 'abc", "unterminated text at 1:12 — add the closing '")]
    [InlineData("industry = \"abc", "unterminated text at 1:12 — add the closing \"")]
    [InlineData("employees > 5kg", "unknown unit 'kg' after 5 at 1:14 — use k (thousand), M (million), B or bn (billion) or %")]
    [InlineData("employees > 12345678901234567", "number '12345678901234567' has more than 15 digits at 1:13 — numbers may have up to 15 digits")]
    [InlineData("employees > 9.99999999999999999999", "number '9.99999999999999999999' has more than 15 digits at 1:13 — numbers may have up to 15 digits")]
    [InlineData("employees > 999999999999999.9", "number '999999999999999.9' has more than 15 digits at 1:13 — numbers may have up to 15 digits")]
    [InlineData("employees > 1.2.3", "'1.2.3' is not a number at 1:13 — write a number with at most one decimal point and digits after it, such as 1200, 2.5 or -0.75, optionally with a unit: 5k, 2.5M, 1.2bn, 15%")]
    [InlineData("employees > 5. and is_customer", "'5.' is not a number at 1:13 — write a number with at most one decimal point and digits after it, such as 1200, 2.5 or -0.75, optionally with a unit: 5k, 2.5M, 1.2bn, 15%")]
    [InlineData("employees between 500 and 50", "between 500 and 50 matches nothing: the lower bound 500 is above the upper bound 50 at 1:19 — write the lower bound first: employees between 50 and 500")]
    [InlineData("annual_revenue between 2M and 1.5M", "between 2000000 and 1500000 matches nothing: the lower bound 2000000 is above the upper bound 1500000 at 1:24 — write the lower bound first: annual_revenue between 1500000 and 2000000")]
    [InlineData("last_order between '2025-03-31' and '2025-01-01'", "between '2025-03-31' and '2025-01-01' matches nothing: the lower bound '2025-03-31' is above the upper bound '2025-01-01' at 1:20 — write the lower bound first: last_order between '2025-01-01' and '2025-03-31'")]
    [InlineData("industry between 'm' and 'B'", "between 'm' and 'B' matches nothing: the lower bound 'm' is above the upper bound 'B' at 1:18 — write the lower bound first: industry between 'B' and 'm'")]
    [InlineData("employees # 5", "unexpected character '#' at 1:11")]
    [InlineData("employees ! 5", "unexpected character '!' at 1:11")]
    [InlineData("employees > 5 and\n  industy = 'x'", "unknown column 'industy' at 2:3 — did you mean 'industry'?")]
    public void Parse_BadRule_ReportsPositionAndExpectation(string text, string expected)
    {
        Assert.Equal(expected, Message(text));
    }

    [Fact]
    public void Parse_NamedSegment_ErrorsCarryTheName()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleParser.Parse("employes > 5", Columns, "enterprise"));
        Assert.Equal("enterprise", error.RuleName);
        Assert.Equal("enterprise:1: unknown column 'employes' at 1:1 — did you mean 'employees'?", error.Diagnostic.ToString());
    }

    [Fact]
    public void Parse_HasProductWithoutFamiliesColumn_Fails()
    {
        var columns = new RuleColumns(new Dictionary<string, FeatureType> { ["employees"] = FeatureType.Number });
        var error = Assert.Throws<RuleSyntaxException>(() => RuleParser.Parse("has_product('Imaging')", columns));
        Assert.Equal("has_product needs the list column 'product_families', which the feature table does not have at 1:1", error.Message);
    }

    [Fact]
    public void RuleSyntaxException_Diagnostic_CarriesRuleNameAndLine()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => Parse("employees > 5 and\n  industy = 'x'"));
        Assert.Equal((2, 3, "rule"), (error.Line, error.Column, error.RuleName));
        Assert.Equal(new Diagnostic("rule", 2, null, null, error.Message), error.Diagnostic);
        Assert.Equal("rule:2: unknown column 'industy' at 2:3 — did you mean 'industry'?", error.Diagnostic.ToString());
    }

    private const string TooDeepHint = " — at most 100 levels of parentheses, 'not', 'and' and 'or'";

    [Fact]
    public void Parse_ThousandsOfParentheses_RefusedAtTheFirstLevelPastTheLimit()
    {
        var text = new string('(', 5000) + "employees > 1" + new string(')', 5000);
        Assert.Equal("rule nested too deeply at 1:101" + TooDeepHint, Message(text));
    }

    [Fact]
    public void Parse_ThousandsOfNots_RefusedAtTheFirstLevelPastTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("not ", 20_000)) + "is_customer";
        Assert.Equal("rule nested too deeply at 1:401" + TooDeepHint, Message(text));
    }

    [Fact]
    public void Parse_HundredParentheses_IsWithinTheLimit()
    {
        Assert.Equal("Greater(employees, 1)", Shape(Parse(new string('(', 100) + "employees > 1" + new string(')', 100))));
    }

    [Fact]
    public void Parse_ConditionsNestedPastTheLimitInsideAllowedParentheses_RefusedAtTheFirstTooDeep()
    {
        // 100 parentheses, each around an 'and': the innermost left operand sits at level 101, at column 99 * 17 + 1.
        var text = string.Concat(Enumerable.Repeat("is_customer and (", 100)) + "is_customer" + new string(')', 100);
        Assert.Equal("rule nested too deeply at 1:1684" + TooDeepHint, Message(text));
    }

    [Fact]
    public void Parse_LongRunOfOr_NestsAsABalancedTree()
    {
        Assert.Equal("or(or(or(is_customer, is_customer), or(is_customer, is_customer)), or(or(is_customer, is_customer), is_customer))",
            Shape(Parse(string.Join(" or ", Enumerable.Repeat("is_customer", 7)))));
        var thousands = Parse(string.Join(" and ", Enumerable.Repeat("employees > 1", 50_000)));
        Assert.True(RuleEvaluator.Evaluate(thousands, new Dictionary<string, object?> { ["employees"] = 2 }, AsOf));
    }
}
