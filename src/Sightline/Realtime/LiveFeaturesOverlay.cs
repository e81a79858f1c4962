using System.Globalization;
using Sightline.Data;

namespace Sightline.Realtime;

/// <summary>
/// Puts the live features onto the batch feature row: each batch column that a touch or the passing of time changes is
/// recomputed from the live state, with the batch's own definition. Everything else (orders, revenue, holdings,
/// pipeline, contacts, firmographics) stays as the batch computed it until the next batch run.
/// <list type="table">
/// <item><term><c>touches_{channel}_90d</c>, <c>touches_{channel}_365d</c></term><description>touches of the channel in the 90 / 365 days ending on the day (inclusive)</description></item>
/// <item><term><c>inbound_touches_90d</c></term><description>inbound touches, all channels, 90 days</description></item>
/// <item><term><c>support_load_365d</c></term><description>support touches, 365 days</description></item>
/// <item><term><c>last_touch_date</c></term><description>the latest touch's day</description></item>
/// <item><term><c>days_since_last_order</c>, <c>account_age_days</c></term><description>recounted to the day (no event needed: time moves them)</description></item>
/// </list>
/// Live-only columns (no batch counterpart, so no batch model or segment rule reads them; routing rules may):
/// <see cref="LiveOnlyColumns"/>.
/// </summary>
public static class LiveFeaturesOverlay
{
    /// <summary>The batch columns the overlay recomputes (those present in the feature table).</summary>
    public static IReadOnlyList<string> BatchColumns { get; } =
    [
        .. CanonicalSchema.TouchpointChannels.SelectMany(c => new[] { $"touches_{c}_90d", $"touches_{c}_365d" }),
        "inbound_touches_90d", "support_load_365d", "last_touch_date", "days_since_last_order", "account_age_days",
    ];

    /// <summary>Columns only the live state has, added to the row for rules written for real time (routing).</summary>
    public static IReadOnlyList<(string Name, LiveBaselineColumnKind Kind)> LiveOnlyColumns { get; } =
    [
        .. CanonicalSchema.TouchpointChannels.SelectMany(c => new[] { ($"touches_{c}_7d", LiveBaselineColumnKind.Number), ($"touches_{c}_30d", LiveBaselineColumnKind.Number) }),
        ("inbound_touches_7d", LiveBaselineColumnKind.Number), ("inbound_touches_30d", LiveBaselineColumnKind.Number),
        ("outbound_touches_7d", LiveBaselineColumnKind.Number), ("outbound_touches_30d", LiveBaselineColumnKind.Number), ("outbound_touches_90d", LiveBaselineColumnKind.Number),
        ("days_since_last_touch", LiveBaselineColumnKind.Number), ("open_tickets", LiveBaselineColumnKind.Number),
        ("products_asked_about", LiveBaselineColumnKind.TextList),
    ];

    /// <summary>Per channel, its overlaid column names (built once, not per event).</summary>
    private static readonly (string Channel, string D90, string D365, string D7, string D30)[] ChannelColumns =
        [.. CanonicalSchema.TouchpointChannels.Select(c => (c, $"touches_{c}_90d", $"touches_{c}_365d", $"touches_{c}_7d", $"touches_{c}_30d"))];

    /// <summary>Where the support channel is in <see cref="ChannelColumns"/> (support_load_365d counts it).</summary>
    private static readonly int SupportChannel = Array.FindIndex(ChannelColumns, c => c.Channel == "support");

    /// <summary>Every column the overlay sets or clears: an evaluation row reads these from itself only, the rest from the batch row.</summary>
    private static readonly System.Collections.Frozen.FrozenSet<string> Covered =
        System.Collections.Frozen.FrozenSet.ToFrozenSet([.. BatchColumns, .. LiveOnlyColumns.Select(c => c.Name)], StringComparer.Ordinal);

    /// <summary>The numbers the overlay sets, each with its slot in an evaluation row.</summary>
    private static readonly System.Collections.Frozen.FrozenDictionary<string, int> OverlaidNumbers =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(
            BatchColumns.Where(c => c != "last_touch_date").Concat(LiveOnlyColumns.Where(c => c.Kind == LiveBaselineColumnKind.Number).Select(c => c.Name)).Select((c, i) => (c, i)),
            x => x.c, x => x.i, StringComparer.Ordinal);

    /// <summary>The columns <see cref="Changes"/> compares: the batch columns, then the live-only numbers.</summary>
    private static readonly string[] ComparedColumns =
        [.. BatchColumns.Concat(LiveOnlyColumns.Where(c => c.Kind == LiveBaselineColumnKind.Number).Select(c => c.Name))];

    // Each event's answer names the columns it changed: their words made once, not per event.
    private static readonly System.Collections.Frozen.FrozenDictionary<string, string> SpokenColumns =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(ComparedColumns, c => c, c => c.Replace('_', ' '), StringComparer.Ordinal);

    /// <summary>A column's name as the answer's words give it: <c>touches call 90d</c>.</summary>
    internal static string Spoken(string column) => SpokenColumns.TryGetValue(column, out var words) ? words : column.Replace('_', ' ');

    /// <summary>
    /// The batch row with the live features of <paramref name="live"/> on day <paramref name="on"/> overlaid. On the
    /// batch's as-of date, with no event since, the overlaid columns equal the batch's (tested for every demo account).
    /// </summary>
    public static LiveBaselineRow Apply(LiveBaselineRow batch, LiveFeatures live, DateOnly on) => Apply(batch, live, on, readOnly: false);

    /// <summary>
    /// <see cref="Apply(LiveBaselineRow, LiveFeatures, DateOnly)"/>; with <paramref name="readOnly"/> the row shares the
    /// tables and lists the overlay never changes (flags, texts, every list but products asked about) with
    /// <paramref name="batch"/>, so it must not be changed: an account's evaluation copies only what moves.
    /// </summary>
    internal static LiveBaselineRow Apply(LiveBaselineRow batch, LiveFeatures live, DateOnly on, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(live);
        var row = readOnly ? batch.Layered(OverlaidNumbers, Covered) : batch.Copy(OverlaidNumbers.Count, 1);

        // Every window in one pass over the day buckets (a LiveFeatures.Count per column read them all once per column):
        // per channel the 7, 30, 90 and 365-day totals, then inbound and outbound over 7, 30 and 90 days, all channels.
        Span<int> counts = stackalloc int[(ChannelColumns.Length * 4) + 6];
        var perChannel = counts[..^6];
        var inbound = counts[^6..^3];
        var outbound = counts[^3..];
        foreach (var bucket in live.Buckets)
        {
            var age = on.DayNumber - bucket.Day;
            if (age is < 0 or >= 365)
            {
                continue;
            }

            for (var c = 0; c < ChannelColumns.Length; c++)
            {
                if (bucket.Channel == ChannelColumns[c].Channel)
                {
                    Add(perChannel.Slice(c * 4, 4), age, bucket.Total);
                    break;
                }
            }

            Add(inbound, age, bucket.Inbound);
            Add(outbound, age, bucket.Outbound);
        }

        for (var c = 0; c < ChannelColumns.Length; c++)
        {
            var (_, d90, d365, d7, d30) = ChannelColumns[c];
            row.SetNumber(d90, perChannel[(c * 4) + 2]);
            row.SetNumber(d365, perChannel[(c * 4) + 3]);
            row.SetNumber(d7, perChannel[c * 4]);
            row.SetNumber(d30, perChannel[(c * 4) + 1]);
        }

        row.SetNumber("inbound_touches_90d", inbound[2]);
        row.SetNumber("support_load_365d", perChannel[(SupportChannel * 4) + 3]);
        row.SetDate("last_touch_date", live.LastTouch);
        if (batch.Numbers.ContainsKey("days_since_last_order") || batch.Dates.ContainsKey("last_order_date"))
        {
            row.SetNumber("days_since_last_order", batch.Date("last_order_date") is { } last ? on.DayNumber - last.DayNumber : null);
        }

        if (batch.Numbers.ContainsKey("account_age_days") || batch.Dates.ContainsKey("created_at"))
        {
            row.SetNumber("account_age_days", batch.Date("created_at") is { } created ? on.DayNumber - created.DayNumber : null);
        }

        row.SetNumber("inbound_touches_7d", inbound[0]);
        row.SetNumber("inbound_touches_30d", inbound[1]);
        row.SetNumber("outbound_touches_7d", outbound[0]);
        row.SetNumber("outbound_touches_30d", outbound[1]);
        row.SetNumber("outbound_touches_90d", outbound[2]);
        row.SetNumber("days_since_last_touch", live.LastTouch is { } touch ? on.DayNumber - touch.DayNumber : null);
        row.SetNumber("open_tickets", live.OpenTicketCount(on));
        row.Lists["products_asked_about"] = live.ProductsAskedAbout(on);
        return row;
    }

    /// <summary>Adds a day's <paramref name="n"/> touches, <paramref name="age"/> days old, to the windows (7, 30, 90, 365 days) it falls in.</summary>
    private static void Add(Span<int> windows, int age, int n)
    {
        ReadOnlySpan<int> days = [7, 30, 90, 365];
        for (var w = 0; w < windows.Length; w++)
        {
            if (age < days[w])
            {
                windows[w] += n;
            }
        }
    }

    /// <summary>The names of the overlaid values that differ between two rows, with both values (for reasons in words).</summary>
    public static List<(string Column, string Before, string Now)> Changes(LiveBaselineRow before, LiveBaselineRow now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        static string Text(double? v) => v is { } d ? Models.NumberText.Invariant(d, "0.##") : "unknown";
        var changes = new List<(string, string, string)>();
        foreach (var column in ComparedColumns)
        {
            if (column == "last_touch_date")
            {
                var a = before.Date(column);
                var b = now.Date(column);
                if (a != b)
                {
                    changes.Add((column, a?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none", b?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"));
                }

                continue;
            }

            double? x = before.TryNumber(column, out var bx) ? bx : null;
            double? y = now.TryNumber(column, out var ny) ? ny : null;
            if (x != y)
            {
                changes.Add((column, Text(x), Text(y)));
            }
        }

        return changes;
    }
}
