using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDB.NET.Data;
using Sightline.Features;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Models.Questionnaires;

/// <summary>
/// The rep questionnaire: distils a segment or band assignment into a few yes/no questions about
/// attributes a rep can ask a prospect (a shallow CART tree), measures how often its answer is right
/// on accounts held out from building it, and stores it in <c>questionnaires</c>.
/// </summary>
public static partial class QuestionnaireBuilder
{
    /// <summary>The table questionnaires are stored in (one row per questionnaire, never replaced).</summary>
    public const string Table = "questionnaires";

    /// <summary>The run kind recorded in <c>runs</c>.</summary>
    public const string RunKind = "questionnaire";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Builds a questionnaire for the target, measures it on held-out accounts, stores it and records the run.</summary>
    /// <exception cref="BadInputException">
    /// An unknown target, askable column or option value; no feature table, segments run or scoring run
    /// to read; or too few accounts or classes to learn from.
    /// </exception>
    public static QuestionnaireResult Build(Workspace workspace, QuestionnaireOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var limit = workspace.Settings.Questionnaire.MaxQuestions;
        var questions = options.Questions ?? limit;
        CheckOptions(options, questions, limit);
        FeatureTable.Require(workspace);

        var target = ResolveTarget(workspace, options.Target);
        var columns = AskableColumns(workspace, options);
        var data = Load(workspace, target, columns);
        var classCount = data.ClassNames.Count;
        var heldOut = HoldoutSplit.Select(data.Classes, classCount, options.Holdout, options.Seed);
        var training = Enumerable.Range(0, data.Rows).Where(r => !heldOut[r]).ToArray();
        var holdout = Enumerable.Range(0, data.Rows).Where(r => heldOut[r]).ToArray();
        if (holdout.Length == 0)
        {
            throw new BadInputException(new Diagnostic("--holdout", null, null, options.Holdout.ToString(CultureInfo.InvariantCulture),
                $"holds out no account of the {data.Rows:N0} found; the accuracy could not be measured (use more accounts or a larger share)"));
        }

        var tree = QuestionnaireText.Number(ClassificationTree.Fit(data, training, questions, options.MinLeafSize));
        var predicted = Predictions(tree, data, holdout);
        var correct = holdout.Where((row, i) => predicted[i] == data.ClassNames[data.Classes[row]]).Count();
        var trainingCounts = new int[classCount];
        foreach (var row in training)
        {
            trainingCounts[data.Classes[row]]++;
        }

        // The baseline: always answer the training majority (ties: the first class in name order).
        var majority = Array.IndexOf(trainingCounts, trainingCounts.Max());
        var recall = Enumerable.Range(0, classCount).Select(c =>
        {
            var rows = holdout.Select((row, i) => (row, i)).Where(x => data.Classes[x.row] == c).ToList();
            var found = rows.Count(x => predicted[x.i] == data.ClassNames[c]);
            return new ClassRecall(data.ClassNames[c], rows.Count, found, rows.Count == 0 ? null : (double)found / rows.Count);
        }).ToList();

        var accuracy = (double)correct / holdout.Length;
        var baseline = (double)recall[majority].HeldOut / holdout.Length;
        var notes = target.Notes.ToList();
        if (tree.IsLeaf && options.MinLeafSize > 1 && !ClassificationTree.Fit(data, training, questions, 1).IsLeaf)
        {
            // No question, yet one would split these accounts if an answer could hold fewer of them: the training
            // accounts are too few for --min-leaf (a large --holdout), and the attributes are not to blame.
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"no question: only {Counted.Of(training.Length, "account")} {Counted.Agree(training.Length, "trains", "train")} the questions ({holdout.Length:N0} held out by --holdout {options.Holdout}), too few for answers of at least --min-leaf {Counted.Of(options.MinLeafSize, "account")} each; hold out a smaller share or lower --min-leaf"));
        }
        else if (accuracy <= baseline)
        {
            notes.Add($"the questions do no better than always answering \"{data.ClassNames[majority]}\": the askable attributes do not tell these classes apart");
        }

        var id = RunLog.NewId(RunKind, started);
        var result = new QuestionnaireResult(
            id, options.Target, target.SourceRunId, started, tree.Depth, questions, [.. columns.Select(c => c.Name)], data.ClassNames,
            training.Length, holdout.Length, accuracy, data.ClassNames[majority], baseline, recall,
            options.Seed, options.Holdout, options.MinLeafSize, tree, QuestionnaireText.Render(tree), notes,
            [.. holdout.Select(r => data.Ids[r])]);
        Write(workspace, result);
        return result;
    }

    /// <summary>The stored tree document: the questions under <c>root</c>, with what is needed to judge and reproduce them.</summary>
    public static string TreeJson(QuestionnaireResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(new StoredTree(result.Target, result.SourceRunId, result.Classes, result.Askable, result.Seed,
            result.HoldoutShare, result.MinLeafSize, result.MaxQuestions, result.BaselineClass, result.BaselineAccuracy, result.Recall, result.Notes, result.Tree),
            JsonOptions);
    }

    private static void CheckOptions(QuestionnaireOptions options, int questions, int limit)
    {
        if (questions < 1 || questions > limit)
        {
            throw new BadInputException(new Diagnostic("--questions", null, null, questions.ToString(CultureInfo.InvariantCulture),
                $"expected 1 to {Counted.Of(limit, "question")} (the limit is questionnaire.max_questions in {ProjectSettings.FileName})"));
        }

        if (!(options.Holdout > 0 && options.Holdout < 1))
        {
            throw new BadInputException(new Diagnostic("--holdout", null, null, options.Holdout.ToString(CultureInfo.InvariantCulture),
                "expected a share between 0 and 1, such as 0.25"));
        }

        if (options.MinLeafSize < 1)
        {
            throw new BadInputException(new Diagnostic("--min-leaf", null, null, options.MinLeafSize.ToString(CultureInfo.InvariantCulture),
                "expected at least 1 account per answer"));
        }
    }

    /// <summary>The answer the stored tree gives each held-out row: the same walk a reader of the printed questions makes.</summary>
    private static string[] Predictions(QuestionNode tree, TrainingSet data, int[] rows)
    {
        var columns = data.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var levelSets = new Dictionary<QuestionNode, HashSet<string>>(ReferenceEqualityComparer.Instance);
        foreach (var node in tree.BreadthFirst().Where(n => n.Levels is not null))
        {
            levelSets[node] = node.Levels!.ToHashSet(StringComparer.Ordinal);
        }

        var answers = new string[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var node = tree;
            while (!node.IsLeaf)
            {
                var column = columns[node.Column!];
                bool yes;
                if (column.IsMissing(row))
                {
                    yes = node.DontKnow == Branch.Yes;
                }
                else if (column.IsNumber)
                {
                    yes = column.Numbers![row] > node.Threshold!.Value;
                }
                else
                {
                    yes = levelSets[node].Contains(column.Levels[column.Codes![row]]);
                }

                node = yes ? node.Yes! : node.No!;
            }

            answers[i] = node.Prediction;
        }

        return answers;
    }

    private static void Write(Workspace workspace, QuestionnaireResult result)
    {
        var asOf = DbValues.Date(workspace.Scalar("SELECT as_of FROM runs WHERE kind = 'features' ORDER BY started_at DESC LIMIT 1"));
        workspace.InTransaction(() =>
        {
            using (var command = workspace.Connection.CreateCommand())
            {
                command.CommandText = $"INSERT INTO {Table} (questionnaire_id, run_id, target, created_at, questions, accuracy, holdout_accounts, tree, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
                object[] values =
                [
                    result.QuestionnaireId, result.QuestionnaireId, result.Target, result.CreatedAt.UtcDateTime, result.Questions,
                    result.Accuracy, result.HoldoutAccounts, TreeJson(result), result.Text,
                ];
                foreach (var value in values)
                {
                    command.Parameters.Add(new DuckDBParameter(value));
                }

                command.ExecuteNonQuery();
            }

            RunLog.Record(workspace, result.QuestionnaireId, RunKind, asOf, result.CreatedAt, string.Create(CultureInfo.InvariantCulture,
                $"questionnaire for {result.Target}: {Counted.Of(result.Questions, "question")}, accuracy {result.Accuracy:0.000} on {Counted.Of(result.HoldoutAccounts, "held-out account")} (baseline {result.BaselineAccuracy:0.000})"));
        });
    }

    private sealed record StoredTree(
        string Target, string SourceRunId, IReadOnlyList<string> Classes, IReadOnlyList<string> Askable, int Seed, double HoldoutShare,
        int MinLeafSize, int MaxQuestions, string BaselineClass, double BaselineAccuracy, IReadOnlyList<ClassRecall> Recall, IReadOnlyList<string> Notes,
        QuestionNode Root);
}
