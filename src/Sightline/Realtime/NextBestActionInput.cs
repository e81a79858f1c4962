namespace Sightline.Realtime;

/// <summary>One product family's white space at an account: its potential there less what it spends now.</summary>
/// <param name="Family">The product family.</param>
/// <param name="Amount">The white space (never negative).</param>
public sealed record FamilyWhiteSpace(string Family, double Amount);

/// <summary>The account's row on its rep's action list (<c>rep_lists</c>), when it has one.</summary>
/// <param name="Action">cross_sell, up_sell, prospect or at_risk.</param>
/// <param name="ProductFamily">The family to lead with, when known.</param>
/// <param name="NextBestAction">The list's next best action line.</param>
/// <param name="Reason">Why it is on the list.</param>
public sealed record RepListAction(string Action, string? ProductFamily, string NextBestAction, string Reason);

/// <summary>What the next best action for a contact is chosen from: a plain record, so the live grain calls it in memory.</summary>
public sealed record NextBestActionInput
{
    /// <summary>The predicted reason for the contact (renewal, support, new_purchase, upgrade), or null when none is known.</summary>
    public string? Reason { get; init; }

    /// <summary>The predicted reason's evidence in words, quoted in the action's reason.</summary>
    public IReadOnlyList<string> ReasonEvidence { get; init; } = [];

    /// <summary>The account's segment, quoted in the reason.</summary>
    public string? Segment { get; init; }

    /// <summary>The account's propensity band, quoted in the reason.</summary>
    public string? Band { get; init; }

    /// <summary>The account's open support tickets (ids or short descriptions), oldest first.</summary>
    public IReadOnlyList<string> OpenTickets { get; init; } = [];

    /// <summary>Product families the account holds.</summary>
    public IReadOnlyList<string> FamiliesHeld { get; init; } = [];

    /// <summary>The held family whose yearly anniversary is next.</summary>
    public string? RenewalFamily { get; init; }

    /// <summary>Days to that anniversary.</summary>
    public int? DaysToRenewal { get; init; }

    /// <summary>White space per family (<c>account_family_potential</c>).</summary>
    public IReadOnlyList<FamilyWhiteSpace> WhiteSpace { get; init; } = [];

    /// <summary>The account's rep-list row, when it is on a list.</summary>
    public RepListAction? RepList { get; init; }

    /// <summary>The currency amounts are shown in.</summary>
    public string Currency { get; init; } = "USD";
}
