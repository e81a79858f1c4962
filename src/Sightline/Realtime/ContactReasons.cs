namespace Sightline.Realtime;

/// <summary>The four reasons a customer contacts the organisation, as the reason model predicts them.</summary>
public static class ContactReasons
{
    /// <summary>A repeat order of a held family near its yearly anniversary follows the contact.</summary>
    public const string Renewal = "renewal";

    /// <summary>The contact is a support touch, or a support touch follows it.</summary>
    public const string Support = "support";

    /// <summary>An order of a family the account did not hold follows the contact.</summary>
    public const string NewPurchase = "new_purchase";

    /// <summary>A larger order of a held family follows the contact.</summary>
    public const string Upgrade = "upgrade";

    /// <summary>All reasons, in the model's class order.</summary>
    public static readonly IReadOnlyList<string> All = [Renewal, Support, NewPurchase, Upgrade];

    /// <summary>The reason as people read it: "new purchase".</summary>
    public static string Words(string reason) => reason.Replace('_', ' ');

    /// <summary>
    /// Whether a touch is about support: the support channel, or a kind that names support, a ticket or an incident
    /// (<c>support_chat</c>, <c>ticket_opened</c>, <c>incident</c>). The SQL labels use the same test (<see cref="ContactReasonData"/>).
    /// </summary>
    public static bool IsSupportTouch(string? channel, string? kind) =>
        string.Equals(channel, "support", StringComparison.OrdinalIgnoreCase)
        || (kind is not null && (kind.Contains("support", StringComparison.OrdinalIgnoreCase)
            || kind.Contains("ticket", StringComparison.OrdinalIgnoreCase)
            || kind.Contains("incident", StringComparison.OrdinalIgnoreCase)));
}
