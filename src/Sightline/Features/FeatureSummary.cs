namespace Sightline.Features;

/// <summary>What <c>sightline features</c> built.</summary>
/// <param name="RunId">The run that built the table.</param>
/// <param name="AsOf">Nothing dated after this day was used.</param>
/// <param name="Accounts">Rows (accounts that existed on the as-of date).</param>
/// <param name="Customers">Accounts with an order on or before the as-of date.</param>
/// <param name="Columns">Feature columns, in table order.</param>
/// <param name="LogFold">The real-time event log's events copied into touchpoints first, so this run counts them.</param>
public sealed record FeatureSummary(string RunId, DateOnly AsOf, long Accounts, long Customers, IReadOnlyList<string> Columns, Realtime.TouchpointLogFold LogFold)
{
    /// <summary>What the run read as purchases when that was not orders (<see cref="Data.Purchases.Note"/>), or null.</summary>
    public string? PurchasesNote { get; init; }
}
