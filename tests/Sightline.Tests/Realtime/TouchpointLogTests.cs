using Sightline.Realtime;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>
/// The workspace touchpoint log: the store contract (idempotent appends, duplicate reports, replay, concurrency) plus
/// what is DuckDB's own: numbering after rows written by hand, durability from the write-ahead log, the migration.
/// </summary>
public sealed class TouchpointLogTests : TouchpointStoreContract, IDisposable
{
    private readonly TouchpointWorld _world = new();

    public void Dispose() => _world.Dispose();

    protected override ITouchpointStore Store() => _world.Log();

    protected override Task AppendOnItsOwnConnectionAsync(IReadOnlyList<TouchpointEvent> events)
    {
        using var connection = _world.Workspace.Duplicate();
        new TouchpointLog(connection, FixedClock.Default).Append(events);
        return Task.CompletedTask;
    }

    protected override Task<long> RowsAsync() => Task.FromResult(_world.Test.Count("SELECT count(*) FROM touchpoint_log"));

    [Fact]
    public void ContractLargeBatch_GoesThroughTheKeyTable() => Assert.True(LargeBatch > TouchpointLogKeys.MaxParameters);

    [Fact]
    public void Append_AfterRowsWrittenBehindItsBack_StillNumbersFromTheHighestStored()
    {
        // The log remembers the last sequence it committed only as a lower bound for its lookup; rows another
        // process appended since, or a log emptied by hand, must not lead to a reused or skipped number.
        _world.Log().Append([TouchpointWorld.Event("EV1")]);
        _world.Workspace.Execute("INSERT INTO touchpoint_log SELECT 'X' || i, 'A1', TIMESTAMP '2026-11-23 10:00:00', 'call', NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2026-11-23 10:00:00', i FROM range(2, 5) t(i)");
        Assert.Equal(5L, Assert.Single(_world.Log().Append([TouchpointWorld.Event("EV2")]).Events).Sequence);

        _world.Workspace.Execute("DELETE FROM touchpoint_log");
        Assert.Equal(1L, Assert.Single(_world.Log().Append([TouchpointWorld.Event("EV3")]).Events).Sequence);
    }

    [Fact]
    public void Append_IsDurableWithoutAClose_TheCommittedWalIsEnough()
    {
        _world.Log().Append([TouchpointWorld.Event("EV1"), TouchpointWorld.Event("EV2")]);

        // Copy the files while the workspace is still open and never checkpointed: what a crash right after the
        // acknowledgement would leave on disk.
        using var crashed = new TempDirectory();
        var source = _world.Test.WorkspaceDirectory;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(crashed.Path, Path.GetFileName(file)));
        }

        Assert.True(File.Exists(Path.Combine(crashed.Path, Workspace.DatabaseFileName + ".wal")), "the commit should have left a write-ahead log");
        using var recovered = Workspace.Open(crashed.Path);
        Assert.Equal(["EV1", "EV2"], new TouchpointLog(recovered).ReadAfter(0).Select(e => e.Event.EventId));
    }

    [Fact]
    public void Migration_AddsTheLogToAnOlderWorkspace()
    {
        using var directory = new TempDirectory();
        const int BeforeTheLog = 7;
        using (var old = Workspace.Init(directory.File("old"), BeforeTheLog))
        {
            Assert.False(old.TableExists(TouchpointLog.Table));
        }

        using var opened = Workspace.Open(directory.File("old"));
        Assert.True(opened.TableExists(TouchpointLog.Table));
        Assert.Equal(0, new TouchpointLog(opened).LastSequence());
        Assert.Equal(["touchpoint_log_account"], opened.Strings($"SELECT index_name FROM duckdb_indexes() WHERE table_name = '{TouchpointLog.Table}'"));
    }

    [Fact]
    public void ReadAccount_ReadsTheAccountIndexNotTheWholeLog()
    {
        var log = _world.Log();
        log.Append([.. Enumerable.Range(1, 300).Select(i => TouchpointWorld.Event($"EV{i}", account: $"A{i % 30}"))]);
        var statements = new List<string>();
        IReadOnlyList<TouchpointLogEntry> read;
        using (Workspace.RecordStatements(statements))
        {
            read = log.ReadAccount("A7", 100);
        }

        Assert.Equal(Enumerable.Range(1, 300).Where(i => i % 30 == 7 && i > 100).Select(i => $"EV{i}"), read.Select(e => e.Event.EventId));
        var sql = Assert.Single(statements, s => s.Contains("FROM touchpoint_log", StringComparison.Ordinal));
        var plan = string.Join("\n", _world.Workspace.Rows("EXPLAIN ANALYZE " + sql).Select(row => row[1]));
        Assert.True(plan.Contains("Index Scan", StringComparison.Ordinal) && !plan.Contains("Sequential Scan", StringComparison.Ordinal), $"{sql}\n{plan}");
    }
}
