using System.CommandLine;
using System.Globalization;
using Sightline.Models.Value;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline potential --workspace DIR [--by industry|region|country|size_band|territory|rep|segment] [--json]</c>.</summary>
internal static class PotentialVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var by = new Option<string>("--by") { Description = $"Roll up by {string.Join(", ", AccountPotential.Dimensions)}", DefaultValueFactory = _ => "industry" };
        var json = CommonOptions.Json();
        var command = new Command("potential", """
            Account potential from best-in-class peers: the P75 (potential.quantile) of paying peers' annual
            spend per employee (potential.driver) in the account's industry x size band, falling back to
            broader groups below potential.min_peers; times the account's size. White space, share of wallet
            (above 1 flagged with the reason), per product family too, and prospects' opportunity value
            (lookalike propensity x potential). Writes account_potential and account_family_potential.

            Examples:
              sightline potential --workspace ./acme
              sightline potential --workspace ./acme --by territory
            """) { workspace, by, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = AccountPotential.Run(ws, parse.GetValue(by)!);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, PotentialResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var opportunity = result.OpportunityValue is { } o
            ? string.Create(inv, $", prospects' opportunity value {o:N0}")
            : " (run sightline score for prospects' opportunity value)";
        console.Output.WriteLine(string.Create(inv,
            $"Potential as of {result.AsOf:yyyy-MM-dd} (P{result.Quantile * 100:0.##} of peers' spend per {AccountPotential.DriverUnit(result.Driver)}): {Counted.Of(result.Accounts, "account")}, current spend {result.CurrentSpend:N0}, TAM {result.Tam:N0}, white space {result.WhiteSpace:N0}{opportunity}"));
        console.Output.WriteLine("peer groups used: " + string.Join(", ", result.PeerGroups.Select(g => string.Create(inv, $"{g.PeerGroup} {g.Accounts:N0}"))));
        if (result.AboveWallet > 0)
        {
            console.Output.WriteLine(string.Create(inv, $"{Counted.Of(result.AboveWallet, "account")} {Counted.Agree(result.AboveWallet, "spends more than its", "spend more than their")} potential (share of wallet above 1): see the note column of account_potential"));
        }

        if (result.OpportunityValue is not null)
        {
            console.Output.WriteLine(string.Create(inv,
                $"{Counted.Of(result.Entrenched, "prospect")} {Counted.Agree(result.Entrenched, "has", "have")} an entrenched competitor (win probability cut by its share); {result.WalkAway:N0} {Counted.Agree(result.WalkAway, "is a walk-away", "are walk-aways")} (expected value below the cost to pursue)"));
        }

        var table = new Table().AddColumns(result.By, "accounts", "customers", "current spend", "potential", "white space", "opportunity value");
        foreach (var r in result.RollUp)
        {
            table.AddRow(Markup.Escape(r.Group), r.Accounts.ToString("N0", inv), r.Customers.ToString("N0", inv), r.CurrentSpend.ToString("N0", inv),
                r.Potential.ToString("N0", inv), r.WhiteSpace.ToString("N0", inv), r.OpportunityValue.ToString("N0", inv));
        }

        console.Ansi.Write(table);
        var families = new Table().AddColumns("product family", "current spend", "potential", "white space", "accounts with white space");
        foreach (var f in result.Families)
        {
            families.AddRow(Markup.Escape(f.Family), f.CurrentSpend.ToString("N0", inv), f.Potential.ToString("N0", inv), f.WhiteSpace.ToString("N0", inv),
                f.AccountsWithWhiteSpace.ToString("N0", inv));
        }

        console.Ansi.Write(families);
    }
}
