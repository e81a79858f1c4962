using System.CommandLine;
using System.Globalization;
using Sightline.Exports;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline export --workspace DIR --out DIR [--format xlsx|csv|both] [--json]</c>.</summary>
internal static class ExportVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the files into (created when missing; earlier exports there are replaced)", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx, csv or both (default both)", DefaultValueFactory = _ => "both" };
        var json = CommonOptions.Json();
        var command = new Command("export", $"""
            Exports for sales operations and CRM re-import. {PlanExport.CsvFileName}: one row per account with owner,
            segment, lookalike band and score, potential, white space, the listed action, next best action and reason.
            {PlanExport.XlsxFileName}: a summary sheet (totals by region and by rep: accounts, potential, white space,
            listed accounts, quota) and one formatted sheet per rep with that rep's list. Text that starts with
            = + - @, a tab or a carriage return is prefixed with an apostrophe so no spreadsheet runs it as a formula.
            Columns whose step has not run are left empty, with a note naming the verb to run.

            Examples:
              sightline export --workspace ./acme --out ./exports
              sightline export --workspace ./acme --out ./exports --format csv --json
            """) { workspace, output, format, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var formats = ExportFormats.Parse(parse.GetValue(format));
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = PlanExport.Run(ws, parse.GetValue(output)!, formats);
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, ExportResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"Export {result.RunId}: {Counted.Of(result.Accounts, "account")}, {result.ListedAccounts:N0} on rep lists, into {result.Directory}"));
        foreach (var file in result.Files)
        {
            var sheets = file.Sheets > 0 ? string.Create(inv, $" on {Counted.Of(file.Sheets, "sheet")} (summary + {Counted.Of(file.Sheets - 1, "rep")})") : "";
            console.Output.WriteLine(string.Create(inv,
                $"  {file.Format}: {file.Path}: {Counted.Of(file.Rows, "row")}{sheets}; {file.NeutralisedCells:N0} text cells neutralised (started like a formula)"));
        }

        foreach (var source in result.Sources)
        {
            console.Output.WriteLine("source: " + source);
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine("note: " + note);
        }
    }
}
