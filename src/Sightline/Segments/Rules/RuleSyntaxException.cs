namespace Sightline.Segments.Rules;

/// <summary>
/// A rule's text is wrong: it does not parse, names something unknown, or mixes types.
/// The message gives the position and, where possible, a suggestion; hosts answer it with exit code 2.
/// </summary>
public sealed class RuleSyntaxException : Exception
{
    /// <summary>Creates the exception for a problem at a position in a rule's text.</summary>
    /// <param name="problem">What is wrong, without the position.</param>
    /// <param name="line">1-based line in the rule text.</param>
    /// <param name="column">1-based column (character) in that line.</param>
    /// <param name="hint">What to do instead, shown after a dash; null when there is nothing to suggest.</param>
    /// <param name="source">The segment whose rule this is, or "rule".</param>
    public RuleSyntaxException(string problem, int line, int column, string? hint = null, string source = DefaultSource)
        : base($"{problem} at {line}:{column}{(hint is null ? "" : " — " + hint)}")
    {
        Line = line;
        Column = column;
        RuleName = source;
    }

    /// <summary>The source name used when the rule does not belong to a named segment.</summary>
    public const string DefaultSource = "rule";

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>The segment whose rule text has the problem, or "rule".</summary>
    public string RuleName { get; }

    /// <summary>The problem as a diagnostic, for hosts that print diagnostics.</summary>
    public Diagnostic Diagnostic => new(RuleName, Line, null, null, Message);
}
