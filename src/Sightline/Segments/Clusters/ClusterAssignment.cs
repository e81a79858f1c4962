namespace Sightline.Segments.Clusters;

/// <summary>The cluster of one row.</summary>
/// <param name="Id">Row key (the id column, or the 1-based row number).</param>
/// <param name="Cluster">Cluster id, 1 for the largest.</param>
public sealed record ClusterAssignment(string Id, int Cluster);
