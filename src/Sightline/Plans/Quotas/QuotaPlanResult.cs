namespace Sightline.Plans.Quotas;

/// <summary>One rep's quota.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="Name">The rep's name (the id when the rep is not in the reps table).</param>
/// <param name="Region">The rep's region, else the most common region of its accounts, else <c>(none)</c>.</param>
/// <param name="Territory">The territory the rep holds, else the one most of its accounts sit in, else <c>(none)</c>.</param>
/// <param name="Accounts">Accounts the rep owns.</param>
/// <param name="LastYear">Their revenue over the last 12 months.</param>
/// <param name="Potential">Their summed potential.</param>
/// <param name="Quota">The quota, in whole cents.</param>
/// <param name="Uplift">Quota minus last year.</param>
/// <param name="Change">Uplift over last year; null without history.</param>
/// <param name="QuotaToPotential">Quota over potential; null without potential.</param>
/// <param name="Clamped"><c>floor</c>, <c>cap</c> or <c>none</c>.</param>
public sealed record RepQuota(string RepId, string Name, string Region, string Territory, long Accounts, decimal LastYear, decimal Potential,
    decimal Quota, decimal Uplift, double? Change, double? QuotaToPotential, string Clamped);

/// <summary>A region's or territory's quota: the sum of its reps'.</summary>
/// <param name="Key">The region or territory.</param>
/// <param name="Reps">Reps in it.</param>
/// <param name="LastYear">Their last year's revenue.</param>
/// <param name="Potential">Their potential.</param>
/// <param name="Quota">Their quotas summed.</param>
public sealed record QuotaRollUp(string Key, long Reps, decimal LastYear, decimal Potential, decimal Quota);

/// <summary>How evenly quota follows potential: quota ÷ potential across reps with potential.</summary>
/// <param name="Mean">Mean quota ÷ potential.</param>
/// <param name="CoefficientOfVariation">Standard deviation over mean (0: every rep carries the same quota per unit of potential).</param>
/// <param name="Min">The lowest ratio.</param>
/// <param name="MinRep">Whose it is.</param>
/// <param name="Max">The highest ratio.</param>
/// <param name="MaxRep">Whose it is.</param>
/// <param name="Summary">The report in words, naming the reps furthest from the mean.</param>
public sealed record QuotaFairness(double Mean, double CoefficientOfVariation, double Min, string MinRep, double Max, string MaxRep, string Summary);

/// <summary>The outcome of <c>sightline plan quotas</c>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Target">The company target.</param>
/// <param name="LastYear">Last year's revenue of the reps' books.</param>
/// <param name="Potential">Potential of the reps' books.</param>
/// <param name="HistoryWeight">Weight of history in the blend.</param>
/// <param name="PotentialWeight">Weight of potential in the blend.</param>
/// <param name="FloorChange">Smallest change versus last year.</param>
/// <param name="CapChange">Largest change versus last year.</param>
/// <param name="UnassignedAccounts">Accounts with no owner rep (left out of quotas).</param>
/// <param name="UnassignedLastYear">Their last year's revenue.</param>
/// <param name="UnassignedPotential">Their potential.</param>
/// <param name="Reps">Per rep, by rep id; the quotas sum to the target exactly.</param>
/// <param name="Regions">Per region.</param>
/// <param name="Territories">Per territory.</param>
/// <param name="Fairness">Quota ÷ potential spread; null when no rep has potential.</param>
/// <param name="Notes">What the plan had to do or leave out.</param>
public sealed record QuotaPlanResult(string RunId, decimal Target, decimal LastYear, decimal Potential, double HistoryWeight, double PotentialWeight,
    double FloorChange, double CapChange, long UnassignedAccounts, decimal UnassignedLastYear, decimal UnassignedPotential,
    IReadOnlyList<RepQuota> Reps, IReadOnlyList<QuotaRollUp> Regions, IReadOnlyList<QuotaRollUp> Territories, QuotaFairness? Fairness, IReadOnlyList<string> Notes);
