namespace Sightline;

/// <summary>Quoting helpers for SQL text that Sightline itself builds.</summary>
internal static class Sql
{
    /// <summary>
    /// A string literal: single quotes doubled, so any text is safe inside it. A zero character, which ends the statement
    /// for DuckDB's parser, becomes U+FFFD (it can only come from a file read in the wrong encoding).
    /// </summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal).Replace('\0', '\uFFFD') + "'";

    /// <summary>A quoted identifier: double quotes doubled.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
