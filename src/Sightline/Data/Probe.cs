namespace Sightline.Data;

/// <summary>Probe.</summary>
public static class Probe
{
    /// <summary>Version.</summary>
    public static string DuckDbVersion()
    {
        using var c = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "select version() || ' ' || (select string_agg(extension_name || ':' || loaded::varchar || ':' || installed::varchar, ',') from duckdb_extensions())";
        return (string)cmd.ExecuteScalar()!;
    }
}
