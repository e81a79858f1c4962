using System.CommandLine;
using System.Globalization;
using Sightline.Plans.Territories;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline plan territories --workspace DIR [--count N] [--json]</c>.</summary>
internal static class PlanTerritoriesVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var count = new Option<int?>("--count") { Description = "Territories to draw (default: today's number); new ones get no rep, fewer merge the lightest" };
        var json = CommonOptions.Json();
        var command = new Command("territories", """
            Redraws territories so each carries about its group's mean load (potential and workload blended by
            territories.potential_weight and territories.workload_weight) within territories.tolerance, starting
            from today's assignment so few accounts change rep, keeping territories compact (km to the centre) and
            locked accounts (territories.locked) where they are. A group is a region's territories of one coverage
            role (the rep's role: field, inside, digital, partner): a field territory is balanced against its
            region's field territories, never against a digital one, and an account stays with its role (today's
            territory's, else its owner rep's). territories.within_region: false plans across regions,
            territories.within_role: false across roles. Solves each group with an OR-Tools LP (potential and workload
            each within the tolerance; the gap to its lower bound is reported) or, for groups of more than
            territories.lp_max_accounts accounts, a min-cost flow and single-account moves. Shows the scenarios (territories.scenarios: minimal_disruption, balanced, compact)
            side by side with today and a naive equal-count split: potential and workload CV and max/min,
            disruption (share of 12-month revenue that changes rep), compactness and accounts moved.
            Needs features and a potential run. Writes plan_territories (every account, every scenario, with
            the reason for each move).

            Examples:
              sightline plan territories --workspace ./acme
              sightline plan territories --workspace ./acme --count 24 --json
            """) { workspace, count, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var n = parse.GetValue(count);
            if (n is <= 0)
            {
                throw new BadInputException(new Diagnostic("--count", null, null, n.Value.ToString(CultureInfo.InvariantCulture), "expected 1 or more territories"));
            }

            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = TerritoryPlan.Run(ws, n);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, TerritoryPlanResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Territories: {Counted.Of(result.Accounts, "account")} into {Counted.Of(result.Count, "territory", "territories")} ({result.TodayCount} today){(result.WithinRegion, result.WithinRole) switch { (true, true) => ", each within one region and coverage role", (true, false) => ", each within one region", (false, true) => ", each within one coverage role", _ => "" }}; load = {result.PotentialWeight:0.##} potential + {result.WorkloadWeight:0.##} workload, tolerance ±{result.Tolerance:0.#%}; {Counted.Of(result.Locked, "locked account")}"));
        var table = new Table().AddColumns("scenario", "load CV", "potential CV", "max/min", "workload CV", "max/min", "disruption", "km to centre", "moved", "outside tol.");
        foreach (var s in result.Scenarios)
        {
            table.AddRow(s.Name, s.LoadCv.ToString("0.###", inv), s.PotentialCv.ToString("0.###", inv), s.PotentialMaxMin?.ToString("0.##", inv) ?? "-", s.WorkloadCv.ToString("0.###", inv),
                s.WorkloadMaxMin?.ToString("0.##", inv) ?? "-", s.DisruptionShare.ToString("0.00%", inv), s.CompactnessKm.ToString("N0", inv), s.AccountsMoved.ToString("N0", inv),
                s.OutsideTolerance.ToString(inv));
        }

        console.Ansi.Write(table);
        foreach (var s in result.Scenarios)
        {
            console.Output.WriteLine($"{s.Name}: {s.Description}. Method: {s.Method}.");
        }

        foreach (var scenario in result.Scenarios.Skip(2).Select(s => s.Name))
        {
            var territories = new Table().AddColumns("territory", "region", "role", "rep", "accounts", "potential", "workload", "load vs group mean", "km to centre");
            foreach (var t in result.Territories.Where(t => t.Scenario == scenario))
            {
                territories.AddRow(Markup.Escape(t.TerritoryId), Markup.Escape(t.Region), Markup.Escape(t.Role), Markup.Escape(t.RepName ?? (t.IsNew ? "(new: no rep yet)" : "(none)")),
                    t.Accounts.ToString("N0", inv), t.Potential.ToString("N0", inv), t.Workload.ToString("N0", inv), t.Load.ToString("0%", inv), t.MeanDistanceKm.ToString("N0", inv));
            }

            console.Output.WriteLine($"{scenario}:");
            console.Ansi.Write(territories);
            var moves = new Table().AddColumns("account", "from", "to", "revenue 12m", "reason");
            foreach (var m in result.TopMoves.Where(m => m.Scenario == scenario))
            {
                moves.AddRow(Markup.Escape(m.AccountId), Markup.Escape(m.FromTerritory ?? "-"), Markup.Escape(m.ToTerritory), m.Revenue.ToString("N0", inv), Markup.Escape(m.Reason));
            }

            if (moves.Rows.Count > 0)
            {
                console.Output.WriteLine($"{scenario}: the moves with the most revenue (all moves are in plan_territories):");
                console.Ansi.Write(moves);
            }
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
