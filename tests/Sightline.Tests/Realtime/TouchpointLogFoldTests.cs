using Sightline.Features;
using Sightline.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime;

/// <summary>A batch run starts by copying the events logged in real time into <c>touchpoints</c>, once each.</summary>
public sealed class TouchpointLogFoldTests : IDisposable
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TouchpointWorld.Now.UtcDateTime);
    private readonly TouchpointWorld _world = new();

    public TouchpointLogFoldTests()
    {
        _world.Workspace.Execute("""
            INSERT INTO touchpoints (event_id, account_id, occurred_at, channel, kind, direction) VALUES
                ('CRM-1', 'A1', TIMESTAMP '2026-11-20 09:00:00', 'call', 'discovery_call', 'in');
            """);
    }

    public void Dispose() => _world.Dispose();

    private long Count(string sql) => _world.Test.Count(sql);

    [Fact]
    public void FeatureBuild_CopiesLoggedEventsOnce_WithTheirProductAndTicket_AndCountsThemInTheFeatures()
    {
        var asked = TouchpointWorld.Event("L1") with { ProductFamily = "Analytics" };
        var ticket = TouchpointWorld.Event("L2", channel: "support") with { TicketId = "T-9", TicketState = TouchpointEvent.TicketOpen };
        var crmCopy = TouchpointWorld.Event("CRM-1", channel: "email"); // the CRM's own row wins; the log's copy is not added
        _world.Log().Append([asked, ticket, crmCopy, TouchpointWorld.Event("L3", account: "A2")]);

        var summary = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default);

        Assert.Equal(3, summary.LogFold.Folded);
        Assert.Equal(["product_family", "ticket_id", "ticket_state"], summary.LogFold.AddedColumns);
        Assert.Equal("3 events from the touchpoint log added to touchpoints; new touchpoints columns product_family, ticket_id, ticket_state", summary.LogFold.Summary);
        Assert.Equal(
            [["CRM-1", "A1", "call", null, null, null], ["L1", "A1", "call", "Analytics", null, null], ["L2", "A1", "support", null, "T-9", "open"], ["L3", "A2", "call", null, null, null]],
            _world.Test.Rows("SELECT event_id, account_id, channel, product_family, ticket_id, ticket_state FROM touchpoints ORDER BY event_id"));
        Assert.Equal(new object?[] { 2L, 1L }, _world.Test.Rows("SELECT touches_call_90d, touches_support_90d FROM account_features WHERE account_id = 'A1'")[0]);
        Assert.EndsWith("3 events from the touchpoint log added to touchpoints; new touchpoints columns product_family, ticket_id, ticket_state",
            _world.Test.Text($"SELECT summary FROM runs WHERE run_id = '{summary.RunId}'"), StringComparison.Ordinal);

        // The next run finds nothing new: nothing is copied twice.
        var again = FeatureBuilder.Build(_world.Workspace, Today, new FixedClock(TouchpointWorld.Now.AddMinutes(5)));
        Assert.Equal((0L, "no new events in the touchpoint log"), (again.LogFold.Folded, again.LogFold.Summary));
        Assert.Equal(4, Count("SELECT count(*) FROM touchpoints"));
    }

    [Fact]
    public void FeatureBuild_EventOfAnAccountNoLongerImported_StaysInTheLogAndIsNamed()
    {
        _world.Log().Append([TouchpointWorld.Event("L1"), TouchpointWorld.Event("L2", account: "A3")]);
        _world.Workspace.Execute("DELETE FROM accounts WHERE account_id = 'A3'"); // a replacing import without A3

        var fold = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default).LogFold;

        Assert.Equal((1L, 1L), (fold.Folded, fold.UnknownAccounts));
        Assert.Equal("1 event from the touchpoint log added to touchpoints; 1 left in the log because its account is not in accounts", fold.Summary);
        Assert.Equal(0, Count("SELECT count(*) FROM touchpoints WHERE event_id = 'L2'"));
        Assert.Equal(2, Count("SELECT count(*) FROM touchpoint_log"));

        // Once the account is back, the next run copies it.
        _world.Workspace.Execute("INSERT INTO accounts (account_id, name) VALUES ('A3', 'Gamma Labs')");
        var next = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default).LogFold;
        Assert.Equal((1L, 0L), (next.Folded, next.UnknownAccounts));
    }

    [Fact]
    public void LogInBatch_CountsCopiedEventsUpToTheBatchDate_NotTheOnesLeftInTheLogOrDatedAfter()
    {
        var appended = _world.Log().Append([TouchpointWorld.Event("L1"), TouchpointWorld.Event("L2", account: "A3"), TouchpointWorld.Event("L3")]).Events;
        _world.Workspace.Execute("DELETE FROM accounts WHERE account_id = 'A3'");
        FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default);
        var entries = _world.Log().ReadAfter(0);

        var inBatch = TouchpointLogInBatch.Load(_world.Workspace);

        Assert.Equal(appended[2].Sequence, inBatch.Through);
        Assert.Equal([true, false, true], entries.Select(e => inBatch.Counts(e, Today)));
        Assert.Equal([false, false, false], entries.Select(e => inBatch.Counts(e, Today.AddDays(-1)))); // dated after that batch
        Assert.False(TouchpointLogInBatch.None.Counts(entries[0], Today));
    }

    [Fact]
    public async Task FeatureBuild_WithACopyOfAClusterLog_CopiesItsEventsOnce_AndTheBatchCountsThemByTheClusterSequences()
    {
        // Another workspace's log stands in for the cluster's: the copy reads any touchpoint store (PostgreSQL in cluster mode).
        using var cluster = new TouchpointWorld();
        var both = TouchpointWorld.Event("BOTH");
        _world.Log().Append([both]);
        cluster.Log().Append([TouchpointWorld.Event("C1"), TouchpointWorld.Event("C2", account: "A2"), both]);
        var identity = ClusterTouchpointLogCopy.Identity(cluster.Log().ReadAfter(0)[0]);
        Assert.Equal("C1 received 2026-11-23T12:00:00.000000Z", identity);

        var first = await ClusterTouchpointLogCopy.CopyAsync(_world.Workspace, cluster.Log(), FixedClock.Default);
        cluster.Log().Append([TouchpointWorld.Event("C4", account: "A3")]);
        var second = await ClusterTouchpointLogCopy.CopyAsync(_world.Workspace, cluster.Log(), FixedClock.Default);

        Assert.Equal((3L, 3L, false), (first.Copied, first.Through, first.Replaced));
        Assert.Equal((1L, 4L), (second.Copied, second.Through));
        Assert.Equal($"1 new events copied from {cluster.Log().Description} (the copy holds sequences 1 to 4)", second.Summary);
        Assert.Equal(identity, ClusterTouchpointLogCopy.CopiedFrom(_world.Workspace));
        Assert.Equal([[1L, "C1"], [2L, "C2"], [3L, "BOTH"], [4L, "C4"]],
            _world.Test.Rows("SELECT sequence, event_id FROM cluster_touchpoint_log ORDER BY sequence"));

        var fold = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default).LogFold;

        Assert.Equal(4, fold.Folded); // BOTH, C1, C2, C4: an event in both logs is copied once
        Assert.Equal(["BOTH", "C1", "C2", "C4", "CRM-1"], _world.Test.Rows("SELECT event_id FROM touchpoints ORDER BY event_id").Select(r => (string)r[0]!));
        var inBatch = TouchpointLogInBatch.LoadClusterCopy(_world.Workspace, identity);
        Assert.Equal(4, inBatch.Through);
        Assert.All(cluster.Log().ReadAfter(0), e => Assert.True(inBatch.Counts(e, Today)));

        // Another log (a new cluster database) or none: the batch counts none of its events, since its sequences mean other events.
        Assert.Equal(0, TouchpointLogInBatch.LoadClusterCopy(_world.Workspace, "X1 received 2026-11-23T12:00:00.000000Z").Through);
        Assert.Equal(0, TouchpointLogInBatch.LoadClusterCopy(_world.Workspace, null).Through);
    }

    [Fact]
    public async Task ClusterLogCopy_OfAnotherLog_ReplacesTheCopy_AndAnEmptyLogCopiesNothing()
    {
        using var cluster = new TouchpointWorld();
        cluster.Log().Append([TouchpointWorld.Event("C1"), TouchpointWorld.Event("C2")]);
        await ClusterTouchpointLogCopy.CopyAsync(_world.Workspace, cluster.Log(), FixedClock.Default);
        using var empty = new TouchpointWorld();

        var none = await ClusterTouchpointLogCopy.CopyAsync(_world.Workspace, empty.Log(), FixedClock.Default);

        Assert.Equal($"{empty.Log().Description} is empty: nothing to copy", none.Summary);
        Assert.Equal(2, Count("SELECT count(*) FROM cluster_touchpoint_log")); // the copy of the other log is left as it was

        using var recreated = new TouchpointWorld();
        recreated.Log().Append([TouchpointWorld.Event("R1")]);
        var replaced = await ClusterTouchpointLogCopy.CopyAsync(_world.Workspace, recreated.Log(), FixedClock.Default);

        Assert.Equal((1L, 1L, true), (replaced.Copied, replaced.Through, replaced.Replaced));
        Assert.EndsWith("(the copy holds sequences 1 to 1); the copy of another cluster log was replaced", replaced.Summary, StringComparison.Ordinal);
        Assert.Equal([[1L, "R1"]], _world.Test.Rows("SELECT sequence, event_id FROM cluster_touchpoint_log"));
        Assert.Equal(ClusterTouchpointLogCopy.Identity(recreated.Log().ReadAfter(0)[0]), ClusterTouchpointLogCopy.CopiedFrom(_world.Workspace));
    }

    [Fact]
    public void FeatureBuild_TicketColumnTheImportTyped_TakesWhatCastsAndNamesTheRest()
    {
        _world.Workspace.Execute("ALTER TABLE touchpoints ADD COLUMN ticket_id BIGINT");
        var numbered = TouchpointWorld.Event("L1", channel: "support") with { TicketId = "42" };
        var lettered = TouchpointWorld.Event("L2", channel: "support") with { TicketId = "T-9" };
        _world.Log().Append([numbered, lettered]);

        var fold = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default).LogFold;

        Assert.Equal(2, fold.Folded);
        Assert.Empty(fold.AddedColumns);
        Assert.Equal(["1 ticket_id value is not BIGINT as touchpoints.ticket_id expects and was left empty there (the log keeps it)"], fold.Notes);
        Assert.Equal([["L1", 42L], ["L2", null]], _world.Test.Rows("SELECT event_id, ticket_id FROM touchpoints WHERE event_id LIKE 'L%' ORDER BY event_id"));
        Assert.Equal("T-9", _world.Test.Text("SELECT ticket_id FROM touchpoint_log WHERE event_id = 'L2'"));
    }

    [Fact]
    public void FeatureBuild_WhileAJournalHoldsUnfoldedEvents_FoldsThemFirst()
    {
        using var journal = TouchpointJournal.Start(_world.Workspace.Duplicate, FixedClock.Default, TimeSpan.FromHours(1));
        journal.Append([TouchpointWorld.Event("L1")]);
        Assert.Equal(1, journal.Pending);

        var fold = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default).LogFold;

        Assert.Equal(1, fold.Folded);
        Assert.Equal(0, journal.Pending);
        Assert.Equal(1, Count("SELECT count(*) FROM touchpoints WHERE event_id = 'L1'"));
    }
}
