namespace Sightline.Plans.Territories;

/// <summary>One scenario's territories in numbers, side by side with the others.</summary>
/// <param name="Name"><c>today</c>, <c>naive</c>, <c>minimal_disruption</c>, <c>balanced</c> or <c>compact</c>.</param>
/// <param name="Description">What the scenario optimises, in words.</param>
/// <param name="LoadCv">Coefficient of variation of territory load (potential and workload blended by the settings' weights: what the plan balances), against its group's mean (the region's, or the region's territories of the same role).</param>
/// <param name="PotentialCv">Coefficient of variation of territory potential, each territory taken against its group's mean.</param>
/// <param name="WorkloadCv">The same for workload.</param>
/// <param name="PotentialMaxMin">Largest over smallest territory potential (against its group's mean); null when a territory has none.</param>
/// <param name="WorkloadMaxMin">The same for workload.</param>
/// <param name="DisruptionShare">Revenue-weighted share of accounts whose rep changes (12-month revenue of those accounts over all).</param>
/// <param name="CompactnessKm">Mean great-circle distance from an account to its territory's centre, in km.</param>
/// <param name="AccountsMoved">Accounts whose territory changes.</param>
/// <param name="OutsideTolerance">Territories whose potential or workload is outside the scenario's tolerance around their group's mean.</param>
/// <param name="Method">How the assignment was found, with the bound or gap where there is one.</param>
/// <param name="Gap">Relative gap between the whole-account assignment's cost and the relaxation's optimum (LP or min-cost flow: a lower bound for plans within the bounds); null for references.</param>
/// <param name="Summary">The scenario in one sentence.</param>
public sealed record TerritoryScenario(string Name, string Description, double LoadCv, double PotentialCv, double WorkloadCv, double? PotentialMaxMin, double? WorkloadMaxMin,
    double DisruptionShare, double CompactnessKm, long AccountsMoved, long OutsideTolerance, string Method, double? Gap, string Summary);

/// <summary>One territory in one scenario.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="TerritoryId">The territory (new ones are named <c>NEW-…</c>).</param>
/// <param name="Name">Its name.</param>
/// <param name="Region">Its region.</param>
/// <param name="Role">Its coverage role (its rep's; a new territory takes its group's).</param>
/// <param name="RepId">Its rep; null for a new territory (no rep yet).</param>
/// <param name="RepName">The rep's name.</param>
/// <param name="IsNew">True when the plan created it (more territories than today).</param>
/// <param name="Accounts">Accounts in it.</param>
/// <param name="Potential">Their summed potential.</param>
/// <param name="Workload">Their summed workload.</param>
/// <param name="Load">Its load (potential and workload blended) over its group's mean territory load (1: exactly the mean).</param>
/// <param name="MeanDistanceKm">Mean distance of its accounts to its centre, km.</param>
public sealed record TerritorySummary(string Scenario, string TerritoryId, string Name, string Region, string Role, string? RepId, string? RepName, bool IsNew,
    long Accounts, double Potential, double Workload, double Load, double MeanDistanceKm);

/// <summary>An account that changes territory in a scenario.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="AccountId">The account.</param>
/// <param name="FromTerritory">Today's territory; null when it has none.</param>
/// <param name="ToTerritory">The planned territory.</param>
/// <param name="FromRep">Today's rep.</param>
/// <param name="ToRep">The planned rep; null for a new territory.</param>
/// <param name="Revenue">The account's 12-month revenue (what the move puts at risk).</param>
/// <param name="Reason">Why it moves, in words.</param>
public sealed record TerritoryMove(string Scenario, string AccountId, string? FromTerritory, string ToTerritory, string? FromRep, string? ToRep, double Revenue, string Reason);

/// <summary>The outcome of <c>sightline plan territories</c>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Count">Territories planned.</param>
/// <param name="TodayCount">Territories today.</param>
/// <param name="Accounts">Accounts planned.</param>
/// <param name="Locked">Locked accounts (they stay in today's territory).</param>
/// <param name="Tolerance">The balance tolerance around each group's mean load.</param>
/// <param name="PotentialWeight">Weight of potential in the load.</param>
/// <param name="WorkloadWeight">Weight of workload in the load.</param>
/// <param name="WithinRegion">True when territories never span regions.</param>
/// <param name="WithinRole">True when territories never span coverage roles (a field territory is balanced against the field territories of its region).</param>
/// <param name="Scenarios">Per scenario, the references <c>today</c> and <c>naive</c> first.</param>
/// <param name="Territories">Per scenario and territory.</param>
/// <param name="TopMoves">Per planned scenario, the moves with the most revenue (all moves are in <c>plan_territories</c>).</param>
/// <param name="Notes">What the plan had to assume, create, merge or leave out.</param>
public sealed record TerritoryPlanResult(string RunId, int Count, int TodayCount, long Accounts, long Locked, double Tolerance, double PotentialWeight,
    double WorkloadWeight, bool WithinRegion, bool WithinRole, IReadOnlyList<TerritoryScenario> Scenarios, IReadOnlyList<TerritorySummary> Territories,
    IReadOnlyList<TerritoryMove> TopMoves, IReadOnlyList<string> Notes);
