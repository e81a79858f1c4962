using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Storage;
using Sightline.Server.Realtime;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// The Orleans schema for cluster mode: created once on a fresh database, left alone by later or concurrent silos, and
/// accepted by Orleans' own ADO.NET clustering and grain storage (a real silo joins, and grain state round-trips with
/// its version checked).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSchemaTests(PostgresServer server)
{
    private static readonly string[] QueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteStorageKey",
        "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "ReadFromStorageKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "WriteToStorageKey",
    ];

    private readonly string _database = server.CreateDatabase();

    private Task<List<T>> QueryAsync<T>(string sql) => PostgresServer.QueryAsync(_database, sql, r => r.GetFieldValue<T>(0));

    [Fact]
    public async Task EnsureAsync_FreshDatabase_CreatesTheTablesAndEveryQueryOrleansReads()
    {
        Assert.True(await ClusterSchema.EnsureAsync(_database));

        Assert.Equal(ClusterSchema.Tables.Order(),
            await QueryAsync<string>("SELECT table_name::text FROM information_schema.tables WHERE table_name LIKE 'orleans%' ORDER BY 1"));
        Assert.Equal(QueryKeys, await QueryAsync<string>("SELECT QueryKey::text FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\""));
    }

    [Fact]
    public async Task EnsureAsync_Again_FindsTheSchemaAndKeepsItsRows()
    {
        await ClusterSchema.EnsureAsync(_database);
        await QueryAsync<int>("INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES ('kept') RETURNING Version");

        Assert.False(await ClusterSchema.EnsureAsync(_database));

        Assert.Equal(["kept"], await QueryAsync<string>("SELECT DeploymentId::text FROM OrleansMembershipVersionTable"));
        Assert.Equal(QueryKeys.Length, (await QueryAsync<string>("SELECT QueryKey::text FROM OrleansQuery")).Count);
    }

    [Fact]
    public async Task EnsureAsync_ManySilosStartingAtOnce_OneCreatesAndNoneFails()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => ClusterSchema.EnsureAsync(_database))));

        Assert.Equal(1, created.Count(c => c));
        Assert.Equal(QueryKeys.Length, (await QueryAsync<string>("SELECT QueryKey::text FROM OrleansQuery")).Count);
    }

    [Fact]
    public async Task EnsureAsync_NoServer_SaysWhereItLookedAndHowToStartOne()
    {
        var port = RealtimeHosting.FreePort();
        var nowhere = new NpgsqlConnectionStringBuilder(_database) { Port = port, Timeout = 3 }.ConnectionString;

        // Bad input (exit 2, no stack trace): it was an internal error.
        var error = await Assert.ThrowsAsync<BadInputException>(() => ClusterSchema.EnsureAsync(nowhere));

        var message = Assert.Single(error.Diagnostics).ToString();
        Assert.StartsWith($"--cluster: cannot reach PostgreSQL at 127.0.0.1:{port} (database ", message, StringComparison.Ordinal);
        Assert.EndsWith("; start one with scripts/postgres-local.sh start DIR PORT, or check the connection string", message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Silo_OnTheSchema_JoinsTheClusterAndKeepsGrainStateWithVersions()
    {
        var (siloPort, gatewayPort) = (RealtimeHosting.FreePort(), RealtimeHosting.FreePort());
        var builder = Host.CreateApplicationBuilder();
        var options = new RealtimeOptions { Cluster = _database, SiloPort = siloPort, GatewayPort = gatewayPort };
        builder.Services.AddOptions<RealtimeOptions>().Configure(o => (o.Cluster, o.SiloPort, o.GatewayPort) = (options.Cluster, siloPort, gatewayPort));
        builder.UseOrleans(silo => ClusterHosting.Configure(silo, builder.Services, options));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            Assert.Equal([$"3 {siloPort} {gatewayPort}"],
                await QueryAsync<string>("SELECT Status || ' ' || Port || ' ' || ProxyPort FROM OrleansMembershipTable WHERE DeploymentId = 'sightline'"));

            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("accounts");
            var grain = GrainId.Create("account", "A1");
            var state = new GrainState<string> { State = "first" };
            await storage.WriteStateAsync("state", grain, state);
            var written = state.ETag;
            state.State = "second";
            await storage.WriteStateAsync("state", grain, state);

            var read = new GrainState<string>();
            await storage.ReadStateAsync("state", grain, read);
            Assert.Equal(("second", true), (read.State, read.RecordExists));
            Assert.NotEqual(written, read.ETag);

            // A write carrying a version that is no longer current (another activation wrote since) is refused.
            var stale = new GrainState<string> { State = "stale", ETag = written };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, stale));
            await storage.ReadStateAsync("state", grain, read);
            Assert.Equal("second", read.State);
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Equal(["6"], await QueryAsync<string>("SELECT Status::text FROM OrleansMembershipTable WHERE DeploymentId = 'sightline'"));
    }
}
