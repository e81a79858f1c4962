using System.Globalization;

namespace Sightline.Realtime;

/// <summary>What copying the event log's new events into <c>touchpoints</c> did (the first step of a batch run).</summary>
/// <param name="Folded">Logged events copied into <c>touchpoints</c> now.</param>
/// <param name="UnknownAccounts">
/// Logged events not copied because their account is no longer in <c>accounts</c> (a replacing import removed it); they stay
/// in <c>touchpoint_log</c> and are copied by a later run once the account is back.
/// </param>
/// <param name="AddedColumns"><c>touchpoints</c> columns added to hold what the log records and the table lacked (product_family, ticket_id, ticket_state).</param>
/// <param name="Notes">Values that did not fit a column of the table's own type, in words; they stay in the log.</param>
public sealed record TouchpointLogFold(long Folded, long UnknownAccounts, IReadOnlyList<string> AddedColumns, IReadOnlyList<string> Notes)
{
    /// <summary>The fold in one sentence.</summary>
    public string Summary
    {
        get
        {
            var words = Folded == 0
                ? "no new events in the touchpoint log"
                : string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(Folded, "event")} from the touchpoint log added to touchpoints");
            if (UnknownAccounts > 0)
            {
                words += string.Create(CultureInfo.InvariantCulture, $"; {UnknownAccounts:N0} left in the log because {Counted.Agree(UnknownAccounts, "its", "their")} account is not in accounts");
            }

            if (AddedColumns.Count > 0)
            {
                words += $"; new touchpoints columns {string.Join(", ", AddedColumns)}";
            }

            return Notes.Count == 0 ? words : $"{words}; {string.Join("; ", Notes)}";
        }
    }
}
