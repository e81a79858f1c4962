using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Runs;

/// <summary>Run ids and the <c>runs</c> table: every batch step tags what it writes with its run.</summary>
public static class RunLog
{
    /// <summary>A new run id such as <c>segments-20261123T193320-50b0c</c>: kind, start time, and a random suffix.</summary>
    public static string NewId(string kind, DateTimeOffset started) =>
        $"{kind}-{started.UtcDateTime:yyyyMMdd'T'HHmmss}-{Random.Shared.Next(0x10000, 0xFFFFF):x}";

    /// <summary>Records a finished run.</summary>
    public static void Record(Workspace workspace, string runId, string kind, DateOnly? asOf, DateTimeOffset started, string summary)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = "INSERT INTO runs VALUES ($1, $2, $3, $4, now()::TIMESTAMP, $5)";
        command.Parameters.Add(new DuckDBParameter(runId));
        command.Parameters.Add(new DuckDBParameter(kind));
        command.Parameters.Add(new DuckDBParameter(asOf is { } date ? date.ToDateTime(TimeOnly.MinValue) : DBNull.Value));
        command.Parameters.Add(new DuckDBParameter(started.UtcDateTime));
        command.Parameters.Add(new DuckDBParameter(summary));
        command.ExecuteNonQuery();
    }
}
