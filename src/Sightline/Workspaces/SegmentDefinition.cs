using System.Text.RegularExpressions;

namespace Sightline.Workspaces;

/// <summary>A segment as written in <c>sightline.yaml</c>.</summary>
public sealed partial class SegmentDefinition
{
    /// <summary>Unique name: lowercase letters, digits, '-' and '_'.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the segment is, for people.</summary>
    public string? Description { get; set; }

    /// <summary>The rule over the feature table (docs/segment-language.md).</summary>
    public string Rule { get; set; } = "";

    /// <summary>The market segment this micro-segment sits in, or null for a top-level segment.</summary>
    public string? Parent { get; set; }

    /// <summary>Among siblings, the lowest priority that matches is the account's one segment.</summary>
    public int Priority { get; set; } = 100;

    /// <summary>Records every problem of the segments; true when there is none.</summary>
    internal static bool ValidateAll(List<SegmentDefinition> segments, SettingProblems problems)
    {
        var before = problems.Found.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment is null)
            {
                problems.Add($"segments[{i}]", null, "expected a segment: { name: ..., rule: ... }");
                continue;
            }

            if (!NamePattern().IsMatch(segment.Name ?? ""))
            {
                problems.Add($"segments[{i}].name", segment.Name, "expected a lowercase name of letters, digits, '-' and '_', starting with a letter");
            }
            else if (!names.Add(segment.Name!))
            {
                problems.Add($"segments[{i}].name", segment.Name, "a segment of this name is already defined");
            }

            if (string.IsNullOrWhiteSpace(segment.Rule))
            {
                problems.Add($"segments[{i}].rule", null, $"segment '{segment.Name}' needs a rule");
            }
        }

        foreach (var segment in segments.Where(s => s?.Parent is not null && !names.Contains(s.Parent)))
        {
            problems.Add($"segments.{segment.Name}.parent", segment.Parent, "no segment of this name");
        }

        return problems.Found.Count == before;
    }

    /// <summary>Whether a name is a valid segment name (lowercase letters, digits, '-' and '_', starting with a letter).</summary>
    internal static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();
}
