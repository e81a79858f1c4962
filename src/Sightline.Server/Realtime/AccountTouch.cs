using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>A logged touchpoint as it travels to its account grain: the event and its log sequence.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountTouch(
    long Sequence, string EventId, string AccountId, DateTimeOffset OccurredAt, string Channel, string? Kind, string? Direction,
    string? ContactId, string? Outcome, string? ProductFamily, string? TicketId, string? TicketState)
{
    /// <summary>The logged entry as a grain message.</summary>
    public static AccountTouch From(long sequence, TouchpointEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(sequence, e.EventId, e.AccountId, e.OccurredAt, e.Channel, e.Kind, e.Direction, e.ContactId, e.Outcome, e.ProductFamily, e.TicketId, e.TicketState);
    }

    /// <summary>The event.</summary>
    public TouchpointEvent ToEvent() => new(EventId, AccountId, OccurredAt, Channel, Kind, Direction, ContactId, Outcome, ProductFamily, TicketId, TicketState);
}
