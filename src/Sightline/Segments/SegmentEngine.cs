using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Features;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Segments;

/// <summary>
/// Evaluates the segments of <c>sightline.yaml</c> over the feature table: memberships per run
/// (an account may be in several segments), and one exclusive assignment per account down the
/// hierarchy (market segment, then micro-segment) by priority.
/// </summary>
public static class SegmentEngine
{
    /// <summary>The feature table's columns as the rule language sees them.</summary>
    public static RuleColumns Columns(Workspace workspace)
    {
        FeatureTable.Require(workspace);
        var columns = new Dictionary<string, FeatureType>(StringComparer.Ordinal);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{FeatureBuilder.Table}' AND schema_name = 'main' ORDER BY column_index";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var type = reader.GetString(1);
            FeatureType? kind = type switch
            {
                "VARCHAR" => FeatureType.Text,
                "DATE" or "TIMESTAMP" => FeatureType.Date,
                "BOOLEAN" => FeatureType.Boolean,
                "VARCHAR[]" => FeatureType.TextList,
                "BIGINT" or "INTEGER" or "DOUBLE" or "HUGEINT" or "SMALLINT" or "TINYINT" or "UBIGINT" or "FLOAT" => FeatureType.Number,
                _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => FeatureType.Number,
                _ => null,
            };
            if (kind is { } k)
            {
                columns[reader.GetString(0)] = k;
            }
        }

        return new RuleColumns(columns);
    }

    /// <summary>Checks a new segment's rule against the feature table and adds it to <c>sightline.yaml</c>.</summary>
    /// <exception cref="RuleSyntaxException">The rule does not parse or names unknown columns or segments.</exception>
    /// <exception cref="BadInputException">The name is taken or invalid, or the parent does not exist.</exception>
    public static SegmentDefinition Add(Workspace workspace, SegmentDefinition segment)
    {
        var existing = workspace.Settings.Segments;
        if (existing.Any(s => s.Name == segment.Name))
        {
            throw new BadInputException(new Diagnostic(ProjectSettings.FileName, null, "segments", segment.Name, "a segment of this name is already defined"));
        }

        var columns = Columns(workspace);
        var rules = existing.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        rules[segment.Name] = segment.Rule;
        RuleCompiler.Compile(RuleParser.Parse(segment.Rule, columns, segment.Name), columns, FeatureTable.AsOf(workspace), rules);
        ProjectFile.AppendSegment(workspace.Directory, segment);
        workspace.ReloadSettings();
        return segment;
    }

    /// <summary>Evaluates every segment for a new run and reports accounts, customers and revenue per segment.</summary>
    /// <exception cref="BadInputException">No segments are defined, or the feature table is missing.</exception>
    /// <exception cref="RuleSyntaxException">A segment's rule is wrong.</exception>
    public static SegmentRunReport Evaluate(Workspace workspace, TimeProvider? clock = null)
    {
        var segments = workspace.Settings.Segments;
        if (segments.Count == 0)
        {
            throw new BadInputException(ProjectSettings.FileName, "no segments defined; add one with: sightline segment add NAME --rule '...'");
        }

        var columns = Columns(workspace);
        var asOf = FeatureTable.AsOf(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = $"segments-{started:yyyyMMdd'T'HHmmss}-{Random.Shared.Next(0x10000, 0xFFFFF):x}";
        var rules = segments.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        var compiled = segments.ToDictionary(s => s.Name,
            s => RuleCompiler.Compile(RuleParser.Parse(s.Rule, columns, s.Name), columns, asOf, rules, firstParameter: 3), StringComparer.Ordinal);

        workspace.Execute("BEGIN TRANSACTION");
        try
        {
            foreach (var segment in ParentsFirst(segments))
            {
                var rule = compiled[segment.Name];
                var parentParameter = 3 + rule.Parameters.Count;
                var withinParent = segment.Parent is null ? "" : $" AND account_id IN (SELECT account_id FROM segment_members WHERE run_id = $1 AND segment = ${parentParameter})";
                using var command = workspace.Connection.CreateCommand();
                command.CommandText = $"INSERT INTO segment_members SELECT $1, $2, account_id FROM {FeatureBuilder.Table} WHERE coalesce(({rule.Sql}), false){withinParent}";
                command.Parameters.Add(new DuckDBParameter(runId));
                command.Parameters.Add(new DuckDBParameter(segment.Name));
                foreach (var value in rule.Parameters)
                {
                    command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
                }

                if (segment.Parent is not null)
                {
                    command.Parameters.Add(new DuckDBParameter(segment.Parent));
                }

                command.ExecuteNonQuery();
            }

            Assign(workspace, runId, segments);
            using (var run = workspace.Connection.CreateCommand())
            {
                run.CommandText = "INSERT INTO runs VALUES ($1, 'segments', $2, $3, now()::TIMESTAMP, $4)";
                run.Parameters.Add(new DuckDBParameter(runId));
                run.Parameters.Add(new DuckDBParameter(asOf.ToDateTime(TimeOnly.MinValue)));
                run.Parameters.Add(new DuckDBParameter(started.UtcDateTime));
                run.Parameters.Add(new DuckDBParameter($"{segments.Count} segments"));
                run.ExecuteNonQuery();
            }

            workspace.Execute("COMMIT");
        }
        catch
        {
            workspace.Execute("ROLLBACK");
            throw;
        }

        return Report(workspace, runId, asOf, segments);
    }

    private static List<SegmentDefinition> ParentsFirst(List<SegmentDefinition> segments)
    {
        var ordered = new List<SegmentDefinition>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < segments.Count)
        {
            var ready = segments.Where(s => !placed.Contains(s.Name) && (s.Parent is null || placed.Contains(s.Parent))).ToList();
            if (ready.Count == 0)
            {
                var stuck = segments.First(s => !placed.Contains(s.Name));
                throw new BadInputException(new Diagnostic(ProjectSettings.FileName, null, $"segments.{stuck.Name}.parent", stuck.Parent,
                    "the parents form a cycle"));
            }

            foreach (var segment in ready)
            {
                ordered.Add(segment);
                placed.Add(segment.Name);
            }
        }

        return ordered;
    }

    /// <summary>One segment per account: the best top-level segment by priority, then its best child, and so on.</summary>
    private static void Assign(Workspace workspace, string runId, List<SegmentDefinition> segments)
    {
        var meta = string.Join(", ", segments.Select((s, i) =>
            $"({Sql.Literal(s.Name)}, {(s.Parent is null ? "NULL" : Sql.Literal(s.Parent))}, {(long)s.Priority * 100_000 + i})"));
        var run = Sql.Literal(runId);
        workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_segment_meta AS SELECT * FROM (VALUES {meta}) t(segment, parent, rank);
            CREATE OR REPLACE TEMP TABLE sl_assign AS
                SELECT m.account_id, arg_min(m.segment, s.rank) AS segment
                FROM segment_members m JOIN sl_segment_meta s USING (segment)
                WHERE m.run_id = {run} AND s.parent IS NULL GROUP BY m.account_id;
            """);
        for (var depth = 0; depth < segments.Count; depth++)
        {
            var changed = Convert.ToInt64(workspace.Scalar($"""
                UPDATE sl_assign a SET segment = c.segment
                FROM (SELECT m.account_id, s.parent, arg_min(m.segment, s.rank) AS segment
                      FROM segment_members m JOIN sl_segment_meta s USING (segment)
                      WHERE m.run_id = {run} AND s.parent IS NOT NULL GROUP BY m.account_id, s.parent) c
                WHERE c.account_id = a.account_id AND c.parent = a.segment
                """), CultureInfo.InvariantCulture);
            if (changed == 0)
            {
                break;
            }
        }

        workspace.Execute($"INSERT INTO segment_assignments SELECT {run}, account_id, segment FROM sl_assign; DROP TABLE sl_assign; DROP TABLE sl_segment_meta");
    }

    private static SegmentRunReport Report(Workspace workspace, string runId, DateOnly asOf, List<SegmentDefinition> segments)
    {
        var counts = new Dictionary<string, (long Accounts, long Customers, double Revenue, long Assigned)>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT m.segment, count(*), count(*) FILTER (WHERE f.is_customer), coalesce(sum(f.revenue_12m), 0),
                       (SELECT count(*) FROM segment_assignments a WHERE a.run_id = $1 AND a.segment = m.segment)
                FROM segment_members m JOIN {FeatureBuilder.Table} f USING (account_id)
                WHERE m.run_id = $1 GROUP BY m.segment
                """;
            command.Parameters.Add(new DuckDBParameter(runId));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture), reader.GetInt64(4));
            }
        }

        var results = segments.Select(s =>
        {
            var (accounts, customers, revenue, assigned) = counts.GetValueOrDefault(s.Name);
            return new SegmentResult(s.Name, s.Parent, s.Description, s.Rule, s.Priority, accounts, customers, revenue, assigned);
        }).ToList();
        var total = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {FeatureBuilder.Table}"), CultureInfo.InvariantCulture);
        var assignedTotal = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM segment_assignments WHERE run_id = {Sql.Literal(runId)}"), CultureInfo.InvariantCulture);
        return new SegmentRunReport(runId, asOf, results, total, total - assignedTotal);
    }
}
