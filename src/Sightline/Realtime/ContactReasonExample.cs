namespace Sightline.Realtime;

/// <summary>One inbound touch from history: the account's state just before it, and what followed (its label).</summary>
/// <param name="EventId">The touch.</param>
/// <param name="AccountId">The account.</param>
/// <param name="Day">The touch's day.</param>
/// <param name="Input">The account's state as the reason model reads it.</param>
/// <param name="Reason">What followed; null when nothing attributable followed within the horizon (such touches are not trained on).</param>
/// <param name="LabelComplete">True when the data reaches past the end of the label window, so a missing order really is missing.</param>
public sealed record ContactReasonExample(string EventId, string AccountId, DateOnly Day, ContactReasonInput Input, string? Reason, bool LabelComplete);
