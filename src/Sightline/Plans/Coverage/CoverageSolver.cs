using Google.OrTools.Graph;

namespace Sightline.Plans.Coverage;

/// <summary>Covering account <paramref name="Account"/> through role <paramref name="Role"/> gains <paramref name="Gain"/> cents of margin over its fallback.</summary>
/// <param name="Account">Index of the account among the accounts being solved.</param>
/// <param name="Role">Index of the capacity-bound role.</param>
/// <param name="Gain">Margin gained over the account's best unbounded option (a digital programme, or none), in cents; above 0.</param>
internal readonly record struct CoverageOption(int Account, int Role, long Gain);

/// <summary>Which role covers each account (-1: its fallback), the total gain in cents, and how it was found.</summary>
internal sealed record CoverageSolution(int[] RoleOf, long Gain, bool Optimal, string Method);

/// <summary>
/// The assignment of accounts to capacity-bound roles is a transportation problem: each account goes to at most one role,
/// each role takes at most its reps' capacity in accounts, and the total margin gained over every account's fallback is
/// maximal. As a min-cost flow (accounts → roles → sink, with a zero-cost arc account → sink for the fallback) it is solved
/// exactly, and in integers (cents), by OR-Tools' cost-scaling min-cost flow.
/// </summary>
internal static class CoverageSolver
{
    /// <summary>The optimal assignment; the greedy one (with <see cref="CoverageSolution.Optimal"/> false) if the flow solver does not report an optimum.</summary>
    public static CoverageSolution Solve(int accounts, IReadOnlyList<CoverageOption> options, IReadOnlyList<long> capacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capacity);
        if (options.Count == 0)
        {
            return new CoverageSolution(Enumerable.Repeat(-1, accounts).ToArray(), 0, true, "nothing to assign");
        }

        var sink = accounts + capacity.Count;
        using var flow = new MinCostFlow(sink + 1, accounts + options.Count + capacity.Count);
        for (var a = 0; a < accounts; a++)
        {
            flow.AddArcWithCapacityAndUnitCost(a, sink, 1, 0);
            flow.SetNodeSupply(a, 1);
        }

        var first = flow.NumArcs();
        foreach (var o in options)
        {
            flow.AddArcWithCapacityAndUnitCost(o.Account, accounts + o.Role, 1, -o.Gain);
        }

        for (var r = 0; r < capacity.Count; r++)
        {
            flow.AddArcWithCapacityAndUnitCost(accounts + r, sink, Math.Max(0, capacity[r]), 0);
        }

        flow.SetNodeSupply(sink, -accounts);
        var status = flow.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            var greedy = Greedy(accounts, options, capacity);
            return greedy with { Method = $"greedy (the min-cost flow solver ended with status {status})" };
        }

        var roleOf = Enumerable.Repeat(-1, accounts).ToArray();
        for (var i = 0; i < options.Count; i++)
        {
            if (flow.Flow(first + i) > 0)
            {
                roleOf[options[i].Account] = options[i].Role;
            }
        }

        return new CoverageSolution(roleOf, -flow.OptimalCost(), true, "OR-Tools min-cost flow (exact)");
    }

    /// <summary>The obvious heuristic: biggest gains first, while the role has room. A baseline the optimum must match or beat.</summary>
    public static CoverageSolution Greedy(int accounts, IReadOnlyList<CoverageOption> options, IReadOnlyList<long> capacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capacity);
        var roleOf = Enumerable.Repeat(-1, accounts).ToArray();
        var left = capacity.ToArray();
        long gain = 0;
        foreach (var o in options.OrderByDescending(o => o.Gain).ThenBy(o => o.Account).ThenBy(o => o.Role))
        {
            if (roleOf[o.Account] < 0 && left[o.Role] > 0)
            {
                roleOf[o.Account] = o.Role;
                left[o.Role]--;
                gain += o.Gain;
            }
        }

        return new CoverageSolution(roleOf, gain, false, "greedy");
    }
}
