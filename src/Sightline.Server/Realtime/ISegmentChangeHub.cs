using Orleans.Concurrency;

namespace Sightline.Server.Realtime;

/// <summary>Fans segment changes out to every silo's observer (key 0: one hub per cluster).</summary>
public interface ISegmentChangeHub : IGrainWithIntegerKey
{
    /// <summary>Registers (or renews) a silo's observer; a registration not renewed within the expiry is dropped.</summary>
    Task Subscribe(ISegmentChangeObserver observer);

    /// <summary>Publishes a change to every registered observer; the caller does not wait for delivery.</summary>
    [OneWay]
    Task Publish(SegmentChange change);
}
