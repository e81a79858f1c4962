using System.Threading.Channels;

namespace Sightline.Server.Realtime;

/// <summary>One listener's changes; dispose to stop listening.</summary>
/// <param name="changes">Live changes, from the moment of subscribing.</param>
/// <param name="backlog">Kept changes a reconnecting client missed, to deliver before the live ones.</param>
/// <param name="gap">Why some missed changes may not be in the backlog, or null when the backlog is complete.</param>
/// <param name="stop">Ends the subscription.</param>
public sealed class SegmentChangeSubscription(ChannelReader<SegmentChange> changes, IReadOnlyList<SegmentChange> backlog, string? gap, Action stop) : IDisposable
{
    /// <summary>The changes, in the order they arrived.</summary>
    public ChannelReader<SegmentChange> Changes { get; } = changes;

    /// <summary>Kept changes after the one the client saw last, in the order they arrived; empty for a new client.</summary>
    public IReadOnlyList<SegmentChange> Backlog { get; } = backlog;

    /// <summary>Set when the client's last change is no longer kept: some changes since may be missing, in words.</summary>
    public string? Gap { get; } = gap;

    /// <inheritdoc />
    public void Dispose() => stop();
}
