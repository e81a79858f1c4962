namespace Sightline.Segments.Clusters;

/// <summary>One k tried: its inertia and (sampled) silhouette.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Inertia">Sum of squared distances to the centers, in the standardised space.</param>
/// <param name="Silhouette">Mean silhouette, on a seeded sample when there are many rows.</param>
public sealed record KCandidate(int K, double Inertia, double Silhouette);
