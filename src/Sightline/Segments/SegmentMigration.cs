using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Segments;

/// <summary>How many accounts moved from one segment to another between two runs.</summary>
/// <param name="From">Segment in the first run ("(none)" when unassigned or absent).</param>
/// <param name="To">Segment in the second run.</param>
/// <param name="Accounts">How many accounts made that move.</param>
public sealed record SegmentMove(string From, string To, long Accounts);

/// <summary>An account that changed segment.</summary>
public sealed record MovedAccount(string AccountId, string From, string To);

/// <summary>Segment migration between two runs: the full matrix (stays on the diagonal) and the accounts that moved.</summary>
/// <param name="FromRun">The earlier run.</param>
/// <param name="ToRun">The later run.</param>
/// <param name="Matrix">Every (from, to) pair with its count, stays included.</param>
/// <param name="MovedCount">Accounts whose segment changed.</param>
/// <param name="Moved">The accounts that moved (at most <see cref="SegmentMigration.MaxListed"/>).</param>
public sealed record SegmentMigrationReport(string FromRun, string ToRun, IReadOnlyList<SegmentMove> Matrix, long MovedCount, IReadOnlyList<MovedAccount> Moved);

/// <summary>Compares the exclusive segment assignments of two runs.</summary>
public static class SegmentMigration
{
    /// <summary>How many moved accounts a report lists.</summary>
    public const int MaxListed = 10_000;

    /// <summary>The latest two segment runs, oldest first, or null when there are fewer than two.</summary>
    public static (string From, string To)? LatestTwoRuns(Workspace workspace)
    {
        var runs = workspace.Strings("SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 2");
        return runs.Count == 2 ? (runs[1], runs[0]) : null;
    }

    /// <summary>Builds the migration report between two segment runs.</summary>
    /// <exception cref="BadInputException">A run id is not a segment run of this workspace.</exception>
    public static SegmentMigrationReport Compare(Workspace workspace, string fromRun, string toRun)
    {
        foreach (var run in new[] { fromRun, toRun })
        {
            using var check = workspace.Connection.CreateCommand();
            check.CommandText = "SELECT count(*) FROM runs WHERE run_id = $1 AND kind = 'segments'";
            check.Parameters.Add(new DuckDBParameter(run));
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                throw new BadInputException(new Diagnostic("--compare", null, null, run, "no segment run with this id (see the runs table, kind 'segments')"));
            }
        }

        const string Moves = """
            WITH a AS (SELECT account_id, segment FROM segment_assignments WHERE run_id = $1),
                 b AS (SELECT account_id, segment FROM segment_assignments WHERE run_id = $2)
            SELECT account_id, coalesce(a.segment, '(none)') AS from_segment, coalesce(b.segment, '(none)') AS to_segment
            FROM a FULL OUTER JOIN b USING (account_id)
            """;
        var matrix = Query(workspace, $"SELECT from_segment, to_segment, count(*) FROM ({Moves}) GROUP BY ALL ORDER BY 1, 2", fromRun, toRun,
            r => new SegmentMove(r.GetString(0), r.GetString(1), r.GetInt64(2)));
        var moved = Query(workspace, $"SELECT account_id, from_segment, to_segment FROM ({Moves}) WHERE from_segment <> to_segment ORDER BY account_id LIMIT {MaxListed}",
            fromRun, toRun, r => new MovedAccount(r.GetString(0), r.GetString(1), r.GetString(2)));
        var movedCount = matrix.Where(m => m.From != m.To).Sum(m => m.Accounts);
        return new SegmentMigrationReport(fromRun, toRun, matrix, movedCount, moved);
    }

    private static List<T> Query<T>(Workspace workspace, string sql, string fromRun, string toRun, Func<DuckDBDataReader, T> read)
    {
        var rows = new List<T>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter(fromRun));
        command.Parameters.Add(new DuckDBParameter(toRun));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
