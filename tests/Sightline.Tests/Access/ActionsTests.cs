using Sightline.Access;
using Sightline.Tests.Support;

namespace Sightline.Tests.Access;

public sealed class ActionsTests : IDisposable
{
    private readonly AccessWorld _world = new();
    private readonly TimeProvider _clock = FixedClock.Default;

    public void Dispose() => _world.Dispose();

    private static UserAccount User(string name, UserRole role, string? rep = null) => new(name, role, rep, default);

    [Fact]
    public void A_rep_records_an_outcome_on_its_account_with_a_reason_and_it_is_audited()
    {
        var outcome = Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a4", "Not pursued", "no budget until next fiscal year", _clock);
        Assert.Equal(("a4", "not_pursued", "rita", "R1"), (outcome.AccountId, outcome.Outcome, outcome.RecordedBy, outcome.RepId));
        var stored = Assert.Single(Actions.AccountOutcomes(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2"), "a4")!);
        Assert.Equal(outcome, stored);
        var audit = Assert.Single(AuditLog.Recent(_world.Workspace, 10));
        Assert.Equal(("rita", "outcome", "a4", "not_pursued: no budget until next fiscal year"), (audit.Actor, audit.Action, audit.Target, audit.Detail));
        Assert.Null(Actions.AccountOutcomes(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R2"), "a4"));
    }

    [Fact]
    public void Outcomes_are_refused_outside_the_scope_for_analysts_and_without_a_reason()
    {
        var outside = Assert.Throws<ActionRefusedException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("ravi", UserRole.Rep, "R2"), "a1", "won", "signed the renewal today", _clock));
        Assert.Equal(ActionRefusal.NotFound, outside.Refusal);
        Assert.Equal(ActionRefusal.Forbidden, Assert.Throws<ActionRefusedException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("ana", UserRole.Analyst), "a1", "won", "signed the renewal today", _clock)).Refusal);
        var kind = Assert.Throws<BadInputException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a1", "maybe", "signed the renewal today", _clock));
        Assert.Equal("outcome: value 'maybe': expected one of won, lost, not_pursued", kind.Message);
        var reason = Assert.Throws<BadInputException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a1", "lost", "price", _clock));
        Assert.Equal("reason: value 'price': give a reason of at least 10 characters, in words a manager can check", reason.Message);
        Assert.Equal("reason: a reason is required", Assert.Throws<BadInputException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a1", "lost", "  ", _clock)).Message);
        Assert.Empty(Actions.AccountOutcomes(_world.Workspace, AccessWorld.Scope(UserRole.Admin), "a1")!);
        Assert.Empty(AuditLog.Recent(_world.Workspace, 10));
    }

    [Theory]
    [InlineData("no budget\0 until next year", "reason: holds the control character U+0000 at position 10; a text may hold tabs and line breaks, no other control character")]
    [InlineData("no budget\u001b[2J until next year", "reason: holds the control character U+001B at position 10; a text may hold tabs and line breaks, no other control character")]
    public void A_reason_with_a_control_character_is_refused_and_nothing_is_stored(string reason, string expected)
    {
        var refused = Assert.Throws<BadInputException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a4", "lost", reason, _clock));

        Assert.Equal(expected, refused.Message);
        Assert.Empty(Actions.AccountOutcomes(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2"), "a4")!);
        Assert.Empty(AuditLog.Recent(_world.Workspace, 10));
    }

    [Fact]
    public void A_reason_with_tabs_and_line_breaks_is_kept_and_one_over_2000_characters_is_refused()
    {
        var kept = Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a4", "lost", "no budget:\tfirst\r\nthen the freeze", _clock);
        Assert.Equal("no budget:\tfirst\r\nthen the freeze", kept.Reason);

        var refused = Assert.Throws<BadInputException>(() =>
            Actions.RecordOutcome(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a4", "lost", new string('r', 2001), _clock));
        Assert.Equal($"reason: value '{new string('r', 40)}...': is 2,001 characters long; at most 2,000 are accepted", refused.Message);
    }

    [Fact]
    public void A_rep_override_waits_for_its_manager_chain_and_is_decided_once()
    {
        var request = Actions.RequestOverride(_world.Workspace, User("ravi", UserRole.Rep, "R2"), "a3", "promote", "their CFO asked for a proposal", _clock);
        Assert.Equal(("R2", "pending", "promote"), (request.RepId, request.Status, request.Action));

        // R2 reports to R1 who reports to M1: M1 sees it through the chain; M2 and R3 do not.
        Assert.Equal([request.OverrideId], Actions.Overrides(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M1"), "pending").Select(o => o.OverrideId));
        Assert.Empty(Actions.Overrides(_world.Workspace, AccessWorld.Scope(UserRole.Manager, "M2"), null));
        Assert.Empty(Actions.Overrides(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R3"), null));
        Assert.Equal(ActionRefusal.NotFound, Assert.Throws<ActionRefusedException>(() =>
            Actions.Decide(_world.Workspace, User("milo", UserRole.Manager, "M2"), request.OverrideId, true, null, _clock)).Refusal);
        Assert.Equal(ActionRefusal.Forbidden, Assert.Throws<ActionRefusedException>(() =>
            Actions.Decide(_world.Workspace, User("ravi", UserRole.Rep, "R2"), request.OverrideId, true, null, _clock)).Refusal);

        var decided = Actions.Decide(_world.Workspace, User("mara", UserRole.Manager, "M1"), request.OverrideId, false, "stay on the plan this quarter", _clock);
        Assert.Equal(("rejected", "mara", "stay on the plan this quarter"), (decided.Status, decided.DecidedBy, decided.DecisionNote));
        Assert.Equal(decided, Assert.Single(Actions.Overrides(_world.Workspace, AccessWorld.Scope(UserRole.Rep, "R2"), null)));
        Assert.Empty(Actions.Overrides(_world.Workspace, AccessWorld.Scope(UserRole.Analyst), "pending"));
        var again = Assert.Throws<ActionRefusedException>(() =>
            Actions.Decide(_world.Workspace, User("root", UserRole.Admin), request.OverrideId, true, null, _clock));
        Assert.Equal((ActionRefusal.Conflict, $"override '{request.OverrideId}' was already rejected by mara"), (again.Refusal, again.Message));
        Assert.Equal(["override_rejected", "override_requested"], AuditLog.Recent(_world.Workspace, 10).Select(e => e.Action));
    }

    [Fact]
    public void Only_reps_request_overrides_with_a_known_action_and_a_reason()
    {
        Assert.Equal(ActionRefusal.Forbidden, Assert.Throws<ActionRefusedException>(() =>
            Actions.RequestOverride(_world.Workspace, User("mara", UserRole.Manager, "M1"), "a1", "promote", "their CFO asked for a proposal", _clock)).Refusal);
        Assert.Equal(ActionRefusal.NotFound, Assert.Throws<ActionRefusedException>(() =>
            Actions.RequestOverride(_world.Workspace, User("rosa", UserRole.Rep, "R3"), "a1", "promote", "their CFO asked for a proposal", _clock)).Refusal);
        Assert.Equal("action: value 'boost': expected one of promote, demote, remove", Assert.Throws<BadInputException>(() =>
            Actions.RequestOverride(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a1", "boost", "their CFO asked for a proposal", _clock)).Message);
        Assert.Equal("reason: a reason is required", Assert.Throws<BadInputException>(() =>
            Actions.RequestOverride(_world.Workspace, User("rita", UserRole.Rep, "R1"), "a1", "remove", "", _clock)).Message);
        Assert.Empty(Actions.Overrides(_world.Workspace, AccessWorld.Scope(UserRole.Admin), null));
    }
}
