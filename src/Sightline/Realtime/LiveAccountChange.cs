namespace Sightline.Realtime;

/// <summary>What one event (or the passing of a day) did to an account: the answer the real-time API gives.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="EventId">The event applied, or null when only the day moved on.</param>
/// <param name="On">The day the account is evaluated on now.</param>
/// <param name="Counted">False when the touch was older than every rolling window and only updated recency, products and tickets.</param>
/// <param name="SegmentsNow">Every segment the account is in now, in sightline.yaml order.</param>
/// <param name="Entered">Segments it is in now and was not before.</param>
/// <param name="Exited">Segments it was in before and is not now.</param>
/// <param name="AssignedBefore">The assigned segment before.</param>
/// <param name="AssignedNow">The assigned segment now.</param>
/// <param name="PropensityModel">The key of the score reported as the propensity (see <see cref="LiveScorer.HeadlineKey"/>), or null without models.</param>
/// <param name="PropensityBefore">That probability before.</param>
/// <param name="PropensityNow">That probability now.</param>
/// <param name="BandNow">Its band now.</param>
/// <param name="Reasons">Why the propensity is what it is, in words (the attributes raising and lowering it most).</param>
/// <param name="FeatureChanges">The live features that changed, in words: <c>touches call 90d 2 → 3</c>.</param>
/// <param name="Summary">One paragraph a person reads: what happened, what moved and why.</param>
/// <param name="Scores">Every model's score now.</param>
public sealed record LiveAccountChange(
    string AccountId,
    string? EventId,
    DateOnly On,
    bool Counted,
    IReadOnlyList<string> SegmentsNow,
    IReadOnlyList<string> Entered,
    IReadOnlyList<string> Exited,
    string? AssignedBefore,
    string? AssignedNow,
    string? PropensityModel,
    double? PropensityBefore,
    double? PropensityNow,
    string? BandNow,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> FeatureChanges,
    string Summary,
    IReadOnlyList<LiveScorerResult> Scores)
{
    /// <summary>True when the account entered or left a segment, or its assigned segment changed.</summary>
    public bool SegmentChanged => Entered.Count > 0 || Exited.Count > 0 || AssignedBefore != AssignedNow;
}
