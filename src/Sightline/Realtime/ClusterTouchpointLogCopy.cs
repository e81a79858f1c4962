using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// A workspace's copy of a cluster's touchpoint log (<c>cluster_touchpoint_log</c>), so that a batch run counts the
/// touches logged in cluster mode as it counts the workspace log's: the servers of a cluster log to PostgreSQL, which a
/// batch run does not read. The copy keeps the cluster's sequences, which is what lets a cluster grain built from the
/// next baseline skip the events that baseline counts (<see cref="TouchpointLogInBatch.LoadClusterCopy"/>).
/// </summary>
/// <remarks>
/// Incremental: each copy reads the events after the highest sequence held, a page at a time. A log is known by its
/// first event (its event_id and when it was received): a copy of another log (a new cluster database, or one
/// recreated) is replaced, never merged, since its sequences would mean other events. Events the batch already copied
/// into <c>touchpoints</c> stay there either way.
/// </remarks>
public static class ClusterTouchpointLogCopy
{
    /// <summary>The copy.</summary>
    public const string Table = "cluster_touchpoint_log";

    /// <summary>One row: which log the copy is of (<see cref="Identity"/>), in words, and when it was last brought up to date.</summary>
    public const string SourceTable = "cluster_touchpoint_log_source";

    private const int Page = 10_000;

    /// <summary>How a log is known: its first event, which no other log shares (event_id and the microsecond it was received).</summary>
    public static string Identity(TouchpointLogEntry first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return string.Create(CultureInfo.InvariantCulture, $"{first.Event.EventId} received {first.ReceivedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}");
    }

    /// <summary>The identity of a live log: that of its first event, or null while it is empty.</summary>
    public static async Task<string?> IdentityOfAsync(ITouchpointStore log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var first = await log.ReadAfterAsync(0, 1, cancellationToken).ConfigureAwait(false);
        return first.Count == 0 ? null : Identity(first[0]);
    }

    /// <summary>The identity of the log the workspace holds a copy of, or null when it holds none.</summary>
    public static string? CopiedFrom(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.Scalar($"SELECT log FROM {SourceTable} LIMIT 1") as string;
    }

    /// <summary>Brings the workspace's copy of <paramref name="log"/> up to date: every event after the highest sequence held.</summary>
    public static async Task<ClusterTouchpointLogCopyResult> CopyAsync(Workspace workspace, ITouchpointStore log, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(log);
        var identity = await IdentityOfAsync(log, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return new ClusterTouchpointLogCopyResult(log.Description, 0, 0, Replaced: false);
        }

        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var held = CopiedFrom(workspace);
        var replaced = held is not null && held != identity;
        if (held != identity)
        {
            using var transaction = workspace.Connection.BeginTransaction();
            workspace.Execute($"DELETE FROM {Table}");
            workspace.Execute($"DELETE FROM {SourceTable}");
            workspace.Execute($"INSERT INTO {SourceTable} VALUES ({Sql.Literal(identity)}, {Sql.Literal(log.Description)}, {Timestamp(now)})");
            transaction.Commit();
        }

        var through = Convert.ToInt64(workspace.Scalar($"SELECT coalesce(max(sequence), 0) FROM {Table}"), CultureInfo.InvariantCulture);
        long copied = 0;
        while (true)
        {
            var page = await log.ReadAfterAsync(through, Page, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            using (var transaction = workspace.Connection.BeginTransaction())
            {
                TouchpointLog.Insert(workspace, page, Table);
                transaction.Commit();
            }

            copied += page.Count;
            through = page[^1].Sequence;
            if (page.Count < Page)
            {
                break;
            }
        }

        workspace.Execute($"UPDATE {SourceTable} SET copied_at = {Timestamp(now)}");
        return new ClusterTouchpointLogCopyResult(log.Description, copied, through, replaced);
    }

    private static string Timestamp(DateTime utc) => string.Create(CultureInfo.InvariantCulture, $"TIMESTAMP '{utc:yyyy-MM-dd HH:mm:ss.ffffff}'");
}

/// <summary>What bringing a workspace's copy of a cluster log up to date did.</summary>
/// <param name="Source">The cluster log, in words.</param>
/// <param name="Copied">Events copied now.</param>
/// <param name="Through">The highest sequence the copy holds (0 when the log is empty).</param>
/// <param name="Replaced">True when the workspace held a copy of another log, which was dropped first.</param>
public sealed record ClusterTouchpointLogCopyResult(string Source, long Copied, long Through, bool Replaced)
{
    /// <summary>The copy in one sentence.</summary>
    public string Summary => Through == 0
        ? $"{Source} is empty: nothing to copy"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Copied:N0} new events copied from {Source} (the copy holds sequences 1 to {Through:N0}){(Replaced ? "; the copy of another cluster log was replaced" : "")}");
}
