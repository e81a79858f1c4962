using System.Collections;

namespace Sightline.Segments.Rules;

/// <summary>
/// Evaluates a rule on one row in C#, with SQL's three-valued logic (a comparison with a missing value is
/// unknown, <c>null</c>). It gives the same answer as the compiled SQL; hosts use it to explain a match.
/// </summary>
public static class RuleEvaluator
{
    /// <summary>Evaluates a rule on a row.</summary>
    /// <param name="rule">The parsed rule.</param>
    /// <param name="row">Column name to value: numbers, strings, <see cref="DateOnly"/> or <see cref="DateTime"/>, booleans, lists of strings, or null.</param>
    /// <param name="asOf">The date <c>days_since</c> counts to.</param>
    /// <param name="segmentRules">Other segments' rule texts by name, for <c>in_segment('name')</c>.</param>
    /// <param name="columns">The feature columns, needed to parse the segments named by <c>in_segment</c>.</param>
    /// <param name="ruleName">The segment whose rule this is, named by errors in it; "rule" for a rule of no segment.</param>
    /// <returns>true or false, or null when the answer depends on a missing value.</returns>
    public static bool? Evaluate(RuleNode rule, IReadOnlyDictionary<string, object?> row, DateOnly asOf,
        IReadOnlyDictionary<string, string>? segmentRules = null, RuleColumns? columns = null, string ruleName = RuleSyntaxException.DefaultSource)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(row);
        var inliner = new SegmentInliner(columns, segmentRules, ruleName);
        if (segmentRules is not null)
        {
            inliner.CheckExpanded(rule);
        }

        return new Evaluator(row, asOf, inliner).Condition(rule);
    }

    // Real time evaluates the rules for every event: text comparisons must not copy both sides to compare them.
    private static bool IsAscii(string a, string b) => System.Text.Ascii.IsValid(a) && System.Text.Ascii.IsValid(b);

    /// <summary>The order of <c>string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant())</c>, without the copies for ASCII text.</summary>
    internal static int CompareLowered(string a, string b)
    {
        var common = Math.Min(a.Length, b.Length);
        for (var i = 0; i < common; i++)
        {
            int x = a[i];
            int y = b[i];
            if (x >= 0x80 || y >= 0x80)
            {
                return string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant());
            }

            x = x is >= 'A' and <= 'Z' ? x + ('a' - 'A') : x;
            y = y is >= 'A' and <= 'Z' ? y + ('a' - 'A') : y;
            if (x != y)
            {
                return x - y;
            }
        }

        // Lowering keeps every string's length, so past a common prefix the shorter one comes first.
        return a.Length - b.Length;
    }

    private sealed class Evaluator(IReadOnlyDictionary<string, object?> row, DateOnly asOf, SegmentInliner inliner)
    {
        public bool? Condition(RuleNode node) => node switch
        {
            AndNode n => And(Condition(n.Left), Condition(n.Right)),
            OrNode n => Not(And(Not(Condition(n.Left)), Not(Condition(n.Right)))),
            NotNode n => Not(Condition(n.Operand)),
            ComparisonNode n => Compare(Value(n.Left), n.Operator, Value(n.Right)),
            InNode n => In(n),
            BetweenNode n => And(
                Compare(Value(n.Value), ComparisonOperator.GreaterOrEqual, Value(n.Low)),
                Compare(Value(n.Value), ComparisonOperator.LessOrEqual, Value(n.High))),
            ContainsNode n => Contains(Value(n.Value), Value(n.Part)),
            StartsWithNode n => Value(n.Value) is string s && Value(n.Prefix) is string p
                ? (IsAscii(s, p) ? s.StartsWith(p, StringComparison.OrdinalIgnoreCase) : s.ToLowerInvariant().StartsWith(p.ToLowerInvariant(), StringComparison.Ordinal))
                : null,
            IsNullNode n => (Value(n.Value) is null) != n.Negated,
            HasProductNode n => Contains(Column(RuleColumns.ProductFamilies), n.Family),
            InSegmentNode n => inliner.Inline(n, Condition),
            _ => Value(node) switch
            {
                null => null,
                bool b => b,
                var other => throw new ArgumentException($"A {node.GetType().Name} gave {other}, which is not true or false.", nameof(node)),
            },
        };

        private static bool? And(bool? left, bool? right) =>
            left == false || right == false ? false : left is null || right is null ? null : true;

        private static bool? Not(bool? value) => value is null ? null : !value;

        private bool? In(InNode node)
        {
            var value = Value(node.Value);
            if (value is null)
            {
                return null;
            }

            bool? found = false;
            foreach (var item in node.Items)
            {
                var equal = Compare(value, ComparisonOperator.Equal, Value(item));
                if (equal == true)
                {
                    found = true;
                    break;
                }

                if (equal is null)
                {
                    found = null;
                }
            }

            return node.Negated ? Not(found) : found;
        }

        private static bool? Contains(object? value, object? part)
        {
            if (value is null || part is not string text)
            {
                return null;
            }

            if (value is string s)
            {
                return IsAscii(s, text) ? s.Contains(text, StringComparison.OrdinalIgnoreCase) : s.ToLowerInvariant().Contains(text.ToLowerInvariant(), StringComparison.Ordinal);
            }

            foreach (var item in (IEnumerable<string?>)value)
            {
                if (item is not null && CompareLowered(item, text) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool? Compare(object? left, ComparisonOperator op, object? right)
        {
            if (left is null || right is null)
            {
                return null;
            }

            var order = (left, right) switch
            {
                (double a, double b) => a.CompareTo(b),
                (string a, string b) => CompareLowered(a, b),
                (DateOnly a, DateOnly b) => a.CompareTo(b),
                (bool a, bool b) => a.CompareTo(b),
                _ => throw new ArgumentException($"Cannot compare {left.GetType().Name} '{left}' with {right.GetType().Name} '{right}'."),
            };
            return op switch
            {
                ComparisonOperator.Equal => order == 0,
                ComparisonOperator.NotEqual => order != 0,
                ComparisonOperator.Less => order < 0,
                ComparisonOperator.LessOrEqual => order <= 0,
                ComparisonOperator.Greater => order > 0,
                _ => order >= 0,
            };
        }

        private object? Value(RuleNode node) => node switch
        {
            ColumnNode c => Column(c.Name),
            LiteralNode l => l.Value,
            DaysSinceNode d => Column(d.Date.Name) is DateOnly date ? (double)(asOf.DayNumber - date.DayNumber) : null,
            _ => Condition(node),
        };

        /// <summary>A row value in the evaluator's own types: double, string, DateOnly, bool or a list of strings.</summary>
        private object? Column(string name)
        {
            if (!row.TryGetValue(name, out var value))
            {
                value = row.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            }

            return value switch
            {
                null or DBNull => null,
                string or bool or DateOnly => value,
                DateTime t => DateOnly.FromDateTime(t),
                sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
                IEnumerable list => list.Cast<object?>().Select(item => item as string).ToList(),
                _ => throw new ArgumentException($"Column '{name}' holds a {value.GetType().Name}, which rules cannot read."),
            };
        }
    }
}
