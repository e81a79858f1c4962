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

    private sealed class Frame(string path, bool isMap)
    {
        public string Path { get; } = path;

        public bool IsMap { get; } = isMap;

        public bool ExpectKey { get; set; } = true;

        public string Key { get; set; } = "";

        public int Index { get; set; }

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
    public static List<SettingAt> At(string text, Mark at)
    {
        var found = new List<SettingAt>();
        var frames = new Stack<Frame>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext() && parser.Current!.Start.Index <= at.Index)
            {
                switch (parser.Current)
                {
                    case NodeEvent node:
                        var top = frames.Count > 0 ? frames.Peek() : null;
                        if (top is { IsMap: true, ExpectKey: true })
                        {
                            var key = (node as Scalar)?.Value ?? "";
                            if (node.Start.Index == at.Index)
                            {
                                found.Add(new SettingAt(top.Child(key), AtKey: true));
                            }

                            top.Key = key;
                            top.ExpectKey = false;
                            break;
                        }

                        var path = top is null ? "" : top.IsMap ? top.Child(top.Key) : $"{top.Path}[{top.Index}]";
                        if (node.Start.Index == at.Index && path.Length > 0)
                        {
                            found.Add(new SettingAt(path, AtKey: false));
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
