using System.Globalization;
using Sightline.Features;
using Sightline.Models.Evaluation;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>Who counts as a known buyer for the lookalike model.</summary>
public enum LookalikeTarget
{
    /// <summary>Every account with an order.</summary>
    Customers,

    /// <summary>The top share of customers by a measure (scoring.best_customers_share / best_customers_by).</summary>
    BestCustomers,

    /// <summary>Accounts with a won opportunity.</summary>
    WonOpportunities,
}

/// <summary>What <c>sightline score --workspace</c> asks for.</summary>
public sealed record LookalikeOptions
{
    /// <summary>The known buyers.</summary>
    public LookalikeTarget Target { get; init; } = LookalikeTarget.Customers;

    /// <summary>Score as of this date (features rebuilt for it); default: the feature table's date.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Score with this stored model instead of training one.</summary>
    public string? ModelId { get; init; }

    /// <summary>Training settings.</summary>
    public PropensityOptions Training { get; init; } = new() { PositiveUnlabelled = true };
}

/// <summary>One probability band: how many accounts, customers and how much revenue it holds.</summary>
/// <param name="Band">Its label, such as <c>&lt;4%</c>.</param>
/// <param name="Accounts">Accounts in it.</param>
/// <param name="Customers">Of those, customers.</param>
/// <param name="Revenue">Their revenue over the last 12 months.</param>
/// <param name="MeanProbability">Mean probability in the band.</param>
/// <param name="ExpectedBuyers">Sum of probabilities: how many buyers the band holds if the probabilities are right.</param>
public sealed record BandRow(string Band, long Accounts, long Customers, double Revenue, double MeanProbability, double ExpectedBuyers);

/// <summary>One scored account, for the top of the list.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Name">Its name.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Band">Its band.</param>
/// <param name="ExpectedAmount">For time-window propensity, the expected amount in the window.</param>
/// <param name="Reasons">Why, in words.</param>
public sealed record ScoredAccount(string AccountId, string? Name, double Probability, string Band, double? ExpectedAmount, IReadOnlyList<string> Reasons);

/// <summary>The outcome of a lookalike scoring run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ModelId">The model used (trained now, or given).</param>
/// <param name="Target">The known buyers.</param>
/// <param name="AsOf">The features' date.</param>
/// <param name="Accounts">Accounts scored.</param>
/// <param name="Labelled">Accounts that are known buyers.</param>
/// <param name="Trained">True when the model was trained in this run (scores are out of fold).</param>
/// <param name="Metrics">Out-of-fold metrics (labelled vs the rest) of the model.</param>
/// <param name="LabelFrequency">Elkan–Noto c: the estimated share of buyer-like accounts that are already buyers.</param>
/// <param name="ClassPrior">The estimated share of buyer-like accounts among all.</param>
/// <param name="Inputs">The input columns.</param>
/// <param name="Bands">The band table.</param>
/// <param name="TopProspects">The highest-probability accounts that are not yet known buyers.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Notes">What else a reader should know (the model learned from samples).</param>
public sealed record LookalikeResult(string RunId, string ModelId, string Target, DateOnly AsOf, int Accounts, int Labelled, bool Trained,
    BinaryMetrics Metrics, double? LabelFrequency, double? ClassPrior, IReadOnlyList<string> Inputs, IReadOnlyList<BandRow> Bands,
    IReadOnlyList<ScoredAccount> TopProspects, double Seconds, IReadOnlyList<string> Notes);

/// <summary>
/// The lookalike propensity of every account: known buyers against all other accounts, learned as positive-unlabelled
/// data (Elkan–Noto) so the output is a probability of being a buyer, with bands, reasons and the model kept as an artefact.
/// </summary>
public static class LookalikeScoring
{
    /// <summary>The <c>kind</c> of these rows in <c>account_scores</c> and <c>models</c>.</summary>
    public const string Kind = "lookalike";

    private const string AsOfTable = "score_features";

    /// <summary>Trains (or loads) the model, scores every account, stores scores, model and run.</summary>
    public static LookalikeResult Run(Workspace workspace, LookalikeOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        AsOfDates.Check(options.AsOf);
        workspace.RequireAccounts("score");
        var time = clock ?? TimeProvider.System;
        var started = time.GetUtcNow();
        var runId = RunLog.NewId("score", started);
        var bands = new ProbabilityBands(workspace.Settings.Scoring.Bands);
        var (table, asOf) = FeatureSource(workspace, options.AsOf);
        try
        {
            return Score(workspace, options, time, started, runId, bands, table, asOf);
        }
        finally
        {
            workspace.Execute($"DROP TABLE IF EXISTS {AsOfTable}");
        }
    }

    private static LookalikeResult Score(Workspace workspace, LookalikeOptions options, TimeProvider time, DateTimeOffset started, string runId,
        ProbabilityBands bands, string table, DateOnly asOf)
    {
        var target = TargetName(options.Target);
        var labelSql = LabelSql(workspace, options.Target, table, asOf);

        var stored = options.ModelId is { } id ? ModelStore.Load(workspace, id) : null;
        if (stored is not null && stored.Kind != Kind)
        {
            throw new BadInputException(new Diagnostic("--model", null, null, stored.ModelId, $"is a {stored.Kind} model, not a lookalike model"));
        }

        var storedModel = stored is null ? null : PropensityModel.FromJson(stored.Artefact, stored.ModelId);
        var inputs = storedModel is null
            ? ScoringInputs.Lookalike(workspace, table)
            : TabularData.Describe(workspace.Connection, table).Where(c => storedModel.Encoder.Inputs.Any(i => i.Name == c.Name)).ToList();
        var data = TabularData.Read(workspace.Connection, table, "account_id", inputs, labelSql, "revenue_12m");
        var labels = data.Labels!;

        string modelId;
        double[] probabilities;
        Reason[][] reasons;
        BinaryMetrics metrics;
        double? labelFrequency;
        double? prior;
        if (storedModel is null && options.Target == LookalikeTarget.Customers && data.Rows > 0 && labels.All(l => l))
        {
            // A sales ledger imported alone names only its buyers: nothing is left to tell apart from them.
            throw new BadInputException(table,
                $"cannot train: all {data.Rows:N0} accounts are customers (the workspace has no prospects: a sales ledger names only its buyers), so no account "
                + "is left to find lookalikes among; score the best customers against the rest instead (--target best-customers), or import the prospects too");
        }

        var notes = new List<string>();
        if (storedModel is null)
        {
            var training = options.Training.LimitedTo(workspace.Settings.Scoring.LookalikeTrainingRows);

            var result = PropensityTrainer.Train(data, training, table);
            if (result.SampleNote("the lookalike model", training, "scoring.lookalike_training_rows") is { } note)
            {
                notes.Add(note);
            }

            if (result.Model.LabelFrequency is null && training.PositiveUnlabelled)
            {
                notes.Add(NoSkillNote(result.Metrics));
            }

            if (NoInputVariesNote(data) is { } flat)
            {
                notes.Add(flat);
            }

            if (FewAccountsNote(labels, result) is { } few)
            {
                notes.Add(few);
            }

            modelId = RunLog.NewId(Kind, started);
            probabilities = result.OutOfFold;
            reasons = result.OutOfFoldReasons(data);
            metrics = result.Metrics;
            labelFrequency = result.Model.LabelFrequency;
            prior = result.ClassPrior;
            ModelStore.Save(workspace, new StoredModel(modelId, Kind, target, runId, started.UtcDateTime, asOf,
                ModelStore.TrainingHash(result.Encoded, labels), ModelStore.ToJson(result.Model.Encoder.Inputs.Select(i => i.Name)),
                ModelStore.ToJson(training), ModelStore.ToJson(new { metrics, labelFrequency, classPrior = prior, trainingSeconds = result.TrainingSeconds }),
                result.Model.ToJson()));
        }
        else
        {
            modelId = stored!.ModelId;
            (probabilities, var labelled, reasons) = storedModel.ScoreWithReasons(data, table);
            labelFrequency = storedModel.LabelFrequency;
            prior = labelFrequency is { } c ? PositiveUnlabelled.ClassPrior(labelled, c) : null;

            // In sample for the accounts the stored model was trained on; honest for accounts and labels that are new since.
            metrics = BinaryMetrics.Compute(labelled, labels);
        }

        var trained = storedModel is null;
        ModelStore.WriteScores(workspace, data.Ids.Select((accountId, r) => new AccountScore(runId, modelId, Kind, accountId, null,
            probabilities[r], null, bands.Label(probabilities[r]), trained, reasons[r])));
        var bandRows = ScoreReport.BandTable(workspace, runId, Kind, null, table, bands);
        var top = ScoreReport.Top(workspace, table, data.Ids, Enumerable.Range(0, data.Rows).Where(r => !labels[r]), probabilities, null, reasons, bands);
        RunLog.Record(workspace, runId, "score", asOf, started,
            $"{Kind} {target}: {Counted.Of(data.Rows, "account")}, {Counted.Of(labels.Count(l => l), "known buyer")}, model {modelId}, AUC {metrics.Auc.ToString("0.000", CultureInfo.InvariantCulture)}");
        return new LookalikeResult(runId, modelId, target, asOf, data.Rows, labels.Count(l => l), trained, metrics, labelFrequency, prior,
            inputs.Select(i => i.Name).ToList(), bandRows, top, (time.GetUtcNow() - started).TotalSeconds, notes);
    }

    /// <summary>Below this many accounts a lookalike's AUC moves a lot from one fold to the next.</summary>
    public const int FewAccounts = 100;

    /// <summary>A note when no input holds two values: the model cannot tell accounts apart, whatever its AUC says.</summary>
    internal static string? NoInputVariesNote(TabularData data)
    {
        static bool Varies(TabularColumn c) => c.Kind == InputKind.Numeric
            ? c.Numbers.Where(v => !double.IsNaN(v)).Distinct().Skip(1).Any()
            : c.Levels.Distinct(StringComparer.Ordinal).Skip(1).Any();
        return data.Columns.Count == 0 || data.Columns.Any(Varies) ? null
            : $"no input varies across the accounts (each of {string.Join(", ", data.Columns.Take(6).Select(c => c.Name))}{(data.Columns.Count > 6 ? ", …" : "")} holds one value): "
                + "the model cannot tell one account from another, so every score is about the base rate and the ranking means nothing";
    }

    /// <summary>A note when few accounts trained the model: its AUC is noisy, shown by the spread of the folds' own AUCs.</summary>
    internal static string? FewAccountsNote(IReadOnlyList<bool> labels, PropensityResult result)
    {
        if (labels.Count >= FewAccounts)
        {
            return null;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var folds = Enumerable.Range(0, result.Fold.Length == 0 ? 0 : result.Fold.Max() + 1)
            .Select(f => Auc(Enumerable.Range(0, labels.Count).Where(i => result.Fold[i] == f && !double.IsNaN(result.OutOfFoldLabelled[i]))
                .Select(i => (result.OutOfFoldLabelled[i], labels[i])).ToList()))
            .OfType<double>().ToList();
        var spread = folds.Count >= 2 ? string.Create(inv, $"; the {folds.Count} folds' own AUCs run from {folds.Min():0.00} to {folds.Max():0.00}") : "";
        return string.Create(inv, $"trained on {labels.Count} accounts ({labels.Count(l => l)} labelled), fewer than {FewAccounts}: the AUC is noisy at this size{spread}");
    }

    // Area under the ROC curve by ranks (ties share their rank); null when a fold holds one class only.
    private static double? Auc(List<(double Score, bool Label)> rows)
    {
        long positives = rows.Count(r => r.Label), negatives = rows.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var ordered = rows.OrderBy(r => r.Score).ToList();
        double rankSum = 0;
        for (var i = 0; i < ordered.Count;)
        {
            var j = i;
            while (j < ordered.Count && ordered[j].Score == ordered[i].Score)
            {
                j++;
            }

            var rank = (i + j + 1) / 2.0;
            rankSum += rank * ordered.Skip(i).Take(j - i).Count(r => r.Label);
            i = j;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Why a lookalike model's probabilities are not lifted to buyer-like ones: its ranking beats no coin.</summary>
    public static string NoSkillNote(BinaryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var measured = string.Create(CultureInfo.InvariantCulture,
            $"out-of-fold AUC {metrics.Auc:0.000}, 95% interval down to {metrics.AucLowerBound:0.000}; 0.5 is a coin, with {Counted.Of(metrics.Positives, "known buyer")} among {Counted.Of(metrics.Count, "account")}");
        return $"the model tells known buyers from the rest no better than chance ({measured}): the inputs say little of who buys, so the probabilities are each account's "
            + "likeness to the known buyers (about the base rate), not lifted to buyer-like ones, and the reasons are weak; add inputs that tell buyers apart (industry, size, contacts) before acting on the bands";
    }

    /// <summary>A relation (account_id, probability) of the latest lookalike run's scores; empty when there is none.</summary>
    public static string LatestScoresRelation(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.TableExists("account_scores")
            ? $"(SELECT account_id, probability FROM account_scores WHERE kind = '{Kind}' AND product_family IS NULL AND run_id = (SELECT run_id FROM account_scores WHERE kind = '{Kind}' ORDER BY run_id DESC LIMIT 1))"
            : "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS probability WHERE false)";
    }

    /// <summary>The name of a target as typed on the command line.</summary>
    public static string TargetName(LookalikeTarget target) => target switch
    {
        LookalikeTarget.Customers => "customers",
        LookalikeTarget.BestCustomers => "best-customers",
        _ => "won-opportunities",
    };

    /// <summary>Parses a target as typed on the command line.</summary>
    public static LookalikeTarget ParseTarget(string text) => text.Trim().ToLowerInvariant() switch
    {
        "customers" => LookalikeTarget.Customers,
        "best-customers" => LookalikeTarget.BestCustomers,
        "won-opportunities" => LookalikeTarget.WonOpportunities,
        _ => throw new BadInputException(new Diagnostic("--target", null, null, text, "expected customers, best-customers or won-opportunities")),
    };

    /// <summary>The feature table as of <paramref name="asOf"/>: the workspace's own when it has that date, else one built into <paramref name="scratch"/>.</summary>
    internal static (string Table, DateOnly AsOf) FeatureSource(Workspace workspace, DateOnly? asOf, string scratch = AsOfTable)
    {
        var current = FeatureTable.AsOf(workspace);
        if (asOf is { } date && date != current)
        {
            FeatureBuilder.BuildInto(workspace, date, scratch);
            return (scratch, date);
        }

        return (FeatureBuilder.Table, current);
    }

    private static string LabelSql(Workspace workspace, LookalikeTarget target, string table, DateOnly asOf)
    {
        switch (target)
        {
            case LookalikeTarget.Customers:
                return "is_customer";
            case LookalikeTarget.WonOpportunities:
                return $"account_id IN (SELECT account_id FROM opportunities WHERE won AND closed_at <= DATE '{asOf:yyyy-MM-dd}')";
            default:
                var settings = workspace.Settings.Scoring;
                var measure = settings.BestCustomersBy;
                var schema = TabularData.Describe(workspace.Connection, table);
                if (!schema.Any(c => c.Name == measure && TabularData.IsNumericType(c.Type)))
                {
                    throw new BadInputException(workspace.Settings.Problem("scoring.best_customers_by", measure,
                        "expected a numeric feature column such as revenue_12m or lifetime_revenue"));
                }

                var share = settings.BestCustomersShare.ToString("R", CultureInfo.InvariantCulture);
                return $"""
                    account_id IN (SELECT account_id FROM {Sql.Identifier(table)} WHERE is_customer AND {Sql.Identifier(measure)} > 0
                        ORDER BY {Sql.Identifier(measure)} DESC, account_id
                        LIMIT (SELECT ceil({share} * count(*))::BIGINT FROM {Sql.Identifier(table)} WHERE is_customer AND {Sql.Identifier(measure)} > 0))
                    """;
        }
    }
}
