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
