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
/// get null and read the source tables directly. Around a commit to other tables (<see cref="CommitOutsideSources"/>),
/// callers keep the snapshot they had until the stamp is checked again. An UPDATE by hand to an account's owner or
/// territory that leaves the counts alone is not seen: run <see cref="Refresh"/> after such an edit.
/// </remarks>
public static class AccountServing
{
    /// <summary>One row per account with what a search page shows.</summary>
    public const string Table = "account_serving";

    /// <summary>(rep_id, account_id, the search columns): the accounts each rep's territories hold or it owns.</summary>
    public const string AccessTable = "account_access";

    /// <summary>The latest run id per source (<c>account_scores:KIND</c>, <c>account_clv</c>).</summary>
    public const string RunsTable = "serving_runs";

    /// <summary>The latest run's scores of every kind, sorted by account: a detail reads one account's few rows.</summary>
    public const string ScoresTable = "serving_scores";

    /// <summary>The latest lists' rows with what the list page shows of each account's score and potential, sorted by rep and rank.</summary>
    public const string ListRowsTable = "serving_list_rows";

    /// <summary>The stamp the tables were built from.</summary>
    public const string StateTable = "serving_state";

    /// <summary>The latest segment run (the runs table is small, so this stays a subquery).</summary>
    internal const string LatestSegmentRun = "(SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1)";

    /// <summary>Changes whenever the serving tables' layout does, so tables built by an older version are rebuilt.</summary>
    private const string Layout = "layout-4";

    // Per workspace directory: a rebuild of one workspace must not send another's callers to the sources (tests and a
    // process hosting several workspaces run them side by side).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lock> Builders = new(StringComparer.Ordinal);

    /// <summary>Tables that pipeline steps create; whether each exists is part of the snapshot.</summary>
    private static readonly string[] OptionalTables =
        [Features.FeatureBuilder.Table, AccountPotential.Table, AccountPotential.FamilyTable, Plans.Lists.RepLists.Table];

    /// <summary>
    /// The serving tables' latest runs when they match the sources, rebuilding them first if they do not; null when
    /// another thread is rebuilding them or the workspace cannot be written (read the sources then).
    /// </summary>
    public static ServingSnapshot? Current(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);

        // Every commit to the database, from any connection, grows the WAL or (at a checkpoint) rewrites the database
        // file, and the workspace lock keeps every other process out: while neither file changed since the stamp last
        // matched, nothing the tables are built from can have changed, and the stamp query is skipped.
        var files = FileState.Of(workspace);
        if (files is not null && Checked.TryGetValue(workspace.Directory, out var known) && known.Files == files)
        {
            return known.Snapshot;
        }

        if (Bridged.TryGetValue(workspace.Directory, out var bridged))
        {
            return bridged;
        }

        // One caller checks the stamp (a few tens of milliseconds) while the others wait for its answer: after every commit,
        // each request in flight would otherwise run the same query at once.
        lock (Checking.GetOrAdd(workspace.Directory, _ => new Lock()))
        {
            files = FileState.Of(workspace);
            if (files is not null && Checked.TryGetValue(workspace.Directory, out known) && known.Files == files)
            {
                return known.Snapshot;
            }

            if (Read(workspace) is { } fresh)
            {
                Remember(workspace, files, fresh);
                return fresh;
            }
        }

        var building = Builders.GetOrAdd(workspace.Directory, _ => new Lock());
        if (!building.TryEnter())
        {
            return null;
        }

        try
        {
            // Another thread may have finished while this one waited on the first check.
            if (Read(workspace) is { } built)
            {
                return built;
            }

            if (!TryRefresh(workspace))
            {
                return null;
            }

            var after = FileState.Of(workspace);
            var snapshot = Read(workspace);
            if (snapshot is not null)
            {
                Remember(workspace, after, snapshot);
            }

            return snapshot;
        }
        finally
        {
            building.Exit();
        }
    }

    /// <summary>
    /// Runs <paramref name="commit"/>, a write to none of the tables the serving tables are built from (the touchpoint
    /// journal's fold, every second), then checks the stamp on this thread. Until that check ends, <see cref="Current"/>
    /// answers with the snapshot that matched before the commit instead of making every request wait for the check: a
    /// source committed meanwhile by another connection is served once the check ends, some milliseconds later.
    /// </summary>
    public static void CommitOutsideSources(Workspace workspace, Action commit)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(commit);
        var directory = workspace.Directory;
        var before = FileState.Of(workspace);
        if (before is null || !Checked.TryGetValue(directory, out var known) || known.Files != before)
        {
            commit();
            return;
        }

        Bridged[directory] = known.Snapshot;
        try
        {
            commit();
        }
        catch
        {
            Bridged.TryRemove(directory, out _);
            throw;
        }

        try
        {
            lock (Checking.GetOrAdd(directory, _ => new Lock()))
            {
                var after = FileState.Of(workspace);
                if (Read(workspace) is { } fresh)
                {
                    Remember(workspace, after, fresh);
                }
            }
        }
        catch (DuckDBException)
        {
            // The commit stands; a failed check only means the next Current checks again.
        }
        finally
        {
            Bridged.TryRemove(directory, out _);
        }
    }

    /// <summary>Rebuilds the serving tables from the sources, in one transaction.</summary>
    public static void Refresh(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        lock (Builders.GetOrAdd(workspace.Directory, _ => new Lock()))
        {
            Rebuild(workspace);
        }

        // A refresh after a manual edit may leave the stamp unchanged, so the details read before it go too.
        AccountDetailCache.For(workspace.Directory).Clear();
    }

    /// <summary>Per workspace directory, the snapshot served while a commit outside the sources and its check run.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ServingSnapshot> Bridged = new(StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lock> Checking = new(StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (FileState? Files, ServingSnapshot Snapshot)> Checked =
        new(StringComparer.Ordinal);

    /// <summary>
    /// Remembers a snapshot against the files as they were before its stamp was read: a commit in between changes the
    /// files again, so the next call checks once more.
    /// </summary>
    private static void Remember(Workspace workspace, FileState? files, ServingSnapshot snapshot)
    {
        if (files is not null)
        {
            Checked[workspace.Directory] = (files, snapshot);
        }
    }

    /// <summary>The size and write time of the WAL when there is one, else of the database file.</summary>
    /// <remarks>
    /// One stat per request, not two: while a WAL exists every commit grows it, and a checkpoint (the only other writer of
    /// the database file) ends by truncating or removing it, so the WAL alone tells whether anything changed.
    /// </remarks>
    private sealed record FileState(long Length, DateTime Written, bool Wal)
    {
        public static FileState? Of(Workspace workspace)
        {
            var path = Path.Combine(workspace.Directory, Workspace.DatabaseFileName);
            var wal = new FileInfo(path + ".wal");
            if (wal.Exists)
            {
                return new FileState(wal.Length, wal.LastWriteTimeUtc, Wal: true);
            }

            var db = new FileInfo(path);
            return db.Exists ? new FileState(db.Length, db.LastWriteTimeUtc, Wal: false) : null;
        }
    }

    private static bool TryRefresh(Workspace workspace)
    {
        try
        {
            Rebuild(workspace);
            return true;
        }
        catch (DuckDBException e) when (!e.Message.Contains("FATAL", StringComparison.Ordinal) && !e.Message.Contains("invalidated", StringComparison.Ordinal))
        {
            // A read-only workspace, or a writer that committed first: the caller reads the sources this time. An error that
            // invalidated the database is not passed over, so the server's log says what broke it.
            return false;
        }
    }

    private static ServingSnapshot? Read(Workspace workspace)
    {
        // One statement, so the stamp, the stored stamp and the runs come from the same snapshot. The stamp's parts come
        // back as rows and are joined here: as one scalar made of a dozen subqueries, DuckDB spent some 50 ms planning
        // their joins, and requests wait for this check after a commit.
        var rows = DbRows.Read(workspace, $"""
            SELECT 'stamp' AS part, position, NULL AS name, value FROM ({StampParts(workspace)})
            UNION ALL SELECT 'state', 0, NULL, stamp FROM (SELECT stamp FROM {StateTable} LIMIT 1)
            UNION ALL SELECT 'run', 0, source, run_id FROM {RunsTable}
            UNION ALL SELECT 'table', 0, table_name, NULL FROM duckdb_tables()
                WHERE NOT temporary AND table_name IN ({string.Join(", ", OptionalTables.Select(Sql.Literal))})
            """);
        var parts = new SortedDictionary<int, string>();
        string? stored = null;
        var runs = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            switch (row["part"])
            {
                case "stamp":
                    parts[Convert.ToInt32(row["position"], System.Globalization.CultureInfo.InvariantCulture)] = (string)row["value"]!;
                    break;
                case "state":
                    stored = row["value"] as string;
                    break;
                case "run" when row["name"] is string source && row["value"] is string run:
                    runs[source] = run;
                    break;
                case "table" when row["name"] is string table:
                    tables.Add(table);
                    break;
            }
        }

        var stamp = string.Join(StampSeparator, parts.Values);
        return stored == stamp ? new ServingSnapshot(stamp, runs, tables) : null;
    }

    private static void Rebuild(Workspace workspace)
    {
        var potential = workspace.TableExists(AccountPotential.Table)
            ? $"(SELECT account_id, potential, white_space FROM {AccountPotential.Table})"
            : "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS potential, NULL::DOUBLE AS white_space WHERE false)";
        var stamp = StampSql(workspace);
        var listRows = workspace.TableExists(Plans.Lists.RepLists.Table)
            ? $"""
                CREATE OR REPLACE TABLE {ListRowsTable} AS
                SELECT l.run_id, l.rep_id, l.rank, l.account_id, l.account_name, l.action, l.product_family, l.next_best_action, l.reason,
                    l.missing_roles, l.value, coalesce(l.band, look.band) AS band, look.probability, look.raising, look.lowering,
                    pot.potential, pot.white_space
                FROM {Plans.Lists.RepLists.Table} l
                LEFT JOIN (SELECT account_id, band, probability, raising, lowering FROM {ScoresTable}
                    WHERE kind = 'lookalike' AND product_family IS NULL) look USING (account_id)
                LEFT JOIN {potential} pot USING (account_id)
                ORDER BY l.rep_id, l.rank;
                """
            : $"DROP TABLE IF EXISTS {ListRowsTable};";
        workspace.InTransaction(() =>
        {
            // Every row is rewritten, so the index is dropped first and built again after the commit (AccountIndexes.Ensure):
            // cheaper than keeping it row by row, and DuckDB replaying a crashed server's log could leave an index whose
            // DELETE fails ("Failed to delete all rows from index") and invalidates the database for every later request.
            workspace.Execute($"""
                DROP INDEX IF EXISTS {AccountIndexes.IndexName(Table)};
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
                SELECT p.rep_id, s.account_id, s.name, s.name_key, s.industry, s.region, s.owner_rep_id, s.territory_id, s.segment, s.band,
                    s.probability, s.potential, s.white_space
                FROM (SELECT t.rep_id, ta.account_id FROM territory_accounts ta JOIN territories t ON t.territory_id = ta.territory_id
                        WHERE t.rep_id IS NOT NULL
                    UNION SELECT owner_rep_id, account_id FROM accounts WHERE owner_rep_id IS NOT NULL) p
                JOIN {Table} s ON s.account_id = p.account_id
                ORDER BY p.rep_id, s.account_id;
                CREATE OR REPLACE TABLE {ScoresTable} AS
                SELECT s.account_id, s.kind, s.product_family, s.probability, s.expected_amount, s.band, s.raising, s.lowering, s.run_id, s.model_id
                FROM account_scores s JOIN (SELECT kind, max(run_id) AS run_id FROM account_scores GROUP BY kind) l
                    ON l.kind = s.kind AND l.run_id = s.run_id
                ORDER BY s.account_id, s.kind, s.product_family NULLS FIRST;
                {listRows}
                DELETE FROM {RunsTable};
                INSERT INTO {RunsTable}
                SELECT 'account_scores:' || kind, max(run_id) FROM account_scores GROUP BY kind
                UNION ALL SELECT 'account_clv', max(run_id) FROM {LifetimeValue.Table} HAVING count(*) > 0;
                DELETE FROM {StateTable};
                INSERT INTO {StateTable} SELECT ({stamp}), now()::TIMESTAMP;
                """);
        });

        // After the commit, each in its own statement: an index on a large source takes seconds, and the sources'
        // indexes outlive this build (only tables rewritten since lose theirs).
        AccountIndexes.Ensure(workspace);
    }

    /// <summary>
    /// A text that changes when any source of the serving tables does: every pipeline run and import, the row counts of
    /// the per-account sources (cheap in DuckDB), and the full contents of the small reps and territories tables.
    /// </summary>
    private static string StampSql(Workspace workspace) =>
        $"(SELECT string_agg(value, '{StampSeparator}' ORDER BY position) FROM ({StampParts(workspace)}))";

    private const string StampSeparator = "|";

    /// <summary>The stamp's parts as rows (position, value), in the order <see cref="StampSql"/> joins them.</summary>
    private static string StampParts(Workspace workspace)
    {
        var counts = new List<string> { "accounts", "territory_accounts", "segment_assignments", "segment_members", "account_scores", LifetimeValue.Table };
        if (workspace.TableExists(AccountPotential.Table))
        {
            counts.Add(AccountPotential.Table);
        }

        var parts = new List<string>
        {
            // The layout of the serving tables: a build by an older layout does not match, so it is rebuilt.
            $"'{Layout}'",
            "count(*) || '@' || coalesce(max(started_at)::VARCHAR, '') || '@' || coalesce(max(finished_at)::VARCHAR, '') FROM runs",
            "count(*) || '@' || coalesce(max(started_at)::VARCHAR, '') || '@' || coalesce(max(finished_at)::VARCHAR, '') FROM import_runs",
            "count(*) || '@' || coalesce(sum(hash(rep_id, manager_id))::VARCHAR, '') FROM reps",
            "count(*) || '@' || coalesce(sum(hash(territory_id, rep_id))::VARCHAR, '') FROM territories",
        };
        parts.AddRange(counts.Select(t => $"'{t}=' || count(*) FROM {t}"));
        return string.Join(" UNION ALL ", parts.Select((part, i) => i == 0 ? $"SELECT 0 AS position, {part} AS value" : $"SELECT {i}, {part}"));
    }
}

/// <summary>The serving tables' view of the latest runs and of which pipeline tables exist, valid while the database is unchanged.</summary>
/// <param name="Stamp">The sources' stamp the tables were built from: equal stamps, equal serving answers.</param>
/// <param name="LatestRuns">Run id per source: <c>account_scores:KIND</c> and <c>account_clv</c>.</param>
/// <param name="Tables">The pipeline tables that exist (features, potential, lists).</param>
public sealed record ServingSnapshot(string Stamp, IReadOnlyDictionary<string, string> LatestRuns, IReadOnlySet<string> Tables)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _memo = new(StringComparer.Ordinal);

    /// <summary>The latest run of a score kind, or null when it has none.</summary>
    public string? ScoreRun(string kind) => LatestRuns.GetValueOrDefault("account_scores:" + kind);

    /// <summary>The latest CLV run, or null.</summary>
    public string? ClvRun => LatestRuns.GetValueOrDefault("account_clv");

    /// <summary>Whether a pipeline table exists.</summary>
    public bool Has(string table) => Tables.Contains(table);

    /// <summary>
    /// The reps whose books a scope sees (<see cref="AccessScope.RepsRelation"/>), read once per snapshot: the reps table
    /// is part of the stamp, so a change to it makes a new snapshot.
    /// </summary>
    internal IReadOnlyList<string> Team(Workspace workspace, AccessScope scope) =>
        Memo("team\n" + scope.Role + "\n" + scope.RepId, () =>
            (IReadOnlyList<string>)workspace.Strings($"SELECT DISTINCT rep_id FROM {scope.RepsRelation} WHERE rep_id IS NOT NULL ORDER BY rep_id"));

    /// <summary>A value computed once per snapshot and key (what a scope sees does not change while the database does not).</summary>
    internal T Memo<T>(string key, Func<T> make)
        where T : class => (T)_memo.GetOrAdd(key, _ => make());
}
