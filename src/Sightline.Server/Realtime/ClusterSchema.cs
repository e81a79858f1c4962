using Npgsql;

namespace Sightline.Server.Realtime;

/// <summary>
/// Prepares a PostgreSQL database for cluster mode: the tables and stored queries of Orleans' ADO.NET clustering and
/// grain storage (the embedded ClusterSchema.sql). Every silo calls it on start; the first one on a fresh database
/// creates everything, and the others, even starting at the same moment, find it there.
/// </summary>
public static class ClusterSchema
{
    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The advisory lock key that serialises schema set-up across processes.</summary>
    public const long SchemaLockKey = 0x5347_4C54_5343_4801; // "SGLTSCH" 1

    /// <summary>The Orleans tables the script creates.</summary>
    public static readonly IReadOnlyList<string> Tables = ["orleansquery", "orleansmembershipversiontable", "orleansmembershiptable", "orleansstorage"];

    /// <summary>
    /// Creates what is missing and refreshes the stored query texts, in one transaction under an advisory lock (so a
    /// second silo starting concurrently waits, then finds the tables and changes nothing but identical texts).
    /// </summary>
    /// <returns>True when this call created the Orleans tables; false when they were already there.</returns>
    public static async Task<bool> EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
            // The connection string is the user's input: a wrong host or port is told as such (exit 2), not as an internal error.
            throw new BadInputException("--cluster",
                $"cannot reach PostgreSQL at {builder.Host}:{builder.Port} (database {builder.Database}): {e.Message.TrimEnd('.')}; " +
                "start one with scripts/postgres-local.sh start DIR PORT, or check the connection string");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        bool created;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NULL", connection, transaction))
        {
            created = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var script = new NpgsqlCommand(Script.Value, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(ClusterSchema).Assembly.GetManifestResourceStream("Sightline.Server.Realtime.ClusterSchema.sql")
            ?? throw new InvalidOperationException("ClusterSchema.sql is not embedded in Sightline.Server");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
