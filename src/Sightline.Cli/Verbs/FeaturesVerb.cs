using System.CommandLine;
using Npgsql;
using Sightline.Features;
using Sightline.Realtime;
using Sightline.Server.Realtime;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline features --workspace DIR [--as-of DATE] [--cluster CONNECTION]</c>.</summary>
internal static class FeaturesVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Build the features as they were on this date (default: the last order date)" };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "First copy the touchpoints that a cluster of servers logged on this PostgreSQL database (connection string), so the batch counts them",
        };
        var json = CommonOptions.Json();
        var command = new Command("features", """
            Build account_features: one row per account as of a date (firmographics, size band,
            recency/frequency/revenue over 12/24/36 months, spend and holdings per product family,
            growth, touchpoints by channel, support load, pipeline, win rate, last competitor, buying-role
            coverage, custom and enrichment attributes). Nothing dated after the as-of date is used.

            Examples:
              sightline features --workspace ./acme
              sightline features --workspace ./acme --as-of 2025-06-30
              sightline features --workspace ./acme --cluster "Host=127.0.0.1;Port=55432;Username=postgres;Database=sightline"
            """) { workspace, asOf, cluster, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var copy = parse.GetValue(cluster) is { } connection ? CopyClusterLog(ws, connection) : null;
            var summary = FeatureBuilder.Build(ws, parse.GetValue(asOf));
            if (parse.GetValue(json))
            {
                if (copy is null)
                {
                    console.WriteJson(summary);
                }
                else
                {
                    console.WriteJson(new { ClusterLogCopy = copy, Features = summary });
                }
            }
            else
            {
                if (copy is not null)
                {
                    console.Output.WriteLine($"Cluster log: {copy.Summary}");
                }

                console.Output.WriteLine($"Features as of {summary.AsOf:yyyy-MM-dd}: {Counted.Of(summary.Accounts, "account")} ({Counted.Of(summary.Customers, "customer")}), {Counted.Of(summary.Columns.Count, "column")} in {FeatureBuilder.Table} (run {summary.RunId}); {summary.LogFold.Summary}");
                if (summary.PurchasesNote is { } note)
                {
                    console.Output.WriteLine($"  note: {note}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Brings the workspace's copy of the cluster's log up to date; a database that cannot be read is bad input (nothing is built).</summary>
    private static ClusterTouchpointLogCopyResult CopyClusterLog(Workspace workspace, string connection)
    {
        var where = ClusterHosting.Describe(connection);
        var store = new PostgresTouchpointStore(connection);
        try
        {
            return ClusterTouchpointLogCopy.CopyAsync(workspace, store).GetAwaiter().GetResult();
        }
        catch (NpgsqlException e)
        {
            throw new BadInputException("--cluster", $"cannot read the cluster's touchpoint log in {where} ({e.Message}); nothing was copied and no features were built");
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
