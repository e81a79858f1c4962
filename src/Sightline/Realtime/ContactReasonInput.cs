namespace Sightline.Realtime;

/// <summary>
/// One account's state at the moment it contacts the organisation: what the reason model reads. A plain record with
/// no database behind it, so the live account grain fills it from its in-memory state and predicts in process.
/// Windows end just before the touch being answered: that touch is <see cref="Channel"/> and <see cref="Kind"/>, not a count.
/// </summary>
public sealed record ContactReasonInput
{
    /// <summary>The channel of the touch being answered (call, email, web, meeting, event, support, chat, social).</summary>
    public required string Channel { get; init; }

    /// <summary>The kind of that touch (<c>pricing_question</c>, <c>ticket_opened</c>), when known.</summary>
    public string? Kind { get; init; }

    /// <summary>Touches in the 30 days before, by channel.</summary>
    public IReadOnlyDictionary<string, int> ChannelTouches30d { get; init; } = new Dictionary<string, int>();

    /// <summary>Touches in the 90 days before, by channel.</summary>
    public IReadOnlyDictionary<string, int> ChannelTouches90d { get; init; } = new Dictionary<string, int>();

    /// <summary>Touches in the 30 days before, by kind.</summary>
    public IReadOnlyDictionary<string, int> KindTouches30d { get; init; } = new Dictionary<string, int>();

    /// <summary>Product families the account is asking about: families of its open opportunities.</summary>
    public IReadOnlyList<string> FamiliesAskedAbout { get; init; } = [];

    /// <summary>Support touches in the 30 days before that are not resolved or answered (see <see cref="ContactReasonData"/>).</summary>
    public int OpenTickets { get; init; }

    /// <summary>Product families the account has bought (a positive order line before today).</summary>
    public IReadOnlyList<string> FamiliesHeld { get; init; } = [];

    /// <summary>Days since the last order; null for an account that never ordered.</summary>
    public int? DaysSinceLastOrder { get; init; }

    /// <summary>Days to the next yearly anniversary of a held family's first order (0-364); null when it holds none.</summary>
    public int? DaysToRenewal { get; init; }

    /// <summary>The held family whose anniversary is next, when there is one.</summary>
    public string? RenewalFamily { get; init; }

    /// <summary>Distinct order days in the 365 days before.</summary>
    public int Orders365d { get; init; }

    /// <summary>Order amount in the 365 days before.</summary>
    public double Revenue365d { get; init; }

    /// <summary>Days until the nearest competitor contract at the account ends (not yet ended); null when none is known.</summary>
    public int? DaysToCompetitorContractEnd { get; init; }
}
