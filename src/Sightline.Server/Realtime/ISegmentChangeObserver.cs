using Orleans.Concurrency;

namespace Sightline.Server.Realtime;

/// <summary>A silo's receiver of every segment change in the cluster.</summary>
public interface ISegmentChangeObserver : IGrainObserver
{
    /// <summary>A segment changed somewhere in the cluster.</summary>
    [OneWay]
    Task OnSegmentChanged(SegmentChange change);
}
