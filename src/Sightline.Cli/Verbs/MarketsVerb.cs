using System.CommandLine;
using System.Globalization;
using Sightline.Models.Value;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline markets --workspace DIR --by country|region|industry [--json]</c>.</summary>
internal static class MarketsVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var by = new Option<string>("--by") { Description = "country, region or industry", DefaultValueFactory = _ => "country" };
        var json = CommonOptions.Json();
        var command = new Command("markets", """
            Markets ranked by white space, to decide where to expand next: accounts, customers, penetration,
            TAM, share of wallet, prospects' average propensity and competitor presence, with the reason in
            words. Needs sightline potential first (and sightline score for propensity).

            Examples:
              sightline markets --workspace ./acme --by country
            """) { workspace, by, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!, WorkspaceAccess.Read);
            var ranking = Markets.Rank(ws, parse.GetValue(by)!);
            return console.Result(parse.GetValue(json), ranking, r => Print(console, parse.GetValue(by)!, r));
        }));
        return command;
    }

    private static void Print(CliConsole console, string by, MarketRanking ranking)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns(by, "accounts", "penetration", "TAM", "white space", "share of wallet", "prospect propensity", "competitor at", "why");
        foreach (var r in ranking.Markets)
        {
            table.AddRow(Markup.Escape(r.Market), r.Accounts.ToString("N0", inv), r.Penetration.ToString("0%", inv), r.Tam.ToString("N0", inv),
                r.WhiteSpace.ToString("N0", inv), r.ShareOfWallet.ToString("0%", inv), r.AveragePropensity?.ToString("0.0%", inv) ?? "",
                r.CompetitorShare.ToString("0%", inv), Markup.Escape(r.Reason));
        }

        console.Ansi.Write(table);
        foreach (var note in ranking.Notes)
        {
            console.Output.WriteLine($"note: {note}");
        }
    }
}
