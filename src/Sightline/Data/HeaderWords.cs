using System.Text.RegularExpressions;

namespace Sightline.Data;

/// <summary>What a column header says, read as words: "CustomerID", "customer_id" and "Customer ID" are the words customer, id.</summary>
public static partial class HeaderWords
{
    // Entities whose id exports write as one word ("customerid", "invoiceno" aside): their name glued to "id".
    private static readonly HashSet<string> GluedIdPrefixes = new(StringComparer.Ordinal)
    {
        "customer", "cust", "client", "account", "user", "member", "order", "invoice", "transaction", "record", "row", "contact", "lead",
        "opportunity", "product", "item", "person", "employee", "company", "household",
    };

    /// <summary>The header's words, lower case: split at anything not a letter or digit and where a capital follows a small letter or digit.</summary>
    public static IReadOnlyList<string> Of(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return [.. NotAlphanumeric().Split(CamelCase().Replace(header, "$1 $2")).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant())];
    }

    /// <summary>Whether a header names a row's identifier (id, customer_id, CustomerID, "Record ID", customerid) rather than a measure.</summary>
    public static bool LooksLikeId(string header)
    {
        var words = Of(header);
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[^1];
        return last == "id" || (last.EndsWith("id", StringComparison.Ordinal) && GluedIdPrefixes.Contains(last[..^2]));
    }

    /// <summary>Whether a header names a line's price per unit ("Unit Price", "UnitPrice", "Price", "Price Each"), as invoice-line exports write it.</summary>
    public static bool NamesAUnitPrice(string header) => UnitPriceNames.Contains(string.Concat(Of(header)));

    private static readonly HashSet<string> UnitPriceNames = new(StringComparer.Ordinal)
    {
        "unitprice", "price", "priceeach", "itemprice", "saleprice", "netprice", "unitsellingprice",
        "itemcost", // WooCommerce's order export: what the buyer paid per item, not the seller's cost
    };

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NotAlphanumeric();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CamelCase();
}
