using System.CommandLine;
using System.Globalization;
using Sightline.Runs;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline run --workspace DIR [--as-of DATE] [--skip STEP,...] [--json]</c>.</summary>
internal static class RunVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Build the features, and so every step, as of this date (default: the last order date)" };
        var skip = new Option<string[]>("--skip")
        {
            Description = $"Steps not to run, comma-separated or repeated: {string.Join(", ", BatchPipeline.StepNames.Where(s => s != "features"))}",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = CommonOptions.Json();
        var command = new Command("run", $"""
            The analysis on the workspace's own imported data, each step as its own verb would run it, in the order
            each needs the one before: {string.Join(", ", BatchPipeline.StepNames)}. A step the data
            gives nothing to do (no segments defined, no customers to learn from, no touchpoints, no reps) is skipped
            with its reason and the rest run. A step refused for a wrong setting in sightline.yaml makes the run
            exit with code 2, and the steps that read its results do not run. Plans (quotas, territories, headcount) need a target or a budget: run
            them with 'sightline plan'. While 'sightline serve' runs on the workspace, start runs with POST /api/runs.

            Examples:
              sightline run --workspace ./acme
              sightline run --workspace ./acme --as-of 2025-06-30 --skip clv,reasons
            """) { workspace, asOf, skip, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var skipped = (parse.GetValue(skip) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToHashSet(StringComparer.Ordinal);
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = console.WithProgress("run", update =>
                BatchPipeline.Run(ws, new BatchRunOptions(parse.GetValue(asOf), skipped), new Progress<(string Step, double Fraction)>(p => update(p.Step, p.Fraction))));
            var exit = console.Result(parse.GetValue(json), result, r => Print(console, r));
            if (result.Refused.Count > 0)
            {
                // A wrong setting is bad input: the table shows what ran, the exit code says the run is not complete.
                console.Error.WriteLine(result.RefusalMessage);
                return 2;
            }

            return exit;
        }));
        return command;
    }

    private static void Print(CliConsole console, BatchRunResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("step", "status", "seconds", "result");
        foreach (var step in result.Steps)
        {
            table.AddRow(step.Name, step.Status, step.Seconds.ToString("0.0", inv), Markup.Escape(step.Summary));
        }

        console.Ansi.Write(table);
        console.Output.WriteLine($"{result.Summary} (run {result.RunId})");
    }
}
