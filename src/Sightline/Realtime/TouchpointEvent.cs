using Sightline.Data;

namespace Sightline.Realtime;

/// <summary>
/// One validated touchpoint: the columns of the batch <c>touchpoints</c> table plus what a real-time caller knows
/// at the moment of contact (the product family asked about and the support ticket it concerns). Values are
/// normalised the way import normalises them (channel and direction as canonical tokens, times in UTC to the
/// microsecond DuckDB stores), so an event read back from the log equals the event appended.
/// </summary>
/// <param name="EventId">The caller's id of the event (1 to 200 characters); a repeated id is applied once.</param>
/// <param name="AccountId">An account of the workspace.</param>
/// <param name="OccurredAt">When the touch happened, in UTC (offset zero), truncated to microseconds.</param>
/// <param name="Channel">One of <see cref="Data.CanonicalSchema.TouchpointChannels"/>.</param>
/// <param name="Kind">Free text such as <c>renewal_call</c> or <c>pricing_page</c>.</param>
/// <param name="Direction"><c>in</c> (the customer reached out) or <c>out</c>; null when not known.</param>
/// <param name="ContactId">The contact involved, when known (not checked against contacts, as import does not require it).</param>
/// <param name="Outcome">Free text such as <c>connected</c> or <c>resolved</c>.</param>
/// <param name="ProductFamily">The product family the customer asked about, when known.</param>
/// <param name="TicketId">The support ticket the touch concerns, when there is one.</param>
/// <param name="TicketState"><c>open</c> or <c>closed</c>: the ticket's state after this touch; set exactly when <paramref name="TicketId"/> is.</param>
public sealed record TouchpointEvent(
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
    /// <summary>The longest event id (and any other text field) accepted: 255, as Salesforce's activity Subject.</summary>
    public const int MaxTextLength = 255;

    /// <summary>Ticket states.</summary>
    public static readonly IReadOnlyList<string> TicketStates = [TicketOpen, TicketClosed];

    /// <summary>
    /// The fields in which <paramref name="other"/> differs from this event, each as
    /// <c>field: stored 'x', received 'y'</c> (this event is the stored one). Empty when the payloads are equal.
    /// </summary>
    public IReadOnlyList<string> Differences(TouchpointEvent other) => Differences(other, "stored", "received");

    /// <summary>
    /// The fields in which <paramref name="other"/> differs from this event, each as <c>field: THIS 'x', OTHER 'y'</c> with
    /// the two labels given (<c>line 2</c>, <c>line 3</c>). Empty when the payloads are equal.
    /// </summary>
    public IReadOnlyList<string> Differences(TouchpointEvent other, string thisLabel, string otherLabel)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        void Compare(string field, string? stored, string? received)
        {
            if (!string.Equals(stored, received, StringComparison.Ordinal))
            {
                differences.Add($"{field}: {thisLabel} {Show(stored)}, {otherLabel} {Show(received)}");
            }
        }

        Compare(TouchpointEventFields.AccountId, AccountId, other.AccountId);
        Compare(TouchpointEventFields.OccurredAt, TouchpointEventFields.Format(OccurredAt), TouchpointEventFields.Format(other.OccurredAt));
        Compare(TouchpointEventFields.Channel, Channel, other.Channel);
        Compare(TouchpointEventFields.Kind, Kind, other.Kind);
        Compare(TouchpointEventFields.Direction, Direction, other.Direction);
        Compare(TouchpointEventFields.ContactId, ContactId, other.ContactId);
        Compare(TouchpointEventFields.Outcome, Outcome, other.Outcome);
        Compare(TouchpointEventFields.ProductFamily, ProductFamily, other.ProductFamily);
        Compare(TouchpointEventFields.TicketId, TicketId, other.TicketId);
        Compare(TouchpointEventFields.TicketState, TicketState, other.TicketState);
        return differences;
    }

    /// <summary>Ticket state meaning the ticket is still being worked.</summary>
    public const string TicketOpen = "open";

    /// <summary>Ticket state meaning the ticket is done.</summary>
    public const string TicketClosed = "closed";

    /// <summary>The UTC day the event falls on.</summary>
    public DateOnly Day => DateOnly.FromDateTime(OccurredAt.UtcDateTime);

    /// <summary>True when the customer reached out.</summary>
    public bool IsInbound => string.Equals(Direction, "in", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The problems with an event built in code (not through <see cref="TouchpointEventValidator"/>), empty when the live
    /// state can apply it: the state must never count a channel the batch
    /// features do not know, or a ticket without a state, because the counts then drift from what the batch computes.
    /// </summary>
    public IReadOnlyList<Diagnostic> Problems()
    {
        // Checked for every event applied: nothing is made until a problem is found.
        List<Diagnostic>? problems = null;
        if (string.IsNullOrWhiteSpace(EventId))
        {
            (problems ??= []).Add(new Diagnostic("event", null, "event_id", EventId, "expected a non-empty event id"));
        }

        if (string.IsNullOrWhiteSpace(AccountId))
        {
            (problems ??= []).Add(new Diagnostic(Source(), null, "account_id", AccountId, "expected a non-empty account id"));
        }

        if (!CanonicalSchema.TouchpointChannels.Contains(Channel, StringComparer.Ordinal))
        {
            (problems ??= []).Add(new Diagnostic(Source(), null, "channel", Channel, $"expected one of {string.Join(", ", CanonicalSchema.TouchpointChannels)}"));
        }

        if (Direction is not null && !CanonicalSchema.Directions.Contains(Direction, StringComparer.Ordinal))
        {
            (problems ??= []).Add(new Diagnostic(Source(), null, "direction", Direction, "expected in or out"));
        }

        if (TicketId is not null && TicketState is not (TicketOpen or TicketClosed))
        {
            (problems ??= []).Add(new Diagnostic(Source(), null, "ticket_state", TicketState, $"expected {TicketOpen} or {TicketClosed} with ticket_id {TicketId}"));
        }

        if (TicketId is null && TicketState is not null)
        {
            (problems ??= []).Add(new Diagnostic(Source(), null, "ticket_id", null, $"a ticket_state ({TicketState}) needs the ticket_id it applies to"));
        }

        return problems ?? (IReadOnlyList<Diagnostic>)[];

        string Source() => $"event {EventId}";
    }

    private static string Show(string? value) => value is null ? "(none)" : $"'{value}'";
}
