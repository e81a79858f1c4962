using System.Globalization;
using System.Xml;

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
            var keep = Math.Min(cleaned.Length, MaxLength - suffix.Length);
            keep -= keep > 0 && char.IsHighSurrogate(cleaned[keep - 1]) ? 1 : 0;
            name = Trim(cleaned[..keep]) + suffix;
        }

        _taken.Add(name);
        return name;
    }

    private static readonly char[] Forbidden = ['[', ']', ':', '*', '?', '/', '\\'];

    private static string Clean(string wanted)
    {
        var source = wanted ?? "";
        var chars = new char[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            var pair = i + 1 < source.Length && char.IsSurrogatePair(c, source[i + 1]);
            var lone = char.IsSurrogate(c) && !pair && !(i > 0 && char.IsSurrogatePair(source[i - 1], c));
            chars[i] = Array.IndexOf(Forbidden, c) >= 0 || char.IsControl(c) || lone || !(char.IsSurrogate(c) || XmlConvert.IsXmlChar(c)) ? '_' : c;
        }

        var text = Trim(new string(chars));
        if (text.Length > MaxLength)
        {
            // Cut at a whole UTF-16 character: a split surrogate pair would be invalid XML.
            var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            text = Trim(text[..cut]);
        }

        return text.Length == 0 ? "Sheet" : text;
    }

    /// <summary>Strips whitespace and apostrophes from both ends until neither is left there (<c>"a' '"</c> becomes <c>"a"</c>).</summary>
    private static string Trim(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] == '\''))
        {
            start++;
        }

        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] == '\''))
        {
            end--;
        }

        return text[start..end];
    }
}
