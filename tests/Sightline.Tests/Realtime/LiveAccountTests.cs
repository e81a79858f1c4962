using System.Text.Json;
using Sightline.Models.Evaluation;
using Sightline.Realtime;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>The live account on a hand-built context: segments that depend on touches, without models.</summary>
public sealed class LiveAccountTests
{
    private static readonly DateOnly AsOf = new(2026, 9, 30);

    private static LiveAccountContext Context(params SegmentDefinition[] segments)
    {
        var columns = new Dictionary<string, FeatureType>(StringComparer.Ordinal)
        {
            ["industry"] = FeatureType.Text,
            ["touches_call_90d"] = FeatureType.Number,
            ["inbound_touches_90d"] = FeatureType.Number,
            ["last_touch_date"] = FeatureType.Date,
            ["last_order_date"] = FeatureType.Date,
        };
        var ruleColumns = new RuleColumns(columns);
        return new LiveAccountContext
        {
            Stamp = new LiveBaselineStamp(AsOf, "features-1", "segments-1", null, null),
            FeatureColumns = [("industry", LiveBaselineColumnKind.Text), ("touches_call_90d", LiveBaselineColumnKind.Number),
                ("inbound_touches_90d", LiveBaselineColumnKind.Number), ("last_touch_date", LiveBaselineColumnKind.Date), ("last_order_date", LiveBaselineColumnKind.Date)],
            RuleColumns = ruleColumns,
            Segments = new LiveAccountSegments(new ProjectSettings { Segments = [.. segments] }, ruleColumns),
            Scorer = new LiveScorer { Models = [], Bands = ProbabilityBands.Default },
        };
    }

    private static readonly SegmentDefinition[] Segments =
    [
        new() { Name = "quiet", Rule = "touches_call_90d = 0", Priority = 50 },
        new() { Name = "engaged", Rule = "touches_call_90d >= 2", Priority = 10 },
        new() { Name = "engaged-inbound", Parent = "engaged", Rule = "inbound_touches_90d >= 3", Priority = 10 },
        new() { Name = "lapsed-buyer", Rule = "days_since(last_order_date) > 100", Priority = 60 },
    ];

    private static LiveBaselineAccount Baseline()
    {
        var baseline = new LiveBaselineAccount { AccountId = "A1" };
        baseline.Row.Texts["industry"] = "Retail";
        baseline.Row.Numbers["touches_call_90d"] = 1;
        baseline.Row.Numbers["inbound_touches_90d"] = 1;
        baseline.Row.Dates["last_order_date"] = AsOf.AddDays(-95);
        baseline.Features.AddBucket(AsOf.AddDays(-60).DayNumber, "call", 1, 1, 0);
        baseline.Features.LastTouch = AsOf.AddDays(-60);
        return baseline;
    }

    private static TouchpointEvent Call(string id, DateOnly day, string direction = "in") =>
        new(id, "A1", new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), "call", "renewal_call", direction);

    [Fact]
    public void Apply_TouchCrossesARuleThreshold_ReportsEnteredExitedAndTheNewAssignment()
    {
        var context = Context(Segments);
        var account = LiveAccount.FromBaseline(Baseline(), context);
        Assert.Empty(account.Segments);
        Assert.Null(account.AssignedSegment);

        var first = account.Apply(Call("e1", AsOf), context);

        Assert.Equal(["engaged"], first.Entered);
        Assert.Empty(first.Exited);
        Assert.Null(first.AssignedBefore);
        Assert.Equal("engaged", first.AssignedNow);
        Assert.Contains("touches call 90d 1 → 2", first.FeatureChanges);
        Assert.Contains("Entered engaged: its rule 'touches_call_90d >= 2' now holds.", first.Summary, StringComparison.Ordinal);

        var second = account.Apply(Call("e2", AsOf), context);

        // The micro-segment under engaged now holds, and assignment walks down to it.
        Assert.Equal(["engaged-inbound"], second.Entered);
        Assert.Equal("engaged-inbound", second.AssignedNow);
        Assert.Equal(["engaged", "engaged-inbound"], second.SegmentsNow);
        Assert.Equal(2, account.EventsApplied);
    }

    [Fact]
    public void AdvanceTo_WindowsSlideAndDaysSinceGrow_WithoutAnEvent()
    {
        var context = Context(Segments);
        var account = LiveAccount.FromBaseline(Baseline(), context);
        account.Apply(Call("e1", AsOf), context);

        // 31 days on: the 60-day-old call leaves the 90-day window, and the last order is more than 100 days old.
        var change = account.AdvanceTo(AsOf.AddDays(31), context);

        Assert.Null(change.EventId);
        Assert.Equal(["engaged"], change.Exited);
        Assert.Equal(["lapsed-buyer"], change.Entered);
        Assert.Equal("lapsed-buyer", change.AssignedNow);
        Assert.Contains("touches call 90d 2 → 1", change.FeatureChanges);
    }

    [Fact]
    public void Apply_LateEvent_DoesNotMoveTheDayBack()
    {
        var context = Context(Segments);
        var account = LiveAccount.FromBaseline(Baseline(), context);
        account.Apply(Call("e1", AsOf.AddDays(5)), context);

        var late = account.Apply(Call("e0", AsOf.AddDays(-2)), context);

        Assert.Equal(AsOf.AddDays(5), late.On);
        Assert.True(late.Counted);
        Assert.Equal(3, account.Features.Count(late.On, 90, "call"));
        Assert.Equal(AsOf.AddDays(5), account.Features.LastTouch);
    }

    [Fact]
    public void Apply_MalformedOrForAnotherAccount_IsBadInputAndChangesNothing()
    {
        var context = Context(Segments);
        var account = LiveAccount.FromBaseline(Baseline(), context);
        var before = JsonSerializer.Serialize(account);

        var wrongAccount = Assert.Throws<BadInputException>(() => account.Apply(Call("e1", AsOf) with { AccountId = "A2" }, context));
        var wrongChannel = Assert.Throws<BadInputException>(() => account.Apply(Call("e2", AsOf) with { Channel = "pigeon" }, context));

        Assert.Equal("event e1: column 'account_id' value 'A2': this state is account A1", wrongAccount.Message);
        Assert.Contains("column 'channel' value 'pigeon': expected one of call", wrongChannel.Message, StringComparison.Ordinal);
        Assert.Equal(before, JsonSerializer.Serialize(account));
    }

    [Fact]
    public void State_RoundTripsThroughJson_AndGoesOnFromWhereItWas()
    {
        var context = Context(Segments);
        var account = LiveAccount.FromBaseline(Baseline(), context);
        account.Apply(Call("e1", AsOf), context);

        var restored = JsonSerializer.Deserialize<LiveAccount>(JsonSerializer.Serialize(account))!;
        var change = restored.Apply(Call("e2", AsOf), context);

        Assert.Equal(context.Stamp, restored.Stamp);
        Assert.Equal(["engaged-inbound"], change.Entered);
        Assert.Equal(3, restored.Features.Count(AsOf, 90, "call"));
    }

    [Fact]
    public void Segments_ParentCycle_IsBadInputNamingTheSegment()
    {
        var error = Assert.Throws<BadInputException>(() => Context(
            new SegmentDefinition { Name = "a", Rule = "touches_call_90d > 0", Parent = "b" },
            new SegmentDefinition { Name = "b", Rule = "touches_call_90d > 1", Parent = "a" }));

        Assert.Contains("segments.a.parent", error.Message, StringComparison.Ordinal);
        Assert.Contains("the parents form a cycle", error.Message, StringComparison.Ordinal);
    }
}
