namespace Sightline.Segments.Performance;

/// <summary>A segment's recent direction, over the last periods of the report.</summary>
/// <param name="Segment">The segment value ("all" without a segment set).</param>
/// <param name="LastPeriod">First day of the last reported period.</param>
/// <param name="Periods">How many periods the window covers.</param>
/// <param name="Current">Customer revenue in the last period.</param>
/// <param name="LastGrowthRate">Growth of the last period over the one before; null when that was zero.</param>
/// <param name="AverageGrowthRate">Mean period growth rate over the window (periods starting from zero left out); null when none.</param>
/// <param name="LastNetRevenueRetention">NRR of the last period; null when the previous revenue was zero.</param>
/// <param name="NetRevenueRetention">NRR over the window, pooled: Σ(Previous − Churned − Contraction + Expansion) ÷ ΣPrevious.</param>
/// <param name="GrossRevenueRetention">GRR over the window, pooled: Σ(Previous − Churned − Contraction) ÷ ΣPrevious.</param>
public sealed record SegmentTrend(
    string Segment,
    DateOnly LastPeriod,
    int Periods,
    decimal Current,
    double? LastGrowthRate,
    double? AverageGrowthRate,
    double? LastNetRevenueRetention,
    double? NetRevenueRetention,
    double? GrossRevenueRetention);
