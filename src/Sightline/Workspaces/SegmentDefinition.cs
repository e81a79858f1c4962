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
                problems.Add($"segments[{i}].name", segment.Name, NameExpected);
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

        var inCycles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i] is not { Parent: { } parent } segment)
            {
                continue;
            }

            if (!names.Contains(parent))
            {
                problems.Add($"segments[{i}].parent", parent, "no segment of this name");
            }
            else if (!inCycles.Contains(segment.Name) && ParentCycle(segments, segment.Name) is { } cycle)
            {
                // One problem per cycle, at the first of its segments in the file.
                inCycles.UnionWith(cycle);
                problems.Add($"segments[{i}].parent", parent, $"the parents form a cycle: {string.Join(" -> ", cycle)}");
            }
        }

        return problems.Found.Count == before;
    }

    /// <summary>
    /// The chain of parents that leads from the named segment back to it (a, b, a), or null when its parents end at a
    /// top-level segment, an unknown name or a cycle that does not pass through it.
    /// </summary>
    internal static List<string>? ParentCycle(IReadOnlyList<SegmentDefinition?> segments, string name)
    {
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment?.Name is { } named)
            {
                parents.TryAdd(named, segment.Parent);
            }
        }

        var path = new List<string> { name };
        for (var p = parents.GetValueOrDefault(name); p is not null && path.Count <= parents.Count; p = parents.GetValueOrDefault(p))
        {
            path.Add(p);
            if (p == name)
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Whether a name is a valid segment name (lowercase letters, digits, '-' and '_', starting with a letter).</summary>
    internal static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>What an invalid name is told, its length limit included (a name too long was told only the letters allowed).</summary>
    internal const string NameExpected = "expected a lowercase name of letters, digits, '-' and '_', starting with a letter, of at most 64 characters";

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
