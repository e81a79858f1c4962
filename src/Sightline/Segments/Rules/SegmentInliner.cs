namespace Sightline.Segments.Rules;

/// <summary>Resolves <c>in_segment('name')</c> to the named segment's parsed rule, catching unknown names and cycles.</summary>
internal sealed class SegmentInliner(RuleColumns? columns, IReadOnlyDictionary<string, string>? segmentRules, string ruleName = RuleSyntaxException.DefaultSource)
{
    // Made by the first in_segment only: every rule evaluation makes an inliner, and most rules have no in_segment.
    private List<string>? _pathList;
    private Dictionary<string, RuleNode>? _parsedRules;

    private List<string> Inlining => _pathList ??= [];

    private Dictionary<string, RuleNode> Parsed => _parsedRules ??= new(StringComparer.Ordinal);

    /// <summary>The rule whose text is being read: the segment being inlined, or the outermost rule's name.</summary>
    public string CurrentSource => _pathList is not { Count: > 0 } path ? ruleName : path[^1];

    /// <summary>How many levels deep a rule may nest once every in_segment is written out (each in_segment counts as a level).</summary>
    public const int MaxExpandedDepth = 250;

    /// <summary>How many conditions and values a rule may hold once every in_segment is written out.</summary>
    public const long MaxExpandedSize = 100_000;

    /// <summary>
    /// Refuses a rule that, with the rules of the segments it names written out in place of each in_segment, would nest
    /// deeper than DuckDB and the evaluator's recursion can take, or grow past <see cref="MaxExpandedSize"/> (two references
    /// to a segment that itself names another twice already write that one out four times).
    /// </summary>
    /// <exception cref="RuleSyntaxException">An in_segment of the rule writes out too much, or names an unknown segment or a cycle.</exception>
    public void CheckExpanded(RuleNode rule)
    {
        var measured = new Dictionary<string, (int Depth, long Size)>(StringComparer.Ordinal);
        var total = 0L;
        Walk(rule, 1);

        void Walk(RuleNode node, int level)
        {
            switch (node)
            {
                case AndNode n:
                    Walk(n.Left, level + 1);
                    Walk(n.Right, level + 1);
                    break;
                case OrNode n:
                    Walk(n.Left, level + 1);
                    Walk(n.Right, level + 1);
                    break;
                case NotNode n:
                    Walk(n.Operand, level + 1);
                    break;
                case InSegmentNode n:
                    var (depth, size) = Measure(n, level, measured);
                    if (level - 1 + depth > MaxExpandedDepth)
                    {
                        throw new RuleSyntaxException($"rule nested too deeply once in_segment('{n.Segment}') is written out", n.Line, n.Column,
                            $"at most {MaxExpandedDepth} levels with the segments it names", ruleName);
                    }

                    total = Saturated(total + size);
                    if (total > MaxExpandedSize)
                    {
                        throw new RuleSyntaxException($"rule too large once in_segment('{n.Segment}') is written out", n.Line, n.Column,
                            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                                $"at most {MaxExpandedSize:N0} conditions and values with the segments it names; each in_segment writes out the whole rule of its segment, and that segment's in_segments in turn"),
                            ruleName);
                    }

                    break;
                default:
                    total = Saturated(total + Size(node));
                    break;
            }
        }
    }

    /// <summary>
    /// Depth and size of a subtree with its in_segments written out. A level past the limit stops the walk early (the
    /// caller then refuses the rule), so the recursion never goes deeper than the limit.
    /// </summary>
    private (int Depth, long Size) Measure(RuleNode node, int level, Dictionary<string, (int Depth, long Size)> measured)
    {
        if (level > MaxExpandedDepth)
        {
            return (1, 1);
        }

        switch (node)
        {
            case AndNode or OrNode:
                var (left, right) = node is AndNode a ? (a.Left, a.Right) : (((OrNode)node).Left, ((OrNode)node).Right);
                var l = Measure(left, level + 1, measured);
                var r = Measure(right, level + 1, measured);
                return (1 + Math.Max(l.Depth, r.Depth), Saturated(1 + l.Size + r.Size));
            case NotNode n:
                var o = Measure(n.Operand, level + 1, measured);
                return (1 + o.Depth, Saturated(1 + o.Size));
            case InSegmentNode n when measured.TryGetValue(n.Segment, out var known):
                return (1 + known.Depth, known.Size);
            case InSegmentNode n:
                var inner = Inline(n, rule => Measure(rule, level + 1, measured));
                measured[n.Segment] = inner;
                return (1 + inner.Depth, inner.Size);
            default:
                return (1, Size(node));
        }
    }

    private static long Size(RuleNode leaf) => leaf is InNode n ? 1 + n.Items.Count : 1;

    private static long Saturated(long size) => Math.Min(size, MaxExpandedSize + 1);

    /// <summary>Runs <paramref name="body"/> on the named segment's rule, with that segment as the current source.</summary>
    public T Inline<T>(InSegmentNode node, Func<RuleNode, T> body)
    {
        var rules = segmentRules ?? new Dictionary<string, string>();
        var name = rules.ContainsKey(node.Segment)
            ? node.Segment
            : rules.Keys.FirstOrDefault(k => string.Equals(k, node.Segment, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            throw new RuleSyntaxException($"unknown segment '{node.Segment}'", node.Line, node.Column,
                Suggestions.SegmentHint(node.Segment, rules.Keys.Where(k => ruleName == RuleSyntaxException.DefaultSource || k != ruleName)), CurrentSource);
        }

        var seen = Inlining.IndexOf(name);
        if (seen >= 0)
        {
            var through = Inlining.Skip(seen + 1).Append(name).ToList();
            var problem = through.Count == 1
                ? $"segment '{name}' refers to itself"
                : $"segment '{name}' refers to itself through {string.Join(" -> ", through)}";
            throw new RuleSyntaxException(problem, node.Line, node.Column, null, CurrentSource);
        }

        if (!Parsed.TryGetValue(name, out var rule))
        {
            if (columns is null)
            {
                throw new InvalidOperationException($"The feature columns are needed to read segment '{name}' for in_segment.");
            }

            rule = RuleParser.Parse(rules[name], columns, name);
            Parsed[name] = rule;
        }

        Inlining.Add(name);
        try
        {
            return body(rule);
        }
        finally
        {
            Inlining.RemoveAt(Inlining.Count - 1);
        }
    }
}
