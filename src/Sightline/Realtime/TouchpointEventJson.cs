using System.Text;
using System.Text.Json;

namespace Sightline.Realtime;

/// <summary>
/// Touchpoint events as the JSON that <see cref="TouchpointEventReader"/> reads and <c>POST /api/touchpoints</c>
/// accepts: the field names of <see cref="TouchpointEventFields"/>, fields without a value left out, times in UTC.
/// </summary>
public static class TouchpointEventJson
{
    /// <summary>One event as a JSON object.</summary>
    public static string Object(TouchpointEvent touch)
    {
        ArgumentNullException.ThrowIfNull(touch);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, touch);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Events as a JSON array (one request's batch).</summary>
    public static string Array(IEnumerable<TouchpointEvent> touches)
    {
        ArgumentNullException.ThrowIfNull(touches);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var touch in touches)
            {
                Write(writer, touch);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, TouchpointEvent touch)
    {
        writer.WriteStartObject();
        writer.WriteString(TouchpointEventFields.EventId, touch.EventId);
        writer.WriteString(TouchpointEventFields.AccountId, touch.AccountId);
        writer.WriteString(TouchpointEventFields.OccurredAt, TouchpointEventFields.Format(touch.OccurredAt));
        writer.WriteString(TouchpointEventFields.Channel, touch.Channel);
        void Optional(string field, string? value)
        {
            if (value is not null)
            {
                writer.WriteString(field, value);
            }
        }

        Optional(TouchpointEventFields.Kind, touch.Kind);
        Optional(TouchpointEventFields.Direction, touch.Direction);
        Optional(TouchpointEventFields.ContactId, touch.ContactId);
        Optional(TouchpointEventFields.Outcome, touch.Outcome);
        Optional(TouchpointEventFields.ProductFamily, touch.ProductFamily);
        Optional(TouchpointEventFields.TicketId, touch.TicketId);
        Optional(TouchpointEventFields.TicketState, touch.TicketState);
        writer.WriteEndObject();
    }
}
