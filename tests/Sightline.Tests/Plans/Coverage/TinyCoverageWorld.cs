using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Coverage;

/// <summary>
/// Four customers whose expected value is exactly last year's spend (no propensity scores, so no white space counts):
/// A1 100,000 owned by a digital rep, A2 90,000 and A3 5,000 owned by the field rep, A4 50 owned by the inside rep.
/// One field and one inside rep with capacity 1 each, all in region West; margin rate 0.5, field 1,000 / 100%,
/// inside 200 / 80%, digital 10 / 40% unlimited. Every margin can be worked out by hand.
/// </summary>
public sealed class TinyCoverageWorld : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public TinyCoverageWorld()
    {
        _ws.Import(null,
            ("reps.csv", """
                rep_id,name,role,region,capacity_accounts,annual_cost
                F1,Fay,field,West,1,100000
                I1,Ian,inside,West,1,50000
                D1,Dee,digital,West,1000,40000

                """),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", """
                account_id,name,industry,employees,region,owner_rep_id
                A1,One,A,100,West,D1
                A2,Two,A,100,West,F1
                A3,Three,A,100,West,F1
                A4,Four,A,100,West,I1

                """),
            ("orders.csv", """
                order_id,account_id,product_id,order_date,amount
                O1,A1,P1,2026-03-01,100000
                O2,A2,P1,2026-03-01,90000
                O3,A3,P1,2026-03-01,5000
                O4,A4,P1,2026-03-01,50

                """));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "region", FixedClock.Default);
        var coverage = _ws.Workspace.Settings.Coverage;
        coverage.MarginRate = 0.5;
        coverage.Models = new Dictionary<string, CoverageModelSettings>(StringComparer.Ordinal)
        {
            ["field"] = new() { Role = "field", CostToServe = 1_000, Effectiveness = 1.0 },
            ["inside"] = new() { Role = "inside", CostToServe = 200, Effectiveness = 0.8 },
            ["digital"] = new() { Role = "digital", CostToServe = 10, Effectiveness = 0.4, Unlimited = true },
        };
    }

    public Workspace Workspace => _ws.Workspace;

    public void Dispose() => _ws.Dispose();
}
