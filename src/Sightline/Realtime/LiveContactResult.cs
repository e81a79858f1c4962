namespace Sightline.Realtime;

/// <summary>What one touch gives: the account's change (segments, propensity) and the contact's answer (why, where, what to do).</summary>
/// <param name="Change">Segments entered and exited, propensity now, what moved and why.</param>
/// <param name="Reason">The predicted reason for the contact, or null without a reason model.</param>
/// <param name="ReasonNote">Which reason model answered, or why none did.</param>
/// <param name="Route">The routing target and the rule that matched.</param>
/// <param name="Action">The next best action and why.</param>
public sealed record LiveContactResult(LiveAccountChange Change, ContactReasonPrediction? Reason, string ReasonNote, RoutingDecision Route, NextBestAction Action);
