using System.CommandLine;
using System.Globalization;
using Sightline.Plans.Coverage;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline plan coverage --workspace DIR [--json]</c>.</summary>
internal static class PlanCoverageVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var command = new Command("coverage", """
            Gives every account the coverage model (coverage.models in sightline.yaml: field, inside, partner,
            digital by default, or none) that maximises total expected margin: expected value x the model's
            effectiveness x coverage.margin_rate - its yearly cost to serve, within each rep role's capacity
            (the sum of its reps' capacity_accounts). Accounts in coverage.pinned keep their model and use
            capacity first. Solved exactly as a min-cost flow (OR-Tools). Compares with today's coverage (the
            owner rep's role) and lists over-covered accounts (coverage costing more than the margin it
            realises) and under-covered ones (high potential, no or digital-only coverage). Needs a potential
            run. Writes plan_coverage.

            Examples:
              sightline plan coverage --workspace ./acme
              sightline plan coverage --workspace ./acme --json
            """) { workspace, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = CoveragePlan.Run(ws);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, CoveragePlanResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var gain = result.Margin - result.CurrentMargin;
        console.Output.WriteLine(string.Create(inv,
            $"Coverage for {Counted.Of(result.Accounts, "account")} ({result.ExpectedValue:N0} expected a year, margin rate {result.MarginRate:0.#%}): expected margin {result.Margin:N0} versus {result.CurrentMargin:N0} with today's coverage ({gain:+#,0;-#,0;0}); {Counted.Of(result.Changed, "account")} {Counted.Agree(result.Changed, "changes", "change")} model, {result.Pinned:N0} pinned; {result.Method}"));
        console.Output.WriteLine(string.Create(inv, $"greedy baseline (biggest gains first): {result.GreedyMargin:N0}"));
        var models = new Table().AddColumns("model", "role", "cost to serve", "effectiveness", "accounts", "realised value", "cost", "margin", "accounts today", "margin today");
        foreach (var m in result.Models)
        {
            models.AddRow(Markup.Escape(m.Model), Markup.Escape(m.Role), m.CostToServe.ToString("N0", inv), m.Effectiveness.ToString("0%", inv), m.Accounts.ToString("N0", inv),
                m.RealisedValue.ToString("N0", inv), m.Cost.ToString("N0", inv), m.Margin.ToString("N0", inv), m.CurrentAccounts.ToString("N0", inv), m.CurrentMargin.ToString("N0", inv));
        }

        console.Ansi.Write(models);
        var roles = new Table().AddColumns("role", "reps", "capacity", "pinned", "used", "owned today");
        foreach (var r in result.Roles)
        {
            roles.AddRow(Markup.Escape(r.Role), r.Reps.ToString("N0", inv), r.Capacity is { } c ? c.ToString("N0", inv) : "unlimited", r.Pinned.ToString("N0", inv),
                r.Used.ToString("N0", inv), r.CurrentAccounts.ToString("N0", inv));
        }

        console.Ansi.Write(roles);
        foreach (var (title, count, flags) in new[] { ("over-covered", result.OverCoveredCount, result.OverCovered), ("under-covered", result.UnderCoveredCount, result.UnderCovered) })
        {
            console.Output.WriteLine(string.Create(inv, $"{title}: {Counted.Of(count, "account")}{(count > flags.Count ? $" (first {flags.Count} shown; all flagged in plan_coverage)" : "")}"));
            if (flags.Count == 0)
            {
                continue;
            }

            var table = new Table().AddColumns("account", "region", "expected value", "today", "margin today", "plan", "margin", "why");
            foreach (var f in flags)
            {
                table.AddRow(Markup.Escape($"{f.AccountId} {f.Name}"), Markup.Escape(f.Region), f.ExpectedValue.ToString("N0", inv), Markup.Escape(f.CurrentModel),
                    f.CurrentMargin.ToString("N0", inv), Markup.Escape(f.Model), f.Margin.ToString("N0", inv), Markup.Escape(f.Reason));
            }

            console.Ansi.Write(table);
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
