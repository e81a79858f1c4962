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

        var known = new Dictionary<string, KnownValues>(StringComparer.OrdinalIgnoreCase);
        if (columns.ContainsKey(SizeBand))
        {
            known[SizeBand] = workspace.Settings.Tiers.BandRuleValues();
        }

        return new RuleColumns(columns) { Known = known };
    }

    /// <summary>The feature holding the account's size band (tiers.size_bands), whose values rules are checked against.</summary>
    public const string SizeBand = "size_band";

    /// <summary>Checks a new segment's rule against the feature table and adds it to <c>sightline.yaml</c>.</summary>
    /// <exception cref="RuleSyntaxException">The rule does not parse or names unknown columns or segments.</exception>
    /// <exception cref="BadInputException">The name is taken or invalid, or the parent does not exist.</exception>
    public static SegmentDefinition Add(Workspace workspace, SegmentDefinition segment)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(segment);

        // Checked before the file's text is built, so a problem is never reported at a line the file does not have.
        if (!SegmentDefinition.IsValidName(segment.Name))
        {
            throw new BadInputException(new Diagnostic("name", null, null, segment.Name,
                SegmentDefinition.NameExpected));
        }

        var existing = workspace.Settings.Segments;
        if (existing.Any(s => s.Name == segment.Name))
        {
            throw new BadInputException(workspace.Settings.Problem("segments", segment.Name, "a segment of this name is already defined"));
        }

        RefuseParent(existing, segment);

        var columns = Columns(workspace);
        var rules = existing.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        rules[segment.Name] = segment.Rule;
        RuleCompiler.Compile(RuleParser.Parse(segment.Rule, columns, segment.Name), columns, FeatureTable.AsOf(workspace), rules, ruleName: segment.Name);
        ProjectFile.AppendSegment(workspace.Directory, segment);
        workspace.ReloadSettings();
        return segment;
    }

    /// <summary>Refuses a parent that names no other segment, or that would make the parents go round in a cycle once the segment is saved.</summary>
    /// <exception cref="BadInputException">The parent is the segment itself, unknown, or closes a cycle.</exception>
    internal static void RefuseParent(IReadOnlyList<SegmentDefinition> existing, SegmentDefinition segment)
    {
        if (segment.Parent is not { } parent)
        {
            return;
        }

        if (parent == segment.Name)
        {
            throw new BadInputException(new Diagnostic("parent", null, null, parent, "a segment cannot be its own parent"));
        }

        if (existing.All(s => s.Name != parent))
        {
            throw new BadInputException(new Diagnostic("parent", null, null, parent, "no segment of this name"));
        }

        var candidate = existing.Where(s => s.Name != segment.Name).Append(segment).ToList();
        if (SegmentDefinition.ParentCycle(candidate, segment.Name) is { } cycle)
        {
            throw new BadInputException(new Diagnostic("parent", null, null, parent, $"the parents would form a cycle: {string.Join(" -> ", cycle)}"));
        }
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
        var runId = Runs.RunLog.NewId("segments", started);
        var (matchSql, parameters) = MatchStatement(workspace.Settings, columns, asOf);

        // The match table is made before the transaction: DuckDB reads back transaction-local temp tables slowly.
        var matchStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = matchSql;
            foreach (var value in parameters)
            {
                command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
            }

            command.ExecuteNonQuery();
            Workspace.Trace(matchSql, matchStarted);
        }

        var ruleSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(matchStarted).TotalSeconds;

        // The match table goes whether or not the run is written.
        try
        {
            workspace.InTransaction(() =>
            {
                var run = Sql.Literal(runId);
                workspace.Execute($"INSERT INTO segment_assignments SELECT {run}, account_id, assigned FROM sl_segment_match WHERE assigned IS NOT NULL");
                workspace.Execute($"""
                    INSERT INTO segment_members
                    SELECT {run}, substr(segment, 2), account_id FROM (UNPIVOT (SELECT account_id, {string.Join(", ", segments.Select(s => Flag(s.Name)))} FROM sl_segment_match)
                        ON {string.Join(", ", segments.Select(s => Flag(s.Name)))} INTO NAME segment VALUE member) WHERE member
                    """);
                Runs.RunLog.Record(workspace, runId, "segments", asOf, started, Counted.Of(segments.Count, "segment"));
            });

            return Report(workspace, runId, asOf, segments) with { RuleSeconds = ruleSeconds };
        }
        finally
        {
            workspace.Execute("DROP TABLE IF EXISTS sl_segment_match");
        }
    }

    /// <summary>
    /// One pass over the feature table: for each account the list of segments it matches (in priority
    /// order, so the first match is the best) and its one assigned segment, walking down the hierarchy.
    /// Every rule is compiled into the same statement with its own parameter numbers; a micro-segment's
    /// condition repeats its parent's SQL text, which refers to the same parameters.
    /// </summary>
    private static (string Sql, List<object?> Parameters) MatchStatement(ProjectSettings settings, RuleColumns columns, DateOnly asOf)
    {
        var segments = settings.Segments;
        var rules = segments.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        var parameters = new List<object?>();
        var condition = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in ParentsFirst(settings))
        {
            var compiled = RuleCompiler.Compile(RuleParser.Parse(segment.Rule, columns, segment.Name), columns, asOf, rules, parameters.Count + 1, segment.Name);
            parameters.AddRange(compiled.Parameters);
            condition[segment.Name] = segment.Parent is null ? $"({compiled.Sql})" : $"({compiled.Sql}) AND {condition[segment.Parent]}";
        }

        // Each segment becomes a boolean column "~name" (names are validated; the '~' keeps them apart from other columns).
        var ranked = segments.Select((s, i) => (Segment: s, Order: i)).OrderBy(x => x.Segment.Priority).ThenBy(x => x.Order).Select(x => x.Segment).ToList();
        var flags = string.Join(",\n        ", segments.Select(s => $"coalesce({condition[s.Name]}, false) AS {Flag(s.Name)}"));
        var query = $"""
            SELECT *, CASE {string.Concat(ranked.Where(s => s.Parent is null).Select(s => $"WHEN {Flag(s.Name)} THEN {Sql.Literal(s.Name)} "))}END AS level0
            FROM (SELECT account_id, is_customer, revenue_12m,
                    {flags}
                  FROM {FeatureBuilder.Table})
            """;

        // One level of the hierarchy per nested select: the best child (by priority) of the level above, if any.
        var depth = Depth(segments);
        var children = ranked.Where(s => s.Parent is not null).ToList();
        for (var level = 1; level <= depth; level++)
        {
            var above = $"level{level - 1}";
            var choose = string.Concat(children.Select(c => $"WHEN {above} = {Sql.Literal(c.Parent!)} AND {Flag(c.Name)} THEN {Sql.Literal(c.Name)} "));
            query = $"SELECT *, CASE {choose}ELSE {above} END AS level{level} FROM ({query})";
        }

        var sql = $"CREATE OR REPLACE TEMP TABLE sl_segment_match AS SELECT * EXCLUDE ({string.Join(", ", Enumerable.Range(0, depth + 1).Select(l => $"level{l}"))}), level{depth} AS assigned FROM ({query})";
        return (sql, parameters);
    }

    private static string Flag(string segment) => Sql.Identifier("~" + segment);

    private static int Depth(List<SegmentDefinition> segments)
    {
        var parents = segments.ToDictionary(s => s.Name, s => s.Parent, StringComparer.Ordinal);
        return segments.Max(s =>
        {
            var depth = 0;
            for (var p = s.Parent; p is not null && depth <= segments.Count; p = parents.GetValueOrDefault(p))
            {
                depth++;
            }

            return depth;
        });
    }

    private static List<SegmentDefinition> ParentsFirst(ProjectSettings settings)
    {
        var segments = settings.Segments;
        var ordered = new List<SegmentDefinition>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < segments.Count)
        {
            var ready = segments.Where(s => !placed.Contains(s.Name) && (s.Parent is null || placed.Contains(s.Parent))).ToList();
            if (ready.Count == 0)
            {
                var stuck = segments.First(s => !placed.Contains(s.Name));
                throw new BadInputException(settings.Problem($"segments.{stuck.Name}.parent", stuck.Parent, "the parents form a cycle"));
            }

            foreach (var segment in ready)
            {
                ordered.Add(segment);
                placed.Add(segment.Name);
            }
        }

        return ordered;
    }

    private static SegmentRunReport Report(Workspace workspace, string runId, DateOnly asOf, List<SegmentDefinition> segments)
    {
        var counts = new Dictionary<string, (long Accounts, long Customers, double Revenue, long Assigned)>(StringComparer.Ordinal);
        var reportStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT " + string.Join(", ", segments.Select(s =>
            {
                var flag = Flag(s.Name);
                // Plain sums of 0/1 are several times faster than FILTER clauses over this many columns.
                return $"coalesce(sum({flag}::INTEGER), 0)::BIGINT, coalesce(sum(({flag} AND is_customer)::INTEGER), 0)::BIGINT, "
                    + $"coalesce(sum(CASE WHEN {flag} THEN revenue_12m ELSE 0 END), 0), coalesce(sum(coalesce(assigned = {Sql.Literal(s.Name)}, false)::INTEGER), 0)::BIGINT";
            })) + " FROM sl_segment_match";
            using var reader = command.ExecuteReader();
            reader.Read();
            for (var i = 0; i < segments.Count; i++)
            {
                counts[segments[i].Name] = (reader.GetInt64(4 * i), reader.GetInt64(4 * i + 1), Convert.ToDouble(reader.GetValue(4 * i + 2), CultureInfo.InvariantCulture), reader.GetInt64(4 * i + 3));
            }

            Workspace.Trace(command.CommandText, reportStarted);
        }

        var results = segments.Select(s =>
        {
            var (accounts, customers, revenue, assigned) = counts.GetValueOrDefault(s.Name);
            return new SegmentResult(s.Name, s.Parent, s.Description, s.Rule, s.Priority, accounts, customers, revenue, assigned);
        }).ToList();
        var total = Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM sl_segment_match"), CultureInfo.InvariantCulture);
        var unassigned = Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM sl_segment_match WHERE assigned IS NULL"), CultureInfo.InvariantCulture);
        return new SegmentRunReport(runId, asOf, results, total, unassigned);
    }
}
