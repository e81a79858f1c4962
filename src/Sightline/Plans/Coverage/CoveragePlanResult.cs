namespace Sightline.Plans.Coverage;

/// <summary>One coverage model in the plan, next to today's coverage.</summary>
/// <param name="Model">The model (<c>none</c> for uncovered accounts).</param>
/// <param name="Role">The rep role that provides it (<c>-</c> for none).</param>
/// <param name="CostToServe">Its yearly cost to serve one account.</param>
/// <param name="Effectiveness">Share of an account's expected value it realises.</param>
/// <param name="Accounts">Accounts the plan gives it.</param>
/// <param name="RealisedValue">Expected value it realises on them (expected value × effectiveness).</param>
/// <param name="Cost">Its cost to serve them.</param>
/// <param name="Margin">Realised value × margin rate − cost.</param>
/// <param name="CurrentAccounts">Accounts it covers today (the owner rep's role).</param>
/// <param name="CurrentMargin">Their margin today.</param>
public sealed record CoverageModelRow(string Model, string Role, double CostToServe, double Effectiveness, long Accounts, decimal RealisedValue, decimal Cost,
    decimal Margin, long CurrentAccounts, decimal CurrentMargin);

/// <summary>A rep role's capacity and its use.</summary>
/// <param name="Role">The role.</param>
/// <param name="Reps">Reps with the role (capacity above 0 or unknown).</param>
/// <param name="Capacity">Accounts they can cover (capacity_accounts, else coverage.default_capacity); null when only unlimited models use the role.</param>
/// <param name="Pinned">Accounts pinned to its models.</param>
/// <param name="Used">Accounts the plan gives its capacity-bound models, pinned included.</param>
/// <param name="CurrentAccounts">Accounts its reps own today.</param>
/// <param name="Summary">The use in words.</param>
public sealed record RoleCapacityRow(string Role, long Reps, long? Capacity, long Pinned, long Used, long CurrentAccounts, string Summary);

/// <summary>An account in the over- or under-covered report.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Name">Its name.</param>
/// <param name="Region">Its region.</param>
/// <param name="ExpectedValue">Its expected yearly value under full coverage.</param>
/// <param name="CurrentModel">Its coverage today.</param>
/// <param name="CurrentMargin">Its margin today.</param>
/// <param name="Model">The plan's model.</param>
/// <param name="Margin">Its margin under the plan.</param>
/// <param name="Reason">Why it is flagged, in words.</param>
public sealed record CoverageFlag(string AccountId, string Name, string Region, double ExpectedValue, string CurrentModel, decimal CurrentMargin,
    string Model, decimal Margin, string Reason);

/// <summary>The outcome of <c>sightline plan coverage</c>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Accounts">Accounts planned.</param>
/// <param name="ExpectedValue">Their expected yearly value under full coverage.</param>
/// <param name="MarginRate">Gross margin rate.</param>
/// <param name="Margin">The plan's total expected margin.</param>
/// <param name="CurrentMargin">Today's coverage's total expected margin (the owner rep's role).</param>
/// <param name="GreedyMargin">The greedy baseline's margin (biggest gains first while capacity lasts), for comparison.</param>
/// <param name="Changed">Accounts whose model changes versus today.</param>
/// <param name="Pinned">Accounts pinned in sightline.yaml.</param>
/// <param name="Method">How the assignment was solved.</param>
/// <param name="Optimal">True when the solver proved the assignment optimal.</param>
/// <param name="Models">Per model, the plan next to today.</param>
/// <param name="Roles">Per role, capacity and use.</param>
/// <param name="OverCoveredCount">Accounts whose coverage today costs more than the margin it realises.</param>
/// <param name="UnderCoveredCount">High-potential accounts with no or digital-only coverage today.</param>
/// <param name="HighPotentialThreshold">The expected value from which an account counts as high potential.</param>
/// <param name="OverCovered">The most over-covered accounts (most margin lost first).</param>
/// <param name="UnderCovered">The most under-covered accounts (highest expected value first).</param>
/// <param name="Notes">What the plan assumed or left out.</param>
public sealed record CoveragePlanResult(string RunId, long Accounts, decimal ExpectedValue, double MarginRate, decimal Margin, decimal CurrentMargin, decimal GreedyMargin,
    long Changed, long Pinned, string Method, bool Optimal, IReadOnlyList<CoverageModelRow> Models, IReadOnlyList<RoleCapacityRow> Roles,
    long OverCoveredCount, long UnderCoveredCount, double HighPotentialThreshold, IReadOnlyList<CoverageFlag> OverCovered, IReadOnlyList<CoverageFlag> UnderCovered,
    IReadOnlyList<string> Notes);
