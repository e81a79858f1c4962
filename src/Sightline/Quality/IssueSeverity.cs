namespace Sightline.Quality;

/// <summary>How much a quality issue costs the score (see docs/quality.md).</summary>
public enum IssueSeverity
{
    /// <summary>Worth knowing, costs no points (returns, references to tables not loaded yet).</summary>
    Info,

    /// <summary>Costs less than one point.</summary>
    Low,

    /// <summary>Costs one to five points.</summary>
    Medium,

    /// <summary>Costs five points or more.</summary>
    High,
}
