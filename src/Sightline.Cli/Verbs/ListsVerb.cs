using System.CommandLine;
using System.Globalization;
using Sightline.Plans.Lists;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline lists --workspace DIR [--rep ID] [--json]</c>.</summary>
internal static class ListsVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var rep = new Option<string?>("--rep") { Description = "Show one rep's list (all reps' lists are still built and stored)" };
        var json = CommonOptions.Json();
        var command = new Command("lists", """
            Rep action lists: per account its best action by value (cross-sell: the product family with the most
            propensity x white space; up-sell: white space x next-window probability; prospect: opportunity value;
            at-risk: revenue at stake when orders lapse, revenue falls or support load is high), with the reason,
            missing buying roles and a next best action (product, channel and message theme from the lists:
            section of sightline.yaml), ranked per owner rep by value and capped to the rep's capacity, with
            manager roll-ups. A stable random holdout (lists.holdout_share, default 5%) of recommended accounts is
            kept off the lists and recorded in list_holdout; every run's recommended accounts go to list_runs, and
            once newer orders are imported each earlier run's lift is shown: recommended vs held-out buying rate. Needs a potential run.
            Writes rep_lists.

            Examples:
              sightline lists --workspace ./acme
              sightline lists --workspace ./acme --rep R012 --json
            """) { workspace, rep, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = RepLists.Run(ws, parse.GetValue(rep));
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, RepListsResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Lists: {Counted.Of(result.Listed, "account")} listed; {result.HeldOut:N0} of {result.Candidates:N0} recommended accounts held out ({result.HoldoutShare:0.#%} target, seed {result.HoldoutSeed}) and recorded in list_holdout"));
        foreach (var rep in result.Reps.Where(r => r.Listed > 0))
        {
            console.Output.WriteLine(string.Create(inv,
                $"{rep.RepId} {rep.Name}: {rep.Listed:N0} of {rep.Candidates:N0} recommended (capacity {rep.Capacity:N0}), value {rep.Value:N0}"));
            var table = new Table().AddColumns("#", "account", "action", "value", "reason", "missing roles", "next best action");
            foreach (var row in result.Rows.Where(r => r.RepId == rep.RepId))
            {
                table.AddRow(row.Rank.ToString(inv), Markup.Escape($"{row.AccountId} {row.AccountName}"), row.Action, row.Value.ToString("N0", inv),
                    Markup.Escape(row.Reason), Markup.Escape(row.MissingRoles), Markup.Escape(row.NextBestAction));
            }

            console.Ansi.Write(table);
        }

        var managers = new Table().AddColumns("manager", "name", "reps", "accounts listed", "value");
        foreach (var m in result.Managers)
        {
            managers.AddRow(Markup.Escape(m.ManagerId), Markup.Escape(m.Name), m.Reps.ToString("N0", inv), m.Accounts.ToString("N0", inv), m.Value.ToString("N0", inv));
        }

        console.Ansi.Write(managers);
        foreach (var lift in result.Lift)
        {
            console.Output.WriteLine($"lift of run {lift.RunId}: {lift.Summary}");
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
