using System.CommandLine;
using System.Globalization;
using Sightline.Plans.Handover;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline plan handover --workspace DIR --rep ID [--json]</c>.</summary>
internal static class PlanHandoverVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var rep = new Option<string>("--rep") { Description = "The leaving rep (rep_id)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("handover", """
            Redistributes a leaving rep's book (the accounts it owns) to the reps whose books look most like each
            account: industry mix, spend by product family and mean discount on orders (weights in the handover:
            section), same region and role first, falling back (and saying so) only when those reps have no room.
            Room is capacity_accounts (else handover.default_capacity) minus the rep's book; no rep gets more. The
            assignment maximises revenue-weighted similarity exactly (OR-Tools min-cost flow). Accounts no rep has
            room for are listed as unassigned with the reason. Needs features. Writes plan_handover.

            Examples:
              sightline plan handover --workspace ./acme --rep R00014
              sightline plan handover --workspace ./acme --rep R00014 --json
            """) { workspace, rep, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = HandoverPlan.Run(ws, parse.GetValue(rep)!);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, HandoverPlanResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Handover of {result.RepId} {result.RepName} ({result.Role}, {result.Region}): {result.Assigned:N0} of {Counted.Of(result.Accounts, "account")} handed over, {result.Unassigned:N0} unassigned; revenue-weighted similarity {result.Similarity:0.00}. Method: {result.Method}."));
        var receivers = new Table().AddColumns("rep", "name", "role", "region", "book", "capacity", "room", "receives");
        foreach (var r in result.Receivers)
        {
            receivers.AddRow(Markup.Escape(r.RepId), Markup.Escape(r.Name), Markup.Escape(r.Role), Markup.Escape(r.Region), r.Book.ToString("N0", inv),
                r.Capacity.ToString("N0", inv), r.Room.ToString("N0", inv), r.Received.ToString("N0", inv));
        }

        console.Ansi.Write(receivers);
        var accounts = new Table().AddColumns("account", "industry", "revenue 12m", "to", "match", "reason");
        foreach (var a in result.Assignments)
        {
            accounts.AddRow(Markup.Escape($"{a.AccountId} {a.AccountName}"), Markup.Escape(a.Industry), a.Revenue.ToString("N0", inv),
                Markup.Escape(a.ToRep is null ? "(unassigned)" : $"{a.ToRep} {a.ToRepName}"), a.Match, Markup.Escape(a.Reason));
        }

        console.Ansi.Write(accounts);
        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
