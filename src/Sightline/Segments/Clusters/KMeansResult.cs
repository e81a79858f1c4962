namespace Sightline.Segments.Clusters;

/// <summary>The best of several k-means runs.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Labels">Cluster index (0-based) of each row.</param>
/// <param name="Centers">Centers, row-major <c>K × dimensions</c>, in the space the data was given in.</param>
/// <param name="Inertia">Sum of squared distances of rows to their center.</param>
/// <param name="Iterations">Lloyd iterations of the kept run.</param>
public sealed record KMeansResult(int K, IReadOnlyList<int> Labels, IReadOnlyList<double> Centers, double Inertia, int Iterations);
