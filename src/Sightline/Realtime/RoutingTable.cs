using System.Collections;
using System.Globalization;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// The routing rules of <c>sightline.yaml</c>, parsed once, answering in memory: the first rule whose condition is true
/// (a condition on a missing value is unknown, and unknown does not match, as in SQL) names the team or queue.
/// </summary>
public sealed class RoutingTable
{
    private readonly List<(RoutingRuleDefinition Definition, RuleNode Condition, string[] Reads)> _rules;
    private readonly string _default;

    private RoutingTable(List<(RoutingRuleDefinition, RuleNode, string[])> rules, string @default)
    {
        _rules = rules;
        _default = @default;
    }

    /// <summary>The queue for contacts no rule matches.</summary>
    public string Default => _default;

    /// <summary>The rules' names, in the order tried.</summary>
    public IReadOnlyList<string> RuleNames => _rules.Select(r => r.Definition.Name!).ToList();

    /// <summary>
    /// Parses the section against the routing columns (the standard feature columns, or <paramref name="features"/>
    /// such as a workspace's own), the defined segments and the values the settings give the contact's columns.
    /// </summary>
    /// <exception cref="BadInputException">A rule does not parse, names an unknown column or segment, compares a column with a value it never holds, or lacks <c>to</c>.</exception>
    public static RoutingTable Build(ProjectSettings settings, RuleColumns? features = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Build(settings.Routing ?? new RoutingSettings(), features, settings.Segments.Select(s => s.Name).ToList(),
            known: RoutingColumns.KnownValues(settings));
    }

    /// <summary>Parses the section; rules may name the contact's columns and <paramref name="features"/> (default: the standard feature columns).</summary>
    /// <param name="routing">The section.</param>
    /// <param name="features">Feature columns the rules may name; null for the standard ones.</param>
    /// <param name="segmentNames">The segments <c>in_segment</c> may name.</param>
    /// <param name="file">The settings file, for messages.</param>
    /// <param name="known">The values the contact's text columns can hold (<see cref="RoutingColumns.KnownValues"/>); null checks none.</param>
    /// <exception cref="BadInputException">A rule does not parse, names an unknown column or segment, compares a column with a value it never holds, or lacks <c>to</c>.</exception>
    public static RoutingTable Build(RoutingSettings routing, RuleColumns? features, IReadOnlyList<string> segmentNames, string file = ProjectSettings.FileName,
        IReadOnlyDictionary<string, KnownValues>? known = null)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(segmentNames);
        var columns = features is null ? RoutingColumns.Standard : RoutingColumns.With(features);
        if (known is not null)
        {
            columns = columns with { Known = known };
        }

        var check = routing.Check(file, columns, segmentNames);
        check.ThrowIfAny();
        var rules = routing.Rules.Select((r, i) => (r, ToMembership(check.Rules[i]!), Reads(check.Rules[i]!).ToArray())).ToList();
        return new RoutingTable(rules, routing.Default ?? "unrouted");
    }

    /// <summary>Routes one contact: the first matching rule, else the default queue.</summary>
    public RoutingDecision Route(RoutingRow row, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(row);
        var view = row.AsRuleRow();
        foreach (var (definition, condition, reads) in _rules)
        {
            if (RuleEvaluator.Evaluate(condition, view, asOf) == true)
            {
                return new RoutingDecision(definition.To!, definition.Name,
                    $"rule '{definition.Name}' matched ({definition.When}){Values(reads, view)}");
            }
        }

        return new RoutingDecision(_default, null, _rules.Count == 0
            ? "no routing rules are defined; the default queue"
            : $"none of the {_rules.Count} routing rules matched; the default queue");
    }

    /// <summary>The <c>in_segment</c> calls in a rule.</summary>
    internal static IEnumerable<InSegmentNode> SegmentsNamed(RuleNode node) => Walk(node).OfType<InSegmentNode>();

    private static IEnumerable<string> Reads(RuleNode node) =>
        Walk(node).Select(n => n switch
        {
            ColumnNode c => c.Name,
            InSegmentNode => RoutingColumns.Segments,
            HasProductNode => RuleColumns.ProductFamilies,
            DaysSinceNode d => d.Date.Name,
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal);

    private static IEnumerable<RuleNode> Walk(RuleNode node)
    {
        yield return node;
        var children = node switch
        {
            AndNode n => [n.Left, n.Right],
            OrNode n => [n.Left, n.Right],
            NotNode n => [n.Operand],
            ComparisonNode n => [n.Left, n.Right],
            InNode n => [n.Value, .. n.Items],
            BetweenNode n => [n.Value, n.Low, n.High],
            ContainsNode n => [n.Value, n.Part],
            StartsWithNode n => [n.Value, n.Prefix],
            IsNullNode n => [n.Value],
            DaysSinceNode n => [n.Date],
            _ => Array.Empty<RuleNode>(),
        };
        foreach (var child in children.SelectMany(Walk))
        {
            yield return child;
        }
    }

    /// <summary>
    /// <c>in_segment('x')</c> in a routing rule means "the account is in segment x now", which the live state knows:
    /// it becomes membership of the <c>segments</c> list rather than re-evaluating x's rule on the contact's row.
    /// </summary>
    private static RuleNode ToMembership(RuleNode node) => node switch
    {
        InSegmentNode s => new ContainsNode(new ColumnNode(RoutingColumns.Segments, FeatureType.TextList), new LiteralNode(s.Segment, FeatureType.Text))
        { Line = s.Line, Column = s.Column },
        AndNode n => n with { Left = ToMembership(n.Left), Right = ToMembership(n.Right) },
        OrNode n => n with { Left = ToMembership(n.Left), Right = ToMembership(n.Right) },
        NotNode n => n with { Operand = ToMembership(n.Operand) },
        ComparisonNode n => n with { Left = ToMembership(n.Left), Right = ToMembership(n.Right) },
        _ => node,
    };

    private static string Values(string[] reads, IReadOnlyDictionary<string, object?> row)
    {
        if (reads.Length == 0)
        {
            return "";
        }

        return ": " + string.Join(", ", reads.Select(name => $"{name} = {Show(row.TryGetValue(name, out var v) ? v : null)}"));
    }

    private static string Show(object? value) => value switch
    {
        null or DBNull => "unknown",
        string s => s,
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>()) + "]",
        _ => value.ToString() ?? "",
    };
}
