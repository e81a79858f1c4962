using Sightline.Realtime;

namespace Sightline.Workspaces;

/// <summary>One routing rule as written in <c>sightline.yaml</c>.</summary>
public sealed class RoutingRuleDefinition
{
    /// <summary>Unique name, given as the reason for the route.</summary>
    public string? Name { get; set; }

    /// <summary>The condition, in the segment rule language, over the routing row (<see cref="RoutingColumns"/>).</summary>
    public string? When { get; set; }

    /// <summary>The team or queue.</summary>
    public string? To { get; set; }
}
