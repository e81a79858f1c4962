namespace Sightline.Realtime;

/// <summary>Settings of touchpoint validation.</summary>
/// <param name="FutureTolerance">
/// How far after the receiver's clock an event's <c>occurred_at</c> may be: senders' clocks drift, so a touch
/// stamped a few seconds ahead is real, while one stamped tomorrow is a bug (a local time sent as UTC, a wrong
/// year). Five minutes by default.
/// </param>
/// <param name="LocalZone">
/// Where an <c>occurred_at</c> without an offset was written (a CRM export's local times), or null: then such a time is
/// refused as ambiguous. A local time the zone skips (clocks going forward) or has twice (going back) is refused too.
/// </param>
/// <param name="LocalZoneOption">The option that sets <paramref name="LocalZone"/> where there is one (the CLI's), named by the refusal of a time without zone.</param>
public sealed record TouchpointEventValidationOptions(TimeSpan FutureTolerance, TimeZoneInfo? LocalZone = null, string? LocalZoneOption = null)
{
    /// <summary>Five minutes' tolerance.</summary>
    public static readonly TouchpointEventValidationOptions Default = new(TimeSpan.FromMinutes(5));
}
