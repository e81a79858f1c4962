namespace Sightline.Realtime;

/// <summary>A support ticket the account has raised, as far as the touchpoints tell.</summary>
public sealed class LiveFeaturesTicket
{
    /// <summary>The ticket id (for a ticket inferred from an unresolved support touch: that touch's event id).</summary>
    public string Id { get; set; } = "";

    /// <summary>True while the ticket is open.</summary>
    public bool Open { get; set; }

    /// <summary>When its latest state was set (UTC): an older event does not overwrite a newer state.</summary>
    public DateTime At { get; set; }

    /// <summary>
    /// True when no ticket id was given and the ticket was inferred from a support touch left pending or escalated; such a
    /// ticket cannot be closed by id, so it stops counting as open once it is older than <see cref="LiveFeatures.TicketDays"/>.
    /// </summary>
    public bool Inferred { get; set; }
}
