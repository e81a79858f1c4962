namespace Sightline.Realtime;

/// <summary>One event's outcome in an append, with the reason in words.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Status">Appended or duplicate.</param>
/// <param name="Sequence">The log sequence the event_id is stored under (for a duplicate: the first copy's).</param>
/// <param name="Differences">For a duplicate whose payload differs from the stored copy: each differing field with both values
/// (the stored copy is kept). Empty otherwise.</param>
/// <param name="Reason">What happened, in words.</param>
public sealed record TouchpointLogOutcome(string EventId, TouchpointLogStatus Status, long Sequence, IReadOnlyList<string> Differences, string Reason)
{
    /// <summary>True for a duplicate whose payload differs from the stored event.</summary>
    public bool PayloadDiffers => Differences.Count > 0;
}
