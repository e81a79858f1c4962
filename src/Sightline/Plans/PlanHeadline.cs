using Sightline.Models.Value;
using Sightline.Plans.Headcount;
using Sightline.Plans.Quotas;

namespace Sightline.Plans;

/// <summary>One region of the plan headline: where the money is, the heads to chase it and the quota they carry.</summary>
/// <param name="Region">The region (the accounts' region for potential, the reps' for heads and quota), or <c>Total</c>.</param>
/// <param name="Accounts">Accounts in the region.</param>
/// <param name="Potential">Their potential (TAM).</param>
/// <param name="WhiteSpace">Their white space.</param>
/// <param name="RepsNow">Planned reps (capacity-bound roles) today.</param>
/// <param name="RepsRecommended">Reps the headcount plan recommends within the budget.</param>
/// <param name="LastYear">The region's reps' revenue over the last 12 months.</param>
/// <param name="Quota">The region's reps' quotas summed.</param>
public sealed record PlanHeadlineRow(string Region, long Accounts, double Potential, double WhiteSpace, long RepsNow, long RepsRecommended, decimal LastYear, decimal Quota);

/// <summary>Joins the potential roll-up by region, the headcount plan and the quota plan into the headline table leaders read first.</summary>
public static class PlanHeadline
{
    /// <summary>The label of the totals row.</summary>
    public const string Total = "Total";

    /// <summary>One row per region found in any of the three, largest potential first, then the total row.</summary>
    /// <param name="potentialByRegion">The potential roll-up by region.</param>
    /// <param name="headcount">The headcount plan.</param>
    /// <param name="quotas">The quota plan.</param>
    public static IReadOnlyList<PlanHeadlineRow> Build(IReadOnlyList<PotentialRollUpRow> potentialByRegion, HeadcountResult headcount, QuotaPlanResult quotas)
    {
        ArgumentNullException.ThrowIfNull(potentialByRegion);
        ArgumentNullException.ThrowIfNull(headcount);
        ArgumentNullException.ThrowIfNull(quotas);
        var potential = potentialByRegion.ToDictionary(r => r.Group, StringComparer.Ordinal);
        var heads = headcount.Regions.ToDictionary(r => r.Region, StringComparer.Ordinal);
        var quota = quotas.Regions.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var rows = potential.Keys.Union(heads.Keys).Union(quota.Keys)
            .Select(region =>
            {
                var p = potential.GetValueOrDefault(region);
                var h = heads.GetValueOrDefault(region);
                var q = quota.GetValueOrDefault(region);
                return new PlanHeadlineRow(region, p?.Accounts ?? 0, p?.Potential ?? 0, p?.WhiteSpace ?? 0, h?.RepsNow ?? 0, h?.RecommendedReps ?? 0,
                    q?.LastYear ?? 0, q?.Quota ?? 0);
            })
            .OrderByDescending(r => r.Potential).ThenBy(r => r.Region, StringComparer.Ordinal)
            .ToList();
        rows.Add(new PlanHeadlineRow(Total, rows.Sum(r => r.Accounts), rows.Sum(r => r.Potential), rows.Sum(r => r.WhiteSpace), rows.Sum(r => r.RepsNow),
            rows.Sum(r => r.RepsRecommended), rows.Sum(r => r.LastYear), rows.Sum(r => r.Quota)));
        return rows;
    }
}
