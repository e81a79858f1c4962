using System.Globalization;

namespace Sightline.Segments.Rules;

/// <summary>
/// Parses rule text into a <see cref="RuleNode"/> tree, checking column names, functions and operand types.
/// Precedence, loosest first: <c>or</c>, <c>and</c>, <c>not</c>, then comparisons.
/// </summary>
public static class RuleParser
{
    internal static readonly string[] Functions = ["days_since", "has_product", "in_segment"];

    private static readonly string[] Keywords = ["and", "or", "not", "in", "between", "contains", "starts_with", "is", "null", "true", "false"];

    /// <summary>Parses a rule written against the given feature-table columns.</summary>
    /// <exception cref="RuleSyntaxException">The text does not parse or does not fit the columns.</exception>
    public static RuleNode Parse(string text, RuleColumns columns) => Parse(text, columns, RuleSyntaxException.DefaultSource);

    /// <summary>Parses a named segment's rule; errors carry the segment's name as <see cref="RuleSyntaxException.RuleName"/>.</summary>
    /// <exception cref="RuleSyntaxException">The text does not parse or does not fit the columns.</exception>
    public static RuleNode Parse(string text, RuleColumns columns, string ruleName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(columns);
        var rule = new Parser(RuleLexer.Tokenize(text, ruleName), columns, ruleName).ParseRule();
        if (TooDeep(rule, 1) is { } deep)
        {
            throw NestedTooDeeply(deep.Line, deep.Column, ruleName);
        }

        return columns.Known.Count == 0 ? rule : KnownValues.Check(rule, columns.Known, ruleName);
    }

    /// <summary>
    /// How many conditions deep a rule may nest ('and', 'or', 'not' and parentheses). Every later stage walks the tree
    /// recursively, and DuckDB refuses expressions deeper than 1,000, so the limit stays far below both.
    /// </summary>
    public const int MaxDepth = 100;

    internal static RuleSyntaxException NestedTooDeeply(int line, int column, string ruleName) =>
        new("rule nested too deeply", line, column, $"at most {MaxDepth} levels of parentheses, 'not', 'and' and 'or'", ruleName);

    /// <summary>The first condition, in reading order, below <see cref="MaxDepth"/> levels; null when there is none.</summary>
    private static RuleNode? TooDeep(RuleNode node, int level) => level > MaxDepth ? node : node switch
    {
        AndNode n => TooDeep(n.Left, level + 1) ?? TooDeep(n.Right, level + 1),
        OrNode n => TooDeep(n.Left, level + 1) ?? TooDeep(n.Right, level + 1),
        NotNode n => TooDeep(n.Operand, level + 1),
        _ => null,
    };

    /// <summary>How a value is named in messages: "number column 'employees'", "text 'abc'".</summary>
    internal static string Describe(RuleNode node) => node switch
    {
        ColumnNode c => $"{TypeWord(c.ColumnType)} column '{c.Name}'",
        LiteralNode { Value: string s } => $"text '{s}'",
        LiteralNode { Value: double d } => $"number {d.ToString(CultureInfo.InvariantCulture)}",
        LiteralNode { Value: DateOnly d } => $"date '{d:yyyy-MM-dd}'",
        LiteralNode { Value: bool b } => b ? "true" : "false",
        DaysSinceNode d => $"days_since({d.Date.Name})",
        HasProductNode h => $"has_product('{h.Family}')",
        InSegmentNode s => $"in_segment('{s.Segment}')",
        _ => "a condition",
    };

    /// <summary>How a value is written in rule text, for messages that show a corrected rule: employees, 500, '2025-01-31'.</summary>
    internal static string Written(RuleNode node) => node switch
    {
        ColumnNode c => c.Name,
        LiteralNode { Value: string s } => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        LiteralNode { Value: double d } => d.ToString("R", CultureInfo.InvariantCulture),
        LiteralNode { Value: DateOnly d } => $"'{d:yyyy-MM-dd}'",
        LiteralNode { Value: bool b } => b ? "true" : "false",
        DaysSinceNode d => $"days_since({d.Date.Name})",
        _ => Describe(node),
    };

    private static string TypeWord(FeatureType type) => type switch
    {
        FeatureType.Number => "number",
        FeatureType.Text => "text",
        FeatureType.Date => "date",
        FeatureType.Boolean => "true/false",
        _ => "list",
    };

    private sealed class Parser(List<Token> tokens, RuleColumns columns, string source)
    {
        private int _position;
        private int _nesting;

        private Token Current => tokens[_position];

        private Token Take() => tokens[_position++];

        private RuleSyntaxException Error(string problem, int line, int column, string? hint = null) =>
            new(problem, line, column, hint, source);

        private RuleSyntaxException Error(string problem, Token at, string? hint = null) => Error(problem, at.Line, at.Column, hint);

        private RuleSyntaxException Error(string problem, RuleNode at, string? hint = null) => Error(problem, at.Line, at.Column, hint);

        public RuleNode ParseRule()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw Error("the rule is empty", Current, "write a condition such as employees > 100");
            }

            var rule = ParseOr(null);
            if (Current.Kind != TokenKind.End)
            {
                throw Error($"unexpected {Current.Shown}", Current, Current.Kind == TokenKind.CloseParen
                    ? "there is no '(' for this ')'"
                    : "expected 'and', 'or' or the end of the rule");
            }

            return rule;
        }

        private RuleNode ParseOr(Token? after)
        {
            var operands = new List<RuleNode> { ParseAnd(after) };
            while (Current.IsWord("or"))
            {
                operands.Add(ParseAnd(Take()));
            }

            return Chain(operands, 0, operands.Count, and: false);
        }

        private RuleNode ParseAnd(Token? after)
        {
            var operands = new List<RuleNode> { ParseNot(after) };
            while (Current.IsWord("and"))
            {
                operands.Add(ParseNot(Take()));
            }

            return Chain(operands, 0, operands.Count, and: true);
        }

        /// <summary>
        /// Joins a run of 'and' (or 'or') operands as a balanced tree, so a long list of conditions nests only as deep as
        /// the logarithm of its length; both are associative, and the operands keep their order.
        /// </summary>
        private static RuleNode Chain(List<RuleNode> operands, int from, int count, bool and)
        {
            if (count == 1)
            {
                return operands[from];
            }

            var leftCount = (count + 1) / 2;
            var left = Chain(operands, from, leftCount, and);
            var right = Chain(operands, from + leftCount, count - leftCount, and);
            return and
                ? new AndNode(left, right) { Line = left.Line, Column = left.Column }
                : new OrNode(left, right) { Line = left.Line, Column = left.Column };
        }

        private RuleNode ParseNot(Token? after)
        {
            if (Current.IsWord("not"))
            {
                var not = Take();
                Enter(not);
                var operand = ParseNot(not);
                _nesting--;
                return new NotNode(operand) { Line = not.Line, Column = not.Column };
            }

            return ParsePredicate(after);
        }

        /// <summary>Counts one more level of '(' or 'not', refusing the rule before the recursion can exhaust the stack.</summary>
        private void Enter(Token at)
        {
            if (++_nesting > MaxDepth)
            {
                throw NestedTooDeeply(at.Line, at.Column, source);
            }
        }

        private RuleNode ParsePredicate(Token? after)
        {
            if (Current.Kind == TokenKind.OpenParen)
            {
                var open = Take();
                Enter(open);
                var inner = ParseOr(open);
                if (Current.Kind != TokenKind.CloseParen)
                {
                    throw Error("expected ')' or 'and'/'or'", Current, $"found {Current.Shown}; close the '(' at {open.Line}:{open.Column}");
                }

                Take();
                _nesting--;
                return inner;
            }

            var value = ParseValue(after, "a condition");
            var next = Current;
            if (next.Kind == TokenKind.Operator)
            {
                Take();
                var right = ParseValue(next, "a value");
                (value, right) = Comparable(value, right, next);
                return CountryComparison(value, Operator(next.Text), right);
            }

            if (next.IsWord("in"))
            {
                Take();
                return ParseIn(value, next, negated: false);
            }

            if (next.IsWord("not"))
            {
                Take();
                if (!Current.IsWord("in"))
                {
                    throw Error("expected 'in' after 'not'", Current,
                        $"found {Current.Shown}; to negate other conditions put 'not' first: not ({Describe(value)} ...)");
                }

                return ParseIn(value, Take(), negated: true);
            }

            if (next.IsWord("between"))
            {
                Take();
                var low = ParseValue(next, "a value");
                if (!Current.IsWord("and"))
                {
                    throw Error("expected 'and' after the lower bound of 'between'", Current, $"found {Current.Shown}");
                }

                var and = Take();
                var high = ParseValue(and, "a value");
                (value, low) = Comparable(value, low, next);
                (value, high) = Comparable(value, high, and);
                if (IsAbove(low, high))
                {
                    throw Error($"between {Written(low)} and {Written(high)} matches nothing: the lower bound {Written(low)} is above the upper bound {Written(high)}", low,
                        $"write the lower bound first: {Written(value)} between {Written(high)} and {Written(low)}");
                }

                return new BetweenNode(value, low, high) { Line = value.Line, Column = value.Column };
            }

            if (next.IsWord("contains") || next.IsWord("starts_with"))
            {
                Take();
                var word = next.Text.ToLowerInvariant();
                var part = ParseValue(next, "a text");
                var listAllowed = word == "contains";
                if (value.Type != FeatureType.Text && !(listAllowed && value.Type == FeatureType.TextList))
                {
                    throw Error($"'{word}' needs text{(listAllowed ? " or a list" : "")}, but {Describe(value)} is not", value);
                }

                if (part.Type != FeatureType.Text)
                {
                    throw Error($"'{word}' needs text after it, not {Describe(part)}", part);
                }

                return listAllowed
                    ? new ContainsNode(value, part) { Line = value.Line, Column = value.Column }
                    : new StartsWithNode(value, part) { Line = value.Line, Column = value.Column };
            }

            if (next.IsWord("is"))
            {
                Take();
                var negated = false;
                if (Current.IsWord("not"))
                {
                    Take();
                    negated = true;
                }

                if (!Current.IsWord("null"))
                {
                    throw Error($"expected 'null' after '{(negated ? "is not" : "is")}'", Current, $"found {Current.Shown}");
                }

                Take();
                return new IsNullNode(value, negated) { Line = value.Line, Column = value.Column };
            }

            if (value.Type != FeatureType.Boolean)
            {
                throw Error($"expected an operator after {Describe(value)}", next,
                    $"found {next.Shown}; use =, !=, <, <=, >, >=, in, between, contains, starts_with or is null");
            }

            return value;
        }

        private InNode ParseIn(RuleNode value, Token inToken, bool negated)
        {
            if (value.Type == FeatureType.TextList)
            {
                throw Error($"'in' does not work on {Describe(value)}", value, $"use {((ColumnNode)value).Name} contains '...'");
            }

            if (Current.Kind != TokenKind.OpenParen)
            {
                throw Error("expected '(' after 'in'", Current, $"found {Current.Shown}; write the values as in ('a', 'b')");
            }

            var items = new List<RuleNode>();
            var separator = Take();
            while (true)
            {
                var item = ParseValue(separator, "a value");
                (value, item) = Comparable(value, item, separator);
                items.Add(item);
                if (Current.Kind == TokenKind.CloseParen)
                {
                    Take();
                    return new InNode(value, value is ColumnNode { Name: "country" } ? CountrySpellings(items) : items, negated) { Line = value.Line, Column = value.Column };
                }

                if (Current.Kind != TokenKind.Comma)
                {
                    throw Error($"expected ',' or ')' in the list after '{inToken.Text}'", Current, $"found {Current.Shown}");
                }

                separator = Take();
            }
        }

        private RuleNode ParseValue(Token? after, string expected)
        {
            var token = Current;
            var afterText = after is { } a ? $" after '{a.Text}'" : "";
            switch (token.Kind)
            {
                case TokenKind.Number:
                    Take();
                    return new LiteralNode((double)token.Value!, FeatureType.Number) { Line = token.Line, Column = token.Column };
                case TokenKind.Text:
                    Take();
                    return new LiteralNode((string)token.Value!, FeatureType.Text) { Line = token.Line, Column = token.Column };
                case TokenKind.Word:
                    break;
                default:
                    throw Error($"expected {expected}{afterText}", token, $"found {token.Shown}");
            }

            var word = token.Text.ToLowerInvariant();
            if (word == "null")
            {
                throw Error("null can only be used as 'is null' or 'is not null'", token);
            }

            if (word is "true" or "false")
            {
                Take();
                return new LiteralNode(word == "true", FeatureType.Boolean) { Line = token.Line, Column = token.Column };
            }

            var following = tokens[Math.Min(_position + 1, tokens.Count - 1)];
            if (word == "date" && following.Kind == TokenKind.Text)
            {
                Take();
                Take();
                return new LiteralNode(ParseDate((string)following.Value!, following), FeatureType.Date) { Line = token.Line, Column = token.Column };
            }

            if (Array.IndexOf(Keywords, word) >= 0)
            {
                throw Error($"expected {expected}{afterText}", token, $"found {token.Shown}");
            }

            if (following.Kind == TokenKind.OpenParen)
            {
                return ParseFunction();
            }

            Take();
            if (!columns.TryFind(token.Text, out var name, out var type))
            {
                // After an operator a bare word is most often text its author forgot to quote (industry = Software).
                throw Error($"unknown column '{token.Text}'", token, Suggestions.Hint(Suggestions.Closest(token.Text, columns.Columns.Keys))
                    ?? (after is not null ? $"to compare with the text {token.Text}, quote it: '{token.Text}'" : null));
            }

            return new ColumnNode(name, type) { Line = token.Line, Column = token.Column };
        }

        private RuleNode ParseFunction()
        {
            var nameToken = Take();
            var name = nameToken.Text.ToLowerInvariant();
            if (Array.IndexOf(Functions, name) < 0)
            {
                var hint = Suggestions.Closest(nameToken.Text, Functions) is { } s
                    ? $"did you mean '{s}'?"
                    : "the functions are has_product, in_segment and days_since";
                throw Error($"unknown function '{nameToken.Text}'", nameToken, hint);
            }

            var open = Take();
            var arguments = new List<RuleNode>();
            if (Current.Kind != TokenKind.CloseParen)
            {
                var separator = open;
                while (true)
                {
                    arguments.Add(ParseValue(separator, "an argument"));
                    if (Current.Kind == TokenKind.CloseParen)
                    {
                        break;
                    }

                    if (Current.Kind != TokenKind.Comma)
                    {
                        throw Error($"expected ',' or ')' after the arguments of {name}", Current, $"found {Current.Shown}");
                    }

                    separator = Take();
                }
            }

            Take();
            if (arguments.Count != 1)
            {
                throw Error($"{name} takes 1 argument, got {arguments.Count}", nameToken, Example(name));
            }

            var argument = arguments[0];
            switch (name)
            {
                case "days_since":
                    if (argument is not ColumnNode { ColumnType: FeatureType.Date } date)
                    {
                        throw Error($"days_since needs a date column, not {Describe(argument)}", argument, Example(name));
                    }

                    return new DaysSinceNode(date) { Line = nameToken.Line, Column = nameToken.Column };
                case "has_product":
                    if (argument is not LiteralNode { Value: string family })
                    {
                        throw Error($"has_product needs a product family in quotes, not {Describe(argument)}", argument, Example(name));
                    }

                    if (!columns.TryFind(RuleColumns.ProductFamilies, out _, out var familiesType) || familiesType != FeatureType.TextList)
                    {
                        throw Error($"has_product needs the list column '{RuleColumns.ProductFamilies}', which the feature table does not have", nameToken);
                    }

                    return new HasProductNode(family) { Line = nameToken.Line, Column = nameToken.Column };
                default:
                    if (argument is not LiteralNode { Value: string segment })
                    {
                        throw Error($"in_segment needs a segment name in quotes, not {Describe(argument)}", argument, Example(name));
                    }

                    return new InSegmentNode(segment) { Line = nameToken.Line, Column = nameToken.Column };
            }
        }

        private static string Example(string function) => function switch
        {
            "days_since" => "for example days_since(last_order_date) > 90",
            "has_product" => "for example has_product('Imaging')",
            _ => "for example in_segment('enterprise')",
        };

        private DateOnly ParseDate(string text, Token at) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw Error($"invalid date '{text}'", at, "write dates as 'YYYY-MM-DD'");

        /// <summary>
        /// <c>country = 'DE'</c> as <c>country in ('DE', 'Germany')</c> (and <c>&lt;&gt;</c> as <c>not in</c>): the features
        /// spell a country by its English name (<see cref="Data.CountryNames"/>), and a row read elsewhere may not.
        /// </summary>
        private static RuleNode CountryComparison(RuleNode left, ComparisonOperator op, RuleNode right)
        {
            var (column, literal) = left is ColumnNode ? (left, right) : (right, left);
            var comparison = new ComparisonNode(left, op, right) { Line = left.Line, Column = left.Column };
            if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual) || column is not ColumnNode { Name: "country" }
                || CountrySpellings([literal]) is not { Count: 2 } both)
            {
                return comparison;
            }

            return new InNode(column, both, op == ComparisonOperator.NotEqual) { Line = left.Line, Column = left.Column };
        }

        /// <summary>The items of a comparison with <c>country</c>, each country literal followed by its English name when that differs.</summary>
        private static List<RuleNode> CountrySpellings(IReadOnlyList<RuleNode> items)
        {
            var spellings = new List<RuleNode>(items);
            foreach (var item in items)
            {
                if (item is LiteralNode { Value: string text } literal && Data.CountryNames.Canonical(text) is { } name
                    && !items.Any(i => i is LiteralNode { Value: string other } && string.Equals(other, name, StringComparison.OrdinalIgnoreCase)))
                {
                    spellings.Add(literal with { Value = name });
                }
            }

            return spellings;
        }

        /// <summary>Checks that two operands can be compared; a text literal next to a date becomes a date.</summary>
        private (RuleNode Left, RuleNode Right) Comparable(RuleNode left, RuleNode right, Token op)
        {
            foreach (var side in new[] { left, right })
            {
                if (side.Type == FeatureType.TextList)
                {
                    throw Error($"cannot use '{op.Text}' with {Describe(side)}", side, $"use {((ColumnNode)side).Name} contains '...'");
                }
            }

            if (left.Type == FeatureType.Date && right is LiteralNode { Value: string rightText })
            {
                right = new LiteralNode(ParseDate(rightText, Position(right)), FeatureType.Date) { Line = right.Line, Column = right.Column };
            }
            else if (right.Type == FeatureType.Date && left is LiteralNode { Value: string leftText })
            {
                left = new LiteralNode(ParseDate(leftText, Position(left)), FeatureType.Date) { Line = left.Line, Column = left.Column };
            }

            if (left.Type != right.Type)
            {
                throw Error($"cannot compare {Describe(left)} with {Describe(right)}", right);
            }

            return (left, right);
        }

        /// <summary>Whether two literal bounds are in the wrong order, compared as the rule compares them (text ignoring case).</summary>
        private static bool IsAbove(RuleNode low, RuleNode high) => (low, high) switch
        {
            (LiteralNode { Value: double a }, LiteralNode { Value: double b }) => a > b,
            (LiteralNode { Value: DateOnly a }, LiteralNode { Value: DateOnly b }) => a > b,
            (LiteralNode { Value: string a }, LiteralNode { Value: string b }) => RuleEvaluator.CompareLowered(a, b) > 0,
            _ => false,
        };

        private static Token Position(RuleNode node) => new(TokenKind.Text, "", node.Line, node.Column);

        private static ComparisonOperator Operator(string text) => text switch
        {
            "=" => ComparisonOperator.Equal,
            "!=" or "<>" => ComparisonOperator.NotEqual,
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            _ => ComparisonOperator.GreaterOrEqual,
        };
    }
}
