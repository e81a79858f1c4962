namespace Sightline.Segments.Rules;

/// <summary>The type of a feature-table column as the rule language sees it.</summary>
public enum FeatureType
{
    /// <summary>Any numeric column (integer or decimal).</summary>
    Number,

    /// <summary>A text column.</summary>
    Text,

    /// <summary>A date column.</summary>
    Date,

    /// <summary>A true/false column.</summary>
    Boolean,

    /// <summary>A list of texts (DuckDB <c>VARCHAR[]</c>), such as <c>product_families</c>.</summary>
    TextList,
}
