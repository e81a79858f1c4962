using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sightline.Models.Value;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>
/// Sightline's BG/NBD fit (<see cref="BgNbd.Fit(IReadOnlyList{CustomerSummary})"/>) against a scipy reference fit (<c>bench/peers/bgnbd_fit.py</c>) on the
/// same 1M seeded customer summaries: parameters, log-likelihoods (which must agree) and fit seconds side by side.
/// </summary>
internal static class ClvBenchmark
{
    public const int Customers = 1_000_000;
    public const int Seed = 20_240_601;
    public const double MaxFitSeconds = 5.0;

    /// <summary>Log-likelihoods within this relative difference count as the same optimum.</summary>
    public const double LikelihoodTolerance = 1e-6;

    /// <summary>The process the customers are drawn from; T is uniform on [1, 78] weeks.</summary>
    public static readonly BgNbdParameters Truth = new(0.24, 4.4, 0.79, 2.43);

    public const double MinAge = 1;
    public const double MaxAge = 78;

    public static int Run(string dataRoot, string output, int runs, string python, string root)
    {
        var script = Path.Combine(root, "bench", "peers", "bgnbd_fit.py");
        var folder = Path.Combine(dataRoot, "clv");
        Directory.CreateDirectory(folder);
        var (x, recency, age) = Generate();
        var csv = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"bgnbd-1m-seed{Seed}.csv"));
        if (!File.Exists(csv))
        {
            Console.WriteLine($"writing {csv} for the peer ...");
            WriteCsv(csv, x, recency, age);
        }

        // Building the summaries is loading, outside the timer; the fit starts from the public API.
        var summaries = new CustomerSummary[Customers];
        for (var i = 0; i < Customers; i++)
        {
            summaries[i] = new CustomerSummary(i.ToString(CultureInfo.InvariantCulture), x[i], recency[i], age[i], 0, null);
        }

        var sums = (X: x.Sum(v => (double)v), Recency: recency.Sum(), Age: age.Sum());

        // JIT warm-up on a slice, untimed: the peer's numpy and scipy code is compiled ahead of time.
        BgNbd.Fit(summaries[..20_000]);

        var loadBefore = LoadAverage();
        var results = new List<ClvRun>();
        PeerFit? peer = null;
        BgNbdFit? ours = null;
        for (var run = 1; run <= runs; run++)
        {
            // Odd runs start with the peer, even runs with Sightline.
            var peerFirst = run % 2 == 1;
            double seconds = 0;
            for (var side = 0; side < 2; side++)
            {
                if ((side == 0) == peerFirst)
                {
                    peer = PeerFit.Run(python, script, csv);
                }
                else
                {
                    Collect();
                    var started = Stopwatch.GetTimestamp();
                    ours = BgNbd.Fit(summaries);
                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
            }

            if (peer!.Customers != Customers || !Close(peer.SumX, sums.X) || !Close(peer.SumRecency, sums.Recency) || !Close(peer.SumAge, sums.Age))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"FAIL: the peer read different data: {peer.Customers} customers, sums x {peer.SumX}, t_x {peer.SumRecency}, T {peer.SumAge}; ours {Customers}, {sums.X}, {sums.Recency}, {sums.Age} (delete {csv} if the generator changed)"));
                return BenchCommand.WrongResults;
            }

            var row = new ClvRun(run, peerFirst ? "peer" : "sightline", peer.FitSeconds, seconds, seconds / peer.FitSeconds, peer.LogLikelihood, ours!.LogLikelihood,
                ours.Iterations, peer.Iterations, peer.Evaluations);
            results.Add(row);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: peer {peer.FitSeconds:F3} s (ll {peer.LogLikelihood:F4}), sightline {seconds:F3} s (ll {ours.LogLikelihood:F4}), ratio {row.TimeRatio:F2}"));
        }

        // Sightline's likelihood at the peer's optimum checks that both sides maximise the same function.
        var peerParameters = new BgNbdParameters(peer!.R, peer.Alpha, peer.A, peer.B);
        var oursAtPeer = BgNbd.LogLikelihood(peerParameters, summaries);
        var fitGap = RelativeGap(ours!.LogLikelihood, peer.LogLikelihood);
        var formulaGap = RelativeGap(oursAtPeer, peer.LogLikelihood);
        var medianSightline = Median(results.Select(r => r.SightlineSeconds));
        var medianPeer = Median(results.Select(r => r.PeerSeconds));
        var medianRatio = Median(results.Select(r => r.TimeRatio));
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        List<ClvTarget> targets =
        [
            new(F($"Sightline fit under {MaxFitSeconds:0} s"), "speed", F($"{medianSightline:F3} s (median of {runs})"), medianSightline < MaxFitSeconds),
            new(F($"same log-likelihood as the peer (relative difference ≤ {LikelihoodTolerance:0e0})"), "quality",
                F($"Sightline {ours.LogLikelihood:F4}, peer {peer.LogLikelihood:F4} (relative {fitGap:0.0e0})"), fitGap <= LikelihoodTolerance),
            new(F($"Sightline's log-likelihood at the peer's parameters = the peer's (relative difference ≤ {LikelihoodTolerance:0e0})"), "quality",
                F($"{oursAtPeer:F4} vs {peer.LogLikelihood:F4} (relative {formulaGap:0.0e0})"), formulaGap <= LikelihoodTolerance),
        ];

        var result = new ClvBenchResult(DateTimeOffset.UtcNow, ImportBenchmark.Machine(), loadBefore, LoadAverage(), $"scipy {peer.Scipy}, numpy {peer.Numpy}", runs,
            Customers, Seed, Truth, MinAge, MaxAge, Path.GetFileName(csv), x.Count(v => v > 0), x.Max(), sums.X / Customers,
            ours.Parameters, peerParameters, ours.LogLikelihood, peer.LogLikelihood, oursAtPeer, fitGap, formulaGap,
            results, medianSightline, medianPeer, medianRatio, peer.Message, targets);
        ClvReport.Write(result, output);
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
        foreach (var target in targets.Where(t => !t.Pass))
        {
            Console.Error.WriteLine($"MISSED: {target.Target}: {target.Measured}");
        }

        return targets.Any(t => t.Kind == "quality" && !t.Pass) ? BenchCommand.WrongResults
            : targets.Any(t => !t.Pass) ? BenchCommand.TargetMissed
            : BenchCommand.Ok;
    }

    /// <summary>
    /// Draws each customer from the BG/NBD process: λ ~ Gamma(r, rate α), p ~ Beta(a, b), T ~ U[1, 78]; purchases after the
    /// first arrive as a Poisson process of rate λ, and after each repeat purchase the customer drops out with probability p.
    /// </summary>
    internal static (int[] X, double[] Recency, double[] Age) Generate()
    {
        var random = new Random(Seed);
        var x = new int[Customers];
        var recency = new double[Customers];
        var age = new double[Customers];
        for (var i = 0; i < Customers; i++)
        {
            var lambda = Gamma(random, Truth.R) / Truth.Alpha;
            var g = Gamma(random, Truth.A);
            var p = g / (g + Gamma(random, Truth.B));
            var t = MinAge + ((MaxAge - MinAge) * random.NextDouble());
            var time = 0.0;
            var count = 0;
            var last = 0.0;
            while (true)
            {
                time += -Math.Log(1 - random.NextDouble()) / lambda;
                if (time > t)
                {
                    break;
                }

                count++;
                last = time;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            x[i] = count;
            recency[i] = last;
            age[i] = t;
        }

        return (x, recency, age);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 through Gamma(shape + 1) · U^(1/shape).</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                // Box-Muller; 1 - U keeps the logarithm finite.
                z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static void WriteCsv(string path, int[] x, double[] recency, double[] age)
    {
        // Round-trip ("R") digits so the peer parses the very same doubles.
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.WriteLine("x,t_x,T");
            for (var i = 0; i < x.Length; i++)
            {
                writer.Write(x[i].ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(recency[i].ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.WriteLine(age[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private sealed record PeerFit(double R, double Alpha, double A, double B, double LogLikelihood, double FitSeconds, int Iterations, int Evaluations,
        string Message, int Customers, double SumX, double SumRecency, double SumAge, string Scipy, string Numpy)
    {
        public static PeerFit Run(string python, string script, string csv)
        {
            var root = RunPeer(new ProcessStartInfo(python) { ArgumentList = { script, csv } }, "python3-scipy and python3-pandas");
            double D(string name) => root.GetProperty(name).GetDouble();
            return new PeerFit(D("r"), D("alpha"), D("a"), D("b"), D("log_likelihood"), D("fit_seconds"), root.GetProperty("iterations").GetInt32(),
                root.GetProperty("evaluations").GetInt32(), root.GetProperty("message").GetString() ?? "", root.GetProperty("customers").GetInt32(),
                D("sum_x"), D("sum_t_x"), D("sum_T"), root.GetProperty("scipy").GetString() ?? "?", root.GetProperty("numpy").GetString() ?? "?");
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));

    private static double RelativeGap(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(b), 1e-300);

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
