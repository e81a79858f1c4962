using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sightline.Demo;
using Sightline.Import;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Bench;

/// <summary>
/// The end-to-end target: import, features, segments, scoring, value and lists for a tier, timed as a user runs them
/// (<c>sightline import</c> of every file of the tier's demo world, the demo's segments, then <c>sightline run</c>
/// without its quality report and contact-reason model, which the target does not name). One run: at 1m it takes
/// minutes, and each step's time is reported.
/// </summary>
internal static class PipelineBenchmark
{
    public const double TargetSeconds = 180;

    public static int Run(ScaleTier tier, string dataRoot, string output)
    {
        TierData.Ensure(tier, dataRoot);
        var scratch = Path.Combine(dataRoot, "scratch", "pipeline-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var workspace = Workspace.Init(scratch);
            var files = Directory.GetFiles(Path.Combine(dataRoot, tier.Name), "*.csv").Where(f => !f.EndsWith("demo_truth.csv", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            Console.WriteLine($"import: {files.Count} files of tier {tier.Name}...");
            var clock = Stopwatch.StartNew();
            var imported = new Importer(workspace).Import(files, new ImportOptions());
            var importSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"import: {imported.RowsLoaded:N0} rows in {importSeconds:F1} s");

            foreach (var segment in DemoPipeline.DemoSegments)
            {
                ProjectFile.AppendSegment(workspace.Directory, segment);
            }

            workspace.ReloadSettings();
            var before = LoadAverage();
            var result = BatchPipeline.Run(workspace, new BatchRunOptions(Skip: new HashSet<string>(StringComparer.Ordinal) { "quality", "reasons" }),
                new Progress<(string Step, double Fraction)>(p => Console.WriteLine($"run: {p.Step}")));
            var total = importSeconds + result.Seconds;
            var passed = total < TargetSeconds;

            var text = new StringBuilder();
            void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
            Line($"# End-to-end benchmark: import and the analysis, tier {tier.Name}");
            Line($"");
            Line($"Measured on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bench/run.sh pipeline {tier.Name}`, {Environment.ProcessorCount} cores; load average before the run {before}, after {LoadAverage()}.");
            Line($"Data: the demo world of {tier.Accounts:N0} accounts (seed {tier.Seed}): every file imported ({imported.RowsLoaded:N0} rows), the demo's {DemoPipeline.DemoSegments.Length} segments added, then `BatchPipeline` (`sightline run`) without the quality report and the contact-reason model. One run.");
            Line($"");
            Line($"| step | seconds | result |");
            Line($"|---|---:|---|");
            Line($"| import | {importSeconds:F1} | {imported.RowsLoaded:N0} rows of {files.Count} files |");
            foreach (var step in result.Steps.Where(s => s.Status == BatchPipeline.Done))
            {
                Line($"| {step.Name} | {step.Seconds:F1} | {step.Summary.Replace("|", "/", StringComparison.Ordinal)} |");
            }

            Line($"| **total** | **{total:F1}** | target under {TargetSeconds:F0} s: **{(passed ? "PASS" : "FAIL")}** |");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, text.ToString());
            File.WriteAllText(Path.ChangeExtension(output, ".json"), JsonSerializer.Serialize(new
            {
                tier = tier.Name, accounts = tier.Accounts, rows = imported.RowsLoaded, importSeconds, steps = result.Steps, totalSeconds = total,
                targetSeconds = TargetSeconds, passed, measuredAt = DateTime.UtcNow,
            }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {output}");
            return passed ? BenchCommand.Ok : BenchCommand.TargetMissed;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
