using System.Text.Json;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Segments.Clusters;

/// <summary>
/// Behavioural clusters: k-means++ on standardised numbers (log1p first when skewed) and weighted
/// one-hot categories, k chosen by silhouette when not given, each cluster described in words.
/// </summary>
public static class ClusterAnalysis
{
    /// <summary>The feature table read in a workspace: one row per account.</summary>
    public const string FeatureTable = "account_features";

    /// <summary>The table of cluster assignments written in a workspace (replaced on every run).</summary>
    public const string AssignmentTable = "account_clusters";

    /// <summary>The table of cluster profiles written in a workspace (replaced on every run).</summary>
    public const string ProfileTable = "cluster_profiles";

    /// <summary>Clusters the workspace's <c>account_features</c> and writes <c>account_clusters</c> and <c>cluster_profiles</c>.</summary>
    /// <exception cref="BadInputException">No feature table, unknown or unusable feature columns, or fewer rows than clusters.</exception>
    public static ClusterResult Run(Workspace workspace, ClusterOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        CheckOptions(options);
        if (!workspace.TableExists(FeatureTable))
        {
            throw new BadInputException(workspace.Directory,
                $"no {FeatureTable} table in this workspace; build the account features first, or cluster a file with --file");
        }

        var matrix = FeatureMatrix.Load(workspace.Connection, FeatureTable, FeatureTable, options.IdColumn ?? "account_id", options, autoCategoricals: true);
        var result = Cluster(matrix, options, RunId(clock), FeatureTable);
        Write(workspace, result);
        return result;
    }

    /// <summary>Clusters a delimited text file (any delimiter DuckDB detects); nothing is written.</summary>
    /// <exception cref="BadInputException">The file is missing, or the columns are unknown or unusable, or it has fewer rows than clusters.</exception>
    public static ClusterResult RunFile(string path, ClusterOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckOptions(options);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new BadInputException(full, "file not found");
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        FeatureMatrix matrix;
        using var readable = Data.ReadableFile.Open(full);
        var read = new List<string>(readable.Notes);
        try
        {
            Workspace.Execute(connection, $"CREATE TABLE file AS SELECT * FROM read_csv({Sql.Literal(readable.Path)}, header = true)");
            Models.TabularData.ReadNumbersWithBlanks(connection, "file", read);
            Models.TabularData.RefuseNonFinite(connection, "file", Path.GetFileName(full));
            matrix = FeatureMatrix.Load(connection, "file", Path.GetFileName(full), options.IdColumn, options, autoCategoricals: false);
        }
        catch (DuckDBException e)
        {
            throw new BadInputException(full, $"cannot read the file as CSV: {e.Message.Split('\n')[0]}");
        }

        var result = Cluster(matrix, options, RunId(clock), full);
        return read.Count == 0 ? result : result with { Notes = [.. read, .. result.Notes] };
    }

    /// <summary>Refuses settings that would otherwise be quietly replaced: no k-means run, or an empty feature list.</summary>
    /// <exception cref="BadInputException">Such a setting.</exception>
    public static void CheckOptions(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.NInit < 1)
        {
            throw new BadInputException(new Diagnostic("--n-init", null, null, options.NInit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "expected 1 or more k-means runs per k"));
        }

        if (options.Features is { Count: 0 })
        {
            throw new BadInputException(new Diagnostic("--features", null, null, null,
                "names no column; give comma-separated feature columns, or leave --features out to choose them automatically"));
        }
    }

    internal static ClusterResult Cluster(FeatureMatrix matrix, ClusterOptions options, string runId, string source)
    {
        var n = matrix.Rows;
        if (options.K is { } fixedK)
        {
            if (fixedK < 1)
            {
                throw new BadInputException(source, $"k must be at least 1, got {fixedK}");
            }

            if (n < fixedK)
            {
                throw new BadInputException(source, $"{Counted.Of(n, "row")} cannot make {fixedK} clusters (fewer rows than k)");
            }
        }
        else if (n < 3)
        {
            throw new BadInputException(source, $"{Counted.Of(n, "row")} {Counted.Agree(n, "is", "are")} too few to choose k (need at least 3)");
        }

        var ks = options.K is { } k0 ? [k0] : Enumerable.Range(2, Math.Max(1, Math.Min(options.KMax, n - 1) - 1)).ToArray();
        var fits = ks.Select(k => KMeans.Fit(matrix.Data, matrix.Dimensions, new KMeansOptions(k, options.NInit, options.Seed))).ToList();

        var (sample, sampleData) = Sample(matrix, options);
        var labelings = fits.Select(f => (IReadOnlyList<int>)sample.Select(i => f.Labels[i]).ToArray()).ToList();
        var silhouettes = ClusterMetrics.Silhouettes(sampleData, matrix.Dimensions, labelings);
        var candidates = fits.Select((f, i) => new KCandidate(f.K, f.Inertia, silhouettes[i])).ToList();
        var bestIndex = 0;
        for (var i = 1; i < candidates.Count; i++)
        {
            if (candidates[i].Silhouette > candidates[bestIndex].Silhouette)
            {
                bestIndex = i;
            }
        }

        var best = fits[bestIndex];
        var labels = Renumber(best.Labels, best.K);
        var notes = matrix.Notes.ToList();
        if (sample.Length < n)
        {
            notes.Add($"silhouette computed on a seeded sample of {sample.Length:N0} of {n:N0} rows");
        }

        double? ari = matrix.Truth is { } truth ? ClusterMetrics.AdjustedRandIndex(truth, labels) : null;
        var assignments = new ClusterAssignment[n];
        for (var i = 0; i < n; i++)
        {
            assignments[i] = new ClusterAssignment(matrix.Ids[i], labels[i]);
        }

        return new ClusterResult(runId, source, n, best.K, options.K is null, best.Inertia, candidates[bestIndex].Silhouette, sample.Length,
            candidates, matrix.Columns.Select(c => c.Describe()).ToList(), notes, ClusterProfiler.Describe(matrix, labels, best.K),
            ari, options.LabelColumn, assignments);
    }

    /// <summary>Cluster ids 1..k by size, largest first (ties: the cluster whose first row comes first).</summary>
    private static int[] Renumber(IReadOnlyList<int> labels, int k)
    {
        var sizes = new long[k];
        var first = new int[k];
        Array.Fill(first, int.MaxValue);
        for (var i = 0; i < labels.Count; i++)
        {
            sizes[labels[i]]++;
            first[labels[i]] = Math.Min(first[labels[i]], i);
        }

        var order = Enumerable.Range(0, k).OrderByDescending(c => sizes[c]).ThenBy(c => first[c]).ToArray();
        var id = new int[k];
        for (var rank = 0; rank < k; rank++)
        {
            id[order[rank]] = rank + 1;
        }

        var result = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            result[i] = id[labels[i]];
        }

        return result;
    }

    private static (int[] Rows, double[] Data) Sample(FeatureMatrix matrix, ClusterOptions options)
    {
        var n = matrix.Rows;
        var m = Math.Min(n, Math.Max(2, options.SilhouetteSample));
        var rows = Enumerable.Range(0, n).ToArray();
        if (m < n)
        {
            var random = new Random(options.Seed);
            for (var i = 0; i < m; i++)
            {
                var j = random.Next(i, n);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }

            rows = rows[..m];
            Array.Sort(rows);
        }

        var d = matrix.Dimensions;
        var data = new double[m * d];
        for (var i = 0; i < m; i++)
        {
            Array.Copy(matrix.Data, rows[i] * d, data, i * d, d);
        }

        return (rows, data);
    }

    private static string RunId(TimeProvider? clock) =>
        Runs.RunLog.NewId("clusters", (clock ?? TimeProvider.System).GetUtcNow());

    private static void Write(Workspace workspace, ClusterResult result)
    {
        workspace.InTransaction(() =>
        {
            workspace.Execute($"""
                CREATE OR REPLACE TABLE {AssignmentTable} (run_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, cluster INTEGER NOT NULL, label VARCHAR NOT NULL);
                CREATE OR REPLACE TABLE {ProfileTable} (run_id VARCHAR NOT NULL, cluster INTEGER NOT NULL, size BIGINT NOT NULL, share DOUBLE NOT NULL,
                    label VARCHAR NOT NULL, profile VARCHAR NOT NULL, means_json VARCHAR NOT NULL, level_shares_json VARCHAR NOT NULL);
                """);
            var labels = result.Clusters.ToDictionary(c => c.Id, c => c.Label);
            using (var appender = workspace.Connection.CreateAppender(AssignmentTable))
            {
                foreach (var assignment in result.Assignments)
                {
                    appender.CreateRow().AppendValue(result.RunId).AppendValue(assignment.Id).AppendValue(assignment.Cluster).AppendValue(labels[assignment.Cluster]).EndRow();
                }
            }

            using (var appender = workspace.Connection.CreateAppender(ProfileTable))
            {
                foreach (var cluster in result.Clusters)
                {
                    appender.CreateRow().AppendValue(result.RunId).AppendValue(cluster.Id).AppendValue(cluster.Size).AppendValue(cluster.Share)
                        .AppendValue(cluster.Label).AppendValue(cluster.Profile)
                        .AppendValue(JsonSerializer.Serialize(cluster.Means)).AppendValue(JsonSerializer.Serialize(cluster.LevelShares)).EndRow();
                }
            }
        });
    }
}
