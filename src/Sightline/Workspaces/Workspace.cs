using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Data;

namespace Sightline.Workspaces;

/// <summary>
/// A workspace folder: <c>sightline.duckdb</c> (every table) and <c>sightline.yaml</c> (settings).
/// One process writes it at a time.
/// </summary>
public sealed class Workspace : IDisposable
{
    /// <summary>The database file name inside a workspace folder.</summary>
    public const string DatabaseFileName = "sightline.duckdb";

    private readonly string _connectionString;
    private readonly Lock _opening = new();
    private DuckDBConnection? _connection;
    private bool _disposed;

    private Workspace(string directory, DuckDBConnection connection, ProjectSettings settings)
    {
        Directory = directory;
        _connection = connection;
        _connectionString = connection.ConnectionString;
        Settings = settings;
    }

    private Workspace(string directory, string connectionString, ProjectSettings settings)
    {
        Directory = directory;
        _connectionString = connectionString;
        Settings = settings;
    }

    /// <summary>The workspace folder.</summary>
    public string Directory { get; }

    /// <summary>The DuckDB connection (a handle from <see cref="DuplicateOnDemand"/> opens it here, on first use).</summary>
    public DuckDBConnection Connection => Volatile.Read(ref _connection) ?? OpenOnDemand();

    /// <summary>The project file's settings.</summary>
    public ProjectSettings Settings { get; private set; }

    /// <summary>Reads <c>sightline.yaml</c> again, after it was edited.</summary>
    public void ReloadSettings()
    {
        var path = Path.Combine(Directory, ProjectSettings.FileName);
        var settings = File.Exists(path) ? ProjectSettings.Load(path) : new ProjectSettings();
        CheckTypedColumnValues(Directory, settings);
        Settings = settings;
    }

    /// <summary>What import tells a number outside its column's range.</summary>
    private static string OutOfRange(double? min, double? max) =>
        min is { } low && max is { } high ? string.Create(CultureInfo.InvariantCulture, $"must be between {low} and {high}")
        : min == 0 ? "must not be negative"
        : min is { } least ? string.Create(CultureInfo.InvariantCulture, $"must be at least {least}")
        : string.Create(CultureInfo.InvariantCulture, $"must be at most {max}");

    /// <summary>
    /// The numbers and dates of <c>column_values</c> must read as import reads them: checked when the workspace opens, at
    /// the setting's line, as its allowed values are on loading; a bad one was told at every row of each file without the
    /// column. Import's readers are DuckDB macros, so they run on a connection of their own, in memory.
    /// </summary>
    private static void CheckTypedColumnValues(string directory, ProjectSettings settings)
    {
        var typed = settings.ColumnValues
            .SelectMany(t => (t.Value ?? []).Select(c => (Table: t.Key, Column: c.Key, c.Value, Spec: CanonicalSchema.Find(t.Key)?.Column(c.Key))))
            .Where(v => v.Spec is { Type: not ColumnType.Text, AllowedValues: null } && !string.IsNullOrWhiteSpace(v.Value))
            .ToList();
        if (typed.Count == 0)
        {
            return;
        }

        using var memory = new DuckDBConnection("DataSource=:memory:");
        memory.Open();
        using var scratch = new Workspace(directory, memory, settings);
        Import.ValueParsing.CreateMacros(scratch);
        var problems = new List<Diagnostic>();
        foreach (var (table, column, value, spec) in typed)
        {
            var read = scratch.Scalar($"SELECT {Import.ValueParsing.TypedExpression(spec!, Sql.Literal(value.Trim()))}");
            var number = read is long or double ? Convert.ToDouble(read, CultureInfo.InvariantCulture) : (double?)null;
            var problem = read is null or DBNull ? Import.ValueParsing.TypeMessage(spec!.Type, settings.Import)
                : (spec!.Min is { } min && number < min) || (spec.Max is { } max && number > max) ? OutOfRange(spec.Min, spec.Max)
                : null;
            if (problem is not null)
            {
                problems.Add(settings.Problem($"column_values.{table}.{column}", value, problem));
            }
        }

        if (problems.Count > 0)
        {
            throw new BadInputException(problems, problems.Count);
        }
    }

    /// <summary>The schema version this binary writes.</summary>
    public static int CurrentSchemaVersion => Migrations.Current;

    /// <summary>The schema version of the open database.</summary>
    public int SchemaVersion => Convert.ToInt32(Scalar("SELECT max(version) FROM sightline_schema"), CultureInfo.InvariantCulture);

    /// <summary>The folder's full path; a blank one (`--workspace ""`, a script's unset variable) is bad input.</summary>
    private static string FullPath(string directory) =>
        string.IsNullOrWhiteSpace(directory)
            ? throw new BadInputException(new Diagnostic("workspace folder", null, null, directory ?? "", "expected a folder's path, such as ./acme"))
            : Path.GetFullPath(directory);

    /// <summary>Creates a workspace; refuses a folder that already holds one.</summary>
    public static Workspace Init(string directory) => Init(directory, Migrations.Current);

    /// <summary>Creates a workspace at an older schema version (used to test migrations).</summary>
    internal static Workspace Init(string directory, int version)
    {
        var full = FullPath(directory);
        var dbPath = Path.Combine(full, DatabaseFileName);
        if (File.Exists(dbPath))
        {
            throw new BadInputException(dbPath, "a workspace already exists here; use it with --workspace or choose another folder");
        }

        OutputPaths.EnsureFolder(directory, "workspace folder");
        var yamlPath = Path.Combine(full, ProjectSettings.FileName);
        if (!File.Exists(yamlPath))
        {
            File.WriteAllText(yamlPath, ProjectSettings.DefaultFileText(Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))) + "\n");
        }

        var settings = ProjectSettings.Load(yamlPath);
        CheckTypedColumnValues(full, settings);
        var connection = Connect(dbPath);
        Execute(connection, "CREATE TABLE sightline_schema (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)");
        Migrate(connection, 0, version);
        return new Workspace(full, connection, settings);
    }

    /// <summary>Opens a workspace to read and write, migrating an older schema; refuses one written by a newer Sightline.</summary>
    public static Workspace Open(string directory) => Open(directory, WorkspaceAccess.ReadWrite);

    /// <summary>
    /// Opens a workspace, migrating an older schema; refuses one written by a newer Sightline, a file that is not a
    /// Sightline workspace database, and (for <see cref="WorkspaceAccess.ReadWrite"/>) a workspace this user cannot write.
    /// With <see cref="WorkspaceAccess.Read"/> a workspace that is not writable is opened read-only.
    /// </summary>
    public static Workspace Open(string directory, WorkspaceAccess access)
    {
        var full = FullPath(directory);
        var dbPath = Path.Combine(full, DatabaseFileName);
        if (!File.Exists(dbPath))
        {
            throw new BadInputException(full, $"no workspace here (no {DatabaseFileName}); create one with: sightline init {directory}");
        }

        var yamlPath = Path.Combine(full, ProjectSettings.FileName);
        var settings = File.Exists(yamlPath) ? ProjectSettings.Load(yamlPath) : new ProjectSettings();
        CheckTypedColumnValues(full, settings);
        var notWritable = WhyNotWritable(full, dbPath);
        if (notWritable is not null && access == WorkspaceAccess.ReadWrite)
        {
            throw new BadInputException(notWritable.Value.Path,
                $"the workspace is not writable ({notWritable.Value.Reason}) and this command writes to it; give this user write permission on the folder and its {DatabaseFileName}, or copy the workspace to a folder it can write");
        }

        var connection = Connect(dbPath, readOnly: notWritable is not null);
        try
        {
            var found = StoredSchemaVersion(connection, dbPath);
            if (found > Migrations.Current)
            {
                throw new BadInputException(dbPath,
                    $"this workspace has schema version {found}, newer than this Sightline understands (up to {Migrations.Current}); upgrade Sightline to open it");
            }

            if (found < Migrations.Current && notWritable is { } why)
            {
                throw new BadInputException(why.Path,
                    $"this workspace has schema version {found} and must be upgraded to {Migrations.Current}, which writes to it, but it is not writable ({why.Reason}); give this user write permission, or open it once with a user who can write it");
            }

            RefuseTablesOfLaterVersions(connection, dbPath, found);
            Migrate(connection, found, Migrations.Current);
            return new Workspace(full, connection, settings) { IsReadOnly = notWritable is not null };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when the workspace was opened read-only because this user cannot write it.</summary>
    public bool IsReadOnly { get; private init; }

    private static string DamagedHint() =>
        $"restore {DatabaseFileName} from a backup, or create a new workspace in another folder with: sightline init DIR (this file is left as it is)";

    /// <summary>The schema version a Sightline database records; refuses a database without the schema table (another program's).</summary>
    private static int StoredSchemaVersion(DuckDBConnection connection, string dbPath)
    {
        var hasSchemaTable = Convert.ToInt64(ScalarOn(connection,
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sightline_schema' AND schema_name = 'main' AND NOT temporary"), CultureInfo.InvariantCulture) > 0;
        if (!hasSchemaTable)
        {
            throw new BadInputException(dbPath,
                $"not a Sightline workspace database (a DuckDB file without the sightline_schema table: another program's database, or a damaged workspace); {DamagedHint()}");
        }

        return Convert.ToInt32(ScalarOn(connection, "SELECT max(version) FROM sightline_schema"), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A schema table that records fewer versions than the tables show (emptied or cut short) would make the migration
    /// create tables over existing ones: refused as damaged instead.
    /// </summary>
    private static void RefuseTablesOfLaterVersions(DuckDBConnection connection, string dbPath, int found)
    {
        var pending = Migrations.TablesCreatedAfter(found);
        if (pending.Count == 0)
        {
            return;
        }

        var existing = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(0));
            }
        }

        var clash = pending.Where(t => existing.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (clash.Count > 0)
        {
            throw new BadInputException(dbPath,
                $"damaged workspace database: its sightline_schema table records schema version {found}, but tables of later versions exist ({string.Join(", ", clash.Take(5))}), so it cannot be upgraded safely; {DamagedHint()}");
        }
    }

    /// <summary>Why this user cannot write the workspace (the file, or the folder DuckDB writes its .wal file into), or null.</summary>
    private static (string Path, string Reason)? WhyNotWritable(string folder, string dbPath)
    {
        try
        {
            using var file = new FileStream(dbPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (dbPath, e is UnauthorizedAccessException ? "permission denied writing the file" : e.Message);
        }

        // DuckDB writes sightline.duckdb.wal beside the file on every commit: the folder must take new files too.
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".sightline-write-check-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (folder, e is UnauthorizedAccessException ? "permission denied creating files in the folder" : e.Message);
        }

        return null;
    }

    /// <summary>Runs one SQL statement (or several separated by semicolons).</summary>
    public void Execute(string sql) => Execute(Connection, sql);

    /// <summary>Runs a query and returns its first value.</summary>
    public object? Scalar(string sql) => ScalarOn(Connection, sql);

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction: commits when it returns, rolls back when it or the commit fails.
    /// The failure that stopped it is what surfaces; a rollback that fails too never replaces it.
    /// </summary>
    public void InTransaction(Action body) => InTransaction(Connection, body);

    internal static void InTransaction(DuckDBConnection connection, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Execute(connection, "BEGIN TRANSACTION");
        try
        {
            body();
            Execute(connection, "COMMIT");
        }
        catch (Exception failure)
        {
            RollBackAfter(connection, failure);
            throw;
        }
    }

    /// <summary>The key of <see cref="Exception.Data"/> under which a failed rollback's message rides along on the failure reported.</summary>
    internal const string RollbackFailureKey = "sightline.rollback_failure";

    private static void RollBackAfter(DuckDBConnection connection, Exception failure)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            Execute(connection, "ROLLBACK");
        }
#pragma warning disable CA1031 // after a failed COMMIT DuckDB may have ended the transaction already, so ROLLBACK fails too; the first failure is the one to report
        catch (Exception rollback)
#pragma warning restore CA1031
        {
            failure.Data[RollbackFailureKey] = rollback.Message;
        }
    }

    /// <summary>Runs a query and returns its first column as text, in result order.</summary>
    public List<string> Strings(string sql)
    {
        var values = new List<string>();
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Whether a table (or view) of that name exists.</summary>
    public bool TableExists(string name)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE table_name = $name AND NOT temporary";
        command.Parameters.Add(new DuckDBParameter("name", name));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// Refuses work that reads accounts in a workspace that holds none: its answer would be a table of zeros that reads
    /// like a finding ("0 accounts, TAM 0") when nothing was imported yet.
    /// </summary>
    /// <param name="work">What would be done, completing "there is nothing to ..." (<c>analyse</c>, <c>put in territories</c>).</param>
    /// <exception cref="BadInputException">The workspace has no accounts.</exception>
    public void RequireAccounts(string work)
    {
        if (Convert.ToInt64(Scalar("SELECT count(*) FROM accounts"), CultureInfo.InvariantCulture) == 0)
        {
            throw new BadInputException("accounts",
                $"the workspace has no accounts, so there is nothing to {work}: import the CRM's files first (sightline import --workspace {Directory} FILES)");
        }
    }

    /// <summary>
    /// Row count and an order-independent content checksum per table: two workspaces (or one before
    /// and after a command) with equal fingerprints hold the same rows.
    /// </summary>
    public IReadOnlyDictionary<string, (long Rows, string Checksum)> TableFingerprints()
    {
        var tables = new List<string>();
        using (var command = Connection.CreateCommand())
        {
            command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var command = Connection.CreateCommand();
            command.CommandText = $"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR FROM \"{table}\" t";
            using var reader = command.ExecuteReader();
            reader.Read();
            result[table] = (reader.GetInt64(0), reader.GetString(1));
        }

        return result;
    }

    /// <summary>
    /// A second handle on the same open database with its own connection, for concurrent use
    /// (a server request each); settings are shared. Dispose it when done.
    /// </summary>
    /// <remarks>
    /// DuckDB.NET's <c>Duplicate()</c> serves in-memory databases only; for a file it keeps one database instance per
    /// path in the process and hands each new connection on that path to it, so this opens no second file lock.
    /// </remarks>
    public Workspace Duplicate()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return new Workspace(Directory, connection, Settings);
    }

    /// <summary>
    /// Like <see cref="Duplicate"/>, but the connection is opened only when <see cref="Connection"/> is first read: a
    /// server request answered from memory (a touchpoint post, whose account check reads the in-memory id index) opens
    /// none. Opening and closing a DuckDB connection cost more than the rest of such a request. Dispose it when done.
    /// </summary>
    public Workspace DuplicateOnDemand() => new(Directory, _connectionString, Settings);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_opening)
        {
            _disposed = true;
            _connection?.Dispose();
        }
    }

    private DuckDBConnection OpenOnDemand()
    {
        // Opened once even if two threads ask at once (a handle used from one thread at a time never waits here twice).
        lock (_opening)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { } opened)
            {
                return opened;
            }

            var connection = new DuckDBConnection(_connectionString);
            connection.Open();
            Volatile.Write(ref _connection, connection);
            return connection;
        }
    }

    private static DuckDBConnection Connect(string dbPath, bool readOnly = false)
    {
        var connection = new DuckDBConnection($"DataSource={dbPath}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
        try
        {
            connection.Open();
        }
        catch (DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            connection.Dispose();
            throw new BadInputException(dbPath,
                "the workspace is in use by another process (DuckDB holds a lock on it); stop that process, or, when it is sightline serve, start runs through it (POST /api/runs)");
        }
        catch (DuckDBException e) when (e.Message.Contains("Permission denied", StringComparison.OrdinalIgnoreCase))
        {
            connection.Dispose();
            throw new BadInputException(dbPath, "cannot open the workspace database: permission denied; give this user read permission on it (and write permission to run commands that change it)");
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new BadInputException(dbPath,
                $"not a Sightline workspace database, or a damaged one: DuckDB cannot open it ({FirstLine(e.Message)}); {DamagedHint()}");
        }

        return connection;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static void Migrate(DuckDBConnection connection, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        InTransaction(connection, () =>
        {
            for (var version = from + 1; version <= to; version++)
            {
                Execute(connection, Migrations.Steps[version - 1]);
                Execute(connection, $"INSERT INTO sightline_schema VALUES ({version}, now()::TIMESTAMP)");
            }
        });
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        var started = Stopwatch.GetTimestamp();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        Trace(sql, started);
    }

    internal static object? ScalarOn(DuckDBConnection connection, string sql)
    {
        var started = Stopwatch.GetTimestamp();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        Trace(sql, started);
        return value is DBNull ? null : value;
    }

    // SIGHTLINE_TRACE_SQL=1 prints each statement's time to stderr: the first place to look when a step is slow
    // (=full prints whole statements as written, not their first 200 characters on one line).
    private static readonly bool TraceSql = Environment.GetEnvironmentVariable("SIGHTLINE_TRACE_SQL") is "1" or "true" or "full";
    private static readonly bool TraceWholeSql = Environment.GetEnvironmentVariable("SIGHTLINE_TRACE_SQL") is "full";

    private static readonly AsyncLocal<List<string>?> Recorded = new();

    /// <summary>Collects the statements this flow runs through <see cref="Trace"/> until disposed (tests check their plans).</summary>
    internal static IDisposable RecordStatements(List<string> into)
    {
        Recorded.Value = into;
        return new Recording();
    }

    /// <summary>Runs a command's query (DuckDB computes it whole before the first row is read), traced like every statement.</summary>
    internal static System.Data.Common.DbDataReader TracedReader(System.Data.Common.DbCommand command)
    {
        var started = Stopwatch.GetTimestamp();
        var reader = command.ExecuteReader();
        Trace(command.CommandText, started);
        return reader;
    }

    internal static void Trace(string sql, long started)
    {
        Recorded.Value?.Add(sql);
        if (TraceSql)
        {
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (TraceWholeSql)
            {
                // As written (a macro's "--" comment runs to its line's end), each statement ended by a line ";;".
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- {milliseconds:0.0} ms\n{sql.Trim()}\n;;"));
                return;
            }

            var text = sql.ReplaceLineEndings(" ").Trim();
            // The clock since the process began shows the gaps between statements: time spent outside DuckDB.
            var at = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{milliseconds,9:0.0} ms  at {at,7:0.00} s  {text[..Math.Min(200, text.Length)]}"));
        }
    }

    private sealed class Recording : IDisposable
    {
        public void Dispose() => Recorded.Value = null;
    }
}
