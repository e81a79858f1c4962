using System.Globalization;
using Google.OrTools.Graph;
using Google.OrTools.LinearSolver;

namespace Sightline.Plans.Territories;

/// <summary>A territory as the solver sees it.</summary>
internal sealed class TerritoryUnit
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Region { get; set; }

    /// <summary>Its coverage role: its rep's role, else the most common role of its accounts' owner reps today, else <c>(none)</c>.</summary>
    public string Role { get; set; } = TerritoryWorld.NoRole;

    public required int Group { get; set; }

    public string? RepId { get; init; }

    public string? RepName { get; init; }

    public bool IsNew { get; init; }

    /// <summary>False when merged away (fewer territories than today) or its balancing group has no accounts.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Where a territory with no accounts today starts from.</summary>
    public (double Lat, double Lon)? Seed { get; set; }

    public string Label => RepName is null ? (IsNew ? $"{Id} (new, no rep yet)" : $"{Id} (no rep)") : $"{Id} ({RepName})";
}

/// <summary>Every account and territory of one plan, as parallel arrays.</summary>
internal sealed class TerritoryWorld
{
    /// <summary>The role of a territory or account whose role nothing tells.</summary>
    public const string NoRole = "(none)";

    public required string[] Ids { get; init; }

    /// <summary>Each account's balancing group (an index into <see cref="Groups"/>).</summary>
    public required int[] Group { get; init; }

    /// <summary>
    /// The balancing groups' keys: the region (within region only), <c>region / role</c> (within region and role),
    /// the role (within role only) or <c>(all)</c>. A territory and an account only match within one group.
    /// </summary>
    public required string[] Groups { get; init; }

    /// <summary>Each group's region, or null when planning across regions.</summary>
    public required string?[] GroupRegion { get; init; }

    /// <summary>Each group's coverage role, or null when planning across roles.</summary>
    public required string?[] GroupRole { get; init; }

    /// <summary>Each account's own region (the group is <c>(all)</c> when planning across regions).</summary>
    public required string[] Regions { get; init; }

    /// <summary>Each account's coverage role: its today territory's role, else its owner rep's role, else <c>(none)</c>.</summary>
    public required string[] Roles { get; init; }

    /// <summary>True when territories are balanced per coverage role.</summary>
    public bool ByRole => GroupRole.Length > 0 && GroupRole[0] is not null;

    /// <summary>What one balancing group is called in method texts: <c>region</c>, or <c>group</c> when roles split regions.</summary>
    public string GroupNoun => ByRole ? "group" : "region";

    /// <summary>How the solver goes through the groups, for method texts.</summary>
    public string PerGroup => !ByRole ? "per region" : GroupRegion[0] is null ? "per coverage role" : "per region and coverage role";

    /// <summary>Group <paramref name="g"/> as a title in notes: <c>region EMEA</c>, <c>field territories of EMEA</c>, <c>field territories</c>.</summary>
    public string GroupTitle(int g) => (GroupRegion[g], GroupRole[g]) switch
    {
        (_, null) => $"region {Groups[g]}",
        (null, var role) => $"{role} territories",
        var (region, role) => $"{role} territories of {region}",
    };

    /// <summary>One territory of group <paramref name="g"/>, for reasons: <c>a field territory of EMEA</c>; null when roles do not split groups.</summary>
    public string? OneOf(int g) => ByRole ? OneOf(GroupRegion[g], GroupRole[g]!) : null;

    /// <summary>One territory of <paramref name="role"/> (in <paramref name="region"/> when given): <c>a field territory of EMEA</c>.</summary>
    public static string OneOf(string? region, string role)
    {
        var article = role.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(role[0]), StringComparison.Ordinal) ? "an" : "a";
        return region is null ? $"{article} {role} territory" : $"{article} {role} territory of {region}";
    }


    public required double[] Lat { get; init; }

    public required double[] Lon { get; init; }

    public required double[] Potential { get; init; }

    public required double[] Workload { get; init; }

    public required double[] Revenue { get; init; }

    /// <summary>Potential and workload blended, each over its mean account, by the settings' weights.</summary>
    public required double[] Load { get; init; }

    /// <summary>Today's territory index, or -1.</summary>
    public required int[] Today { get; init; }

    public required string?[] OwnerRep { get; init; }

    public required bool[] Locked { get; init; }

    public required List<TerritoryUnit> Territories { get; init; }

    public int N => Ids.Length;
}

/// <summary>What a scenario weighs: disruption against distance, and how tight the balance is.</summary>
internal sealed record ScenarioSpec(string Name, string Description, double DisruptionWeight, double DistanceWeight, double ToleranceFactor, int Iterations)
{
    public static ScenarioSpec For(string name) => name switch
    {
        "minimal_disruption" => new(name, "moves as little revenue as it can to bring every territory within the tolerance", 1.0, 0.05, 1.0, 1),
        "balanced" => new(name, "keeps potential and workload within half the tolerance, accepting more moves", 0.3, 0.1, 0.5, 1),
        "compact" => new(name, "draws tight territories around their centres within the tolerance, re-centring three times", 0.02, 1.0, 1.0, 3),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a scenario"),
    };
}

/// <summary>The assignment a scenario ends with and how it was found.</summary>
internal sealed record SolveOutcome(int[] Assignment, string Method, double? Gap, double ToleranceUsed, long SplitAccounts);

/// <summary>
/// Reassigns accounts to territories group by group (a region, or a region's territories of one coverage role) as a transportation problem solved by OR-Tools' min-cost flow:
/// each account ships its load to one of its nearest territories (or today's), each territory takes between
/// (1 - tolerance) and (1 + tolerance) of its group's mean load, and the cost of a move blends its distance to the
/// territory's centre with the account's revenue (disruption). The flow may split a handful of accounts (at most about
/// one per territory in a basic solution); each goes whole to the territory with its largest share, and the cost of that
/// whole-account plan is reported against the flow's optimum, a lower bound. When the nearest-territory arcs cannot
/// meet the bounds, every territory of the group is opened to every account; when that fails, the tolerance is doubled
/// (twice) and finally dropped, which the method text says.
/// </summary>
internal static class TerritorySolver
{
    private const double UnitsPerGroup = 2_000_000;
    private const double CostScale = 100_000;
    private const int LpSecondsPerRegion = 10;

    public static SolveOutcome Solve(TerritoryWorld world, ScenarioSpec spec, double tolerance, int candidates, int lpMaxAccounts)
    {
        var assignment = Enumerable.Repeat(-1, world.N).ToArray();
        double lp = 0, whole = 0;
        long splits = 0, repaired = 0;
        var bounded = true;
        var widest = tolerance * spec.ToleranceFactor;
        var attempts = new List<string>();
        for (var g = 0; g < world.Groups.Length; g++)
        {
            var accounts = Enumerable.Range(0, world.N).Where(i => world.Group[i] == g).ToArray();
            var territories = world.Territories.Select((t, j) => (t, j)).Where(x => x.t.Active && x.t.Group == g).Select(x => x.j).ToArray();
            if (accounts.Length == 0)
            {
                continue;
            }

            var centres = Centres(world, accounts, territories, world.Today);
            GroupOutcome? outcome = null;
            for (var iteration = 0; iteration < spec.Iterations; iteration++)
            {
                outcome = SolveGroup(world, accounts, territories, centres, spec, tolerance * spec.ToleranceFactor, candidates, lpMaxAccounts);
                foreach (var (account, territory) in accounts.Zip(outcome.Assignment))
                {
                    assignment[account] = territory;
                }

                centres = Centres(world, accounts, territories, assignment);
            }

            lp += outcome!.RelaxedCost;
            whole += outcome.WholeCost;
            splits += outcome.Splits;
            repaired += outcome.Repaired;
            bounded &= outcome.Bounded;
            widest = Math.Max(widest, outcome.Tolerance);
            attempts.Add(outcome.How);
        }

        var inv = CultureInfo.InvariantCulture;
        var gap = Math.Round(lp > 0 ? (whole - lp) / lp : 0, 4);
        var how = attempts.Distinct(StringComparer.Ordinal).ToList();
        var gapText = gap == 0 ? "equal to" : string.Create(inv, $"{Math.Abs(gap):0.##%} {(gap > 0 ? "above" : "below")}");
        var repairText = repaired > 0 ? string.Create(inv, $", and {Counted.Of(repaired, "single-account move")} then brought territories past a potential or workload bound back toward it") : "";
        var boundText = bounded
            ? $"the whole-account cost is {gapText} the LP's optimum, its lower bound{(gap < 0 ? " (below it: a territory ends a little past a bound)" : "")}"
            : "no bound is reported: the flow's optimum is for the blended load, not for the plan the moves reach";
        var method = string.Create(inv,
            $"{world.PerGroup}, {string.Join($"; in some {world.GroupNoun}s ", how)}; {Counted.Of(splits, "account")} split by the relaxation went whole to {Counted.Agree(splits, "its", "their")} largest share{repairText}; {boundText}");
        gap = bounded ? gap : double.NaN;
        return new SolveOutcome(assignment, method, double.IsNaN(gap) ? null : gap, widest, splits);
    }

    private sealed record GroupOutcome(int[] Assignment, double RelaxedCost, double WholeCost, long Splits, long Repaired, double Tolerance, string How, bool Bounded = true);

    /// <summary>Each territory's centre: the mean of its accounts' positions on the sphere; its seed when it has none.</summary>
    public static (double Lat, double Lon)[] Centres(TerritoryWorld world, IReadOnlyList<int> accounts, IReadOnlyList<int> territories, int[] assignment)
    {
        var sums = new Dictionary<int, (double X, double Y, double Z, int N)>();
        foreach (var a in accounts)
        {
            var t = assignment[a];
            if (t < 0)
            {
                continue;
            }

            var (x, y, z) = Vector(world.Lat[a], world.Lon[a]);
            sums[t] = sums.TryGetValue(t, out var s) ? (s.X + x, s.Y + y, s.Z + z, s.N + 1) : (x, y, z, 1);
        }

        var centres = new (double Lat, double Lon)[territories.Count];
        for (var k = 0; k < territories.Count; k++)
        {
            var t = territories[k];
            if (sums.TryGetValue(t, out var s) && s.N > 0)
            {
                centres[k] = (Math.Atan2(s.Z, Math.Sqrt((s.X * s.X) + (s.Y * s.Y))) * 180 / Math.PI, Math.Atan2(s.Y, s.X) * 180 / Math.PI);
            }
            else
            {
                centres[k] = world.Territories[t].Seed ?? (accounts.Count > 0 ? (world.Lat[accounts[0]], world.Lon[accounts[0]]) : (0, 0));
            }
        }

        return centres;
    }

    private static (double X, double Y, double Z) Vector(double lat, double lon)
    {
        const double rad = Math.PI / 180;
        return (Math.Cos(lat * rad) * Math.Cos(lon * rad), Math.Cos(lat * rad) * Math.Sin(lon * rad), Math.Sin(lat * rad));
    }

    private sealed record LpOutcome(int[] Chosen, double Relaxed, double Whole, long Splits);

    /// <summary>
    /// The two-resource transportation LP: each free account's share over its candidate territories sums to 1, and each
    /// territory's potential and workload (locked accounts included) stay within the tolerance of the region's mean.
    /// A basic optimum splits at most about two accounts per territory; each goes whole to its largest share.
    /// Null when GLOP finds the LP infeasible or runs out of time.
    /// </summary>
    private static LpOutcome? TryLp(TerritoryWorld world, int[] accounts, int[] territories, List<int> free, List<int>[] arcs, Func<int, int, double> cost, double tolerance,
        out bool infeasible)
    {
        infeasible = false;
        var k = territories.Length;
        var local = territories.Select((t, j) => (t, j)).ToDictionary(x => x.t, x => x.j);
        var totalPotential = accounts.Sum(a => world.Potential[a]);
        var totalWorkload = accounts.Sum(a => world.Workload[a]);
        var fixedPotential = new double[k];
        var fixedWorkload = new double[k];
        var isFree = new HashSet<int>(free);
        for (var i = 0; i < accounts.Length; i++)
        {
            if (!isFree.Contains(i) && local.TryGetValue(world.Today[accounts[i]], out var j))
            {
                fixedPotential[j] += world.Potential[accounts[i]];
                fixedWorkload[j] += world.Workload[accounts[i]];
            }
        }

        using var solver = Solver.CreateSolver("GLOP");
        if (solver is null)
        {
            return null;
        }

        solver.SetTimeLimit(LpSecondsPerRegion * 1000L);
        var objective = solver.Objective();
        objective.SetMinimization();
        var potentialRows = new Constraint?[k];
        var workloadRows = new Constraint?[k];
        for (var j = 0; j < k; j++)
        {
            if (totalPotential > 0)
            {
                var mean = totalPotential / k;
                potentialRows[j] = solver.MakeConstraint((mean * (1 - tolerance)) - fixedPotential[j], (mean * (1 + tolerance)) - fixedPotential[j]);
            }

            if (totalWorkload > 0)
            {
                var mean = totalWorkload / k;
                workloadRows[j] = solver.MakeConstraint((mean * (1 - tolerance)) - fixedWorkload[j], (mean * (1 + tolerance)) - fixedWorkload[j]);
            }
        }

        var variables = new Variable[free.Count][];
        for (var f = 0; f < free.Count; f++)
        {
            var a = accounts[free[f]];
            var one = solver.MakeConstraint(1, 1);
            variables[f] = new Variable[arcs[f].Count];
            for (var x = 0; x < arcs[f].Count; x++)
            {
                var j = arcs[f][x];
                var v = solver.MakeNumVar(0, 1, "");
                variables[f][x] = v;
                one.SetCoefficient(v, 1);
                potentialRows[j]?.SetCoefficient(v, world.Potential[a]);
                workloadRows[j]?.SetCoefficient(v, world.Workload[a]);
                objective.SetCoefficient(v, cost(f, j));
            }
        }

        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            // Infeasible: a wider tolerance may do. Anything else (the time limit): give the region to the flow.
            infeasible = status == Solver.ResultStatus.INFEASIBLE;
            return null;
        }

        var chosen = new int[free.Count];
        var whole = 0.0;
        long splits = 0;
        for (var f = 0; f < free.Count; f++)
        {
            var best = 0;
            var parts = 0;
            for (var x = 0; x < arcs[f].Count; x++)
            {
                var value = variables[f][x].SolutionValue();
                parts += value > 1e-6 ? 1 : 0;
                if (value > variables[f][best].SolutionValue())
                {
                    best = x;
                }
            }

            splits += parts > 1 ? 1 : 0;
            chosen[f] = arcs[f][best];
            whole += cost(f, chosen[f]);
        }

        return new LpOutcome(chosen, objective.Value(), whole, splits);
    }

    /// <summary>
    /// After rounding: moves single free accounts along their candidate arcs, into or out of territories whose potential
    /// or workload is past the tolerance, while each move lowers the total excess over the bounds. Returns the moves made.
    /// </summary>
    private static int Repair(TerritoryWorld world, int[] accounts, int[] territories, List<int> free, List<int>[] arcs, int[] chosen, double tolerance, Func<int, int, double> cost)
    {
        var k = territories.Length;
        var local = territories.Select((t, j) => (t, j)).ToDictionary(x => x.t, x => x.j);
        var potential = new double[k];
        var workload = new double[k];
        var isFree = new Dictionary<int, int>();
        for (var f = 0; f < free.Count; f++)
        {
            isFree[free[f]] = f;
        }

        for (var i = 0; i < accounts.Length; i++)
        {
            var j = isFree.TryGetValue(i, out var f) ? chosen[f] : local.GetValueOrDefault(world.Today[accounts[i]], -1);
            if (j >= 0)
            {
                potential[j] += world.Potential[accounts[i]];
                workload[j] += world.Workload[accounts[i]];
            }
        }

        var pMean = potential.Sum() / k;
        var wMean = workload.Sum() / k;
        double Excess(double p, double w) =>
            (pMean > 0 ? Math.Max(0, Math.Abs((p / pMean) - 1) - tolerance) : 0) + (wMean > 0 ? Math.Max(0, Math.Abs((w / wMean) - 1) - tolerance) : 0);

        var inbound = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (var f = 0; f < free.Count; f++)
        {
            foreach (var j in arcs[f])
            {
                inbound[j].Add(f);
            }
        }

        var moves = 0;
        for (var round = 0; round < 4; round++)
        {
            var improved = false;
            for (var j = 0; j < k; j++)
            {
                for (var step = 0; step < 50 && Excess(potential[j], workload[j]) > 0; step++)
                {
                    // Among moves that lower the excess, the one that costs least per unit of excess removed.
                    var best = (F: -1, To: -1, Score: double.PositiveInfinity);
                    foreach (var f in inbound[j])
                    {
                        var a = accounts[free[f]];
                        var (p, w) = (world.Potential[a], world.Workload[a]);
                        var from = chosen[f];
                        if (from == j)
                        {
                            foreach (var to in arcs[f].Where(to => to != j))
                            {
                                var delta = Excess(potential[j] - p, workload[j] - w) + Excess(potential[to] + p, workload[to] + w)
                                    - Excess(potential[j], workload[j]) - Excess(potential[to], workload[to]);
                                var score = delta < -1e-12 ? (cost(f, to) - cost(f, j) + 1e-6) / -delta : double.PositiveInfinity;
                                if (score < best.Score)
                                {
                                    best = (f, to, score);
                                }
                            }
                        }
                        else
                        {
                            var delta = Excess(potential[from] - p, workload[from] - w) + Excess(potential[j] + p, workload[j] + w)
                                - Excess(potential[from], workload[from]) - Excess(potential[j], workload[j]);
                            var score = delta < -1e-12 ? (cost(f, j) - cost(f, from) + 1e-6) / -delta : double.PositiveInfinity;
                            if (score < best.Score)
                            {
                                best = (f, j, score);
                            }
                        }
                    }

                    if (best.F < 0)
                    {
                        break;
                    }

                    var moved = accounts[free[best.F]];
                    potential[chosen[best.F]] -= world.Potential[moved];
                    workload[chosen[best.F]] -= world.Workload[moved];
                    potential[best.To] += world.Potential[moved];
                    workload[best.To] += world.Workload[moved];
                    chosen[best.F] = best.To;
                    moves++;
                    improved = true;
                }
            }

            if (!improved)
            {
                break;
            }
        }

        return moves;
    }

    private static GroupOutcome SolveGroup(TerritoryWorld world, int[] accounts, int[] territories, (double Lat, double Lon)[] centres, ScenarioSpec spec,
        double tolerance, int candidates, int lpMaxAccounts)
    {
        var k = territories.Length;
        var local = territories.Select((t, j) => (t, j)).ToDictionary(x => x.t, x => x.j);
        var result = new int[accounts.Length];
        if (k == 1)
        {
            Array.Fill(result, territories[0]);
            return new GroupOutcome(result, 0, 0, 0, 0, tolerance, $"one territory in the {world.GroupNoun}");
        }

        var totalLoad = accounts.Sum(a => world.Load[a]);
        var scale = totalLoad > 0 ? UnitsPerGroup / totalLoad : 1;
        var units = accounts.Select(a => Math.Max(1L, (long)Math.Round(world.Load[a] * scale))).ToArray();
        var fixedUnits = new long[k];
        var free = new List<int>();
        for (var i = 0; i < accounts.Length; i++)
        {
            var a = accounts[i];
            if (world.Locked[a] && world.Today[a] >= 0 && local.TryGetValue(world.Today[a], out var j))
            {
                result[i] = world.Today[a];
                fixedUnits[j] += units[i];
            }
            else
            {
                free.Add(i);
            }
        }

        var target = (double)units.Sum() / k;
        var distance = new double[free.Count][];
        var nearest = 0.0;
        for (var f = 0; f < free.Count; f++)
        {
            var a = accounts[free[f]];
            var row = new double[k];
            for (var j = 0; j < k; j++)
            {
                row[j] = TerritoryMetrics.HaversineKm(world.Lat[a], world.Lon[a], centres[j].Lat, centres[j].Lon);
            }

            distance[f] = row;
            nearest += row.Min();
        }

        var distScale = (free.Count > 0 ? nearest / free.Count : 0) + 1;
        var meanRevenue = accounts.Average(a => world.Revenue[a]);
        meanRevenue = meanRevenue > 0 ? meanRevenue : 1;

        double Cost(int f, int j)
        {
            var a = accounts[free[f]];
            var move = world.Today[a] != territories[j] ? 0.2 + (world.Revenue[a] / meanRevenue) : 0;
            return (spec.DistanceWeight * distance[f][j] / distScale) + (spec.DisruptionWeight * move);
        }

        var inv = CultureInfo.InvariantCulture;
        var nearestArcs = new List<int>[free.Count];
        for (var f = 0; f < free.Count; f++)
        {
            var row = distance[f];
            var list = k <= candidates + 1 ? Enumerable.Range(0, k).ToList() : Enumerable.Range(0, k).OrderBy(j => row[j]).Take(candidates).ToList();
            if (local.TryGetValue(world.Today[accounts[free[f]]], out var tj) && !list.Contains(tj))
            {
                list.Add(tj);
            }

            nearestArcs[f] = list;
        }

        if (free.Count <= lpMaxAccounts)
        {
            foreach (var factor in new[] { 1.0, 2.0, 4.0 })
            {
                var lp = TryLp(world, accounts, territories, free, nearestArcs, Cost, tolerance * factor, out var infeasible);
                if (lp is null && !infeasible)
                {
                    break;
                }

                if (lp is not null)
                {
                    var how = factor == 1.0
                        ? string.Create(inv, $"an LP (OR-Tools GLOP) keeps potential and workload each within ±{tolerance:0.#%} of the {world.GroupNoun}'s mean, over the {candidates} nearest territories and today's")
                        : string.Create(inv, $"an LP (OR-Tools GLOP) keeps potential and workload each within a widened ±{tolerance * factor:0.#%} (±{tolerance:0.#%} had no solution)");
                    var chosen = lp.Chosen;
                    var repaired = Repair(world, accounts, territories, free, nearestArcs, chosen, tolerance * factor, Cost);
                    foreach (var (f, j) in chosen.Select((j, f) => (f, j)))
                    {
                        result[free[f]] = territories[j];
                    }

                    var whole = Enumerable.Range(0, free.Count).Sum(f => Cost(f, chosen[f]));
                    return new GroupOutcome(result, lp.Relaxed, whole, lp.Splits, repaired, tolerance * factor, how);
                }
            }
        }

        return SoftFlow(world, accounts, territories, free, nearestArcs, units, fixedUnits, target, Cost, tolerance, candidates, lpMaxAccounts, result);
    }

    /// <summary>One soft-bounded flow: per account its largest share, the number of territories it is split over, the flow's cost, and the units short of the lower bounds.</summary>
    private static ((long Flow, int J)[] Best, int[] Parts, double Relaxed, long Shortfall) SolveFlow(List<int> free, IReadOnlyList<List<int>> arcs, long[] units,
        long[] lower, long[] upper, Func<int, int, double> cost)
    {
        var k = lower.Length;
        var freeUnits = free.Sum(f => units[f]);
        var flow = new MinCostFlow();
        var sink = free.Count + k;
        var perUnit = new List<(int F, int J, int Arc, long Cost)>();
        var maxCost = 1L;
        for (var f = 0; f < free.Count; f++)
        {
            flow.SetNodeSupply(f, units[free[f]]);
            foreach (var j in arcs[f])
            {
                var c = (long)Math.Round(CostScale * cost(f, j) / units[free[f]]);
                maxCost = Math.Max(maxCost, c);
                perUnit.Add((f, j, flow.AddArcWithCapacityAndUnitCost(f, free.Count + j, units[free[f]], c), c));
            }
        }

        // Per unit, meeting a bound outweighs the dearest assignment.
        var penalty = (maxCost * 4) + 1;
        var fill = new int[k];
        for (var j = 0; j < k; j++)
        {
            fill[j] = flow.AddArcWithCapacityAndUnitCost(free.Count + j, sink, Math.Min(lower[j], freeUnits), -penalty);
            flow.AddArcWithCapacityAndUnitCost(free.Count + j, sink, Math.Min(upper[j] - lower[j], freeUnits), 0);
            flow.AddArcWithCapacityAndUnitCost(free.Count + j, sink, freeUnits, penalty);
        }

        flow.SetNodeSupply(sink, -freeUnits);
        if (flow.Solve() != MinCostFlow.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"the soft-bounded territory flow found no optimum ({free.Count} accounts, {k} territories): every account has an arc and every territory an unbounded arc to the sink");
        }

        var best = new (long Flow, int J)[free.Count];
        var parts = new int[free.Count];
        var relaxed = 0.0;
        foreach (var (f, j, arc, c) in perUnit)
        {
            var x = flow.Flow(arc);
            if (x > 0)
            {
                parts[f]++;
                relaxed += (double)x * c / CostScale;
                if (x > best[f].Flow)
                {
                    best[f] = (x, j);
                }
            }
        }

        var shortfall = Enumerable.Range(0, k).Sum(j => Math.Min(lower[j], freeUnits) - flow.Flow(fill[j]));
        return (best, parts, relaxed, shortfall);
    }

    /// <summary>
    /// The blended-load transportation problem as one min-cost flow with soft bounds: a territory's arc to the sink is
    /// rewarded up to its lower bound, free up to its upper bound and penalised beyond, each by more than any distance or
    /// disruption cost, so the flow always exists over the nearest candidates and meets the bounds whenever it can. Split
    /// accounts go whole to their largest share; cost-aware single-account moves then push potential and workload each
    /// toward the tolerance.
    /// </summary>
    private static GroupOutcome SoftFlow(TerritoryWorld world, int[] accounts, int[] territories, List<int> free, List<int>[] arcs, long[] units,
        long[] fixedUnits, double target, Func<int, int, double> cost, double tolerance, int candidates, int lpMaxAccounts, int[] result)
    {
        var inv = CultureInfo.InvariantCulture;
        var k = territories.Length;
        var freeUnits = free.Sum(f => units[f]);
        var lower = new long[k];
        var upper = new long[k];
        for (var j = 0; j < k; j++)
        {
            lower[j] = Math.Max(0, (long)Math.Floor(target * (1 - tolerance)) - fixedUnits[j]);
            upper[j] = Math.Max(lower[j], (long)Math.Ceiling(target * (1 + tolerance)) - fixedUnits[j]);
        }

        var dense = false;
        var (best, parts, relaxed, shortfall) = SolveFlow(free, arcs, units, lower, upper, cost);

        // When today's territories all spread over the region their centres sit together, so the nearest few are the
        // same few for everyone and the others cannot be filled: open every territory to every account.
        if (shortfall > freeUnits / 200 && arcs.Any(a => a.Count < k))
        {
            var all = Enumerable.Range(0, k).ToList();
            (best, parts, relaxed, _) = SolveFlow(free, free.Select(_ => all).ToArray(), units, lower, upper, cost);
            dense = true;
        }

        var chosen = best.Select(b => b.J).ToArray();
        foreach (var (f, j) in chosen.Select((j, f) => (f, j)))
        {
            result[free[f]] = territories[j];
        }

        // Moves go to the territories nearest the centres the flow drew, which are spread out even when today's were not.
        var assigned = Enumerable.Repeat(-1, world.N).ToArray();
        foreach (var (a, i) in accounts.Select((a, i) => (a, i)))
        {
            assigned[a] = result[i];
        }

        var centres = Centres(world, accounts, territories, assigned);
        var repairArcs = new List<int>[free.Count];
        for (var f = 0; f < free.Count; f++)
        {
            var a = accounts[free[f]];
            var near = Enumerable.Range(0, k).OrderBy(j => TerritoryMetrics.HaversineKm(world.Lat[a], world.Lon[a], centres[j].Lat, centres[j].Lon)).Take(candidates).ToList();
            if (!near.Contains(chosen[f]))
            {
                near.Add(chosen[f]);
            }

            repairArcs[f] = near;
        }

        var repaired = Repair(world, accounts, territories, free, repairArcs, chosen, tolerance, cost);
        var whole = 0.0;
        for (var f = 0; f < free.Count; f++)
        {
            result[free[f]] = territories[chosen[f]];
            whole += cost(f, chosen[f]);
        }

        var why = free.Count > lpMaxAccounts
            ? string.Create(inv, $"more accounts to place than territories.lp_max_accounts ({lpMaxAccounts:N0}), so no LP: ")
            : "the LP found no solution in time (or none even with the tolerance widened): ";
        var how = why + string.Create(inv,
            $"a min-cost flow (OR-Tools) over {(dense ? $"every territory of the {world.GroupNoun} (the nearest were too few to fill them all)" : string.Create(inv, $"the {candidates} nearest territories and today's"))} keeps the blended load within ±{tolerance:0.#%} where it can (soft bounds), then single-account moves push potential and workload each toward ±{tolerance:0.#%}");
        return new GroupOutcome(result, relaxed, whole, parts.Count(p => p > 1), repaired, tolerance, how, Bounded: false);
    }
}
