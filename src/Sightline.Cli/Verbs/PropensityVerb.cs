using System.CommandLine;
using System.Globalization;
using Sightline.Models;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline propensity --workspace DIR [--days 90] [--as-of DATE] [--model ID] [--no-products] [--json]</c>.</summary>
internal static class PropensityVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var days = new Option<int?>("--days") { Description = "Window in days (default: scoring.window_days in sightline.yaml, 90)" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Score as of this date (default: the feature table's date)" };
        var model = new Option<string?>("--model") { Description = "Score with this stored window or product model instead of training" };
        var noProducts = new Option<bool>("--no-products") { Description = "Skip the per-family cross-sell models" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed for folds and trees", DefaultValueFactory = _ => 42 };
        var json = CommonOptions.Json();
        var command = new Command("propensity", """
            Time-window and cross-sell propensity, trained point in time: features as of one window before
            the scoring date, labels from the window after it. Gives every account the probability of any
            purchase in the next N days with the expected amount, and, per product family, the probability
            that an account not owning it buys it; with reasons. Models are stored (reuse with --model ID).

            Examples:
              sightline propensity --workspace ./acme
              sightline propensity --workspace ./acme --days 180 --no-products
            """) { workspace, days, asOf, model, noProducts, folds, seed, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var training = new PropensityOptions { Folds = parse.GetValue(folds), Seed = parse.GetValue(seed) };
            training = training with { Boosting = training.Boosting with { Seed = training.Seed } };
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = WindowPropensity.Run(ws, new WindowOptions
            {
                Days = parse.GetValue(days),
                AsOf = parse.GetValue(asOf),
                ModelId = parse.GetValue(model),
                Products = !parse.GetValue(noProducts),
                Training = training,
            });
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, WindowResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Propensity for the {Counted.Of(result.Days, "day")} after {result.AsOf:yyyy-MM-dd} (trained on features as of {result.Cutoff:yyyy-MM-dd} and what followed), {result.Seconds:0.0} s"));
        if (result.Purchase is { } p)
        {
            console.Output.WriteLine(string.Create(inv,
                $"Any purchase: {Counted.Of(p.Scored, "account")}, {p.ExpectedBuyers:N0} expected buyers, expected revenue {p.ExpectedRevenue:N0}; model {p.ModelId}{Quality(p)}"));
            ScoreVerb.PrintBands(console, p.Bands);
            var top = new Table().AddColumns("account", "name", "probability", "expected amount", "why");
            foreach (var a in p.Top)
            {
                top.AddRow(Markup.Escape(a.AccountId), Markup.Escape(a.Name ?? ""), a.Probability.ToString("0.0%", inv), (a.ExpectedAmount ?? 0).ToString("N0", inv),
                    Markup.Escape(string.Join("; ", a.Reasons)));
            }

            console.Ansi.Write(top);
        }

        if (result.Products.Count > 0)
        {
            var families = new Table().AddColumns("product family", "accounts not owning it", "expected buyers", "above 30%", "AUC", "best prospect", "why");
            foreach (var f in result.Products)
            {
                var best = f.Top.FirstOrDefault();
                families.AddRow(Markup.Escape(f.ProductFamily ?? ""), f.Scored.ToString("N0", inv), f.ExpectedBuyers.ToString("N0", inv),
                    f.Bands[^1].Accounts.ToString("N0", inv), f.Metrics is { } m ? m.Auc.ToString("0.000", inv) : "stored",
                    Markup.Escape(best is null ? "" : $"{best.Name ?? best.AccountId} ({best.Probability.ToString("0%", inv)})"),
                    Markup.Escape(best is null ? "" : string.Join("; ", best.Reasons.Take(2))));
            }

            console.Ansi.Write(families);
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine($"  note: {note}");
        }
    }

    private static string Quality(WindowModelResult model) => model.Metrics is { } m
        ? string.Create(CultureInfo.InvariantCulture, $" (out of fold on {(m.Count == model.TrainingRows ? "" : $"{m.Count:N0} of the ")}{Counted.Of(model.TrainingRows, "account")}: AUC {m.Auc:0.000}, Brier {m.Brier:0.0000})")
        : " (stored)";
}
