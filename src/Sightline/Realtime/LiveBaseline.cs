using System.Collections;
using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Models;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Every account's starting state, built from the workspace in one SQL statement as of the batch's as-of date: the
/// feature row, the last 365 days of touches as day buckets, tickets and products asked about, the segment memberships
/// and assignment of the latest segments run, and the latest batch scores. The models and rules the live state needs
/// are loaded once alongside (<see cref="Context"/>).
/// </summary>
public sealed class LiveBaseline
{
    /// <summary>The batch this baseline was built from.</summary>
    public required LiveBaselineStamp Stamp { get; init; }

    /// <summary>The shared, read-only part: models, segment rules, columns.</summary>
    public required LiveAccountContext Context { get; init; }

    /// <summary>Every account of the feature table by id.</summary>
    public required IReadOnlyDictionary<string, LiveBaselineAccount> Accounts { get; init; }

    /// <summary>The batch the workspace holds now (a few small queries): compare with a state's stamp to see whether it is stale.</summary>
    public static LiveBaselineStamp CurrentStamp(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        FeatureTable.Require(workspace);
        string? Latest(string sql) => workspace.Scalar(sql) as string;
        var scored = workspace.TableExists("account_scores");
        var asOf = FeatureTable.AsOf(workspace);
        return new LiveBaselineStamp(
            asOf,
            Latest("SELECT run_id FROM runs WHERE kind = 'features' ORDER BY started_at DESC, finished_at DESC LIMIT 1"),
            Latest("SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, finished_at DESC LIMIT 1"),
            // The same "latest" as the batch readers of account_scores (LookalikeScoring.LatestScoresRelation): by run id.
            scored ? Latest($"SELECT run_id FROM account_scores WHERE kind = '{LookalikeScoring.Kind}' ORDER BY run_id DESC LIMIT 1") : null,
            scored ? Latest($"SELECT run_id FROM account_scores WHERE kind = '{WindowPropensity.WindowKind}' ORDER BY run_id DESC LIMIT 1") : null);
    }

    /// <summary>True when a batch step has run since <paramref name="stamp"/> was taken.</summary>
    public static bool IsStale(Workspace workspace, LiveBaselineStamp stamp) => CurrentStamp(workspace) != stamp;

    /// <summary>Loads every account's baseline, or only those in <paramref name="accountIds"/>, and the shared context; call again after a batch run to reload.</summary>
    /// <exception cref="BadInputException">The feature table is missing, or a stored model or segment rule cannot be read.</exception>
    public static LiveBaseline Load(Workspace workspace, IReadOnlyCollection<string>? accountIds = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var context = LiveAccountContext.Load(workspace, CurrentStamp(workspace));
        return new LiveBaseline { Stamp = context.Stamp, Context = context, Accounts = LoadAccounts(workspace, context, accountIds) };
    }

    /// <summary>
    /// The baselines of the accounts in <paramref name="accountIds"/> (all when null) for an already loaded context: a grain
    /// activating alone reads its own row this way while the models and rules stay shared. The caller checks the context is
    /// not stale (<see cref="IsStale"/>) first.
    /// </summary>
    public static Dictionary<string, LiveBaselineAccount> LoadAccounts(Workspace workspace, LiveAccountContext context, IReadOnlyCollection<string>? accountIds = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(context);
        var stamp = context.Stamp;
        var accounts = new Dictionary<string, LiveBaselineAccount>(StringComparer.Ordinal);
        var columns = context.FeatureColumns;
        var carried = context.Scorer.Models.Where(m => !m.ReadsLiveFeatures).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var touchColumns = workspace.Strings("SELECT column_name FROM duckdb_columns() WHERE table_name = 'touchpoints' AND schema_name = 'main'")
            .ToHashSet(StringComparer.Ordinal);
        using var command = workspace.Connection.CreateCommand();
        // Every part of the statement is filtered by the ids, not only the final join. They go in as quoted literals: DuckDB
        // skips row groups by their min/max only for constants, and the per-account tables are stored in account order, so
        // one grain's activation reads its own row groups rather than every touchpoint and score.
        var only = accountIds switch
        {
            null => "",
            { Count: 0 } => " AND false",
            { Count: 1 } => $" AND account_id = {Sql.Literal(accountIds.First())}",
            _ => $" AND account_id IN ({string.Join(", ", accountIds.Select(Sql.Literal))})",
        };

        command.CommandText = BaselineSql(stamp, columns, touchColumns, only);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var account = new LiveBaselineAccount { AccountId = reader.GetString(0) };
            var row = account.Row;
            for (var c = 0; c < columns.Count; c++)
            {
                var ordinal = 1 + c;
                if (reader.IsDBNull(ordinal))
                {
                    continue;
                }

                var (name, kind) = columns[c];
                switch (kind)
                {
                    case LiveBaselineColumnKind.Number:
                        row.Numbers[name] = reader.GetDouble(ordinal);
                        break;
                    case LiveBaselineColumnKind.Flag:
                        row.Flags[name] = reader.GetBoolean(ordinal);
                        break;
                    case LiveBaselineColumnKind.Text:
                        row.Texts[name] = reader.GetString(ordinal);
                        break;
                    case LiveBaselineColumnKind.Date:
                        row.Dates[name] = DateOnly.FromDateTime(reader.GetDateTime(ordinal));
                        break;
                    default:
                        row.Lists[name] = Items(reader.GetValue(ordinal)).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!).ToList();
                        break;
                }
            }

            var next = 1 + columns.Count;
            var features = account.Features;
            features.LastTouch = row.Date("last_touch_date");
            if (!reader.IsDBNull(next))
            {
                var days = Items(reader.GetValue(next)).ToList();
                var channels = Items(reader.GetValue(next + 1)).ToList();
                var totals = Items(reader.GetValue(next + 2)).ToList();
                var inbound = Items(reader.GetValue(next + 3)).ToList();
                var outbound = Items(reader.GetValue(next + 4)).ToList();
                for (var i = 0; i < days.Count; i++)
                {
                    features.AddBucket(Int(days[i]), (string)channels[i]!, Int(totals[i]), Int(inbound[i]), Int(outbound[i]));
                }
            }

            next += 5;
            if (!reader.IsDBNull(next))
            {
                var families = Items(reader.GetValue(next)).ToList();
                var days = Items(reader.GetValue(next + 1)).ToList();
                for (var i = 0; i < families.Count; i++)
                {
                    features.AskedAbout[(string)families[i]!] = Int(days[i]);
                }
            }

            next += 2;
            if (!reader.IsDBNull(next))
            {
                var ids = Items(reader.GetValue(next)).ToList();
                var open = Items(reader.GetValue(next + 1)).ToList();
                var at = Items(reader.GetValue(next + 2)).ToList();
                var inferred = Items(reader.GetValue(next + 3)).ToList();
                for (var i = 0; i < ids.Count; i++)
                {
                    features.SetTicket((string)ids[i]!, (bool)open[i]!, (DateTime)at[i]!, (bool)inferred[i]!);
                }
            }

            next += 4;
            if (!reader.IsDBNull(next))
            {
                account.Segments = Items(reader.GetValue(next)).Select(v => (string)v!).ToList();
            }

            account.AssignedSegment = reader.IsDBNull(next + 1) ? null : reader.GetString(next + 1);
            next += 2;
            if (!reader.IsDBNull(next))
            {
                var keys = Items(reader.GetValue(next)).ToList();
                var probabilities = Items(reader.GetValue(next + 1)).ToList();
                var reasons = Items(reader.GetValue(next + 2)).ToList();
                for (var i = 0; i < keys.Count; i++)
                {
                    var key = (string)keys[i]!;
                    account.BatchScores[key] = Convert.ToDouble(probabilities[i], CultureInfo.InvariantCulture);
                    if (carried.Contains(key))
                    {
                        account.BatchReasons[key] = reasons[i] as string ?? "";
                    }
                }
            }

            accounts[account.AccountId] = account;
        }

        return accounts;
    }

    /// <summary>
    /// The one statement: the feature row joined to per-account lists of touch buckets (day, channel, counts), products
    /// asked about, tickets, segments and scores, each aggregated in DuckDB rather than looped over in C#.
    /// </summary>
    private static string BaselineSql(LiveBaselineStamp stamp, IReadOnlyList<(string Name, LiveBaselineColumnKind Kind)> columns, HashSet<string> touchColumns, string only)
    {
        string Day(DateOnly d) => $"DATE '{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
        var asOf = stamp.AsOf;
        var nextDay = Day(asOf.AddDays(1));
        var epoch = new DateOnly(1970, 1, 1).DayNumber;
        var dayNumber = $"(occurred_at::DATE - DATE '1970-01-01')::INTEGER + {epoch}";
        var select = new StringBuilder("f.account_id::VARCHAR");
        foreach (var (name, kind) in columns)
        {
            var id = $"f.{Sql.Identifier(name)}";
            select.Append(", ").Append(kind switch
            {
                LiveBaselineColumnKind.Number => $"{id}::DOUBLE", // exactly how TabularData reads model inputs
                LiveBaselineColumnKind.Date => $"{id}::DATE",
                _ => id,
            });
        }

        var hasFamily = touchColumns.Contains("product_family");
        var hasTickets = touchColumns.Contains("ticket_id") && touchColumns.Contains("ticket_state");
        var asked = hasFamily
            ? $"""
                SELECT account_id, list(product_family ORDER BY product_family) AS families, list(day ORDER BY product_family) AS days FROM (
                    SELECT account_id, product_family, max({dayNumber}) AS day FROM touchpoints
                    WHERE product_family IS NOT NULL{only} AND occurred_at >= {Day(asOf.AddDays(1 - LiveFeatures.AskedDays))} AND occurred_at < {nextDay}
                    GROUP BY ALL) GROUP BY account_id
                """
            : "SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR[] AS families, NULL::INTEGER[] AS days WHERE false";
        var unresolved = string.Join(", ", LiveFeatures.UnresolvedOutcomes.Select(Sql.Literal));
        var inferredTickets = $"""
            SELECT account_id, event_id::VARCHAR AS id, true AS is_open, occurred_at AS set_at, true AS inferred FROM touchpoints
            WHERE channel = 'support'{only} AND lower(outcome) IN ({unresolved}) {(hasTickets ? "AND ticket_id IS NULL" : "")}
                AND occurred_at >= {Day(asOf.AddDays(1 - LiveFeatures.TicketDays))} AND occurred_at < {nextDay}
            """;
        var namedTickets = hasTickets
            ? $"""
                UNION ALL
                SELECT account_id, ticket_id::VARCHAR, arg_max(ticket_state, occurred_at) = '{TouchpointEvent.TicketOpen}', max(occurred_at), false FROM touchpoints
                WHERE ticket_id IS NOT NULL{only} AND occurred_at < {nextDay} GROUP BY account_id, ticket_id
                """
            : "";
        var segmentRun = stamp.SegmentsRunId is { } s ? Sql.Literal(s) : "NULL";
        var scoreRuns = string.Join(", ", new[] { stamp.LookalikeRunId, stamp.PropensityRunId }.Where(r => r is not null).Select(r => Sql.Literal(r!)).DefaultIfEmpty("NULL"));
        var scores = $"""
            SELECT account_id, list(kind || coalesce(':' || product_family, '')) AS keys, list(probability) AS probabilities,
                list(concat_ws('; ', nullif(raising, ''), nullif(lowering, ''))) AS reasons
            FROM account_scores WHERE run_id IN ({scoreRuns}){only} GROUP BY account_id
            """;
        return $"""
            WITH tb AS (
                SELECT account_id, {dayNumber} AS day, channel, count(*)::INTEGER AS total,
                    count(*) FILTER (WHERE direction = 'in')::INTEGER AS inbound, count(*) FILTER (WHERE direction = 'out')::INTEGER AS outbound
                FROM touchpoints
                WHERE occurred_at >= {Day(asOf.AddDays(1 - LiveFeatures.KeepDays))} AND occurred_at < {nextDay}{only}
                GROUP BY ALL),
            tl AS (
                SELECT account_id, list(day ORDER BY day, channel) AS days, list(channel ORDER BY day, channel) AS channels,
                    list(total ORDER BY day, channel) AS totals, list(inbound ORDER BY day, channel) AS inbound, list(outbound ORDER BY day, channel) AS outbound
                FROM tb GROUP BY account_id),
            pa AS ({asked}),
            tk AS (
                SELECT account_id, list(id ORDER BY id) AS ids, list(is_open ORDER BY id) AS is_open, list(set_at ORDER BY id) AS set_at, list(inferred ORDER BY id) AS inferred
                FROM ({inferredTickets} {namedTickets}) GROUP BY account_id),
            sm AS (SELECT account_id, list(segment ORDER BY segment) AS segments FROM segment_members WHERE run_id = {segmentRun}{only} GROUP BY account_id),
            sa AS (SELECT account_id, any_value(segment) AS assigned FROM segment_assignments WHERE run_id = {segmentRun}{only} GROUP BY account_id),
            sc AS ({scores})
            SELECT {select},
                tl.days, tl.channels, tl.totals, tl.inbound, tl.outbound,
                pa.families, pa.days,
                tk.ids, tk.is_open, tk.set_at, tk.inferred,
                sm.segments, sa.assigned,
                sc.keys, sc.probabilities, sc.reasons
            FROM {FeatureBuilder.Table} f
            LEFT JOIN tl USING (account_id)
            LEFT JOIN pa USING (account_id)
            LEFT JOIN tk USING (account_id)
            LEFT JOIN sm USING (account_id)
            LEFT JOIN sa USING (account_id)
            LEFT JOIN sc USING (account_id)
            WHERE true{only.Replace("account_id", "f.account_id", StringComparison.Ordinal)}
            ORDER BY f.account_id
            """;
    }

    private static IEnumerable<object?> Items(object value) => ((IEnumerable)value).Cast<object?>();

    private static int Int(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
