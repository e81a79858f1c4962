using Sightline.Features;
using Sightline.Models;
using Sightline.Models.Value;
using Sightline.Tests.Support;

namespace Sightline.Tests.Features;

/// <summary>
/// Lines that are no merchandise (a ledger's Shipping and Discount items, filed under a "Services" category) stay in an
/// account's revenue but count as no product: no family, holding, cross-sell model or white space.
/// </summary>
public sealed class NonMerchandiseAnalyticsTests : IDisposable
{
    private readonly TestWorkspace _ws = new("potential:\n  min_peers: 1\n");

    public NonMerchandiseAnalyticsTests()
    {
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Widget,Core Platform\nP2,Scope,Analytics\nSHIP,Shipping,Services\nDISC,Discount,Services\n"),
            ("accounts.csv", "account_id,name,industry,employees\nA1,Acme,Retail,100\nA2,Beta,Retail,100\nA3,Gamma,Retail,100\nA4,Delta,Retail,100\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\n"
                + "O1,A1,P1,2026-03-01,100\nO1,A1,SHIP,2026-03-01,20\nO1,A1,DISC,2026-03-01,-10\n"
                + "O2,A2,P2,2026-03-01,200\nO2,A2,SHIP,2026-03-01,30\n"
                + "O3,A3,SHIP,2026-03-01,15\n"));
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Features_ShippingAndDiscountLines_AreInRevenue_ButInNoFamilyOrHolding()
    {
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        // Revenue is what the invoices say: A1 paid 100 for the widget, 20 postage, less a 10 discount.
        Assert.Equal(["A1|110.0|110.0|[Core Platform]|1|true|false", "A2|230.0|230.0|[Analytics]|1|false|true", "A3|15.0|15.0|[]|0|false|false", "A4|0.0|0.0|[]|0|false|false"],
            _ws.Lines("SELECT account_id, lifetime_revenue, revenue_12m, product_families, families_bought, holds_core_platform, holds_analytics FROM account_features ORDER BY account_id"));
        Assert.Empty(_ws.Rows($"SELECT column_name FROM duckdb_columns() WHERE table_name = '{FeatureBuilder.Table}' AND column_name LIKE '%services%'"));
    }

    [Fact]
    public void CrossSellAndWhiteSpace_NeverOfferANonMerchandiseFamily()
    {
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        var potential = AccountPotential.Run(_ws.Workspace, "industry", FixedClock.Default);
        var propensity = WindowPropensity.Run(_ws.Workspace, new WindowOptions());

        Assert.Equal(["Analytics", "Core Platform"], potential.Families.Select(f => f.Family));
        Assert.Equal(["Analytics", "Core Platform"], _ws.Lines($"SELECT DISTINCT family FROM {AccountPotential.FamilyTable} ORDER BY family"));
        // Every family a cross-sell model was tried for says so in a note (here each has too few buyers to learn from).
        Assert.Equal(["product family Analytics", "product family Core Platform"],
            propensity.Notes.Where(n => n.StartsWith("product family", StringComparison.Ordinal)).Select(n => n[..n.IndexOf(':', StringComparison.Ordinal)]));
        Assert.DoesNotContain(propensity.Notes, n => n.Contains("Services", StringComparison.Ordinal));
    }
}
