using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>An account grain's answer to one touch: the account's segments and propensity now, and where the contact goes.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="EventId">The event.</param>
/// <param name="Sequence">Its log sequence.</param>
/// <param name="Applied">True when this call applied the event; false when it had been applied before (not again) or the account has no baseline.</param>
/// <param name="Note">What happened, in words.</param>
/// <param name="SegmentsNow">Every segment the account is in now.</param>
/// <param name="Entered">Segments entered by this event.</param>
/// <param name="Exited">Segments left by this event.</param>
/// <param name="AssignedBefore">The assigned segment before.</param>
/// <param name="AssignedNow">The assigned segment now.</param>
/// <param name="PropensityModel">The model whose score is the propensity.</param>
/// <param name="PropensityBefore">The propensity before.</param>
/// <param name="PropensityNow">The propensity now.</param>
/// <param name="Band">Its band.</param>
/// <param name="PropensityReasons">Why, in words.</param>
/// <param name="ReasonForContact">The predicted reason for the contact, or null without a reason model.</param>
/// <param name="ReasonNote">Which reason model answered, or why none did.</param>
/// <param name="Route">The routing target.</param>
/// <param name="NextBestAction">The next best action.</param>
/// <param name="EventsApplied">Events the account has applied since its baseline.</param>
/// <param name="On">The day the account is evaluated on.</param>
/// <param name="BaselineAsOf">The batch date of its baseline, or null when it has none.</param>
/// <param name="Summary">One paragraph: what happened, what moved and why.</param>
/// <param name="FeatureChanges">The live features that changed.</param>
[GenerateSerializer, Immutable]
public sealed record TouchpointAnswer(
    string AccountId, string EventId, long Sequence, bool Applied, string Note,
    IReadOnlyList<string> SegmentsNow, IReadOnlyList<string> Entered, IReadOnlyList<string> Exited, string? AssignedBefore, string? AssignedNow,
    string? PropensityModel, double? PropensityBefore, double? PropensityNow, string? Band, IReadOnlyList<string> PropensityReasons,
    ContactReasonAnswer? ReasonForContact, string ReasonNote, RouteAnswer? Route, ActionAnswer? NextBestAction,
    long EventsApplied, DateOnly? On, DateOnly? BaselineAsOf, string Summary, IReadOnlyList<string> FeatureChanges)
{
    /// <summary>The answer for an event that was applied.</summary>
    public static TouchpointAnswer From(long sequence, LiveContactResult result, LiveAccount account, string note)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(account);
        var c = result.Change;
        var reason = result.Reason is { } r ? new ContactReasonAnswer(r.Reason, r.Probability, [.. r.Evidence], r.Explanation) : null;
        return new TouchpointAnswer(c.AccountId, c.EventId ?? "", sequence, true, note,
            [.. c.SegmentsNow], [.. c.Entered], [.. c.Exited], c.AssignedBefore, c.AssignedNow,
            c.PropensityModel, c.PropensityBefore, c.PropensityNow, c.BandNow, [.. c.Reasons],
            reason, result.ReasonNote, new RouteAnswer(result.Route.To, result.Route.Rule, result.Route.Reason),
            new ActionAnswer(result.Action.Action, result.Action.Text, result.Action.Reason, result.Action.ProductFamily),
            account.EventsApplied, c.On, account.Stamp?.AsOf, c.Summary, [.. c.FeatureChanges]);
    }

    /// <summary>The answer for an event that was not applied by this call, with the account as it stands.</summary>
    public static TouchpointAnswer NotApplied(string accountId, string eventId, long sequence, string note, AccountLiveView now)
    {
        ArgumentNullException.ThrowIfNull(now);
        return new TouchpointAnswer(accountId, eventId, sequence, false, note,
            now.SegmentsNow, [], [], now.AssignedSegment, now.AssignedSegment,
            now.PropensityModel, now.PropensityNow, now.PropensityNow, now.Band, now.PropensityReasons,
            now.LastContact?.ReasonForContact, now.LastContact?.ReasonNote ?? "", now.LastContact?.Route, now.LastContact?.NextBestAction,
            now.EventsApplied, now.On, now.BaselineAsOf, note, []);
    }
}
