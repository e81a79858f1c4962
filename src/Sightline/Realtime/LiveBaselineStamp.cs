namespace Sightline.Realtime;

/// <summary>
/// Which batch a live state was built from: its as-of date and the run ids of the steps it read. A grain compares its
/// stamp with <see cref="LiveBaseline.CurrentStamp"/> to tell that a batch has run since and its baseline is stale.
/// </summary>
/// <param name="AsOf">The feature table's as-of date.</param>
/// <param name="FeaturesRunId">The features run that built <c>account_features</c>.</param>
/// <param name="SegmentsRunId">The segments run whose memberships and assignments were loaded, or null when none has run.</param>
/// <param name="LookalikeRunId">The latest lookalike scoring run (<c>sightline score</c>), or null.</param>
/// <param name="PropensityRunId">The latest time-window propensity run (window and product models), or null.</param>
public sealed record LiveBaselineStamp(DateOnly AsOf, string? FeaturesRunId, string? SegmentsRunId, string? LookalikeRunId, string? PropensityRunId);
