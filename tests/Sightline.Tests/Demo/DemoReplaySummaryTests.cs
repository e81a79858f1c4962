using Sightline.Demo.Replay;
using Sightline.Realtime;

namespace Sightline.Tests.Demo;

/// <summary>The replay's summary is a pure function of the events sent and the API's answers.</summary>
public sealed class DemoReplaySummaryTests
{
    private static readonly DateOnly Day = new(2026, 10, 1);

    private static TouchpointEvent Touch(string id, string account, int hour, string channel = "call", string? direction = "in", string? kind = null) =>
        new(id, account, new DateTimeOffset(2026, 10, 1, hour, 0, 0, TimeSpan.Zero), channel, kind, direction);

    private static DemoReplayOutcome Answer(string id, string account, string[] now, string[]? entered = null, string[]? exited = null, string? reason = "renewal",
        string? route = "renewals_desk", bool applied = true, string status = DemoReplayOutcome.AppendedStatus, string? assignedBefore = "a", string? assignedNow = "a",
        long applied_ = 1) =>
        new(id, account, status, 1, true, applied, now, entered ?? [], exited ?? [], assignedBefore, assignedNow, reason, $"probably {reason} (80%): x",
            route, $"rule '{route}' matched", "confirm renewal", applied_, null);

    [Fact]
    public void From_SegmentsOverTheDay_NetChangePerAccountFromFirstAndLastAnswer()
    {
        TouchpointEvent[] events =
        [
            Touch("E1", "A1", 9), Touch("E2", "A1", 11), Touch("E3", "A2", 10), Touch("E4", "A3", 12, "email", "out"), Touch("E5", "A2", 15),
        ];
        DemoReplayOutcome[] outcomes =
        [
            // A1 enters engaged at 9 and leaves it again at 11: no net change. A2 enters engaged and then hot: changed.
            // Answers arrive in another order than the events happened.
            Answer("E2", "A1", ["big"], exited: ["engaged"], applied_: 2),
            Answer("E1", "A1", ["big", "engaged"], entered: ["engaged"]),
            Answer("E5", "A2", ["engaged", "hot"], entered: ["hot"], assignedBefore: "engaged", assignedNow: "hot", applied_: 2),
            Answer("E3", "A2", ["engaged"], entered: ["engaged"], exited: ["cold"], assignedBefore: "cold", assignedNow: "engaged"),
            Answer("E4", "A3", ["cold"], reason: null, route: null),
        ];

        var summary = DemoReplaySummary.From(Day, events, outcomes, new Dictionary<string, string> { ["A2"] = "Beta Foods" });

        Assert.Equal((5, 5, 0, 0), (summary.Sent, summary.Appended, summary.Duplicates, summary.NotAnswered));
        Assert.Equal(["A1", "A2", "A3"], summary.Accounts.Select(a => a.AccountId));
        var a1 = summary.Accounts[0];
        Assert.Equal(["big"], a1.SegmentsBefore);
        Assert.Equal(["big"], a1.SegmentsAfter);
        Assert.False(a1.Changed);
        var a2 = summary.Accounts[1];
        Assert.Equal(["cold"], a2.SegmentsBefore);
        Assert.Equal(["engaged", "hot"], a2.SegmentsAfter);
        Assert.Equal(("cold", "hot", 2L), (a2.AssignedBefore, a2.AssignedAfter, a2.EventsApplied));
        Assert.Equal((1, 1, 1), (summary.AccountsChanged, summary.AccountsEntered, summary.AccountsExited));
        Assert.Equal([new DemoReplayCount("engaged", 1), new DemoReplayCount("hot", 1)], summary.SegmentsEntered);
        Assert.Equal([new DemoReplayCount("cold", 1)], summary.SegmentsExited);
        Assert.Equal([new DemoReplayCount("cold → hot", 1)], summary.AssignedMoves);
    }

    [Fact]
    public void From_InboundContacts_RoutesForCallsAndAllInbound_ReasonsLargestFirst()
    {
        TouchpointEvent[] events =
        [
            Touch("E1", "A1", 9), Touch("E2", "A2", 10), Touch("E3", "A3", 11), Touch("E4", "A4", 12, "support"), Touch("E5", "A5", 13, "call", "out"),
        ];
        DemoReplayOutcome[] outcomes =
        [
            Answer("E1", "A1", [], reason: "renewal", route: "renewals_desk"),
            Answer("E2", "A2", [], reason: "renewal", route: "renewals_desk"),
            Answer("E3", "A3", [], reason: "upgrade", route: "key_accounts"),
            Answer("E4", "A4", [], reason: "support", route: "support_desk"),
            Answer("E5", "A5", [], reason: "upgrade", route: "field_sales"),
        ];

        var summary = DemoReplaySummary.From(Day, events, outcomes, new Dictionary<string, string>());

        Assert.Equal(3, summary.InboundCalls);
        Assert.Equal([new DemoReplayCount("renewals_desk", 2), new DemoReplayCount("key_accounts", 1)], summary.CallRoutes);
        Assert.Equal([new DemoReplayCount("renewals_desk", 2), new DemoReplayCount("key_accounts", 1), new DemoReplayCount("support_desk", 1)], summary.InboundRoutes);
        Assert.Equal([new DemoReplayCount("renewal", 2), new DemoReplayCount("support", 1), new DemoReplayCount("upgrade", 1)], summary.ContactReasons);
    }

    [Fact]
    public void From_Examples_SegmentMoversFirstThenOnePerReason_InTimeOrder()
    {
        TouchpointEvent[] events =
        [
            Touch("E1", "A1", 9, kind: "renewal_call"), Touch("E2", "A2", 10), Touch("E3", "A3", 11), Touch("E4", "A4", 12, "support"), Touch("E5", "A5", 13),
        ];
        DemoReplayOutcome[] outcomes =
        [
            Answer("E1", "A1", ["engaged"], entered: ["engaged"], reason: "renewal"),
            Answer("E2", "A2", [], reason: "renewal"),
            Answer("E3", "A3", [], reason: "upgrade", route: "key_accounts"),
            Answer("E4", "A4", [], reason: "support", route: "support_desk"),
            Answer("E5", "A5", [], reason: "new_purchase", route: "field_sales"),
        ];

        var summary = DemoReplaySummary.From(Day, events, outcomes, new Dictionary<string, string> { ["A1"] = "Alpha Mills" });

        Assert.Equal(["E1", "E3", "E4", "E5"], summary.Examples.Select(e => e.EventId));
        var first = summary.Examples[0];
        Assert.Equal("Alpha Mills", first.AccountName);
        Assert.Equal("call in (renewal_call) at 09:00 UTC", first.Touch);
        Assert.Equal("probably renewal (80%): x", first.Reason);
        Assert.Equal("renewals_desk: rule 'renewals_desk' matched", first.Route);
        Assert.Equal("entered engaged", first.SegmentChange);
        Assert.Null(summary.Examples[1].SegmentChange);
    }

    [Fact]
    public void From_DuplicatesAndUnansweredEvents_CountedNotAppliedTwice()
    {
        TouchpointEvent[] events = [Touch("E1", "A1", 9), Touch("E2", "A2", 10)];
        DemoReplayOutcome[] outcomes =
        [
            Answer("E1", "A1", ["engaged"], applied: false, status: DemoReplayOutcome.DuplicateStatus, assignedBefore: "engaged", assignedNow: "engaged"),
            new("E2", "A2", DemoReplayOutcome.AppendedStatus, 7, false, false, [], [], [], null, null, null, null, null, null, null, 0, "grain A2 did not answer"),
        ];

        var summary = DemoReplaySummary.From(Day, events, outcomes, new Dictionary<string, string>());

        Assert.Equal((2, 1, 1, 1), (summary.Sent, summary.Appended, summary.Duplicates, summary.NotAnswered));
        var a1 = Assert.Single(summary.Accounts);
        Assert.Equal(["engaged"], a1.SegmentsBefore);
        Assert.False(a1.Changed);
        Assert.Empty(summary.Examples);
    }

    [Fact]
    public void From_OutcomeForAnEventNotSent_OrEventWithoutOutcome_Throws()
    {
        TouchpointEvent[] events = [Touch("E1", "A1", 9)];

        var stray = Assert.Throws<ArgumentException>(() => DemoReplaySummary.From(Day, events, [Answer("E1", "A1", []), Answer("E9", "A1", [])], new Dictionary<string, string>()));
        var missing = Assert.Throws<ArgumentException>(() => DemoReplaySummary.From(Day, events, [], new Dictionary<string, string>()));

        Assert.StartsWith("the API answered for event 'E9', which was not sent", stray.Message, StringComparison.Ordinal);
        Assert.StartsWith("the API gave no outcome for event 'E1'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAnswer_ApiJson_OutcomesWithReasonRouteAndAction()
    {
        const string json = """
            {"appended":1,"duplicates":1,"lastSequence":8,"store":"x","events":[
              {"eventId":"E1","accountId":"A1","status":"appended","sequence":8,"reason":"appended",
               "answer":{"accountId":"A1","eventId":"E1","sequence":8,"applied":true,"note":"n","segmentsNow":["big","hot"],"entered":["hot"],"exited":[],
                 "assignedBefore":"big","assignedNow":"hot","reasonForContact":{"reason":"renewal","probability":0.8,"evidence":[],"explanation":"probably renewal (80%)"},
                 "reasonNote":"m","route":{"to":"renewals_desk","rule":"renewals","reason":"rule 'renewals' matched"},
                 "nextBestAction":{"action":"confirm_renewal","text":"confirm renewal of Analytics","reason":"r","productFamily":"Analytics"},"eventsApplied":3},
               "answerError":null},
              {"eventId":"E2","accountId":"A2","status":"duplicate","sequence":5,"reason":"dup","answer":null,"answerError":"grain did not answer"}]}
            """;

        var outcomes = DemoReplay.ParseAnswer(json);

        Assert.Equal(2, outcomes.Count);
        var first = outcomes[0];
        Assert.Equal(("E1", "A1", "appended", 8L, true, true), (first.EventId, first.AccountId, first.Status, first.Sequence, first.Answered, first.Applied));
        Assert.Equal(["big", "hot"], first.SegmentsNow);
        Assert.Equal(["hot"], first.Entered);
        Assert.Equal(["big"], first.SegmentsBefore());
        Assert.Equal(("renewal", "probably renewal (80%)", "renewals_desk", "rule 'renewals' matched", "confirm renewal of Analytics", 3L),
            (first.Reason, first.ReasonExplanation, first.RouteTo, first.RouteReason, first.NextBestAction, first.EventsApplied));
        Assert.Equal(("duplicate", false, "grain did not answer"), (outcomes[1].Status, outcomes[1].Answered, outcomes[1].Error));
    }
}
