using System.Globalization;

namespace Sightline.Realtime;

/// <summary>The field names of a touchpoint event, as they appear in JSON, CSV headers and the log table.</summary>
public static class TouchpointEventFields
{
    /// <summary><c>event_id</c>.</summary>
    public const string EventId = "event_id";

    /// <summary><c>account_id</c>.</summary>
    public const string AccountId = "account_id";

    /// <summary><c>occurred_at</c>.</summary>
    public const string OccurredAt = "occurred_at";

    /// <summary><c>channel</c>.</summary>
    public const string Channel = "channel";

    /// <summary><c>kind</c>.</summary>
    public const string Kind = "kind";

    /// <summary><c>direction</c>.</summary>
    public const string Direction = "direction";

    /// <summary><c>contact_id</c>.</summary>
    public const string ContactId = "contact_id";

    /// <summary><c>outcome</c>.</summary>
    public const string Outcome = "outcome";

    /// <summary><c>product_family</c>.</summary>
    public const string ProductFamily = "product_family";

    /// <summary><c>ticket_id</c> (in JSON also <c>"ticket": {"id": ...}</c>).</summary>
    public const string TicketId = "ticket_id";

    /// <summary><c>ticket_state</c> (in JSON also <c>"ticket": {"state": ...}</c>).</summary>
    public const string TicketState = "ticket_state";

    /// <summary>Every field, in the order of the log table's columns.</summary>
    public static readonly IReadOnlyList<string> All =
        [EventId, AccountId, OccurredAt, Channel, Kind, Direction, ContactId, Outcome, ProductFamily, TicketId, TicketState];

    /// <summary>
    /// A field's name as written in JSON, in snake_case: camelCase and PascalCase (the answers' own style: <c>eventId</c>),
    /// spaces and hyphens (<c>Event ID</c>, <c>occurred-at</c>) and any case all name the same field.
    /// </summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (All.Contains(name, StringComparer.Ordinal))
        {
            return name; // as sent by most callers: no copy
        }

        var text = name.Trim();
        var result = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '-' or '_')
            {
                if (result.Length > 0 && result[^1] != '_')
                {
                    result.Append('_');
                }
            }
            else
            {
                if (char.IsUpper(c) && i > 0 && (char.IsLower(text[i - 1]) || char.IsDigit(text[i - 1])) && result[^1] != '_')
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
            }
        }

        return result.ToString();
    }

    /// <summary>The fields every event must carry.</summary>
    public static readonly IReadOnlyList<string> Required = [EventId, AccountId, OccurredAt, Channel];

    /// <summary>A time the way the log and the messages show it: ISO 8601 in UTC with microseconds when there are any.</summary>
    public static string Format(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture);
    }
}
