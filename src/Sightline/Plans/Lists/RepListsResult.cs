namespace Sightline.Plans.Lists;

/// <summary>One account on a rep's list: its best action, why, and the next best action.</summary>
/// <param name="RepId">The owner rep.</param>
/// <param name="Rank">Its rank on the rep's list (1: work it first).</param>
/// <param name="AccountId">The account.</param>
/// <param name="AccountName">The account's name.</param>
/// <param name="Action"><c>cross_sell</c>, <c>up_sell</c>, <c>prospect</c> or <c>at_risk</c>.</param>
/// <param name="ProductFamily">The product family to lead with, when one is known.</param>
/// <param name="Value">The action's value: expected cross-sell or up-sell amount, opportunity value, or revenue at stake.</param>
/// <param name="Band">For prospects, the lookalike band.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="MissingRoles">Buying roles not known at the account, with who to find; empty when none.</param>
/// <param name="Channel">The channel for the account's size band.</param>
/// <param name="Theme">The message theme for the action.</param>
/// <param name="NextBestAction">Product, channel and theme in one line.</param>
public sealed record RepListRow(string RepId, int Rank, string AccountId, string AccountName, string Action, string? ProductFamily, double Value,
    string? Band, string Reason, string MissingRoles, string Channel, string Theme, string NextBestAction);

/// <summary>One rep's list in numbers.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="Name">The rep's name (the id when not in the reps table).</param>
/// <param name="ManagerId">The rep's manager, or <c>(none)</c>.</param>
/// <param name="Capacity">Accounts the rep can work (capacity_accounts, else lists.default_capacity).</param>
/// <param name="Candidates">Accounts with a recommended action, the holdout excluded.</param>
/// <param name="Listed">Accounts on the list: candidates up to capacity.</param>
/// <param name="HeldOut">Recommended accounts kept off the list as holdout.</param>
/// <param name="Value">The listed actions' summed value.</param>
public sealed record RepListSummary(string RepId, string Name, string ManagerId, int Capacity, long Candidates, long Listed, long HeldOut, double Value);

/// <summary>A manager's roll-up of their reps' lists.</summary>
/// <param name="ManagerId">The manager, or <c>(none)</c>.</param>
/// <param name="Name">The manager's name.</param>
/// <param name="Reps">Reps with a list.</param>
/// <param name="Accounts">Accounts listed.</param>
/// <param name="Value">The listed actions' summed value.</param>
public sealed record ManagerRollUp(string ManagerId, string Name, long Reps, long Accounts, double Value);

/// <summary>The outcome of a lists run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="HoldoutShare">The configured holdout share.</param>
/// <param name="HoldoutSeed">The holdout seed.</param>
/// <param name="Candidates">Accounts with a recommended action and an owner rep, before the holdout.</param>
/// <param name="HeldOut">Of those, held out (recorded in <c>list_holdout</c>).</param>
/// <param name="Listed">Accounts on lists.</param>
/// <param name="Reps">Per rep (only the asked rep with <c>--rep</c>).</param>
/// <param name="Rows">The list rows (only the asked rep's with <c>--rep</c>).</param>
/// <param name="Managers">Per manager roll-up (only the asked rep's manager with <c>--rep</c>).</param>
/// <param name="Lift">Per earlier run with newer orders, recommended vs held-out accounts' buying (see <see cref="ListLift"/>).</param>
/// <param name="Notes">What was left out and why.</param>
public sealed record RepListsResult(string RunId, double HoldoutShare, int HoldoutSeed, long Candidates, long HeldOut, long Listed,
    IReadOnlyList<RepListSummary> Reps, IReadOnlyList<RepListRow> Rows, IReadOnlyList<ManagerRollUp> Managers,
    IReadOnlyList<ListLiftRow> Lift, IReadOnlyList<string> Notes);
