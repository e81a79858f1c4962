namespace Sightline.Segments.Clusters;

/// <summary>What <see cref="ClusterAnalysis"/> clusters and how.</summary>
public sealed record ClusterOptions
{
    /// <summary>Number of clusters; null chooses k by silhouette between 2 and <see cref="KMax"/>.</summary>
    public int? K { get; init; }

    /// <summary>Largest k tried when k is chosen automatically.</summary>
    public int KMax { get; init; } = 8;

    /// <summary>k-means runs per k; the lowest inertia is kept.</summary>
    public int NInit { get; init; } = 10;

    /// <summary>Random seed for seeding and for the silhouette sample.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Feature columns to use; null chooses them automatically.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Apply log1p to every numeric feature (not only the skewed ones).</summary>
    public bool ForceLog { get; init; }

    /// <summary>Row key column; null means <c>account_id</c> in a workspace and the row number in a file.</summary>
    public string? IdColumn { get; init; }

    /// <summary>A known grouping to compare the clusters with (adjusted Rand index); never used as a feature.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Rows sampled (seeded) for the silhouette when there are more.</summary>
    public int SilhouetteSample { get; init; } = 5000;
}
