namespace Sightline.Segments.Clusters;

/// <summary>Settings of <see cref="KMeans.Fit"/>; the defaults are scikit-learn's (lloyd, tol 1e-4 relative to the mean feature variance).</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="NInit">Runs with different k-means++ seeds; the one with the lowest inertia is kept.</param>
/// <param name="Seed">Random seed: the same seed and data give the same result.</param>
/// <param name="MaxIterations">Lloyd iterations per run at most.</param>
/// <param name="Tolerance">Stop when the total squared center shift is at most this times the mean feature variance.</param>
public sealed record KMeansOptions(int K, int NInit = 10, int Seed = 42, int MaxIterations = 300, double Tolerance = 1e-4);
