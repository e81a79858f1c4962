using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// An ART index on <c>account_id</c> of every table an account's detail reads. Without one, DuckDB answers
/// <c>account_id = '...'</c> by scanning the column (every row group when the table is not stored in account order,
/// as a CRM export sorted by date is not); with one it fetches the account's rows by row id.
/// </summary>
/// <remarks>
/// DuckDB uses the index only for a plain equality on the column: a second condition on the same scan (a run id)
/// or an ORDER BY ... LIMIT (a top-N with its dynamic filter) turns it back into a scan, so the detail's statements
/// filter on the account alone and leave the rest to C#. An upsert keeps the index up to date; a replacing import
/// drops it first (<see cref="Drop"/>: building it once after costs less than maintaining it row by row), and
/// <see cref="AccountServing"/> builds the missing ones again after its tables.
/// </remarks>
public static class AccountIndexes
{
    /// <summary>The tables, each keyed by <c>account_id</c>, that an account's detail reads by id.</summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        "accounts", "contacts", "orders", "opportunities", "touchpoints", FeatureBuilder.Table, AccountPotential.Table,
        AccountPotential.FamilyTable, LifetimeValue.Table, AccountServing.Table, AccountServing.ScoresTable,
    ];

    /// <summary>The index's name on a table.</summary>
    public static string IndexName(string table) => $"sl_{table}_by_account";

    /// <summary>The tables of <see cref="Tables"/> that exist and have no index yet.</summary>
    public static IReadOnlyList<string> Missing(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var existing = workspace.Strings($"""
            SELECT table_name FROM duckdb_tables() t
            WHERE NOT temporary AND schema_name = 'main' AND table_name IN ({string.Join(", ", Tables.Select(Sql.Literal))})
                AND EXISTS (SELECT 1 FROM duckdb_columns() c WHERE c.table_oid = t.table_oid AND c.column_name = 'account_id')
                AND NOT EXISTS (SELECT 1 FROM duckdb_indexes() i WHERE i.table_oid = t.table_oid AND i.index_name = 'sl_' || t.table_name || '_by_account')
            """);
        return [.. Tables.Where(existing.Contains)];
    }

    /// <summary>Creates the missing indexes, each in its own statement; returns the tables indexed.</summary>
    public static IReadOnlyList<string> Ensure(Workspace workspace)
    {
        var missing = Missing(workspace);
        foreach (var table in missing)
        {
            workspace.Execute($"CREATE INDEX IF NOT EXISTS {IndexName(table)} ON {table} (account_id)");
        }

        return missing;
    }

    /// <summary>Drops a table's index, if it has one (before every row of the table is rewritten).</summary>
    public static void Drop(Workspace workspace, string table)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (Tables.Contains(table, StringComparer.Ordinal))
        {
            workspace.Execute($"DROP INDEX IF EXISTS {IndexName(table)}");
        }
    }
}
