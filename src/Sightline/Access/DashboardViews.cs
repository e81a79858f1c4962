using Sightline.Plans.Lists;
using Sightline.Segments.Performance;

namespace Sightline.Access;

/// <summary>One region or segment of the caller's accounts: what it spends, its potential (TAM) and its white space.</summary>
/// <param name="Group">The region or segment, or <c>(none)</c>.</param>
/// <param name="Accounts">Accounts in scope in it.</param>
/// <param name="Customers">Of those, customers.</param>
/// <param name="CurrentSpend">Their 12-month spend.</param>
/// <param name="Tam">Their summed potential.</param>
/// <param name="WhiteSpace">Their summed white space.</param>
public sealed record PotentialSlice(string Group, long Accounts, long Customers, double CurrentSpend, double Tam, double WhiteSpace);

/// <summary>One probability band of the latest lookalike scoring, over the caller's accounts.</summary>
/// <param name="Band">The band's label, such as <c>&gt;30%</c>.</param>
/// <param name="Accounts">Accounts in scope in it.</param>
/// <param name="KnownBuyers">Of those, accounts that are customers (the model's known buyers).</param>
/// <param name="MeanProbability">Mean lookalike probability in the band; null when it is empty.</param>
/// <param name="BoughtSince">Accounts that ordered after the scoring's as-of date; null when no order came after it.</param>
public sealed record BandSlice(string Band, long Accounts, long KnownBuyers, double? MeanProbability, long? BoughtSince)
{
    /// <summary>Share of the band that already buys; null when the band is empty.</summary>
    public double? KnownBuyerRate => Accounts > 0 ? (double)KnownBuyers / Accounts : null;

    /// <summary>Share of the band that ordered after scoring (the observed buy rate); null without orders after it.</summary>
    public double? BuyRateSince => BoughtSince is { } b && Accounts > 0 ? (double)b / Accounts : null;
}

/// <summary>Accounts by probability band: the classic scoring-model chart.</summary>
/// <param name="RunId">The lookalike scoring run; null when nothing was scored yet.</param>
/// <param name="AsOf">Its features' date.</param>
/// <param name="DataEnd">The last order date in the data.</param>
/// <param name="Bands">The bands, lowest first, as <c>scoring.bands</c> defines them.</param>
public sealed record BandView(string? RunId, DateOnly? AsOf, DateOnly? DataEnd, IReadOnlyList<BandSlice> Bands);

/// <summary>The revenue bridge of the caller's accounts.</summary>
/// <param name="RunId">The stored performance run read, or null when computed for the scope on the fly.</param>
/// <param name="Grain">The period length.</param>
/// <param name="Periods">One bridge per period, oldest first (the latest ones).</param>
public sealed record BridgeView(string? RunId, PeriodGrain Grain, IReadOnlyList<RevenueBridge> Periods);

/// <summary>One decile of the lift curve.</summary>
/// <param name="Decile">1 holds the 10% of accounts with the highest probability.</param>
/// <param name="Lift">The decile's buyer rate over the base rate.</param>
/// <param name="CumulativeGain">Share of all buyers found in deciles 1 to this one.</param>
/// <param name="ObservedRate">The decile's buyer rate.</param>
/// <param name="MeanPredicted">The decile's mean predicted probability.</param>
public sealed record LiftPoint(int Decile, double Lift, double CumulativeGain, double ObservedRate, double MeanPredicted);

/// <summary>The lift curve of the latest lookalike model (out of fold, from its stored metrics) and the lists' lift against their holdout.</summary>
/// <param name="ModelId">The model; null when none was trained.</param>
/// <param name="Target">Its known buyers.</param>
/// <param name="CreatedAt">When it was trained.</param>
/// <param name="Auc">Its out-of-fold AUC.</param>
/// <param name="BaseRate">Share of known buyers among the accounts it was evaluated on.</param>
/// <param name="Points">The deciles.</param>
/// <param name="Lists">Per earlier lists run, recommended against held-out accounts (org-wide; empty for managers and reps).</param>
public sealed record LiftView(string? ModelId, string? Target, DateTime? CreatedAt, double? Auc, double? BaseRate, IReadOnlyList<LiftPoint> Points,
    IReadOnlyList<ListLiftRow> Lists);

/// <summary>Everything the dashboard shows, over the caller's accounts.</summary>
/// <param name="Scope">What the caller sees, in words.</param>
/// <param name="Accounts">Accounts in scope.</param>
/// <param name="ByRegion">TAM and white space by region (empty without <c>sightline potential</c>).</param>
/// <param name="BySegment">TAM and white space by the latest segment assignment.</param>
/// <param name="Bands">Accounts by probability band.</param>
/// <param name="Bridge">The revenue bridge.</param>
/// <param name="Lift">The lift curve.</param>
/// <param name="Missing">Steps not run yet, each with the command that makes it.</param>
public sealed record DashboardView(string Scope, long Accounts, IReadOnlyList<PotentialSlice> ByRegion, IReadOnlyList<PotentialSlice> BySegment, BandView Bands,
    BridgeView Bridge, LiftView Lift, IReadOnlyList<string> Missing);
