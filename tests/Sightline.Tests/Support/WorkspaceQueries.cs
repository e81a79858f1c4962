using Sightline.Workspaces;

namespace Sightline.Tests.Support;

public static class WorkspaceQueries
{
    /// <summary>Every row of a query, nulls as null.</summary>
    public static List<object?[]> Rows(this Workspace workspace, string sql)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
