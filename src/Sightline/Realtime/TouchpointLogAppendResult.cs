namespace Sightline.Realtime;

/// <summary>The answer to an append, given only after its transaction committed.</summary>
/// <param name="Events">Per event, in input order.</param>
/// <param name="Appended">How many were stored now.</param>
/// <param name="Duplicates">How many repeated an event_id already stored (not applied again).</param>
/// <param name="DuplicatesDiffering">Of the duplicates, how many carried a payload different from the stored copy.</param>
/// <param name="LastSequence">The log's highest sequence after the append (0 for an empty log).</param>
public sealed record TouchpointLogAppendResult(IReadOnlyList<TouchpointLogOutcome> Events, int Appended, int Duplicates, int DuplicatesDiffering,
    long LastSequence);
