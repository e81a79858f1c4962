using System.Globalization;
using Sightline.Realtime;
using Sightline.Segments.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sightline.Workspaces;

/// <summary>
/// The <c>routing:</c> section of <c>sightline.yaml</c>: where a contact goes. Rules are tried in the order written and
/// the first whose <c>when</c> matches names the team or queue; a contact no rule matches goes to <see cref="Default"/>.
/// </summary>
public sealed class RoutingSettings
{
    private readonly Dictionary<string, Mark> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarStyle> _styles = new(StringComparer.Ordinal);

    /// <summary>The team or queue for contacts no rule matches.</summary>
    public string? Default { get; set; }

    /// <summary>The rules, first match wins.</summary>
    public List<RoutingRuleDefinition> Rules { get; set; } = [];

    /// <summary>
    /// Remembers where each key of the section is in the file text, so a problem is reported at its line and column
    /// (the deserialiser that fills the settings keeps no positions).
    /// </summary>
    internal void ReadPositions(string text)
    {
        _positions.Clear();
        _styles.Clear();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return; // the deserialiser reports the syntax error itself
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("routing"), out var section))
        {
            return;
        }

        // The section's own problems (no default) point at its key: its value starts a line further down.
        _positions["routing"] = root.Children.Keys.First(k => k is YamlScalarNode { Value: "routing" }).Start;
        if (section is not YamlMappingNode map)
        {
            return;
        }

        foreach (var (key, value) in map.Children)
        {
            Remember($"routing.{key}", value);
        }

        if (map.Children.TryGetValue(new YamlScalarNode("rules"), out var rules) && rules is YamlSequenceNode list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                Remember($"routing.rules[{i}]", list.Children[i]);
                if (list.Children[i] is YamlMappingNode rule)
                {
                    foreach (var (key, value) in rule.Children)
                    {
                        Remember($"routing.rules[{i}].{key}", value);
                    }
                }
            }
        }
    }

    private void Remember(string path, YamlNode node)
    {
        _positions[path] = node.Start;
        if (node is YamlScalarNode scalar)
        {
            _styles[path] = scalar.Style;
        }
    }

    /// <summary>
    /// Checks the section against the routing columns (<see cref="RoutingColumns.Standard"/>), the segments defined and
    /// the values the settings give the contact's columns (size bands, propensity bands, segment names).
    /// </summary>
    internal void Validate(SettingProblems problems, ProjectSettings settings)
    {
        var columns = RoutingColumns.Standard with { Known = RoutingColumns.KnownValues(settings) };
        foreach (var problem in Check(problems.File, columns, settings.Segments.Select(s => s.Name).ToList()).Problems)
        {
            problems.Add(problem);
        }
    }

    /// <summary>Checks the section and parses every rule against the given columns; problems are collected, not thrown.</summary>
    internal RoutingCheck Check(string file, RuleColumns columns, IReadOnlyList<string> segmentNames)
    {
        Rules ??= [];
        var problems = new List<Diagnostic>();
        var parsed = new List<RuleNode?>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Rules.Count > 0 && string.IsNullOrWhiteSpace(Default))
        {
            problems.Add(At(file, "routing", "routing.default", Default, "expected the team or queue for contacts no rule matches, such as default: inside_sales"));
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var path = $"routing.rules[{i}]";
            if (rule is null)
            {
                problems.Add(At(file, path, path, null, "expected a rule: { name: ..., when: ..., to: ... }"));
                parsed.Add(null);
                continue;
            }

            if (!SegmentDefinition.IsValidName(rule.Name))
            {
                problems.Add(At(file, rule.Name is null ? path : path + ".name", path + ".name", rule.Name,
                    SegmentDefinition.NameExpected));
            }
            else if (!names.Add(rule.Name!))
            {
                problems.Add(At(file, path + ".name", path + ".name", rule.Name, "a routing rule of this name is already defined"));
            }

            if (string.IsNullOrWhiteSpace(rule.To))
            {
                problems.Add(At(file, path, path + ".to", rule.To, $"rule '{rule.Name}' needs a team or queue: to: support_desk"));
            }

            if (string.IsNullOrWhiteSpace(rule.When))
            {
                problems.Add(At(file, path, path + ".when", rule.When, $"rule '{rule.Name}' needs a condition: when: \"reason = 'support'\""));
                parsed.Add(null);
                continue;
            }

            try
            {
                var node = RuleParser.Parse(rule.When, columns, rule.Name ?? path);
                if (node.Type != FeatureType.Boolean)
                {
                    throw new RuleSyntaxException($"the rule is {RuleParser.Describe(node)}, not a condition", node.Line, node.Column,
                        "compare it with something, such as reason = 'support'");
                }

                foreach (var segment in RoutingTable.SegmentsNamed(node))
                {
                    if (!segmentNames.Contains(segment.Segment, StringComparer.OrdinalIgnoreCase))
                    {
                        throw new RuleSyntaxException($"unknown segment '{segment.Segment}'", segment.Line, segment.Column,
                            Suggestions.SegmentHint(segment.Segment, segmentNames));
                    }
                }

                parsed.Add(node);
            }
            catch (RuleSyntaxException e)
            {
                var (line, column) = InFile(path + ".when", e.Line, e.Column);
                // The parser places the problem inside the rule text ("at 1:25"); the file position replaces it.
                var marker = string.Create(CultureInfo.InvariantCulture, $" at {e.Line}:{e.Column}");
                var at = e.Message.LastIndexOf(marker, StringComparison.Ordinal);
                var problem = at >= 0 ? e.Message.Remove(at, marker.Length) : e.Message;
                problems.Add(new Diagnostic(file, line, path + ".when", rule.When, string.Create(CultureInfo.InvariantCulture, $"column {column}: {problem}")));
                parsed.Add(null);
            }
        }

        return new RoutingCheck(problems, parsed);
    }

    /// <summary>Where a position inside a rule's text is in the file; for block scalars the column is the one inside the text.</summary>
    private (long? Line, long Column) InFile(string path, int line, int column)
    {
        if (!_positions.TryGetValue(path, out var start))
        {
            return (null, column);
        }

        var style = _styles.GetValueOrDefault(path);
        if (style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return (start.Line + line, column);
        }

        var quote = style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        return line == 1 ? (start.Line, start.Column + quote + column - 1) : (start.Line + line - 1, column);
    }

    private Diagnostic At(string file, string positionPath, string key, string? value, string message)
    {
        if (_positions.TryGetValue(positionPath, out var mark) || _positions.TryGetValue("routing", out mark))
        {
            return new Diagnostic(file, mark.Line, key, value, string.Create(CultureInfo.InvariantCulture, $"column {mark.Column}: {message}"));
        }

        return new Diagnostic(file, null, key, value, message);
    }
}

/// <summary>The outcome of checking the routing section: the problems, and per rule its parsed condition (null when it has a problem).</summary>
internal sealed record RoutingCheck(IReadOnlyList<Diagnostic> Problems, IReadOnlyList<RuleNode?> Rules)
{
    public void ThrowIfAny()
    {
        if (Problems.Count > 0)
        {
            throw new BadInputException(Problems, Problems.Count);
        }
    }
}
