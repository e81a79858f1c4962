using Sightline.Data;

namespace Sightline.Realtime;

/// <summary>
/// One touchpoint as the live account state reads it: the <c>touchpoints</c> table's columns plus what was asked about
/// and the support ticket it concerns. A minimal stand-in until the ingestion side's event type is merged; the two are
/// meant to be unified, so it carries the same field names.
/// </summary>
/// <param name="EventId">Unique id of the event (idempotency is the event log's job, not this state's).</param>
/// <param name="AccountId">The account touched.</param>
/// <param name="OccurredAt">When it happened; its UTC date picks the day bucket.</param>
/// <param name="Channel">call, email, web, meeting, event, support, chat or social.</param>
/// <param name="Kind">Free text such as <c>renewal_call</c>.</param>
/// <param name="Direction"><c>in</c> (the customer reached out) or <c>out</c>; null when unknown.</param>
/// <param name="ContactId">The contact, when known.</param>
/// <param name="Outcome">Free text such as <c>resolved</c> or <c>pending</c>.</param>
/// <param name="ProductFamily">The product family asked about, when known.</param>
/// <param name="TicketId">The support ticket this event opens, updates or closes.</param>
/// <param name="TicketState"><c>open</c> or <c>closed</c>, with <paramref name="TicketId"/>.</param>
public sealed record LiveAccountEvent(
    string EventId,
    string AccountId,
    DateTimeOffset OccurredAt,
    string Channel,
    string? Kind = null,
    string? Direction = null,
    string? ContactId = null,
    string? Outcome = null,
    string? ProductFamily = null,
    string? TicketId = null,
    string? TicketState = null)
{
    /// <summary>Ticket state meaning the ticket is still being worked.</summary>
    public const string TicketOpen = "open";

    /// <summary>Ticket state meaning the ticket is done.</summary>
    public const string TicketClosed = "closed";

    /// <summary>The UTC day the event falls on.</summary>
    public DateOnly Day => DateOnly.FromDateTime(OccurredAt.UtcDateTime);

    /// <summary>True when the customer reached out.</summary>
    public bool IsInbound => string.Equals(Direction, "in", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The problems with this event, empty when it can be applied: the state must never count a channel the batch
    /// features do not know, or a ticket without a state, because the counts then drift from what the batch computes.
    /// </summary>
    public IReadOnlyList<Diagnostic> Problems()
    {
        var source = $"event {EventId}";
        var problems = new List<Diagnostic>();
        if (string.IsNullOrWhiteSpace(EventId))
        {
            problems.Add(new Diagnostic("event", null, "event_id", EventId, "expected a non-empty event id"));
        }

        if (string.IsNullOrWhiteSpace(AccountId))
        {
            problems.Add(new Diagnostic(source, null, "account_id", AccountId, "expected a non-empty account id"));
        }

        if (!CanonicalSchema.TouchpointChannels.Contains(Channel, StringComparer.Ordinal))
        {
            problems.Add(new Diagnostic(source, null, "channel", Channel, $"expected one of {string.Join(", ", CanonicalSchema.TouchpointChannels)}"));
        }

        if (Direction is not null && !CanonicalSchema.Directions.Contains(Direction, StringComparer.Ordinal))
        {
            problems.Add(new Diagnostic(source, null, "direction", Direction, "expected in or out"));
        }

        if (TicketId is not null && TicketState is not (TicketOpen or TicketClosed))
        {
            problems.Add(new Diagnostic(source, null, "ticket_state", TicketState, $"expected {TicketOpen} or {TicketClosed} with ticket_id {TicketId}"));
        }

        if (TicketId is null && TicketState is not null)
        {
            problems.Add(new Diagnostic(source, null, "ticket_id", null, $"a ticket_state ({TicketState}) needs the ticket_id it applies to"));
        }

        return problems;
    }
}
