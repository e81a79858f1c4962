using System.Globalization;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Plans.Territories;

/// <summary>
/// <c>sightline plan territories</c>: redraws territories so each carries about its group's mean load (potential and
/// workload blended) within a tolerance, a group being a region's territories of one coverage role (or the region, or the
/// role, as the settings say), starting from today's assignment so few accounts change rep, keeping territories
/// compact and locked accounts where they are. Plans each configured scenario next to two references (today and a
/// naive equal-count split) and stores every scenario's assignment, with a reason per move, in <c>plan_territories</c>.
/// </summary>
public static class TerritoryPlan
{
    /// <summary>Every planned scenario's assignment: one row per account and scenario.</summary>
    public const string Table = "plan_territories";

    private const int TopMovesPerScenario = 20;

    /// <summary>Plans <paramref name="count"/> territories (default: today's number) and stores the scenarios.</summary>
    public static TerritoryPlanResult Run(Workspace workspace, int? count = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("territories", started);
        var settings = workspace.Settings.Territories;
        var inv = CultureInfo.InvariantCulture;
        if (count is <= 0)
        {
            throw new BadInputException(new Diagnostic("--count", null, null, count.Value.ToString(inv), "expected 1 or more territories"));
        }

        workspace.RequireAccounts("put in territories");
        if (!workspace.TableExists(FeatureBuilder.Table))
        {
            throw new BadInputException(FeatureBuilder.Table, $"no account features yet: run `sightline features --workspace {workspace.Directory}` first, then plan territories");
        }

        if (!workspace.TableExists(AccountPotential.Table))
        {
            throw new BadInputException(AccountPotential.Table, $"no account potential yet: run `sightline potential --workspace {workspace.Directory}` first, then plan territories");
        }

        var notes = new List<string>();
        var territories = ReadTerritories(workspace);
        var world = ReadWorld(workspace, settings, territories, notes);
        if (world.N == 0)
        {
            throw new BadInputException("accounts", "no accounts to put in territories: import accounts first");
        }

        if (count > world.N)
        {
            throw new BadInputException(new Diagnostic("--count", null, null, count.Value.ToString(inv),
                $"more territories than the {world.N.ToString("N0", inv)} accounts to put in them; expected at most {world.N.ToString(inv)}"));
        }

        var todayCount = territories.Count;
        var planned = count ?? todayCount;
        if (planned == 0)
        {
            throw new BadInputException(new Diagnostic("--count", null, null, null, "there are no territories today: say how many to draw with --count N"));
        }

        var today = (int[])world.Today.Clone();
        var todayRefs = ReferenceTerritories(world);
        Shape(world, planned, countGiven: count is not null, notes);
        var scenarios = new List<TerritoryScenario>();
        var summaries = new List<TerritorySummary>();
        var assignments = new List<(ScenarioSpec Spec, int[] Assignment)>();
        var todayMeasure = Measure(world, today, todayRefs, settings.Tolerance);
        scenarios.Add(Scenario("today", "today's assignment (territory_accounts, else the territory of the owner rep)", todayMeasure, world, today, today, "as is", null));
        summaries.AddRange(Summaries("today", world, todayMeasure));
        var active = world.Territories.Select((t, j) => (t, j)).Where(x => x.t.Active).Select(x => x.j).ToHashSet();
        var naive = Naive(world, active);
        var naiveMeasure = Measure(world, naive, active, settings.Tolerance);
        scenarios.Add(Scenario("naive", $"equal account counts: accounts sorted by {(world.ByRole ? "region and role" : "region")} then longitude, cut into contiguous runs (locked accounts ignored)",
            naiveMeasure, world, today, naive, "contiguous equal-count split", null));
        summaries.AddRange(Summaries("naive", world, naiveMeasure));
        foreach (var name in settings.Scenarios)
        {
            var spec = ScenarioSpec.For(name);
            var outcome = TerritorySolver.Solve(world, spec, settings.Tolerance, settings.Candidates, settings.LpMaxAccounts);
            var measure = Measure(world, outcome.Assignment, active, settings.Tolerance * spec.ToleranceFactor);
            scenarios.Add(Scenario(name, spec.Description, measure, world, today, outcome.Assignment, outcome.Method, outcome.Gap));
            summaries.AddRange(Summaries(name, world, measure));
            assignments.Add((spec, outcome.Assignment));
            if (outcome.ToleranceUsed > (settings.Tolerance * spec.ToleranceFactor) + 1e-12)
            {
                notes.Add(string.Create(inv, $"{name}: the tolerance had to be widened to ±{outcome.ToleranceUsed:0.#%} in some {world.GroupNoun} to find a feasible plan"));
            }
        }

        var moves = Store(workspace, runId, world, today, todayMeasure, assignments);
        var result = new TerritoryPlanResult(runId, active.Count, todayCount, world.N, world.Locked.LongCount(l => l), settings.Tolerance, settings.PotentialWeight,
            settings.WorkloadWeight, settings.WithinRegion, settings.WithinRole, scenarios, summaries,
            moves.GroupBy(m => m.Scenario).SelectMany(g => g.OrderByDescending(m => m.Revenue).ThenBy(m => m.AccountId, StringComparer.Ordinal).Take(TopMovesPerScenario)).ToList(),
            notes);
        RunLog.Record(workspace, runId, "territories", FeatureTable.AsOf(workspace), started, string.Create(inv,
            $"{Counted.Of(world.N, "account")} into {Counted.Of(active.Count, "territory", "territories")} ({todayCount} today); scenarios {string.Join(", ", settings.Scenarios)}"));
        return result;
    }

    private static List<object?[]> Rows(Workspace workspace, string sql)
    {
        var rows = new List<object?[]>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static List<TerritoryUnit> ReadTerritories(Workspace workspace)
    {
        var list = new List<TerritoryUnit>();
        foreach (var row in Rows(workspace, """
            SELECT t.territory_id, coalesce(t.name, t.territory_id), nullif(trim(t.region), ''), t.rep_id, r.name, r.role
            FROM territories t
            LEFT JOIN (SELECT rep_id, min(name) AS name, min(nullif(trim(role), '')) AS role FROM reps GROUP BY ALL) r USING (rep_id)
            ORDER BY t.territory_id
            """))
        {
            list.Add(new TerritoryUnit
            {
                Id = (string)row[0]!, Name = (string)row[1]!, Region = row[2] as string ?? "", Group = -1, RepId = row[3] as string,
                RepName = row[4] as string ?? row[3] as string, Role = row[5] as string ?? "",
            });
        }

        return list;
    }

    /// <summary>Accounts with their place (coordinates, else the centroid of their state, country or region), potential, workload and revenue.</summary>
    private static TerritoryWorld ReadWorld(Workspace workspace, TerritorySettings settings, List<TerritoryUnit> territories, List<string> notes)
    {
        var rows = Rows(workspace, $"""
            WITH a AS (
                SELECT account_id, coalesce(nullif(trim(region), ''), '(none)') AS region, country, state, owner_rep_id,
                    CASE WHEN latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180 THEN latitude END AS lat,
                    CASE WHEN latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180 THEN longitude END AS lon
                FROM accounts),
            st AS (SELECT country, state, avg(lat) AS lat, avg(lon) AS lon FROM a WHERE lat IS NOT NULL AND state IS NOT NULL GROUP BY ALL),
            co AS (SELECT country, avg(lat) AS lat, avg(lon) AS lon FROM a WHERE lat IS NOT NULL AND country IS NOT NULL GROUP BY ALL),
            re AS (SELECT region, avg(lat) AS lat, avg(lon) AS lon FROM a WHERE lat IS NOT NULL GROUP BY ALL),
            al AS (SELECT avg(lat) AS lat, avg(lon) AS lon FROM a WHERE lat IS NOT NULL),
            ta AS (SELECT ta.account_id, min(ta.territory_id) AS territory_id, count(*) AS n
                FROM territory_accounts ta JOIN territories t USING (territory_id) GROUP BY ALL),
            held AS (SELECT rep_id, min(territory_id) AS territory_id FROM territories WHERE rep_id IS NOT NULL GROUP BY ALL)
            SELECT a.account_id, a.region,
                CASE WHEN a.lat IS NOT NULL THEN 'own' WHEN st.lat IS NOT NULL THEN 'state' WHEN co.lat IS NOT NULL THEN 'country'
                    WHEN re.lat IS NOT NULL THEN 'region' WHEN al.lat IS NOT NULL THEN 'all' ELSE 'none' END AS located,
                coalesce(a.lat, st.lat, co.lat, re.lat, al.lat, 0)::DOUBLE, coalesce(a.lon, st.lon, co.lon, re.lon, al.lon, 0)::DOUBLE,
                greatest(coalesce(p.potential, 0), 0)::DOUBLE, f.size_band, least(coalesce(f.orders_12m, 0), {settings.WorkloadOrderCap})::DOUBLE,
                greatest(coalesce(f.revenue_12m, 0), 0)::DOUBLE, coalesce(ta.territory_id, held.territory_id), a.owner_rep_id, coalesce(ta.n, 0)::BIGINT,
                owner.role
            FROM a
            LEFT JOIN st ON st.country IS NOT DISTINCT FROM a.country AND st.state = a.state
            LEFT JOIN co ON co.country = a.country
            LEFT JOIN re ON re.region = a.region
            CROSS JOIN al
            LEFT JOIN ta ON ta.account_id = a.account_id
            LEFT JOIN held ON held.rep_id = a.owner_rep_id
            LEFT JOIN (SELECT rep_id, min(nullif(trim(role), '')) AS role FROM reps GROUP BY ALL) owner ON owner.rep_id = a.owner_rep_id
            LEFT JOIN {FeatureBuilder.Table} f ON f.account_id = a.account_id
            LEFT JOIN {AccountPotential.Table} p ON p.account_id = a.account_id
            ORDER BY a.account_id
            """);
        var inv = CultureInfo.InvariantCulture;
        var n = rows.Count;
        var index = territories.Select((t, j) => (t.Id, j)).ToDictionary(x => x.Id, x => x.j, StringComparer.Ordinal);
        var locked = settings.Locked.ToHashSet(StringComparer.Ordinal);
        var ids = rows.Select(r => (string)r[0]!).ToArray();
        var missing = locked.Where(id => Array.BinarySearch(ids, id, StringComparer.Ordinal) < 0).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(workspace.Settings.Problem($"territories.locked[{settings.Locked.IndexOf(missing[0])}]", missing[0],
                $"not an account of this workspace{(missing.Count > 1 ? string.Create(inv, $" (nor are {missing.Count - 1} more locked ids)") : "")}; lock accounts by account_id"));
        }

        var regions = rows.Select(r => (string)r[1]!).ToArray();
        var today = rows.Select(r => r[9] is string t ? index[t] : -1).ToArray();

        // An account without a region takes its territory's today: planned as (none), a blank column dissolved every territory into new ones.
        var tookTerritoryRegion = 0;
        for (var i = 0; i < n; i++)
        {
            if (regions[i] == "(none)" && today[i] >= 0 && territories[today[i]].Region is { Length: > 0 } territoryRegion)
            {
                regions[i] = territoryRegion;
                tookTerritoryRegion++;
            }
        }

        if (settings.WithinRegion && tookTerritoryRegion > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(tookTerritoryRegion, "account")} {Counted.Agree(tookTerritoryRegion, "has", "have")} no region: each is planned in its territory's region today"));
        }

        var ownerRole = rows.Select(r => r[12] as string).ToArray();

        // A territory's role: its rep's, else the most common role of the owner reps of its accounts today.
        var roleFromAccounts = new List<string>();
        foreach (var (t, j) in territories.Select((t, j) => (t, j)))
        {
            if (t.Role.Length == 0)
            {
                t.Role = Enumerable.Range(0, n).Where(i => today[i] == j && ownerRole[i] is not null).GroupBy(i => ownerRole[i]!, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? TerritoryWorld.NoRole;
                roleFromAccounts.Add($"{t.Id} ({t.Role})");
            }
        }

        // An account's role: its territory's today, else its owner rep's.
        var roles = Enumerable.Range(0, n).Select(i => today[i] >= 0 && territories[today[i]].Role != TerritoryWorld.NoRole ? territories[today[i]].Role
            : ownerRole[i] ?? TerritoryWorld.NoRole).ToArray();
        string Key(string region, string role) => (settings.WithinRegion, settings.WithinRole) switch
        {
            (true, true) => $"{region} / {role}",
            (true, false) => region,
            (false, true) => role,
            _ => "(all)",
        };

        var keys = Enumerable.Range(0, n).Select(i => (Key: Key(regions[i], roles[i]), Region: regions[i], Role: roles[i])).ToArray();
        var distinct = keys.DistinctBy(k => k.Key, StringComparer.Ordinal).OrderBy(k => k.Key, StringComparer.Ordinal).ToArray();
        var groups = distinct.Select(k => k.Key).ToArray();
        var groupIndex = groups.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        var potential = rows.Select(r => (double)r[5]!).ToArray();
        var workload = rows.Select(r => settings.WorkloadFor(r[6] as string) + (settings.WorkloadPerOrder * (double)r[7]!)).ToArray();
        var meanPotential = potential.Average();
        var meanWorkload = workload.Average();
        var load = Enumerable.Range(0, n).Select(i =>
            (meanPotential > 0 ? settings.PotentialWeight * potential[i] / meanPotential : 0) + (meanWorkload > 0 ? settings.WorkloadWeight * workload[i] / meanWorkload : 0)).ToArray();
        var world = new TerritoryWorld
        {
            Ids = ids,
            Group = keys.Select(k => groupIndex[k.Key]).ToArray(),
            Groups = groups,
            GroupRegion = distinct.Select(k => settings.WithinRegion ? k.Region : null).ToArray(),
            GroupRole = distinct.Select(k => settings.WithinRole ? k.Role : null).ToArray(),
            Regions = regions,
            Roles = roles,
            Lat = rows.Select(r => (double)r[3]!).ToArray(),
            Lon = rows.Select(r => (double)r[4]!).ToArray(),
            Potential = potential,
            Workload = workload,
            Revenue = rows.Select(r => (double)r[8]!).ToArray(),
            Load = load,
            Today = today,
            OwnerRep = rows.Select(r => r[10] as string).ToArray(),
            Locked = ids.Select(locked.Contains).ToArray(),
            Territories = territories,
        };

        var placed = rows.GroupBy(r => (string)r[2]!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var fellBack = n - placed.GetValueOrDefault("own");
        if (fellBack > 0)
        {
            var parts = new[] { ("state", "their state's"), ("country", "their country's"), ("region", "their region's"), ("all", "all accounts'"), ("none", "a default") }
                .Where(p => placed.GetValueOrDefault(p.Item1) > 0).Select(p => string.Create(inv, $"{placed[p.Item1]:N0} at {p.Item2} centroid"));
            notes.Add(string.Create(inv, $"{Counted.Of(fellBack, "account")} {Counted.Agree(fellBack, "has", "have")} no usable coordinates: {string.Join(", ", parts)}"));
        }

        var doubled = rows.Count(r => (long)r[11]! > 1);
        if (doubled > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(doubled, "account")} {Counted.Agree(doubled, "sits", "sit")} in more than one territory today (territory_accounts): the first by territory id is taken as today's"));
        }

        var none = world.Today.Count(t => t < 0);
        if (none > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(none, "account")} {Counted.Agree(none, "has no territory today: the plans place it (it counts", "have no territory today: the plans place them (they count")} as moved, not as disrupted)"));
        }

        var lockedNowhere = Enumerable.Range(0, n).Count(i => world.Locked[i] && world.Today[i] < 0);
        if (lockedNowhere > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(lockedNowhere, "locked account")} {Counted.Agree(lockedNowhere, "has no territory today, so there is nothing to keep it in: the plans place it", "have no territory today, so there is nothing to keep them in: the plans place them")}"));
        }

        // A territory's region: its own, else the most common region of its accounts today.
        foreach (var (t, j) in territories.Select((t, j) => (t, j)))
        {
            if (t.Region.Length == 0)
            {
                t.Region = Enumerable.Range(0, n).Where(i => world.Today[i] == j).GroupBy(i => regions[i], StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? "(none)";
            }

            t.Group = groupIndex.TryGetValue(Key(t.Region, t.Role), out var gi) ? gi : -1;
        }

        if (settings.WithinRole && roleFromAccounts.Count > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(roleFromAccounts.Count, "territory", "territories")} without a rep with a role {Counted.Agree(roleFromAccounts.Count, "takes the most common role of its", "take the most common role of their")} accounts' owner reps today: {string.Join(", ", roleFromAccounts.Take(10))}{(roleFromAccounts.Count > 10 ? ", …" : "")}"));
        }

        var roleless = roles.Count(r => r == TerritoryWorld.NoRole);
        if (settings.WithinRole && roleless > 0)
        {
            notes.Add(string.Create(inv, $"{Counted.Of(roleless, "account")} {Counted.Agree(roleless, "has", "have")} no coverage role (no territory today with one, no owner rep with one): {Counted.Agree(roleless, "it is", "they are")} planned with the territories of role {TerritoryWorld.NoRole}"));
        }

        var elsewhere = Enumerable.Range(0, n).Count(i => world.Today[i] >= 0 && territories[world.Today[i]].Group != world.Group[i]);
        if (elsewhere > 0)
        {
            notes.Add(world.ByRole
                ? string.Create(inv, $"{Counted.Of(elsewhere, "account")} {Counted.Agree(elsewhere, "sits", "sit")} today in a territory of another {(settings.WithinRegion ? "region or role" : "role")}: a territory never spans {(settings.WithinRegion ? "regions or coverage roles" : "coverage roles")}, so the plans move {Counted.Agree(elsewhere, "it", "them")}")
                : string.Create(inv, $"{Counted.Of(elsewhere, "account")} {Counted.Agree(elsewhere, "sits", "sit")} today in a territory of another region: a territory never spans regions, so the plans move {Counted.Agree(elsewhere, "it", "them")}"));
        }

        return world;
    }

    /// <summary>Territories that hold accounts today (the <c>today</c> reference measures these).</summary>
    private static HashSet<int> ReferenceTerritories(TerritoryWorld world) =>
        world.Territories.Select((t, j) => j).Where(j => world.Territories[j].Group >= 0).ToHashSet();

    /// <summary>Decides how many territories each group (region, or region and role) gets, merges away or creates territories to match, and seeds new ones.</summary>
    /// <summary>
    /// Too few territories for the groups: about --count when it was given, else about today's territories, which the
    /// plan keeps by default (a workspace with a single rep has one).
    /// </summary>
    private static BadInputException TooFewTerritories(TerritoryWorld world, int count, bool countGiven, int needed, string fewerThan)
    {
        var inv = CultureInfo.InvariantCulture;
        if (countGiven)
        {
            return new BadInputException(new Diagnostic("--count", null, null, count.ToString(inv), $"fewer territories than {fewerThan}"));
        }

        var reps = world.Territories.Select(t => t.RepId).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var today = string.Create(inv, $"{count} territor{(count == 1 ? "y" : "ies")} today, held by {reps} rep{(reps == 1 ? "" : "s")}");
        return new BadInputException("territories",
            $"the workspace has {today}, and the plan keeps that number unless told otherwise: that is fewer than {fewerThan}. " +
            $"Say how many to draw with --count N (at least {needed.ToString(inv)}; territories beyond today's start without a rep)");
    }

    private static void Shape(TerritoryWorld world, int count, bool countGiven, List<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        var groups = world.Groups.Length;
        foreach (var t in world.Territories.Where(t => t.Group < 0))
        {
            t.Active = false;
            notes.Add(world.ByRole
                ? $"territory {t.Id} is {TerritoryWorld.OneOf(world.GroupRegion[0] is null ? null : t.Region, t.Role)}, and no account is: it is left out"
                : $"territory {t.Id} is in region {t.Region}, which has no accounts: it is left out");
        }

        var existing = new int[groups];
        foreach (var t in world.Territories.Where(t => t.Active))
        {
            existing[t.Group]++;
        }

        int[] wanted;
        if (count == existing.Sum() && existing.All(e => e > 0))
        {
            wanted = existing;
        }
        else
        {
            var regions = world.GroupRegion.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (count < regions.Count || (!world.ByRole && count < groups))
            {
                throw TooFewTerritories(world, count, countGiven, regions.Count,
                    $"the {regions.Count} regions with accounts ({string.Join(", ", regions)}); a territory never spans regions (set territories.within_region: false to plan across regions)");
            }

            if (count < groups)
            {
                var what = world.GroupRegion[0] is null ? "coverage roles" : "region and coverage role groups";
                throw TooFewTerritories(world, count, countGiven, groups,
                    $"the {groups} {what} with accounts ({string.Join(", ", world.Groups)}); every group with accounts keeps at least one territory, as a territory never spans coverage roles (set territories.within_role: false to balance across roles)");
            }

            var loads = new double[groups];
            for (var i = 0; i < world.N; i++)
            {
                loads[world.Group[i]] += world.Load[i];
            }

            wanted = Apportion(loads, count);
            var total = loads.Sum();
            var lifted = Enumerable.Range(0, groups).Where(g => total > 0 && count * loads[g] / total < 1).ToList();
            if (world.ByRole && lifted.Count > 0)
            {
                notes.Add(string.Create(inv,
                    $"--count {count}: {string.Join(", ", lifted.Select(g => $"{world.GroupTitle(g)} ({count * loads[g] / total:0.##} of a territory by load)"))} carry less than one territory's load but keep one: every group with accounts keeps at least one territory"));
            }
        }

        var todayLoad = new double[world.Territories.Count];
        for (var i = 0; i < world.N; i++)
        {
            if (world.Today[i] >= 0)
            {
                todayLoad[world.Today[i]] += world.Load[i];
            }
        }

        var hasLocked = Enumerable.Range(0, world.N).Where(i => world.Locked[i] && world.Today[i] >= 0).Select(i => world.Today[i]).ToHashSet();
        var created = 0;
        for (var g = 0; g < groups; g++)
        {
            var members = world.Territories.Select((t, j) => (t, j)).Where(x => x.t.Active && x.t.Group == g).ToList();
            if (wanted[g] < members.Count)
            {
                // Merge away the lightest territories, sparing those that hold locked accounts.
                var gone = members.OrderBy(x => hasLocked.Contains(x.j)).ThenBy(x => todayLoad[x.j]).ThenBy(x => x.t.Id, StringComparer.Ordinal)
                    .Take(members.Count - wanted[g]).ToList();
                foreach (var (t, j) in gone)
                {
                    t.Active = false;
                }

                notes.Add($"{world.GroupTitle(g)}: {gone.Count} of {Counted.Of(members.Count, "territory", "territories")} merged into their neighbours ({string.Join(", ", gone.Select(x => x.t.Label))}); their reps hold no territory in the plan");
            }
            else if (wanted[g] > members.Count)
            {
                var seeds = Seeds(world, g, wanted[g] - members.Count, members.Select(x => x.j).ToList(), todayLoad);
                var names = new List<string>();
                foreach (var seed in seeds)
                {
                    created++;
                    var id = string.Create(inv, $"NEW-{created:000}");
                    var name = world.ByRole ? $"{world.GroupRegion[g] ?? "(all)"} {world.GroupRole[g]}" : world.Groups[g];
                    world.Territories.Add(new TerritoryUnit
                    {
                        Id = id, Name = $"{name} new {created:000}", Region = world.GroupRegion[g] ?? "(all)", Role = world.GroupRole[g] ?? TerritoryWorld.NoRole,
                        Group = g, IsNew = true, Seed = seed,
                    });
                    names.Add(id);
                }

                notes.Add($"{world.GroupTitle(g)}: {names.Count} new territories ({string.Join(", ", names)}) with no rep yet: hire or assign reps to them");
            }
        }
    }

    /// <summary>Largest-remainder shares of <paramref name="count"/> by load, at least one per group.</summary>
    private static int[] Apportion(double[] loads, int count)
    {
        var total = loads.Sum();
        var spare = count - loads.Length;
        var exact = loads.Select(l => total > 0 ? spare * l / total : (double)spare / loads.Length).ToArray();
        var shares = exact.Select(e => 1 + (int)Math.Floor(e)).ToArray();
        foreach (var g in Enumerable.Range(0, loads.Length).OrderByDescending(g => exact[g] - Math.Floor(exact[g])).ThenBy(g => g).Take(count - shares.Sum()))
        {
            shares[g]++;
        }

        return shares;
    }

    /// <summary>Where new territories start: inside the heaviest territory each time, at an account far out from its centre.</summary>
    private static List<(double Lat, double Lon)> Seeds(TerritoryWorld world, int group, int count, List<int> members, double[] todayLoad)
    {
        var accounts = Enumerable.Range(0, world.N).Where(i => world.Group[i] == group).ToList();
        var seeds = new List<(double Lat, double Lon)>();
        var load = members.ToDictionary(j => j, j => todayLoad[j]);
        var used = new HashSet<int>();
        for (var s = 0; s < count; s++)
        {
            var pool = accounts.Where(i => !used.Contains(i)).ToList();
            if (load.Count > 0 && load.Values.Max() > 0)
            {
                var heaviest = load.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
                var inside = pool.Where(i => world.Today[i] == heaviest).ToList();
                if (inside.Count > 0)
                {
                    pool = inside;
                }

                load[heaviest] /= 2;
            }

            if (pool.Count == 0)
            {
                pool = accounts;
            }

            var centre = TerritorySolver.Centres(world, pool, [0], new int[world.N])[0];
            var byDistance = pool.OrderBy(i => TerritoryMetrics.HaversineKm(world.Lat[i], world.Lon[i], centre.Lat, centre.Lon)).ThenBy(i => i).ToList();
            var pick = byDistance[(int)Math.Floor(0.8 * (byDistance.Count - 1))];
            used.Add(pick);
            seeds.Add((world.Lat[pick], world.Lon[pick]));
        }

        return seeds;
    }

    /// <summary>The naive reference: per group (region, or region and role), accounts by longitude cut into equal-count runs, one per territory.</summary>
    private static int[] Naive(TerritoryWorld world, HashSet<int> active)
    {
        var assignment = Enumerable.Repeat(-1, world.N).ToArray();
        for (var g = 0; g < world.Groups.Length; g++)
        {
            var territories = active.Where(j => world.Territories[j].Group == g).OrderBy(j => world.Territories[j].Id, StringComparer.Ordinal).ToList();
            var accounts = Enumerable.Range(0, world.N).Where(i => world.Group[i] == g).OrderBy(i => world.Lon[i]).ThenBy(i => world.Ids[i], StringComparer.Ordinal).ToList();
            for (var r = 0; r < accounts.Count; r++)
            {
                assignment[accounts[r]] = territories[(int)((long)r * territories.Count / accounts.Count)];
            }
        }

        return assignment;
    }

    private sealed record Measured(double[] Potential, double[] Workload, double[] Load, double[] Ratio, double[] PotentialRatio, double[] WorkloadRatio, long[] Accounts, double[] MeanKm,
        (double Lat, double Lon)[] Centre, HashSet<int> Territories, double LoadCv, double PotentialCv, double WorkloadCv, double? PotentialMaxMin, double? WorkloadMaxMin,
        double CompactnessKm, long OutsideTolerance);

    private static Measured Measure(TerritoryWorld world, int[] assignment, HashSet<int> territories, double tolerance)
    {
        var k = world.Territories.Count;
        var potential = new double[k];
        var workload = new double[k];
        var load = new double[k];
        var accounts = new long[k];
        for (var i = 0; i < world.N; i++)
        {
            var t = assignment[i];
            if (t >= 0)
            {
                potential[t] += world.Potential[i];
                workload[t] += world.Workload[i];
                load[t] += world.Load[i];
                accounts[t]++;
            }
        }

        var all = Enumerable.Range(0, world.N).ToList();
        var list = Enumerable.Range(0, k).ToList();
        var centre = TerritorySolver.Centres(world, all, list, assignment);
        var km = new double[k];
        double totalKm = 0;
        long placed = 0;
        for (var i = 0; i < world.N; i++)
        {
            var t = assignment[i];
            if (t >= 0)
            {
                var d = TerritoryMetrics.HaversineKm(world.Lat[i], world.Lon[i], centre[t].Lat, centre[t].Lon);
                km[t] += d;
                totalKm += d;
                placed++;
            }
        }

        for (var t = 0; t < k; t++)
        {
            km[t] = accounts[t] > 0 ? km[t] / accounts[t] : 0;
        }

        var group = territories.Select(t => world.Groups[Math.Max(0, world.Territories[t].Group)]).ToList();
        var ordered = territories.ToList();
        var (pCv, pMm) = TerritoryMetrics.Balance(ordered.Select((t, x) => (group[x], potential[t])).ToList());
        var (wCv, wMm) = TerritoryMetrics.Balance(ordered.Select((t, x) => (group[x], workload[t])).ToList());
        var (lCv, _) = TerritoryMetrics.Balance(ordered.Select((t, x) => (group[x], load[t])).ToList());
        var ratio = new double[k];
        foreach (var g in ordered.GroupBy(t => world.Territories[t].Group))
        {
            var mean = g.Average(t => load[t]);
            foreach (var t in g)
            {
                ratio[t] = mean > 0 ? load[t] / mean : 1;
            }
        }

        static double[] Ratios(IEnumerable<IGrouping<int, int>> groups, double[] values, int k)
        {
            var r = new double[k];
            foreach (var g in groups)
            {
                var mean = g.Average(t => values[t]);
                foreach (var t in g)
                {
                    r[t] = mean > 0 ? values[t] / mean : 1;
                }
            }

            return r;
        }

        var byGroup = ordered.GroupBy(t => world.Territories[t].Group).ToList();
        var pRatio = Ratios(byGroup, potential, k);
        var wRatio = Ratios(byGroup, workload, k);
        var outside = ordered.Count(t => Math.Abs(pRatio[t] - 1) > tolerance + 1e-9 || Math.Abs(wRatio[t] - 1) > tolerance + 1e-9);
        return new Measured(potential, workload, load, ratio, pRatio, wRatio, accounts, km, centre, territories, lCv, pCv, wCv, pMm, wMm, placed > 0 ? totalKm / placed : 0, outside);
    }

    private static string? RepOf(TerritoryWorld world, int territory) => territory < 0 ? null : world.Territories[territory].RepId;

    private static string? FromRep(TerritoryWorld world, int[] today, int i) => today[i] >= 0 ? world.Territories[today[i]].RepId ?? world.OwnerRep[i] : world.OwnerRep[i];

    private static string? ToRep(TerritoryWorld world, int[] today, int[] plan, int i) => plan[i] == today[i] ? FromRep(world, today, i) : RepOf(world, plan[i]);

    private static TerritoryScenario Scenario(string name, string description, Measured m, TerritoryWorld world, int[] today, int[] plan, string method, double? gap)
    {
        var inv = CultureInfo.InvariantCulture;
        var disruption = TerritoryMetrics.Disruption(Enumerable.Range(0, world.N).Select(i => (world.Revenue[i], FromRep(world, today, i), ToRep(world, today, plan, i))).ToList());
        var moved = Enumerable.Range(0, world.N).LongCount(i => plan[i] != today[i]);
        var summary = string.Create(inv,
            $"{name}: load CV {m.LoadCv:0.###}, potential CV {m.PotentialCv:0.###} (max/min {Ratio(m.PotentialMaxMin)}), workload CV {m.WorkloadCv:0.###} (max/min {Ratio(m.WorkloadMaxMin)}); {moved:N0} accounts move, {disruption:0.#%} of 12-month revenue changes rep; accounts sit {m.CompactnessKm:N0} km from their territory's centre on average; {m.OutsideTolerance} territories outside the tolerance");
        return new TerritoryScenario(name, description, m.LoadCv, m.PotentialCv, m.WorkloadCv, m.PotentialMaxMin, m.WorkloadMaxMin, disruption, m.CompactnessKm, moved,
            m.OutsideTolerance, method, gap, summary);
    }

    private static string Ratio(double? r) => r is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "n/a, a territory is empty";

    private static IEnumerable<TerritorySummary> Summaries(string scenario, TerritoryWorld world, Measured m) =>
        m.Territories.OrderBy(t => world.Territories[t].Id, StringComparer.Ordinal).Select(t =>
        {
            var u = world.Territories[t];
            return new TerritorySummary(scenario, u.Id, u.Name, u.Region, u.Role, u.RepId, u.RepName, u.IsNew, m.Accounts[t], m.Potential[t], m.Workload[t], m.Ratio[t], m.MeanKm[t]);
        });

    /// <summary>Replaces <c>plan_territories</c> with one row per account and planned scenario; returns the moves.</summary>
    private static List<TerritoryMove> Store(Workspace workspace, string runId, TerritoryWorld world, int[] today, Measured todayMeasure,
        List<(ScenarioSpec Spec, int[] Assignment)> plans)
    {
        var inv = CultureInfo.InvariantCulture;
        workspace.Execute($"""
            CREATE OR REPLACE TABLE {Table} (run_id VARCHAR NOT NULL, scenario VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR, role VARCHAR,
                from_territory VARCHAR, from_rep VARCHAR, to_territory VARCHAR NOT NULL, to_rep VARCHAR, moved BOOLEAN NOT NULL, locked BOOLEAN NOT NULL,
                potential DOUBLE, workload DOUBLE, revenue_12m DOUBLE, distance_km DOUBLE, reason VARCHAR NOT NULL)
            """);
        var moves = new List<TerritoryMove>();
        using var appender = workspace.Connection.CreateAppender(Table);
        foreach (var (spec, plan) in plans)
        {
            var m = Measure(world, plan, world.Territories.Select((t, j) => j).Where(j => world.Territories[j].Active).ToHashSet(), 0);
            for (var i = 0; i < world.N; i++)
            {
                var from = today[i];
                var to = plan[i];
                var dTo = TerritoryMetrics.HaversineKm(world.Lat[i], world.Lon[i], m.Centre[to].Lat, m.Centre[to].Lon);
                var fromUnit = from >= 0 ? world.Territories[from] : null;
                var toUnit = world.Territories[to];
                string reason;
                var kind = world.OneOf(toUnit.Group) is { } one ? $", {one}" : "";
                if (from == to)
                {
                    reason = world.Locked[i] ? $"locked: stays in {toUnit.Label}{kind}" : $"stays in {toUnit.Label}{kind}";
                }
                else
                {
                    var where = string.Create(inv, $"{kind}, {dTo:N0} km from its centre");
                    reason = fromUnit switch
                    {
                        null => $"had no territory: goes to {toUnit.Label}{where}",
                        { Active: false } => $"{fromUnit.Label} is merged away: goes to {toUnit.Label}{where}",
                        _ when fromUnit.Group != world.Group[i] && world.ByRole =>
                            $"today's territory {fromUnit.Label} is {TerritoryWorld.OneOf(world.GroupRegion[0] is null ? null : fromUnit.Region, fromUnit.Role)}, the account {world.Roles[i]} in {world.Regions[i]}: goes to {toUnit.Label}{where}",
                        _ when fromUnit.Group != world.Group[i] => $"today's territory {fromUnit.Label} is in region {fromUnit.Region}, the account in {world.Groups[world.Group[i]]}: goes to {toUnit.Label}{where}",
                        _ => Move(world, i, fromUnit, toUnit, todayMeasure, from, toUnit.IsNew ? null : to, dTo,
                            TerritoryMetrics.HaversineKm(world.Lat[i], world.Lon[i], m.Centre[from].Lat, m.Centre[from].Lon)),
                    };
                    moves.Add(new TerritoryMove(spec.Name, world.Ids[i], fromUnit?.Id, toUnit.Id, FromRep(world, today, i), ToRep(world, today, plan, i), world.Revenue[i], reason));
                }

                appender.CreateRow().AppendValue(runId).AppendValue(spec.Name).AppendValue(world.Ids[i]).AppendValue(world.Regions[i]).AppendValue(world.Roles[i])
                    .AppendValue(fromUnit?.Id).AppendValue(FromRep(world, today, i)).AppendValue(toUnit.Id).AppendValue(ToRep(world, today, plan, i))
                    .AppendValue(from != to).AppendValue(world.Locked[i]).AppendValue(world.Potential[i]).AppendValue(world.Workload[i]).AppendValue(world.Revenue[i])
                    .AppendValue(dTo).AppendValue(reason).EndRow();
            }
        }

        return moves;
    }

    private static string Move(TerritoryWorld world, int i, TerritoryUnit from, TerritoryUnit to, Measured today, int fromIndex, int? toIndex, double dTo, double dFrom)
    {
        var inv = CultureInfo.InvariantCulture;
        string Shares(int t) => world.ByRole
            ? string.Create(inv, $"{today.PotentialRatio[t]:0%} of the mean potential of {world.GroupTitle(from.Group)} and {today.WorkloadRatio[t]:0%} of their mean workload")
            : string.Create(inv, $"{today.PotentialRatio[t]:0%} of its region's mean potential and {today.WorkloadRatio[t]:0%} of its workload");
        var load = toIndex is { } t
            ? string.Create(inv, $"{from.Id} carries {Shares(fromIndex)} today, {to.Id} {today.PotentialRatio[t]:0%} and {today.WorkloadRatio[t]:0%}")
            : $"{from.Id} carries {Shares(fromIndex)} today and {to.Id} is new";
        var distance = dTo < dFrom
            ? string.Create(inv, $"{dTo:N0} km from its centre against {dFrom:N0} km from {from.Id}'s")
            : string.Create(inv, $"{dTo:N0} km from its centre");
        var kind = world.OneOf(to.Group) is { } one ? $", {one}" : "";
        return string.Create(inv, $"{load}: moves to {to.Label}{kind}, {distance}; 12-month revenue {world.Revenue[i]:N0} changes hands");
    }
}
