using System.Globalization;
using YamlDotNet.Core;

namespace Sightline.Workspaces;

/// <summary>
/// The problems the checks of <c>sightline.yaml</c> find, collected rather than thrown, so a file with several mistakes is
/// answered with all of them at once.
/// </summary>
internal sealed class SettingProblems(string file, IReadOnlyDictionary<string, Mark>? keyPositions = null,
    IReadOnlyDictionary<string, Mark>? valuePositions = null)
{
    private readonly List<Diagnostic> _found = [];

    /// <summary>The file name the problems name.</summary>
    public string File { get; } = file;

    /// <summary>The problems found so far, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Found => _found;

    /// <summary>
    /// Records a problem naming the setting, the value seen and what was expected, at the line where the file writes the
    /// value (or its key). A setting the file leaves at its default that others contradict (weights that must sum to 1)
    /// is placed where its section's settings start; a problem in no section the file writes has no line.
    /// </summary>
    public void Add(string key, string? value, string expected) => _found.Add(new Diagnostic(File, LineOf(key), key, value, expected));

    /// <summary>The line the file writes the setting on, else its nearest written section's; null when none is written.</summary>
    public long? LineOf(string key)
    {
        for (var path = key; path.Length > 0; path = Parent(path))
        {
            if (valuePositions is not null && valuePositions.TryGetValue(path, out var value))
            {
                return value.Line;
            }

            if (keyPositions is not null && keyPositions.TryGetValue(path, out var at))
            {
                return at.Line;
            }
        }

        return null;
    }

    /// <summary><c>a.b[2]</c> → <c>a.b</c> → <c>a</c> → empty.</summary>
    private static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut < 0 ? "" : path[..cut];
    }

    /// <summary>Records a problem already worded as a diagnostic (one with its own line and column).</summary>
    public void Add(Diagnostic diagnostic) => _found.Add(diagnostic);

    /// <summary>Records a problem with a key of a map, at the key's line and column when the file has it there.</summary>
    public void AddAtKey(string keyPath, string key, string? value, string expected)
    {
        if (keyPositions is not null && keyPositions.TryGetValue(keyPath, out var at))
        {
            _found.Add(new Diagnostic(File, at.Line, key, value, string.Create(CultureInfo.InvariantCulture, $"column {at.Column}: {expected}")));
        }
        else
        {
            Add(key, value, expected);
        }
    }

    /// <summary>Whether the file writes this key (a setting left out keeps its default, which no check of the user's words concerns).</summary>
    public bool Written(string keyPath) => keyPositions?.ContainsKey(keyPath) ?? false;

    /// <summary>
    /// Records a number that is not finite or not in range; true when it passes. YAML reads <c>.nan</c> and <c>.inf</c> as
    /// numbers, and NaN fails every comparison, so a range check alone would let it through to SQL and arithmetic.
    /// </summary>
    public bool Number(string key, double value, bool inRange, string expected)
    {
        if (double.IsFinite(value) && inRange)
        {
            return true;
        }

        Add(key, SettingChecks.Show(value), expected);
        return false;
    }

    /// <summary>Records a whole number out of range; true when it passes.</summary>
    public bool WholeNumber(string key, long value, bool inRange, string expected)
    {
        if (inRange)
        {
            return true;
        }

        Add(key, value.ToString(CultureInfo.InvariantCulture), expected);
        return false;
    }
}
