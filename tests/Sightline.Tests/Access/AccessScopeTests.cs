using Sightline.Access;

namespace Sightline.Tests.Access;

public sealed class AccessScopeTests : IDisposable
{
    private readonly AccessWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData(UserRole.Admin, null, "a1 a2 a3 a4 a5 a6 a7 a8")]
    [InlineData(UserRole.Analyst, null, "a1 a2 a3 a4 a5 a6 a7 a8")]
    // M1's team is M1, R1 and R2 (R2 through R1): territories T1, T2 and everything they own, incl. a4 in the South.
    [InlineData(UserRole.Manager, "M1", "a1 a2 a3 a4 a6")]
    [InlineData(UserRole.Manager, "M2", "a4 a5 a7")]
    // R1: its territory T1 (a1, a2) and what it owns (a1, a4); not a3 of its report R2, since a rep sees no team.
    [InlineData(UserRole.Rep, "R1", "a1 a2 a4")]
    [InlineData(UserRole.Rep, "R2", "a3")]
    [InlineData(UserRole.Rep, "R3", "a4 a5")]
    // R1 as a manager sees its report R2's book too.
    [InlineData(UserRole.Manager, "R1", "a1 a2 a3 a4")]
    public void Each_role_sees_exactly_its_accounts(UserRole role, string? rep, string expected)
    {
        Assert.Equal(expected.Split(' '), _world.Visible(AccessWorld.Scope(role, rep)));
    }

    [Fact]
    public void Team_relation_follows_the_manager_chain_and_stops_on_a_cycle()
    {
        Assert.Equal(["M1", "R1", "R2"], _world.Workspace.Strings($"SELECT rep_id FROM {AccessWorld.Scope(UserRole.Manager, "M1").RepsRelation} ORDER BY 1"));

        // A cycle in manager_id (M1 reports to R2) must not loop forever.
        _world.Workspace.Execute("UPDATE reps SET manager_id = 'R2' WHERE rep_id = 'M1'");
        Assert.Equal(["M1", "R1", "R2"], _world.Workspace.Strings($"SELECT rep_id FROM {AccessWorld.Scope(UserRole.Manager, "R1").RepsRelation} ORDER BY 1"));
    }

    [Fact]
    public void A_rep_id_with_quotes_is_a_literal_not_sql()
    {
        Assert.Empty(_world.Visible(AccessWorld.Scope(UserRole.Rep, "x' OR '1'='1")));
        Assert.Empty(_world.Visible(AccessWorld.Scope(UserRole.Manager, "x') OR true OR ('")));
    }

    [Fact]
    public void Account_search_is_scoped_and_paged_with_the_total()
    {
        var page = ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M1"), new AccountQuery(PageSize: 2));
        Assert.Equal(5, page.Total);
        Assert.Equal(["a1", "a2"], page.Accounts.Select(a => a.AccountId));
        var second = ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M1"), new AccountQuery(Page: 3, PageSize: 2));
        Assert.Equal(["a6"], second.Accounts.Select(a => a.AccountId));

        var byName = ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), new AccountQuery(Search: "delta"));
        Assert.Equal(["a4"], byName.Accounts.Select(a => a.AccountId));
        Assert.Equal("T3", byName.Accounts[0].TerritoryId);

        // Searching for an account outside the scope finds nothing, even by its exact id.
        Assert.Equal(0, ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), new AccountQuery(Search: "a3")).Total);
        Assert.Equal(["a3"], ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Admin), new AccountQuery(Territory: "T2")).Accounts.Select(a => a.AccountId));
        Assert.Equal(["a1", "a4"], ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Admin), new AccountQuery(Rep: "R1")).Accounts.Select(a => a.AccountId));
    }

    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, ScopedQueries.MaxPageSize + 1, "pageSize")]
    public void Bad_paging_is_bad_input(int page, int size, string source)
    {
        var error = Assert.Throws<BadInputException>(() =>
            ScopedQueries.Accounts(_world.Workspace, AccessWorld.Scope(UserRole.Admin), new AccountQuery(Page: page, PageSize: size)));
        Assert.Equal(source, error.Diagnostics[0].File);
    }

    [Fact]
    public void Account_detail_is_null_outside_the_scope_and_groups_contacts_by_role()
    {
        Assert.Null(ScopedQueries.Account(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R2"), "a1"));
        Assert.Null(ScopedQueries.Account(_world.Workspace, AccessWorld.Scope(UserRole.Admin), "nope"));
        var detail = ScopedQueries.Account(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), "a1")!;
        Assert.Equal("Alpha Mills", detail.Account["name"]);
        Assert.Equal(["decision_maker", "end_user", "unknown"], detail.ContactsByRole.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("c1", detail.ContactsByRole["decision_maker"][0]["contact_id"]);
        Assert.Equal(["o2", "o1"], detail.Orders.Select(o => o["order_id"]));
        Assert.Null(detail.Potential);
    }

    [Fact]
    public void Rep_visibility_follows_the_team()
    {
        Assert.True(ScopedQueries.SeesRep(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M1"), "R2"));
        Assert.False(ScopedQueries.SeesRep(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M1"), "R3"));
        Assert.False(ScopedQueries.SeesRep(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), "R2"));
        Assert.True(ScopedQueries.SeesRep(_world.Workspace, AccessWorld.Scope(UserRole.Analyst), "R3"));
        Assert.Null(ScopedQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), "R3"));
        var own = ScopedQueries.List(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R1"), "R1")!;
        Assert.Equal("Rita One", own.Name);
        Assert.Empty(own.Rows);
    }

    [Fact]
    public void A_duplicated_workspace_sees_the_same_database()
    {
        using var second = _world.Workspace.Duplicate();
        second.Execute("INSERT INTO audit_log VALUES (TIMESTAMP '2026-11-23 12:00:00', 'tester', 'probe', NULL, 'from a duplicate')");
        var entry = Assert.Single(AuditLog.Recent(_world.Workspace, 10));
        Assert.Equal(("tester", "probe", "from a duplicate"), (entry.Actor, entry.Action, entry.Detail));
    }
}
