namespace Sightline.Realtime;

/// <summary>Settings of touchpoint validation.</summary>
/// <param name="FutureTolerance">
/// How far after the receiver's clock an event's <c>occurred_at</c> may be: senders' clocks drift, so a touch
/// stamped a few seconds ahead is real, while one stamped tomorrow is a bug (a local time sent as UTC, a wrong
/// year). Five minutes by default.
/// </param>
public sealed record TouchpointEventValidationOptions(TimeSpan FutureTolerance)
{
    /// <summary>Five minutes' tolerance.</summary>
    public static readonly TouchpointEventValidationOptions Default = new(TimeSpan.FromMinutes(5));
}
