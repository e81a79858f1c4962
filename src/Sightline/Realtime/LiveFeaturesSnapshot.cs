namespace Sightline.Realtime;

/// <summary>
/// An account's live features on one day: recency, touch counts over rolling windows ending that day (inclusive, the way
/// the batch feature table counts them), products asked about and open tickets.
/// </summary>
/// <param name="On">The day the windows end on.</param>
/// <param name="LastTouch">The day of the latest touch ever seen, or null.</param>
/// <param name="DaysSinceLastTouch">Days from <paramref name="LastTouch"/> to <paramref name="On"/>, or null.</param>
/// <param name="Touches">Touches per channel and window, keyed <c>{channel}_{days}d</c> (every channel and window, zeros included).</param>
/// <param name="Inbound">Inbound touches over all channels per window, keyed <c>{days}d</c>.</param>
/// <param name="Outbound">Outbound touches over all channels per window, keyed <c>{days}d</c>.</param>
/// <param name="ProductsAskedAbout">Product families asked about in the last <see cref="LiveFeatures.AskedDays"/> days, sorted.</param>
/// <param name="OpenTickets">Ids of the support tickets open now, sorted.</param>
public sealed record LiveFeaturesSnapshot(
    DateOnly On,
    DateOnly? LastTouch,
    int? DaysSinceLastTouch,
    IReadOnlyDictionary<string, int> Touches,
    IReadOnlyDictionary<string, int> Inbound,
    IReadOnlyDictionary<string, int> Outbound,
    IReadOnlyList<string> ProductsAskedAbout,
    IReadOnlyList<string> OpenTickets);
