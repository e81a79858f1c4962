namespace Sightline.Segments.Rules;

// The node records live together in this file: they are one closed family that is read as a whole.

/// <summary>A node of a parsed rule. Conditions are nodes of boolean type; values are the operands they compare.</summary>
public abstract record RuleNode
{
    /// <summary>1-based line where the node starts in the rule text (0 for nodes built in code).</summary>
    public int Line { get; init; }

    /// <summary>1-based column where the node starts in the rule text (0 for nodes built in code).</summary>
    public int Column { get; init; }

    /// <summary>The type of the value this node yields.</summary>
    public abstract FeatureType Type { get; }
}

/// <summary><c>left and right</c>.</summary>
public sealed record AndNode(RuleNode Left, RuleNode Right) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>left or right</c>.</summary>
public sealed record OrNode(RuleNode Left, RuleNode Right) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>not operand</c>.</summary>
public sealed record NotNode(RuleNode Operand) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>left op right</c>; text compares case-insensitively.</summary>
public sealed record ComparisonNode(RuleNode Left, ComparisonOperator Operator, RuleNode Right) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>value in (items)</c> or <c>value not in (items)</c>.</summary>
public sealed record InNode(RuleNode Value, IReadOnlyList<RuleNode> Items, bool Negated) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>value between low and high</c>, both bounds included.</summary>
public sealed record BetweenNode(RuleNode Value, RuleNode Low, RuleNode High) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>value contains part</c>: case-insensitive substring, or list membership for a list.</summary>
public sealed record ContainsNode(RuleNode Value, RuleNode Part) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>value starts_with prefix</c>, case-insensitive.</summary>
public sealed record StartsWithNode(RuleNode Value, RuleNode Prefix) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>value is null</c> or <c>value is not null</c>.</summary>
public sealed record IsNullNode(RuleNode Value, bool Negated) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary>A feature-table column, spelled as in the table.</summary>
public sealed record ColumnNode(string Name, FeatureType ColumnType) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => ColumnType;
}

/// <summary>A literal: a <see cref="double"/>, <see cref="string"/>, <see cref="DateOnly"/> or <see cref="bool"/>.</summary>
public sealed record LiteralNode(object Value, FeatureType LiteralType) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => LiteralType;
}

/// <summary><c>has_product('family')</c>: the account has ever bought the product family (case-insensitive).</summary>
public sealed record HasProductNode(string Family) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>in_segment('name')</c>: the account matches another segment's rule.</summary>
public sealed record InSegmentNode(string Segment) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Boolean;
}

/// <summary><c>days_since(column)</c>: whole days from the date in the column to the as-of date.</summary>
public sealed record DaysSinceNode(ColumnNode Date) : RuleNode
{
    /// <inheritdoc />
    public override FeatureType Type => FeatureType.Number;
}
