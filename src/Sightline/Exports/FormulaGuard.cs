namespace Sightline.Exports;

/// <summary>
/// Keeps text from being read as a spreadsheet formula (CSV/formula injection, OWASP): a text cell whose first character is
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading apostrophe. Both export writers use it
/// for every text cell; numbers are written as numbers and never pass through it, so a negative amount stays a number.
/// </summary>
public static class FormulaGuard
{
    /// <summary>The characters that make a spreadsheet start a formula (or hide one behind whitespace).</summary>
    public static IReadOnlyList<char> Triggers { get; } = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>Whether <paramref name="text"/> would be read as (or could smuggle) a formula.</summary>
    public static bool IsTriggered(string? text) => !string.IsNullOrEmpty(text) && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The text with a leading apostrophe when it starts with a trigger; otherwise the text unchanged.</summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsTriggered(text) ? "'" + text : text;
    }
}
