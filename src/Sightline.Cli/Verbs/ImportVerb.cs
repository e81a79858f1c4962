using System.CommandLine;
using Sightline.Import;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline import --workspace DIR PATH...</c>.</summary>
internal static class ImportVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var paths = new Argument<string[]>("PATH") { Description = "Files, folders or ZIP archives (CSV, TSV, Parquet, XLSX)", Arity = ArgumentArity.OneOrMore };
        var table = new Option<string?>("--table") { Description = "Load every file into this table instead of taking it from the file name" };
        var lenient = new Option<bool>("--lenient") { Description = "Load good rows; keep each bad row with its reason in the rejects table" };
        var replace = new Option<bool>("--replace") { Description = "Reload the tables instead of upserting by key" };
        var attributes = new Option<string?>("--attributes") { Description = "Load the files as a named attribute set keyed by account_id or domain" };
        var json = CommonOptions.Json();
        var command = new Command("import", """
            Validate and load CRM files into the workspace. All or nothing by default: any bad row
            changes nothing and the first 20 problems are printed with file, line, column and value.

            Examples:
              sightline import --workspace ./acme exports/
              sightline import --workspace ./acme --lenient orders.csv
              sightline import --workspace ./acme --table accounts "Salesforce Accounts.xlsx"
              sightline import --workspace ./acme --attributes firmographics purchased_list.csv
            """) { workspace, paths, table, lenient, replace, attributes, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var options = new ImportOptions(parse.GetValue(lenient), parse.GetValue(replace), parse.GetValue(table), parse.GetValue(attributes));
            var result = console.WithProgress("import", update =>
                new Importer(ws).Import(parse.GetValue(paths)!, options,
                    new Progress<ImportProgress>(p => update($"{p.File} ({p.Step})", (p.FileIndex + 0.5) / p.FileCount))));
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, ImportResult result)
    {
        var grid = new Table().AddColumns("file", "table", "format", "read", "loaded", "rejected", "new", "updated", "flagged");
        foreach (var file in result.Files)
        {
            grid.AddRow(Markup.Escape(file.File), file.Table, Markup.Escape($"{file.Format}{(file.Encoding is { } e ? $" {e}" : "")}"),
                $"{file.RowsRead:N0}", $"{file.RowsLoaded:N0}", $"{file.RowsRejected:N0}", $"{file.RowsInserted:N0}", $"{file.RowsUpdated:N0}", $"{file.RowsFlagged:N0}");
        }

        console.Ansi.Write(grid);
        // Notes about the file as read (its encoding, delimiter, footer, headers) name it already.
        foreach (var note in result.Files.SelectMany(f => f.Notes.Select(n => Sightline.Import.ImportResult.NamedNote(f.File, n))))
        {
            console.Output.WriteLine($"  note: {note}");
        }

        foreach (var note in result.Notes)
        {
            console.Output.WriteLine($"  note: {note}");
        }

        console.Output.WriteLine($"{result.Mode} import {result.RunId}: {Counted.Of(result.RowsRead, "row")} read, {result.RowsLoaded:N0} loaded, {result.RowsRejected:N0} rejected"
            + (result.RowsRejected > 0 ? " (see the rejects table or 'sightline quality')" : ""));
    }
}
