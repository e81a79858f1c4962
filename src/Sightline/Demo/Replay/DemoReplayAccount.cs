namespace Sightline.Demo.Replay;

/// <summary>One account the replayed day touched: its segments at the start and at the end of the day.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Events">The day's events of the account that its grain answered.</param>
/// <param name="SegmentsBefore">Its segments before its first event of the day.</param>
/// <param name="SegmentsAfter">Its segments after its last event.</param>
/// <param name="AssignedBefore">Its assigned segment before.</param>
/// <param name="AssignedAfter">Its assigned segment after.</param>
/// <param name="EventsApplied">Events applied since its baseline, as its last answer said.</param>
public sealed record DemoReplayAccount(string AccountId, int Events, IReadOnlyList<string> SegmentsBefore, IReadOnlyList<string> SegmentsAfter,
    string? AssignedBefore, string? AssignedAfter, long EventsApplied)
{
    /// <summary>True when the day left it in other segments than it started in.</summary>
    public bool Changed => !SegmentsBefore.SequenceEqual(SegmentsAfter, StringComparer.Ordinal);
}
