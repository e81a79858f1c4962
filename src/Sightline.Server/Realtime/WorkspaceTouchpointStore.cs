using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Server.Realtime;

/// <summary>
/// The workspace's event log for a server: appends go to the workspace's <see cref="TouchpointJournal"/> (durable after
/// one synced write, folded into the table every second), reads see the table and the unfolded entries as one log.
/// </summary>
/// <param name="open">A new connection to the workspace per call.</param>
/// <param name="foldEvery">How often the journal is folded into the table (default <see cref="TouchpointJournal.DefaultFoldEvery"/>).</param>
/// <param name="logger">Where a failed background fold is reported (the events stay durable in the journal).</param>
public sealed class WorkspaceTouchpointStore(Func<Workspace> open, TimeSpan? foldEvery = null, ILogger<WorkspaceTouchpointStore>? logger = null) : ITouchpointStore, IDisposable
{
    private readonly TouchpointJournal _journal = TouchpointJournal.Start(open, foldEvery: foldEvery,
        foldFailed: e => logger?.LogError(e, "Folding the touchpoint journal into the workspace failed; the events stay in the journal and the next fold tries again"));

    /// <summary>The journal behind the store.</summary>
    public TouchpointJournal Journal => _journal;

    /// <inheritdoc />
    public string Description => _journal.Description;

    /// <inheritdoc />
    public Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default) =>
        _journal.AppendAsync(events, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10_000, CancellationToken cancellationToken = default) =>
        _journal.ReadAfterAsync(afterSequence, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default) =>
        _journal.ReadAccountAsync(accountId, afterSequence, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _journal.Dispose();
}
