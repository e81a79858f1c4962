namespace Sightline.Server.Realtime;

/// <summary>Where the contact goes.</summary>
/// <param name="To">The team or queue.</param>
/// <param name="Rule">The routing rule that matched, or null for the default queue.</param>
/// <param name="Reason">The rule, its condition and the values it read, in words.</param>
[GenerateSerializer, Immutable]
public sealed record RouteAnswer(string To, string? Rule, string Reason);
