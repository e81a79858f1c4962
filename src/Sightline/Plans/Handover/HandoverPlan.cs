using System.Globalization;
using Google.OrTools.Graph;
using Sightline.Features;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Plans.Handover;

/// <summary>
/// <c>sightline plan handover</c>: gives a leaving rep's accounts to the reps whose books look most like each account
/// (industry mix, spend by product family, mean discount), within each receiver's room (capacity minus book), same
/// region and role first. The assignment maximises revenue-weighted similarity exactly, as a min-cost flow (OR-Tools):
/// each account is one unit of flow to one rep; a rep's arc to the sink carries its room; a fallback tier costs more
/// than any similarity gain, so an account leaves its region or role only when no rep there has room; an
/// "unassigned" arc costs more than any tier, so accounts go unassigned only when no rep anywhere has room.
/// </summary>
public static class HandoverPlan
{
    /// <summary>The latest handover plan: one row per account of the leaving rep.</summary>
    public const string Table = "plan_handover";

    private static readonly string[] Tiers = ["same region and role", "same region", "same role", "other"];

    private sealed record Profile(Dictionary<string, double> Industries, Dictionary<string, double> Families, double? Discount, long Accounts);

    private sealed record Rep(string Id, string Name, string Role, string Region, long Book, long Capacity);

    private sealed record Account(string Id, string Name, string Industry, double Revenue, Dictionary<string, double> Families, double? Discount);

    /// <summary>Plans the handover of <paramref name="repId"/>'s book and stores it in <c>plan_handover</c>.</summary>
    public static HandoverPlanResult Run(Workspace workspace, string repId, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(repId);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("handover", started);
        var settings = workspace.Settings.Handover;
        var inv = CultureInfo.InvariantCulture;
        if (!workspace.TableExists(FeatureBuilder.Table))
        {
            throw new BadInputException(FeatureBuilder.Table, $"no account features yet: run `sightline features --workspace {workspace.Directory}` first, then plan the handover");
        }

        var reps = ReadReps(workspace, settings);
        var leaving = reps.FirstOrDefault(r => r.Id == repId);
        if (leaving is null)
        {
            var closest = reps.OrderBy(r => Segments.Rules.Suggestions.Distance(r.Id.ToUpperInvariant(), repId.ToUpperInvariant())).ThenBy(r => r.Id, StringComparer.Ordinal).Take(5).Select(r => $"{r.Id} ({r.Name})").ToList();
            throw new BadInputException(new Diagnostic("--rep", null, null, repId,
                closest.Count == 0 ? "not a rep: the workspace has no reps" : $"not a rep; the closest known reps are {string.Join(", ", closest)}"));
        }

        if (leaving.Book == 0)
        {
            throw new BadInputException(new Diagnostic("--rep", null, null, repId,
                $"{leaving.Name} owns no accounts (accounts.owner_rep_id): there is no book to hand over"));
        }

        var accounts = ReadBook(workspace, repId);
        var profiles = ReadProfiles(workspace);
        var receivers = reps.Where(r => r.Id != repId).ToList();
        var room = receivers.Select(r => Math.Max(0, r.Capacity - r.Book)).ToArray();
        var tier = receivers.Select(r => (r.Region == leaving.Region, r.Role == leaving.Role) switch { (true, true) => 0, (true, false) => 1, (false, true) => 2, _ => 3 }).ToArray();
        var meanRevenue = accounts.Average(a => a.Revenue);
        meanRevenue = meanRevenue > 0 ? meanRevenue : 1;
        var similarity = new double[accounts.Count, receivers.Count];
        for (var a = 0; a < accounts.Count; a++)
        {
            for (var r = 0; r < receivers.Count; r++)
            {
                similarity[a, r] = Similarity(accounts[a], profiles.GetValueOrDefault(receivers[r].Id), settings);
            }
        }

        // Costs: a tier step outweighs any similarity difference; going unassigned outweighs any tier.
        const long scale = 1_000;
        var weight = accounts.Select(a => 1 + (a.Revenue / meanRevenue)).ToArray();
        var tierStep = (long)Math.Ceiling(weight.Sum() * scale) + 1;
        var flow = new MinCostFlow();
        var n = accounts.Count;
        var m = receivers.Count;
        var nowhere = n + m;
        var sink = n + m + 1;
        var arcs = new List<(int A, int R, int Arc)>();
        for (var a = 0; a < n; a++)
        {
            flow.SetNodeSupply(a, 1);
            for (var r = 0; r < m; r++)
            {
                if (room[r] > 0)
                {
                    arcs.Add((a, r, flow.AddArcWithCapacityAndUnitCost(a, n + r, 1, (tier[r] * tierStep) + (long)Math.Round((1 - similarity[a, r]) * weight[a] * scale))));
                }
            }

            flow.AddArcWithCapacityAndUnitCost(a, nowhere, 1, 4 * tierStep);
        }

        for (var r = 0; r < m; r++)
        {
            flow.AddArcWithCapacityAndUnitCost(n + r, sink, Math.Min(room[r], n), 0);
        }

        flow.AddArcWithCapacityAndUnitCost(nowhere, sink, n, 0);
        flow.SetNodeSupply(sink, -n);
        if (flow.Solve() != MinCostFlow.Status.OPTIMAL)
        {
            throw new InvalidOperationException("the handover flow has no optimum although every account can go unassigned");
        }

        var chosen = Enumerable.Repeat(-1, n).ToArray();
        foreach (var (a, r, arc) in arcs.Where(x => flow.Flow(x.Arc) > 0))
        {
            chosen[a] = r;
        }

        var received = new long[m];
        var assignments = new List<HandoverAssignment>();
        var capacityNote = string.Create(inv, $"capacity_accounts, else handover.default_capacity {settings.DefaultCapacity}");

        // With no other rep, no capacity can help: the rep to receive the book is missing.
        var noOneElse = $"{leaving.Id} is the only rep: there is no one to hand it to; import the rep who takes over (reps) and plan again";
        for (var a = 0; a < n; a++)
        {
            var account = accounts[a];
            var r = chosen[a];
            if (r < 0)
            {
                assignments.Add(new HandoverAssignment(account.Id, account.Name, account.Industry, account.Revenue, null, null, "unassigned", null,
                    m == 0 ? noOneElse : $"no rep has room left: every other rep's book is at its capacity ({capacityNote}); assign it by hand or raise a capacity"));
                continue;
            }

            received[r]++;
            var rep = receivers[r];
            assignments.Add(new HandoverAssignment(account.Id, account.Name, account.Industry, account.Revenue, rep.Id, rep.Name, Tiers[tier[r]], similarity[a, r],
                Reason(account, rep, profiles.GetValueOrDefault(rep.Id), tier[r], leaving, similarity[a, r])));
        }

        assignments = assignments.OrderByDescending(x => x.Revenue).ThenBy(x => x.AccountId, StringComparer.Ordinal).ToList();
        var notes = new List<string>();
        foreach (var t in Enumerable.Range(1, 3))
        {
            var fell = assignments.Count(x => x.Match == Tiers[t]);
            if (fell > 0)
            {
                notes.Add(string.Create(inv, $"{Counted.Of(fell, "account")} {Counted.Agree(fell, "falls", "fall")} back to a rep of {(t == 1 ? "another role in the same region" : t == 2 ? "the same role in another region" : "another region and role")}: the reps of {leaving.Role} role in {leaving.Region} had no room left"));
            }
        }

        var unassigned = assignments.LongCount(x => x.ToRep is null);
        if (unassigned > 0)
        {
            notes.Add(m == 0
                ? string.Create(inv, $"{Counted.Of(unassigned, "account")} {Counted.Agree(unassigned, "is", "are")} unassigned: {noOneElse}")
                : string.Create(inv, $"{Counted.Of(unassigned, "account")} {Counted.Agree(unassigned, "is unassigned: no rep has room for it", "are unassigned: no rep has room for them")} ({capacityNote})"));
        }

        var assigned = assignments.Where(x => x.Similarity is not null).ToList();
        var weighted = assigned.Sum(x => 1 + (x.Revenue / meanRevenue));
        var meanSimilarity = weighted > 0 ? assigned.Sum(x => (1 + (x.Revenue / meanRevenue)) * x.Similarity!.Value) / weighted : 0;
        var receiverRows = receivers.Select((rep, r) => new HandoverReceiver(rep.Id, rep.Name, rep.Role, rep.Region, rep.Book, rep.Capacity, room[r], received[r]))
            .Where((x, r) => x.Received > 0 || tier[r] == 0)
            .OrderByDescending(x => x.Received).ThenBy(x => x.RepId, StringComparer.Ordinal).ToList();
        var method = string.Create(inv,
            $"min-cost flow (OR-Tools), exact: maximises revenue-weighted similarity within each rep's room, {Tiers[0]} first; {Counted.Of(m, "rep")} considered");
        var result = new HandoverPlanResult(runId, leaving.Id, leaving.Name, leaving.Role, leaving.Region, n, n - unassigned, unassigned, meanSimilarity, method,
            assignments, receiverRows, notes);
        Store(workspace, result);
        RunLog.Record(workspace, runId, "handover", FeatureTable.AsOf(workspace), started,
            string.Create(inv, $"{leaving.Id}: {n - unassigned} of {Counted.Of(n, "account")} handed over, {unassigned} unassigned"));
        return result;
    }

    private static List<Rep> ReadReps(Workspace workspace, HandoverSettings settings)
    {
        var reps = new List<Rep>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            WITH book AS (SELECT owner_rep_id AS rep_id, count(*) AS n FROM accounts WHERE owner_rep_id IS NOT NULL GROUP BY ALL),
            everyone AS (SELECT rep_id FROM reps UNION SELECT rep_id FROM book)
            SELECT e.rep_id, coalesce(r.name, e.rep_id), coalesce(r.role, '(none)'), coalesce(r.region, '(none)'), coalesce(b.n, 0)::BIGINT,
                coalesce(r.capacity_accounts, {settings.DefaultCapacity.ToString(CultureInfo.InvariantCulture)})::BIGINT
            FROM everyone e LEFT JOIN reps r USING (rep_id) LEFT JOIN book b USING (rep_id)
            ORDER BY e.rep_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            reps.Add(new Rep(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return reps;
    }

    // A line that is no merchandise (postage, a discount line) says nothing of what a book buys or how it is discounted.
    private static string OrderFacts(Workspace workspace) => $"""
        SELECT o.account_id, coalesce(p.family, '(no family)') AS family, o.amount, o.discount
        FROM {Data.Purchases.Source(workspace)} o LEFT JOIN products p USING (product_id)
        WHERE p.line_kind IS NULL
        """;

    private static List<Account> ReadBook(Workspace workspace, string repId)
    {
        var families = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var discounts = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH o AS ({OrderFacts(workspace)}), mine AS (SELECT o.* FROM o JOIN accounts a USING (account_id) WHERE a.owner_rep_id = {Sql.Literal(repId)}),
                f AS (SELECT account_id, family, sum(greatest(amount, 0))::DOUBLE AS spend FROM mine GROUP BY ALL),
                d AS (SELECT account_id, avg(discount)::DOUBLE AS discount FROM mine GROUP BY ALL)
                SELECT f.account_id, f.family, f.spend, d.discount FROM f JOIN d USING (account_id)
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!families.TryGetValue(id, out var map))
                {
                    families[id] = map = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetDouble(2);
                if (!reader.IsDBNull(3))
                {
                    discounts[id] = reader.GetDouble(3);
                }
            }
        }

        var accounts = new List<Account>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT a.account_id, coalesce(a.name, a.account_id), coalesce(a.industry, '(unknown)'), greatest(coalesce(f.revenue_12m, 0), 0)::DOUBLE
                FROM accounts a LEFT JOIN {FeatureBuilder.Table} f USING (account_id)
                WHERE a.owner_rep_id = {Sql.Literal(repId)} ORDER BY a.account_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetString(0);
                accounts.Add(new Account(id, reader.GetString(1), reader.GetString(2), reader.GetDouble(3),
                    families.GetValueOrDefault(id) ?? new Dictionary<string, double>(StringComparer.Ordinal), discounts.TryGetValue(id, out var d) ? d : null));
            }
        }

        return accounts;
    }

    /// <summary>Per rep's book: share of accounts per industry, spend per product family, mean discount on orders.</summary>
    private static Dictionary<string, Profile> ReadProfiles(Workspace workspace)
    {
        var profiles = new Dictionary<string, Profile>(StringComparer.Ordinal);
        var industries = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var books = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = """
                SELECT owner_rep_id, coalesce(industry, '(unknown)'), count(*)::BIGINT FROM accounts WHERE owner_rep_id IS NOT NULL GROUP BY ALL
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var rep = reader.GetString(0);
                if (!industries.TryGetValue(rep, out var map))
                {
                    industries[rep] = map = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetInt64(2);
                books[rep] = books.GetValueOrDefault(rep) + reader.GetInt64(2);
            }
        }

        var families = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var discounts = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH o AS ({OrderFacts(workspace)}), mine AS (SELECT a.owner_rep_id AS rep_id, o.* FROM o JOIN accounts a USING (account_id) WHERE a.owner_rep_id IS NOT NULL),
                f AS (SELECT rep_id, family, sum(greatest(amount, 0))::DOUBLE AS spend FROM mine GROUP BY ALL),
                d AS (SELECT rep_id, avg(discount)::DOUBLE AS discount FROM mine GROUP BY ALL)
                SELECT f.rep_id, f.family, f.spend, d.discount FROM f JOIN d USING (rep_id)
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var rep = reader.GetString(0);
                if (!families.TryGetValue(rep, out var map))
                {
                    families[rep] = map = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetDouble(2);
                if (!reader.IsDBNull(3))
                {
                    discounts[rep] = reader.GetDouble(3);
                }
            }
        }

        foreach (var (rep, map) in industries)
        {
            var total = books[rep];
            profiles[rep] = new Profile(map.ToDictionary(kv => kv.Key, kv => kv.Value / total, StringComparer.Ordinal),
                families.GetValueOrDefault(rep) ?? new Dictionary<string, double>(StringComparer.Ordinal), discounts.TryGetValue(rep, out var d) ? d : null, total);
        }

        return profiles;
    }

    private static double Cosine(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        var na = Math.Sqrt(a.Values.Sum(v => v * v));
        var nb = Math.Sqrt(b.Values.Sum(v => v * v));
        if (na <= 0 || nb <= 0)
        {
            return 0;
        }

        return a.Sum(kv => kv.Value * b.GetValueOrDefault(kv.Key)) / (na * nb);
    }

    /// <summary>
    /// Weighted blend of industry likeness (cosine of the account's industry against the book's industry mix), product
    /// likeness (cosine of spend by family) and discount likeness; components the account has no data for (no orders)
    /// drop out and the remaining weights are rescaled. A rep with no book is alike in nothing.
    /// </summary>
    private static double Similarity(Account account, Profile? book, HandoverSettings settings)
    {
        if (book is null)
        {
            return 0;
        }

        var industry = Cosine(new Dictionary<string, double> { [account.Industry] = 1 }, book.Industries);
        var parts = new List<(double Weight, double Value)> { (settings.IndustryWeight, industry) };
        if (account.Families.Count > 0)
        {
            parts.Add((settings.ProductWeight, Cosine(account.Families, book.Families)));
        }

        if (account.Discount is { } d)
        {
            parts.Add((settings.DiscountWeight, book.Discount is { } r ? Math.Max(0, 1 - (Math.Abs(d - r) / settings.DiscountScale)) : 0));
        }

        var weights = parts.Sum(p => p.Weight);
        return weights > 0 ? parts.Sum(p => p.Weight * p.Value) / weights : 0;
    }

    private static string Reason(Account account, Rep rep, Profile? book, int tier, Rep leaving, double similarity)
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        var share = book?.Industries.GetValueOrDefault(account.Industry) ?? 0;
        parts.Add(share > 0
            ? string.Create(inv, $"{share:0%} of {rep.Name}'s accounts are {account.Industry} like this one")
            : $"{rep.Name} has no {account.Industry} accounts yet");
        if (account.Families.Count == 0)
        {
            parts.Add("no orders to compare products or discounts");
        }
        else
        {
            var total = account.Families.Values.Sum();
            var bookTotal = book?.Families.Values.Sum() ?? 0;
            var shared = account.Families.Keys.Where(f => book is not null && book.Families.GetValueOrDefault(f) > 0)
                .OrderByDescending(f => Math.Min(account.Families[f] / Math.Max(total, 1e-9), book!.Families[f] / Math.Max(bookTotal, 1e-9)))
                .ThenBy(f => f, StringComparer.Ordinal).Take(2).ToList();
            parts.Add(shared.Count > 0 ? $"both buy {string.Join(" and ", shared)}" : "no product family in common");
            if (account.Discount is { } d && book?.Discount is { } r)
            {
                parts.Add(string.Create(inv, $"{(Math.Abs(d - r) < 0.03 ? "similar" : "different")} discounts {d:0%} here vs {r:0%} on {rep.Name}'s orders"));
            }
        }

        var where = tier switch
        {
            0 => $"{leaving.Role}, {leaving.Region}",
            1 => $"falls back to another role in {leaving.Region}: no {leaving.Role} rep there has room",
            2 => $"falls back to {rep.Region}: no {leaving.Role} rep in {leaving.Region} has room",
            _ => $"falls back to a {rep.Role} rep in {rep.Region}: no rep of {leaving.Region} or of the {leaving.Role} role has room",
        };
        return string.Create(inv, $"rep {rep.Name} ({where}; similarity {similarity:0.00}): {string.Join("; ", parts)}");
    }

    /// <summary>Replaces <c>plan_handover</c> with this plan: one row per account of the leaving rep.</summary>
    private static void Store(Workspace workspace, HandoverPlanResult result)
    {
        workspace.Execute($"""
            CREATE OR REPLACE TABLE {Table} (run_id VARCHAR NOT NULL, from_rep VARCHAR NOT NULL, account_id VARCHAR NOT NULL, account_name VARCHAR,
                industry VARCHAR, revenue_12m DOUBLE, to_rep VARCHAR, to_rep_name VARCHAR, match VARCHAR NOT NULL, similarity DOUBLE, reason VARCHAR NOT NULL)
            """);
        using var appender = workspace.Connection.CreateAppender(Table);
        foreach (var a in result.Assignments)
        {
            appender.CreateRow().AppendValue(result.RunId).AppendValue(result.RepId).AppendValue(a.AccountId).AppendValue(a.AccountName).AppendValue(a.Industry)
                .AppendValue(a.Revenue).AppendValue(a.ToRep).AppendValue(a.ToRepName).AppendValue(a.Match).AppendValue(a.Similarity).AppendValue(a.Reason).EndRow();
        }
    }
}
