namespace Sightline.Realtime;

/// <summary>The touches of one account on one day through one channel: the unit rolling windows are summed from.</summary>
public sealed class LiveFeaturesBucket
{
    /// <summary>The UTC day, as <see cref="DateOnly.DayNumber"/>.</summary>
    public int Day { get; set; }

    /// <summary>The channel.</summary>
    public string Channel { get; set; } = "";

    /// <summary>All touches that day (inbound, outbound and those without a direction).</summary>
    public int Total { get; set; }

    /// <summary>Touches with direction <c>in</c>.</summary>
    public int Inbound { get; set; }

    /// <summary>Touches with direction <c>out</c>.</summary>
    public int Outbound { get; set; }
}
