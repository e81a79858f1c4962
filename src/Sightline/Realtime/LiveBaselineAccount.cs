namespace Sightline.Realtime;

/// <summary>One account's starting state from the batch: its feature row, touches as day buckets, and what the batch decided.</summary>
public sealed class LiveBaselineAccount
{
    /// <summary>The account.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The batch feature row.</summary>
    public LiveBaselineRow Row { get; set; } = new();

    /// <summary>The live features as of the batch date, from the touchpoints table.</summary>
    public LiveFeatures Features { get; set; } = new();

    /// <summary>Segments the batch put the account in (segment_members), sorted.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>The batch's one assigned segment (segment_assignments), or null.</summary>
    public string? AssignedSegment { get; set; }

    /// <summary>Batch probabilities from account_scores by model key (<c>lookalike</c>, <c>window</c>, <c>product:Family</c>).</summary>
    public Dictionary<string, double> BatchScores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The batch's reasons in words by model key, for the models whose score the live state carries unchanged.</summary>
    public Dictionary<string, string> BatchReasons { get; set; } = new(StringComparer.Ordinal);
}
