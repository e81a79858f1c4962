using System.CommandLine;
using System.Globalization;
using Sightline.Plans.Quotas;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline plan quotas --workspace DIR --target AMOUNT [--json]</c>.</summary>
internal static class PlanVerb
{
    public static Command Create(CliConsole console)
    {
        var plan = new Command("plan", "Plans built on the analysis: quotas, coverage, headcount, territories, handover.");
        plan.Subcommands.Add(CreateQuotas(console));
        plan.Subcommands.Add(PlanCoverageVerb.Create(console));
        plan.Subcommands.Add(PlanHeadcountVerb.Create(console));
        plan.Subcommands.Add(PlanTerritoriesVerb.Create(console));
        plan.Subcommands.Add(PlanHandoverVerb.Create(console));
        return plan;
    }

    private static Command CreateQuotas(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var target = new Option<string>("--target") { Description = "The company target: 12500000, 12,500,000.00, 12.5M or $12.5M", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("quotas", """
            Spreads a company target over reps (and so territories and regions) by a blend of each rep's share
            of last year's revenue and of account potential (quotas.history_weight, quotas.potential_weight),
            keeping each change versus last year within quotas.floor_change..quotas.cap_change and saying so
            when the target makes that impossible. Quotas sum to the target exactly, to the cent. Reports
            fairness (quota / potential across reps). Needs a potential run. Writes plan_quotas.

            Examples:
              sightline plan quotas --workspace ./acme --target 12.5M
              sightline plan quotas --workspace ./acme --target '$12,500,000.00' --json
            """) { workspace, target, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var amount = QuotaTarget.Parse(parse.GetValue(target));
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = QuotaPlan.Run(ws, amount);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, QuotaPlanResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Quotas for a target of {result.Target:N2} over {Counted.Of(result.Reps.Count, "rep")} (last year {result.LastYear:N2}, potential {result.Potential:N2}); blend {result.HistoryWeight:0.##} history + {result.PotentialWeight:0.##} potential, change kept within {result.FloorChange:+0%;-0%} .. {result.CapChange:+0%}"));
        var reps = new Table().AddColumns("rep", "name", "region", "territory", "last year", "potential", "quota", "uplift", "change", "quota/potential", "clamped");
        foreach (var r in result.Reps)
        {
            reps.AddRow(Markup.Escape(r.RepId), Markup.Escape(r.Name), Markup.Escape(r.Region), Markup.Escape(r.Territory), r.LastYear.ToString("N2", inv),
                r.Potential.ToString("N0", inv), r.Quota.ToString("N2", inv), r.Uplift.ToString("N2", inv), r.Change is { } c ? c.ToString("+0.0%;-0.0%", inv) : "-",
                r.QuotaToPotential is { } q ? q.ToString("0.###", inv) : "-", r.Clamped);
        }

        console.Ansi.Write(reps);
        foreach (var (level, rows) in new[] { ("region", result.Regions), ("territory", result.Territories) })
        {
            var table = new Table().AddColumns(level, "reps", "last year", "potential", "quota");
            foreach (var g in rows)
            {
                table.AddRow(Markup.Escape(g.Key), g.Reps.ToString("N0", inv), g.LastYear.ToString("N2", inv), g.Potential.ToString("N0", inv), g.Quota.ToString("N2", inv));
            }

            console.Ansi.Write(table);
        }

        if (result.Fairness is { } f)
        {
            console.Output.WriteLine("fairness: " + f.Summary);
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
