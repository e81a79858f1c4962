namespace Sightline.Plans.Headcount;

/// <summary>One region × role of the headcount plan: the table a VP can argue with.</summary>
/// <param name="Region">The region.</param>
/// <param name="Role">The rep role.</param>
/// <param name="RepsNow">Reps today (with capacity).</param>
/// <param name="Recommended">Reps recommended under the budget.</param>
/// <param name="Change">Recommended minus today.</param>
/// <param name="RepCost">Yearly cost of one rep (average of today's reps here, else of the role).</param>
/// <param name="CapacityPerRep">Accounts one rep covers (average capacity_accounts here, else of the role, else coverage.default_capacity).</param>
/// <param name="PoolAccounts">Accounts of the region whose best coverage, among the roles that can be staffed or priced there, is this role (pinned ones first).</param>
/// <param name="Potential">Their potential.</param>
/// <param name="WhiteSpace">Their white space.</param>
/// <param name="CoverageRatio">Share of the pool today's reps can cover; null without a pool.</param>
/// <param name="RevenueNow">Expected revenue of the pool with today's reps (uncovered accounts at their fallback).</param>
/// <param name="RevenueOneMore">With one rep more.</param>
/// <param name="RevenueOneLess">With one rep less; null with no rep today.</param>
/// <param name="RevenueRecommended">With the recommended reps.</param>
/// <param name="ReturnPerRep">What the next rep adds ÷ its cost; null without a cost.</param>
/// <param name="Curve">Expected revenue of the pool with 0, 1, 2, ... reps: concave, each rep taking the next-best uncovered accounts.</param>
/// <param name="Reason">The recommendation in words.</param>
public sealed record HeadcountRow(string Region, string Role, long RepsNow, long Recommended, long Change, decimal RepCost, double CapacityPerRep, long PoolAccounts,
    double Potential, double WhiteSpace, double? CoverageRatio, decimal RevenueNow, decimal RevenueOneMore, decimal? RevenueOneLess, decimal RevenueRecommended,
    double? ReturnPerRep, IReadOnlyList<decimal> Curve, string Reason);

/// <summary>Per region: the headline numbers (for the demo table).</summary>
/// <param name="Region">The region.</param>
/// <param name="Potential">Potential of all its accounts.</param>
/// <param name="RepsNow">Planned reps today (capacity-bound roles).</param>
/// <param name="RecommendedReps">Reps recommended.</param>
public sealed record HeadcountRegion(string Region, double Potential, long RepsNow, long RecommendedReps);

/// <summary>The outcome of <c>sightline plan headcount</c>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Budget">The yearly budget for the planned reps.</param>
/// <param name="BudgetIsFlat">True when no budget was given: today's cost of the planned reps (flat cost).</param>
/// <param name="CostNow">Today's cost of the planned reps.</param>
/// <param name="CostRecommended">Cost of the recommended reps (at most the budget).</param>
/// <param name="RevenueNow">Total expected revenue with today's reps (every account, the uncovered at their fallback).</param>
/// <param name="RevenueRecommended">With the recommended reps.</param>
/// <param name="Method">How the recommendation was solved.</param>
/// <param name="Optimal">True when the solver proved it optimal.</param>
/// <param name="Rows">Per region × role.</param>
/// <param name="Regions">Per region.</param>
/// <param name="Notes">What the plan assumed or left out.</param>
public sealed record HeadcountResult(string RunId, decimal Budget, bool BudgetIsFlat, decimal CostNow, decimal CostRecommended, decimal RevenueNow, decimal RevenueRecommended,
    string Method, bool Optimal, IReadOnlyList<HeadcountRow> Rows, IReadOnlyList<HeadcountRegion> Regions, IReadOnlyList<string> Notes);
