namespace Sightline.Realtime;

/// <summary>The next best action for a contact.</summary>
/// <param name="Action">resolve_ticket, answer_support, confirm_renewal, offer_new, propose_upgrade, rep_list or qualify.</param>
/// <param name="Text">What to do, as the agent reads it.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ProductFamily">The family the action is about, when there is one.</param>
public sealed record NextBestAction(string Action, string Text, string Reason, string? ProductFamily);
