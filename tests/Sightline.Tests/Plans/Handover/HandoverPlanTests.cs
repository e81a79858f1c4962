using System.Text.Json;
using Sightline.Features;
using Sightline.Plans.Handover;
using Sightline.Tests.Models;
using Sightline.Tests.Support;

namespace Sightline.Tests.Plans.Handover;

/// <summary>
/// A hand-built world: R1 (field, West) leaves with two Healthcare accounts that buy Imaging at about 9% discount and one
/// Retail account that buys Software at about 29%. R2 (field, West) carries Healthcare accounts buying Imaging at 8%, R3
/// (field, West) Retail accounts buying Software at 30%; R4 is inside in the West, R5 field in the East.
/// </summary>
public sealed class HandoverPlanTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string Orders = """
        order_id,account_id,product_id,order_date,amount,discount
        O1,A1,P1,2026-03-01,9000,0.09
        O2,A2,P1,2026-03-01,4000,0.09
        O3,A3,P2,2026-03-01,5000,0.29
        O4,H1,P1,2026-03-01,7000,0.08
        O5,H2,P1,2026-03-01,6000,0.08
        O6,T1,P2,2026-03-01,3000,0.30
        O7,T2,P2,2026-03-01,3000,0.30
        O8,E1,P2,2026-03-01,3000,0.30

        """;

    // wonDeals: the same sales as won opportunities instead of orders (a CRM export without invoices).
    private void Build(int r2Capacity = 10, int r3Capacity = 10, int r4Capacity = 10, int r5Capacity = 10, bool wonDeals = false)
    {
        _ws.Import(null,
            ("reps.csv", $"""
                rep_id,name,role,region,capacity_accounts
                R1,Lea Leaving,field,West,10
                R2,Ana Lopez,field,West,{r2Capacity}
                R3,Ben Stone,field,West,{r3Capacity}
                R4,Cai Inside,inside,West,{r4Capacity}
                R5,Dev East,field,East,{r5Capacity}

                """),
            ("products.csv", "product_id,name,family\nP1,Scanner,Imaging\nP2,Suite,Software\n"),
            ("accounts.csv", """
                account_id,name,industry,employees,region,owner_rep_id
                A1,Clinic One,Healthcare,100,West,R1
                A2,Clinic Two,Healthcare,100,West,R1
                A3,Shop Three,Retail,100,West,R1
                H1,Hospital A,Healthcare,100,West,R2
                H2,Hospital B,Healthcare,100,West,R2
                T1,Store A,Retail,100,West,R3
                T2,Store B,Retail,100,West,R3
                E1,Eastern,Retail,100,East,R5

                """),
            wonDeals
                ? ("opportunities.csv", "opportunity_id,account_id,product_id,created_at,closed_at,stage,amount\n" + string.Concat(Orders.Split('\n').Skip(1)
                    .Where(l => l.Length > 0).Select(l => l.Split(',')).Select(o => $"{o[0]},{o[1]},{o[2]},2026-01-01,{o[3]},Closed Won,{o[4]}\n")))
                : ("orders.csv", Orders));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    [Fact]
    public void Handover_GivesEachAccountToTheObviouslyMostAlikeRep_WithTheReason()
    {
        Build();

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        var to = result.Assignments.ToDictionary(a => a.AccountId, a => a.ToRep);
        Assert.Equal(new Dictionary<string, string?> { ["A1"] = "R2", ["A2"] = "R2", ["A3"] = "R3" }, to);
        Assert.All(result.Assignments, a => Assert.Equal("same region and role", a.Match));
        var a1 = result.Assignments.Single(a => a.AccountId == "A1");
        Assert.Equal("rep Ana Lopez (field, West; similarity 0.98): 100% of Ana Lopez's accounts are Healthcare like this one; both buy Imaging; similar discounts 9% here vs 8% on Ana Lopez's orders", a1.Reason);
        Assert.Equal((3L, 3L, 0L), (result.Accounts, result.Assigned, result.Unassigned));
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Handover_WorkspaceWithWonDealsInsteadOfOrders_ReadsThemAsTheAccountsPurchases()
    {
        Build(wonDeals: true);

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        Assert.Equal(new Dictionary<string, string?> { ["A1"] = "R2", ["A2"] = "R2", ["A3"] = "R3" }, result.Assignments.ToDictionary(a => a.AccountId, a => a.ToRep));
        Assert.Contains("both buy Imaging", result.Assignments.Single(a => a.AccountId == "A1").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Handover_AssignsOnlyTheLeavingRepsAccounts_AndStoresThem()
    {
        Build();

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        Assert.Equal(["A1", "A2", "A3"], result.Assignments.Select(a => a.AccountId).Order(StringComparer.Ordinal));
        Assert.Equal(["A1", "A2", "A3"], _ws.Workspace.Strings($"SELECT account_id FROM {HandoverPlan.Table} ORDER BY account_id"));
        Assert.Equal(3L, _ws.Count($"SELECT count(*) FROM {HandoverPlan.Table} WHERE from_rep = 'R1' AND run_id = '{result.RunId}'"));
        Assert.DoesNotContain(result.Assignments, a => a.ToRep == "R1");
    }

    [Fact]
    public void Handover_RespectsRoom_TheBiggerAccountGetsTheBestMatch()
    {
        // Ana Lopez carries 2 accounts with capacity 3: room for one Healthcare account only.
        Build(r2Capacity: 3);

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        Assert.Equal("R2", result.Assignments.Single(a => a.AccountId == "A1").ToRep); // 9,000 of revenue beats A2's 4,000
        Assert.NotEqual("R2", result.Assignments.Single(a => a.AccountId == "A2").ToRep);
        Assert.All(result.Receivers, r => Assert.True(r.Received <= r.Room, $"{r.RepId} receives {r.Received} with room {r.Room}"));
        Assert.Equal(1, result.Receivers.Single(r => r.RepId == "R2").Received);
        Assert.Equal(3L, result.Assigned);
    }

    [Fact]
    public void Handover_FallsBackOnlyWhenTheRegionAndRoleAreFull_AndSaysSo()
    {
        // No field rep in the West has room: the inside rep in the West comes before the field rep in the East.
        Build(r2Capacity: 2, r3Capacity: 2, r4Capacity: 10);

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        Assert.All(result.Assignments, a => Assert.Equal(("R4", "same region"), (a.ToRep, a.Match)));
        Assert.All(result.Assignments, a => Assert.Contains("falls back to another role in West: no field rep there has room", a.Reason, StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("3 accounts fall back to a rep of another role in the same region", StringComparison.Ordinal));
    }

    [Fact]
    public void Handover_NotEnoughRoomAnywhere_AssignsWhatFits_AndListsTheRestAsUnassigned()
    {
        // Room: R2 0, R3 1, R4 0, R5 0 (R5 carries one account with capacity 1).
        Build(r2Capacity: 2, r3Capacity: 3, r4Capacity: 0, r5Capacity: 1);

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        Assert.Equal((1L, 2L), (result.Assigned, result.Unassigned));
        Assert.Equal("R3", result.Assignments.Single(a => a.ToRep is not null).ToRep);
        var unassigned = result.Assignments.Where(a => a.ToRep is null).ToList();
        Assert.All(unassigned, a => Assert.Equal("unassigned", a.Match));
        Assert.All(unassigned, a => Assert.StartsWith("no rep has room left", a.Reason, StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("2 accounts are unassigned: no rep has room for them", StringComparison.Ordinal));
        Assert.Equal(2L, _ws.Count($"SELECT count(*) FROM {HandoverPlan.Table} WHERE to_rep IS NULL"));
    }

    [Fact]
    public void Handover_OfTheOnlyRep_SaysThereIsNoOneToHandTo_NotToRaiseACapacity()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,capacity_accounts\nR1,Lea Leaving,field,West,10\n"),
            ("products.csv", "product_id,name,family\nP1,Scanner,Imaging\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,Clinic One,Healthcare,100,West,R1\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,9000\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        var result = HandoverPlan.Run(_ws.Workspace, "R1", FixedClock.Default);

        Assert.Equal("R1 is the only rep: there is no one to hand it to; import the rep who takes over (reps) and plan again", Assert.Single(result.Assignments).Reason);
        Assert.Contains("1 account is unassigned: R1 is the only rep: there is no one to hand it to; import the rep who takes over (reps) and plan again", result.Notes);
    }

    [Fact]
    public void Handover_RepWithoutAccounts_IsBadInputWithAClearMessage()
    {
        Build();

        var error = Assert.Throws<BadInputException>(() => HandoverPlan.Run(_ws.Workspace, "R4", FixedClock.Default));

        Assert.Equal("--rep: value 'R4': Cai Inside owns no accounts (accounts.owner_rep_id): there is no book to hand over", error.Message);
    }
}

[Collection(ScoredDemoCollection.Name)]
public sealed class HandoverPlanDemoTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Demo_NoReceiverGetsMoreThanItsRoom_AndEveryAccountOfTheBookIsPlannedOnce()
    {
        using var ws = Sightline.Workspaces.Workspace.Open(demo.Workspace);
        var rep = ws.Strings("SELECT owner_rep_id FROM accounts WHERE owner_rep_id IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1")[0];
        var book = ws.Strings($"SELECT account_id FROM accounts WHERE owner_rep_id = '{rep}' ORDER BY account_id");

        var result = HandoverPlan.Run(ws, rep, FixedClock.Default);

        Assert.Equal(book, result.Assignments.Select(a => a.AccountId).Order(StringComparer.Ordinal));
        Assert.All(result.Receivers, r => Assert.True(r.Received <= r.Room, $"{r.RepId} receives {r.Received} with room {r.Room}"));
        Assert.Equal(result.Assigned, result.Receivers.Sum(r => r.Received));
        Assert.All(result.Assignments.Where(a => a.ToRep is not null), a => Assert.StartsWith("rep ", a.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Cli_UnknownRep_ExitsTwoAndSuggestsKnownReps()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "handover", "--workspace", demo.Workspace, "--rep", "R0014");

        Assert.Equal((2, ""), (exit, output));
        Assert.StartsWith("--rep: value 'R0014': not a rep; the closest known reps are R00014 (", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_Json_ListsEachAccountWithItsNewRep()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "handover", "--workspace", demo.Workspace, "--rep", "R00014", "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var assignments = json.RootElement.GetProperty("assignments").EnumerateArray().ToList();
        Assert.NotEmpty(assignments);
        Assert.Equal(json.RootElement.GetProperty("accounts").GetInt64(), assignments.Count);
        Assert.All(assignments, a => Assert.False(string.IsNullOrEmpty(a.GetProperty("reason").GetString())));
        Assert.Equal("R00014", json.RootElement.GetProperty("rep_id").GetString());
    }
}
