namespace Sightline.Segments.Clusters;

/// <summary>One cluster: size, centroid in original units, label and profile in words.</summary>
/// <param name="Id">Cluster id, 1 for the largest.</param>
/// <param name="Size">Rows in the cluster.</param>
/// <param name="Share">Size as a share of all rows.</param>
/// <param name="Label">A short label from the largest deviations, such as "High Grocery &amp; Detergents_Paper".</param>
/// <param name="Profile">The largest deviations from the population in words, such as "3.1× typical spend; 72% Healthcare (vs 14% overall)".</param>
/// <param name="Means">Mean of each numeric feature in original units.</param>
/// <param name="LevelShares">Share of each level of each categorical feature.</param>
public sealed record ClusterSummary(
    int Id,
    long Size,
    double Share,
    string Label,
    string Profile,
    IReadOnlyDictionary<string, double> Means,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> LevelShares);
