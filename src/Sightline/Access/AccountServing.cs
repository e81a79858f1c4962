using DuckDB.NET.Data;
using Sightline.Models.Value;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// What the server reads on every request, precomputed so a request touches a few hundred rows rather than every account:
/// <c>account_serving</c> (one row per account, sorted by id: the search columns, the latest segment and memberships,
/// the latest lookalike band and probability, potential and white space, the first territory), <c>account_access</c>
/// (rep → account pairs behind <see cref="AccessScope.AccountsRelation"/>, sorted by rep) and <c>serving_runs</c> (the
/// latest run per score kind and of CLV).
/// </summary>
/// <remarks>
/// The tables carry a stamp of their sources (runs, imports, row counts of the source tables, the reps' and territories'
/// contents). <see cref="Current"/> compares it with the workspace's on every call and rebuilds when they differ, so a
/// new segment, score, potential or CLV run, or an import, is served at once; while another thread rebuilds, callers
/// get null and read the source tables directly. An UPDATE by hand to an account's owner or territory that leaves the
/// counts alone is not seen: run <see cref="Refresh"/> after such an edit.
/// </remarks>
public static class AccountServing
{
    /// <summary>One row per account with what a search page shows.</summary>
    public const string Table = "account_serving";

    /// <summary>(rep_id, account_id): the accounts each rep's territories hold or it owns.</summary>
    public const string AccessTable = "account_access";

    /// <summary>The latest run id per source (<c>account_scores:KIND</c>, <c>account_clv</c>).</summary>
    public const string RunsTable = "serving_runs";

    /// <summary>The stamp the tables were built from.</summary>
    public const string StateTable = "serving_state";

    /// <summary>The latest segment run (the runs table is small, so this stays a subquery).</summary>
    internal const string LatestSegmentRun = "(SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1)";

    private static readonly Lock Building = new();

    /// <summary>
    /// The serving tables' latest runs when they match the sources, rebuilding them first if they do not; null when
    /// another thread is rebuilding them or the workspace cannot be written (read the sources then).
    /// </summary>
    public static ServingSnapshot? Current(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (Read(workspace) is { } fresh)
        {
            return fresh;
        }

        if (!Building.TryEnter())
        {
            return null;
        }

        try
        {
            // Another thread may have finished while this one waited on the first check.
            return Read(workspace) ?? (TryRefresh(workspace) ? Read(workspace) : null);
        }
        finally
        {
            Building.Exit();
        }
    }

    /// <summary>Rebuilds the serving tables from the sources, in one transaction.</summary>
    public static void Refresh(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        lock (Building)
        {
            Rebuild(workspace);
        }
    }

    private static bool TryRefresh(Workspace workspace)
    {
        try
        {
            Rebuild(workspace);
            return true;
        }
        catch (DuckDBException)
        {
            // A read-only workspace, or a writer that committed first: the caller reads the sources this time.
            return false;
        }
    }

    private static ServingSnapshot? Read(Workspace workspace)
    {
        var stamp = StampSql(workspace);
        var rows = DbRows.Read(workspace, $"""
            SELECT r.source, r.run_id FROM {RunsTable} r
            WHERE (SELECT stamp FROM {StateTable} LIMIT 1) = ({stamp})
            UNION ALL SELECT '', NULL WHERE (SELECT stamp FROM {StateTable} LIMIT 1) = ({stamp})
            """);
        if (rows.Count == 0)
        {
            return null;
        }

        var runs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row["source"] is string source && source.Length > 0 && row["run_id"] is string run)
            {
                runs[source] = run;
            }
        }

        return new ServingSnapshot(runs);
    }

    private static void Rebuild(Workspace workspace)
    {
        var potential = workspace.TableExists(AccountPotential.Table)
            ? $"(SELECT account_id, potential, white_space FROM {AccountPotential.Table})"
            : "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS potential, NULL::DOUBLE AS white_space WHERE false)";
        var stamp = StampSql(workspace);
        workspace.Execute("BEGIN TRANSACTION");
        try
        {
            workspace.Execute($"""
                DELETE FROM {Table};
                INSERT INTO {Table}
                SELECT a.account_id, a.name, lower(a.name), a.industry, a.region, a.owner_rep_id,
                    ta.territory_id, seg.segment, mem.segments, look.band, look.probability, pot.potential, pot.white_space
                FROM accounts a
                LEFT JOIN (SELECT account_id, min(territory_id) AS territory_id FROM territory_accounts GROUP BY account_id) ta
                    ON ta.account_id = a.account_id
                LEFT JOIN (SELECT account_id, segment FROM segment_assignments WHERE run_id = {LatestSegmentRun}) seg
                    ON seg.account_id = a.account_id
                LEFT JOIN (SELECT account_id, list(segment ORDER BY segment) AS segments FROM segment_members
                    WHERE run_id = {LatestSegmentRun} GROUP BY account_id) mem ON mem.account_id = a.account_id
                LEFT JOIN (SELECT account_id, band, probability FROM account_scores
                    WHERE kind = 'lookalike' AND product_family IS NULL
                        AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike')) look
                    ON look.account_id = a.account_id
                LEFT JOIN {potential} pot ON pot.account_id = a.account_id
                ORDER BY a.account_id;
                DELETE FROM {AccessTable};
                INSERT INTO {AccessTable}
                SELECT rep_id, account_id FROM (
                    SELECT t.rep_id, ta.account_id FROM territory_accounts ta JOIN territories t ON t.territory_id = ta.territory_id
                        WHERE t.rep_id IS NOT NULL
                    UNION SELECT owner_rep_id, account_id FROM accounts WHERE owner_rep_id IS NOT NULL)
                ORDER BY rep_id, account_id;
                DELETE FROM {RunsTable};
                INSERT INTO {RunsTable}
                SELECT 'account_scores:' || kind, max(run_id) FROM account_scores GROUP BY kind
                UNION ALL SELECT 'account_clv', max(run_id) FROM {LifetimeValue.Table} HAVING count(*) > 0;
                DELETE FROM {StateTable};
                INSERT INTO {StateTable} SELECT ({stamp}), now()::TIMESTAMP;
                """);
            workspace.Execute("COMMIT");
        }
        catch
        {
            workspace.Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>
    /// A text that changes when any source of the serving tables does: every pipeline run and import, the row counts of
    /// the per-account sources (cheap in DuckDB), and the full contents of the small reps and territories tables.
    /// </summary>
    private static string StampSql(Workspace workspace)
    {
        var counts = new List<string> { "accounts", "territory_accounts", "segment_assignments", "segment_members", "account_scores", LifetimeValue.Table };
        if (workspace.TableExists(AccountPotential.Table))
        {
            counts.Add(AccountPotential.Table);
        }

        var parts = new List<string>
        {
            "(SELECT count(*) || '@' || coalesce(max(started_at)::VARCHAR, '') || '@' || coalesce(max(finished_at)::VARCHAR, '') FROM runs)",
            "(SELECT count(*) || '@' || coalesce(max(started_at)::VARCHAR, '') || '@' || coalesce(max(finished_at)::VARCHAR, '') FROM import_runs)",
            "(SELECT count(*) || '@' || coalesce(sum(hash(rep_id, manager_id))::VARCHAR, '') FROM reps)",
            "(SELECT count(*) || '@' || coalesce(sum(hash(territory_id, rep_id))::VARCHAR, '') FROM territories)",
        };
        parts.AddRange(counts.Select(t => $"(SELECT '{t}=' || count(*) FROM {t})"));
        return "concat_ws('|', " + string.Join(", ", parts) + ")";
    }
}

/// <summary>The serving tables' view of the latest runs, valid for the request that read it.</summary>
/// <param name="LatestRuns">Run id per source: <c>account_scores:KIND</c> and <c>account_clv</c>.</param>
public sealed record ServingSnapshot(IReadOnlyDictionary<string, string> LatestRuns)
{
    /// <summary>The latest run of a score kind, or null when it has none.</summary>
    public string? ScoreRun(string kind) => LatestRuns.GetValueOrDefault("account_scores:" + kind);

    /// <summary>The latest CLV run, or null.</summary>
    public string? ClvRun => LatestRuns.GetValueOrDefault("account_clv");

    /// <summary>Every score kind with its latest run.</summary>
    public IEnumerable<(string Kind, string RunId)> ScoreRuns => LatestRuns
        .Where(r => r.Key.StartsWith("account_scores:", StringComparison.Ordinal))
        .Select(r => (r.Key["account_scores:".Length..], r.Value));
}
