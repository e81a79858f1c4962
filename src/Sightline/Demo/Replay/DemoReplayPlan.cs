using Sightline.Realtime;

namespace Sightline.Demo.Replay;

/// <summary>What a replay sends and as whom: the day's events, the accounts' names, and the integration user's credentials.</summary>
/// <param name="Day">The replayed day.</param>
/// <param name="Events">The day's events, in time order.</param>
/// <param name="AccountNames">Names of the accounts the events touch, by account id.</param>
/// <param name="UserName">The integration user the replay signs in as.</param>
/// <param name="Password">Its password (generated for this replay and not stored anywhere else).</param>
public sealed record DemoReplayPlan(DateOnly Day, IReadOnlyList<TouchpointEvent> Events, IReadOnlyDictionary<string, string> AccountNames, string UserName,
    string Password);
