using Sightline.Exports;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Coverage;
using Sightline.Plans.Headcount;
using Sightline.Plans.Lists;
using Sightline.Plans.Quotas;
using Sightline.Tests.Support;

namespace Sightline.Tests.Plans;

/// <summary>Accounts imported after the potential run: every verb built on potential (plans, lists, export, markets) says they are left out.</summary>
public sealed class PotentialMissingNoteTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public PotentialMissingNoteTests()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,capacity_accounts,annual_cost\nR1,Ann,field,West,10,100000\nR2,Bob,inside,West,10,60000\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,One,A,100,West,R1\nA2,Two,A,100,West,R2\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,1000\nO2,A2,P1,2026-03-01,500\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);
        _ws.Import(null, ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA3,Three,A,100,West,R2\nA4,Four,A,100,West,R2\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    private string Expected =>
        $"2 accounts have no potential yet (imported after the latest potential run): potential, white space and what rests on them leave them out; run `sightline features --workspace {_ws.Workspace.Directory}` and then `sightline potential --workspace {_ws.Workspace.Directory}` again";

    [Fact]
    public void PlansListsAndExport_OnAccountsNewerThanThePotentialRun_SaySoInTheirNotes()
    {
        Assert.Equal(4L, _ws.Count("SELECT count(*) FROM accounts"));

        Assert.Contains(Expected, QuotaPlan.Run(_ws.Workspace, 2_000m, FixedClock.Default).Notes);
        Assert.Contains(Expected, CoveragePlan.Run(_ws.Workspace, FixedClock.Default).Notes);
        Assert.Contains(Expected, HeadcountPlan.Run(_ws.Workspace, null, FixedClock.Default).Notes);
        Assert.Contains(Expected, RepLists.Run(_ws.Workspace, null, FixedClock.Default).Notes);
        Assert.Contains(Expected, PlanExport.Run(_ws.Workspace, _ws.Files.File("out"), ExportFormat.Csv, FixedClock.Default).Notes);

        // Markets counted 2 of the 4 accounts of region West without a word.
        var markets = Markets.Rank(_ws.Workspace, "region");
        Assert.Equal([("West", 2L)], markets.Markets.Select(m => (m.Market, m.Accounts)));
        Assert.Equal([Expected], markets.Notes);
    }

    [Fact]
    public void OneAccountWithoutPotential_IsToldInTheSingular()
    {
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);
        _ws.Import(null, ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA5,Five,A,100,West,R2\n"));

        Assert.Equal(
            $"1 account has no potential yet (imported after the latest potential run): potential, white space and what rests on them leave it out; run `sightline features --workspace {_ws.Workspace.Directory}` and then `sightline potential --workspace {_ws.Workspace.Directory}` again",
            AccountPotential.MissingNote(_ws.Workspace));
    }

    [Fact]
    public void Quotas_AfterPotentialIsRunAgain_HaveNoSuchNote()
    {
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);

        Assert.DoesNotContain(QuotaPlan.Run(_ws.Workspace, 2_000m, FixedClock.Default).Notes, n => n.Contains("have no potential yet", StringComparison.Ordinal));
    }
}
