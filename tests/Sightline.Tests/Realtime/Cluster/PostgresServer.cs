using System.Diagnostics;
using Npgsql;
using Sightline.Server.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// A PostgreSQL server of its own on a free loopback port, started by the project's scripts/postgres-local.sh in a fresh
/// folder and stopped and deleted on dispose; one per test collection. Each test takes a fresh database from it.
/// When PostgreSQL cannot run here the fixture throws, so the tests fail with the script's reason rather than pass
/// without having run.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sightline-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _script = Path.Combine(SharedData.RepositoryRoot(), "scripts", "postgres-local.sh");
    private int _databases;

    public PostgresServer()
    {
        // A port that was free when asked can be taken before the server binds it: one more try on another port.
        for (var attempt = 1; ; attempt++)
        {
            Port = RealtimeHosting.FreePort();
            var (exitCode, output, error) = Run("start", _directory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (exitCode == 0)
            {
                ConnectionString = output.Trim();
                return;
            }

            if (attempt == 2)
            {
                Run("stop", _directory);
                DeleteDirectory();
                throw new InvalidOperationException($"PostgreSQL could not be started for the cluster tests (scripts/postgres-local.sh exit {exitCode}): {error.Trim()}");
            }
        }
    }

    public int Port { get; private set; }

    /// <summary>The server's own database "sightline".</summary>
    public string ConnectionString { get; } = "";

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The rows of a query on a database of the server, each read by <paramref name="row"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Run("stop", _directory);
        DeleteDirectory();
    }

    private void DeleteDirectory()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", "scripts/postgres-local.sh did not finish within 2 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
