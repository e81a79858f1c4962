using Sightline.Data;

namespace Sightline.Realtime;

/// <summary>
/// The incremental part of one account's features, kept in memory and updated per event without any database access:
/// touches per channel and direction in day buckets (so rolling windows slide correctly as the day moves on and an
/// event that arrives late lands in its own day), the latest touch, product families asked about and support tickets.
/// Plain public properties so the state serialises as it is (grain persistence).
/// </summary>
public sealed class LiveFeatures
{
    private List<LiveFeaturesBucket> _buckets = [];
    private DateOnly? _lastTouch;
    private Dictionary<string, int> _askedAbout = new(StringComparer.Ordinal);
    private Dictionary<string, LiveFeaturesTicket> _tickets = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>The rolling windows reported, in days: the short ones for real time plus the batch table's 90 and 365.</summary>
    public static readonly IReadOnlyList<int> Windows = [7, 30, 90, 365];

    /// <summary>Day buckets are kept this long: the longest window, so the batch's 365-day counts can be reproduced.</summary>
    public const int KeepDays = 365;

    /// <summary>A product family counts as recently asked about for this many days.</summary>
    public const int AskedDays = 90;

    /// <summary>A ticket inferred without an id stops counting as open after this many days.</summary>
    public const int TicketDays = 90;

    /// <summary>Outcomes of a support touch that leave the matter open (used when no ticket id is given).</summary>
    public static readonly IReadOnlyList<string> UnresolvedOutcomes = ["pending", "escalated"];

    /// <summary>Touch buckets, at most one per day and channel, oldest first.</summary>
    public List<LiveFeaturesBucket> Buckets { get => _buckets; set { _buckets = value; _version++; } }

    /// <summary>The day of the latest touch ever seen (older than the buckets too), or null.</summary>
    public DateOnly? LastTouch { get => _lastTouch; set { _lastTouch = value; _version++; } }

    /// <summary>Product family (as given) to the latest day it was asked about (<see cref="DateOnly.DayNumber"/>).</summary>
    public Dictionary<string, int> AskedAbout { get => _askedAbout; set { _askedAbout = value; _version++; } }

    /// <summary>Support tickets by id, open and recently closed.</summary>
    public Dictionary<string, LiveFeaturesTicket> Tickets { get => _tickets; set { _tickets = value; _version++; } }

    /// <summary>
    /// Changes whenever the features may have changed (a property set or a method that updates them), so a row computed
    /// from them can be reused while it is the same. Change the collections through the methods, not directly.
    /// </summary>
    internal int Version => _version;

    /// <summary>
    /// Applies one event. The touch is counted in its day's bucket unless it is older than every window ending on
    /// <paramref name="today"/>; recency, products and tickets take it into account either way.
    /// </summary>
    /// <returns>True when the touch was counted in a bucket.</returns>
    public bool Apply(TouchpointEvent touch, DateOnly today)
    {
        _version++;
        ArgumentNullException.ThrowIfNull(touch);
        var day = touch.Day;
        if (LastTouch is null || day > LastTouch)
        {
            LastTouch = day;
        }

        if (touch.ProductFamily is { Length: > 0 } family && (!AskedAbout.TryGetValue(family, out var seen) || seen < day.DayNumber))
        {
            AskedAbout[family] = day.DayNumber;
        }

        ApplyTicket(touch);
        var counted = day.DayNumber > today.DayNumber - KeepDays;
        if (counted)
        {
            var bucket = Bucket(day.DayNumber, touch.Channel);
            bucket.Total++;
            if (touch.IsInbound)
            {
                bucket.Inbound++;
            }
            else if (string.Equals(touch.Direction, "out", StringComparison.OrdinalIgnoreCase))
            {
                bucket.Outbound++;
            }
        }

        Prune(today);
        return counted;
    }

    /// <summary>Touches in the <paramref name="days"/>-day window ending on <paramref name="on"/> (inclusive), optionally of one channel and direction.</summary>
    public int Count(DateOnly on, int days, string? channel = null, string? direction = null)
    {
        var first = on.DayNumber - days + 1;
        var last = on.DayNumber;
        var total = 0;
        foreach (var bucket in Buckets)
        {
            if (bucket.Day < first || bucket.Day > last || (channel is not null && bucket.Channel != channel))
            {
                continue;
            }

            total += direction switch
            {
                null => bucket.Total,
                "in" => bucket.Inbound,
                "out" => bucket.Outbound,
                _ => throw new ArgumentException($"direction '{direction}': expected in, out or null", nameof(direction)),
            };
        }

        return total;
    }

    /// <summary>Product families asked about in the last <see cref="AskedDays"/> days up to <paramref name="on"/>.</summary>
    public List<string> ProductsAskedAbout(DateOnly on) => AskedAbout.Count == 0 ? [] : AskedAboutOn(on);

    // Apart, so an account that asked about nothing makes no query's closure on every event.
    private List<string> AskedAboutOn(DateOnly on) =>
        [.. AskedAbout.Where(p => p.Value > on.DayNumber - AskedDays && p.Value <= on.DayNumber).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>Ids of the tickets open on <paramref name="on"/> (inferred ones only while younger than <see cref="TicketDays"/>).</summary>
    public List<string> OpenTickets(DateOnly on) => Tickets.Count == 0 ? [] : OpenOn(on);

    private List<string> OpenOn(DateOnly on) => [.. Tickets.Values.Where(t => IsOpen(t, on)).Select(t => t.Id).Order(StringComparer.Ordinal)];

    /// <summary>How many <see cref="OpenTickets"/> there are, without listing them.</summary>
    public int OpenTicketCount(DateOnly on)
    {
        var open = 0;
        foreach (var ticket in Tickets.Values)
        {
            open += IsOpen(ticket, on) ? 1 : 0;
        }

        return open;
    }

    private static bool IsOpen(LiveFeaturesTicket ticket, DateOnly on) =>
        ticket.Open && (!ticket.Inferred || DateOnly.FromDateTime(ticket.At).DayNumber > on.DayNumber - TicketDays);

    /// <summary>Everything at once for the day <paramref name="on"/>.</summary>
    public LiveFeaturesSnapshot Snapshot(DateOnly on)
    {
        var touches = new Dictionary<string, int>(StringComparer.Ordinal);
        var inbound = new Dictionary<string, int>(StringComparer.Ordinal);
        var outbound = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var days in Windows)
        {
            foreach (var channel in CanonicalSchema.TouchpointChannels)
            {
                touches[$"{channel}_{days}d"] = Count(on, days, channel);
            }

            inbound[$"{days}d"] = Count(on, days, direction: "in");
            outbound[$"{days}d"] = Count(on, days, direction: "out");
        }

        return new LiveFeaturesSnapshot(on, LastTouch, LastTouch is { } last ? on.DayNumber - last.DayNumber : null, touches, inbound, outbound,
            ProductsAskedAbout(on), OpenTickets(on));
    }

    /// <summary>Drops buckets, products and closed or expired tickets that no window ending on <paramref name="today"/> can see.</summary>
    public void Prune(DateOnly today)
    {
        _version++;
        // Runs on every event, and usually finds nothing to drop: it looks before it makes any list.
        var oldest = today.DayNumber - KeepDays;
        if (Buckets.Count > 0 && Buckets[0].Day <= oldest)
        {
            DropBuckets(oldest);
        }

        List<string>? families = null;
        foreach (var (family, day) in AskedAbout)
        {
            if (day <= today.DayNumber - AskedDays)
            {
                (families ??= []).Add(family);
            }
        }

        families?.ForEach(family => AskedAbout.Remove(family));
        List<string>? tickets = null;
        foreach (var (id, ticket) in Tickets)
        {
            if ((!ticket.Open || ticket.Inferred) && DateOnly.FromDateTime(ticket.At).DayNumber <= today.DayNumber - TicketDays)
            {
                (tickets ??= []).Add(id);
            }
        }

        tickets?.ForEach(id => Tickets.Remove(id));
    }

    // Apart, so the lambda's closure is made only when a bucket is dropped, not on every call of Prune.
    private void DropBuckets(int oldest) => Buckets.RemoveAll(b => b.Day <= oldest);

    /// <summary>A deep copy (the state before an event, kept to report what changed).</summary>
    public LiveFeatures Copy() => new()
    {
        Buckets = [.. Buckets.Select(b => new LiveFeaturesBucket { Day = b.Day, Channel = b.Channel, Total = b.Total, Inbound = b.Inbound, Outbound = b.Outbound })],
        LastTouch = LastTouch,
        AskedAbout = new Dictionary<string, int>(AskedAbout, StringComparer.Ordinal),
        Tickets = Tickets.Values.ToDictionary(t => t.Id, t => new LiveFeaturesTicket { Id = t.Id, Open = t.Open, At = t.At, Inferred = t.Inferred }, StringComparer.Ordinal),
    };

    /// <summary>Adds a bucket's counts (the baseline loader fills the state this way).</summary>
    public void AddBucket(int day, string channel, int total, int inbound, int outbound)
    {
        _version++;
        var bucket = Bucket(day, channel);
        bucket.Total += total;
        bucket.Inbound += inbound;
        bucket.Outbound += outbound;
    }

    /// <summary>Sets a ticket's state unless a later event already did.</summary>
    public void SetTicket(string id, bool open, DateTime at, bool inferred)
    {
        _version++;
        if (Tickets.TryGetValue(id, out var ticket) && ticket.At > at)
        {
            return;
        }

        Tickets[id] = new LiveFeaturesTicket { Id = id, Open = open, At = at, Inferred = inferred };
    }

    private void ApplyTicket(TouchpointEvent touch)
    {
        var at = touch.OccurredAt.UtcDateTime;
        if (touch.TicketId is { Length: > 0 } id)
        {
            SetTicket(id, touch.TicketState == TouchpointEvent.TicketOpen, at, inferred: false);
        }
        else if (touch.Channel == "support" && touch.Outcome is { } outcome && UnresolvedOutcomes.Contains(outcome, StringComparer.OrdinalIgnoreCase))
        {
            // Without ticket ids an unresolved support contact is the best evidence of an open matter; it ages out.
            SetTicket(touch.EventId, open: true, at, inferred: true);
        }
    }

    private LiveFeaturesBucket Bucket(int day, string channel)
    {
        // Buckets stay sorted by day: a late event inserts in place, most events append at the end.
        var index = Buckets.Count;
        while (index > 0 && Buckets[index - 1].Day > day)
        {
            index--;
        }

        for (var i = index - 1; i >= 0 && Buckets[i].Day == day; i--)
        {
            if (Buckets[i].Channel == channel)
            {
                return Buckets[i];
            }
        }

        var bucket = new LiveFeaturesBucket { Day = day, Channel = channel };
        Buckets.Insert(index, bucket);
        return bucket;
    }
}
