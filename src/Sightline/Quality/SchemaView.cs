namespace Sightline.Quality;

/// <summary>The columns the workspace tables have right now (canonical and custom), read once per report.</summary>
internal sealed class SchemaView(Dictionary<string, List<(string Name, string Type)>> columns)
{
    private readonly Dictionary<string, List<(string Name, string Type)>> _columns = columns;

    public bool Has(string table) => _columns.ContainsKey(table);

    public IReadOnlyList<(string Name, string Type)> Columns(string table) =>
        _columns.TryGetValue(table, out var list) ? list : [];

    public ColumnKind? KindOf(string table, string column)
    {
        if (!_columns.TryGetValue(table, out var list))
        {
            return null;
        }

        foreach (var (name, type) in list)
        {
            if (name == column)
            {
                return Kind(type);
            }
        }

        return null;
    }

    public static ColumnKind Kind(string duckDbType) => duckDbType switch
    {
        "VARCHAR" => ColumnKind.Text,
        "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER"
            or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" => ColumnKind.Number,
        "DATE" => ColumnKind.Date,
        _ when duckDbType.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnKind.Number,
        _ when duckDbType.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ColumnKind.Date,
        _ => ColumnKind.Other,
    };
}
