namespace Sightline.Server.Realtime;

/// <summary>A segment change, as published on the stream and to the webhook.</summary>
/// <param name="Account">The account.</param>
/// <param name="Entered">Segments entered.</param>
/// <param name="Exited">Segments left.</param>
/// <param name="AssignedBefore">The assigned segment before.</param>
/// <param name="AssignedNow">The assigned segment now.</param>
/// <param name="At">When the grain applied the event.</param>
/// <param name="EventId">The event that caused it.</param>
/// <param name="Sequence">That event's log sequence.</param>
[GenerateSerializer, Immutable]
public sealed record SegmentChange(string Account, IReadOnlyList<string> Entered, IReadOnlyList<string> Exited, string? AssignedBefore, string? AssignedNow,
    DateTimeOffset At, string EventId, long Sequence);
