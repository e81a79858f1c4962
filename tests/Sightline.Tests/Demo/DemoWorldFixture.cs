using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Data;
using Sightline.Demo;

namespace Sightline.Tests.Demo;

/// <summary>One 2,000-account world, generated once and loaded into an in-memory DuckDB with the canonical types.</summary>
public sealed class DemoWorldFixture : IDisposable
{
    public const int Accounts = 2_000;

    public DemoWorldFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sightline-demo-" + Guid.NewGuid().ToString("N"));
        ProgressReports = [];
        Files = DemoWorldGenerator.Generate(Directory, new DemoOptions(Accounts, Seed: 7), new SynchronousProgress(ProgressReports));
        Connection = new DuckDBConnection("DataSource=:memory:");
        Connection.Open();
        foreach (var table in CanonicalSchema.Tables)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"'{c.Name}': '{c.SqlType}'"));
            Execute($$"""
                CREATE TABLE {{table.Name}} AS SELECT * FROM read_csv('{{Files.FilesByTable[table.Name]}}',
                    header = true, delim = ',', quote = '"', escape = '"', auto_detect = false,
                    dateformat = '%Y-%m-%d', timestampformat = '%Y-%m-%d %H:%M:%S', columns = {{{columns}}})
                """);
        }

        Execute($"CREATE TABLE demo_truth AS SELECT * FROM read_csv('{Files.FilesByTable[DemoWorldGenerator.TruthTable]}', header = true)");
    }

    public string Directory { get; }

    public DemoWorldFiles Files { get; }

    public List<double> ProgressReports { get; }

    public DuckDBConnection Connection { get; }

    public T Scalar<T>(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Connection.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this records reports in order, on the caller's thread.</summary>
    private sealed class SynchronousProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }
}
