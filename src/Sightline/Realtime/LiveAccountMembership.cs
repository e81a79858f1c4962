namespace Sightline.Realtime;

/// <summary>The segments one account row falls in.</summary>
/// <param name="Members">Every segment whose rule holds (and, for a micro-segment, its parent's), in sightline.yaml order.</param>
/// <param name="Assigned">The one segment the batch would assign: the best top-level segment by priority, then down the hierarchy; null when none holds.</param>
public sealed record LiveAccountMembership(IReadOnlyList<string> Members, string? Assigned);
