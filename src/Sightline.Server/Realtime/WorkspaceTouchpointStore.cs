using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Server.Realtime;

/// <summary>
/// The workspace's event log for a server: appends on one connection of their own (the log serialises them per file),
/// each read on a fresh connection, since a DuckDB connection must not be used by two threads at once and grains replay
/// concurrently.
/// </summary>
public sealed class WorkspaceTouchpointStore(Func<Workspace> open) : ITouchpointStore, IDisposable
{
    private readonly Workspace _appends = open();

    /// <inheritdoc />
    public string Description => new TouchpointLog(_appends).Description;

    /// <inheritdoc />
    public Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_appends)
        {
            return Task.FromResult(new TouchpointLog(_appends).Append(events));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        using var workspace = open();
        return Task.FromResult(new TouchpointLog(workspace).ReadAfter(afterSequence, limit));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default)
    {
        using var workspace = open();
        return Task.FromResult(new TouchpointLog(workspace).ReadAccount(accountId, afterSequence));
    }

    /// <inheritdoc />
    public void Dispose() => _appends.Dispose();
}
