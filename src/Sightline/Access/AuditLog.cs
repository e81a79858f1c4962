using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>One audit entry: who did what to which target, when (UTC), and the detail in words.</summary>
public sealed record AuditEntry(DateTime At, string? Actor, string Action, string? Target, string? Detail);

/// <summary>The <c>audit_log</c> table: logins (failed and successful), and later outcomes, overrides and exports.</summary>
public static class AuditLog
{
    /// <summary>The table name.</summary>
    public const string Table = "audit_log";

    /// <summary>Appends one entry stamped with the clock's time (UTC).</summary>
    public static void Write(Workspace workspace, TimeProvider clock, string? actor, string action, string? target, string? detail)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(clock);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Table} VALUES ($1, $2, $3, $4, $5)";
        command.Parameters.Add(new DuckDBParameter(clock.GetUtcNow().UtcDateTime));
        command.Parameters.Add(new DuckDBParameter((object?)actor ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter(action));
        command.Parameters.Add(new DuckDBParameter((object?)target ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter((object?)detail ?? DBNull.Value));
        command.ExecuteNonQuery();
    }

    /// <summary>The latest entries, newest first.</summary>
    public static List<AuditEntry> Recent(Workspace workspace, int limit)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT logged_at, actor, action, target, detail FROM {Table} ORDER BY logged_at DESC, rowid DESC LIMIT $1";
        command.Parameters.Add(new DuckDBParameter(limit));
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return entries;
    }
}
