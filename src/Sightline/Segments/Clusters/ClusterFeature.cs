namespace Sightline.Segments.Clusters;

/// <summary>One column used for clustering.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Transform">What was done to it before clustering.</param>
/// <param name="MissingFilled">Nulls replaced (numeric: by the median; categorical: by the level "(missing)").</param>
/// <param name="Mean">Population mean in original units (numeric only).</param>
/// <param name="Skewness">Sample skewness before any transform (numeric only).</param>
/// <param name="Levels">Levels with their share of rows (categorical only).</param>
public sealed record ClusterFeature(
    string Name,
    FeatureKind Kind,
    FeatureTransform Transform,
    long MissingFilled,
    double? Mean,
    double? Skewness,
    IReadOnlyDictionary<string, double>? Levels);
