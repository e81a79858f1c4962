using System.Data;

namespace Sightline.Realtime;

/// <summary>One stored event of the log.</summary>
/// <param name="Sequence">Its position: 1, 2, 3 ... in commit order, without gaps.</param>
/// <param name="ReceivedAt">When the log stored it (UTC).</param>
/// <param name="Event">The event as acknowledged.</param>
public sealed record TouchpointLogEntry(long Sequence, DateTimeOffset ReceivedAt, TouchpointEvent Event)
{
    /// <summary>The log table's columns (the same in the workspace and in PostgreSQL), in the order <see cref="FromRecord"/> reads them.</summary>
    public const string Columns =
        "sequence, received_at, event_id, account_id, occurred_at, channel, kind, direction, contact_id, outcome, product_family, ticket_id, ticket_state";

    /// <summary>The entry in a row selected as <see cref="Columns"/>; times are stored in UTC.</summary>
    public static TouchpointLogEntry FromRecord(IDataRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string? Text(int i) => record.IsDBNull(i) ? null : record.GetString(i);
        var e = new TouchpointEvent(record.GetString(2), record.GetString(3), Utc(record.GetDateTime(4)), record.GetString(5),
            Text(6), Text(7), Text(8), Text(9), Text(10), Text(11), Text(12));
        return new TouchpointLogEntry(record.GetInt64(0), Utc(record.GetDateTime(1)), e);
    }

    private static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
