namespace Sightline.Segments.Performance;

/// <summary>One cell of the cohort retention matrix.</summary>
/// <param name="Segment">The segment value ("all" without a segment set).</param>
/// <param name="Cohort">First day of the cohort's period: the period of each account's first positive revenue.</param>
/// <param name="Offset">Periods since the cohort period (0 is the cohort period itself).</param>
/// <param name="Period">First day of the measured period.</param>
/// <param name="CohortCustomers">Accounts in the cohort.</param>
/// <param name="ActiveCustomers">Cohort accounts with positive revenue in the measured period.</param>
/// <param name="CustomerRetention">ActiveCustomers ÷ CohortCustomers.</param>
/// <param name="Revenue">The cohort's customer revenue in the measured period.</param>
/// <param name="RevenueRetention">Revenue ÷ the cohort's revenue at offset 0.</param>
public sealed record CohortCell(
    string Segment,
    DateOnly Cohort,
    int Offset,
    DateOnly Period,
    long CohortCustomers,
    long ActiveCustomers,
    double CustomerRetention,
    decimal Revenue,
    double RevenueRetention);
