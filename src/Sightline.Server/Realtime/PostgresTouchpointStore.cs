using Npgsql;
using NpgsqlTypes;
using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>
/// The touchpoint log in PostgreSQL (table <c>touchpoint_log</c>), shared by every silo of a cluster: the same promises
/// as the workspace's <see cref="TouchpointLog"/> (idempotent by event_id with the same duplicate answers, gapless
/// sequence in commit order, an answer only after COMMIT), but for several processes at once.
/// </summary>
/// <remarks>
/// Appends are serialised across processes by a transaction-scoped advisory lock taken before the batch's ids and the
/// highest sequence are read: the next sequence is that maximum plus one, and the lock is held until COMMIT, so commit
/// order equals sequence order and a reader resuming "after N" misses nothing. Why not the alternatives: a PostgreSQL
/// SEQUENCE hands out numbers outside the transaction (a rollback leaves a gap, and a later number can commit first);
/// a one-row counter table would work as well but is a second truth that can drift from the rows (a row restored or
/// deleted by hand), while max(sequence) is read from the primary key's index in a few pages. The advisory lock is
/// released by COMMIT, ROLLBACK or the loss of the connection, so a killed process never leaves it held. The UNIQUE
/// constraints on sequence and event_id turn any breach of the rule into a failed append, never a reused number.
/// COMMIT returns after the write-ahead log is flushed (synchronous_commit on, PostgreSQL's default).
/// </remarks>
public sealed class PostgresTouchpointStore : ITouchpointStore, IAsyncDisposable
{
    /// <summary>The log table.</summary>
    public const string Table = "touchpoint_log";

    /// <summary>The advisory lock key that serialises appends (and the table's creation) across processes.</summary>
    public const long AppendLockKey = 0x5347_4C54_4C4F_4701; // "SGLTLOG" 1

    private const string Columns = TouchpointLogEntry.Columns;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly string _where;
    private readonly SemaphoreSlim _tableGate = new(1, 1);
    private volatile bool _tableReady;

    /// <summary>A store on the database of <paramref name="connectionString"/>; the table is created on first use if missing.</summary>
    /// <exception cref="BadInputException">The connection string is not one.</exception>
    public PostgresTouchpointStore(string connectionString, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _clock = clock ?? TimeProvider.System;
        _where = ClusterHosting.Describe(connectionString);
    }

    /// <inheritdoc />
    public string Description => $"the PostgreSQL event log ({Table} in {_where})";

    /// <inheritdoc />
    public async Task<TouchpointLogAppendResult> AppendAsync(IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // One round trip: the lock, then (each statement with a fresh snapshot that sees every append committed before
        // the lock was granted) the highest sequence and the stored copies of the batch's ids.
        var stored = new Dictionary<string, TouchpointLogEntry>(StringComparer.Ordinal);
        long last;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock($1)", AppendLockKey));
            batch.BatchCommands.Add(Command($"SELECT coalesce(max(sequence), 0) FROM {Table}"));
            batch.BatchCommands.Add(Command($"SELECT {Columns} FROM {Table} WHERE event_id = ANY($1)", (object)events.Select(e => e.EventId).Distinct().ToArray()));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            last = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = TouchpointLogEntry.FromRecord(reader);
                stored[entry.Event.EventId] = entry;
            }
        }

        var plan = TouchpointAppendPlan.Create(events, stored, last, _clock.GetUtcNow());
        if (plan.NewEntries.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {Table} ({Columns}) SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::timestamptz[], " +
                "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])", connection, transaction);
            var entries = plan.NewEntries;
            insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => x.Sequence).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => x.ReceivedAt.UtcDateTime).ToArray() });
            insert.Parameters.Add(Texts(entries, e => e.EventId));
            insert.Parameters.Add(Texts(entries, e => e.AccountId));
            insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => x.Event.OccurredAt.UtcDateTime).ToArray() });
            insert.Parameters.Add(Texts(entries, e => e.Channel));
            insert.Parameters.Add(Texts(entries, e => e.Kind));
            insert.Parameters.Add(Texts(entries, e => e.Direction));
            insert.Parameters.Add(Texts(entries, e => e.ContactId));
            insert.Parameters.Add(Texts(entries, e => e.Outcome));
            insert.Parameters.Add(Texts(entries, e => e.ProductFamily));
            insert.Parameters.Add(Texts(entries, e => e.TicketId));
            insert.Parameters.Add(Texts(entries, e => e.TicketState));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return plan.Result();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TouchpointLogEntry>> ReadAfterAsync(long afterSequence, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await ReadAsync($"SELECT {Columns} FROM {Table} WHERE sequence > $1 ORDER BY sequence LIMIT $2", cancellationToken, afterSequence, limit)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TouchpointLogEntry>> ReadAccountAsync(string accountId, long afterSequence, CancellationToken cancellationToken = default) =>
        await ReadAsync($"SELECT {Columns} FROM {Table} WHERE account_id = $1 AND sequence > $2 ORDER BY sequence", cancellationToken, accountId, afterSequence)
            .ConfigureAwait(false);

    /// <summary>The highest sequence stored; 0 when the log is empty.</summary>
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(sequence), 0) FROM {Table}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _tableGate.Dispose();
    }

    /// <summary>
    /// An open connection; the store's first one creates the table if missing, under the append lock so that two
    /// processes starting at once do not collide.
    /// </summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_tableReady)
        {
            return connection;
        }

        await _tableGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_tableReady)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var create = new NpgsqlCommand(
                    $"""
                    SELECT pg_advisory_xact_lock({AppendLockKey});
                    CREATE TABLE IF NOT EXISTS {Table} (
                        sequence bigint PRIMARY KEY,
                        received_at timestamptz NOT NULL,
                        event_id text NOT NULL UNIQUE,
                        account_id text NOT NULL,
                        occurred_at timestamptz NOT NULL,
                        channel text NOT NULL,
                        kind text, direction text, contact_id text, outcome text, product_family text, ticket_id text, ticket_state text);
                    CREATE INDEX IF NOT EXISTS {Table}_account ON {Table} (account_id, sequence);
                    """, connection, transaction);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _tableReady = true;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _tableGate.Release();
        }

        return connection;
    }

    private async Task<List<TouchpointLogEntry>> ReadAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<TouchpointLogEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(TouchpointLogEntry.FromRecord(reader));
        }

        return entries;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    private static NpgsqlParameter Texts(IReadOnlyList<TouchpointLogEntry> entries, Func<TouchpointEvent, string?> field) =>
        new() { Value = entries.Select(x => field(x.Event)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
