namespace Sightline.Segments.Rules;

/// <summary>The feature table's columns that rules may name, with their types.</summary>
/// <param name="Columns">Column name to type; rules match names case-insensitively.</param>
public sealed record RuleColumns(IReadOnlyDictionary<string, FeatureType> Columns)
{
    /// <summary>The column that <c>has_product('...')</c> reads.</summary>
    public const string ProductFamilies = "product_families";

    /// <summary>
    /// The same families lower-cased, when the feature table has them: <c>has_product</c> then tests
    /// membership directly instead of lower-casing every list on every row.
    /// </summary>
    public const string ProductFamilyKeys = "product_family_keys";

    /// <summary>Text columns that hold only known values, by column name; a rule comparing one with another value is refused.</summary>
    public IReadOnlyDictionary<string, KnownValues> Known { get; init; } = new Dictionary<string, KnownValues>();

    /// <summary>Finds a column by name, ignoring case; returns its spelling in the feature table.</summary>
    internal bool TryFind(string name, out string canonical, out FeatureType type)
    {
        if (Columns.TryGetValue(name, out type))
        {
            canonical = name;
            return true;
        }

        foreach (var (key, value) in Columns)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                canonical = key;
                type = value;
                return true;
            }
        }

        canonical = name;
        return false;
    }
}
