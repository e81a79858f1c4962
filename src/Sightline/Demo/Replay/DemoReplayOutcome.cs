namespace Sightline.Demo.Replay;

/// <summary>
/// One event's outcome as <c>POST /api/touchpoints</c> answered it, reduced to what the replay's summary reads: the
/// log's status, and the account grain's answer (segments, reason for contact, route, next best action).
/// </summary>
/// <param name="EventId">The event.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Status"><c>appended</c> or <c>duplicate</c>.</param>
/// <param name="Sequence">Its log sequence.</param>
/// <param name="Answered">False when the event was logged but its grain did not answer (<paramref name="Error"/> says why).</param>
/// <param name="Applied">True when this call applied the event to the account's live state.</param>
/// <param name="SegmentsNow">Every segment the account is in after the event.</param>
/// <param name="Entered">Segments the event made it enter.</param>
/// <param name="Exited">Segments the event made it leave.</param>
/// <param name="AssignedBefore">Its assigned segment before.</param>
/// <param name="AssignedNow">Its assigned segment after.</param>
/// <param name="Reason">The predicted reason for contact (renewal, support, new_purchase, upgrade), when one was predicted.</param>
/// <param name="ReasonExplanation">The reason in words.</param>
/// <param name="RouteTo">The team or queue the contact goes to.</param>
/// <param name="RouteReason">Why, in words.</param>
/// <param name="NextBestAction">What to do, in words.</param>
/// <param name="EventsApplied">Events the account has applied since its baseline, after this one.</param>
/// <param name="Error">Why the grain did not answer, when it did not.</param>
public sealed record DemoReplayOutcome(
    string EventId, string AccountId, string Status, long Sequence, bool Answered, bool Applied,
    IReadOnlyList<string> SegmentsNow, IReadOnlyList<string> Entered, IReadOnlyList<string> Exited, string? AssignedBefore, string? AssignedNow,
    string? Reason, string? ReasonExplanation, string? RouteTo, string? RouteReason, string? NextBestAction, long EventsApplied, string? Error)
{
    /// <summary>The log's word for an event stored by this call.</summary>
    public const string AppendedStatus = "appended";

    /// <summary>The log's word for an event already stored before.</summary>
    public const string DuplicateStatus = "duplicate";

    /// <summary>The segments before the event: now, less what it entered, plus what it left.</summary>
    public IReadOnlyList<string> SegmentsBefore() =>
        [.. SegmentsNow.Except(Entered, StringComparer.Ordinal).Concat(Exited).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
