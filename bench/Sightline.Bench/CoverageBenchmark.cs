using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sightline.Plans.Coverage;

namespace Sightline.Bench;

/// <summary>One tier's coverage assignment timings and checks.</summary>
/// <param name="Accounts">Accounts in the instance.</param>
/// <param name="Options">Account × role arcs that beat the fallback.</param>
/// <param name="SolveSeconds">Median seconds of the exact min-cost flow.</param>
/// <param name="GreedySeconds">Median seconds of the greedy baseline.</param>
/// <param name="Gain">The optimum's gain over every fallback, in cents.</param>
/// <param name="GreedyGain">The greedy's.</param>
/// <param name="CapacityKept">True when no role took more accounts than its capacity.</param>
/// <param name="Optimal">True when the flow solver proved the optimum.</param>
internal sealed record CoverageTierResult(long Accounts, long Options, double SolveSeconds, double GreedySeconds, long Gain, long GreedyGain, bool CapacityKept, bool Optimal);

/// <summary>All tiers of the coverage benchmark.</summary>
/// <param name="LoadAverage">The machine's load averages when it started.</param>
/// <param name="Runs">Timed runs per tier.</param>
/// <param name="Tiers">Per tier.</param>
internal sealed record CoverageBenchResult(string LoadAverage, int Runs, IReadOnlyList<CoverageTierResult> Tiers);

/// <summary>
/// The coverage assignment at 25k, 250k and 1M accounts: a seeded instance shaped like the demo world (three capacity-bound
/// roles with capacity for about 5%, 25% and 10% of accounts, gains spread over four orders of magnitude, each account suiting
/// each role ±30%), solved exactly by
/// the min-cost flow and by the greedy baseline. Wrong results: a capacity exceeded, or the greedy beating the optimum.
/// Target: 1M accounts under 30 s.
/// </summary>
internal static class CoverageBenchmark
{
    public static int Run(string output, int runs)
    {
        var load = BenchSupport.LoadAverage();
        var tiers = new List<CoverageTierResult>();
        foreach (var accounts in new[] { 25_000, 250_000, 1_000_000 })
        {
            var (options, capacity) = Instance(accounts, seed: 7);
            var solves = new List<double>();
            var greedies = new List<double>();
            CoverageSolution? solution = null;
            CoverageSolution? greedy = null;
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                solution = CoverageSolver.Solve(accounts, options, capacity);
                solves.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                greedy = CoverageSolver.Greedy(accounts, options, capacity);
                greedies.Add(watch.Elapsed.TotalSeconds);
            }

            var kept = Enumerable.Range(0, capacity.Length).All(r => solution!.RoleOf.Count(x => x == r) <= capacity[r]);
            tiers.Add(new CoverageTierResult(accounts, options.Count, BenchSupport.Median(solves), BenchSupport.Median(greedies), solution!.Gain, greedy!.Gain, kept, solution.Optimal));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{accounts:N0} accounts, {options.Count:N0} arcs: min-cost flow {BenchSupport.Median(solves):0.00} s, greedy {BenchSupport.Median(greedies):0.00} s, optimum {solution.Gain / 100m:N2} vs greedy {greedy.Gain / 100m:N2}"));
        }

        var result = new CoverageBenchResult(load, runs, tiers);
        ReportFiles.Write(result, output, Markdown(result));
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
        if (tiers.Any(t => !t.CapacityKept || !t.Optimal || t.GreedyGain > t.Gain))
        {
            Console.Error.WriteLine("FAIL: a capacity was exceeded, the solver proved no optimum, or the greedy beat it; see the report");
            return BenchCommand.WrongResults;
        }

        return tiers[^1].SolveSeconds < 30 ? BenchCommand.Ok : BenchCommand.TargetMissed;
    }

    /// <summary>Per account, the roles that beat its fallback and by how much (log-uniform cents), and the roles' capacities.</summary>
    private static (List<CoverageOption> Options, long[] Capacity) Instance(int accounts, int seed)
    {
        var rng = new Random(seed);
        var options = new List<CoverageOption>(accounts * 2);
        for (var a = 0; a < accounts; a++)
        {
            var value = Math.Pow(10, 2 + (4 * rng.NextDouble()));
            // field realises all, inside 80%, partner 60% of the value over a digital fallback at 40%, minus costs to serve;
            // each account suits each role a little more or less (±30%), so the roles do not rank accounts alike and
            // taking the biggest gains first is no longer optimal.
            double Fit() => 0.7 + (0.6 * rng.NextDouble());
            (int Role, double Gain)[] gains = [(0, (0.6 * value * 0.7 * Fit()) - 3_000), (1, (0.4 * value * 0.7 * Fit()) - 600), (2, (0.2 * value * 0.7 * Fit()) - 250)];
            foreach (var (role, gain) in gains)
            {
                if (gain > 0)
                {
                    options.Add(new CoverageOption(a, role, (long)Math.Round(gain * 100)));
                }
            }
        }

        return (options, [accounts / 20, accounts / 4, accounts / 10]);
    }

    private static string Markdown(CoverageBenchResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Coverage assignment benchmark");
        text.AppendLine();
        text.AppendLine(inv, $"Seeded instances (three capacity-bound roles at 5%, 25% and 10% of accounts, each account suiting each role ±30%); median of {result.Runs} runs; load average at start {result.LoadAverage}.");
        text.AppendLine();
        text.AppendLine("| accounts | arcs | min-cost flow (s) | greedy (s) | optimum | greedy | greedy short by | capacity kept |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var t in result.Tiers)
        {
            text.AppendLine(inv, $"| {t.Accounts:N0} | {t.Options:N0} | {t.SolveSeconds:0.00} | {t.GreedySeconds:0.00} | {t.Gain / 100m:N2} | {t.GreedyGain / 100m:N2} | {(t.Gain - t.GreedyGain) / 100m:N2} | {(t.CapacityKept ? "yes" : "NO")} |");
        }

        return text.ToString();
    }
}
