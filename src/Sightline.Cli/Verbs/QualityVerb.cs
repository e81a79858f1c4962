using System.CommandLine;
using Sightline.Quality;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline quality --workspace DIR [--json] [--html FILE]</c>.</summary>
internal static class QualityVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var html = new Option<string?>("--html") { Description = "Also write the report as a self-contained HTML page" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Measure staleness from this date (default: the latest activity in the data)" };
        var json = CommonOptions.Json();
        var command = new Command("quality", """
            Data-quality report: completeness, distinct counts, ranges and invalid values per column;
            duplicate accounts, orphans, accounts without a decision maker, stale accounts; a 0-100
            score with the biggest problems first.

            Examples:
              sightline quality --workspace ./acme
              sightline quality --workspace ./acme --html quality.html
              sightline quality --workspace ./acme --json > quality.json
            """) { workspace, html, asOf, json };
        command.SetAction(parse => console.Guard(() =>
        {
            if (parse.GetValue(html) is { } checkedPath)
            {
                OutputPaths.CheckFile(checkedPath, "--html");
            }

            using var ws = Workspace.Open(parse.GetValue(workspace)!, WorkspaceAccess.Read);
            var report = QualityReporter.Build(ws, parse.GetValue(asOf));
            if (parse.GetValue(html) is { } htmlPath)
            {
                OutputPaths.WriteAllText(htmlPath, QualityReporter.ToHtml(report), "--html");
            }

            if (parse.GetValue(json))
            {
                console.Output.WriteLine(QualityReporter.ToJson(report));
            }
            else
            {
                Print(console, report, maxIssues: 15);
                if (parse.GetValue(html) is { } written)
                {
                    console.Output.WriteLine($"HTML report: {Path.GetFullPath(written)}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static void Print(CliConsole console, QualityReport report, int maxIssues)
    {
        console.Output.WriteLine($"Data quality score: {report.Score:0}/100 ({Counted.Of(report.Accounts, "account")}, as of {report.AsOf:yyyy-MM-dd})");
        if (report.Issues.Count == 0)
        {
            console.Output.WriteLine("No problems found.");
            return;
        }

        var table = new Table().AddColumns("severity", "problem", "count", "share", "points lost", "what to do");
        foreach (var issue in report.Issues.Take(maxIssues))
        {
            table.AddRow(issue.Severity.ToString().ToLowerInvariant(), Markup.Escape(issue.Title), $"{issue.Count:N0}", $"{issue.Share:P1}",
                $"{issue.Penalty:0.0}", Markup.Escape(issue.Advice));
        }

        console.Ansi.Write(table);
        if (report.Issues.Count > maxIssues)
        {
            console.Output.WriteLine($"... and {report.Issues.Count - maxIssues} smaller problems (--json or --html for all)");
        }
    }
}
