using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sightline.Features;
using Sightline.Realtime;
using Sightline.Server.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// A batch counts the touches a cluster logged in PostgreSQL: <c>sightline features --cluster</c> copies the cluster's log
/// into the workspace first, and a cluster silo's grains skip the events that copy put in the batch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterLogCopyTests(PostgresServer server) : IDisposable
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TouchpointWorld.Now.UtcDateTime);
    private readonly TouchpointWorld _world = new();
    private readonly string _database = server.CreateDatabase();

    public void Dispose() => _world.Dispose();

    private (int Exit, string Out, string Err) Features(params string[] args) =>
        Sightline.Tests.Support.Cli.Run(["features", "--workspace", _world.Test.WorkspaceDirectory, "--as-of", $"{Today:yyyy-MM-dd}", .. args]);

    [Fact]
    public async Task Copy_OfThePostgresLog_KeepsItsSequences_AndTheHostOfThatClusterCountsThemInTheBatch()
    {
        await using var log = new PostgresTouchpointStore(_database, FixedClock.Default);
        await log.AppendAsync([TouchpointWorld.Event("P1"), TouchpointWorld.Event("P2", account: "A2"), TouchpointWorld.Event("P3", account: "A404")]);

        var copy = await ClusterTouchpointLogCopy.CopyAsync(_world.Workspace, log, FixedClock.Default);
        var fold = FeatureBuilder.Build(_world.Workspace, Today, FixedClock.Default).LogFold;

        Assert.Equal((3L, 3L), (copy.Copied, copy.Through));
        Assert.Equal([[1L, "P1", "A1"], [2L, "P2", "A2"], [3L, "P3", "A404"]],
            _world.Test.Rows("SELECT sequence, event_id, account_id FROM cluster_touchpoint_log ORDER BY sequence"));
        Assert.Equal((2L, 1L), (fold.Folded, fold.UnknownAccounts)); // A404 is not an account: it stays in the copy

        // The silo of this cluster: its batch counts P1 and P2 (P3's account is not in the batch).
        using var host = new LiveBaselineHost(_world.Workspace.Duplicate(), Options.Create(new RealtimeOptions { PreloadAccounts = 0 }),
            NullLogger<LiveBaselineHost>.Instance, log);
        var inBatch = (await host.Current()).LogInBatch;
        var entries = await log.ReadAfterAsync(0);
        Assert.Equal(2, inBatch.Through);
        Assert.Equal([true, true, false], entries.Select(e => inBatch.Counts(e, Today)));

        // A silo of another cluster (another database): none of its events are in this batch, whatever their sequences.
        var other = server.CreateDatabase();
        await using var otherLog = new PostgresTouchpointStore(other, FixedClock.Default);
        await otherLog.AppendAsync([TouchpointWorld.Event("Q1")]);
        using var otherHost = new LiveBaselineHost(_world.Workspace.Duplicate(), Options.Create(new RealtimeOptions { PreloadAccounts = 0 }),
            NullLogger<LiveBaselineHost>.Instance, otherLog);
        Assert.Equal(0, (await otherHost.Current()).LogInBatch.Through);
    }

    [Fact]
    public async Task FeaturesCli_WithCluster_CopiesTheLogFirst_ThenOnlyWhatIsNew()
    {
        await using (var log = new PostgresTouchpointStore(_database, FixedClock.Default))
        {
            await log.AppendAsync([TouchpointWorld.Event("P1"), TouchpointWorld.Event("P2", account: "A2")]);
        }

        var (exit, output, error) = Features("--cluster", _database);

        Assert.True(exit == 0, error);
        var lines = output.Trim().ReplaceLineEndings("\n").Split('\n');
        var where = ClusterHosting.Describe(_database);
        Assert.Equal($"Cluster log: 2 new events copied from the PostgreSQL event log (touchpoint_log in {where}) (the copy holds sequences 1 to 2)", lines[0]);
        Assert.EndsWith("2 events from the touchpoint log added to touchpoints", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, _world.Test.Count("SELECT count(*) FROM touchpoints WHERE event_id IN ('P1', 'P2')"));

        (exit, output, error) = Features("--cluster", _database);

        Assert.True(exit == 0, error);
        Assert.StartsWith($"Cluster log: 0 new events copied from", output.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("no new events in the touchpoint log", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void FeaturesCli_WithAClusterThatCannotBeRead_Exits2AndBuildsNothing()
    {
        // A port nothing listens on, then a string that is not a connection string.
        var closed = $"Host=127.0.0.1;Port={RealtimeHosting.FreePort()};Username=postgres;Database=sightline;Timeout=3";

        var (exit, _, error) = Features("--cluster", closed);

        Assert.Equal(2, exit);
        Assert.Contains("--cluster: cannot read the cluster's touchpoint log in database sightline on 127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("nothing was copied and no features were built", error, StringComparison.Ordinal);
        Assert.Equal(0, _world.Test.Count("SELECT count(*) FROM runs WHERE kind = 'features'"));
        Assert.False(_world.Workspace.TableExists(FeatureBuilder.Table));

        (exit, _, error) = Features("--cluster", "not a connection string");

        Assert.Equal(2, exit);
        Assert.Contains("is not a connection string", error, StringComparison.Ordinal);
    }
}
