using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Looks a batch's ids up in one query however many there are: as parameters of an IN list for a small batch, else
/// through a temporary table of the connection filled by DuckDB's appender (never as ids pasted into SQL text).
/// </summary>
internal static class TouchpointLogKeys
{
    public const string Table = "sl_touchpoint_keys";

    /// <summary>Fills <see cref="Table"/> (column <c>id</c>) with the distinct ids, replacing what it held.</summary>
    public static void Load(Workspace workspace, IEnumerable<string> ids)
    {
        workspace.Execute($"CREATE OR REPLACE TEMP TABLE {Table} (id VARCHAR NOT NULL)");
        using var appender = workspace.Connection.CreateAppender(Table);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            appender.CreateRow().AppendValue(id).EndRow();
        }
    }

    /// <summary>Batches up to this many distinct ids are passed as parameters of one IN list rather than through the temporary table.</summary>
    public const int MaxParameters = 100;

    /// <summary>
    /// A SQL condition "<paramref name="column"/> is one of the ids", with its parameters: an IN list of parameters for a
    /// small batch (the common real-time case; no temporary table to create), else a subquery on <see cref="Table"/>
    /// after loading it.
    /// </summary>
    public static (string Condition, object[] Parameters) In(Workspace workspace, string column, IReadOnlyCollection<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length is > 0 and <= MaxParameters)
        {
            return ($"{column} IN ({string.Join(", ", distinct.Select((_, i) => $"${i + 1}"))})", distinct);
        }

        Load(workspace, distinct);
        return ($"{column} IN (SELECT id FROM {Table})", []);
    }

    /// <summary>The ids that are values of <paramref name="column"/> in <paramref name="table"/>, in one query.</summary>
    public static HashSet<string> Existing(Workspace workspace, IReadOnlyCollection<string> ids, string table, string column)
    {
        var (condition, parameters) = In(workspace, Sql.Identifier(column), ids);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {Sql.Identifier(column)} FROM {Sql.Identifier(table)} WHERE {condition}";
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter));
        }

        using var reader = Workspace.TracedReader(command);
        var found = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }
}
