using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Import;
using Sightline.Segments;
using Sightline.Workspaces;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>
/// Features for a whole tier and 50 segment rules over its accounts. Setup (importing every file of
/// the tier's demo world) is not timed; the feature build and the segment evaluation are, each on
/// its own, over several runs.
/// </summary>
internal static class SegmentsBenchmark
{
    public const int RuleCount = 50;

    public static int Run(ScaleTier tier, string dataRoot, string output, int runs)
    {
        TierData.Ensure(tier, dataRoot);
        var scratch = Path.Combine(dataRoot, "scratch", "segments-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Console.WriteLine("setup: importing every file of the tier (not timed)...");
            var setup = Stopwatch.StartNew();
            using var workspace = Workspace.Init(scratch);
            var files = Directory.GetFiles(Path.Combine(dataRoot, tier.Name), "*.csv").Where(f => !f.EndsWith("demo_truth.csv", StringComparison.Ordinal)).ToList();
            var imported = new Importer(workspace).Import(files, new ImportOptions());
            Console.WriteLine($"setup: {imported.RowsLoaded:N0} rows in {setup.Elapsed.TotalSeconds:F1} s");
            var orders = Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM orders"), CultureInfo.InvariantCulture);

            var featureTimes = new List<double>();
            FeatureSummary? features = null;
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                features = FeatureBuilder.Build(workspace);
                featureTimes.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine($"features run {run + 1}: {featureTimes[^1]:F2} s");
            }

            foreach (var segment in Rules())
            {
                ProjectFile.AppendSegment(workspace.Directory, segment);
            }

            workspace.ReloadSettings();
            var ruleTimes = new List<double>();
            var evaluationTimes = new List<double>();
            SegmentRunReport? report = null;
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                report = SegmentEngine.Evaluate(workspace);
                ruleTimes.Add(clock.Elapsed.TotalSeconds);
                evaluationTimes.Add(report.RuleSeconds);
                Console.WriteLine($"segments run {run + 1}: rules {report.RuleSeconds:F2} s, whole run {ruleTimes[^1]:F2} s");
            }

            var featureMedian = Median(featureTimes);
            var ruleMedian = Median(evaluationTimes);
            var runMedian = Median(ruleTimes);
            var text = new StringBuilder();
            void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
            Line($"# Features and segments benchmark: tier {tier.Name}");
            Line($"");
            Line($"Measured on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project bench/Sightline.Bench -- segments --tier {tier.Name} --runs {runs}`,");
            Line($"{Environment.ProcessorCount} cores, {MachineMemoryGb():F1} GB. Data: the demo world of {tier.Accounts:N0} accounts (seed {tier.Seed}), every file imported first (not timed): {imported.RowsLoaded:N0} rows, of which {orders:N0} order lines.");
            Line($"");
            Line($"| step | runs (s) | median (s) | target | result |");
            Line($"|---|---|---:|---|---|");
            Line($"| features ({features!.Accounts:N0} accounts, {features.Columns.Count} columns) | {string.Join(", ", featureTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} | {featureMedian:F2} | under 30 s | {(featureMedian < 30 ? "PASS" : "FAIL")} |");
            Line($"| {RuleCount} segment rules evaluated (every membership and the exclusive assignment, one pass) | {string.Join(", ", evaluationTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} | {ruleMedian:F2} | under 1 s | {(ruleMedian < 1 ? "PASS" : "FAIL")} |");
            Line($"| the whole segments run (rules, storing {report!.Segments.Sum(x => x.Accounts):N0} memberships and the assignments, report) | {string.Join(", ", ruleTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} | {runMedian:F2} | none | |");
            Line($"");
            Line($"The rules are generated: thresholds on employees, revenue and recency, industry lists, product holdings and");
            Line($"size bands, 10 of them micro-segments under another rule; {report.Accounts - report.Unassigned:N0} accounts got a segment.");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, text.ToString());
            Console.WriteLine($"wrote {output}");
            return featureMedian < 30 && ruleMedian < 1 ? BenchCommand.Ok : BenchCommand.TargetMissed;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>50 rules of the kinds sales ops write, deterministic.</summary>
    private static IEnumerable<SegmentDefinition> Rules()
    {
        string[] industries = ["Software & Internet", "Financial Services", "Healthcare", "Manufacturing", "Retail & E-commerce"];
        string[] families = ["Core Platform", "Analytics", "Security", "Services"];
        for (var i = 0; i < 40; i++)
        {
            var rule = (i % 5) switch
            {
                0 => $"employees >= {(i + 1) * 50} and revenue_12m > {i}k",
                1 => $"industry in ('{industries[i % industries.Length]}', '{industries[(i + 2) % industries.Length]}') and annual_revenue between {i}M and {i * 10 + 50}M",
                2 => $"has_product('{families[i % families.Length]}') and not has_product('{families[(i + 1) % families.Length]}')",
                3 => $"is_customer and days_since(last_order_date) > {30 * (i % 12 + 1)}",
                _ => $"size_band = '{(i % 2 == 0 ? "SMB" : "Mid-market")}' and (touches_email_365d > {i % 7} or open_pipeline > {i}k)",
            };
            yield return new SegmentDefinition { Name = $"rule-{i:00}", Rule = rule, Priority = i };
        }

        for (var i = 0; i < 10; i++)
        {
            yield return new SegmentDefinition { Name = $"micro-{i:00}", Parent = $"rule-{i * 4:00}", Rule = $"growth_12m > {i * 5}% or families_bought >= {i % 4 + 1}", Priority = i };
        }
    }

    private static double MachineMemoryGb()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024;
    }
}
