using System.CommandLine;
using Sightline.Demo;
using Sightline.Demo.Replay;
using Sightline.Plans.Lists;
using Sightline.Plans.Territories;
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
        var noReplay = new Option<bool>("--no-replay") { Description = "Skip the replay of the next day's touchpoints through the server" };
        var json = CommonOptions.Json();
        var command = new Command("demo", """
            Generate a realistic B2B world (accounts, contacts, products, 3 years of orders, opportunities,
            touchpoints, reps, territories, with its hidden truth in demo_truth), import it through the
            normal import path and run every pipeline step. Rebuilds an earlier demo in the same folder.
            Then it replays the next day: it starts the server on a free loopback port, signs in as an
            integration user (demo-integration, an admin it creates), posts the day's touchpoints through
            POST /api/touchpoints and prints how many accounts changed segment, where inbound calls were
            routed and why customers called (--no-replay skips it).

            Examples:
              sightline demo
              sightline demo --workspace /tmp/big --accounts 250000 --seed 7
            """) { workspace, accounts, seed, noReplay, json };
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
            if (!parse.GetValue(noReplay))
            {
                summary = summary with { Replay = console.WithProgress("replay", update => DemoReplayHost.Run(summary.Workspace, options.Seed)) };
            }

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
                console.Output.WriteLine(ClusterLine(cluster));
            }

            if (summary.LastQuarter is { } q)
            {
                console.Output.WriteLine($"Revenue bridge, quarter of {q.Period:yyyy-MM}: previous {q.Previous:N0} + new {q.New:N0} + expansion {q.Expansion:N0} + reactivated {q.Reactivated:N0} "
                    + $"- contraction {q.Contraction:N0} - churned {q.Churned:N0} = {q.Current:N0} ({q.NewCustomers:N0} new, {Counted.Of(q.ChurnedCustomers, "churned customer")})");
            }

            var scoring = summary.Scoring;
            console.Output.WriteLine($"Lookalike propensity (customers as known buyers, out of fold): AUC {scoring.Metrics.Auc:0.000}; probability bands:");
            ScoreVerb.PrintBands(console, scoring.Bands);
            var questions = summary.Questionnaire;
            console.Output.WriteLine($"Rep questionnaire for the band: {Counted.Of(questions.Questions, "question")}, held-out accuracy {questions.Accuracy:0.0%} against {questions.BaselineAccuracy:0.0%} "
                + $"for always answering \"{questions.BaselineClass}\" (sightline questionnaire --workspace {parse.GetValue(workspace)} --for bands prints it)");
            PrintWindow(console, summary.Propensity);

            var reasons = summary.ContactReasons.Metrics;
            console.Output.WriteLine($"Reason for contact (renewal, support, new purchase, upgrade) from {Counted.Of(summary.ContactReasons.Labels.Values.Sum(), "labelled inbound touch", "labelled inbound touches")}: "
                + $"out-of-sample accuracy {reasons.Model.Accuracy:0.0%} (macro-F1 {reasons.Model.MacroF1:0.000}) against {reasons.Rules.Accuracy:0.0%} for hand-written rules "
                + $"and {reasons.Majority.Accuracy:0.0%} for always \"{reasons.MajorityReason}\"");
            var potential = summary.Potential;
            console.Output.WriteLine($"Potential (P75 of peers' spend per employee): TAM {potential.Tam:N0}, current spend {potential.CurrentSpend:N0}, white space {potential.WhiteSpace:N0}; "
                + "by region: " + string.Join(", ", potential.RollUp.Select(r => $"{r.Group} {r.WhiteSpace:N0}")));
            console.Output.WriteLine("Top markets by white space: " + string.Join("; ", summary.TopMarkets.Select(m => $"{m.Market} {m.WhiteSpace:N0} ({m.Penetration:0%} penetrated)")));
            var clv = summary.Clv;
            console.Output.WriteLine($"Lifetime value (BG/NBD {clv.BgNbd.ParametersText}, per week): "
                + $"{clv.TotalExpectedPurchases:N0} expected purchases and {clv.TotalClv:N0} discounted margin over the next 12 months from {clv.Customers:N0} customers");
            PrintPlans(console, summary.Plans);
            console.Output.WriteLine("Steps: " + string.Join(", ", summary.Steps.Select(s => $"{s.Name} {s.Seconds:0.0}s")));
            if (summary.Replay is { } replay)
            {
                PrintReplay(console, replay);
            }

            console.Output.WriteLine($"Next: sightline score --workspace {parse.GetValue(workspace)} (prospects and reasons), sightline quality --workspace {parse.GetValue(workspace)} --html quality.html");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The next window's expected buyers and, per product family, the cross-sell; or why there is no cross-sell.</summary>
    internal static void PrintWindow(CliConsole console, Models.WindowResult propensity)
    {
        if (propensity.Purchase is not { } window)
        {
            return;
        }

        console.Output.WriteLine($"Next {propensity.Days} days: {window.ExpectedBuyers:N0} expected buyers, expected revenue {window.ExpectedRevenue:N0} (AUC {window.Metrics?.Auc:0.000}); "
            + CrossSell(propensity));
    }

    private static string CrossSell(Models.WindowResult propensity)
    {
        if (propensity.Products.Count > 0)
        {
            return "cross-sell: " + string.Join(", ", propensity.Products.Select(p => $"{p.ProductFamily} {p.ExpectedBuyers:N0}"));
        }

        // Each family skipped for too few buyers leaves a note beginning with its name (WindowPropensity.Train).
        var skipped = propensity.Notes.Count(n => n.StartsWith("product family ", StringComparison.Ordinal));
        return skipped > 0
            ? $"no cross-sell model: {(skipped == 1 ? "the one product family" : $"each of the {skipped} product families")} had too few buyers in the {propensity.Days} days after {propensity.Cutoff:yyyy-MM-dd} to learn from"
            : "no cross-sell model: no product names a family (the family column of products)";
    }

    /// <summary>A behavioural cluster as the demo lists it: id, label, size and profile.</summary>
    internal static string ClusterLine(DemoCluster cluster) => $"  {cluster.Id}. {cluster.Label} ({Counted.Of(cluster.Size, "account")}): {cluster.Profile}";

    /// <summary>The replayed day: events, segment changes, routes of inbound calls, predicted reasons and a few contacts in words.</summary>
    internal static void PrintReplay(CliConsole console, DemoReplaySummary replay)
    {
        string List(IReadOnlyList<DemoReplayCount> counts, int top = 6) =>
            counts.Count == 0 ? "none" : string.Join(", ", counts.Take(top).Select(c => $"{c.Label} {c.Count:N0}")) + (counts.Count > top ? ", ..." : "");

        console.Output.WriteLine($"Replay of {replay.Day:yyyy-MM-dd} through POST /api/touchpoints: {Counted.Of(replay.Sent, "event")} sent, {replay.Appended:N0} appended, "
            + $"{Counted.Of(replay.Duplicates, "duplicate")} (not applied again){(replay.NotAnswered > 0 ? $", {replay.NotAnswered:N0} logged but not answered by their grain" : "")}; "
            + $"{Counted.Of(replay.Accounts.Count, "account")} touched");
        console.Output.WriteLine($"  Accounts that changed segment: {replay.AccountsChanged:N0} ({replay.AccountsEntered:N0} entered a segment, {replay.AccountsExited:N0} left one); "
            + $"moved into: {List(replay.SegmentsEntered)}; left: {List(replay.SegmentsExited)}");
        if (replay.AssignedMoves.Count > 0)
        {
            console.Output.WriteLine($"  Assigned segment moves: {List(replay.AssignedMoves, 4)}");
        }

        console.Output.WriteLine($"  Inbound calls routed ({replay.InboundCalls:N0}): {List(replay.CallRoutes)}; every inbound contact: {List(replay.InboundRoutes)}");
        console.Output.WriteLine($"  Predicted reasons for inbound contacts: {List(replay.ContactReasons)}");
        foreach (var example in replay.Examples)
        {
            console.Output.WriteLine($"  {example.AccountId}{(example.AccountName is { } name ? $" {name}" : "")}: {example.Touch}");
            console.Output.WriteLine($"    {example.Reason}");
            console.Output.WriteLine($"    routed to {example.Route}");
            console.Output.WriteLine($"    next: {example.NextBestAction}");
            if (example.SegmentChange is { } change)
            {
                console.Output.WriteLine($"    {change}");
            }
        }
    }

    /// <summary>The coverage plan's line: expected margin against today's, and how many accounts change model.</summary>
    internal static string CoverageLine(Plans.Coverage.CoveragePlanResult coverage) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Coverage: expected margin {coverage.Margin:N0} against {coverage.CurrentMargin:N0} with today's coverage ({Counted.Of(coverage.Changed, "account")} {Counted.Agree(coverage.Changed, "changes", "change")} model; {coverage.OverCoveredCount:N0} over-covered, {coverage.UnderCoveredCount:N0} under-covered)");

    /// <summary>
    /// The territory plans' line: the balanced plan's spread of potential against today's and a naive split's, and what it
    /// moves. Territories are balanced within their group (region, and role where the plan keeps roles apart): with one
    /// territory a group there is no spread, and the line says so instead of three CVs of 0.
    /// </summary>
    internal static string TerritoriesLine(int territories, int groups, string groupedBy, TerritoryScenario balanced, TerritoryScenario today, TerritoryScenario naive)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var moved = string.Create(inv, $"{balanced.DisruptionShare:0.0%} of revenue changing rep ({Counted.Of(balanced.AccountsMoved, "account")} {Counted.Agree(balanced.AccountsMoved, "moves", "move")})");
        return territories == groups
            ? string.Create(inv, $"Territories ({territories:N0}): one per {groupedBy}, so there is no spread of potential to balance between them; {moved}")
            : string.Create(inv, $"Territories ({territories:N0}): balanced plan's potential CV {balanced.PotentialCv:0.000} against {today.PotentialCv:0.000} today and {naive.PotentialCv:0.000} for a naive split, with {moved}");
    }

    /// <summary>The rep lists' line: accounts listed, on how many reps' lists, and the holdout.</summary>
    internal static string RepListsLine(RepListsResult lists)
    {
        var reps = lists.Reps.Count(r => r.Listed > 0);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Rep lists: {Counted.Of(lists.Listed, "account")} on {(reps == 1 ? "1 rep's list" : $"{reps:N0} reps' lists")}; "
            + $"{lists.HeldOut:N0} of {Counted.Of(lists.Candidates, "recommended account")} held out to measure the lift");
    }

    private static void PrintPlans(CliConsole console, DemoPlans plans)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        console.Output.WriteLine(CoverageLine(plans.Coverage));
        var heads = plans.Headcount;
        console.Output.WriteLine(string.Create(inv,
            $"Headcount within {heads.Budget:N0} a year{(heads.BudgetIsFlat ? " (today's cost)" : "")}: {Counted.Of(heads.Rows.Sum(r => r.RepsNow), "planned rep")} today, {heads.Rows.Sum(r => r.Recommended):N0} recommended; expected revenue {heads.RevenueNow:N0} -> {heads.RevenueRecommended:N0}"));
        var scenarios = plans.Territories.Scenarios.ToDictionary(x => x.Name, StringComparer.Ordinal);
        if (scenarios.TryGetValue("balanced", out var balanced) && scenarios.TryGetValue("today", out var today) && scenarios.TryGetValue("naive", out var naive))
        {
            var plan = plans.Territories;
            var groups = plan.Territories.Where(t => t.Scenario == "balanced").Select(t => (plan.WithinRegion ? t.Region : "", plan.WithinRole ? t.Role : "")).Distinct().Count();
            var groupedBy = (plan.WithinRegion, plan.WithinRole) switch { (true, true) => "region and role", (true, false) => "region", (false, true) => "role", _ => "plan" };
            console.Output.WriteLine(TerritoriesLine(plan.Count, groups, groupedBy, balanced, today, naive));
        }

        var quotas = plans.Quotas;
        console.Output.WriteLine(string.Create(inv,
            $"Quotas: target {quotas.Target:N0} (last year {quotas.LastYear:N0} + {DemoPipeline.QuotaGrowth:0%}) over {Counted.Of(quotas.Reps.Count, "rep")}") + (quotas.Fairness is { } f ? "; " + f.Summary : ""));
        var lists = plans.Lists;
        console.Output.WriteLine(RepListsLine(plans.Lists));
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
