using System.Globalization;
using CsCheck;
using Sightline.Segments.Rules;
using static Sightline.Tests.Segments.Rules.RuleTestData;

namespace Sightline.Tests.Segments.Rules;

/// <summary>For random rules over random rows, DuckDB running the compiled SQL agrees with <see cref="RuleEvaluator"/>.</summary>
public sealed class RulePropertyTests
{
    private static readonly Dictionary<string, string> Segments = new()
    {
        ["big"] = "employees >= 2 or annual_revenue > 1.5",
        ["dental"] = "industry contains 'dent' and in_segment('big')",
    };

    private static readonly string[] Texts = ["Dental", "dental", "DENTAL labs", "Vet", "vet clinic", "", "O'Brien", "a\"b", "Zeta"];
    private static readonly string[] Families = ["Imaging", "imaging", "Consumables", "SOFTWARE", "O'Brien"];

    private static readonly Gen<double> Number = Gen.Int[-6, 6].Select(i => i / 2.0);
    private static readonly Gen<DateOnly> Date = Gen.Int[-5, 5].Select(d => AsOf.AddDays(d));
    private static readonly Gen<string> Text = Gen.OneOf(Texts);
    private static readonly Gen<string> Prefix = Gen.OneOf("d", "DENT", "v", "", "o'", "zeta", "lab");

    private static readonly Gen<Dictionary<string, object?>> Row =
        Gen.Select(
            Gen.Long[-5, 5].Nullable(), Number.Nullable(), Text.Null(), Text.Null(), Date.Nullable(), Date.Nullable(), Gen.Bool.Nullable(),
            Gen.OneOf(Families).Null().List[0, 3].Null())
        .Select(v => new Dictionary<string, object?>
        {
            ["employees"] = v.Item1,
            ["annual_revenue"] = v.Item2,
            ["industry"] = v.Item3,
            ["country"] = v.Item4,
            ["last_order"] = v.Item5,
            ["created_at"] = v.Item6,
            ["is_customer"] = v.Item7,
            ["product_families"] = v.Item8,
        });

    private static readonly Gen<RuleNode> NumberValue = Gen.OneOf(
        Gen.OneOf<RuleNode>(Col("employees"), Col("annual_revenue"), new DaysSinceNode(Col("last_order"))),
        Number.Select(n => (RuleNode)Num(n)));

    private static readonly Gen<RuleNode> TextValue = Gen.Frequency(
        (3, Text.Select(t => (RuleNode)Str(t))),
        (2, Gen.OneOf<RuleNode>(Col("industry"), Col("country"))));

    private static readonly Gen<RuleNode> DateValue = Gen.OneOf(
        Gen.OneOf<RuleNode>(Col("last_order"), Col("created_at")),
        Date.Select(d => (RuleNode)new LiteralNode(d, FeatureType.Date)));

    private static readonly Gen<RuleNode> BoolValue = Gen.OneOf(
        Gen.Const<RuleNode>(Col("is_customer")),
        Gen.Bool.Select(b => (RuleNode)new LiteralNode(b, FeatureType.Boolean)));

    private static readonly Gen<ComparisonOperator> Operator = Gen.Enum<ComparisonOperator>();

    private static Gen<RuleNode> Compare(Gen<RuleNode> values) =>
        Gen.Select(values, Operator, values, (l, op, r) => (RuleNode)new ComparisonNode(l, op, r));

    private static readonly Gen<RuleNode> Leaf = Gen.OneOf(
        Compare(NumberValue),
        Compare(TextValue),
        Compare(DateValue),
        Compare(BoolValue),
        BoolValue,
        Gen.Select(NumberValue, Number.Select(n => (RuleNode)Num(n)).List[1, 3], Gen.Bool, (v, items, neg) => (RuleNode)new InNode(v, items, neg)),
        Gen.Select(TextValue, Text.Select(t => (RuleNode)Str(t)).List[1, 3], Gen.Bool, (v, items, neg) => (RuleNode)new InNode(v, items, neg)),
        Gen.Select(NumberValue, NumberValue, NumberValue, Between),
        Gen.Select(DateValue, DateValue, DateValue, Between),
        Gen.Select(TextValue, Prefix, (v, p) => (RuleNode)new ContainsNode(v, Str(p))),
        Gen.Select(TextValue, Prefix, (v, p) => (RuleNode)new StartsWithNode(v, Str(p))),
        Gen.OneOf(Families).Select(f => (RuleNode)new ContainsNode(Col("product_families"), Str(f))),
        Gen.OneOf(Families).Select(f => (RuleNode)new HasProductNode(f)),
        Gen.Select(Gen.OneOf(Columns.Columns.Keys.ToArray()), Gen.Bool, (c, neg) => (RuleNode)new IsNullNode(Col(c), neg)),
        Gen.OneOf<RuleNode>(new InSegmentNode("big"), new InSegmentNode("dental")));

    /// <summary>A between whose literal bounds are in order: the parser refuses them the other way round.</summary>
    private static RuleNode Between(RuleNode value, RuleNode low, RuleNode high) => (low, high) switch
    {
        (LiteralNode { Value: double a }, LiteralNode { Value: double b }) when a > b => new BetweenNode(value, high, low),
        (LiteralNode { Value: DateOnly a }, LiteralNode { Value: DateOnly b }) when a > b => new BetweenNode(value, high, low),
        _ => new BetweenNode(value, low, high),
    };

    [Fact]
    public void Parse_BetweenWithTheBoundsReversed_IsRefusedAtTheLowerBound()
    {
        Gen.Select(Number, Number).Where(b => b.Item1 > b.Item2).Sample((low, high) =>
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"employees between {low} and {high}");
            var error = Assert.Throws<RuleSyntaxException>(() => Parse(text));
            Assert.Equal((1, 19), (error.Line, error.Column));
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"the lower bound {low:R} is above the upper bound {high:R}"), error.Message, StringComparison.Ordinal);
        }, iter: 100);
    }

    private static Gen<RuleNode> Condition(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (2, Leaf),
            (2, Gen.Select(Condition(depth - 1), Condition(depth - 1), (l, r) => (RuleNode)new AndNode(l, r))),
            (2, Gen.Select(Condition(depth - 1), Condition(depth - 1), (l, r) => (RuleNode)new OrNode(l, r))),
            (1, Condition(depth - 1).Select(c => (RuleNode)new NotNode(c))));

    [Fact]
    public void CompiledSql_OnRandomRows_AgreesWithEvaluator()
    {
        Gen.Select(Row.List[0, 10], Condition(3).Array[8]).Sample((rows, rules) =>
        {
            using var table = new RuleTable();
            for (var i = 0; i < rows.Count; i++)
            {
                table.Insert(i, rows[i]);
            }

            foreach (var generated in rules)
            {
                // Going through the text also checks that every generated rule prints and parses back.
                var text = Format(generated);
                var rule = Parse(text);
                var compiled = RuleCompiler.Compile(rule, Columns, AsOf, Segments, firstParameter: 1);
                var expected = new SortedSet<int>(Enumerable.Range(0, rows.Count)
                    .Where(i => RuleEvaluator.Evaluate(rule, rows[i], AsOf, Segments, Columns) == true));
                var actual = table.Matching(compiled);
                Assert.True(expected.SetEquals(actual),
                    $"rule: {text}\nsql: {compiled.Sql}\nevaluator: [{string.Join(",", expected)}] duckdb: [{string.Join(",", actual)}]");
            }
        }, iter: 150, print: rs => string.Join("\n", rs.Item2.Select(Format)));
    }

    [Fact]
    public void Parse_FormattedRandomRule_GivesTheSameText()
    {
        Condition(3).Sample(rule =>
        {
            var text = Format(rule);
            Assert.Equal(text, Format(Parse(text)));
        }, iter: 500, print: Format);
    }

    /// <summary>Writes a tree as rule text, parenthesising every and/or so the shape survives parsing.</summary>
    private static string Format(RuleNode node) => node switch
    {
        AndNode n => $"({Format(n.Left)} and {Format(n.Right)})",
        OrNode n => $"({Format(n.Left)} or {Format(n.Right)})",
        NotNode n => $"not {Format(n.Operand)}",
        ComparisonNode n => $"{Format(n.Left)} {Symbol(n.Operator)} {Format(n.Right)}",
        InNode n => $"{Format(n.Value)} {(n.Negated ? "not in" : "in")} ({string.Join(", ", n.Items.Select(Format))})",
        BetweenNode n => $"{Format(n.Value)} between {Format(n.Low)} and {Format(n.High)}",
        ContainsNode n => $"{Format(n.Value)} contains {Format(n.Part)}",
        StartsWithNode n => $"{Format(n.Value)} starts_with {Format(n.Prefix)}",
        IsNullNode n => $"{Format(n.Value)} is {(n.Negated ? "not " : "")}null",
        ColumnNode n => n.Name,
        LiteralNode { Value: string s } => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        LiteralNode { Value: double d } => d.ToString("R", CultureInfo.InvariantCulture),
        LiteralNode { Value: DateOnly d } => $"date '{d:yyyy-MM-dd}'",
        LiteralNode { Value: bool b } => b ? "true" : "false",
        HasProductNode n => $"has_product('{n.Family.Replace("'", "''", StringComparison.Ordinal)}')",
        InSegmentNode n => $"in_segment('{n.Segment}')",
        DaysSinceNode n => $"days_since({n.Date.Name})",
        _ => throw new ArgumentException(node.GetType().Name),
    };

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };
}
