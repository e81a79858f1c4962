namespace Sightline.Realtime;

/// <summary>A store whose work is synchronous (a local file or the embedded database): the async members only wrap it.</summary>
public abstract class SynchronousTouchpointStore : ITouchpointStore
{
    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>Appends validated events; per event appended or duplicate, once they are durable.</summary>
    public abstract TouchpointLogAppendResult Append(IReadOnlyList<TouchpointEvent> events);

    /// <summary>The stored events after <paramref name="afterSequence"/> in sequence order, at most <paramref name="limit"/>.</summary>
    public abstract IReadOnlyList<TouchpointLogEntry> ReadAfter(long afterSequence, int limit = 10_000);

    /// <summary>One account's stored events after <paramref name="afterSequence"/>, in sequence order.</summary>
    public abstract IReadOnlyList<TouchpointLogEntry> ReadAccount(string accountId, long afterSequence);

    /// <inheritdoc />
    public Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default) =>
        Task.FromResult(Append(events));

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10_000, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadAfter(afterSequence, limit));

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadAccount(accountId, afterSequence));
}
