namespace Sightline.Realtime;

/// <summary>
/// What one append will do, decided before anything is written: which events are new (and their sequences, counting on
/// from the highest stored one) and which are duplicates of a stored event or of an earlier event of the same batch,
/// with the reason in words. Every <see cref="ITouchpointStore"/> builds its answer here, so the workspace log and the
/// PostgreSQL log number events and word duplicates identically; the store only has to hold its lock while it looks the
/// batch's ids up, plans, writes <see cref="NewEntries"/> and commits.
/// </summary>
public sealed class TouchpointAppendPlan
{
    private TouchpointAppendPlan(IReadOnlyList<TouchpointLogOutcome> outcomes, IReadOnlyList<TouchpointLogEntry> newEntries, long lastSequence)
    {
        Outcomes = outcomes;
        NewEntries = newEntries;
        LastSequence = lastSequence;
    }

    /// <summary>Per event, in input order.</summary>
    public IReadOnlyList<TouchpointLogOutcome> Outcomes { get; }

    /// <summary>The events to store, each with its new sequence, in sequence order.</summary>
    public IReadOnlyList<TouchpointLogEntry> NewEntries { get; }

    /// <summary>The highest sequence once <see cref="NewEntries"/> are stored.</summary>
    public long LastSequence { get; }

    /// <summary>Plans an append.</summary>
    /// <param name="events">The validated events, in input order.</param>
    /// <param name="stored">The stored copies of those of the batch's event_ids that the log already holds.</param>
    /// <param name="lastSequence">The highest sequence stored (0 for an empty log), read under the store's append lock.</param>
    /// <param name="receivedAt">When the store receives the batch; kept to the microsecond, what both databases store.</param>
    public static TouchpointAppendPlan Create(IReadOnlyList<TouchpointEvent> events, IReadOnlyDictionary<string, TouchpointLogEntry> stored,
        long lastSequence, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(stored);
        receivedAt = new DateTimeOffset(receivedAt.UtcTicks - receivedAt.UtcTicks % 10, TimeSpan.Zero);
        var outcomes = new List<TouchpointLogOutcome>(events.Count);
        var newEntries = new List<TouchpointLogEntry>(events.Count);
        var firstInBatch = new Dictionary<string, (TouchpointEvent Event, long Sequence, int Position)>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (stored.TryGetValue(e.EventId, out var earlier))
            {
                outcomes.Add(Duplicate(e, earlier.Event, earlier.Sequence,
                    $"already in the log as sequence {earlier.Sequence} (received {TouchpointEventFields.Format(earlier.ReceivedAt)})"));
            }
            else if (firstInBatch.TryGetValue(e.EventId, out var first))
            {
                outcomes.Add(Duplicate(e, first.Event, first.Sequence, $"repeats event {first.Position + 1} of this batch (sequence {first.Sequence})"));
            }
            else
            {
                var sequence = ++lastSequence;
                firstInBatch[e.EventId] = (e, sequence, i);
                newEntries.Add(new TouchpointLogEntry(sequence, receivedAt, e));
                outcomes.Add(new TouchpointLogOutcome(e.EventId, TouchpointLogStatus.Appended, sequence, [], $"appended as sequence {sequence}"));
            }
        }

        return new TouchpointAppendPlan(outcomes, newEntries, lastSequence);
    }

    /// <summary>The append's answer, to be returned once <see cref="NewEntries"/> are committed.</summary>
    public TouchpointLogAppendResult Result()
    {
        var duplicates = Outcomes.Count(o => o.Status == TouchpointLogStatus.Duplicate);
        return new TouchpointLogAppendResult(Outcomes, Outcomes.Count - duplicates, duplicates, Outcomes.Count(o => o.PayloadDiffers), LastSequence);
    }

    private static TouchpointLogOutcome Duplicate(TouchpointEvent received, TouchpointEvent stored, long sequence, string where)
    {
        var differences = stored.Differences(received);
        var reason = differences.Count == 0
            ? $"duplicate: {where}; not applied again"
            : $"duplicate with a different payload: {where}; the stored event was kept and this one ignored ({string.Join("; ", differences)})";
        return new TouchpointLogOutcome(received.EventId, TouchpointLogStatus.Duplicate, sequence, differences, reason);
    }
}
