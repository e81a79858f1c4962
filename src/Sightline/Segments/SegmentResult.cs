namespace Sightline.Segments;

/// <summary>One segment's size and value in a run.</summary>
/// <param name="Name">Segment name.</param>
/// <param name="Parent">Market segment it sits in, or null.</param>
/// <param name="Description">What it is, for people.</param>
/// <param name="Rule">Its rule.</param>
/// <param name="Priority">Lower wins among siblings.</param>
/// <param name="Accounts">Accounts that match the rule (and the parent's).</param>
/// <param name="Customers">Of which customers.</param>
/// <param name="Revenue12m">Their revenue over the last 12 months.</param>
/// <param name="Assigned">Accounts whose one exclusive segment this is.</param>
public sealed record SegmentResult(string Name, string? Parent, string? Description, string Rule, int Priority,
    long Accounts, long Customers, double Revenue12m, long Assigned);

/// <summary>The result of evaluating every segment for one run.</summary>
/// <param name="RunId">The run (memberships are kept per run for migration reports).</param>
/// <param name="AsOf">The feature table's as-of date.</param>
/// <param name="Segments">Per segment, in the order of sightline.yaml.</param>
/// <param name="Accounts">Accounts in the feature table.</param>
/// <param name="Unassigned">Accounts in no top-level segment.</param>
public sealed record SegmentRunReport(string RunId, DateOnly AsOf, IReadOnlyList<SegmentResult> Segments, long Accounts, long Unassigned)
{
    /// <summary>Seconds spent evaluating the rules (every membership and the assignment, in one pass), before they were stored.</summary>
    public double RuleSeconds { get; init; }
}
