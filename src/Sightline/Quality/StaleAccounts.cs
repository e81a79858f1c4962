namespace Sightline.Quality;

/// <summary>Accounts with no activity in the 365 days ending at the report's as-of date.</summary>
/// <param name="WindowStart">First day of the activity window (as-of minus 364 days).</param>
/// <param name="Customers">Accounts that ever ordered.</param>
/// <param name="StaleCustomers">Customers with no activity in the window.</param>
/// <param name="StaleCustomersShare"><paramref name="StaleCustomers"/> over <paramref name="Customers"/>.</param>
/// <param name="Others">Accounts that never ordered (prospects).</param>
/// <param name="StaleOthers">Prospects with no activity in the window.</param>
/// <param name="StaleOthersShare"><paramref name="StaleOthers"/> over <paramref name="Others"/>.</param>
/// <param name="Stale">All stale accounts.</param>
/// <param name="StaleShare"><paramref name="Stale"/> over all accounts.</param>
public sealed record StaleAccounts(
    DateOnly WindowStart,
    long Customers,
    long StaleCustomers,
    double StaleCustomersShare,
    long Others,
    long StaleOthers,
    double StaleOthersShare,
    long Stale,
    double StaleShare);
