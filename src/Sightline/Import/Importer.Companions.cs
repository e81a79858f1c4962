namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// A file read with another that gives some of its cells (order lines with their order headers, an opportunity with its
    /// lines): <paramref name="Table"/> holds the other file's records (<c>id</c>, and <c>v</c> of SQL type
    /// <paramref name="Type"/>), found by each row's <paramref name="KeySql"/>; the row reads them as <see cref="CompanionRecord"/>.
    /// </summary>
    private sealed record CompanionLookup(string Table, string KeySql, string Type);

    /// <summary>The temporary table of a staged file's companion records.</summary>
    private static string CompanionTable(string stagingTable) => $"{stagingTable}_companion";

    /// <summary>The column a row of a file read with a companion finds its companion record in (null when there is none).</summary>
    private const string CompanionRecord = "sl_companion";

    /// <summary>Temporary tables a staged file may have beside its staging and error tables, by suffix, dropped with them.</summary>
    private static readonly string[] StageSideTables = ["_companion", "_read", "_aliases"];

    /// <summary>
    /// Reads the file into a table in its own order, each row with its companion record, and returns that table as the
    /// staging's reader. A join in the read would not keep the file's order, which its line numbers follow; a SQL map
    /// searched row by row took minutes over a hundred thousand orders.
    /// </summary>
    private string ReadWithCompanion(CompanionLookup lookup, string reader, string stagingTable)
    {
        var read = $"{stagingTable}_read";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE {read} AS SELECT *, {lookup.KeySql} AS sl_companion_key, NULL::{lookup.Type} AS {CompanionRecord} FROM {reader};
            UPDATE {read} SET {CompanionRecord} = c.v FROM {lookup.Table} c WHERE c.id = {read}.sl_companion_key;
            """);
        return read;
    }
}
