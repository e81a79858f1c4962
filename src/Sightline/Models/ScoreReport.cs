using DuckDB.NET.Data;
using Sightline.Models.Evaluation;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>The summaries every scoring run prints: the band table and the top accounts with their reasons.</summary>
public static class ScoreReport
{
    /// <summary>Accounts, customers, revenue and expected buyers per band of one run, kind and product family, lowest band first.</summary>
    public static List<BandRow> BandTable(Workspace workspace, string runId, string kind, string? productFamily, string featureTable, ProbabilityBands bands)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(bands);
        var rows = new Dictionary<string, BandRow>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT s.band, count(*), count(*) FILTER (WHERE f.is_customer), coalesce(sum(f.revenue_12m), 0), avg(s.probability), sum(s.probability)
                FROM account_scores s JOIN {Sql.Identifier(featureTable)} f USING (account_id)
                WHERE s.run_id = $1 AND s.kind = $2 AND s.product_family IS NOT DISTINCT FROM $3
                GROUP BY s.band
                """;
            command.Parameters.Add(new DuckDBParameter(runId));
            command.Parameters.Add(new DuckDBParameter(kind));
            command.Parameters.Add(new DuckDBParameter(productFamily is null ? DBNull.Value : productFamily));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows[reader.GetString(0)] = new BandRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5));
            }
        }

        return bands.Labels.Select(l => rows.TryGetValue(l, out var row) ? row : new BandRow(l, 0, 0, 0, 0, 0)).ToList();
    }

    /// <summary>The <paramref name="count"/> best of <paramref name="candidates"/> (rows), by expected amount when given, else by probability, with names.</summary>
    public static List<ScoredAccount> Top(Workspace workspace, string featureTable, string[] ids, IEnumerable<int> candidates, double[] probabilities,
        double[]? expectedAmounts, Reason[][] reasons, ProbabilityBands bands, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(bands);
        var key = expectedAmounts ?? probabilities;
        var top = candidates.OrderByDescending(r => key[r]).ThenBy(r => ids[r], StringComparer.Ordinal).Take(count).ToList();
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (top.Count > 0)
        {
            using var command = workspace.Connection.CreateCommand();
            command.CommandText = $"SELECT account_id, name FROM {Sql.Identifier(featureTable)} WHERE account_id IN ({string.Join(", ", top.Select(r => Sql.Literal(ids[r])))})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        return top.Select(r => new ScoredAccount(ids[r], names.GetValueOrDefault(ids[r]), probabilities[r], bands.Label(probabilities[r]),
            expectedAmounts?[r], reasons[r].Select(x => x.ToString()).ToList())).ToList();
    }
}
