using System.Globalization;
using Sightline.Access;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Lists;

/// <summary>
/// Approved overrides and recent outcomes shape the next lists, on a hand-built workspace: one rep (capacity 3) owning
/// eight same-size accounts that spend less and less, so each but the top spender is an up-sell ranked by its white space.
/// </summary>
public sealed class RepListsOverrideTests : IDisposable
{
    private static readonly UserAccount Rep = new("ann", UserRole.Rep, "R1", new DateTime(2026, 1, 1));
    private static readonly UserAccount Manager = new("meg", UserRole.Manager, "M1", new DateTime(2026, 1, 1));
    private readonly TestWorkspace _ws = new();

    public RepListsOverrideTests()
    {
        var accounts = string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},Account {i},A,100,East,R1\n"));
        var orders = string.Concat(Enumerable.Range(1, 8).Select(i => $"O{i},A{i},P1,2026-03-01,{1100 - (100 * i)}\n"));
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,manager_id,capacity_accounts\nM1,Meg,field,West,,0\nR1,Ann,field,West,M1,3\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\n" + accounts),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\n" + orders));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);
        _ws.Workspace.Settings.Lists.HoldoutShare = 0;
    }

    public void Dispose() => _ws.Dispose();

    private Workspace Ws => _ws.Workspace;

    /// <summary>The recommended accounts of the latest run by value, best first (listed or not).</summary>
    private List<string> Recommended(string runId) => Ws.Strings(
        $"SELECT account_id FROM {ListLift.Table} WHERE run_id = {Sql.Literal(runId)} AND NOT held_out ORDER BY value DESC, account_id");

    private string Override(string account, string action, bool approve = true, TimeProvider? clock = null)
    {
        var request = Actions.RequestOverride(Ws, Rep, account, action, $"{action} it: the customer asked for a review", clock ?? FixedClock.Default);
        Actions.Decide(Ws, Manager, request.OverrideId, approve, null, clock ?? FixedClock.Default);
        return request.OverrideId;
    }

    [Fact]
    public void Baseline_HasMoreRecommendedAccountsThanCapacity()
    {
        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        var recommended = Recommended(result.RunId);
        Assert.True(recommended.Count >= 5, $"expected at least 5 recommended accounts, got {recommended.Count}");
        Assert.Equal(recommended.Take(3), result.Rows.OrderBy(r => r.Rank).Select(r => r.AccountId));
        Assert.DoesNotContain(result.Notes, n => n.Contains("overrides applied", StringComparison.Ordinal));
    }

    [Fact]
    public void ApprovedPromote_PutsAnUnlistedAccountFirst_WithinCapacity_WithTheReason()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        var last = recommended[^1];
        Override(last, "promote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        var rows = result.Rows.OrderBy(r => r.Rank).ToList();
        Assert.Equal([last, .. recommended.Take(2)], rows.Select(r => r.AccountId));
        Assert.StartsWith("promoted by meg on 2026-11-23: promote it: the customer asked for a review; spends ", rows[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("spends ", rows[1].Reason, StringComparison.Ordinal);
        Assert.Contains("approved overrides applied: 1 account promoted to the top of their rep's list, 0 demoted after the rest, 0 removed", result.Notes);
    }

    [Fact]
    public void ApprovedPromote_IsListedEvenWhenTheCapacityIsFull()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Ws.Execute("UPDATE reps SET capacity_accounts = 0 WHERE rep_id = 'R1'");
        Override(recommended[^1], "promote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        var row = Assert.Single(result.Rows);
        Assert.Equal((recommended[^1], 1), (row.AccountId, row.Rank));
    }

    [Fact]
    public void ApprovedDemote_RanksAfterEveryOtherAccount()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Ws.Execute("UPDATE reps SET capacity_accounts = 100 WHERE rep_id = 'R1'");
        Override(recommended[0], "demote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        var rows = result.Rows.OrderBy(r => r.Rank).ToList();
        Assert.Equal([.. recommended.Skip(1), recommended[0]], rows.Select(r => r.AccountId));
        Assert.StartsWith("demoted by meg on 2026-11-23: ", rows[^1].Reason, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("0 accounts promoted to the top of their rep's list, 1 demoted after the rest, 0 removed", StringComparison.Ordinal));
    }

    [Fact]
    public void ApprovedDemote_UnderCapacity_LetsTheNextAccountIn()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Override(recommended[0], "demote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        Assert.Equal(recommended.Skip(1).Take(3), result.Rows.OrderBy(r => r.Rank).Select(r => r.AccountId));
    }

    [Fact]
    public void ApprovedRemove_KeepsTheAccountOff()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Override(recommended[1], "remove");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        Assert.Equal([recommended[0], recommended[2], recommended[3]], result.Rows.OrderBy(r => r.Rank).Select(r => r.AccountId));
        Assert.Contains(result.Notes, n => n.Contains("0 demoted after the rest, 1 removed", StringComparison.Ordinal));
        // The removed account is not counted among those that did not fit the capacity.
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{recommended.Count - 4} recommended accounts did not fit their rep's capacity")
            + " (capacity_accounts, else lists.default_capacity 25)", result.Notes);
    }

    [Fact]
    public void PendingAndRejectedOverrides_ChangeNothing()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Actions.RequestOverride(Ws, Rep, recommended[0], "remove", "remove it: the customer asked for a review", FixedClock.Default);
        Override(recommended[^1], "promote", approve: false);

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        Assert.Equal(recommended.Take(3), result.Rows.OrderBy(r => r.Rank).Select(r => r.AccountId));
        Assert.All(result.Rows, r => Assert.StartsWith("spends ", r.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Contains("overrides applied", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLatestApprovedOverride_Wins()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Override(recommended[^1], "remove", clock: new FixedClock(FixedClock.Default.GetUtcNow().AddDays(-2)));
        Override(recommended[^1], "promote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        Assert.Equal(recommended[^1], result.Rows.Single(r => r.Rank == 1).AccountId);
    }

    [Fact]
    public void RecentOutcome_CoolsTheAccountDown_OldOutcomeDoesNot()
    {
        var recommended = Recommended(RepLists.Run(Ws, clock: FixedClock.Default).RunId);
        Actions.RecordOutcome(Ws, Rep, recommended[0], "won", "signed a two-year order in the summer", new FixedClock(FixedClock.Default.GetUtcNow().AddDays(-89)));
        Actions.RecordOutcome(Ws, Rep, recommended[1], "lost", "went with a competitor back in spring", new FixedClock(FixedClock.Default.GetUtcNow().AddDays(-91)));
        Override(recommended[0], "promote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        // The outcome outranks the promote: the account was just worked.
        Assert.Equal(recommended.Skip(1).Take(3), result.Rows.OrderBy(r => r.Rank).Select(r => r.AccountId));
        Assert.Contains("1 account with an outcome recorded in the last 90 days (lists.outcome_cooldown_days) is kept off the lists", result.Notes);

        Ws.Settings.Lists.OutcomeCooldownDays = 0;
        var off = RepLists.Run(Ws, clock: FixedClock.Default);
        Assert.Equal(recommended[0], off.Rows.Single(r => r.Rank == 1).AccountId);
    }

    [Fact]
    public void PromotedHeldOutAccount_StaysHeldOut_WithANote()
    {
        Ws.Settings.Lists.HoldoutShare = 0.5;
        var first = RepLists.Run(Ws, clock: FixedClock.Default);
        var held = Ws.Strings($"SELECT account_id FROM {RepLists.HoldoutTable} WHERE run_id = {Sql.Literal(first.RunId)} ORDER BY account_id");
        Assert.NotEmpty(held);
        Override(held[0], "promote");

        var result = RepLists.Run(Ws, clock: FixedClock.Default);

        Assert.DoesNotContain(result.Rows, r => r.AccountId == held[0]);
        Assert.Equal(1L, Convert.ToInt64(Ws.Scalar(
            $"SELECT count(*) FROM {RepLists.HoldoutTable} WHERE run_id = {Sql.Literal(result.RunId)} AND account_id = {Sql.Literal(held[0])}"), CultureInfo.InvariantCulture));
        Assert.Contains("1 account with an approved promote is in the random holdout and stays held out, so the lift of the lists stays measurable", result.Notes);
    }

    [Fact]
    public void Settings_NegativeCooldown_IsBadInputWithTheKey()
    {
        var file = _ws.Files.File("sightline.yaml");
        File.WriteAllText(file, "lists:\n  outcome_cooldown_days: -1\n");
        Assert.Contains("lists.outcome_cooldown_days", Assert.Throws<BadInputException>(() => ProjectSettings.Load(file)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, "lists:\n  outcome_cooldown_days: 30\n");
        Assert.Equal(30, ProjectSettings.Load(file).Lists.OutcomeCooldownDays);
        Assert.Equal(90, new ListSettings().OutcomeCooldownDays);
    }
}
