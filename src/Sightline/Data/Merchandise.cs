namespace Sightline.Data;

/// <summary>
/// The products product analytics read. A product marked at import as no merchandise (<c>products.line_kind</c>: postage, a
/// discount, a fee; <see cref="Import.NonMerchandise"/>) is in no family and no holding: joined through <see cref="Products"/>,
/// its lines keep their amount (revenue is what the invoices say) but find no product.
/// </summary>
public static class Merchandise
{
    /// <summary>The products that are merchandise, with every column of <c>products</c>.</summary>
    public const string Products = "(SELECT * FROM products WHERE line_kind IS NULL)";

    /// <summary>The product families, in the order family columns are numbered in (features, potential and propensity agree on it).</summary>
    public const string FamiliesSql = "SELECT DISTINCT family FROM products WHERE family IS NOT NULL AND line_kind IS NULL ORDER BY family";
}
