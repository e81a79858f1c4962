using System.CommandLine;
using Sightline.Segments;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline tiers --workspace DIR</c>: the industry × size band grid.</summary>
internal static class TiersVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var command = new Command("tiers", """
            Observable tiers: accounts, customers and 12-month revenue per industry and size band
            (bands from employees and revenue; cut points in sightline.yaml under tiers.size_bands).
            Needs the feature table (sightline features).

            Example:
              sightline tiers --workspace ./acme
            """) { workspace, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!, WorkspaceAccess.Read);
            var grid = TierGrid.Build(ws);
            if (parse.GetValue(json))
            {
                console.WriteJson(grid);
                return ExitCodes.Ok;
            }

            console.Output.WriteLine($"Industry x size band, as of {grid.AsOf:yyyy-MM-dd} (cells: accounts / customers)");
            var table = new Table().AddColumn("industry");
            foreach (var band in grid.Bands)
            {
                table.AddColumn(new TableColumn(Markup.Escape(band)).RightAligned());
            }

            table.AddColumn(new TableColumn("revenue 12m").RightAligned());
            foreach (var row in grid.Rows.Append(grid.Total))
            {
                table.AddRow([Markup.Escape(row.Industry), .. row.Cells.Select(c => $"{c.Accounts:N0} / {c.Customers:N0}"), $"{row.Total.Revenue12m:N0}"]);
            }

            console.Ansi.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
