namespace Sightline.Realtime;

/// <summary>Where a contact goes and why.</summary>
/// <param name="To">The team or queue.</param>
/// <param name="Rule">The rule that matched; null when none did and the default applies.</param>
/// <param name="Reason">Why, in words: the rule, its condition and the values it read.</param>
public sealed record RoutingDecision(string To, string? Rule, string Reason);
