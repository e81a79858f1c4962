using Sightline.Models;

namespace Sightline.Realtime;

/// <summary>One model's score of one account's live row.</summary>
/// <param name="Key">The model's key: <c>lookalike</c>, <c>window</c> or <c>product:Family</c> (as batch scores are keyed).</param>
/// <param name="Kind">lookalike, window or product.</param>
/// <param name="ModelId">The stored model.</param>
/// <param name="ProductFamily">For a cross-sell model, the family.</param>
/// <param name="Probability">The calibrated probability, computed exactly as the batch computes it.</param>
/// <param name="Band">The probability band label.</param>
/// <param name="ExpectedAmount">For the any-purchase window model, the expected amount in the window.</param>
/// <param name="Reasons">The attributes raising and lowering it most (three each); empty when carried from the batch.</param>
/// <param name="FromBatch">
/// True when the score is the batch's, carried unchanged because the model reads no live feature (see
/// <see cref="LiveScorerModel.ReadsLiveFeatures"/>); false when re-scored in process.
/// </param>
/// <param name="BatchWhy">For a carried score, the batch's reasons as stored in account_scores.</param>
public sealed record LiveScorerResult(string Key, string Kind, string ModelId, string? ProductFamily, double Probability, string Band,
    double? ExpectedAmount, IReadOnlyList<Reason> Reasons, bool FromBatch = false, string? BatchWhy = null)
{
    private readonly Lazy<double?>? _expectedAmount;

    /// <summary>A score whose expected amount is computed when first read: most answers never show it.</summary>
    internal LiveScorerResult(string key, string kind, string modelId, string? productFamily, double probability, string band,
        Func<double?> expectedAmount, IReadOnlyList<Reason> reasons)
        : this(key, kind, modelId, productFamily, probability, band, (double?)null, reasons) =>
        _expectedAmount = new(expectedAmount, LazyThreadSafetyMode.PublicationOnly);

    /// <summary>For the any-purchase window model, the expected amount in the window.</summary>
    public double? ExpectedAmount
    {
        get => _expectedAmount is null ? field : _expectedAmount.Value;
        init;
    } = ExpectedAmount;

    /// <summary>The reasons as people read them: <c>touches call 90d = 3 raises it; no decision maker lowers it</c>.</summary>
    public string Why => BatchWhy ?? WhyOf([.. Reasons.Select(r => r.ToString())]);

    /// <summary><see cref="Why"/> from the reasons already put into words (each event's answer has them).</summary>
    internal string WhyOf(IReadOnlyList<string> reasons) =>
        BatchWhy ?? (reasons.Count == 0 ? "no attribute moves it from the average" : string.Join("; ", reasons));
}
