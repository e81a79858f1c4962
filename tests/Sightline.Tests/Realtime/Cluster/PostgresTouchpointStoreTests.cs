using Npgsql;
using Sightline.Realtime;
using Sightline.Server.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// The PostgreSQL touchpoint log against a real server: the whole store contract (each test on a fresh database), plus
/// what only a shared database has: stores of several processes creating the table at once, and numbering across them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTouchpointStoreTests(PostgresServer server) : TouchpointStoreContract, IAsyncLifetime
{
    private readonly string _database = server.CreateDatabase();
    private readonly List<PostgresTouchpointStore> _stores = [];

    protected override ITouchpointStore Store() => NewStore();

    protected override async Task AppendOnItsOwnConnectionAsync(IReadOnlyList<TouchpointEvent> events)
    {
        // A store of its own has a connection pool of its own, as another silo process would.
        await using var store = new PostgresTouchpointStore(_database, FixedClock.Default);
        await store.AppendAsync(events);
    }

    protected override async Task<long> RowsAsync() =>
        (await PostgresServer.QueryAsync(_database, "SELECT count(*) FROM touchpoint_log", r => r.GetInt64(0)))[0];

    private PostgresTouchpointStore NewStore()
    {
        var store = new PostgresTouchpointStore(_database, FixedClock.Default);
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task FirstUse_ByManyStoresAtOnce_CreatesTheTableOnceAndNumbersAcrossThem()
    {
        // Several silos starting together on an empty database: each creates the table if missing, none fails.
        var stores = Enumerable.Range(0, 6).Select(_ => NewStore()).ToList();

        var results = await Task.WhenAll(stores.Select((s, i) => s.AppendAsync([TouchpointWorld.Event($"EV{i}", $"A{i % 3 + 1}")])));

        Assert.Equal([1L, 2, 3, 4, 5, 6], results.Select(r => Assert.Single(r.Events).Sequence).Order());
        Assert.Equal(6, await RowsAsync());
        Assert.Equal(6, await NewStore().LastSequenceAsync());
    }

    [Fact]
    public async Task Append_SameEventFromTwoStoresAtOnce_IsStoredOnce()
    {
        // Two silos receiving the same retried event at the same moment: one appends it, the other reports the duplicate.
        var e = TouchpointWorld.Event("EV1");
        var (first, second) = (NewStore(), NewStore());
        await first.AppendAsync([TouchpointWorld.Event("EV0")]);

        var results = await Task.WhenAll(first.AppendAsync([e]), second.AppendAsync([e]));

        Assert.Equal([TouchpointLogStatus.Appended, TouchpointLogStatus.Duplicate], results.Select(r => r.Events[0].Status).Order());
        Assert.All(results, r => Assert.Equal(2L, r.Events[0].Sequence));
        Assert.Equal(2, await RowsAsync());
    }

    [Fact]
    public void Description_NamesTheDatabaseAndServer()
    {
        var description = NewStore().Description;
        var builder = new NpgsqlConnectionStringBuilder(_database);
        Assert.Equal($"the PostgreSQL event log (touchpoint_log in database {builder.Database} on 127.0.0.1:{server.Port})", description);
    }

    [Fact]
    public async Task Append_WhenTheServerIsUnreachable_FailsWithoutAnAnswer()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_database) { Port = RealtimeHosting.FreePort(), Timeout = 3 }.ConnectionString;
        await using var store = new PostgresTouchpointStore(unreachable, FixedClock.Default);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.AppendAsync([TouchpointWorld.Event("EV1")]));
    }
}
