using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>A flat file (one row per entity, a yes/no label) read for training: any delimiter DuckDB detects, categoricals from text columns.</summary>
public static class FlatFile
{
    private static readonly string[] Yes = ["yes", "y", "true", "t", "1", "1.0"];
    private static readonly string[] No = ["no", "n", "false", "f", "0", "0.0"];

    /// <summary>Reads <paramref name="path"/>: the label column, an optional id column, and every other column not excluded.</summary>
    /// <returns>The data and notes on columns left out (ids, dates).</returns>
    /// <exception cref="BadInputException">Missing file, unknown columns, or a label that is not yes/no (with its line).</exception>
    public static (TabularData Data, List<string> Notes) Load(string path, string labelColumn, IReadOnlyCollection<string> exclude, string? idColumn)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        if (!File.Exists(full))
        {
            throw new BadInputException(full, "file not found");
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        try
        {
            // row_number over the file's own order gives each row its line (header is line 1).
            Workspace.Execute(connection, $"CREATE TABLE flat AS SELECT row_number() OVER () + 1 AS \"__line\", * FROM read_csv({Sql.Literal(full)}, header = true, sample_size = -1)");
        }
        catch (DuckDBException e)
        {
            throw new BadInputException(full, $"cannot read the file as delimited text: {e.Message.Split('\n')[0]}");
        }

        var schema = TabularData.Describe(connection, "flat").Where(c => c.Name != "__line").ToList();
        string Resolve(string column, string what) =>
            schema.Select(c => c.Name).FirstOrDefault(c => c == column)
            ?? schema.Select(c => c.Name).FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException(new Diagnostic(name, 1, column, null,
                $"no {what} column of that name; columns: {string.Join(", ", schema.Select(c => c.Name))}"));
        var label = Resolve(labelColumn, "label");
        var id = idColumn is null ? null : Resolve(idColumn, "id");
        var excluded = exclude.Select(e => Resolve(e, "excluded")).ToHashSet(StringComparer.Ordinal);

        var normalised = $"lower(trim({Sql.Identifier(label)}::VARCHAR))";
        var yes = string.Join(", ", Yes.Select(Sql.Literal));
        var no = string.Join(", ", No.Select(Sql.Literal));
        var bad = new List<Diagnostic>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT \"__line\", {Sql.Identifier(label)}::VARCHAR FROM flat WHERE {normalised} IS NULL OR {normalised} NOT IN ({yes}, {no}) ORDER BY 1 LIMIT {BadInputException.MaxShown}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                bad.Add(new Diagnostic(name, reader.GetInt64(0), label, reader.IsDBNull(1) ? "" : reader.GetString(1),
                    "the label must be yes/no, true/false or 1/0"));
            }
        }

        if (bad.Count > 0)
        {
            var total = Convert.ToInt64(Workspace.ScalarOn(connection, $"SELECT count(*) FROM flat WHERE {normalised} IS NULL OR {normalised} NOT IN ({yes}, {no})"), System.Globalization.CultureInfo.InvariantCulture);
            throw new BadInputException(bad, total);
        }

        var notes = new List<string>();
        var inputs = new List<(string Name, string Type)>();
        foreach (var (column, type) in schema)
        {
            if (column == label || column == id || excluded.Contains(column))
            {
                continue;
            }

            if (id is null && (string.Equals(column, "id", StringComparison.OrdinalIgnoreCase) || column.EndsWith("_id", StringComparison.OrdinalIgnoreCase)))
            {
                notes.Add($"left out {column}: looks like an id (name it with --id, or rename it, to change this)");
            }
            else if (TabularData.IsNumericType(type) || type is "BOOLEAN" or "VARCHAR")
            {
                inputs.Add((column, type));
            }
            else
            {
                notes.Add($"left out {column}: type {type} is neither a number nor a category");
            }
        }

        var data = TabularData.Read(connection, "flat", id is null ? "\"__line\" - 1" : Sql.Identifier(id), inputs, labelExpression: $"{normalised} IN ({yes})");
        return (data, notes);
    }
}
