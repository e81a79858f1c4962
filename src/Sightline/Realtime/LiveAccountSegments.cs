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
    private readonly int[] _rankedIndex;
    private readonly int[] _parentIndex;
    private readonly RuleColumns _columns;

    /// <summary>Parses every rule once.</summary>
    /// <exception cref="RuleSyntaxException">A rule does not parse or names an unknown column (with line and column).</exception>
    /// <exception cref="BadInputException">A parent names no segment, or parents form a cycle.</exception>
    public LiveAccountSegments(ProjectSettings settings, RuleColumns columns)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var segments = settings.Segments;
        _columns = columns ?? throw new ArgumentNullException(nameof(columns));
        _segments = [.. segments];
        _ruleTexts = _segments.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        foreach (var segment in _segments)
        {
            _rules[segment.Name] = RuleParser.Parse(segment.Rule, columns, segment.Name);
            if (segment.Parent is { } parent && !_ruleTexts.ContainsKey(parent))
            {
                throw new BadInputException(settings.Problem($"segments.{segment.Name}.parent", parent, "no segment of this name"));
            }
        }

        foreach (var segment in _segments)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { segment.Name };
            for (var p = segment.Parent; p is not null; p = _segments.First(s => s.Name == p).Parent)
            {
                if (!seen.Add(p))
                {
                    throw new BadInputException(settings.Problem($"segments.{segment.Name}.parent", segment.Parent, "the parents form a cycle"));
                }
            }
        }

        _rankedIndex = [.. _segments.Select((s, i) => (Segment: s, Order: i)).OrderBy(x => x.Segment.Priority).ThenBy(x => x.Order).Select(x => x.Order)];
        _parentIndex = [.. _segments.Select(s => s.Parent is { } parent ? _segments.FindIndex(p => p.Name == parent) : -1)];
    }

    /// <summary>The segment definitions, in file order.</summary>
    public IReadOnlyList<SegmentDefinition> Definitions => _segments;

    /// <summary>The rule text of a segment (for reasons), or null.</summary>
    public string? RuleOf(string segment) => _ruleTexts.GetValueOrDefault(segment);

    /// <summary>Evaluates every segment on <paramref name="row"/>, with <c>days_since</c> counting to <paramref name="asOf"/>.</summary>
    public LiveAccountMembership Evaluate(IReadOnlyDictionary<string, object?> row, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(row);
        Span<byte> holds = _segments.Count <= 256 ? stackalloc byte[_segments.Count] : new byte[_segments.Count]; // 0 unknown, 1 no, 2 yes
        holds.Clear();
        var members = new List<string>();
        for (var i = 0; i < _segments.Count; i++)
        {
            if (Holds(i, row, asOf, holds))
            {
                members.Add(_segments[i].Name);
            }
        }

        // The first top-level segment (by rank) that holds, then level by level its first child that holds.
        var assigned = FirstHolding(-1, holds);
        while (assigned >= 0 && FirstHolding(assigned, holds) is var child && child >= 0)
        {
            assigned = child;
        }

        return new LiveAccountMembership(members, assigned < 0 ? null : _segments[assigned].Name);
    }

    private int FirstHolding(int parent, ReadOnlySpan<byte> holds)
    {
        foreach (var i in _rankedIndex)
        {
            if (_parentIndex[i] == parent && holds[i] == 2)
            {
                return i;
            }
        }

        return -1;
    }

    private bool Holds(int i, IReadOnlyDictionary<string, object?> row, DateOnly asOf, Span<byte> holds)
    {
        if (holds[i] != 0)
        {
            return holds[i] == 2;
        }

        var segment = _segments[i];
        var own = RuleEvaluator.Evaluate(_rules[segment.Name], row, asOf, _ruleTexts, _columns, segment.Name) == true;
        var value = own && (_parentIndex[i] < 0 || Holds(_parentIndex[i], row, asOf, holds));
        holds[i] = value ? (byte)2 : (byte)1;
        return value;
    }
}
