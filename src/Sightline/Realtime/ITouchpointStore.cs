namespace Sightline.Realtime;

/// <summary>
/// Where acknowledged touchpoint events live: the workspace's <c>touchpoint_log</c> by default, PostgreSQL in cluster
/// mode. Every implementation keeps the same promises as <see cref="TouchpointLog"/>: idempotent by event_id (the first
/// copy is kept), gapless sequence in commit order, and an answer only after the events are durable.
/// </summary>
public interface ITouchpointStore
{
    /// <summary>Where the events are kept, in words (for logs and answers).</summary>
    string Description { get; }

    /// <summary>Appends validated events in one transaction; per event appended or duplicate, after the commit.</summary>
    Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The stored events after <paramref name="afterSequence"/> in sequence order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10_000, CancellationToken cancellationToken = default);

    /// <summary>One account's stored events after <paramref name="afterSequence"/>, in sequence order: a grain's replay.</summary>
    Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default);
}
