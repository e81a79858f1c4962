namespace Sightline.Workspaces;

/// <summary>The <c>territories:</c> section of <c>sightline.yaml</c>: how <c>sightline plan territories</c> redraws territories.</summary>
public sealed class TerritorySettings
{
    /// <summary>The scenarios the planner knows, besides the <c>today</c> and <c>naive</c> references.</summary>
    public static readonly IReadOnlyList<string> KnownScenarios = ["minimal_disruption", "balanced", "compact"];

    /// <summary>Each territory's load stays within this share of its group's (region's, or region and role's) mean territory load (0.10: ±10%).</summary>
    public double Tolerance { get; set; } = 0.10;

    /// <summary>Weight of potential in an account's load; with <see cref="WorkloadWeight"/> it sums to 1.</summary>
    public double PotentialWeight { get; set; } = 0.5;

    /// <summary>Weight of workload in an account's load.</summary>
    public double WorkloadWeight { get; set; } = 0.5;

    /// <summary>An account's base workload per size band (<c>default</c> for the rest): bigger accounts take more calls and visits.</summary>
    public Dictionary<string, double> WorkloadBySize { get; set; } = new(StringComparer.Ordinal)
    {
        ["SMB"] = 1.0,
        ["Mid-market"] = 1.5,
        ["Enterprise"] = 2.0,
        ["Strategic"] = 3.0,
        ["default"] = 1.0,
    };

    /// <summary>Workload added per order in the last 12 months (the service an active customer needs).</summary>
    public double WorkloadPerOrder { get; set; } = 0.1;

    /// <summary>Orders in the last 12 months counted into workload at most.</summary>
    public int WorkloadOrderCap { get; set; } = 24;

    /// <summary>Account ids that never move: they stay in today's territory in every scenario.</summary>
    public List<string> Locked { get; set; } = [];

    /// <summary>The scenarios to plan, side by side (of <see cref="KnownScenarios"/>).</summary>
    public List<string> Scenarios { get; set; } = ["minimal_disruption", "balanced", "compact"];

    /// <summary>True: a territory never spans regions (each region is planned alone); false: one pool.</summary>
    public bool WithinRegion { get; set; } = true;

    /// <summary>
    /// True: a territory only takes accounts of its own coverage role (its rep's role: field, inside, digital, partner), so
    /// each region's field territories are balanced against each other, its digital ones against each other, and so on;
    /// false: territories of every role are balanced as one.
    /// </summary>
    public bool WithinRole { get; set; } = true;

    /// <summary>How many nearest territories (besides today's) an account may move to.</summary>
    public int Candidates { get; set; } = 6;

    /// <summary>
    /// A region with more accounts to place than this is balanced by a min-cost flow on the blended load and single-account
    /// moves instead of the two-resource LP, which grows too slow beyond a few thousand accounts on a small machine.
    /// </summary>
    public int LpMaxAccounts { get; set; } = 3_000;

    /// <summary>The base workload of an account in <paramref name="sizeBand"/>.</summary>
    public double WorkloadFor(string? sizeBand) =>
        sizeBand is not null && WorkloadBySize.TryGetValue(sizeBand, out var w) ? w
        : WorkloadBySize.TryGetValue("default", out var d) ? d : 1.0;

    internal void Validate(SettingProblems problems)
    {
        problems.Number("territories.tolerance", Tolerance, Tolerance is > 0 and < 1, "expected a share above 0 and below 1, such as 0.10 (±10%)");

        // Written as what passes: NaN fails every comparison, so it fails these too.
        if (!(PotentialWeight is >= 0 and <= 1 && WorkloadWeight is >= 0 and <= 1 && Math.Abs(PotentialWeight + WorkloadWeight - 1) <= 1e-9))
        {
            problems.Add("territories.potential_weight", $"{SettingChecks.Show(PotentialWeight)} + {SettingChecks.Show(WorkloadWeight)}",
                "expected potential_weight and workload_weight between 0 and 1 that sum to 1, such as 0.5 and 0.5");
        }

        WorkloadBySize ??= [];
        foreach (var (band, weight) in WorkloadBySize)
        {
            problems.Number($"territories.workload_by_size.{band}", weight, weight > 0, "expected a workload above 0, such as 1.5");
        }

        problems.Number("territories.workload_per_order", WorkloadPerOrder, WorkloadPerOrder >= 0, "expected 0 or more, such as 0.1");
        problems.WholeNumber("territories.workload_order_cap", WorkloadOrderCap, WorkloadOrderCap >= 0, "expected 0 or more orders, such as 24");
        problems.WholeNumber("territories.candidates", Candidates, Candidates >= 1, "expected 1 or more territories, such as 6");
        problems.WholeNumber("territories.lp_max_accounts", LpMaxAccounts, LpMaxAccounts >= 0, "expected 0 or more accounts, such as 3000");

        Locked ??= [];
        Scenarios ??= [];
        if (Scenarios.Count == 0)
        {
            problems.Add("territories.scenarios", "[]", $"expected one or more of {string.Join(", ", KnownScenarios)}");
        }

        foreach (var scenario in Scenarios.Where(s => !KnownScenarios.Contains(s)))
        {
            problems.Add("territories.scenarios", scenario, $"not a scenario; expected one of {string.Join(", ", KnownScenarios)}");
        }

        Scenarios = Scenarios.Distinct(StringComparer.Ordinal).ToList();
    }
}
