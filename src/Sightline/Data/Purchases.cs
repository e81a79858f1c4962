using Sightline.Workspaces;

namespace Sightline.Data;

/// <summary>
/// What the analytics read as purchases: the workspace's order lines, or, in a workspace with no orders but won
/// opportunities (a CRM export without the ERP's invoices, such as Maven Analytics' public CRM Sales Opportunities), its
/// won opportunities, each one order line at its close date for its amount. A workspace with any order reads orders
/// only, so deals and the invoices they became are never counted twice.
/// </summary>
public static class Purchases
{
    /// <summary>Won opportunities in the shape of <c>orders</c> (a deal without a product gets none, so no family).</summary>
    private const string WonDeals = """
        (SELECT opportunity_id AS order_id, account_id, coalesce(product_id, '') AS product_id, closed_at AS order_date, amount,
                NULL::DOUBLE AS quantity, NULL::DOUBLE AS discount, rep_id, NULL::VARCHAR AS channel
         FROM opportunities WHERE won AND closed_at IS NOT NULL AND amount IS NOT NULL)
        """;

    /// <summary>Whether the workspace's purchases are its won opportunities (it has no orders, and some deal is won).</summary>
    public static bool FromWonDeals(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.Scalar("SELECT 1 FROM orders LIMIT 1") is null
            && workspace.Scalar("SELECT 1 FROM opportunities WHERE won AND closed_at IS NOT NULL AND amount IS NOT NULL LIMIT 1") is not null;
    }

    /// <summary>The relation to read purchases from, with the columns of <c>orders</c>: <c>orders</c> itself, or the won deals.</summary>
    public static string Source(Workspace workspace) => FromWonDeals(workspace) ? WonDeals : "orders";

    /// <summary>What a run that read purchases from <paramref name="source"/> (<see cref="Source"/>) tells its user when they were won deals, or null.</summary>
    public static string? Note(string source) => source == WonDeals
        ? "no orders are loaded, so won opportunities are the purchases (each one order at its close date for its amount)"
        : null;
}
