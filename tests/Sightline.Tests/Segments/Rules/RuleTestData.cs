using Sightline.Segments.Rules;

namespace Sightline.Tests.Segments.Rules;

/// <summary>The feature columns the rule tests write against.</summary>
internal static class RuleTestData
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    public static readonly RuleColumns Columns = new(new Dictionary<string, FeatureType>
    {
        ["employees"] = FeatureType.Number,
        ["annual_revenue"] = FeatureType.Number,
        ["industry"] = FeatureType.Text,
        ["country"] = FeatureType.Text,
        ["last_order"] = FeatureType.Date,
        ["created_at"] = FeatureType.Date,
        ["is_customer"] = FeatureType.Boolean,
        ["product_families"] = FeatureType.TextList,
    });

    public static RuleNode Parse(string text) => RuleParser.Parse(text, Columns);

    public static string Message(string text) => Assert.Throws<RuleSyntaxException>(() => Parse(text)).Message;

    public static ColumnNode Col(string name) => new(name, Columns.Columns[name]);

    public static LiteralNode Num(double value) => new(value, FeatureType.Number);

    public static LiteralNode Str(string value) => new(value, FeatureType.Text);
}
