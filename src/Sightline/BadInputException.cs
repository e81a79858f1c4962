namespace Sightline;

/// <summary>
/// User input (a file, a setting, an argument) is wrong. Hosts answer it with the diagnostics
/// and exit code 2; nothing was changed.
/// </summary>
public sealed class BadInputException : Exception
{
    /// <summary>How many diagnostics are carried at most; the rest are only counted.</summary>
    public const int MaxShown = 20;

    /// <summary>Creates the exception from the diagnostics found (the first <see cref="MaxShown"/> are kept).</summary>
    public BadInputException(IReadOnlyList<Diagnostic> diagnostics, long totalCount)
        : base(Describe(diagnostics, totalCount))
    {
        Diagnostics = diagnostics.Take(MaxShown).ToList();
        TotalCount = Math.Max(totalCount, diagnostics.Count);
    }

    /// <summary>Creates the exception from one diagnostic.</summary>
    public BadInputException(Diagnostic diagnostic)
        : this([diagnostic], 1)
    {
    }

    /// <summary>Creates the exception from a plain message about a named source.</summary>
    public BadInputException(string source, string message)
        : this(new Diagnostic(source, null, null, null, message))
    {
    }

    /// <summary>The first problems found, in file order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>How many problems were found in all.</summary>
    public long TotalCount { get; }

    /// <summary>What else the reader should know to make sense of the problems (an import's files that named no table, skipped).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Notes about the files as read (an encoding, a header renamed), which often explain the problems: told before them.</summary>
    public IReadOnlyList<string> FileNotes { get; init; } = [];

    /// <inheritdoc/>
    public override string Message => FileNotes.Count == 0 && Notes.Count == 0 ? base.Message
        : string.Join(Environment.NewLine, [.. FileNotes.Select(n => $"note: {n}"), base.Message, .. Notes.Select(n => $"note: {n}")]);

    private static string Describe(IReadOnlyList<Diagnostic> diagnostics, long totalCount)
    {
        var shown = diagnostics.Take(MaxShown).Select(d => d.ToString()).ToList();
        var more = Math.Max(totalCount, diagnostics.Count) - shown.Count;
        if (more > 0)
        {
            shown.Add($"... and {more:N0} more problem{(more == 1 ? "" : "s")}");
        }

        return string.Join(Environment.NewLine, shown);
    }
}
