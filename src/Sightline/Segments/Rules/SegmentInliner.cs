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
