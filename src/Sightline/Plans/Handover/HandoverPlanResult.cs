namespace Sightline.Plans.Handover;

/// <summary>Where one account of the leaving rep goes.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="AccountName">Its name.</param>
/// <param name="Industry">Its industry.</param>
/// <param name="Revenue">Its 12-month revenue (the weight of getting this match right).</param>
/// <param name="ToRep">The receiving rep; null when no rep has room.</param>
/// <param name="ToRepName">The receiving rep's name.</param>
/// <param name="Match"><c>same region and role</c>, <c>same region</c>, <c>same role</c>, <c>other</c> or <c>unassigned</c>.</param>
/// <param name="Similarity">How alike the account is to the receiver's book (0 to 1); null when unassigned.</param>
/// <param name="Reason">Why this rep, in words.</param>
public sealed record HandoverAssignment(string AccountId, string AccountName, string Industry, double Revenue, string? ToRep, string? ToRepName, string Match,
    double? Similarity, string Reason);

/// <summary>A rep who could receive accounts.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="Name">The rep's name.</param>
/// <param name="Role">The rep's role.</param>
/// <param name="Region">The rep's region.</param>
/// <param name="Book">Accounts the rep owns today.</param>
/// <param name="Capacity">Accounts the rep can carry (capacity_accounts, else handover.default_capacity).</param>
/// <param name="Room">Capacity minus book, at least 0.</param>
/// <param name="Received">Accounts the plan gives the rep (never more than <paramref name="Room"/>).</param>
public sealed record HandoverReceiver(string RepId, string Name, string Role, string Region, long Book, long Capacity, long Room, long Received);

/// <summary>The outcome of <c>sightline plan handover</c>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="RepId">The leaving rep.</param>
/// <param name="RepName">The leaving rep's name.</param>
/// <param name="Role">The leaving rep's role.</param>
/// <param name="Region">The leaving rep's region.</param>
/// <param name="Accounts">Accounts in the leaving rep's book.</param>
/// <param name="Assigned">Accounts given to a rep.</param>
/// <param name="Unassigned">Accounts no rep had room for.</param>
/// <param name="Similarity">Revenue-weighted mean similarity of the assigned accounts to their new rep's book.</param>
/// <param name="Method">How the assignment was found.</param>
/// <param name="Assignments">Per account, by revenue.</param>
/// <param name="Receivers">Reps that receive accounts or were considered first (same region and role), by accounts received.</param>
/// <param name="Notes">Fallbacks and what was left unassigned.</param>
public sealed record HandoverPlanResult(string RunId, string RepId, string RepName, string Role, string Region, long Accounts, long Assigned, long Unassigned,
    double Similarity, string Method, IReadOnlyList<HandoverAssignment> Assignments, IReadOnlyList<HandoverReceiver> Receivers, IReadOnlyList<string> Notes);
