using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sightline.Workspaces;

/// <summary>
/// Names the setting at a position of <c>sightline.yaml</c> the way the settings checks name it
/// (<c>scoring.window_days</c>, <c>tiers.size_bands[0].max_revenue</c>), so a YAML error can say which setting it is in.
/// </summary>
internal static class SettingPaths
{
    /// <summary>A setting found at a position: its path, and whether the position is its key (rather than its value).</summary>
    internal readonly record struct SettingAt(string Path, bool AtKey);

    private readonly record struct Found(string Path, bool AtKey, Mark Start, string Key, bool Repeated);

    private sealed class Frame(string path, bool isMap)
    {
        public string Path { get; } = path;

        public bool IsMap { get; } = isMap;

        public bool ExpectKey { get; set; } = true;

        public string Key { get; set; } = "";

        public int Index { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

        /// <summary>Moves past one complete value: a map waits for its next key, a list counts the item.</summary>
        public void Completed()
        {
            if (IsMap)
            {
                ExpectKey = true;
            }
            else
            {
                Index++;
            }
        }
    }

    /// <summary>
    /// The settings whose key or value starts at <paramref name="at"/>, outermost first: a block map's value starts where its
    /// first key does, so a position can be both. Empty when none does or the text does not read that far.
    /// </summary>
    public static List<SettingAt> At(string text, Mark at) =>
        Walk(text, at.Index).Where(s => s.Start.Index == at.Index).Select(s => new SettingAt(s.Path, s.AtKey)).ToList();

    /// <summary>
    /// Where each key and each value of the text starts, by the setting's path (<c>scoring.bands[1]</c> for a list's item;
    /// the first of a key written twice).
    /// </summary>
    public static (Dictionary<string, Mark> Keys, Dictionary<string, Mark> Values) Positions(string text)
    {
        var keys = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var values = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach (var found in Walk(text, long.MaxValue))
        {
            (found.AtKey ? keys : values).TryAdd(found.Path, found.Start);
        }

        return (keys, values);
    }

    /// <summary>A key written again in its map (YAML wants keys unique), with where the repeat starts, in file order.</summary>
    public static List<(string Key, Mark Start)> RepeatedKeys(string text) =>
        Walk(text, long.MaxValue).Where(s => s.Repeated).Select(s => (s.Key, s.Start)).ToList();

    /// <summary>
    /// Every key and value that starts at or before <paramref name="until"/> (a character index), in file order, with its
    /// setting's path; as far as the text reads.
    /// </summary>
    private static List<Found> Walk(string text, long until)
    {
        var found = new List<Found>();
        var frames = new Stack<Frame>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext() && parser.Current!.Start.Index <= until)
            {
                switch (parser.Current)
                {
                    case NodeEvent node:
                        var top = frames.Count > 0 ? frames.Peek() : null;
                        if (top is { IsMap: true, ExpectKey: true })
                        {
                            var key = (node as Scalar)?.Value ?? "";
                            found.Add(new Found(top.Child(key), true, node.Start, key, Repeated: node is Scalar && !top.Keys.Add(key)));
                            top.Key = key;
                            top.ExpectKey = false;
                            break;
                        }

                        var path = top is null ? "" : top.IsMap ? top.Child(top.Key) : $"{top.Path}[{top.Index}]";
                        if (path.Length > 0)
                        {
                            found.Add(new Found(path, false, node.Start, "", Repeated: false));
                        }

                        if (node is MappingStart or SequenceStart)
                        {
                            frames.Push(new Frame(path, node is MappingStart));
                        }
                        else
                        {
                            top?.Completed();
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        frames.TryPop(out _);
                        if (frames.Count > 0)
                        {
                            frames.Peek().Completed();
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // YamlDotNet's parser answers some broken text (an unclosed bracket) with InvalidOperationException.
            // The text stops reading here: the settings found so far are all there are.
        }

        return found;
    }
}
