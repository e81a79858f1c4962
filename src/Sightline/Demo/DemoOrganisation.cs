namespace Sightline.Demo;

internal sealed record DemoRep(int Number, string Name, string Role, int Region, int? ManagerNumber, int CapacityAccounts, double AnnualCost)
{
    public const int IdDigits = 5;
}

internal sealed record DemoTerritory(int Number, string Name, int Region, string Role, int RepNumber)
{
    public const int IdDigits = 4;
}

/// <summary>
/// The sales organisation: a sales VP, regional managers, territory reps (field, inside, digital,
/// partner) and overlay specialists; one territory per territory rep. Sized from the account
/// count (about one rep per 150 accounts) so every region has at least one field, inside and
/// digital territory.
/// </summary>
internal sealed class DemoOrganisation
{
    private const double AccountsPerTerritoryRep = 175;

    private static readonly string[] RoleCycle = ["field", "inside", "digital", "field", "partner", "inside", "field", "digital", "inside", "partner"];

    private readonly List<DemoTerritory>[][] _territoriesByRegionAndRole;
    private readonly List<DemoTerritory>[] _territoriesByRegion;
    private readonly List<DemoRep>[] _overlaysByRegion;

    public DemoOrganisation(int accounts, int seed)
    {
        var rng = new DemoRandom(DemoRandom.StreamSeed(seed, -1, 1));
        var regions = DemoCatalog.Regions;
        var coverage = DemoCatalog.RegionalCoverage;
        _territoriesByRegionAndRole = new List<DemoTerritory>[regions.Length][];
        _territoriesByRegion = new List<DemoTerritory>[regions.Length];
        _overlaysByRegion = new List<DemoRep>[regions.Length];

        var reps = new List<DemoRep>();
        var territories = new List<DemoTerritory>();
        var vp = new DemoRep(1, PersonName(rng), "field", 0, null, 0, Cost(rng, 320_000, 1.0));
        reps.Add(vp);

        for (var r = 0; r < regions.Length; r++)
        {
            var region = regions[r];
            _territoriesByRegionAndRole[r] = new List<DemoTerritory>[coverage.Length];
            for (var c = 0; c < coverage.Length; c++)
            {
                _territoriesByRegionAndRole[r][c] = [];
            }

            _territoriesByRegion[r] = [];
            _overlaysByRegion[r] = [];

            var expected = accounts * region.Share;
            var territoryReps = Math.Max(3, (int)Math.Round(expected / AccountsPerTerritoryRep));
            var overlays = expected >= 500 ? Math.Max(1, (int)Math.Round(territoryReps / 10.0)) : 0;
            var managers = Math.Max(1, (int)Math.Ceiling((territoryReps + overlays) / 8.0));

            var managerNumbers = new int[managers];
            for (var m = 0; m < managers; m++)
            {
                var manager = new DemoRep(reps.Count + 1, PersonName(rng), "field", r, vp.Number, 0, Cost(rng, 230_000, region.CostFactor));
                reps.Add(manager);
                managerNumbers[m] = manager.Number;
            }

            var roleCounts = new int[coverage.Length];
            for (var t = 0; t < territoryReps; t++)
            {
                var role = RoleCycle[t % RoleCycle.Length];
                var (capacity, cost) = RoleEconomics(role);
                var rep = new DemoRep(reps.Count + 1, PersonName(rng), role, r, managerNumbers[t % managers], capacity, Cost(rng, cost, region.CostFactor));
                reps.Add(rep);
                var c = Array.IndexOf(coverage, role);
                roleCounts[c]++;
                var territory = new DemoTerritory(territories.Count + 1,
                    $"{region.Name} {char.ToUpperInvariant(role[0])}{role[1..]} {roleCounts[c]:00}", r, role, rep.Number);
                territories.Add(territory);
                _territoriesByRegionAndRole[r][c].Add(territory);
                _territoriesByRegion[r].Add(territory);
            }

            for (var o = 0; o < overlays; o++)
            {
                var (capacity, cost) = RoleEconomics("overlay");
                var rep = new DemoRep(reps.Count + 1, PersonName(rng), "overlay", r, managerNumbers[o % managers], capacity, Cost(rng, cost, region.CostFactor));
                reps.Add(rep);
                _overlaysByRegion[r].Add(rep);
            }
        }

        Reps = reps;
        Territories = territories;
    }

    public IReadOnlyList<DemoRep> Reps { get; }

    public IReadOnlyList<DemoTerritory> Territories { get; }

    /// <summary>A territory of the region for that coverage model (any of the region's when it has none).</summary>
    public DemoTerritory PickTerritory(DemoRandom rng, int region, int coverage)
    {
        var candidates = _territoriesByRegionAndRole[region][coverage];
        if (candidates.Count == 0)
        {
            candidates = _territoriesByRegion[region];
        }

        return candidates[rng.Next(candidates.Count)];
    }

    /// <summary>An overlay specialist of the region, or null when the region has none.</summary>
    public DemoRep? PickOverlay(DemoRandom rng, int region)
    {
        var overlays = _overlaysByRegion[region];
        return overlays.Count == 0 ? null : overlays[rng.Next(overlays.Count)];
    }

    public static string PersonName(DemoRandom rng) =>
        $"{rng.PickItem(DemoCatalog.FirstNames)} {rng.PickItem(DemoCatalog.LastNames)}";

    private static (int Capacity, double Cost) RoleEconomics(string role) => role switch
    {
        "field" => (60, 185_000),
        "inside" => (180, 105_000),
        "digital" => (900, 78_000),
        "partner" => (150, 92_000),
        _ => (400, 165_000),
    };

    private static double Cost(DemoRandom rng, double baseCost, double regionFactor) =>
        Math.Round(baseCost * regionFactor * Math.Clamp(rng.Normal(1.0, 0.08), 0.8, 1.2) / 100.0) * 100.0;
}
