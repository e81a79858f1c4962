namespace Sightline.Server.Realtime;

/// <summary>An account's live state as its grain holds it.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="InBaseline">False for an account the latest batch has not seen (created after it): no live state until the next batch run.</param>
/// <param name="Note">The state in words.</param>
/// <param name="SegmentsNow">Every segment it is in now.</param>
/// <param name="AssignedSegment">Its assigned segment now.</param>
/// <param name="PropensityModel">The model whose score is the propensity.</param>
/// <param name="PropensityNow">The propensity now.</param>
/// <param name="Band">Its band.</param>
/// <param name="PropensityReasons">Why, in words.</param>
/// <param name="LastContact">The answer to the latest touch applied since the grain was activated, if any: its reason, route and next best action.</param>
/// <param name="EventsApplied">Events applied since the baseline.</param>
/// <param name="AppliedSequences">The log sequences applied, ascending.</param>
/// <param name="On">The day it is evaluated on.</param>
/// <param name="BaselineAsOf">The batch date of its baseline.</param>
[GenerateSerializer, Immutable]
public sealed record AccountLiveView(
    string AccountId, bool InBaseline, string Note, IReadOnlyList<string> SegmentsNow, string? AssignedSegment,
    string? PropensityModel, double? PropensityNow, string? Band, IReadOnlyList<string> PropensityReasons,
    TouchpointAnswer? LastContact, long EventsApplied, IReadOnlyList<long> AppliedSequences, DateOnly? On, DateOnly? BaselineAsOf);
