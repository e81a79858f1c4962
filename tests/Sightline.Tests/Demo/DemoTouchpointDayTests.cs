using System.Globalization;
using Sightline.Data;
using Sightline.Demo;
using Sightline.Realtime;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Demo;

/// <summary>A replayed day drawn from the 3,000-account demo: deterministic, valid, and shaped like the history.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class DemoTouchpointDayTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Generate_SameSeedAndDay_SameEvents_AnotherSeedOthers()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var day = DemoTouchpointDay.DefaultDay(ws);

        var first = DemoTouchpointDay.Generate(ws, day, seed: 3);
        var again = DemoTouchpointDay.Generate(ws, day, seed: 3);
        var other = DemoTouchpointDay.Generate(ws, day, seed: 4);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(e => (e.AccountId, e.OccurredAt)), other.Select(e => (e.AccountId, e.OccurredAt)));
        Assert.Equal(first.Count, first.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal($"DAY-{day:yyyyMMdd}-3-000001", first[0].EventId);
        Assert.All(first, e => Assert.Equal(day, e.Day));
        Assert.Equal(first.OrderBy(e => e.OccurredAt).Select(e => e.EventId), first.Select(e => e.EventId));
    }

    [Fact]
    public void Generate_DefaultVolume_IsTheHistorysDailyRate()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var day = DemoTouchpointDay.DefaultDay(ws);
        var history = Convert.ToInt64(ws.Scalar(
            $"SELECT count(*) FROM touchpoints WHERE occurred_at >= TIMESTAMP '{day.AddDays(-365):yyyy-MM-dd}' AND occurred_at < TIMESTAMP '{day:yyyy-MM-dd}'"),
            CultureInfo.InvariantCulture);

        var events = DemoTouchpointDay.Generate(ws, day, seed: 1);

        Assert.Equal(DbValues.Date(ws.Scalar("SELECT as_of FROM runs WHERE kind = 'features' ORDER BY started_at DESC LIMIT 1"))!.Value.AddDays(1), day);
        var expected = (int)Math.Round(history / 365.0);
        Assert.InRange(expected, 20, 100_000);
        Assert.Equal(expected, events.Count(e => e.Kind != DemoTouchpointDay.SameDayCloseKind));
        Assert.Equal(500, DemoTouchpointDay.Generate(ws, day, seed: 1, events: 500).Count(e => e.Kind != DemoTouchpointDay.SameDayCloseKind));
    }

    [Fact]
    public void Generate_EveryEventPassesTheValidator_AndReadsBackEqual()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var events = DemoTouchpointDay.Generate(ws, DemoTouchpointDay.DefaultDay(ws), seed: 2, events: 2_000);

        var validated = new TouchpointEventValidator(ws, clock: FixedClock.Default).ValidateJson(TouchpointEventJson.Array(events), "day");

        Assert.Equal(events, validated);
        Assert.Empty(events.SelectMany(e => e.Problems()));
    }

    [Fact]
    public void Generate_ManyDays_ChannelAndDirectionSharesFollowTheHistory()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var day = DemoTouchpointDay.DefaultDay(ws);
        var events = DemoTouchpointDay.Generate(ws, day, seed: 9, events: 4_000);
        var history = ws.Strings($"""
            SELECT channel || '|' || coalesce(direction, '') FROM touchpoints
            WHERE occurred_at >= TIMESTAMP '{day.AddDays(-365):yyyy-MM-dd}' AND occurred_at < TIMESTAMP '{day:yyyy-MM-dd}'
            """).Select(s => s.Split('|')).ToList();

        foreach (var channel in CanonicalSchema.TouchpointChannels)
        {
            var historyShare = history.Count(h => h[0] == channel) / (double)history.Count;
            var dayShare = events.Count(e => e.Channel == channel) / (double)events.Count;
            Assert.True(Math.Abs(historyShare - dayShare) < 0.03, $"{channel}: history {historyShare:P1}, day {dayShare:P1}");
        }

        var historyInbound = history.Count(h => h[1] == "in") / (double)history.Count;
        var dayInbound = events.Count(e => e.Direction == "in") / (double)events.Count;
        Assert.True(Math.Abs(historyInbound - dayInbound) < 0.03, $"inbound: history {historyInbound:P1}, day {dayInbound:P1}");
    }

    [Fact]
    public void Generate_RenewalsTicketsAndInterest_FollowTheAccountsHistory()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var day = DemoTouchpointDay.DefaultDay(ws);
        var events = DemoTouchpointDay.Generate(ws, day, seed: 11, events: 4_000);

        // Every renewal call names a family the account holds whose first order's anniversary is within the window.
        var renewals = events.Where(e => e.Kind == "renewal_call").ToList();
        Assert.NotEmpty(renewals);
        foreach (var call in renewals)
        {
            var anniversary = ws.Strings($"""
                SELECT strftime(min(o.order_date), '%m-%d') FROM orders o JOIN products p USING (product_id)
                WHERE o.account_id = '{call.AccountId}' AND p.family = '{call.ProductFamily}' AND o.amount > 0 AND o.order_date < DATE '{day:yyyy-MM-dd}'
                """).Single();
            var next = DateOnly.ParseExact($"{day.Year}-{anniversary}", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            next = next < day ? next.AddYears(1) : next;
            Assert.InRange(next.DayNumber - day.DayNumber, 0, DemoTouchpointDay.RenewalWindowDays);
        }

        // Support touches carry tickets: some opened, some closed; a ticket closed by its id was opened earlier (today or in the history).
        var support = events.Where(e => e.Channel == "support").ToList();
        Assert.All(support, e => Assert.NotNull(e.TicketId));
        Assert.Contains(support, e => e.TicketState == TouchpointEvent.TicketOpen);
        var closedHistoric = support.Where(e => e.TicketState == TouchpointEvent.TicketClosed && !e.TicketId!.StartsWith("T-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(closedHistoric);
        foreach (var closed in closedHistoric)
        {
            Assert.Equal(closed.AccountId, ws.Strings($"SELECT account_id FROM touchpoints WHERE event_id = '{closed.TicketId}' AND channel = 'support' AND outcome IN ('pending', 'escalated')").Single());
        }

        var openedToday = support.Where(e => e.TicketState == TouchpointEvent.TicketOpen).ToDictionary(e => e.TicketId!, e => e.OccurredAt);
        foreach (var followUp in support.Where(e => e.TicketState == TouchpointEvent.TicketClosed && openedToday.ContainsKey(e.TicketId!)))
        {
            Assert.True(followUp.OccurredAt > openedToday[followUp.TicketId!], $"{followUp.EventId} closes {followUp.TicketId} before it was opened");
        }

        // Buying interest names a product family of the catalogue.
        var families = ws.Strings("SELECT DISTINCT family FROM products WHERE family IS NOT NULL");
        var interest = events.Where(e => e.Direction == "in" && DemoTouchpointDay.InterestKinds.Contains(e.Kind)).ToList();
        Assert.NotEmpty(interest);
        Assert.All(interest, e => Assert.Contains(e.ProductFamily, families));
    }

    [Fact]
    public void Generate_NoHistoryBeforeTheDay_ClearError()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var error = Assert.Throws<BadInputException>(() => DemoTouchpointDay.Generate(ws, new DateOnly(2001, 1, 1), seed: 1));

        Assert.Contains("touchpoints has no touch between 2000-01-02 and 2000-12-31", error.Message, StringComparison.Ordinal);
    }
}
