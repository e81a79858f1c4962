using System.CommandLine;
using Sightline.Demo;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline demo [--workspace DIR] [--accounts N] [--seed S]</c>.</summary>
internal static class DemoVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = new Option<string>("--workspace", "-w") { Description = "Folder for the demo workspace", DefaultValueFactory = _ => "./demo" };
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the demo world", DefaultValueFactory = _ => 25_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same world)", DefaultValueFactory = _ => 42 };
        var json = CommonOptions.Json();
        var command = new Command("demo", """
            Generate a realistic B2B world (accounts, contacts, products, 3 years of orders, opportunities,
            touchpoints, reps, territories, with its hidden truth in demo_truth), import it through the
            normal import path and run every pipeline step. Rebuilds an earlier demo in the same folder.

            Examples:
              sightline demo
              sightline demo --workspace /tmp/big --accounts 250000 --seed 7
            """) { workspace, accounts, seed, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var options = new DemoOptions(parse.GetValue(accounts), parse.GetValue(seed));
            if (options.Accounts < DemoOptions.MinAccounts)
            {
                throw new BadInputException(new Diagnostic("--accounts", null, null, options.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"a demo world needs at least {DemoOptions.MinAccounts} accounts"));
            }

            var summary = console.WithProgress("demo", update =>
                DemoPipeline.Run(parse.GetValue(workspace)!, options, new Progress<(string Step, double Fraction)>(p => update(p.Step, p.Fraction))));
            if (parse.GetValue(json))
            {
                console.WriteJson(summary);
                return ExitCodes.Ok;
            }

            console.Output.WriteLine($"Sightline demo: {summary.Accounts:N0} accounts (seed {summary.Seed}) in {summary.Workspace}");
            console.Output.WriteLine($"Generated files: {summary.InputDirectory}");
            ImportVerb.Print(console, summary.Import);
            console.Output.WriteLine($"Customers: {summary.Customers:N0} of {summary.Accounts:N0} accounts ({(double)summary.Customers / summary.Accounts:P1}); "
                + $"order revenue {summary.Revenue:N0} from {summary.DataFrom:yyyy-MM-dd} to {summary.DataTo:yyyy-MM-dd}");
            console.Output.WriteLine($"Data quality: {summary.QualityScore:0}/100" + (summary.TopQualityIssues.Count > 0 ? $"; biggest problems: {string.Join("; ", summary.TopQualityIssues)}" : ""));
            console.Output.WriteLine($"Features as of {summary.Features.AsOf:yyyy-MM-dd}: {summary.Features.Columns.Count} columns per account in account_features");
            var bands = string.Join(", ", summary.Tiers.Bands.Select((b, i) => $"{b} {summary.Tiers.Total.Cells[i].Accounts:N0}").Where((_, i) => summary.Tiers.Total.Cells[i].Accounts > 0));
            console.Output.WriteLine($"Size bands: {bands}");
            SegmentsVerb.Print(console, summary.Segments);
            console.Output.WriteLine($"Behavioural clusters (k = {summary.Clusters.Count}, silhouette {summary.ClusterSilhouette:0.000}):");
            foreach (var cluster in summary.Clusters)
            {
                console.Output.WriteLine($"  {cluster.Id}. {cluster.Label} ({cluster.Size:N0} accounts): {cluster.Profile}");
            }

            if (summary.LastQuarter is { } q)
            {
                console.Output.WriteLine($"Revenue bridge, quarter of {q.Period:yyyy-MM}: previous {q.Previous:N0} + new {q.New:N0} + expansion {q.Expansion:N0} + reactivated {q.Reactivated:N0} "
                    + $"- contraction {q.Contraction:N0} - churned {q.Churned:N0} = {q.Current:N0} ({q.NewCustomers:N0} new, {q.ChurnedCustomers:N0} churned customers)");
            }

            var scoring = summary.Scoring;
            console.Output.WriteLine($"Lookalike propensity (customers as known buyers, out of fold): AUC {scoring.Metrics.Auc:0.000}; probability bands:");
            ScoreVerb.PrintBands(console, scoring.Bands);
            var questions = summary.Questionnaire;
            console.Output.WriteLine($"Rep questionnaire for the band: {questions.Questions} questions, held-out accuracy {questions.Accuracy:0.0%} against {questions.BaselineAccuracy:0.0%} "
                + $"for always answering \"{questions.BaselineClass}\" (sightline questionnaire --workspace {parse.GetValue(workspace)} --for bands prints it)");
            if (summary.Propensity.Purchase is { } window)
            {
                console.Output.WriteLine($"Next {summary.Propensity.Days} days: {window.ExpectedBuyers:N0} expected buyers, expected revenue {window.ExpectedRevenue:N0} (AUC {window.Metrics?.Auc:0.000}); "
                    + "cross-sell: " + string.Join(", ", summary.Propensity.Products.Select(p => $"{p.ProductFamily} {p.ExpectedBuyers:N0}")));
            }

            var potential = summary.Potential;
            console.Output.WriteLine($"Potential (P75 of peers' spend per employee): TAM {potential.Tam:N0}, current spend {potential.CurrentSpend:N0}, white space {potential.WhiteSpace:N0}; "
                + "by region: " + string.Join(", ", potential.RollUp.Select(r => $"{r.Group} {r.WhiteSpace:N0}")));
            console.Output.WriteLine("Top markets by white space: " + string.Join("; ", summary.TopMarkets.Select(m => $"{m.Market} {m.WhiteSpace:N0} ({m.Penetration:0%} penetrated)")));
            var clv = summary.Clv;
            console.Output.WriteLine($"Lifetime value (BG/NBD r {clv.BgNbd.Parameters.R:0.###}, alpha {clv.BgNbd.Parameters.Alpha:0.###}, a {clv.BgNbd.Parameters.A:0.###}, b {clv.BgNbd.Parameters.B:0.###} per week): "
                + $"{clv.TotalExpectedPurchases:N0} expected purchases and {clv.TotalClv:N0} discounted margin over the next 12 months from {clv.Customers:N0} customers");
            PrintPlans(console, summary.Plans);
            console.Output.WriteLine("Steps: " + string.Join(", ", summary.Steps.Select(s => $"{s.Name} {s.Seconds:0.0}s")));
            console.Output.WriteLine($"Next: sightline score --workspace {parse.GetValue(workspace)} (prospects and reasons), sightline quality --workspace {parse.GetValue(workspace)} --html quality.html");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void PrintPlans(CliConsole console, DemoPlans plans)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var coverage = plans.Coverage;
        console.Output.WriteLine(string.Create(inv,
            $"Coverage: expected margin {coverage.Margin:N0} against {coverage.CurrentMargin:N0} with today's coverage ({coverage.Changed:N0} accounts change model; {coverage.OverCoveredCount:N0} over-covered, {coverage.UnderCoveredCount:N0} under-covered)"));
        var heads = plans.Headcount;
        console.Output.WriteLine(string.Create(inv,
            $"Headcount within {heads.Budget:N0} a year{(heads.BudgetIsFlat ? " (today's cost)" : "")}: {heads.Rows.Sum(r => r.RepsNow):N0} planned reps today, {heads.Rows.Sum(r => r.Recommended):N0} recommended; expected revenue {heads.RevenueNow:N0} -> {heads.RevenueRecommended:N0}"));
        var scenarios = plans.Territories.Scenarios.ToDictionary(x => x.Name, StringComparer.Ordinal);
        if (scenarios.TryGetValue("balanced", out var balanced) && scenarios.TryGetValue("today", out var today) && scenarios.TryGetValue("naive", out var naive))
        {
            console.Output.WriteLine(string.Create(inv,
                $"Territories ({plans.Territories.Count:N0}): balanced plan's potential CV {balanced.PotentialCv:0.000} against {today.PotentialCv:0.000} today and {naive.PotentialCv:0.000} for a naive split, with {balanced.DisruptionShare:0.0%} of revenue changing rep ({balanced.AccountsMoved:N0} accounts move)"));
        }

        var quotas = plans.Quotas;
        console.Output.WriteLine(string.Create(inv,
            $"Quotas: target {quotas.Target:N0} (last year {quotas.LastYear:N0} + {DemoPipeline.QuotaGrowth:0%}) over {quotas.Reps.Count:N0} reps") + (quotas.Fairness is { } f ? "; " + f.Summary : ""));
        var lists = plans.Lists;
        console.Output.WriteLine(string.Create(inv,
            $"Rep lists: {lists.Listed:N0} accounts on {lists.Reps.Count(r => r.Listed > 0):N0} reps' lists; {lists.HeldOut:N0} of {lists.Candidates:N0} recommended accounts held out to measure the lift"));
        console.Output.WriteLine("Exports: " + string.Join(", ", plans.Export.Files.Select(f => f.Path)));
        console.Output.WriteLine("Where the money is, the heads to chase it and the quota they carry:");
        var table = new Table().AddColumns("region", "accounts", "potential", "white space", "heads now", "heads planned", "last year", "quota");
        foreach (var r in plans.Headline)
        {
            table.AddRow(Markup.Escape(r.Region), r.Accounts.ToString("N0", inv), r.Potential.ToString("N0", inv), r.WhiteSpace.ToString("N0", inv),
                r.RepsNow.ToString("N0", inv), r.RepsRecommended.ToString("N0", inv), r.LastYear.ToString("N0", inv), r.Quota.ToString("N0", inv));
        }

        console.Ansi.Write(table);
    }
}
