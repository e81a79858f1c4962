using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Which events of the workspace's log (or of a cluster's, through the workspace's copy of it) a batch already counts: the
/// batch's feature step copies the log into <c>touchpoints</c> (<see cref="TouchpointLog.FoldIntoTouchpoints"/>), and the
/// baseline reads touchpoints up to the batch date, so a grain built from that baseline must not apply those events
/// again when it replays the account's log.
/// </summary>
/// <remarks>
/// Read once per batch load: the highest log sequence whose event_id is in <c>touchpoints</c>, and the few sequences below it
/// that are not (events of an account missing at the copy, or logged while the copy ran). An event counts as in the batch
/// when it is at or below that sequence, not one of those, and dated on or before the batch date.
/// </remarks>
public sealed class TouchpointLogInBatch
{
    private readonly HashSet<long> _notCopied;

    private TouchpointLogInBatch(long through, HashSet<long> notCopied)
    {
        Through = through;
        _notCopied = notCopied;
    }

    /// <summary>No event counted (a cluster log the batch holds no copy of, or nothing copied yet).</summary>
    public static TouchpointLogInBatch None { get; } = new(0, []);

    /// <summary>The highest log sequence found in <c>touchpoints</c>.</summary>
    public long Through { get; }

    /// <summary>Reads what the workspace's <c>touchpoints</c> holds of its log.</summary>
    public static TouchpointLogInBatch Load(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Load(workspace, TouchpointLog.Table);
    }

    /// <summary>
    /// Reads what <c>touchpoints</c> holds of a cluster's log, whose first event gives <paramref name="clusterLog"/>
    /// (<see cref="ClusterTouchpointLogCopy.IdentityOfAsync"/>): the batch counts the events it copied from that log.
    /// <see cref="None"/> when the workspace holds no copy of that log (none, or one of another cluster's), or the log is
    /// empty (null).
    /// </summary>
    public static TouchpointLogInBatch LoadClusterCopy(Workspace workspace, string? clusterLog)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return clusterLog is not null && ClusterTouchpointLogCopy.CopiedFrom(workspace) == clusterLog
            ? Load(workspace, ClusterTouchpointLogCopy.Table)
            : None;
    }

    private static TouchpointLogInBatch Load(Workspace workspace, string log)
    {
        const string Copied = "EXISTS (SELECT 1 FROM touchpoints t WHERE t.event_id = l.event_id)";
        var through = Convert.ToInt64(workspace.Scalar($"SELECT coalesce(max(l.sequence), 0) FROM {log} l WHERE {Copied}"), CultureInfo.InvariantCulture);
        var notCopied = workspace.Strings($"SELECT l.sequence::VARCHAR FROM {log} l WHERE l.sequence <= {through} AND NOT {Copied}")
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
        return new TouchpointLogInBatch(through, notCopied);
    }

    /// <summary>True when the batch of <paramref name="asOf"/> already counts the logged entry.</summary>
    public bool Counts(TouchpointLogEntry entry, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Counts(entry.Sequence, entry.Event.Day, asOf);
    }

    /// <summary>True when the batch of <paramref name="asOf"/> already counts the logged event of <paramref name="sequence"/>, dated <paramref name="day"/>.</summary>
    public bool Counts(long sequence, DateOnly day, DateOnly asOf) => sequence <= Through && day <= asOf && !_notCopied.Contains(sequence);
}
