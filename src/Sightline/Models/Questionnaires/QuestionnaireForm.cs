using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sightline.Features;
using Sightline.Workspaces;

namespace Sightline.Models.Questionnaires;

/// <summary>A stored questionnaire, read back for a form.</summary>
/// <param name="QuestionnaireId">Its id (also the run that made it).</param>
/// <param name="Target">What it tells apart: <c>segments</c>, <c>bands</c> or a parent segment.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Accuracy">Share of held-out accounts it answers right.</param>
/// <param name="HoldoutAccounts">How many accounts were held out to measure that.</param>
/// <param name="BaselineClass">The answer a questionnaire-less guess would give.</param>
/// <param name="BaselineAccuracy">How often that guess is right.</param>
/// <param name="Root">The questions.</param>
/// <param name="Text">The printed form.</param>
/// <param name="Fields">One form field per attribute the questions ask about, in the order first asked.</param>
public sealed record StoredQuestionnaire(string QuestionnaireId, string Target, DateTime CreatedAt, double Accuracy, int HoldoutAccounts, string? BaselineClass,
    double? BaselineAccuracy, QuestionNode Root, string Text, IReadOnlyList<QuestionnaireField> Fields);

/// <summary>One attribute a rep fills in.</summary>
/// <param name="Column">The <c>account_features</c> column.</param>
/// <param name="Label">How it reads, e.g. "annual revenue".</param>
/// <param name="Kind">A number, a category or yes/no.</param>
/// <param name="Options">For a category: values to pick from (those the questions name first); for yes/no: <c>true</c>, <c>false</c>; empty for a number.</param>
/// <param name="Questions">The questions that ask about it, in words.</param>
/// <param name="Numbers">Their numbers in the printed form.</param>
public sealed record QuestionnaireField(string Column, string Label, AnswerKind Kind, IReadOnlyList<string> Options, IReadOnlyList<string> Questions,
    IReadOnlyList<int> Numbers);

/// <summary>One question on the way to the answer.</summary>
/// <param name="Question">Its number in the printed form.</param>
/// <param name="Text">The question.</param>
/// <param name="Given">What the rep answered for its attribute, or null for "don't know".</param>
/// <param name="Branch">Where the answer led.</param>
public sealed record QuestionnaireStep(int Question, string Text, string? Given, Branch Branch)
{
    /// <summary>The step in words: "2. Does it have more than 500 employees? 1,200: yes".</summary>
    public string Describe() => Given is null
        ? $"{Question}. {Text} don't know: taken as {(Branch == Branch.Yes ? "yes" : "no")}, as most similar accounts"
        : $"{Question}. {Text} {Given}: {(Branch == Branch.Yes ? "yes" : "no")}";
}

/// <summary>The answer a questionnaire gives, with the path that led to it.</summary>
/// <param name="Answer">The segment or band.</param>
/// <param name="Share">Share of the training accounts reaching it that are in it.</param>
/// <param name="Count">How many training accounts reach it.</param>
/// <param name="Path">The questions asked, in order.</param>
public sealed record QuestionnaireOutcome(string Answer, double Share, int Count, IReadOnlyList<QuestionnaireStep> Path)
{
    /// <summary>Why, in words.</summary>
    public string Reason => Path.Count == 0
        ? string.Create(CultureInfo.InvariantCulture, $"no question tells the classes apart: {Share:0%} of {Counted.Of(Count, "account")} {Counted.Agree(Count, "is", "are")} \"{Answer}\"")
        : string.Join("; ", Path.Select(p => p.Describe()))
          + string.Create(CultureInfo.InvariantCulture, $" → \"{Answer}\", as {Share:0%} of {Counted.Of(Count, "similar account")}");
}

/// <summary>
/// The rep questionnaire as a form: reads the latest questionnaire <c>sightline questionnaire</c> stored, lists the attributes
/// its questions ask about, and walks a rep's answers through the same tree the printed form describes.
/// </summary>
public static class QuestionnaireForm
{
    private const int MaxOptions = 60;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The targets with a stored questionnaire, newest first.</summary>
    public static IReadOnlyList<string> Targets(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.TableExists(QuestionnaireBuilder.Table)
            ? workspace.Strings($"SELECT target FROM {QuestionnaireBuilder.Table} GROUP BY target ORDER BY max(created_at) DESC, target")
            : [];
    }

    /// <summary>The newest questionnaire (for <paramref name="target"/> when given); null when none was made.</summary>
    public static StoredQuestionnaire? Latest(Workspace workspace, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!workspace.TableExists(QuestionnaireBuilder.Table))
        {
            return null;
        }

        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT questionnaire_id, target, created_at, accuracy, holdout_accounts, tree, text FROM {QuestionnaireBuilder.Table}
            WHERE $1 IS NULL OR target = $1 ORDER BY created_at DESC, questionnaire_id DESC LIMIT 1
            """;
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter(target is null ? DBNull.Value : target));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var tree = JsonSerializer.Deserialize<StoredTree>(reader.GetString(5), JsonOptions)
            ?? throw new InvalidOperationException($"questionnaire {reader.GetString(0)} has an empty tree");
        var root = tree.Root ?? throw new InvalidOperationException($"questionnaire {reader.GetString(0)} has no questions (no root in its tree)");
        return new StoredQuestionnaire(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetDouble(3), reader.GetInt32(4), tree.BaselineClass,
            tree.BaselineAccuracy, root, reader.GetString(6), Fields(workspace, root));
    }

    /// <summary>
    /// Walks the answers through the questions: a number is compared with the question's threshold, a category or yes/no
    /// checked against the question's values, and an empty answer ("don't know") follows the branch most training accounts took.
    /// </summary>
    /// <param name="root">The questions.</param>
    /// <param name="answers">Column → the rep's answer as typed (numbers in invariant or the rep's digits with a dot); missing or blank for don't know.</param>
    /// <exception cref="BadInputException">A number question's answer is not a number.</exception>
    public static QuestionnaireOutcome Walk(QuestionNode root, IReadOnlyDictionary<string, string?> answers)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(answers);
        var path = new List<QuestionnaireStep>();
        var node = root;
        while (!node.IsLeaf)
        {
            var column = node.Column!;
            var given = answers.TryGetValue(column, out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
            bool yes;
            if (given is null)
            {
                yes = node.DontKnow == Branch.Yes;
            }
            else if (node.Kind == AnswerKind.Number)
            {
                if (!double.TryParse(given.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw new BadInputException(new Diagnostic(column, null, null, given, "expected a number, such as 250 or 1200000 (leave it empty for don't know)"));
                }

                yes = number > node.Threshold!.Value;
            }
            else
            {
                yes = node.Levels!.Contains(YesNo(given), StringComparer.OrdinalIgnoreCase);
            }

            var branch = yes ? Branch.Yes : Branch.No;
            path.Add(new QuestionnaireStep(node.Question ?? path.Count + 1, QuestionnaireText.Question(node), given, branch));
            node = yes ? node.Yes! : node.No!;
        }

        return new QuestionnaireOutcome(node.Prediction, node.Share, node.Count, path);
    }

    /// <summary>How a column reads in a form: its question noun without the question.</summary>
    public static string Label(string column) => column.Replace('_', ' ');

    private static string YesNo(string answer) => answer.ToLowerInvariant() switch
    {
        "yes" => "true",
        "no" => "false",
        _ => answer,
    };

    private static List<QuestionnaireField> Fields(Workspace workspace, QuestionNode root)
    {
        var asked = root.BreadthFirst().Where(n => !n.IsLeaf).ToList();
        var known = workspace.TableExists(FeatureBuilder.Table)
            ? workspace.Strings($"SELECT column_name FROM duckdb_columns() WHERE table_name = '{FeatureBuilder.Table}' AND schema_name = 'main'").ToHashSet(StringComparer.Ordinal)
            : [];
        return asked.GroupBy(n => n.Column!, StringComparer.Ordinal).Select(g =>
        {
            var kind = g.First().Kind ?? AnswerKind.Category;
            IReadOnlyList<string> options = kind switch
            {
                AnswerKind.Number => [],
                AnswerKind.YesNo => ["true", "false"],
                _ => Options(workspace, g.Key, g.SelectMany(n => n.Levels ?? []), known.Contains(g.Key)),
            };
            return new QuestionnaireField(g.Key, Label(g.Key), kind, options, g.Select(QuestionnaireText.Question).ToList(), g.Select(n => n.Question ?? 0).ToList());
        }).ToList();
    }

    /// <summary>The values the questions name, then the column's other values in the feature table (most common first), up to <see cref="MaxOptions"/>.</summary>
    private static List<string> Options(Workspace workspace, string column, IEnumerable<string> named, bool inFeatures)
    {
        var options = named.Distinct(StringComparer.Ordinal).ToList();
        if (inFeatures)
        {
            var limit = MaxOptions.ToString(CultureInfo.InvariantCulture);
            options.AddRange(workspace.Strings($"""
                SELECT v FROM (SELECT {Sql.Identifier(column)}::VARCHAR AS v, count(*) AS n FROM {FeatureBuilder.Table} GROUP BY 1)
                WHERE v IS NOT NULL ORDER BY n DESC, v LIMIT {limit}
                """).Where(v => !options.Contains(v, StringComparer.Ordinal)));
        }

        return options.Take(Math.Max(MaxOptions, options.Count(o => named.Contains(o)))).ToList();
    }

    private sealed record StoredTree(string? Target, string? BaselineClass, double? BaselineAccuracy, QuestionNode? Root);
}
