namespace Sightline.Segments.Clusters;

/// <summary>How a feature column enters the clustering.</summary>
public enum FeatureKind
{
    /// <summary>A number, standardised (after log1p when skewed).</summary>
    Numeric,

    /// <summary>A text column with few distinct values, one-hot encoded.</summary>
    Categorical,
}
