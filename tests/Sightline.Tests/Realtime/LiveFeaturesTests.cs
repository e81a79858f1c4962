using System.Text.Json;
using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

public sealed class LiveFeaturesTests
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    private static TouchpointEvent Touch(string id, DateOnly day, string channel = "call", string? direction = "in", string? outcome = null,
        string? family = null, string? ticket = null, string? state = null, int hour = 12) =>
        new(id, "A1", new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero), channel, Direction: direction, Outcome: outcome,
            ProductFamily: family, TicketId: ticket, TicketState: state);

    [Fact]
    public void Count_WindowsEndOnTheDayInclusive_AndSlideAsTheDayMovesOn()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("e1", Today), Today);
        live.Apply(Touch("e2", Today.AddDays(-6)), Today);
        live.Apply(Touch("e3", Today.AddDays(-7)), Today);
        live.Apply(Touch("e4", Today.AddDays(-29), direction: "out"), Today);
        live.Apply(Touch("e5", Today.AddDays(-89), channel: "email"), Today);

        Assert.Equal(2, live.Count(Today, 7, "call"));   // today and 6 days ago; 7 days ago is the 8th day
        Assert.Equal(4, live.Count(Today, 30, "call"));
        Assert.Equal(1, live.Count(Today, 90, "email"));
        Assert.Equal(5, live.Count(Today, 90));
        Assert.Equal(4, live.Count(Today, 90, direction: "in"));
        Assert.Equal(1, live.Count(Today, 30, direction: "out"));

        // A day later the 89-day-old email is 90 days old: outside the 90-day window, still inside the 365-day one.
        var tomorrow = Today.AddDays(1);
        Assert.Equal(0, live.Count(tomorrow, 90, "email"));
        Assert.Equal(1, live.Count(tomorrow, 365, "email"));
        Assert.Equal(1, live.Count(tomorrow, 7, "call"));
    }

    [Fact]
    public void Apply_EventsOutOfOrder_LandInTheirOwnDayAndKeepTheLatestTouch()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("late", Today), Today);
        live.Apply(Touch("early", Today.AddDays(-40)), Today);
        live.Apply(Touch("middle", Today.AddDays(-10)), Today);
        live.Apply(Touch("again", Today.AddDays(-40), hour: 18), Today);

        Assert.Equal(Today, live.LastTouch);
        Assert.Equal([Today.AddDays(-40).DayNumber, Today.AddDays(-10).DayNumber, Today.DayNumber], live.Buckets.Select(b => b.Day));
        Assert.Equal(2, live.Buckets[0].Total);
        Assert.Equal(2, live.Count(Today, 30));
        Assert.Equal(4, live.Count(Today, 90));
    }

    [Fact]
    public void Apply_OlderThanEveryWindow_UpdatesNoCountButReportsIt()
    {
        var live = new LiveFeatures();

        var counted = live.Apply(Touch("ancient", Today.AddDays(-LiveFeatures.KeepDays)), Today);

        Assert.False(counted);
        Assert.Empty(live.Buckets);
        Assert.Equal(Today.AddDays(-LiveFeatures.KeepDays), live.LastTouch);
        Assert.True(live.Apply(Touch("edge", Today.AddDays(1 - LiveFeatures.KeepDays)), Today));
        Assert.Equal(1, live.Count(Today, 365));
    }

    [Fact]
    public void Tickets_OpenAndCloseById_ALateOlderEventDoesNotReopen()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("e1", Today.AddDays(-3), channel: "support", ticket: "T-1", state: "open"), Today);
        live.Apply(Touch("e2", Today.AddDays(-2), channel: "support", ticket: "T-2", state: "open"), Today);
        Assert.Equal(["T-1", "T-2"], live.OpenTickets(Today));

        live.Apply(Touch("e3", Today, channel: "support", ticket: "T-1", state: "closed"), Today);
        live.Apply(Touch("e4", Today.AddDays(-1), channel: "support", ticket: "T-1", state: "open"), Today); // arrives late

        Assert.Equal(["T-2"], live.OpenTickets(Today));
    }

    [Fact]
    public void Tickets_UnresolvedSupportWithoutId_CountsAsOpenUntilItAgesOut()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("s1", Today.AddDays(-10), channel: "support", outcome: "escalated"), Today);
        live.Apply(Touch("s2", Today.AddDays(-5), channel: "support", outcome: "resolved"), Today);
        live.Apply(Touch("c1", Today, channel: "call", outcome: "pending"), Today);

        Assert.Equal(["s1"], live.OpenTickets(Today));
        Assert.Empty(live.OpenTickets(Today.AddDays(LiveFeatures.TicketDays - 10)));
        Assert.Equal(["s1"], live.OpenTickets(Today.AddDays(LiveFeatures.TicketDays - 11)));
    }

    [Fact]
    public void ProductsAskedAbout_KeepsTheLast90Days()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("p1", Today.AddDays(-100), family: "Analytics"), Today);
        live.Apply(Touch("p2", Today.AddDays(-20), family: "Security"), Today);
        live.Apply(Touch("p3", Today, family: "Core Platform"), Today);

        Assert.Equal(["Core Platform", "Security"], live.ProductsAskedAbout(Today));
        Assert.Equal(["Core Platform"], live.ProductsAskedAbout(Today.AddDays(75)));
    }

    [Fact]
    public void Snapshot_HasEveryChannelAndWindow()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("e1", Today.AddDays(-3), channel: "web"), Today);

        var snapshot = live.Snapshot(Today);

        Assert.Equal(8 * LiveFeatures.Windows.Count, snapshot.Touches.Count);
        Assert.Equal(1, snapshot.Touches["web_7d"]);
        Assert.Equal(0, snapshot.Touches["call_7d"]);
        Assert.Equal(1, snapshot.Inbound["30d"]);
        Assert.Equal(3, snapshot.DaysSinceLastTouch);
    }

    [Fact]
    public void State_RoundTripsThroughJson()
    {
        var live = new LiveFeatures();
        live.Apply(Touch("e1", Today.AddDays(-3), channel: "support", ticket: "T-9", state: "open", family: "Analytics"), Today);
        live.Apply(Touch("e2", Today, channel: "email", direction: "out"), Today);

        var copy = JsonSerializer.Deserialize<LiveFeatures>(JsonSerializer.Serialize(live))!;

        Assert.Equal(live.Snapshot(Today).Touches, copy.Snapshot(Today).Touches);
        Assert.Equal(["T-9"], copy.OpenTickets(Today));
        Assert.Equal(["Analytics"], copy.ProductsAskedAbout(Today));
        Assert.Equal(Today, copy.LastTouch);
    }

    [Theory]
    [InlineData("fax", null, null, null, "channel", "fax", "expected one of call, email, web")]
    [InlineData("call", "sideways", null, null, "direction", "sideways", "expected in or out")]
    [InlineData("support", "in", "T-1", "maybe", "ticket_state", "maybe", "expected open or closed with ticket_id T-1")]
    [InlineData("support", "in", null, "open", "ticket_id", null, "a ticket_state (open) needs the ticket_id")]
    public void Problems_MalformedEvent_NamesTheFieldTheValueAndWhatWasExpected(string channel, string? direction, string? ticket, string? state,
        string field, string? value, string expected)
    {
        var touch = new TouchpointEvent("E9", "A1", DateTimeOffset.UnixEpoch, channel, Direction: direction, TicketId: ticket, TicketState: state);

        var problem = Assert.Single(touch.Problems());

        Assert.Equal(field, problem.Column);
        Assert.Equal(value, problem.Value);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Equal("event E9", problem.File);
    }
}
