namespace Sightline.Segments.Clusters;

/// <summary>The outcome of a clustering run.</summary>
/// <param name="RunId">Run id, also written to the workspace tables.</param>
/// <param name="Source">What was clustered: a table name or a file path.</param>
/// <param name="Rows">Rows clustered.</param>
/// <param name="K">Number of clusters used.</param>
/// <param name="KChosen">True when k was chosen by silhouette.</param>
/// <param name="Inertia">Sum of squared distances to the centers, in the standardised space.</param>
/// <param name="Silhouette">Mean silhouette of the result (sampled when there are many rows).</param>
/// <param name="SilhouetteSampled">Rows the silhouette was computed on.</param>
/// <param name="Candidates">Every k tried with its inertia and silhouette.</param>
/// <param name="Features">Columns used, with their transforms.</param>
/// <param name="Notes">What was decided automatically: columns skipped, transforms, nulls filled.</param>
/// <param name="Clusters">Clusters, largest first.</param>
/// <param name="AdjustedRandIndex">Agreement with the label column, when one was given.</param>
/// <param name="LabelColumn">The label column compared with.</param>
/// <param name="Assignments">The cluster of every row, in input order.</param>
public sealed record ClusterResult(
    string RunId,
    string Source,
    long Rows,
    int K,
    bool KChosen,
    double Inertia,
    double Silhouette,
    int SilhouetteSampled,
    IReadOnlyList<KCandidate> Candidates,
    IReadOnlyList<ClusterFeature> Features,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ClusterSummary> Clusters,
    double? AdjustedRandIndex,
    string? LabelColumn,
    IReadOnlyList<ClusterAssignment> Assignments);
