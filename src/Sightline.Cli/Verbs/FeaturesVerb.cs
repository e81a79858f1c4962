using System.CommandLine;
using Sightline.Features;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline features --workspace DIR [--as-of DATE]</c>.</summary>
internal static class FeaturesVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Build the features as they were on this date (default: the last order date)" };
        var json = CommonOptions.Json();
        var command = new Command("features", """
            Build account_features: one row per account as of a date (firmographics, size band,
            recency/frequency/revenue over 12/24/36 months, spend and holdings per product family,
            growth, touchpoints by channel, support load, pipeline, win rate, last competitor, buying-role
            coverage, custom and enrichment attributes). Nothing dated after the as-of date is used.

            Examples:
              sightline features --workspace ./acme
              sightline features --workspace ./acme --as-of 2025-06-30
            """) { workspace, asOf, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var summary = FeatureBuilder.Build(ws, parse.GetValue(asOf));
            if (parse.GetValue(json))
            {
                console.WriteJson(summary);
            }
            else
            {
                console.Output.WriteLine($"Features as of {summary.AsOf:yyyy-MM-dd}: {summary.Accounts:N0} accounts ({summary.Customers:N0} customers), {summary.Columns.Count} columns in {FeatureBuilder.Table} (run {summary.RunId}); {summary.LogFold.Summary}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
