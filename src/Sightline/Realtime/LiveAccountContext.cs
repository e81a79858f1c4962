using System.Collections.Frozen;
using Sightline.Features;
using Sightline.Models;
using Sightline.Segments;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// What every account's live state shares and never changes between batches: the feature columns, the segment rules and
/// the models. Loaded once per baseline; an account's <see cref="LiveAccount.Apply"/> only reads it, so one context
/// serves every account on every thread.
/// </summary>
public sealed class LiveAccountContext
{
    private IReadOnlyList<string>? _rowColumns;
    private HashSet<string>? _rowColumnSet;
    private FrozenDictionary<string, LiveBaselineColumnKind>? _rowColumnKinds;

    /// <summary>The batch this context was loaded for.</summary>
    public required LiveBaselineStamp Stamp { get; init; }

    /// <summary>The feature table's columns (account_id excluded) as they are held in rows.</summary>
    public required IReadOnlyList<(string Name, LiveBaselineColumnKind Kind)> FeatureColumns { get; init; }

    /// <summary>Every column of a live row (the feature table's, then the live-only ones): rule rows carry them all, null when unknown.</summary>
    public IReadOnlyList<string> RowColumns => _rowColumns ??= [.. FeatureColumns.Select(c => c.Name), .. LiveFeaturesOverlay.LiveOnlyColumns.Select(c => c.Name)];

    /// <summary><see cref="RowColumns"/> as a set, for looking a column up.</summary>
    internal HashSet<string> RowColumnSet => _rowColumnSet ??= new HashSet<string>(RowColumns, StringComparer.Ordinal);

    /// <summary>Each row column's kind (the feature table's, then the live-only columns'): a rule reads one table for it, not five.</summary>
    internal FrozenDictionary<string, LiveBaselineColumnKind> RowColumnKinds =>
        _rowColumnKinds ??= FeatureColumns.Concat(LiveFeaturesOverlay.LiveOnlyColumns).DistinctBy(c => c.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);

    /// <summary>The columns rules may name (the feature table's).</summary>
    public required RuleColumns RuleColumns { get; init; }

    /// <summary>The segments of sightline.yaml, parsed once.</summary>
    public required LiveAccountSegments Segments { get; init; }

    /// <summary>The stored models the batch scored with.</summary>
    public required LiveScorer Scorer { get; init; }

    /// <summary>Loads the context for the batch <paramref name="stamp"/> describes.</summary>
    public static LiveAccountContext Load(Workspace workspace, LiveBaselineStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(stamp);
        var columns = new List<(string, LiveBaselineColumnKind)>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{FeatureBuilder.Table}' AND schema_name = 'main' ORDER BY column_index";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            var type = reader.GetString(1);
            LiveBaselineColumnKind? kind = type switch
            {
                "BOOLEAN" => LiveBaselineColumnKind.Flag,
                "VARCHAR" => LiveBaselineColumnKind.Text,
                "DATE" or "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" => LiveBaselineColumnKind.Date,
                "VARCHAR[]" => LiveBaselineColumnKind.TextList,
                _ when TabularData.IsNumericType(type) => LiveBaselineColumnKind.Number,
                _ => null, // other types (structs, blobs) are neither rule columns nor model inputs
            };
            if (name != "account_id" && kind is { } k)
            {
                columns.Add((name, k));
            }
        }

        var ruleColumns = SegmentEngine.Columns(workspace);
        return new LiveAccountContext
        {
            Stamp = stamp,
            FeatureColumns = columns,
            RuleColumns = ruleColumns,
            Segments = new LiveAccountSegments(workspace.Settings, ruleColumns),
            Scorer = LiveScorer.Load(workspace, stamp),
        };
    }
}
