namespace Sightline.Segments.Performance;

/// <summary>What a performance run computes.</summary>
/// <param name="Period">The period length (month, quarter or year).</param>
/// <param name="RunId">The run id written with every row of <c>performance_bridge</c> and <c>performance_cohorts</c>.</param>
public sealed record PerformanceOptions(PeriodGrain Period, string RunId)
{
    /// <summary>
    /// The segment set: a column of <c>accounts</c> or of <c>account_features</c>; null for one segment "all".
    /// </summary>
    public string? By { get; init; }

    /// <summary>Report periods from the one containing this date (history before it still classifies accounts).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Report periods up to the one containing this date.</summary>
    public DateOnly? To { get; init; }

    /// <summary>How many of the last periods the trend averages cover (at least 1).</summary>
    public int TrendPeriods { get; init; } = 3;
}
