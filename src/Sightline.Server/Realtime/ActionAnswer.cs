namespace Sightline.Server.Realtime;

/// <summary>The next best action for the contact.</summary>
/// <param name="Action">resolve_ticket, answer_support, confirm_renewal, offer_new, propose_upgrade, rep_list or qualify.</param>
/// <param name="Text">What to do.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ProductFamily">The family it is about, when there is one.</param>
[GenerateSerializer, Immutable]
public sealed record ActionAnswer(string Action, string Text, string Reason, string? ProductFamily);
