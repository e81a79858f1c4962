using System.Threading.Channels;

namespace Sightline.Server.Realtime;

/// <summary>One listener's changes; dispose to stop listening.</summary>
public sealed class SegmentChangeSubscription(ChannelReader<SegmentChange> changes, Action stop) : IDisposable
{
    /// <summary>The changes, in the order they arrived.</summary>
    public ChannelReader<SegmentChange> Changes { get; } = changes;

    /// <inheritdoc />
    public void Dispose() => stop();
}
