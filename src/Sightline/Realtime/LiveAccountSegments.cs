using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// The segments of sightline.yaml evaluated on one row in memory with <see cref="RuleEvaluator"/>, following the batch's
/// <c>SegmentEngine</c> exactly: a segment holds when its rule is true (unknown counts as no, as SQL's coalesce does)
/// and, for a micro-segment, its parent holds; the assigned segment is the first top-level segment by priority (then
/// file order) that holds, then, level by level, the first of its children by the same order that holds.
/// </summary>
public sealed class LiveAccountSegments
{
    private readonly List<SegmentDefinition> _segments;
    private readonly Dictionary<string, RuleNode> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ruleTexts;
    private readonly List<SegmentDefinition> _ranked;
    private readonly RuleColumns _columns;

    /// <summary>Parses every rule once.</summary>
    /// <exception cref="RuleSyntaxException">A rule does not parse or names an unknown column (with line and column).</exception>
    /// <exception cref="BadInputException">A parent names no segment, or parents form a cycle.</exception>
    public LiveAccountSegments(IReadOnlyList<SegmentDefinition> segments, RuleColumns columns)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _columns = columns ?? throw new ArgumentNullException(nameof(columns));
        _segments = [.. segments];
        _ruleTexts = _segments.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        foreach (var segment in _segments)
        {
            _rules[segment.Name] = RuleParser.Parse(segment.Rule, columns, segment.Name);
            if (segment.Parent is { } parent && !_ruleTexts.ContainsKey(parent))
            {
                throw new BadInputException(new Diagnostic(ProjectSettings.FileName, null, $"segments.{segment.Name}.parent", parent, "no segment of this name"));
            }
        }

        foreach (var segment in _segments)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { segment.Name };
            for (var p = segment.Parent; p is not null; p = _segments.First(s => s.Name == p).Parent)
            {
                if (!seen.Add(p))
                {
                    throw new BadInputException(new Diagnostic(ProjectSettings.FileName, null, $"segments.{segment.Name}.parent", segment.Parent, "the parents form a cycle"));
                }
            }
        }

        _ranked = [.. _segments.Select((s, i) => (Segment: s, Order: i)).OrderBy(x => x.Segment.Priority).ThenBy(x => x.Order).Select(x => x.Segment)];
    }

    /// <summary>The segment definitions, in file order.</summary>
    public IReadOnlyList<SegmentDefinition> Definitions => _segments;

    /// <summary>The rule text of a segment (for reasons), or null.</summary>
    public string? RuleOf(string segment) => _ruleTexts.GetValueOrDefault(segment);

    /// <summary>Evaluates every segment on <paramref name="row"/>, with <c>days_since</c> counting to <paramref name="asOf"/>.</summary>
    public LiveAccountMembership Evaluate(IReadOnlyDictionary<string, object?> row, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(row);
        var holds = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Holds(SegmentDefinition segment)
        {
            if (holds.TryGetValue(segment.Name, out var known))
            {
                return known;
            }

            var own = RuleEvaluator.Evaluate(_rules[segment.Name], row, asOf, _ruleTexts, _columns) == true;
            var value = own && (segment.Parent is not { } parent || Holds(_segments.First(s => s.Name == parent)));
            holds[segment.Name] = value;
            return value;
        }

        var members = _segments.Where(Holds).Select(s => s.Name).ToList();
        var assigned = _ranked.FirstOrDefault(s => s.Parent is null && holds[s.Name])?.Name;
        while (assigned is not null && _ranked.FirstOrDefault(s => s.Parent == assigned && holds[s.Name]) is { } child)
        {
            assigned = child.Name;
        }

        return new LiveAccountMembership(members, assigned);
    }
}
