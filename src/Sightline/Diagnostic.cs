namespace Sightline;

/// <summary>One problem found in user input: where it is, what was seen and what was expected.</summary>
/// <param name="File">File name (without folder) or other source such as "sightline.yaml".</param>
/// <param name="Line">1-based line (or sheet/row number) where the problem is; null when it concerns the whole file.</param>
/// <param name="Column">Column name, when the problem is in one column.</param>
/// <param name="Value">The offending value as read, when there is one.</param>
/// <param name="Message">What is wrong or what was expected.</param>
public sealed record Diagnostic(string File, long? Line, string? Column, string? Value, string Message)
{
    /// <summary>The form users see: <c>orders.csv:1042: column 'amount' value 'abc': not a number</c>.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var value = Shown(Value);
        var what = (Column, value) switch
        {
            (not null, not null) => $"column '{Column}' value '{value}': ",
            (not null, null) => $"column '{Column}': ",
            (null, not null) => $"value '{value}': ",
            _ => "",
        };
        return $"{where}: {what}{Message}";
    }

    /// <summary>The longest value a message repeats whole; a longer one (a pasted document, a 10 KB rule) is cut, saying so.</summary>
    public const int LongestValueShown = 200;

    /// <summary>
    /// Text as a message or the audit log shows it: every control character (C0, DEL, C1) written as a lower-case
    /// <c>\uXXXX</c> escape, so none reaches a terminal or a log, and DuckDB, which cuts text at U+0000, stores it whole.
    /// </summary>
    public static string Visible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var shown = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                shown.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }

    private static string? Shown(string? value)
    {
        if (value is null || value.Length <= LongestValueShown)
        {
            return value;
        }

        var kept = char.IsHighSurrogate(value[(LongestValueShown / 2) - 1]) ? (LongestValueShown / 2) - 1 : LongestValueShown / 2;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value[..kept]}… ({value.Length:N0} characters)");
    }
}
