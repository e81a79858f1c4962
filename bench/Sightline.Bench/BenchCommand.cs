using System.Globalization;

namespace Sightline.Bench;

/// <summary>Parses the command line and runs one benchmark. Exit codes: 0 ok, 1 wrong results, 2 usage, 3 a speed target missed.</summary>
internal static class BenchCommand
{
    public const int Ok = 0;
    public const int WrongResults = 1;
    public const int Usage = 2;
    public const int TargetMissed = 3;

    private const string UsageText = """
        usage: Sightline.Bench import [--tier 25k|250k|1m] [--data DIR] [--out FILE] [--runs N]
               Sightline.Bench kmeans [--data DIR] [--out FILE] [--runs N] [--python PATH]
               Sightline.Bench segments [--tier 25k|250k|1m] [--data DIR] [--out FILE] [--runs N]
               Sightline.Bench pipeline [--tier 25k|250k|1m] [--data DIR] [--out FILE]
               Sightline.Bench propensity [--data DIR] [--out FILE] [--runs N] [--python PATH]
               Sightline.Bench clv [--data DIR] [--out FILE] [--runs N] [--python PATH]
               Sightline.Bench coverage [--out FILE] [--runs N]
               Sightline.Bench territories [--data DIR] [--out FILE] [--runs N]
               Sightline.Bench server [--data DIR] [--out FILE] [--seconds N] [--connections N] [--port P] [--accounts N]
               Sightline.Bench realtime [--data DIR] [--out FILE] [--seconds N] [--rate N] [--port P] [--accounts N] [--rows all|warm|apply]
          --tier   scale tier (default 1m)
          --data   cache folder for generated tiers (default bench/data); a tier lives in DIR/<tier>
          --out    Markdown report (default bench/results/import.md); the JSON goes beside it
          --runs   timed runs, alternating which side goes first (default 3)
          --python the peer's interpreter for kmeans, propensity and clv (default /usr/bin/python3, with Debian's python3-sklearn,
                   python3-scipy and python3-pandas)
        kmeans: Sightline's k-means against scikit-learn's KMeans on 100k x 20 seeded blobs
        (default --out bench/results/kmeans.md).
        segments: the feature table of a whole tier (target under 30 s at 1m) and 50 segment rules over it
        (target under 1 s); every file of the tier is imported first, untimed (default --out bench/results/segments.md).
        pipeline: import of every file of a tier, then sightline run's features, segments, score, propensity, potential,
        clv and lists, one run, each step timed (target: the whole under 180 s at 1m; default --out bench/results/pipeline.md).
        propensity: Sightline's gradient boosting against scikit-learn's HistGradientBoostingClassifier: AUC on the same
        five folds of ../shared/data/bank-marketing/bank.csv, and training, scoring and held-out AUC on a seeded 1M x 60
        table (targets: AUC at most 0.01 below the peer, training under 30 s and no slower than the peer, scoring 1M rows
        under 1 s; default --out bench/results/propensity.md).
        clv: Sightline's BG/NBD fit against a scipy reference fit on 1M seeded customer summaries (targets: fit under 5 s,
        the same log-likelihood within 1e-6 relative; default --out bench/results/clv.md).
        coverage: the exact coverage assignment (min-cost flow) against the greedy baseline on seeded 25k, 250k and 1M
        account instances (target: 1M under 30 s; default --out bench/results/coverage.md).
        territories: sightline plan territories --count 100 on a 50,000-account demo world (target under 60 s;
        default --out bench/results/territories.md).
        server: sightline serve on a 1M-account demo workspace (built once by the demo pipeline into DATA/server-1m), loaded
        on loopback by wrk as a rep, a manager and an admin: account detail, search, the rep's list and the web app's pages
        (skipped while they answer 404); target p95 under 100 ms (default 20 s and 4 connections per request kind, port
        5610; default --out bench/results/server.md).
        realtime: POST /api/touchpoints of sightline serve, one event per request, on a 25,000-account demo workspace (cached in
        DATA/server-25000), loaded by wrk at a fixed rate (default 5,000/s) and closed loop, beside a no-op ASP.NET Core endpoint
        and two silos of a cluster on PostgreSQL; target p99 under 5 ms at 5,000 events/s (default 20 s per row, port 5410;
        default --out bench/results/realtime.md). --rows warm runs only the floor (row a2) and the judged row (warm grains),
        paced at the rate: for iterating on the target, not for the report of record; --rows apply only measures applying
        the warm row's events in process (CPU, allocation; no server, no report), looping for --seconds (for a profiler).
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(UsageText);
            return args.Length == 0 ? Usage : Ok;
        }

        if (args is ["noop-server", "--port", var noopPort] && int.TryParse(noopPort, NumberStyles.None, CultureInfo.InvariantCulture, out var noop))
        {
            return NoopServer.Run(noop);
        }

        if (FloorServerArguments.Parse(args) is { } floor)
        {
            return FloorServer.Run(floor.Port, floor.SiloPort, floor.Log, floor.Grain, floor.WorkMicroseconds);
        }

        if (args[0] is not ("import" or "kmeans" or "segments" or "pipeline" or "propensity" or "clv" or "coverage" or "territories" or "server" or "realtime"))
        {
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'; expected 'import', 'kmeans', 'segments', 'pipeline', 'propensity', 'clv', 'coverage', 'territories', 'server' or 'realtime'");
            Console.Error.WriteLine(UsageText);
            return Usage;
        }

        var root = RepositoryRoot();
        var tier = ScaleTier.Get("1m");
        var data = Path.Combine(root, "bench", "data");
        var output = Path.Combine(root, "bench", "results", args[0] + ".md");
        var runs = 3;
        var python = "/usr/bin/python3";
        var seconds = 20;
        var connections = 4;
        var port = args[0] == "realtime" ? 5410 : 5610;
        var rate = RealtimeBenchmark.TargetRate;
        var accounts = args[0] == "realtime" ? RealtimeBenchmark.Accounts : ServerBenchmark.Accounts;
        var rows = "all";
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null)
            {
                Console.Error.WriteLine($"{args[i]} needs a value");
                return Usage;
            }

            switch (args[i])
            {
                case "--tier":
                    if (ScaleTier.Find(value) is not { } found)
                    {
                        Console.Error.WriteLine($"unknown tier '{value}'; expected one of {string.Join(", ", ScaleTier.All.Select(t => t.Name))}");
                        return Usage;
                    }

                    tier = found;
                    break;
                case "--data":
                    data = Path.GetFullPath(value);
                    break;
                case "--rows" when value is "all" or "warm" or "apply":
                    rows = value;
                    break;
                case "--rows":
                    Console.Error.WriteLine($"--rows expects all, warm or apply, got '{value}'");
                    return Usage;
                case "--python":
                    python = value;
                    break;
                case "--out":
                    output = Path.GetFullPath(value);
                    break;
                case "--runs":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out runs) || runs < 1)
                    {
                        Console.Error.WriteLine($"--runs expects a whole number of at least 1, got '{value}'");
                        return Usage;
                    }

                    break;
                case "--seconds" or "--connections" or "--port" or "--accounts" or "--rate":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                    {
                        Console.Error.WriteLine($"{args[i]} expects a whole number of at least 1, got '{value}'");
                        return Usage;
                    }

                    _ = args[i] switch
                    {
                        "--seconds" => seconds = number,
                        "--connections" => connections = number,
                        "--port" => port = number,
                        "--rate" => rate = number,
                        _ => accounts = number,
                    };
                    break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'");
                    Console.Error.WriteLine(UsageText);
                    return Usage;
            }

            i++;
        }

        if (args[0] == "realtime")
        {
            return RealtimeBenchmark.Run(root, data, output, accounts, port, seconds, rate, rows);
        }

        if (args[0] == "server")
        {
            return ServerBenchmark.Run(root, data, output, accounts, port, seconds, connections);
        }

        if (args[0] == "pipeline")
        {
            return PipelineBenchmark.Run(tier, data, output);
        }

        if (args[0] == "segments")
        {
            return SegmentsBenchmark.Run(tier, data, output, runs);
        }

        if (args[0] == "propensity")
        {
            return PropensityBenchmark.Run(root, data, output, runs, python);
        }

        if (args[0] == "coverage")
        {
            return CoverageBenchmark.Run(output, runs);
        }

        if (args[0] == "clv")
        {
            return ClvBenchmark.Run(data, output, runs, python, root);
        }

        if (args[0] == "territories")
        {
            return TerritoriesBenchmark.Run(data, output, runs);
        }

        if (args[0] == "kmeans")
        {
            return KMeansBenchmark.Run(root, data, output, runs, python);
        }

        var files = TierData.Ensure(tier, data);
        ImportBenchResult result;
        try
        {
            result = new ImportBenchmark(tier, files, Path.Combine(data, "scratch"), runs).Run();
        }
        catch (BadInputException e)
        {
            // The demo world is valid by construction, so a refused import is a Sightline bug.
            Console.Error.WriteLine($"FAIL: Sightline refused the tier's files:{Environment.NewLine}{e.Message}");
            return WrongResults;
        }

        ImportReport.Write(result, output);
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");

        if (!result.CountsMatch)
        {
            Console.Error.WriteLine("FAIL: Sightline's row counts differ from the peer's; see the report");
            return WrongResults;
        }

        return result.Targets.All(t => t.Pass is not false) ? Ok : TargetMissed;
    }

    /// <summary>The folder holding Sightline.slnx, so default paths work from any working directory inside the repository.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sightline.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
