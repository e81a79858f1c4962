using System.Globalization;

namespace Sightline.Segments.Rules;

/// <summary>
/// Turns a parsed rule into a boolean SQL expression over the feature table. Column names come only from
/// <see cref="RuleColumns"/> and are quoted; every value from the rule text is a positional parameter.
/// </summary>
public static class RuleCompiler
{
    /// <summary>Compiles a rule.</summary>
    /// <param name="rule">The parsed rule.</param>
    /// <param name="columns">The feature table's columns (also used to parse segments named by <c>in_segment</c>).</param>
    /// <param name="asOf">The date <c>days_since</c> counts to; passed as a parameter.</param>
    /// <param name="segmentRules">Other segments' rule texts by name, inlined for <c>in_segment('name')</c>.</param>
    /// <param name="firstParameter">The number of the first parameter (<c>$n</c>), so several rules can share one statement.</param>
    /// <param name="ruleName">The segment whose rule this is, named by errors in it; "rule" for a rule of no segment.</param>
    /// <exception cref="RuleSyntaxException">An <c>in_segment</c> names an unknown segment, a cycle, or a segment whose text is wrong.</exception>
    public static CompiledRule Compile(RuleNode rule, RuleColumns columns, DateOnly asOf,
        IReadOnlyDictionary<string, string>? segmentRules = null, int firstParameter = 1, string ruleName = RuleSyntaxException.DefaultSource)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstParameter, 1);
        var inliner = new SegmentInliner(columns, segmentRules, ruleName);
        inliner.CheckExpanded(rule);
        var writer = new Writer(inliner, asOf, firstParameter, columns);
        var sql = writer.Condition(rule);
        return new CompiledRule(sql, writer.Parameters);
    }

    private sealed class Writer(SegmentInliner inliner, DateOnly asOf, int firstParameter, RuleColumns columns)
    {
        private string? _asOfParameter;

        public List<object?> Parameters { get; } = [];

        public string Condition(RuleNode node) => node switch
        {
            AndNode n => $"({Condition(n.Left)} AND {Condition(n.Right)})",
            OrNode n => $"({Condition(n.Left)} OR {Condition(n.Right)})",
            NotNode n => $"(NOT {Condition(n.Operand)})",
            ComparisonNode n => $"({Folded(n.Left)} {Operator(n.Operator)} {Folded(n.Right)})",
            InNode n => $"({Folded(n.Value)} {(n.Negated ? "NOT IN" : "IN")} ({string.Join(", ", n.Items.Select(Folded))}))",
            BetweenNode n => $"({Folded(n.Value)} BETWEEN {Folded(n.Low)} AND {Folded(n.High)})",
            ContainsNode { Value.Type: FeatureType.TextList } n => ListContains(Value(n.Value), Folded(n.Part)),
            ContainsNode n => $"contains({Folded(n.Value)}, {Folded(n.Part)})",
            StartsWithNode n => $"starts_with({Folded(n.Value)}, {Folded(n.Prefix)})",
            IsNullNode n => $"({Value(n.Value)} {(n.Negated ? "IS NOT NULL" : "IS NULL")})",
            HasProductNode n when columns.Columns.ContainsKey(RuleColumns.ProductFamilyKeys) =>
                $"list_contains({Sql.Identifier(RuleColumns.ProductFamilyKeys)}, lower({Parameter(n.Family, "VARCHAR")}))",
            HasProductNode n => ListContains(Sql.Identifier(RuleColumns.ProductFamilies), $"lower({Parameter(n.Family, "VARCHAR")})"),
            InSegmentNode n => inliner.Inline(n, Condition),
            { Type: FeatureType.Boolean } => Value(node),
            _ => throw new ArgumentException($"A {node.GetType().Name} of type {node.Type} is not a condition.", nameof(node)),
        };

        // lambda parameters shadow columns, so the name 'x' cannot capture a feature column.
        private static string ListContains(string list, string loweredItem) =>
            $"list_contains(list_transform({list}, lambda x: lower(x)), {loweredItem})";

        /// <summary>A value, lower-cased when it is text, because text compares case-insensitively.</summary>
        private string Folded(RuleNode node) => node.Type == FeatureType.Text ? $"lower({Value(node)})" : Value(node);

        private string Value(RuleNode node) => node switch
        {
            ColumnNode c => Sql.Identifier(c.Name),
            LiteralNode { Value: double d } => Parameter(d, "DOUBLE"),
            LiteralNode { Value: string s } => Parameter(s, "VARCHAR"),
            LiteralNode { Value: DateOnly d } => Parameter(d, "DATE"),
            LiteralNode { Value: bool b } => Parameter(b, "BOOLEAN"),
            DaysSinceNode d => $"date_diff('day', {Sql.Identifier(d.Date.Name)}, {_asOfParameter ??= Parameter(asOf, "DATE")})",
            _ => Condition(node),
        };

        private string Parameter(object value, string type)
        {
            Parameters.Add(value);
            var number = firstParameter + Parameters.Count - 1;
            return $"CAST(${number.ToString(CultureInfo.InvariantCulture)} AS {type})";
        }

        private static string Operator(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Equal => "=",
            ComparisonOperator.NotEqual => "<>",
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            _ => ">=",
        };
    }
}
