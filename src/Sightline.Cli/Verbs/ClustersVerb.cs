using System.CommandLine;
using System.Globalization;
using Sightline.Segments.Clusters;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline clusters (--workspace DIR | --file PATH) [--k auto|N] [--features a,b,c] [--json]</c>.</summary>
internal static class ClustersVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace(required: false);
        var file = new Option<string?>("--file") { Description = "Cluster a CSV file (any delimiter) or an Excel workbook's first sheet instead of the workspace's account_features" };
        var k = new Option<string>("--k") { Description = "Number of clusters, or 'auto' to choose it by silhouette", DefaultValueFactory = _ => "auto" };
        var kMax = new Option<int>("--k-max") { Description = "Largest k tried with --k auto", DefaultValueFactory = _ => 8 };
        var features = new Option<string?>("--features") { Description = "Comma-separated feature columns (default: chosen automatically)" };
        var id = new Option<string?>("--id") { Description = "Row key column (default: account_id in a workspace, the row number in a file)" };
        var log = new Option<bool>("--log") { Description = "Apply log(1 + x) to every numeric feature, not only the skewed ones" };
        var labelColumn = new Option<string?>("--label-column") { Description = "A known grouping to compare with (adjusted Rand index); never used as a feature" };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same clusters)", DefaultValueFactory = _ => 42 };
        var nInit = new Option<int>("--n-init") { Description = "k-means runs per k; the lowest inertia is kept", DefaultValueFactory = _ => 10 };
        var json = CommonOptions.Json();
        var command = new Command("clusters", """
            Behavioural clusters: k-means++ on standardised numbers (log(1 + x) first when skewed) and
            one-hot categories; k chosen by silhouette unless given. Each cluster gets a label and a
            profile in words. In a workspace, reads account_features and writes account_clusters and
            cluster_profiles.

            Examples:
              sightline clusters --workspace ./acme
              sightline clusters --workspace ./acme --k 5 --features spend_12m,orders_12m,industry
              sightline clusters --file wholesale.csv --log --k 2 --label-column Channel --features Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen
            """) { workspace, file, k, kMax, features, id, log, labelColumn, seed, nInit, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var workspacePath = parse.GetValue(workspace);
            var filePath = parse.GetValue(file);
            if ((workspacePath is null) == (filePath is null))
            {
                throw new BadInputException("arguments", "give either --workspace DIR or --file PATH");
            }

            var options = new ClusterOptions
            {
                K = ParseK(parse.GetValue(k)!),
                KMax = parse.GetValue(kMax),
                Features = parse.GetValue(features) is { } list
                    ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : null,
                IdColumn = parse.GetValue(id),
                ForceLog = parse.GetValue(log),
                LabelColumn = parse.GetValue(labelColumn),
                Seed = parse.GetValue(seed),
                NInit = parse.GetValue(nInit),
            };
            if (options.KMax < 2)
            {
                throw new BadInputException("arguments", $"--k-max must be at least 2, got {options.KMax}");
            }

            ClusterResult result;
            if (filePath is not null)
            {
                result = ClusterAnalysis.RunFile(filePath, options);
            }
            else
            {
                using var ws = Workspace.Open(workspacePath!);
                result = ClusterAnalysis.Run(ws, options);
            }

            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    private static int? ParseK(string text)
    {
        if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1
            ? k
            : throw new BadInputException(new Diagnostic("arguments", null, "--k", text, "expected 'auto' or a whole number of at least 1"));
    }

    public static void Print(CliConsole console, ClusterResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Output.WriteLine(string.Create(inv,
            $"{result.K} clusters of {result.Rows:N0} rows from {result.Source} ({(result.KChosen ? "k chosen by silhouette" : "k given")}): silhouette {result.Silhouette:0.000}, inertia {result.Inertia:0.00}"));
        var table = new Table().AddColumns("cluster", "size", "share", "label", "profile");
        foreach (var cluster in result.Clusters)
        {
            table.AddRow(cluster.Id.ToString(inv), cluster.Size.ToString("N0", inv), cluster.Share.ToString("0.0%", inv), Markup.Escape(cluster.Label), Markup.Escape(cluster.Profile));
        }

        console.Ansi.Write(table);
        if (result.Candidates.Count > 1)
        {
            console.Output.WriteLine("silhouette by k: " + string.Join(", ", result.Candidates.Select(c => string.Create(inv, $"{c.K}: {c.Silhouette:0.000}"))));
        }

        console.Output.WriteLine("features: " + string.Join(", ", result.Features.Select(f => f.Transform == FeatureTransform.None ? f.Name : $"{f.Name} ({f.Transform.ToString().ToLowerInvariant()})")));
        foreach (var note in result.Notes)
        {
            console.Output.WriteLine($"  note: {note}");
        }

        if (result.AdjustedRandIndex is { } ari)
        {
            console.Output.WriteLine(string.Create(inv, $"adjusted Rand index vs {result.LabelColumn}: {ari:0.000}"));
        }
    }
}
