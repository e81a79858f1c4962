using System.CommandLine;
using System.Globalization;
using Sightline.Plans.Headcount;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline plan headcount --workspace DIR [--budget AMOUNT] [--json]</c>.</summary>
internal static class PlanHeadcountVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var budget = new Option<string?>("--budget") { Description = "Yearly budget for the planned reps: 12500000, 12.5M or $12.5M (default: today's cost, flat)" };
        var json = CommonOptions.Json();
        var command = new Command("headcount", """
            Recommends reps per region and role (the capacity-bound roles of coverage.models: field, inside,
            partner by default) within a yearly budget, by marginal expected revenue: in each region, a role's
            pool is the accounts whose best coverage is that role, and each extra rep covers its capacity of
            the next-best accounts not yet covered, so the return of each rep falls. CP-SAT picks the reps that
            maximise total expected revenue within the budget (rep costs differ). The table: potential, white
            space, coverage ratio, expected revenue now, with one rep more and one rep less, return per rep
            (what the next rep adds / its cost) and the recommended change, with the reason. Needs a potential
            run. Writes plan_headcount.

            Examples:
              sightline plan headcount --workspace ./acme
              sightline plan headcount --workspace ./acme --budget 4.5M --json
            """) { workspace, budget, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var text = parse.GetValue(budget);
            decimal? amount = text is null ? null : HeadcountBudget.Parse(text);
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = HeadcountPlan.Run(ws, amount);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, HeadcountResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Headcount within {result.Budget:N0} a year{(result.BudgetIsFlat ? " (flat: today's cost)" : "")}: {Counted.Of(result.Rows.Sum(r => r.RepsNow), "rep")} now costing {result.CostNow:N0}, {result.Rows.Sum(r => r.Recommended):N0} recommended costing {result.CostRecommended:N0}; expected revenue {result.RevenueNow:N0} now, {result.RevenueRecommended:N0} with the recommendation ({result.Method})"));
        var table = new Table().AddColumns("region", "role", "reps now", "potential", "white space", "pool", "coverage", "revenue now", "one more", "one less",
            "return per rep", "recommended", "change", "why");
        foreach (var r in result.Rows)
        {
            table.AddRow(Markup.Escape(r.Region), Markup.Escape(r.Role), r.RepsNow.ToString("N0", inv), r.Potential.ToString("N0", inv), r.WhiteSpace.ToString("N0", inv),
                r.PoolAccounts.ToString("N0", inv), r.CoverageRatio is { } c ? c.ToString("0%", inv) : "-", r.RevenueNow.ToString("N0", inv), r.RevenueOneMore.ToString("N0", inv),
                r.RevenueOneLess is { } l ? l.ToString("N0", inv) : "-", r.ReturnPerRep is { } p ? p.ToString("0.00", inv) : "-", r.Recommended.ToString("N0", inv),
                r.Change.ToString("+0;-0;0", inv), Markup.Escape(r.Reason));
        }

        console.Ansi.Write(table);
        var regions = new Table().AddColumns("region", "potential", "reps now", "recommended");
        foreach (var r in result.Regions)
        {
            regions.AddRow(Markup.Escape(r.Region), r.Potential.ToString("N0", inv), r.RepsNow.ToString("N0", inv), r.RecommendedReps.ToString("N0", inv));
        }

        console.Ansi.Write(regions);
        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
