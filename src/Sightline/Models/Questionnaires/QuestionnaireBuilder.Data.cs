using System.Globalization;
using Sightline.Features;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Models.Questionnaires;

/// <summary>What the questionnaire reads: the target classes, the askable columns and one query joining them.</summary>
public static partial class QuestionnaireBuilder
{
    /// <summary>The class of accounts in no segment when the target is <c>segments</c>.</summary>
    public const string NoSegment = "(no segment)";

    /// <summary>Firmographics a rep can ask over the phone; used when they exist in <c>account_features</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultAskable = ["industry", "employees", "annual_revenue", "country", "region"];

    /// <summary>Where the classes come from: a query of (account_id, class), and whether accounts it lacks still count.</summary>
    private sealed record TargetQuery(string Sql, string? Unmatched, string SourceRunId, IReadOnlyList<string> Notes);

    private static TargetQuery ResolveTarget(Workspace workspace, string target)
    {
        var segments = workspace.Settings.Segments;
        var parents = segments.Where(s => segments.Any(c => c.Parent == s.Name)).Select(s => s.Name).ToList();
        if (target == QuestionnaireOptions.SegmentsTarget)
        {
            var run = LatestSegmentsRun(workspace);
            // Accounts in no segment are a class of their own: a prospect may well be in none.
            return new TargetQuery($"SELECT account_id, segment AS class FROM segment_assignments WHERE run_id = {Sql.Literal(run)}",
                NoSegment, run, StaleNotes(workspace, run));
        }

        if (target == QuestionnaireOptions.BandsTarget)
        {
            var run = workspace.Scalar("""
                SELECT s.run_id FROM account_scores s JOIN runs r USING (run_id)
                WHERE r.kind = 'score' AND s.kind = 'lookalike' AND s.product_family IS NULL AND s.band IS NOT NULL
                ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1
                """) as string ?? throw new BadInputException("--for",
                $"no lookalike scores with probability bands yet; score the accounts first with: sightline score --workspace {workspace.Directory}");
            return new TargetQuery(
                $"SELECT account_id, band AS class FROM account_scores WHERE run_id = {Sql.Literal(run)} AND kind = 'lookalike' AND product_family IS NULL AND band IS NOT NULL",
                null, run, []);
        }

        if (parents.Contains(target))
        {
            var run = LatestSegmentsRun(workspace);
            var byName = segments.ToDictionary(s => s.Name, StringComparer.Ordinal);
            var cases = new List<string>();
            foreach (var segment in segments)
            {
                // The class is the target's child on the way up from the assigned segment (bounded: parents may form a cycle).
                var node = segment;
                for (var step = 0; step < segments.Count && node.Parent is { } parent && parent != target; step++)
                {
                    node = byName[parent];
                }

                if (node.Parent == target)
                {
                    cases.Add($"WHEN {Sql.Literal(segment.Name)} THEN {Sql.Literal(node.Name)}");
                }
            }

            return new TargetQuery(
                $"SELECT account_id, class FROM (SELECT account_id, CASE segment {string.Join(" ", cases)} END AS class FROM segment_assignments WHERE run_id = {Sql.Literal(run)}) WHERE class IS NOT NULL",
                null, run, StaleNotes(workspace, run));
        }

        var choices = new[] { QuestionnaireOptions.SegmentsTarget, QuestionnaireOptions.BandsTarget }.Concat(parents).ToList();
        var expected = $"expected {QuestionnaireOptions.SegmentsTarget}, {QuestionnaireOptions.BandsTarget} or a parent segment of {ProjectSettings.FileName} ("
            + (parents.Count == 0 ? "none defined" : string.Join(", ", parents)) + ")";
        if (segments.Any(s => s.Name == target))
        {
            throw new BadInputException(new Diagnostic("--for", null, null, target, $"segment '{target}' has no micro-segments to tell apart; {expected}"));
        }

        var hint = Suggestions.Hint(Suggestions.Closest(target, choices));
        throw new BadInputException(new Diagnostic("--for", null, null, target, $"unknown target; {expected}{(hint is null ? "" : " — " + hint)}"));
    }

    private static string LatestSegmentsRun(Workspace workspace) =>
        workspace.Scalar("SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1") as string
        ?? throw new BadInputException("--for", $"no segments run yet; evaluate the segments first with: sightline segments --workspace {workspace.Directory}");

    private static List<string> StaleNotes(Workspace workspace, string segmentsRun)
    {
        var rebuilt = Convert.ToInt64(workspace.Scalar($"""
            SELECT count(*) FROM runs f, runs s
            WHERE f.kind = 'features' AND s.run_id = {Sql.Literal(segmentsRun)} AND f.started_at > s.started_at
            """), CultureInfo.InvariantCulture);
        return rebuilt == 0 ? [] :
        [
            $"account_features was rebuilt after segments run {segmentsRun}; run sightline segments again so both describe the same accounts",
        ];
    }

    /// <summary>The askable columns, checked against <c>account_features</c>: named, typed, in the order given.</summary>
    private static List<(string Name, AnswerKind Kind)> AskableColumns(Workspace workspace, QuestionnaireOptions options)
    {
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{FeatureBuilder.Table}' AND schema_name = 'main' ORDER BY column_index";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                types[reader.GetString(0)] = reader.GetString(1);
                names.Add(reader.GetString(0));
            }
        }

        var requested = options.Askable is { } given
            ? given.Select(name => (Name: name, Source: "--askable", Optional: false)).ToList()
            : DefaultAskable.Select(name => (Name: name, Source: "default", Optional: true))
                .Concat(workspace.Settings.Questionnaire.Askable.Select((name, i) => (Name: name, Source: $"questionnaire.askable[{i}]", Optional: false)))
                .ToList();
        var columns = new List<(string Name, AnswerKind Kind)>();
        foreach (var (name, source, optional) in requested)
        {
            // A name from sightline.yaml is told at its line there.
            Diagnostic Problem(string expected) => source.StartsWith("questionnaire.", StringComparison.Ordinal)
                ? workspace.Settings.Problem(source, name, expected)
                : new Diagnostic(source, null, null, name, expected);

            var actual = names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (actual is null)
            {
                if (optional)
                {
                    continue;
                }

                var hint = Suggestions.Hint(Suggestions.Closest(name.Trim(), names));
                throw new BadInputException(Problem(
                    $"not a column of {FeatureBuilder.Table}" + (hint is null ? "; see the columns with: sightline features --json" : " — " + hint)));
            }

            if (columns.Any(c => c.Name == actual))
            {
                continue;
            }

            var type = types[actual];
            AnswerKind? kind = type switch
            {
                "VARCHAR" => AnswerKind.Category,
                "BOOLEAN" => AnswerKind.YesNo,
                "BIGINT" or "INTEGER" or "DOUBLE" or "HUGEINT" or "SMALLINT" or "TINYINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "FLOAT" => AnswerKind.Number,
                _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => AnswerKind.Number,
                _ => null,
            };
            if (kind is null || actual == "account_id")
            {
                throw new BadInputException(Problem(actual == "account_id"
                    ? "the account's id is not something to ask a prospect"
                    : $"is a {type} column; a question needs a number, a text or a yes/no column"));
            }

            columns.Add((actual, kind.Value));
        }

        if (columns.Count == 0)
        {
            throw new BadInputException("--askable", $"none of the default askable columns ({string.Join(", ", DefaultAskable)}) is in {FeatureBuilder.Table}; name some with --askable");
        }

        return columns;
    }

    /// <summary>Accounts with a value a text column needs before it can be judged unique per account.</summary>
    internal const int UniqueCheckMinimumAccounts = 20;

    /// <summary>Share of the accounts with a value that, as distinct values, makes a text column unique per account (ids, names, emails).</summary>
    internal const double UniqueShare = 0.9;

    /// <summary>
    /// The distinct values and the accounts with a value when the column is unique per account (distinct values at least
    /// <see cref="UniqueShare"/> of the accounts with one, over at least <see cref="UniqueCheckMinimumAccounts"/>); (0, 0) otherwise.
    /// A column unique on only some accounts (a city shared by most) is kept: its shared values can still be asked.
    /// </summary>
    private static (int Distinct, int Answered) UniquePerAccount(IReadOnlyList<string?> values)
    {
        var answered = values.Count(v => v is not null);
        var distinct = values.Where(v => v is not null).Distinct(StringComparer.Ordinal).Count();
        return answered >= UniqueCheckMinimumAccounts && distinct >= UniqueShare * answered ? (distinct, answered) : (0, 0);
    }

    /// <summary>One query: every account of the target with its class and askable values, in account id order.</summary>
    private static TrainingSet Load(Workspace workspace, TargetQuery target, List<(string Name, AnswerKind Kind)> columns)
    {
        var selected = string.Join(", ", columns.Select(c => $"CAST(f.{Sql.Identifier(c.Name)} AS {(c.Kind == AnswerKind.Number ? "DOUBLE" : "VARCHAR")})"));
        var (join, label) = target.Unmatched is { } unmatched ? ("LEFT JOIN", $"coalesce(t.class, {Sql.Literal(unmatched)})") : ("JOIN", "t.class");
        var ids = new List<string>();
        var labels = new List<string>();
        var numbers = columns.Select(_ => new List<double>()).ToArray();
        var texts = columns.Select(_ => new List<string?>()).ToArray();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT f.account_id, {label} AS class, {selected}
                FROM {FeatureBuilder.Table} f {join} ({target.Sql}) t ON t.account_id = f.account_id
                ORDER BY f.account_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
                labels.Add(reader.GetString(1));
                for (var i = 0; i < columns.Count; i++)
                {
                    var missing = reader.IsDBNull(i + 2);
                    if (columns[i].Kind == AnswerKind.Number)
                    {
                        // Infinities are no answer a prospect gives: treated as "don't know".
                        var value = missing ? double.NaN : reader.GetDouble(i + 2);
                        numbers[i].Add(double.IsFinite(value) ? value : double.NaN);
                    }
                    else
                    {
                        var text = missing ? null : reader.GetString(i + 2);
                        texts[i].Add(string.IsNullOrWhiteSpace(text) ? null : text);
                    }
                }
            }
        }

        if (ids.Count == 0)
        {
            throw new BadInputException("--for", $"no account of {FeatureBuilder.Table} has a class in run {target.SourceRunId}; nothing to learn from");
        }

        var classNames = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (classNames.Count < 2)
        {
            throw new BadInputException("--for", $"all {ids.Count:N0} accounts are in '{classNames[0]}'; there is nothing for questions to tell apart");
        }

        var classIndex = classNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var askable = new List<AskableColumn>();
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, kind) = columns[i];
            if (kind == AnswerKind.Category && UniquePerAccount(texts[i]) is var (distinct, answered) && distinct > 0)
            {
                throw new BadInputException(new Diagnostic("--askable", null, null, name, string.Create(CultureInfo.InvariantCulture,
                    $"is unique per account ({distinct:N0} different values over {answered:N0} accounts with one): each value belongs to one account, so a question on it cannot tell classes apart for new accounts")));
            }

            var column = kind == AnswerKind.Number ? AskableColumn.Number(name, [.. numbers[i]]) : AskableColumn.Category(name, kind, texts[i]);
            if (column.Levels.Count > ClassificationTree.MaxLevels)
            {
                throw new BadInputException(new Diagnostic("--askable", null, null, name,
                    $"has {column.Levels.Count:N0} different values; a rep cannot choose among more than {ClassificationTree.MaxLevels}"));
            }

            askable.Add(column);
        }

        return new TrainingSet(ids, [.. labels.Select(l => classIndex[l])], classNames, askable);
    }
}
