namespace Sightline.Segments.Rules;

/// <summary>
/// The only values a text column can hold (size bands, propensity bands, contact reasons, channels, segment names), so
/// a rule that compares the column with any other value matches nothing, and is refused when it is parsed.
/// </summary>
/// <param name="What">What the values are, for messages: "a size band of tiers.size_bands".</param>
/// <param name="Values">Every value the column can hold, as written in the data.</param>
public sealed record KnownValues(string What, IReadOnlyList<string> Values)
{
    /// <summary>
    /// Checks every <c>=</c>, <c>&lt;&gt;</c>, <c>in</c> and list <c>contains</c> of a column with known values against
    /// them. Rules compare text ignoring case; a value written with a hyphen where the value has a dash ("4-30%" for
    /// "4–30%") is unambiguous and cannot be typed otherwise on most keyboards, so it becomes the value.
    /// </summary>
    /// <exception cref="RuleSyntaxException">A literal is none of the column's values.</exception>
    internal static RuleNode Check(RuleNode node, IReadOnlyDictionary<string, KnownValues> known, string ruleName) => node switch
    {
        AndNode n => n with { Left = Check(n.Left, known, ruleName), Right = Check(n.Right, known, ruleName) },
        OrNode n => n with { Left = Check(n.Left, known, ruleName), Right = Check(n.Right, known, ruleName) },
        NotNode n => n with { Operand = Check(n.Operand, known, ruleName) },
        ComparisonNode { Operator: ComparisonOperator.Equal or ComparisonOperator.NotEqual, Left: ColumnNode c, Right: LiteralNode l } n
            when known.TryGetValue(c.Name, out var values) => n with { Right = values.Literal(c, l, ruleName) },
        ComparisonNode { Operator: ComparisonOperator.Equal or ComparisonOperator.NotEqual, Left: LiteralNode l, Right: ColumnNode c } n
            when known.TryGetValue(c.Name, out var values) => n with { Left = values.Literal(c, l, ruleName) },
        InNode { Value: ColumnNode c } n when known.TryGetValue(c.Name, out var values) =>
            n with { Items = n.Items.Select(item => item is LiteralNode l ? values.Literal(c, l, ruleName) : item).ToList() },
        ContainsNode { Value: ColumnNode { ColumnType: FeatureType.TextList } c, Part: LiteralNode l } n
            when known.TryGetValue(c.Name, out var values) => n with { Part = values.Literal(c, l, ruleName) },
        _ => node,
    };

    private LiteralNode Literal(ColumnNode column, LiteralNode literal, string ruleName)
    {
        if (literal.Value is not string typed)
        {
            return literal;
        }

        if (Values.Any(v => string.Equals(v, typed, StringComparison.OrdinalIgnoreCase)))
        {
            return literal;
        }

        var dashed = Values.Where(v => string.Equals(Undashed(v), Undashed(typed), StringComparison.OrdinalIgnoreCase)).ToList();
        if (dashed.Count == 1)
        {
            return literal with { Value = dashed[0] };
        }

        var listed = Values.Count <= 12 ? $": {string.Join(", ", Values)}" : $", such as {string.Join(", ", Values.Take(12))}";
        throw new RuleSyntaxException($"{column.Name} is never '{typed}', so this matches nothing: it holds {What}{listed}", literal.Line, literal.Column,
            Suggestions.Hint(Suggestions.Closest(typed, Values)), ruleName);
    }

    private static string Undashed(string text) => text.Replace('–', '-').Replace('—', '-').Replace('‐', '-').Replace('‑', '-');
}
