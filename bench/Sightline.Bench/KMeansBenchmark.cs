using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Sightline.Segments.Clusters;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>One k-means run of each side on the same CSV.</summary>
internal sealed record KMeansRun(int Run, string First, double PeerSeconds, double PeerInertia, int PeerIterations,
    double SightlineSeconds, double SightlineInertia, int SightlineIterations, double TimeRatio, double InertiaRatio);

/// <summary>Everything the kmeans benchmark measured.</summary>
internal sealed record KMeansBenchResult(DateTimeOffset Date, MachineInfo Machine, string LoadBefore, string LoadAfter, string PeerVersion, int Rows, int Columns, int K, int NInit,
    int DataSeed, double BlobStd, string DataFile, IReadOnlyList<KMeansRun> Runs, double MedianTimeRatio, double MedianInertiaRatio,
    bool FasterOrEqual, bool InertiaEqualOrBetter);

/// <summary>
/// Sightline's <see cref="KMeans"/> against scikit-learn's <c>KMeans(n_clusters=8, n_init=10, random_state=0)</c>
/// (default lloyd and tol) on the same 100k × 20 seeded blobs, fit time only on both sides.
/// </summary>
internal static class KMeansBenchmark
{
    public const int Rows = 100_000;
    public const int Columns = 20;
    public const int K = 8;
    public const int NInit = 10;
    public const int DataSeed = 42;
    public const int Blobs = 8;
    public const double BlobStd = 6.0;

    /// <summary>Inertias within this relative difference count as equal: the same optimum, summed in a different order or stopped one iteration apart.</summary>
    public const double InertiaTolerance = 1e-6;

    public static int Run(string root, string dataRoot, string output, int runs, string python)
    {
        var csv = EnsureData(Path.Combine(dataRoot, "kmeans"));
        var loadBefore = LoadAverage();
        var data = Load(csv);
        var script = Path.Combine(root, "bench", "peers", "kmeans_sklearn.py");

        // JIT warm-up on a slice, untimed: the peer's numpy and scikit-learn code is compiled ahead of time.
        KMeans.Fit(data[..(10_000 * Columns)], Columns, new KMeansOptions(K, 1, 0));

        var results = new List<KMeansRun>();
        var peerVersion = "unknown";
        for (var run = 1; run <= runs; run++)
        {
            var peerFirst = run % 2 == 1;
            PeerOutput? peer = null;
            (double Seconds, KMeansResult Fit)? sightline = null;
            for (var side = 0; side < 2; side++)
            {
                if ((side == 0) == peerFirst)
                {
                    peer = Peer(python, script, csv);
                }
                else
                {
                    var started = Stopwatch.GetTimestamp();
                    var fit = KMeans.Fit(data, Columns, new KMeansOptions(K, NInit, Seed: 0));
                    sightline = (Stopwatch.GetElapsedTime(started).TotalSeconds, fit);
                }
            }

            peerVersion = $"scikit-learn {peer!.Sklearn}, numpy {peer.Numpy}";
            var s = sightline!.Value;
            var result = new KMeansRun(run, peerFirst ? "peer" : "sightline", peer.Seconds, peer.Inertia, peer.Iterations,
                s.Seconds, s.Fit.Inertia, s.Fit.Iterations, s.Seconds / peer.Seconds, s.Fit.Inertia / peer.Inertia);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: peer {peer.Seconds:F3} s (inertia {peer.Inertia:F1}), sightline {s.Seconds:F3} s (inertia {s.Fit.Inertia:F1}), time ratio {result.TimeRatio:F2}, inertia ratio {result.InertiaRatio:F9}"));
        }

        var timeRatio = Median(results.Select(r => r.TimeRatio));
        var inertiaRatio = Median(results.Select(r => r.InertiaRatio));
        var bench = new KMeansBenchResult(DateTimeOffset.UtcNow, ImportBenchmark.Machine(), loadBefore, LoadAverage(), peerVersion, Rows, Columns, K, NInit, DataSeed, BlobStd,
            Path.GetFileName(csv), results, timeRatio, inertiaRatio, timeRatio <= 1.0, inertiaRatio <= 1 + InertiaTolerance);
        ReportFiles.Write(bench, output, Markdown(bench, runs));
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
        return bench.FasterOrEqual && bench.InertiaEqualOrBetter ? BenchCommand.Ok : BenchCommand.TargetMissed;
    }

    private sealed record PeerOutput(double Seconds, double Inertia, int Iterations, string Sklearn, string Numpy);

    private static PeerOutput Peer(string python, string script, string csv)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(csv);
        start.ArgumentList.Add(K.ToString(CultureInfo.InvariantCulture));
        var root = RunPeer(start, "python3-sklearn and python3-pandas");
        return new PeerOutput(root.GetProperty("seconds").GetDouble(), root.GetProperty("inertia").GetDouble(), root.GetProperty("iterations").GetInt32(),
            root.GetProperty("sklearn").GetString() ?? "?", root.GetProperty("numpy").GetString() ?? "?");
    }

    /// <summary>Seeded Gaussian blobs (centers uniform in [-10, 10]^20, standard deviation <see cref="BlobStd"/>), cached as CSV.</summary>
    private static string EnsureData(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"blobs-{Rows}x{Columns}-k{Blobs}-std{BlobStd}-seed{DataSeed}.csv"));
        if (File.Exists(path))
        {
            return path;
        }

        var random = new Random(DataSeed);
        var centers = new double[Blobs, Columns];
        for (var c = 0; c < Blobs; c++)
        {
            for (var j = 0; j < Columns; j++)
            {
                centers[c, j] = (random.NextDouble() * 20) - 10;
            }
        }

        var partial = path + ".partial";
        using (var writer = new StreamWriter(partial, false, new UTF8Encoding(false)))
        {
            writer.Write(string.Join(",", Enumerable.Range(1, Columns).Select(j => $"x{j}")));
            writer.Write('\n');
            var line = new StringBuilder();
            for (var i = 0; i < Rows; i++)
            {
                var c = random.Next(Blobs);
                line.Clear();
                for (var j = 0; j < Columns; j++)
                {
                    var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    line.Append(j == 0 ? "" : ",").Append((centers[c, j] + (BlobStd * gaussian)).ToString("R", CultureInfo.InvariantCulture));
                }

                writer.Write(line);
                writer.Write('\n');
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static double[] Load(string csv)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_csv({Sql.Literal(csv)}, header = true, all_varchar = true)";
        using var reader = command.ExecuteReader();
        var data = new List<double>(Rows * Columns);
        while (reader.Read())
        {
            for (var j = 0; j < Columns; j++)
            {
                // Parsed by .NET from the text, exactly as written ("R" round-trips), like the peer's round_trip parser.
                data.Add(double.Parse(reader.GetString(j), NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        return [.. data];
    }

    private static string Markdown(KMeansBenchResult r, int runs)
    {
        var m = r.Machine;
        var s = new StringBuilder();
        void Line(FormattableString text) => s.AppendLine(text.ToString(CultureInfo.InvariantCulture));

        Line($"# k-means benchmark: {r.Rows:N0} × {r.Columns}, k = {r.K}");
        Line($"");
        Line($"Measured on {r.Date:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project bench/Sightline.Bench -- kmeans --runs {runs}`. The same numbers are in the JSON file beside this one. How it works: [docs/clusters.md](../../docs/clusters.md#benchmark).");
        Line($"");
        Line($"Same data, same settings on both sides: the **peer** is scikit-learn's `KMeans(n_clusters={r.K}, n_init={r.NInit}, random_state=0)` (lloyd, tol 1e-4) run by `bench/peers/kmeans_sklearn.py` with `/usr/bin/python3` ({r.PeerVersion}); **Sightline** is `KMeans.Fit(data, {r.Columns}, new KMeansOptions({r.K}, NInit: {r.NInit}, Seed: 0))`. Each side times only the fit (data already in memory as float64). The two use different random generators, so their k-means++ seeds differ; inertia ratio < 1 means Sightline found a tighter clustering. Runs alternate which side goes first.");
        Line($"");
        Line($"Data: `{r.DataFile}`, {r.Rows:N0} rows of {r.Columns} Gaussian blob features ({Blobs} blobs, centers uniform in [-10, 10], standard deviation {r.BlobStd}, seed {r.DataSeed}).");
        Line($"");
        Line($"Machine: {m.Cores} cores, {m.Cpu ?? "unknown CPU"}, {m.Os}, {m.DotNet}. Load average (1, 5, 15 min) before the runs: {r.LoadBefore}; after: {r.LoadAfter}. The machine is shared: a load above the core count means other work took CPU from both sides, unevenly from run to run, so look at the median.");
        Line($"");
        Line($"| run | first | peer (s) | Sightline (s) | time ratio | peer inertia | Sightline inertia | inertia ratio | peer iterations | Sightline iterations |");
        Line($"|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in r.Runs)
        {
            Line($"| {run.Run} | {run.First} | {run.PeerSeconds:F3} | {run.SightlineSeconds:F3} | {run.TimeRatio:F2} | {run.PeerInertia:F1} | {run.SightlineInertia:F1} | {run.InertiaRatio:F9} | {run.PeerIterations} | {run.SightlineIterations} |");
        }

        Line($"| **median** | | | | **{r.MedianTimeRatio:F2}** | | | **{r.MedianInertiaRatio:F9}** | | |");
        Line($"");
        Line($"Time ratio = Sightline seconds / peer seconds; inertia ratio = Sightline inertia / peer inertia (iterations are those of the kept run). Inertias within a relative 1e-6 count as equal (the same optimum, summed in another order).");
        Line($"");
        Line($"Target (no slower than the peer at equal or better inertia): time {(r.FasterOrEqual ? "met" : "**missed**")}, inertia {(r.InertiaEqualOrBetter ? "met" : "**missed**")}.");
        return s.ToString();
    }
}
