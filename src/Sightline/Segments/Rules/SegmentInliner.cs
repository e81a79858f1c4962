namespace Sightline.Segments.Rules;

/// <summary>Resolves <c>in_segment('name')</c> to the named segment's parsed rule, catching unknown names and cycles.</summary>
internal sealed class SegmentInliner(RuleColumns? columns, IReadOnlyDictionary<string, string>? segmentRules)
{
    private readonly List<string> _path = [];
    private readonly Dictionary<string, RuleNode> _parsed = new(StringComparer.Ordinal);

    /// <summary>The rule whose text is being read: the segment being inlined, or "rule" for the outermost one.</summary>
    public string CurrentSource => _path.Count == 0 ? RuleSyntaxException.DefaultSource : _path[^1];

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
                Suggestions.Hint(Suggestions.Closest(node.Segment, rules.Keys)), CurrentSource);
        }

        var seen = _path.IndexOf(name);
        if (seen >= 0)
        {
            var through = _path.Skip(seen + 1).Append(name).ToList();
            var problem = through.Count == 1
                ? $"segment '{name}' refers to itself"
                : $"segment '{name}' refers to itself through {string.Join(" -> ", through)}";
            throw new RuleSyntaxException(problem, node.Line, node.Column, null, CurrentSource);
        }

        if (!_parsed.TryGetValue(name, out var rule))
        {
            if (columns is null)
            {
                throw new InvalidOperationException($"The feature columns are needed to read segment '{name}' for in_segment.");
            }

            rule = RuleParser.Parse(rules[name], columns, name);
            _parsed[name] = rule;
        }

        _path.Add(name);
        try
        {
            return body(rule);
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }
}
