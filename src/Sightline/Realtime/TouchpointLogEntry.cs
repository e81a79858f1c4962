namespace Sightline.Realtime;

/// <summary>One stored event of the log.</summary>
/// <param name="Sequence">Its position: 1, 2, 3 ... in commit order, without gaps.</param>
/// <param name="ReceivedAt">When the log stored it (UTC).</param>
/// <param name="Event">The event as acknowledged.</param>
public sealed record TouchpointLogEntry(long Sequence, DateTimeOffset ReceivedAt, TouchpointEvent Event);
