namespace Sightline.Segments.Clusters;

/// <summary>The transform applied to a numeric feature before standardising.</summary>
public enum FeatureTransform
{
    /// <summary>Standardised as is.</summary>
    None,

    /// <summary><c>log(1 + x)</c>, then standardised: for skewed non-negative amounts and counts.</summary>
    Log1p,

    /// <summary>One-hot indicators, weighted so the column counts about as much as one numeric feature.</summary>
    OneHot,
}
