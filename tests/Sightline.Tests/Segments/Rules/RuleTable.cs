using DuckDB.NET.Data;
using Sightline.Segments.Rules;

namespace Sightline.Tests.Segments.Rules;

/// <summary>An in-memory DuckDB with a feature table <c>t</c> in the shape of <see cref="RuleTestData.Columns"/>.</summary>
internal sealed class RuleTable : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public RuleTable()
    {
        _connection.Open();
        Execute("""
            CREATE TABLE t (id INTEGER, employees BIGINT, annual_revenue DOUBLE, industry VARCHAR, country VARCHAR,
                last_order DATE, created_at DATE, is_customer BOOLEAN, product_families VARCHAR[]);
            CREATE TABLE accounts (account_id VARCHAR);
            INSERT INTO accounts VALUES ('A1'), ('A2');
            """);
    }

    public void Execute(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    public void Insert(int id, IReadOnlyDictionary<string, object?> row)
    {
        var names = RuleTestData.Columns.Columns.Keys.ToList();
        var parameterMarks = string.Join(", ", names.Select((_, i) => $"${i + 2}"));
        var values = new List<object?> { id };
        values.AddRange(names.Select(n => row.TryGetValue(n, out var v) ? v : null));
        Execute($"INSERT INTO t (id, {string.Join(", ", names)}) VALUES ($1, {parameterMarks})", [.. values]);
    }

    /// <summary>The ids of the rows the compiled rule selects.</summary>
    public SortedSet<int> Matching(CompiledRule rule)
    {
        using var command = Command($"SELECT id FROM t WHERE coalesce(({rule.Sql}), false)", [.. rule.Parameters]);
        using var reader = command.ExecuteReader();
        var ids = new SortedSet<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private DuckDBCommand Command(string sql, object?[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        return command;
    }

    public void Dispose() => _connection.Dispose();
}
