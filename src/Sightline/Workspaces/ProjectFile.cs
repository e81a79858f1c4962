using System.Globalization;
using System.Text;

namespace Sightline.Workspaces;

/// <summary>
/// Edits <c>sightline.yaml</c> as text, so the comments and layout a person wrote stay as they are.
/// </summary>
public static class ProjectFile
{
    /// <summary>
    /// Appends a segment to the <c>segments:</c> block list, at the indent its entries already use (creating the list
    /// if needed), and checks the file still loads.
    /// </summary>
    /// <exception cref="BadInputException">
    /// The list is written in flow style (<c>[{...}]</c>), which cannot be extended without rewriting the user's text, or
    /// the result would not load (the file is left as it was either way).
    /// </exception>
    public static ProjectSettings AppendSegment(string workspaceDirectory, SegmentDefinition segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var path = Path.Combine(workspaceDirectory, ProjectSettings.FileName);
        var original = File.Exists(path) ? File.ReadAllText(path) : "";
        var lines = Lines(original);

        var start = lines.FindIndex(l => l.StartsWith("segments:", StringComparison.Ordinal));
        if (start < 0)
        {
            lines.Add("");
            lines.Add("segments:");
            lines.AddRange(Entry(segment, "  "));
        }
        else
        {
            var end = start + 1;
            while (end < lines.Count && (lines[end].Length == 0 || char.IsWhiteSpace(lines[end][0]) || lines[end].StartsWith('#') || lines[end].StartsWith('-')))
            {
                end++;
            }

            var content = Enumerable.Range(start + 1, end - start - 1).Where(i => !IsBlankOrComment(lines[i])).ToList();
            var afterKey = WithoutComment(lines[start]["segments:".Length..]).Trim();
            var flowAt = afterKey is not ("" or "[]") ? start
                : content.Count > 0 && !lines[content[0]].TrimStart().StartsWith('-') ? content[0]
                : -1;
            if (flowAt >= 0)
            {
                throw new BadInputException(new Diagnostic(ProjectSettings.FileName, flowAt + 1, "segments", null,
                    "the segments are not written as a block list ('- name: ...' lines, one entry per segment), so a segment cannot be added "
                    + "without rewriting them: write them that way and try again"));
            }

            // An empty flow list ("segments: []") holds nothing to keep, so it becomes the block list's key.
            if (afterKey == "[]")
            {
                lines[start] = "segments:";
            }

            var indent = content.Count == 0 ? "  " : lines[content[0]][..(lines[content[0]].Length - lines[content[0]].TrimStart().Length)];
            var entry = Entry(segment, indent);

            // Insert after the block's last entry line, before trailing blank or comment lines that belong to what follows.
            while (end > start + 1 && (lines[end - 1].Trim().Length == 0 || (lines[end - 1].StartsWith('#') && end < lines.Count)))
            {
                end--;
            }

            lines.InsertRange(end, entry);
        }

        return WriteChecked(path, original, lines);
    }

    /// <summary>
    /// Replaces the segment of the same name in place (keeping its position and the comments around it), or appends it
    /// when there is none, and checks the file still loads.
    /// </summary>
    /// <exception cref="BadInputException">The segment is written in a form this editor cannot find (flow style), or the result would not load.</exception>
    public static ProjectSettings SaveSegment(string workspaceDirectory, SegmentDefinition segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var path = Path.Combine(workspaceDirectory, ProjectSettings.FileName);
        var original = File.Exists(path) ? File.ReadAllText(path) : "";
        var lines = Lines(original);
        if (Find(lines, segment.Name) is not { } found)
        {
            return AppendSegment(workspaceDirectory, segment);
        }

        var (start, end, indent) = found;
        lines.RemoveRange(start, end - start);
        lines.InsertRange(start, Entry(segment, indent));
        return WriteChecked(path, original, lines);
    }

    /// <summary>Removes a segment's entry and checks the file still loads; false when no entry of that name is written in block style.</summary>
    /// <exception cref="BadInputException">The result would not load (another segment names it as its parent); the file is left as it was.</exception>
    public static bool RemoveSegment(string workspaceDirectory, string name)
    {
        var path = Path.Combine(workspaceDirectory, ProjectSettings.FileName);
        var original = File.Exists(path) ? File.ReadAllText(path) : "";
        var lines = Lines(original);
        if (Find(lines, name) is not { } found)
        {
            return false;
        }

        var (start, end, _) = found;
        lines.RemoveRange(start, end - start);
        WriteChecked(path, original, lines);
        return true;
    }

    private static List<string> Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>The lines of the <c>segments:</c> entry named <paramref name="name"/>: first line, end (exclusive) and the dash's indent.</summary>
    private static (int Start, int End, string Indent)? Find(List<string> lines, string name)
    {
        var block = lines.FindIndex(l => l.StartsWith("segments:", StringComparison.Ordinal));
        if (block < 0)
        {
            return null;
        }

        var end = block + 1;
        while (end < lines.Count && (lines[end].Length == 0 || char.IsWhiteSpace(lines[end][0]) || lines[end].StartsWith('#') || lines[end].StartsWith('-')))
        {
            end++;
        }

        // Entries start at a dash; an entry runs to the next dash at the same indent, less trailing blank and comment lines.
        var starts = Enumerable.Range(block + 1, end - block - 1).Where(i => lines[i].TrimStart().StartsWith('-')).ToList();
        if (starts.Count == 0)
        {
            return null;
        }

        var indent = lines[starts[0]][..(lines[starts[0]].Length - lines[starts[0]].TrimStart().Length)];
        starts = starts.Where(i => lines[i].StartsWith(indent + "-", StringComparison.Ordinal)).ToList();
        for (var k = 0; k < starts.Count; k++)
        {
            var first = starts[k];
            var last = k + 1 < starts.Count ? starts[k + 1] : end;
            while (last > first + 1 && (lines[last - 1].Trim().Length == 0 || lines[last - 1].TrimStart().StartsWith('#')))
            {
                last--;
            }

            var named = Enumerable.Range(first, last - first).Select(i => lines[i].Trim().TrimStart('-').Trim())
                .Where(l => l.StartsWith("name:", StringComparison.Ordinal))
                .Select(l => Unquote(l["name:".Length..]))
                .FirstOrDefault();
            if (named == name)
            {
                return (first, last, indent);
            }
        }

        return null;
    }

    /// <summary>A plain or quoted YAML scalar's text, without a trailing comment.</summary>
    private static string Unquote(string value)
    {
        var text = value.Trim();
        if (text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text.IndexOf(text[0], 1) is var close and > 0)
        {
            return text[1..close];
        }

        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? text[..comment] : text).Trim();
    }

    private static List<string> Entry(SegmentDefinition segment, string indent)
    {
        var entry = new List<string> { $"{indent}- name: {segment.Name}" };
        if (segment.Description is { Length: > 0 } description)
        {
            entry.Add($"{indent}  description: {Quote(description)}");
        }

        entry.Add($"{indent}  rule: {Quote(segment.Rule)}");
        if (segment.Parent is { } parent)
        {
            entry.Add($"{indent}  parent: {parent}");
        }

        entry.Add($"{indent}  priority: {segment.Priority.ToString(CultureInfo.InvariantCulture)}");
        return entry;
    }

    private static bool IsBlankOrComment(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');

    /// <summary>The text before a YAML comment (a '#' at the start or after a space).</summary>
    private static string WithoutComment(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                return text[..i];
            }
        }

        return text;
    }

    /// <summary>Writes the lines and loads the file; restores the original text when it no longer loads.</summary>
    private static ProjectSettings WriteChecked(string path, string original, List<string> lines)
    {
        // A file written with CRLF (an editor on Windows) keeps its line endings.
        var newline = original.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        File.WriteAllText(path, string.Join(newline, lines) + newline);
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
                // YAML reads NEL, LS and PS as line breaks and a BOM as a mark, so they are escaped like the control characters.
                _ when char.IsControl(ch) || ch is '\u2028' or '\u2029' or '\uFEFF' => "\\u" + ((int)ch).ToString("X4", CultureInfo.InvariantCulture),
                _ => ch.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
