using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Tests.Support;

namespace Sightline.Tests.Plans.Lists;

/// <summary><c>lists --rep</c> for a manager or a rep without a book: the empty result says why.</summary>
public sealed class RepListsForOneRepTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public RepListsForOneRepTests()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,manager_id,capacity_accounts\nM1,Meg,field,West,,0\nR1,Ann,field,West,M1,10\nR2,Bob,field,West,M1,10\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,One,A,100,West,R1\nA2,Two,A,200,West,R1\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,1000\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Rep_AManager_GetsNoRowsAndANoteNamingItsTeam()
    {
        var result = RepLists.Run(_ws.Workspace, "M1", FixedClock.Default);

        Assert.Empty(result.Rows);
        Assert.Contains("M1 has no list: it owns no account with a recommended action; it manages R1, R2, whose lists show with --rep each, or all with the manager roll-ups without --rep", result.Notes);
    }

    [Fact]
    public void Rep_WithoutABook_GetsNoRowsAndANoteSayingWhy()
    {
        var result = RepLists.Run(_ws.Workspace, "R2", FixedClock.Default);

        Assert.Empty(result.Rows);
        Assert.Contains("R2 has no list: it owns no account with a recommended action", result.Notes);
    }
}
