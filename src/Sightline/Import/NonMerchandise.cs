namespace Sightline.Import;

/// <summary>
/// Order lines that are no product: postage, discounts, fees, tax, adjustments, samples, gift cards, test lines. Sales
/// exports carry them as items (UCI's Online Retail: POST, D, M, BANK CHARGES; QuickBooks and Xero: "Shipping",
/// "Discount", "Sales Tax"). Import marks such a product in <c>products.line_kind</c>; its lines stay in revenue (what the
/// customer paid) but in no product family, holding, propensity, white space or list.
/// A product is matched by its whole code or name, case, spaces and punctuation aside, never by a word inside a name:
/// "POSTAGE" is postage, "POSTAGE STAMP NOTEBOOK" is a product.
/// </summary>
public static class NonMerchandise
{
    /// <summary>The kinds of line that are not merchandise, as <c>products.line_kind</c> holds them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["shipping", "discount", "fee", "tax", "adjustment", "sample", "gift_card", "test"];

    /// <summary>Whole names (or codes) that say a line is not merchandise, whether a product's code or its name gives them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = Group(
        ("shipping", ["Postage", "Dotcom Postage", "Postage and Packing", "Shipping", "Shipping Charge", "Shipping Charges", "Shipping Cost",
            "Shipping Costs", "Shipping Fee", "Shipping and Handling", "Shipping & Handling", "Freight", "Freight Charge", "Freight Charges",
            "Freight Cost", "Delivery Charge", "Delivery Charges", "Delivery Fee", "Delivery Cost", "Carriage Charge", "Handling Fee",
            "Handling Charge", "Versandkosten", "Frais de port"]),
        ("discount", ["Discount", "Discounts", "Sales Discount", "Cash Discount", "Early Payment Discount", "Volume Discount", "Coupon", "Rabatt", "Remise"]),
        ("fee", ["Bank Charges", "Bank Charge", "Bank Fee", "Bank Fees", "Amazon Fee", "Amazon Fees", "PayPal Fee", "PayPal Fees", "Credit Card Fee",
            "Card Fee", "Card Processing Fee", "Processing Fee", "Transaction Fee", "CRUK Commission"]),
        ("tax", ["Tax", "Taxes", "Sales Tax", "VAT", "GST", "HST", "PST", "MwSt", "Mehrwertsteuer", "Umsatzsteuer", "TVA"]),
        ("adjustment", ["Adjustment", "Adjustments", "Manual Adjustment", "Adjust bad debt", "Bad Debt", "Write Off", "Rounding",
            "Rounding Adjustment"]),
        ("gift_card", ["Gift Card", "Gift Certificate", "Gift Voucher"]));

    /// <summary>Codes distinct enough to mark a line by the code alone (UCI's Online Retail), whatever its name says.</summary>
    public static readonly IReadOnlyDictionary<string, string> Codes = Group(
        ("shipping", ["POST", "DOT"]),
        ("fee", ["BANK CHARGES", "AMAZONFEE", "CRUK"]),
        ("adjustment", ["ADJUST", "ADJUST2"]),
        ("test", ["TEST001", "TEST002"]));

    /// <summary>
    /// Codes too short or too common to mark a line alone, read only with their name: Online Retail's M "Manual" and S "SAMPLES"
    /// (a product named "Manual" or "Samples", or coded M, stays a product).
    /// </summary>
    public static readonly IReadOnlyList<(string Code, string Name, string Kind)> CodesWithNames =
    [
        ("M", "Manual", "adjustment"),
        ("S", "SAMPLES", "sample"),
        ("C2", "CARRIAGE", "shipping"),
    ];

    /// <summary>A code or name as it is compared: lower case, letters and digits only ("Bank Charges" and "BANK-CHARGES" are one).</summary>
    public static string Key(string codeOrName) => ColumnMapper.Normalise(codeOrName);

    /// <summary>The SQL of <see cref="Key"/> over an expression.</summary>
    internal static string KeySql(string expression) => $"regexp_replace(lower({expression}), '[^\\p{{L}}\\p{{N}}]+', '', 'g')";

    private static Dictionary<string, string> Group(params (string Kind, string[] Entries)[] groups) =>
        groups.SelectMany(g => g.Entries.Select(e => (Key: Key(e), g.Kind))).ToDictionary(e => e.Key, e => e.Kind, StringComparer.Ordinal);
}
