using Orleans.Utilities;

namespace Sightline.Server.Realtime;

/// <summary>
/// The cluster's one fan-out point for segment changes. Observers are not persisted: each silo renews its registration
/// periodically (<see cref="SegmentChangeFeed"/>), so after this grain moves (its silo died) every silo is back within
/// one renewal period.
/// </summary>
public sealed class SegmentChangeHub(ILogger<SegmentChangeHub> logger) : Grain, ISegmentChangeHub
{
    /// <summary>How long a registration lasts without renewal.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(90);

    private readonly ObserverManager<ISegmentChangeObserver> _observers = new(Expiry, logger);

    /// <inheritdoc />
    public Task Subscribe(ISegmentChangeObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Publish(SegmentChange change)
    {
        _observers.Notify(o => o.OnSegmentChanged(change));
        return Task.CompletedTask;
    }
}
