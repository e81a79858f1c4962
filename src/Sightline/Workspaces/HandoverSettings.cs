namespace Sightline.Workspaces;

/// <summary>The <c>handover:</c> section of <c>sightline.yaml</c>: how <c>sightline plan handover</c> matches a leaving rep's accounts to reps.</summary>
public sealed class HandoverSettings
{
    /// <summary>Accounts a rep can carry when the reps table gives no <c>capacity_accounts</c>.</summary>
    public int DefaultCapacity { get; set; } = 200;

    /// <summary>Weight of industry likeness (cosine of industry mixes) in the similarity; the three weights sum to 1.</summary>
    public double IndustryWeight { get; set; } = 0.4;

    /// <summary>Weight of product likeness (cosine of spend by product family).</summary>
    public double ProductWeight { get; set; } = 0.4;

    /// <summary>Weight of discount likeness (1 at the same mean discount, 0 at <see cref="DiscountScale"/> apart or more).</summary>
    public double DiscountWeight { get; set; } = 0.2;

    /// <summary>Mean discounts this far apart (0.10: ten points) count as not alike at all.</summary>
    public double DiscountScale { get; set; } = 0.10;

    internal void Validate(SettingProblems problems)
    {
        problems.WholeNumber("handover.default_capacity", DefaultCapacity, DefaultCapacity >= 0, "expected 0 or more accounts, such as 200");

        double[] weights = [IndustryWeight, ProductWeight, DiscountWeight];
        if (!(weights.All(w => w is >= 0 and <= 1) && Math.Abs(weights.Sum() - 1) <= 1e-9))
        {
            problems.Add("handover.industry_weight", string.Join(" + ", weights.Select(SettingChecks.Show)),
                "expected industry_weight, product_weight and discount_weight between 0 and 1 that sum to 1, such as 0.4, 0.4 and 0.2");
        }

        problems.Number("handover.discount_scale", DiscountScale, DiscountScale > 0, "expected a discount gap above 0, such as 0.10");
    }
}
