using Sightline.Data;
using Sightline.Models.Evaluation;
using Sightline.Segments;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>The columns a routing rule can name: the contact's own (<see cref="Contact"/>) and the account's features.</summary>
public static class RoutingColumns
{
    /// <summary>The account's one segment (the lowest-priority match among siblings), or null.</summary>
    public const string Segment = "segment";

    /// <summary>Every segment the account is in now; <c>in_segment('x')</c> in a routing rule reads this list.</summary>
    public const string Segments = "segments";

    /// <summary>The account's size band (tiers.size_bands).</summary>
    public const string Tier = "tier";

    /// <summary>The account's propensity band label, such as <c>&gt;30%</c>.</summary>
    public const string Band = "band";

    /// <summary>The account's propensity now.</summary>
    public const string Propensity = "propensity";

    /// <summary>The predicted reason for the contact: renewal, support, new_purchase or upgrade.</summary>
    public const string Reason = "reason";

    /// <summary>The predicted reason's probability.</summary>
    public const string ReasonProbability = "reason_probability";

    /// <summary>The touch's channel.</summary>
    public const string Channel = "channel";

    /// <summary>The touch's kind.</summary>
    public const string Kind = "kind";

    /// <summary>The contact's own columns, which win over a feature column of the same name.</summary>
    public static IReadOnlyDictionary<string, FeatureType> Contact { get; } = new Dictionary<string, FeatureType>(StringComparer.Ordinal)
    {
        [Segment] = FeatureType.Text,
        [Segments] = FeatureType.TextList,
        [Tier] = FeatureType.Text,
        [Band] = FeatureType.Text,
        [Propensity] = FeatureType.Number,
        [Reason] = FeatureType.Text,
        [ReasonProbability] = FeatureType.Number,
        [Channel] = FeatureType.Text,
        [Kind] = FeatureType.Text,
    };

    /// <summary>
    /// The contact's columns plus the feature columns every workspace has (<c>account_features</c> less the per-family
    /// and enrichment columns, which differ between workspaces): what <c>sightline.yaml</c> is checked against on load.
    /// Route on a custom attribute through a segment: <c>in_segment('name')</c>.
    /// </summary>
    public static RuleColumns Standard { get; } = new(Merge(StandardFeatures()));

    /// <summary>The contact's columns plus the given feature columns (such as a workspace's <c>account_features</c>).</summary>
    public static RuleColumns With(RuleColumns features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return new RuleColumns(Merge(features.Columns)) { Known = features.Known };
    }

    /// <summary>
    /// The values the contact's text columns (and the size band feature) can hold under these settings, so a rule such
    /// as <c>tier = 'Strategc'</c> or <c>reason = 'renewals'</c>, which would route nothing, is refused on load.
    /// </summary>
    public static IReadOnlyDictionary<string, KnownValues> KnownValues(ProjectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sizeBands = (settings.Tiers ?? new TierSettings()).BandRuleValues();
        var segments = new KnownValues("the name of a segment of sightline.yaml",
            (settings.Segments ?? []).Where(s => s?.Name is not null).Select(s => s.Name!).ToList());
        var known = new Dictionary<string, KnownValues>(StringComparer.OrdinalIgnoreCase)
        {
            [Tier] = sizeBands,
            [SegmentEngine.SizeBand] = sizeBands,
            [Reason] = new("a reason for contact", ContactReasons.All),
            [Channel] = new("a touchpoint channel", CanonicalSchema.TouchpointChannels),
            [Segment] = segments,
            [Segments] = segments,
        };

        // Bands that do not make a valid set are reported by the scoring section's own check.
        var cutPoints = settings.Scoring?.Bands ?? [];
        if (cutPoints.Count > 0 && cutPoints.All(p => p is > 0 and < 1) && cutPoints.Zip(cutPoints.Skip(1)).All(p => p.First < p.Second))
        {
            known[Band] = new("a propensity band of scoring.bands", new ProbabilityBands(cutPoints).Labels);
        }

        return known;
    }

    private static Dictionary<string, FeatureType> Merge(IReadOnlyDictionary<string, FeatureType> features)
    {
        var columns = new Dictionary<string, FeatureType>(features, StringComparer.Ordinal);
        foreach (var (name, type) in Contact)
        {
            columns[name] = type;
        }

        return columns;
    }

    private static Dictionary<string, FeatureType> StandardFeatures()
    {
        var columns = new Dictionary<string, FeatureType>(StringComparer.Ordinal);
        foreach (var column in CanonicalSchema.Find("accounts")!.Columns)
        {
            columns[column.Name] = column.Type switch
            {
                ColumnType.Integer or ColumnType.Number => FeatureType.Number,
                ColumnType.Date or ColumnType.Timestamp => FeatureType.Date,
                ColumnType.Boolean => FeatureType.Boolean,
                _ => FeatureType.Text,
            };
        }

        // The fixed columns of FeatureBuilder's account_features.
        foreach (var name in new[] { "size_band", "last_competitor" })
        {
            columns[name] = FeatureType.Text;
        }

        foreach (var name in new[] { "first_order_date", "last_order_date", "last_touch_date" })
        {
            columns[name] = FeatureType.Date;
        }

        foreach (var name in new[] { "is_customer", "has_decision_maker", "has_influencer", "has_end_user", "has_champion", "has_blocker" })
        {
            columns[name] = FeatureType.Boolean;
        }

        columns[RuleColumns.ProductFamilies] = FeatureType.TextList;
        columns[RuleColumns.ProductFamilyKeys] = FeatureType.TextList;
        var numbers = new List<string>
        {
            "account_age_days", "days_since_last_order", "avg_order_value_36m", "revenue_prev_12m", "growth_12m", "lifetime_revenue",
            "families_bought", "inbound_touches_90d", "support_load_365d", "open_pipeline", "open_opportunities", "win_rate", "contacts",
        };
        foreach (var months in new[] { 12, 24, 36 })
        {
            numbers.Add($"orders_{months}m");
            numbers.Add($"revenue_{months}m");
        }

        foreach (var channel in CanonicalSchema.TouchpointChannels)
        {
            numbers.Add($"touches_{channel}_90d");
            numbers.Add($"touches_{channel}_365d");
        }

        foreach (var name in numbers)
        {
            columns[name] = FeatureType.Number;
        }

        return columns;
    }
}
