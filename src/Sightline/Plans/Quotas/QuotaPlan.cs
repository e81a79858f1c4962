using System.Globalization;
using Sightline.Features;
using Sightline.Models;
using Sightline.Models.Value;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Plans.Quotas;

/// <summary>
/// <c>sightline plan quotas</c>: reads each rep's book (last year's revenue and potential) from the feature and potential
/// tables, spreads the target with <see cref="QuotaAllocator"/>, rolls up by territory and region, reports fairness and
/// stores the plan in <c>plan_quotas</c>.
/// </summary>
public static class QuotaPlan
{
    /// <summary>Per rep, territory and region quotas of the latest run (level, key).</summary>
    public const string Table = "plan_quotas";

    private sealed record Book(string RepId, string Name, string Region, string Territory, long Accounts, decimal LastYear, decimal Potential);

    /// <summary>Plans quotas for <paramref name="target"/>, stores them and records the run.</summary>
    public static QuotaPlanResult Run(Workspace workspace, decimal target, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("quotas", started);
        var settings = workspace.Settings.Quotas;
        if (!workspace.TableExists(AccountPotential.Table))
        {
            throw new BadInputException(AccountPotential.Table,
                $"no account potential yet: run `sightline potential --workspace {workspace.Directory}` first, then plan quotas");
        }

        var asOf = FeatureTable.AsOf(workspace);
        CheckPotentialFitsCents(workspace);
        var books = ReadBooks(workspace);
        var allocation = QuotaAllocator.Allocate(books.Select(b => new QuotaBook(b.RepId, b.LastYear, b.Potential)).ToList(), target, settings);
        var reps = books.Select((b, i) =>
        {
            var quota = allocation.Quotas[i];
            return new RepQuota(b.RepId, b.Name, b.Region, b.Territory, b.Accounts, b.LastYear, b.Potential, quota, quota - b.LastYear,
                b.LastYear > 0 ? (double)((quota - b.LastYear) / b.LastYear) : null, b.Potential > 0 ? (double)(quota / b.Potential) : null, allocation.Clamped[i]);
        }).ToList();

        var notes = new List<string>(allocation.Notes);
        if (AccountPotential.MissingNote(workspace) is { } missingPotential)
        {
            notes.Add(missingPotential);
        }

        var (unassigned, unassignedLastYear, unassignedPotential) = Unassigned(workspace);
        if (unassigned > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Counted.Of(unassigned, "account")} {Counted.Agree(unassigned, "has", "have")} no owner rep (last year {unassignedLastYear:N2}, potential {unassignedPotential:N2}): {Counted.Agree(unassigned, "it is", "they are")} left out of the quotas"));
        }

        var bookless = workspace.Strings($"""
            SELECT rep_id FROM reps
            WHERE role <> 'overlay' AND rep_id NOT IN (SELECT manager_id FROM reps WHERE manager_id IS NOT NULL)
                AND rep_id NOT IN (SELECT owner_rep_id FROM {FeatureBuilder.Table} WHERE owner_rep_id IS NOT NULL)
            ORDER BY rep_id
            """);
        if (bookless.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Counted.Of(bookless.Count, "rep")} {Counted.Agree(bookless.Count, "owns no accounts and gets", "own no accounts and get")} no quota ({string.Join(", ", bookless.Take(10))}{(bookless.Count > 10 ? ", ..." : "")}): give them a book first (plan territories or plan handover); managers and overlay reps carry no book of their own and are left out"));
        }

        var noHistory = reps.Where(r => r.LastYear <= 0).Select(r => r.RepId).ToList();
        if (noHistory.Count > 0)
        {
            var listed = string.Join(", ", noHistory.Take(10)) + (noHistory.Count > 10 ? ", ..." : "");
            // With history on the books and no weight on potential, a rep without history has no share at all.
            notes.Add(settings.PotentialWeight <= 0 && reps.Any(r => r.LastYear > 0)
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{Counted.Of(noHistory.Count, "rep")} {Counted.Agree(noHistory.Count, "has", "have")} no revenue last year ({listed}) and quotas.potential_weight is 0: {Counted.Agree(noHistory.Count, "its", "their")} share of the target, and so {Counted.Agree(noHistory.Count, "its", "their")} quota, is 0; give potential a weight to plan {Counted.Agree(noHistory.Count, "it", "them")}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"{Counted.Of(noHistory.Count, "rep")} {Counted.Agree(noHistory.Count, "has", "have")} no revenue last year ({listed}): no floor or cap applies to {Counted.Agree(noHistory.Count, "it; its quota is its", "them; their quota is their")} share of the target by potential, and what capped reps give up goes to the others"));
        }

        var result = new QuotaPlanResult(runId, target, reps.Sum(r => r.LastYear), reps.Sum(r => r.Potential), settings.HistoryWeight, settings.PotentialWeight,
            settings.FloorChange, settings.CapChange, unassigned, unassignedLastYear, unassignedPotential, reps,
            RollUp(reps, r => r.Region), RollUp(reps, r => r.Territory), Fairness(reps), notes);
        Store(workspace, result);
        RunLog.Record(workspace, runId, "quotas", asOf, started,
            string.Create(CultureInfo.InvariantCulture, $"target {target:0.00} over {Counted.Of(reps.Count, "rep")}{(allocation.Relaxed ? " (floors or caps relaxed)" : "")}"));
        return result;
    }

    /// <summary>Largest potential, in all, that the plan's DECIMAL(18, 2) columns hold.</summary>
    private const decimal MaxPotential = 9_999_999_999_999_999.99m;

    /// <summary>
    /// Refuses a potential beyond the plan's cents, naming the account that drives it: a size typed with extra digits
    /// (900,000,000,000,000 employees) made a DuckDB conversion error and exit 1.
    /// </summary>
    private static void CheckPotentialFitsCents(Workspace workspace)
    {
        var driver = workspace.Settings.Potential.Driver;
        var sized = TabularData.Describe(workspace.Connection, FeatureBuilder.Table).Any(c => c.Name == driver);
        var total = Convert.ToDouble(workspace.Scalar($"SELECT coalesce(sum(greatest(potential, 0)), 0)::DOUBLE FROM {AccountPotential.Table}"), CultureInfo.InvariantCulture);
        if (total <= (double)MaxPotential)
        {
            return;
        }

        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT p.account_id, p.potential::DOUBLE, {(sized ? $"f.{Sql.Identifier(driver)}::DOUBLE" : "NULL::DOUBLE")}
            FROM {AccountPotential.Table} p LEFT JOIN {FeatureBuilder.Table} f USING (account_id)
            ORDER BY p.potential DESC NULLS LAST, p.account_id LIMIT 1
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var inv = CultureInfo.InvariantCulture;
        var size = reader.IsDBNull(2) ? "" : string.Create(inv, $" ({driver} {reader.GetDouble(2):N0})");
        throw new BadInputException(new Diagnostic(AccountPotential.Table, null, "account_id", reader.GetString(0), string.Create(inv,
            $"its potential {reader.GetDouble(1):N0}{size} takes the potential in all to {total:N0}, beyond the {MaxPotential:N2} quotas count in cents: check the account's {driver} and run sightline potential again")));
    }

    /// <summary>Per rep owning accounts: its book's last-year revenue and potential, its region and territory.</summary>
    private static List<Book> ReadBooks(Workspace workspace)
    {
        var books = new List<Book>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            WITH book AS ({BookSql()}),
            totals AS (SELECT rep_id, count(*) AS accounts, sum(last_year) AS last_year, sum(potential) AS potential FROM book WHERE rep_id IS NOT NULL GROUP BY rep_id),
            account_region AS (SELECT rep_id, mode(region ORDER BY region) AS region FROM book WHERE rep_id IS NOT NULL AND region IS NOT NULL GROUP BY rep_id),
            held AS (SELECT rep_id, min(territory_id) AS territory FROM territories WHERE rep_id IS NOT NULL GROUP BY rep_id),
            lived AS (SELECT b.rep_id, mode(ta.territory_id ORDER BY ta.territory_id) AS territory FROM territory_accounts ta JOIN book b USING (account_id) WHERE b.rep_id IS NOT NULL GROUP BY b.rep_id)
            SELECT t.rep_id, coalesce(r.name, t.rep_id), coalesce(r.region, a.region, '(none)'), coalesce(h.territory, l.territory, '(none)'),
                t.accounts, t.last_year, t.potential
            FROM totals t LEFT JOIN reps r USING (rep_id) LEFT JOIN account_region a USING (rep_id) LEFT JOIN held h USING (rep_id) LEFT JOIN lived l USING (rep_id)
            ORDER BY t.rep_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            books.Add(new Book(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetDecimal(5), reader.GetDecimal(6)));
        }

        return books;
    }

    /// <summary>Per account: owner rep, region, last year's revenue and potential, in cents (DECIMAL) so sums are exact.</summary>
    private static string BookSql() => $"""
        SELECT f.account_id, f.owner_rep_id AS rep_id, f.region,
            round(greatest(coalesce(f.revenue_12m, 0), 0), 2)::DECIMAL(18, 2) AS last_year,
            round(greatest(coalesce(p.potential, 0), 0), 2)::DECIMAL(18, 2) AS potential
        FROM {FeatureBuilder.Table} f LEFT JOIN {AccountPotential.Table} p USING (account_id)
        """;

    private static (long Accounts, decimal LastYear, decimal Potential) Unassigned(Workspace workspace)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT count(*), coalesce(sum(last_year), 0)::DECIMAL(18, 2), coalesce(sum(potential), 0)::DECIMAL(18, 2) FROM ({BookSql()}) WHERE rep_id IS NULL";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2));
    }

    private static List<QuotaRollUp> RollUp(List<RepQuota> reps, Func<RepQuota, string> key) =>
        reps.GroupBy(key, StringComparer.Ordinal)
            .Select(g => new QuotaRollUp(g.Key, g.Count(), g.Sum(r => r.LastYear), g.Sum(r => r.Potential), g.Sum(r => r.Quota)))
            .OrderByDescending(r => r.Quota).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

    /// <summary>Quota ÷ potential: its mean, coefficient of variation, extremes, and the three reps furthest from the mean in words.</summary>
    public static QuotaFairness? Fairness(IReadOnlyList<RepQuota> reps)
    {
        ArgumentNullException.ThrowIfNull(reps);
        var rated = reps.Where(r => r.QuotaToPotential is not null).Select(r => (r.RepId, Ratio: r.QuotaToPotential!.Value)).ToList();
        if (rated.Count == 0)
        {
            return null;
        }

        var mean = rated.Average(r => r.Ratio);
        var sd = Math.Sqrt(rated.Average(r => (r.Ratio - mean) * (r.Ratio - mean)));
        var cv = mean > 0 ? sd / mean : 0;
        var min = rated.MinBy(r => r.Ratio);
        var max = rated.MaxBy(r => r.Ratio);
        var furthest = rated.OrderByDescending(r => Math.Abs(r.Ratio - mean)).ThenBy(r => r.RepId, StringComparer.Ordinal).Take(3)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.RepId} ({r.Ratio:0.###}, {(r.Ratio - mean) / mean:+0%;-0%} versus the mean)"));
        var inv = CultureInfo.InvariantCulture;
        var evenness = cv switch { < 0.1 => "even", < 0.25 => "fairly even", < 0.5 => "uneven", _ => "very uneven" };
        var summary = string.Create(inv,
            $"quota ÷ potential averages {mean:0.###} across {Counted.Of(rated.Count, "rep")} (coefficient of variation {cv:0.##}: {evenness}), from {min.Ratio:0.###} ({min.RepId}) to {max.Ratio:0.###} ({max.RepId}); furthest from the mean: {string.Join(", ", furthest)}");
        return new QuotaFairness(mean, cv, min.Ratio, min.RepId, max.Ratio, max.RepId, summary);
    }

    /// <summary>Replaces <c>plan_quotas</c> with this run's rows: one per rep, territory and region.</summary>
    private static void Store(Workspace workspace, QuotaPlanResult result)
    {
        workspace.Execute($"""
            CREATE OR REPLACE TABLE {Table} (run_id VARCHAR, level VARCHAR, key VARCHAR, name VARCHAR, region VARCHAR, territory VARCHAR,
                last_year DECIMAL(18, 2), potential DECIMAL(18, 2), quota DECIMAL(18, 2), uplift DECIMAL(18, 2), change DOUBLE, quota_to_potential DOUBLE, clamped VARCHAR)
            """);
        using var appender = workspace.Connection.CreateAppender(Table);
        foreach (var r in result.Reps)
        {
            appender.CreateRow().AppendValue(result.RunId).AppendValue("rep").AppendValue(r.RepId).AppendValue(r.Name).AppendValue(r.Region).AppendValue(r.Territory)
                .AppendValue(r.LastYear).AppendValue(r.Potential).AppendValue(r.Quota).AppendValue(r.Uplift).AppendValue(r.Change).AppendValue(r.QuotaToPotential)
                .AppendValue(r.Clamped).EndRow();
        }

        foreach (var (level, rows) in new[] { ("territory", result.Territories), ("region", result.Regions) })
        {
            foreach (var g in rows)
            {
                appender.CreateRow().AppendValue(result.RunId).AppendValue(level).AppendValue(g.Key).AppendValue(g.Key).AppendNullValue().AppendNullValue()
                    .AppendValue(g.LastYear).AppendValue(g.Potential).AppendValue(g.Quota).AppendValue(g.Quota - g.LastYear)
                    .AppendValue(g.LastYear > 0 ? (double?)(double)((g.Quota - g.LastYear) / g.LastYear) : null)
                    .AppendValue(g.Potential > 0 ? (double?)(double)(g.Quota / g.Potential) : null).AppendNullValue().EndRow();
            }
        }
    }
}
