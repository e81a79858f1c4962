using System.Globalization;

namespace Sightline.Exports;

/// <summary>
/// Valid, unique worksheet names: at most 31 characters, none of <c>[ ] : * ? / \</c>, not starting or ending with an
/// apostrophe, not Excel's reserved <c>History</c>, and unique ignoring case (as Excel compares them), with a
/// <c> (2)</c>, <c> (3)</c>… suffix for repeats.
/// </summary>
public sealed class SheetNames
{
    /// <summary>Excel's limit on a sheet name's length.</summary>
    public const int MaxLength = 31;

    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase) { "History" };

    /// <summary>Whether <paramref name="name"/> is a name Excel accepts (uniqueness aside).</summary>
    public static bool IsValid(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxLength && name.IndexOfAny(Forbidden) < 0 && name[0] != '\'' && name[^1] != '\''
        && !name.Any(char.IsControl) && !string.Equals(name, "History", StringComparison.OrdinalIgnoreCase);

    /// <summary>A valid name from <paramref name="wanted"/> not given out before by this instance.</summary>
    public string Take(string wanted)
    {
        var cleaned = Clean(wanted);
        var name = cleaned;
        for (var n = 2; _taken.Contains(name); n++)
        {
            var suffix = string.Create(CultureInfo.InvariantCulture, $" ({n})");
            name = Trim(cleaned[..Math.Min(cleaned.Length, MaxLength - suffix.Length)]) + suffix;
        }

        _taken.Add(name);
        return name;
    }

    private static readonly char[] Forbidden = ['[', ']', ':', '*', '?', '/', '\\'];

    private static string Clean(string wanted)
    {
        var chars = (wanted ?? "").Select(c => Array.IndexOf(Forbidden, c) >= 0 || char.IsControl(c) ? '_' : c).ToArray();
        var text = Trim(new string(chars));
        if (text.Length > MaxLength)
        {
            // Cut at a whole UTF-16 character: a split surrogate pair would be invalid XML.
            var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            text = Trim(text[..cut]);
        }

        return text.Length == 0 ? "Sheet" : text;
    }

    private static string Trim(string text) => text.Trim().Trim('\'').Trim();
}
