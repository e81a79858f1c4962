using Sightline.Features;
using Sightline.Realtime;
using Sightline.Segments;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>A small workspace taken through a batch, live events, and a second batch: staleness and reload.</summary>
public sealed class LiveBaselineReloadTests : IDisposable
{
    private static readonly DateOnly FirstBatch = new(2025, 6, 30);
    private static readonly DateOnly SecondBatch = new(2025, 7, 5);
    private readonly TestWorkspace _ws = new();

    public LiveBaselineReloadTests()
    {
        _ws.Import(null,
            ("accounts.csv", "account_id,name,industry,employees\nA1,Acme,Retail,500\nA2,Bolt,Banking,20\n"),
            ("touchpoints.csv", """
                event_id,account_id,occurred_at,channel,kind,direction,contact_id,outcome
                E1,A1,2025-06-01 09:00:00,call,discovery_call,in,,connected
                E2,A1,2024-03-01 09:00:00,email,newsletter,out,,opened
                E3,A2,2025-06-20 09:00:00,support,how_to,in,,pending
                E4,A2,2025-07-01 09:00:00,web,pricing_page,in,,visited

                """));
        FeatureBuilder.Build(_ws.Workspace, FirstBatch, FixedClock.Default);
        SegmentEngine.Add(_ws.Workspace, new SegmentDefinition { Name = "engaged", Rule = "touches_call_90d >= 2", Priority = 10 });
        SegmentEngine.Add(_ws.Workspace, new SegmentDefinition { Name = "rest", Rule = "true", Priority = 90 });
        SegmentEngine.Evaluate(_ws.Workspace, FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    private static TouchpointEvent Call(string id, DateOnly day) =>
        new(id, "A1", new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), "call", "follow_up", "in");

    [Fact]
    public void Load_SmallWorkspace_CountsOnlyTouchesUpToTheBatchDate()
    {
        var baseline = LiveBaseline.Load(_ws.Workspace);

        var a1 = baseline.Accounts["A1"];
        var a2 = baseline.Accounts["A2"];
        Assert.Equal(FirstBatch, baseline.Stamp.AsOf);
        Assert.Null(baseline.Stamp.LookalikeRunId);
        Assert.Empty(baseline.Context.Scorer.Models);
        Assert.Equal(1, a1.Features.Count(FirstBatch, 90, "call"));
        Assert.Equal(0, a1.Features.Count(FirstBatch, 365, "email")); // 16 months old: outside every window
        Assert.Equal(new DateOnly(2025, 6, 1), a1.Features.LastTouch);
        Assert.Equal(0, a2.Features.Count(FirstBatch, 90, "web"));     // after the batch date
        Assert.Equal(["E3"], a2.Features.OpenTickets(FirstBatch));      // pending support touch: inferred open ticket
        Assert.Equal(["rest"], a1.Segments);
        Assert.Equal("rest", a1.AssignedSegment);
    }

    [Fact]
    public void NewBatch_StateBuiltFromItPlusTheLogEventsItDoesNotCount_CountsEveryTouchOnce()
    {
        var first = LiveBaseline.Load(_ws.Workspace);
        var account = LiveAccount.FromBaseline(first.Accounts["A1"], first.Context);
        var change = account.Apply(Call("L1", new DateOnly(2025, 7, 2)), first.Context);
        Assert.Equal(["engaged"], change.Entered);
        Assert.Empty(change.Exited); // "rest" holds for everyone; only the assignment moves
        Assert.Equal(("rest", "engaged"), (change.AssignedBefore, change.AssignedNow));

        // L1 is logged; the next batch (dated after it) copies it into touchpoints. After that copy come L2, dated after
        // the batch, and L3, dated before it (late): the batch counts neither.
        var log = new TouchpointLog(_ws.Workspace, FixedClock.Default);
        log.Append([Call("L1", new DateOnly(2025, 7, 2))]);
        Assert.False(LiveBaseline.IsStale(_ws.Workspace, account.Stamp!));
        var later = new FixedClock(FixedClock.Default.GetUtcNow().AddHours(1)); // the feature table's date is the latest run's
        FeatureBuilder.Build(_ws.Workspace, SecondBatch, later);
        SegmentEngine.Evaluate(_ws.Workspace, later);
        log.Append([Call("L2", new DateOnly(2025, 7, 10)), Call("L3", new DateOnly(2025, 7, 4))]);

        Assert.True(LiveBaseline.IsStale(_ws.Workspace, account.Stamp!));
        var second = LiveBaseline.Load(_ws.Workspace);
        Assert.NotEqual(first.Stamp.FeaturesRunId, second.Stamp.FeaturesRunId);
        Assert.NotEqual(first.Stamp.SegmentsRunId, second.Stamp.SegmentsRunId);
        Assert.Equal(SecondBatch, second.Stamp.AsOf);
        Assert.Equal(2, second.Accounts["A1"].Features.Count(SecondBatch, 90, "call")); // E1 and L1

        var inBatch = TouchpointLogInBatch.Load(_ws.Workspace);
        var logged = log.ReadAccount("A1", 0);
        Assert.Equal(["L2", "L3"], logged.Where(e => !inBatch.Counts(e, SecondBatch)).Select(e => e.Event.EventId));
        var rebuilt = LiveAccount.FromBaseline(second.Accounts["A1"], second.Context);
        foreach (var entry in logged.Where(e => !inBatch.Counts(e, SecondBatch)))
        {
            rebuilt.Apply(entry.Event, second.Context);
        }

        Assert.Equal(second.Stamp, rebuilt.Stamp);
        Assert.Equal(new DateOnly(2025, 7, 10), rebuilt.On);
        Assert.Equal(4, rebuilt.Features.Count(rebuilt.On, 90, "call")); // E1 and L1 from the batch, L2 and L3 from the log: each once
        Assert.Equal(["engaged", "rest"], rebuilt.Segments);
        Assert.Equal("engaged", rebuilt.AssignedSegment);
    }

    [Fact]
    public void Load_TouchpointsWithProductAndTicketColumns_ReadsWhatWasAskedAndWhichTicketsAreOpen()
    {
        _ws.Workspace.Execute("""
            ALTER TABLE touchpoints ADD COLUMN product_family VARCHAR;
            ALTER TABLE touchpoints ADD COLUMN ticket_id VARCHAR;
            ALTER TABLE touchpoints ADD COLUMN ticket_state VARCHAR;
            INSERT INTO touchpoints (event_id, account_id, occurred_at, channel, direction, product_family, ticket_id, ticket_state) VALUES
                ('T1', 'A1', TIMESTAMP '2025-06-10 09:00:00', 'support', 'in', 'Analytics', 'K-1', 'open'),
                ('T2', 'A1', TIMESTAMP '2025-06-12 09:00:00', 'support', 'in', NULL, 'K-2', 'open'),
                ('T3', 'A1', TIMESTAMP '2025-06-20 09:00:00', 'support', 'in', NULL, 'K-2', 'closed'),
                ('T4', 'A1', TIMESTAMP '2025-03-01 09:00:00', 'call', 'in', 'Security', NULL, NULL),
                ('T5', 'A1', TIMESTAMP '2025-07-02 09:00:00', 'support', 'in', 'Core', 'K-3', 'open');
            """);

        var a1 = LiveBaseline.Load(_ws.Workspace).Accounts["A1"];

        // Security was asked about more than 90 days before the batch date, K-3 and Core come after it.
        Assert.Equal(["Analytics"], a1.Features.ProductsAskedAbout(FirstBatch));
        Assert.Equal(["K-1"], a1.Features.OpenTickets(FirstBatch));
        Assert.False(a1.Features.Tickets["K-2"].Open);
        Assert.False(a1.Features.Tickets.ContainsKey("K-3"));
    }
}
