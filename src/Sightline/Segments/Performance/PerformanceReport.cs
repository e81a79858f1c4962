namespace Sightline.Segments.Performance;

/// <summary>The result of a performance run: the revenue bridge, the cohort matrix and the trends.</summary>
/// <param name="RunId">The run id the workspace tables carry.</param>
/// <param name="Period">The period length.</param>
/// <param name="SegmentSet">The column the segments come from; null for one segment "all".</param>
/// <param name="Bridge">One row per period and segment, by segment then period.</param>
/// <param name="Cohorts">The cohort matrix, by segment, cohort and offset.</param>
/// <param name="Trends">One row per segment.</param>
public sealed record PerformanceReport(
    string RunId,
    PeriodGrain Period,
    string? SegmentSet,
    IReadOnlyList<RevenueBridge> Bridge,
    IReadOnlyList<CohortCell> Cohorts,
    IReadOnlyList<SegmentTrend> Trends);
