using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using Sightline.Import;
using Sightline.Workspaces;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>
/// Times, in one process and on the same files, a bare DuckDB <c>read_csv</c> of each file (the
/// peer) and Sightline's validated import, alternating which goes first, and checks both loaded
/// the same rows.
/// </summary>
internal sealed class ImportBenchmark(ScaleTier tier, IReadOnlyList<BenchFile> files, string scratchRoot, int runs)
{
    public const double MaxSecondsAt1M = 30.0;
    public const double MaxRatio = 2.0;

    public ImportBenchResult Run()
    {
        var date = DateTimeOffset.UtcNow;
        var machine = Machine();
        WarmUp();

        var results = new List<RunResult>();
        var mismatches = new List<string>();
        for (var run = 1; run <= runs; run++)
        {
            var directory = Path.Combine(scratchRoot, $"run-{run}");
            DeleteDirectory(directory);
            Directory.CreateDirectory(directory);
            try
            {
                // Odd runs start with the peer, even runs with Sightline, so neither always gets the warmer cache.
                var peerFirst = run % 2 == 1;
                SideResult peer, sightline;
                if (peerFirst)
                {
                    peer = Measure("peer", run, () => Peer(Path.Combine(directory, "peer.duckdb")));
                    sightline = Measure("sightline", run, () => Sightline(Path.Combine(directory, "workspace")));
                }
                else
                {
                    sightline = Measure("sightline", run, () => Sightline(Path.Combine(directory, "workspace")));
                    peer = Measure("peer", run, () => Peer(Path.Combine(directory, "peer.duckdb")));
                }

                // Rows per second for both sides count the same rows: the files' data rows as the peer read them.
                var rows = peer.RowsByTable.Values.Sum();
                peer = peer with { Rows = rows, RowsPerSecond = rows / peer.Seconds };
                sightline = sightline with { Rows = rows, RowsPerSecond = rows / sightline.Seconds };
                foreach (var file in files)
                {
                    var expected = peer.RowsByTable[file.Table];
                    var actual = sightline.RowsByTable[file.Table];
                    if (expected != actual)
                    {
                        mismatches.Add($"run {run}: {file.Table}: Sightline loaded {actual:N0} rows, the peer {expected:N0}");
                    }
                }

                var result = new RunResult(run, peerFirst ? "peer" : "sightline", peer, sightline, sightline.Seconds / peer.Seconds);
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: peer {peer.Seconds:F2} s, sightline {sightline.Seconds:F2} s, ratio {result.Ratio:F2}"));
            }
            finally
            {
                DeleteDirectory(directory);
            }
        }

        DeleteDirectory(scratchRoot);
        var first = results[0];
        var summaries = files.Select(f => new FileSummary(f.Table, Path.GetFileName(f.Path), f.Bytes, first.Peer.RowsByTable[f.Table])).ToList();
        var medianPeer = Median(results.Select(r => r.Peer.Seconds));
        var medianSightline = Median(results.Select(r => r.Sightline.Seconds));
        var medianRatio = Median(results.Select(r => r.Ratio));
        var hwm = MemorySampler.ReadStatusKb("VmHWM") / 1024.0;
        var targets = new List<TargetResult>
        {
            new($"validated import of the 1m tier under {MaxSecondsAt1M:F0} s",
                string.Create(CultureInfo.InvariantCulture, $"{medianSightline:F2} s at {tier.Name}"),
                tier.Name == "1m" ? medianSightline < MaxSecondsAt1M : null),
            new(string.Create(CultureInfo.InvariantCulture, $"Sightline / peer ratio at most {MaxRatio:F1}"),
                string.Create(CultureInfo.InvariantCulture, $"{medianRatio:F2}"), medianRatio <= MaxRatio),
        };

        return new ImportBenchResult("import", date, tier.Name, tier.Accounts, tier.Seed, machine, summaries,
            summaries.Sum(s => s.Rows), summaries.Sum(s => s.Bytes), results,
            medianPeer, medianSightline, Median(results.Select(r => r.Peer.RowsPerSecond)), Median(results.Select(r => r.Sightline.RowsPerSecond)),
            medianRatio, results.Max(r => r.Peer.PeakRssMb), results.Max(r => r.Sightline.PeakRssMb), hwm,
            mismatches.Count == 0, mismatches, targets);
    }

    /// <summary>The peer: each file into its own table with DuckDB's own CSV sniffing, no checks.</summary>
    private string Peer(string databasePath)
    {
        using (var connection = new DuckDBConnection($"DataSource={databasePath}"))
        {
            connection.Open();
            foreach (var file in files)
            {
                Execute(connection, $"CREATE TABLE \"{file.Table}\" AS SELECT * FROM read_csv({Literal(file.Path)}, header = true)");
            }
        }

        return databasePath;
    }

    /// <summary>Sightline: a fresh workspace and the strict, all-or-nothing validated import.</summary>
    private string Sightline(string workspaceDirectory)
    {
        using (var workspace = Workspace.Init(workspaceDirectory))
        {
            var result = new Importer(workspace).Import([.. files.Select(f => f.Path)], new ImportOptions());
            if (result.RowsRejected != 0)
            {
                throw new InvalidOperationException($"the strict import rejected {result.RowsRejected} rows but did not fail");
            }
        }

        return Path.Combine(workspaceDirectory, Workspace.DatabaseFileName);
    }

    /// <summary>
    /// Runs one side with its clock and memory sampler. The clock covers opening, loading and closing
    /// the database (closing checkpoints it to disk); counting the rows afterwards is not timed.
    /// </summary>
    private SideResult Measure(string side, int run, Func<string> load)
    {
        Console.WriteLine($"run {run}: {side}...");

        // Garbage from the previous side should not count against this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var sampler = MemorySampler.Start();
        var startRss = (MemorySampler.ReadStatusKb("VmRSS") ?? 0) / 1024.0;
        var clock = Stopwatch.StartNew();
        var databasePath = load();
        clock.Stop();
        var peak = sampler.StopPeakMb();
        return new SideResult(clock.Elapsed.TotalSeconds, 0, 0, startRss, peak, Counts(databasePath));
    }

    /// <summary>Rows per loaded table, from a fresh connection, which also shows the data was persisted.</summary>
    private Dictionary<string, long> Counts(string databasePath)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var connection = new DuckDBConnection($"DataSource={databasePath}");
        connection.Open();
        foreach (var file in files)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{file.Table}\"";
            counts[file.Table] = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>The page cache cannot be dropped without root, so read every file once before the first timed run instead.</summary>
    private void WarmUp()
    {
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
    }

    internal static MachineInfo Machine()
    {
        string duckDb;
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version()";
            duckDb = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "unknown";
        }

        return new MachineInfo(Environment.ProcessorCount, ProcField("/proc/cpuinfo", "model name"),
            ProcField("/proc/meminfo", "MemTotal") is { } total ? long.Parse(total.Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0 : null,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, duckDb);
    }

    private static string? ProcField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(l => l.StartsWith(field, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
