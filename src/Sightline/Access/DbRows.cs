using System.Numerics;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>Runs parameterised queries and returns rows as column → value maps, with values JSON can carry.</summary>
internal static class DbRows
{
    public static List<Dictionary<string, object?>> Read(Workspace workspace, string sql, params object?[] parameters) =>
        ReadFirst(workspace, sql, int.MaxValue, parameters);

    /// <summary>
    /// The first <paramref name="maxRows"/> rows. For an ORDER BY over one account's rows, stopping the reader costs less
    /// than a LIMIT: DuckDB plans ORDER BY ... LIMIT as a top-N joined back to the table by row id (late materialisation),
    /// which reads far more than the account's own row group.
    /// </summary>
    public static List<Dictionary<string, object?>> ReadFirst(Workspace workspace, string sql, int maxRows, params object?[] parameters)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        var instants = Enumerable.Range(0, reader.FieldCount).Select(i => IsTimestamp(reader.GetDataTypeName(i))).ToArray();
        while (rows.Count < maxRows && reader.Read())
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Plain(reader.GetValue(i), instants[i]);
            }

            rows.Add(row);
        }

        Workspace.Trace(sql, started);
        return rows;
    }

    public static long Count(Workspace workspace, string sql, params object?[] parameters) =>
        Convert.ToInt64(Read(workspace, sql, parameters)[0].Values.First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a column of this DuckDB type holds an instant. The workspace writes every TIMESTAMP in UTC (clocks as
    /// <c>GetUtcNow</c>, imports and touchpoints converted), but DuckDB hands it back without a zone; a DATE is a day, not an instant.
    /// </summary>
    public static bool IsTimestamp(string duckDbType) => duckDbType.StartsWith("Timestamp", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// HUGEINT arrives as BigInteger, which JSON does not write; doubles that are not finite become null; a TIMESTAMP is
    /// marked UTC, so JSON writes it with its zone (a client took a zone-less time for its local time).
    /// </summary>
    private static object? Plain(object value, bool instant) => value switch
    {
        DateTime time when instant => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        BigInteger big => (decimal)big,
        double d when !double.IsFinite(d) => null,
        float f when !float.IsFinite(f) => null,
        _ => value,
    };
}
