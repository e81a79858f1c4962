namespace Sightline.Segments.Performance;

/// <summary>
/// One period and segment: how last period's customer revenue became this period's. Amounts are exact to the cent and
/// <c>Previous + New + Expansion + Reactivated − Contraction − Churned = Current</c>.
/// </summary>
/// <param name="Period">First day of the period.</param>
/// <param name="Segment">The segment value ("all" without a segment set).</param>
/// <param name="Previous">Customer revenue in the period before (accounts with positive net revenue then).</param>
/// <param name="New">Revenue of accounts buying for the first time (conversion).</param>
/// <param name="RetainedBase">Retained accounts: min(previous, current), the part of their revenue that stayed.</param>
/// <param name="Expansion">Retained accounts: max(0, current − previous).</param>
/// <param name="Reactivated">Revenue of accounts back after at least one period without positive revenue.</param>
/// <param name="Contraction">Retained accounts: max(0, previous − current).</param>
/// <param name="Churned">Previous revenue of accounts with no positive revenue now.</param>
/// <param name="Current">Customer revenue now (accounts with positive net revenue).</param>
/// <param name="Booked">All order lines in the period, returns included; <c>Booked − Current</c> is the net credit of accounts whose returns exceed their purchases.</param>
/// <param name="PreviousCustomers">Accounts with positive revenue in the period before.</param>
/// <param name="NewCustomers">Accounts counted in <paramref name="New"/>.</param>
/// <param name="RetainedCustomers">Accounts with positive revenue in both periods.</param>
/// <param name="ExpandedCustomers">Retained accounts that spent more.</param>
/// <param name="ContractedCustomers">Retained accounts that spent less.</param>
/// <param name="ReactivatedCustomers">Accounts counted in <paramref name="Reactivated"/>.</param>
/// <param name="ChurnedCustomers">Accounts counted in <paramref name="Churned"/>.</param>
/// <param name="CurrentCustomers">Accounts with positive revenue now.</param>
/// <param name="PenetrationCustomers">Retained accounts that bought a product family they had never bought before.</param>
/// <param name="PenetrationRevenue">What those accounts spent on their new families this period.</param>
/// <param name="GrowthRate">Current ÷ Previous − 1; null when Previous is zero.</param>
/// <param name="NetRevenueRetention">(Previous − Churned − Contraction + Expansion) ÷ Previous; null when Previous is zero.</param>
/// <param name="GrossRevenueRetention">(Previous − Churned − Contraction) ÷ Previous; null when Previous is zero.</param>
public sealed record RevenueBridge(
    DateOnly Period,
    string Segment,
    decimal Previous,
    decimal New,
    decimal RetainedBase,
    decimal Expansion,
    decimal Reactivated,
    decimal Contraction,
    decimal Churned,
    decimal Current,
    decimal Booked,
    long PreviousCustomers,
    long NewCustomers,
    long RetainedCustomers,
    long ExpandedCustomers,
    long ContractedCustomers,
    long ReactivatedCustomers,
    long ChurnedCustomers,
    long CurrentCustomers,
    long PenetrationCustomers,
    decimal PenetrationRevenue,
    double? GrowthRate,
    double? NetRevenueRetention,
    double? GrossRevenueRetention);
