using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Puts a batch's ids into a temporary table of the connection, so that one query joins them against a workspace
/// table however many there are (instead of one parameter each, or ids pasted into SQL text).
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

    /// <summary>The ids that are values of <paramref name="column"/> in <paramref name="table"/>, in one query.</summary>
    public static HashSet<string> Existing(Workspace workspace, IReadOnlyCollection<string> ids, string table, string column)
    {
        Load(workspace, ids);
        var found = workspace.Strings($"SELECT k.id FROM {Table} k WHERE EXISTS (SELECT 1 FROM {Sql.Identifier(table)} t WHERE t.{Sql.Identifier(column)} = k.id)");
        return new HashSet<string>(found, StringComparer.Ordinal);
    }
}
