using Sightline.Access;
using Sightline.Plans.Lists;
using Sightline.Tests.Access;

namespace Sightline.Tests.Web;

/// <summary>
/// <see cref="Scorecard"/> and <see cref="FieldQueries"/> on the hand-built access world (see <see cref="AccessWorld"/>)
/// with a quota plan, a lists run, its holdout, outcomes and touchpoints added, so every number can be checked by hand.
/// Quota period: 2026-01-01 to 2026-12-31 (plan as of 2025-12-31); lists made 2026-01-10 as of 2025-12-31; orders known
/// to 2027-01-15.
/// </summary>
public sealed class FieldScorecardTests : IDisposable
{
    private readonly AccessWorld _world = new();

    public FieldScorecardTests()
    {
        _world.Workspace.Execute("""
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES
                ('o4', 'a4', 'p1', DATE '2026-06-01', 150), ('o5', 'a5', 'p1', DATE '2027-01-15', 300), ('o6', 'a5', 'p1', DATE '2025-12-31', 40);
            INSERT INTO runs VALUES
                ('quotas-1', 'quotas', DATE '2025-12-31', TIMESTAMP '2026-01-01 08:00:00', TIMESTAMP '2026-01-01 08:00:01', 'plan'),
                ('lists-1', 'lists', DATE '2025-12-31', TIMESTAMP '2026-01-10 00:00:00', TIMESTAMP '2026-01-10 00:00:01', 'lists');
            CREATE TABLE plan_quotas (run_id VARCHAR, level VARCHAR, key VARCHAR, quota DECIMAL(18, 2));
            INSERT INTO plan_quotas VALUES ('quotas-1', 'rep', 'R1', 1000), ('quotas-1', 'rep', 'R2', 200), ('quotas-1', 'rep', 'R3', 500),
                ('quotas-1', 'territory', 'T1', 1000);
            CREATE TABLE account_potential (account_id VARCHAR, potential DOUBLE, white_space DOUBLE);
            INSERT INTO account_potential VALUES ('a1', 1000, 650), ('a4', 600, 450), ('a3', 300, 210), ('a5', 0, 0);
            CREATE TABLE rep_lists (run_id VARCHAR, rep_id VARCHAR, rank INTEGER, account_id VARCHAR, account_name VARCHAR, action VARCHAR,
                product_family VARCHAR, value DOUBLE, band VARCHAR, reason VARCHAR, missing_roles VARCHAR, channel VARCHAR, theme VARCHAR, next_best_action VARCHAR);
            INSERT INTO rep_lists VALUES
                ('lists-1', 'R1', 1, 'a1', 'Alpha Mills', 'up_sell', 'Core', 500, 'A', 'spends little for its size', '', 'field', 't', 'expand Core'),
                ('lists-1', 'R1', 2, 'a4', 'Delta Ports', 'cross_sell', 'Core', 300, 'B', 'peers buy Core', 'no champion known', 'field', 't', 'introduce Core'),
                ('lists-1', 'R1', 3, 'a2', 'Beta Foods', 'prospect', NULL, 100, NULL, 'looks like customers', '', 'field', 't', 'open Beta'),
                ('lists-1', 'R3', 1, 'a5', 'Epsilon Air', 'prospect', NULL, 80, NULL, 'looks like customers', '', 'field', 't', 'open Epsilon');
            CREATE TABLE list_runs (run_id VARCHAR NOT NULL, as_of DATE NOT NULL, account_id VARCHAR NOT NULL, rep_id VARCHAR NOT NULL,
                action VARCHAR NOT NULL, value DOUBLE NOT NULL, held_out BOOLEAN NOT NULL, listed BOOLEAN NOT NULL);
            INSERT INTO list_runs VALUES
                ('lists-1', DATE '2025-12-31', 'a1', 'R1', 'up_sell', 500, false, true), ('lists-1', DATE '2025-12-31', 'a4', 'R1', 'cross_sell', 300, false, true),
                ('lists-1', DATE '2025-12-31', 'a2', 'R1', 'prospect', 100, true, false), ('lists-1', DATE '2025-12-31', 'a3', 'R2', 'up_sell', 90, false, true),
                ('lists-1', DATE '2025-12-31', 'a5', 'R3', 'prospect', 80, true, false);
            INSERT INTO account_outcomes VALUES
                ('out-1', 'a1', 'won', 'signed the renewal', 'rita', 'R1', TIMESTAMP '2026-01-11 09:00:00'),
                ('out-2', 'a2', 'lost', 'chose a competitor', 'rita', 'R1', TIMESTAMP '2026-01-05 09:00:00');
            INSERT INTO touchpoints (event_id, account_id, occurred_at, channel) VALUES
                ('e1', 'a4', TIMESTAMP '2026-02-01 10:00:00', 'email'), ('e2', 'a5', TIMESTAMP '2026-01-09 10:00:00', 'email');
            INSERT INTO account_scores VALUES
                ('score-1', 'm1', 'lookalike', 'a1', NULL, 0.8, NULL, 'A', true, 'employees raises it', 'state lowers it'),
                ('score-1', 'm1', 'lookalike', 'a4', NULL, 0.4, NULL, 'B', true, 'industry raises it', NULL);
            INSERT INTO list_overrides VALUES ('ovr-1', 'a4', 'R1', 'promote', 'asked for a demo this week', 'rita', TIMESTAMP '2026-01-12 09:00:00',
                'pending', NULL, NULL, NULL);
            """);
    }

    public void Dispose() => _world.Dispose();

    private static ScorecardRow Rep(ScorecardView view, string rep) => Assert.Single(view.Reps, r => r.RepId == rep);

    [Fact]
    public void For_admin_computes_attainment_book_work_and_holdout_per_rep()
    {
        var view = Scorecard.For(_world.Workspace, AccessWorld.Scope(UserRole.Admin));

        Assert.Equal("quotas-1", view.QuotaRunId);
        Assert.Equal(new DateOnly(2026, 1, 1), view.QuotaFrom);
        Assert.Equal(new DateOnly(2026, 12, 31), view.QuotaTo);
        Assert.Equal(new DateOnly(2027, 1, 15), view.DataEnd);
        Assert.Equal("lists-1", view.ListRunId);
        Assert.Equal("lists-1", view.LiftRunId);
        Assert.Equal(["M1", "M2", "R1", "R2", "R3"], view.Reps.Select(r => r.RepId));

        // R1 owns a1 and a4: booked in 2026 100 + 250 + 150; revenue in the 12 months to 2027-01-15 250 + 150 (o1 on 2026-01-05 is older).
        var r1 = Rep(view, "R1");
        Assert.Equal(2, r1.Accounts);
        Assert.Equal(1000m, r1.Quota);
        Assert.Equal(500m, r1.Booked);
        Assert.Equal(0.5, r1.Attainment);
        Assert.Equal(400, r1.Revenue);
        Assert.Equal(1600, r1.Potential);
        Assert.Equal(0.25, r1.ShareOfPotential);

        // Listed a1, a4, a2 on 2026-01-10: a1 won after it, a4 touched after it, a2 lost before it (not worked since the list).
        Assert.Equal((3, 2, 1), (r1.Recommended, r1.Worked, r1.Won));

        // Holdout of lists-1 (as of 2025-12-31): a1 and a4 recommended, both bought after; a2 held out, did not buy.
        Assert.Equal((2, 2, 1, 0), (r1.HoldoutRecommended, r1.HoldoutRecommendedBuyers, r1.HeldOut, r1.HeldOutBuyers));
        Assert.Equal(1.0, r1.RecommendedRate);
        Assert.Equal(0.0, r1.HeldOutRate);
        Assert.Contains("100% of recommended accounts bought (2 of 2) vs 0% of held-out ones (0 of 1)", r1.Holdout, StringComparison.Ordinal);
        Assert.Contains("booked 500 of a 1,000 quota (50%)", r1.Summary, StringComparison.Ordinal);

        // R2 owns a3: 90 in the period. R3 owns a5: its orders fall before (2025-12-31) and after (2027-01-15) the period.
        var r2 = Rep(view, "R2");
        Assert.Equal((90m, 0.45), (r2.Booked, r2.Attainment));
        var r3 = Rep(view, "R3");
        Assert.Equal((0m, 0.0, 300.0), (r3.Booked, r3.Attainment!.Value, r3.Revenue));
        Assert.Null(r3.ShareOfPotential);
        Assert.Equal((1, 0, 0), (r3.Recommended, r3.Worked, r3.Won));
        Assert.Equal((0, 0, 1, 1), (r3.HoldoutRecommended, r3.HoldoutRecommendedBuyers, r3.HeldOut, r3.HeldOutBuyers));

        // Managers own an account each but carry no quota.
        Assert.Null(Rep(view, "M1").Quota);
        Assert.Null(Rep(view, "M1").Attainment);

        Assert.Equal(1700m, view.Total.Quota);
        Assert.Equal(590m, view.Total.Booked);
        Assert.Equal(590.0 / 1700, view.Total.Attainment!.Value, 12);
    }

    [Fact]
    public void For_admin_holdout_counts_add_up_to_the_list_lift_of_the_run()
    {
        var view = Scorecard.For(_world.Workspace, AccessWorld.Scope(UserRole.Admin));
        var lift = Assert.Single(ListLift.Measure(_world.Workspace));
        Assert.Equal(lift.RunId, view.LiftRunId);
        Assert.Equal(lift.Recommended, view.Total.HoldoutRecommended);
        Assert.Equal(lift.RecommendedBuyers, view.Total.HoldoutRecommendedBuyers);
        Assert.Equal(lift.HeldOut, view.Total.HeldOut);
        Assert.Equal(lift.HeldOutBuyers, view.Total.HeldOutBuyers);
    }

    [Theory]
    [InlineData(UserRole.Manager, "M1", "M1 R1 R2")]
    [InlineData(UserRole.Manager, "M2", "M2 R3")]
    [InlineData(UserRole.Rep, "R3", "R3")]
    public void For_a_manager_or_rep_shows_only_its_team(UserRole role, string rep, string expected)
    {
        var view = Scorecard.For(_world.Workspace, AccessWorld.Scope(role, rep));
        Assert.Equal(expected.Split(' '), view.Reps.Select(r => r.RepId));
    }

    [Fact]
    public void For_manager_counts_only_accounts_in_its_scope()
    {
        // M2 sees a4 (in its rep R3's territory) but a4 is owned by R1, who is not M2's: R1's numbers stay out entirely.
        var view = Scorecard.For(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2"));
        Assert.DoesNotContain(view.Reps, r => r.RepId == "R1");
        Assert.Equal(500m, view.Total.Quota);
        Assert.Equal(1, view.Total.Recommended);
    }

    [Fact]
    public void For_an_empty_workspace_says_what_is_missing()
    {
        using var empty = new Sightline.Tests.Support.TestWorkspace();
        var view = Scorecard.For(empty.Workspace, AccessWorld.Scope(UserRole.Admin));
        Assert.Empty(view.Reps);
        Assert.Null(view.QuotaRunId);
        Assert.Contains(view.Notes, n => n.Contains("no quota plan yet", StringComparison.Ordinal));
        Assert.Contains(view.Notes, n => n.Contains("no rep lists yet", StringComparison.Ordinal));
    }

    [Fact]
    public void List_rows_carry_score_reasons_potential_and_pending_override()
    {
        var list = FieldQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), "R1");
        Assert.NotNull(list);
        Assert.Equal("lists-1", list.RunId);
        Assert.Equal(["a1", "a4", "a2"], list.Rows.Select(r => r.AccountId));
        var a1 = list.Rows[0];
        Assert.Equal((0.8, "employees raises it", "state lowers it", 1000.0, 650.0), (a1.Probability!.Value, a1.ScoreRaising, a1.ScoreLowering, a1.Potential!.Value, a1.WhiteSpace!.Value));
        Assert.Null(a1.PendingOverride);
        Assert.Equal(("promote", "ovr-1"), (list.Rows[1].PendingOverride, list.Rows[1].PendingOverrideId));
    }

    [Fact]
    public void List_of_a_rep_outside_the_scope_is_null_and_rows_outside_it_are_dropped()
    {
        Assert.Null(FieldQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R3"), "R1"));
        Assert.Null(FieldQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2"), "R1"));
        Assert.Null(FieldQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Admin), "nobody"));

        // R1 reports to M1, so M1 sees R1's list; and R1 as a manager sees R2's.
        Assert.Equal(3, FieldQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M1"), "R1")!.Rows.Count);
        Assert.Equal(["M2", "R3"], FieldQueries.Reps(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2")).Select(r => r.RepId));
        Assert.Equal(["T3"], FieldQueries.Territories(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2")).Select(t => t.TerritoryId));
        Assert.Equal(["A", "B"], FieldQueries.Bands(_world.Workspace));
    }

    [Fact]
    public void ScoreReasons_are_read_for_accounts_in_scope_only()
    {
        var reasons = FieldQueries.ScoreReasons(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R3"), ["a1", "a4", "x' OR true OR '"]);
        Assert.Equal(["a4"], reasons.Keys);
        Assert.Equal(("industry raises it", (string?)null), reasons["a4"]);
        Assert.Empty(FieldQueries.ScoreReasons(_world.Workspace, AccessWorld.Scope(UserRole.Admin), []));
    }
}
