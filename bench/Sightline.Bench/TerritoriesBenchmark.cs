using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sightline.Demo;
using Sightline.Features;
using Sightline.Import;
using Sightline.Models.Value;
using Sightline.Plans.Territories;
using Sightline.Workspaces;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>The territories benchmark's numbers, written as JSON beside the report.</summary>
internal sealed record TerritoriesBenchResult(int Accounts, int Territories, int TodayTerritories, IReadOnlyList<double> Seconds, double MedianSeconds,
    double TargetSeconds, bool Pass, string LoadAverage, IReadOnlyList<TerritoryScenario> Scenarios, IReadOnlyList<string> Notes);

/// <summary>
/// <c>sightline plan territories --count 100</c> on a 50,000-account demo world (seed 42): the world is generated once,
/// imported, and its features and potential built, untimed; then the whole plan (reading, every scenario, storing
/// plan_territories) is timed over several runs. Target: under 60 s on this 2-core machine.
/// </summary>
internal static class TerritoriesBenchmark
{
    public const int Accounts = 50_000;
    public const int Territories = 100;
    public const double TargetSeconds = 60;

    public static int Run(string dataRoot, string output, int runs)
    {
        var world = Path.Combine(dataRoot, "territories-50k");
        var marker = Path.Combine(world, "world.marker");
        var expected = $"accounts={Accounts} seed=42";
        if (!File.Exists(marker) || File.ReadAllText(marker).Trim() != expected)
        {
            Directory.CreateDirectory(world);
            Console.WriteLine($"generating a {Accounts:N0}-account demo world into {world}");
            DemoWorldGenerator.Generate(world, new DemoOptions(Accounts, 42));
            File.WriteAllText(marker, expected + Environment.NewLine);
        }

        var scratch = Path.Combine(dataRoot, "scratch", "territories-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Console.WriteLine("setup: import, features and potential (not timed)...");
            var setup = Stopwatch.StartNew();
            using var workspace = Workspace.Init(scratch);
            var files = Directory.GetFiles(world, "*.csv").Where(f => !f.EndsWith("demo_truth.csv", StringComparison.Ordinal)).ToList();
            new Importer(workspace).Import(files, new ImportOptions());
            FeatureBuilder.Build(workspace);
            AccountPotential.Run(workspace);
            Console.WriteLine($"setup: {setup.Elapsed.TotalSeconds:F1} s");

            var seconds = new List<double>();
            TerritoryPlanResult? result = null;
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                result = TerritoryPlan.Run(workspace, Territories);
                seconds.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine($"run {run + 1}: {seconds[^1]:F2} s");
            }

            var median = Median(seconds);
            var bench = new TerritoriesBenchResult((int)result!.Accounts, result.Count, result.TodayCount, seconds, median, TargetSeconds,
                median < TargetSeconds, LoadAverage(), result.Scenarios, result.Notes);
            ReportFiles.Write(bench, output, Markdown(bench));
            Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
            return bench.Pass ? BenchCommand.Ok : BenchCommand.TargetMissed;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static string Markdown(TerritoriesBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Territories benchmark");
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"`sightline plan territories --count {r.Territories}` on a {r.Accounts:N0}-account demo world (seed 42, {r.TodayTerritories} territories today), 2 cores; load average at the end: {r.LoadAverage}."));
        md.AppendLine("The time covers the whole plan: reading accounts, the today and naive references, every scenario (OR-Tools LP or min-cost flow per balancing group: region and coverage role, `territories.within_role` on) and storing `plan_territories`.");
        md.AppendLine();
        md.AppendLine("| measure | value | target | pass |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(string.Create(inv, $"| median time ({r.Seconds.Count} runs: {string.Join(", ", r.Seconds.Select(s => s.ToString("F1", inv)))} s) | {r.MedianSeconds:F1} s | under {r.TargetSeconds:F0} s | {(r.Pass ? "yes" : "no")} |"));
        md.AppendLine();
        md.AppendLine("| scenario | load CV | potential CV | max/min | workload CV | max/min | disruption | km to centre | moved | outside tolerance |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in r.Scenarios)
        {
            md.AppendLine(string.Create(inv,
                $"| {s.Name} | {s.LoadCv:0.###} | {s.PotentialCv:0.###} | {s.PotentialMaxMin?.ToString("0.##", inv) ?? "-"} | {s.WorkloadCv:0.###} | {s.WorkloadMaxMin?.ToString("0.##", inv) ?? "-"} | {s.DisruptionShare:0.0%} | {s.CompactnessKm:N0} | {s.AccountsMoved:N0} | {s.OutsideTolerance} |"));
        }

        md.AppendLine();
        foreach (var s in r.Scenarios)
        {
            md.AppendLine($"- {s.Name}: {s.Method}.");
        }

        md.AppendLine();
        foreach (var note in r.Notes)
        {
            md.AppendLine($"- note: {note}");
        }

        return md.ToString();
    }
}
