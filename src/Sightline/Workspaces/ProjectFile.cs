using System.Globalization;
using System.Text;

namespace Sightline.Workspaces;

/// <summary>
/// Edits <c>sightline.yaml</c> as text, so the comments and layout a person wrote stay as they are.
/// </summary>
public static class ProjectFile
{
    /// <summary>Appends a segment to the <c>segments:</c> list (creating the list if needed) and checks the file still loads.</summary>
    /// <exception cref="BadInputException">The result would not load (the file is left as it was).</exception>
    public static ProjectSettings AppendSegment(string workspaceDirectory, SegmentDefinition segment)
    {
        var path = Path.Combine(workspaceDirectory, ProjectSettings.FileName);
        var original = File.Exists(path) ? File.ReadAllText(path) : "";
        var lines = original.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var entry = new List<string> { $"  - name: {segment.Name}" };
        if (segment.Description is { Length: > 0 } description)
        {
            entry.Add($"    description: {Quote(description)}");
        }

        entry.Add($"    rule: {Quote(segment.Rule)}");
        if (segment.Parent is { } parent)
        {
            entry.Add($"    parent: {parent}");
        }

        entry.Add($"    priority: {segment.Priority.ToString(CultureInfo.InvariantCulture)}");

        var start = lines.FindIndex(l => l.StartsWith("segments:", StringComparison.Ordinal));
        if (start < 0)
        {
            lines.Add("");
            lines.Add("segments:");
            lines.AddRange(entry);
        }
        else
        {
            lines[start] = "segments:";
            var end = start + 1;
            while (end < lines.Count && (lines[end].Length == 0 || char.IsWhiteSpace(lines[end][0]) || lines[end].StartsWith('#') || lines[end].StartsWith('-')))
            {
                end++;
            }

            // Insert after the block's last entry line, before trailing blank or comment lines that belong to what follows.
            while (end > start + 1 && (lines[end - 1].Trim().Length == 0 || (lines[end - 1].StartsWith('#') && end < lines.Count)))
            {
                end--;
            }

            lines.InsertRange(end, entry);
        }

        var text = string.Join('\n', lines) + "\n";
        File.WriteAllText(path, text);
        try
        {
            return ProjectSettings.Load(path);
        }
        catch
        {
            File.WriteAllText(path, original);
            throw;
        }
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in text)
        {
            sb.Append(ch switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => ch.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
