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
        var what = (Column, Value) switch
        {
            (not null, not null) => $"column '{Column}' value '{Value}': ",
            (not null, null) => $"column '{Column}': ",
            (null, not null) => $"value '{Value}': ",
            _ => "",
        };
        return $"{where}: {what}{Message}";
    }
}
