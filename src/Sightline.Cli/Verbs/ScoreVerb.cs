using System.CommandLine;
using System.Globalization;
using Sightline.Models;
using Sightline.Models.Evaluation;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline score (--workspace DIR [--target T] [--as-of D] [--model ID] | --file F --label C [--exclude a,b]) [--folds 5] [--seed 42] [--json]</c>.</summary>
internal static class ScoreVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace(required: false);
        var target = new Option<string>("--target") { Description = "Known buyers: customers, best-customers or won-opportunities", DefaultValueFactory = _ => "customers" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Score with features as of this date (default: the feature table's date)" };
        var model = new Option<string?>("--model") { Description = "Score with this stored model instead of training (workspace), or write the trained model here (file)" };
        var file = new Option<string?>("--file") { Description = "Train and cross-validate on a flat file (one row per entity; delimited text or an .xlsx workbook) instead of a workspace" };
        var label = new Option<string?>("--label") { Description = "With --file: the label column (yes/no, 1/0, true/false, won/lost; other values with --positive)" };
        var positive = new Option<string?>("--positive") { Description = "With --file: the label value to predict when the label is not yes/no (e.g. '>50K'); every other value is the other class" };
        var exclude = new Option<string?>("--exclude") { Description = "With --file: comma-separated columns never used as inputs" };
        var id = new Option<string?>("--id") { Description = "With --file: the row id column (default: the row number)" };
        var output = new Option<string?>("--out") { Description = "With --file: where to write the out-of-fold scores (default: FILE-NAME.scores.csv here)" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed for folds and trees (same seed and data, same scores)", DefaultValueFactory = _ => 42 };
        var json = CommonOptions.Json();
        var command = new Command("score", """
            Lookalike propensity: a LightGBM model of known buyers against all other accounts, learned as
            positive-unlabelled data so the output is a probability of buying. Every account is scored out of
            fold; calibrated; banded (scoring.bands, default <4%, 4-30%, >30%); with reasons in words. The model
            is stored in the workspace and can score again without retraining (--model ID).
            With --file, cross-validates the same trainer on any flat file and prints its metrics.

            Examples:
              sightline score --workspace ./acme
              sightline score --workspace ./acme --target best-customers
              sightline score --workspace ./acme --model lookalike-20261201T101500-1a2b3
              sightline score --file bank.csv --label y --exclude duration --json
              sightline score --file adult.csv --label income --positive '>50K'
            """) { workspace, target, asOf, model, file, label, positive, exclude, id, output, folds, seed, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var workspacePath = parse.GetValue(workspace);
            var filePath = parse.GetValue(file);
            if ((workspacePath is null) == (filePath is null))
            {
                throw new BadInputException("arguments", "give either --workspace DIR or --file PATH");
            }

            var training = new PropensityOptions { Folds = parse.GetValue(folds), Seed = parse.GetValue(seed) };
            if (training.Folds is < 2 or > 20)
            {
                throw new BadInputException(new Diagnostic("arguments", null, "--folds", training.Folds.ToString(CultureInfo.InvariantCulture), "expected 2 to 20 folds"));
            }

            training = training with { Boosting = training.Boosting with { Seed = training.Seed } };
            if (filePath is not null)
            {
                var labelColumn = parse.GetValue(label) ?? throw new BadInputException("arguments", "--file needs --label COLUMN (the yes/no column to predict)");
                var result = FileScoring.Run(new FileScoringOptions
                {
                    Path = filePath,
                    Label = labelColumn,
                    Positive = parse.GetValue(positive),
                    Exclude = parse.GetValue(exclude)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
                    Id = parse.GetValue(id),
                    ScoresPath = parse.GetValue(output) ?? $"{Path.GetFileNameWithoutExtension(filePath)}.scores.csv",
                    ModelPath = parse.GetValue(model),
                    Training = training,
                });
                return console.Result(parse.GetValue(json), result, r => PrintFile(console, r));
            }

            using var ws = Workspace.Open(workspacePath!);
            var lookalike = LookalikeScoring.Run(ws, new LookalikeOptions
            {
                Target = LookalikeScoring.ParseTarget(parse.GetValue(target)!),
                AsOf = parse.GetValue(asOf),
                ModelId = parse.GetValue(model),
                Training = training with { PositiveUnlabelled = true },
            });
            return console.Result(parse.GetValue(json), lookalike, r => PrintLookalike(console, r));
        }));
        return command;
    }

    private static void PrintFile(CliConsole console, FileScoringResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"{result.File}: {Counted.Of(result.Rows, "row")}, {result.Positives:N0} positive ({(double)result.Positives / result.Rows:0.0%}), {result.Folds}-fold cross-validation, trained in {result.TrainingSeconds:0.0} s"));
        console.Output.WriteLine("inputs: " + string.Join(", ", result.Inputs));
        foreach (var note in result.Notes)
        {
            console.Output.WriteLine($"  note: {note}");
        }

        PrintMetrics(console, result.Metrics);
        console.Output.WriteLine(string.Create(inv, $"mean fold AUC {result.FoldAuc.Average():0.000} (folds: {string.Join(", ", result.FoldAuc.Select(a => a.ToString("0.000", inv)))})"));
        if (result.ScoresPath is not null)
        {
            console.Output.WriteLine($"out-of-fold scores: {result.ScoresPath}");
        }

        if (result.ModelPath is not null)
        {
            console.Output.WriteLine($"model: {result.ModelPath}");
        }
    }

    private static void PrintLookalike(CliConsole console, LookalikeResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Lookalike propensity ({result.Target}) as of {result.AsOf:yyyy-MM-dd}: {Counted.Of(result.Accounts, "account")}, {Counted.Of(result.Labelled, "known buyer")}; model {result.ModelId} ({(result.Trained ? "trained now, scores out of fold" : "stored, no retraining")}), {result.Seconds:0.0} s"));
        if (result.LabelFrequency is { } c && result.ClassPrior is { } prior)
        {
            console.Output.WriteLine(string.Create(inv,
                $"positive-unlabelled: about {c:0%} of buyer-like accounts are already known buyers (label frequency c); estimated buyer-like share of all accounts {prior:0.0%}; probabilities are for an account not yet a known buyer"));
        }

        console.Output.WriteLine("inputs: " + string.Join(", ", result.Inputs));
        PrintMetrics(console, result.Metrics);
        PrintBands(console, result.Bands);
        if (result.TopProspects.Count > 0)
        {
            console.Output.WriteLine("Top prospects (not yet buyers):");
            var top = new Table().AddColumns("account", "name", "probability", "band", "why");
            foreach (var a in result.TopProspects)
            {
                top.AddRow(Markup.Escape(a.AccountId), Markup.Escape(a.Name ?? ""), a.Probability.ToString("0.0%", inv), Markup.Escape(a.Band), Markup.Escape(string.Join("; ", a.Reasons)));
            }

            console.Ansi.Write(top);
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine($"  note: {note}");
        }
    }

    public static void PrintBands(CliConsole console, IReadOnlyList<BandRow> bands)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("band", "accounts", "share", "customers", "revenue 12m", "mean probability", "expected buyers");
        var total = Math.Max(1, bands.Sum(b => b.Accounts));
        foreach (var b in bands)
        {
            table.AddRow(Markup.Escape(b.Band), b.Accounts.ToString("N0", inv), ((double)b.Accounts / total).ToString("0.0%", inv), b.Customers.ToString("N0", inv),
                b.Revenue.ToString("N0", inv), b.MeanProbability.ToString("0.0%", inv), b.ExpectedBuyers.ToString("N0", inv));
        }

        console.Ansi.Write(table);
    }

    private static void PrintMetrics(CliConsole console, BinaryMetrics m)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"AUC {m.Auc:0.000}  PR-AUC {m.PrAuc:0.000}  Brier {m.Brier:0.0000}  log loss {m.LogLoss:0.0000}  base rate {m.BaseRate:0.0%}"));
        var table = new Table().AddColumns("decile", "rows", "positives", "mean predicted", "observed", "lift", "cumulative gain");
        foreach (var d in m.Deciles)
        {
            table.AddRow(d.Decile.ToString(inv), d.Count.ToString("N0", inv), d.Positives.ToString("N0", inv), d.MeanPredicted.ToString("0.0%", inv),
                d.ObservedRate.ToString("0.0%", inv), d.Lift.ToString("0.00", inv), d.CumulativeGain.ToString("0.0%", inv));
        }

        console.Ansi.Write(table);
    }
}
