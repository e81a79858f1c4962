namespace Sightline.Quality;

/// <summary>One data-quality problem, in plain words, with what it costs the score.</summary>
/// <param name="Code">Stable machine code, such as <c>duplicate_domain</c> or <c>orphans</c>.</param>
/// <param name="Severity">Severity derived from <paramref name="Penalty"/>.</param>
/// <param name="Title">What is wrong, in plain words.</param>
/// <param name="Table">The table concerned, when there is one.</param>
/// <param name="Column">The column concerned, when there is one.</param>
/// <param name="Count">How many rows (or accounts) are affected.</param>
/// <param name="Share">Affected share of the relevant rows, 0..1.</param>
/// <param name="Penalty">Score points this issue costs.</param>
/// <param name="Advice">Why it matters and what to do, in one sentence.</param>
public sealed record QualityIssue(
    string Code,
    IssueSeverity Severity,
    string Title,
    string? Table,
    string? Column,
    long Count,
    double Share,
    double Penalty,
    string Advice);
