using System.Globalization;
using System.Text.Json;
using Sightline.Features;
using Sightline.Models.Evaluation;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>What <c>sightline propensity</c> asks for.</summary>
public sealed record WindowOptions
{
    /// <summary>Days ahead (default: scoring.window_days, 90).</summary>
    public int? Days { get; init; }

    /// <summary>Score as of this date; default: the feature table's date.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Score with this stored window or product model instead of training.</summary>
    public string? ModelId { get; init; }

    /// <summary>Also train a cross-sell model per product family.</summary>
    public bool Products { get; init; } = true;

    /// <summary>Training settings.</summary>
    public PropensityOptions Training { get; init; } = new();
}

/// <summary>A window or product model's outcome.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="ProductFamily">For a cross-sell model, the family; else null (any purchase).</param>
/// <param name="Trained">True when trained in this run.</param>
/// <param name="TrainingRows">Accounts in the training snapshot (for a family: those not owning it at the cut-off).</param>
/// <param name="TrainingPositives">Of those, buyers in the window after the cut-off.</param>
/// <param name="Metrics">Out-of-fold metrics on the training snapshot (null when the model was loaded).</param>
/// <param name="Scored">Accounts scored now.</param>
/// <param name="ExpectedBuyers">Sum of probabilities over the scored accounts.</param>
/// <param name="ExpectedRevenue">For the any-purchase model, the sum of expected amounts.</param>
/// <param name="Bands">The band table of the scored accounts.</param>
/// <param name="Top">The best accounts: by expected amount for any purchase, by probability for a family.</param>
public sealed record WindowModelResult(string ModelId, string? ProductFamily, bool Trained, int TrainingRows, int TrainingPositives, BinaryMetrics? Metrics,
    int Scored, double ExpectedBuyers, double? ExpectedRevenue, IReadOnlyList<BandRow> Bands, IReadOnlyList<ScoredAccount> Top);

/// <summary>The outcome of a time-window propensity run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="AsOf">The scoring date.</param>
/// <param name="Days">The window length.</param>
/// <param name="Cutoff">The training cut-off: features as of it, labels from the following window.</param>
/// <param name="Purchase">Any purchase in the window, with the expected amount.</param>
/// <param name="Products">Cross-sell per product family.</param>
/// <param name="Notes">Families skipped and why.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record WindowResult(string RunId, DateOnly AsOf, int Days, DateOnly Cutoff, WindowModelResult? Purchase,
    IReadOnlyList<WindowModelResult> Products, IReadOnlyList<string> Notes, double Seconds);

/// <summary>
/// Time-window and cross-sell propensity, trained point in time: features as of a cut-off one window before the scoring
/// date, labels from what happened in the window after it; then every account is scored with its features as of today.
/// </summary>
public static class WindowPropensity
{
    /// <summary>The kind of any-purchase models and scores.</summary>
    public const string WindowKind = "window";

    /// <summary>The kind of cross-sell models and scores.</summary>
    public const string ProductKind = "product";

    private const string TrainingTable = "window_training_features";
    private const string ScoringTable = "window_scoring_features";

    /// <summary>Trains (or loads) the models, scores every account and stores models, scores and run.</summary>
    public static WindowResult Run(Workspace workspace, WindowOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        var time = clock ?? TimeProvider.System;
        var started = time.GetUtcNow();
        var runId = RunLog.NewId("propensity", started);
        AsOfDates.Check(options.AsOf);
        var days = options.Days ?? workspace.Settings.Scoring.WindowDays;
        AsOfDates.CheckWindowDays(days);
        workspace.RequireAccounts("score");

        var (scoringTable, asOf) = LookalikeScoring.FeatureSource(workspace, options.AsOf, ScoringTable);
        var cutoff = asOf.AddDays(-days);
        var bands = new ProbabilityBands(workspace.Settings.Scoring.Bands);
        var context = new Context(workspace, runId, started, asOf, cutoff, days, scoringTable, bands);
        var notes = new List<string>();
        WindowModelResult? purchase = null;
        var products = new List<WindowModelResult>();
        try
        {
            if (options.ModelId is { } id)
            {
                var stored = ModelStore.Load(workspace, id);
                var artefact = JsonSerializer.Deserialize<WindowArtefact>(stored.Artefact)
                    ?? throw new BadInputException(new Diagnostic("--model", null, null, id, "the stored model is empty"));
                if (stored.Kind == WindowKind)
                {
                    purchase = Score(context, stored.ModelId, null, artefact, trained: false, 0, 0, null);
                }
                else if (stored.Kind == ProductKind)
                {
                    products.Add(Score(context, stored.ModelId, artefact.ProductFamily, artefact, trained: false, 0, 0, null));
                }
                else
                {
                    throw new BadInputException(new Diagnostic("--model", null, null, id, $"is a {stored.Kind} model; sightline propensity uses window and product models"));
                }
            }
            else
            {
                FeatureBuilder.BuildInto(workspace, cutoff, TrainingTable);
                // Every model learns from the same snapshot; only its labels and (for a family) its accounts differ.
                var inputs = TabularData.Describe(workspace.Connection, TrainingTable).Where(c => ScoringInputs.Usable(c.Type) && IsBehaviourInput(c.Name)).ToList();
                var snapshot = TabularData.Read(workspace.Connection, TrainingTable, "account_id", inputs);
                purchase = Train(context, snapshot, null, options.Training, notes);
                if (options.Products)
                {
                    foreach (var family in workspace.Strings(Data.Merchandise.FamiliesSql))
                    {
                        if (Train(context, snapshot, family, options.Training, notes) is { } product)
                        {
                            products.Add(product);
                        }
                    }
                }
            }
        }
        finally
        {
            workspace.Execute($"DROP TABLE IF EXISTS {TrainingTable}; DROP TABLE IF EXISTS {ScoringTable}");
        }

        RunLog.Record(workspace, runId, "propensity", asOf, started,
            $"{days}-day window: {(purchase is null ? "" : $"any purchase {purchase.ExpectedBuyers:0} expected buyers; ")}{products.Count} product models");
        return new WindowResult(runId, asOf, days, cutoff, purchase, products, notes, (time.GetUtcNow() - started).TotalSeconds);
    }

    private static WindowModelResult? Train(Context context, TabularData snapshot, string? family, PropensityOptions training, List<string> notes)
    {
        var workspace = context.Workspace;
        var data = Labelled(context, snapshot, family);
        var labels = data.Labels!;
        var positives = labels.Count(l => l);
        var what = family is null ? "any purchase" : $"product family {family}";
        if (positives < training.Folds * 2 || data.Rows - positives < training.Folds * 2)
        {
            notes.Add($"{what}: skipped, {positives:N0} of {data.Rows:N0} accounts bought in the {context.Days} days after {context.Cutoff:yyyy-MM-dd}; too few to learn from");
            return null;
        }

        // Today's accounts are scored by the final model, never the snapshot's rows: those need no out-of-fold scores.
        training = training.LimitedTo(context.Workspace.Settings.Scoring.WindowTrainingRows) with { ScoreEveryRow = false };
        PropensityResult result;
        try
        {
            result = PropensityTrainer.Train(data, training, TrainingTable);
        }
        catch (BadInputException e)
        {
            // The snapshot is built here, not read from the user: a refusal means this window holds nothing to learn from.
            notes.Add($"{what}: skipped, {e.Diagnostics[0].Message}");
            return null;
        }

        if (result.SampleNote(what, training, "scoring.window_training_rows") is { } note)
        {
            notes.Add(note);
        }

        TreeEnsemble? amount = null;
        if (family is null)
        {
            // Expected amount = P(purchase) × E[amount | purchase]: the second part is learned on the buyers only.
            var encoder = result.Model.Encoder;
            var matrix = result.Encoded;
            var buyers = PropensityTrainer.Sample(Enumerable.Range(0, data.Rows).Where(r => labels[r]).ToArray(), labels, training.MaxTrainingRows, training.Seed);
            amount = GradientBoosting.TrainRegression(matrix, encoder.Width, buyers, data.Amounts!, training.Boosting with { MinRowsPerLeaf = Math.Min(training.Boosting.MinRowsPerLeaf, Math.Max(2, buyers.Length / 50)) },
                encoder.Categories());
        }

        var kind = family is null ? WindowKind : ProductKind;
        var modelId = RunLog.NewId(family is null ? WindowKind : $"{ProductKind}-{ColumnSafe(family)}", context.Started);
        var artefact = new WindowArtefact { Purchase = result.Model, Amount = amount, ProductFamily = family, Days = context.Days };
        ModelStore.Save(workspace, new StoredModel(modelId, kind, family is null ? $"purchase-{context.Days}d" : $"product:{family}", context.RunId,
            context.Started.UtcDateTime, context.Cutoff, ModelStore.TrainingHash(result.Encoded, labels), ModelStore.ToJson(data.Columns.Select(c => c.Name)),
            ModelStore.ToJson(new { training, days = context.Days, cutoff = context.Cutoff }),
            ModelStore.ToJson(new { metrics = result.Metrics, trainingSeconds = result.TrainingSeconds }), JsonSerializer.Serialize(artefact)));
        return Score(context, modelId, family, artefact, trained: true, data.Rows, positives, result.Metrics);
    }

    private static WindowModelResult Score(Context context, string modelId, string? family, WindowArtefact artefact, bool trained, int trainingRows,
        int trainingPositives, BinaryMetrics? metrics)
    {
        var workspace = context.Workspace;
        var model = artefact.Purchase;
        var all = context.Scoring(model.Encoder.Inputs);
        var data = family is null ? all : all.Subset(NotOwningRows(context, all, family, context.AsOf));
        var matrix = model.Encoder.Encode(data, context.ScoringTable);
        var (probabilities, _, reasons) = model.ScoreWithReasons(data, matrix);
        double[]? expected = null;
        if (artefact.Amount is { } amount)
        {
            var perBuyer = amount.Score(matrix, model.Encoder.Width);
            expected = probabilities.Select((p, r) => p * Math.Max(0, perBuyer[r])).ToArray();
        }

        var kind = family is null ? WindowKind : ProductKind;
        ModelStore.WriteScores(workspace, data.Ids.Select((accountId, r) => new AccountScore(context.RunId, modelId, kind, accountId, family,
            probabilities[r], expected?[r], context.Bands.Label(probabilities[r]), true, reasons[r])));
        return new WindowModelResult(modelId, family, trained, trainingRows, trainingPositives, metrics, data.Rows, probabilities.Sum(), expected?.Sum(),
            ScoreReport.BandTable(workspace, context.RunId, kind, family, context.ScoringTable, context.Bands),
            ScoreReport.Top(workspace, context.ScoringTable, data.Ids, Enumerable.Range(0, data.Rows), probabilities, expected, reasons, context.Bands));
    }

    /// <summary>
    /// The snapshot's accounts a model learns from (for a family, those not owning it at the cut-off), labelled with
    /// whether each bought (any family, or that one) in the window after the cut-off, and for how much.
    /// </summary>
    private static TabularData Labelled(Context context, TabularData snapshot, string? family)
    {
        var spent = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var command = context.Workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT account_id::VARCHAR, sum(amount)::DOUBLE FROM {Data.Purchases.Source(context.Workspace)}
                WHERE order_date > {Day(context.Cutoff)} AND order_date <= {Day(context.Cutoff.AddDays(context.Days))} AND amount > 0
                  AND account_id IS NOT NULL{InFamily(family)}
                GROUP BY account_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                spent[reader.GetString(0)] = reader.GetDouble(1);
            }
        }

        var data = family is null ? snapshot : snapshot.Subset(NotOwningRows(context, snapshot, family, context.Cutoff));
        return new TabularData
        {
            Ids = data.Ids,
            Columns = data.Columns,
            Labels = Array.ConvertAll(data.Ids, spent.ContainsKey),
            Amounts = Array.ConvertAll(data.Ids, id => spent.GetValueOrDefault(id)),
        };
    }

    /// <summary>The rows of <paramref name="data"/> whose accounts had not bought the family by <paramref name="date"/>: the only ones cross-sell applies to.</summary>
    private static int[] NotOwningRows(Context context, TabularData data, string family, DateOnly date)
    {
        var owners = context.Workspace.Strings($"""
            SELECT DISTINCT account_id::VARCHAR FROM {Data.Purchases.Source(context.Workspace)}
            WHERE amount > 0 AND order_date <= {Day(date)} AND account_id IS NOT NULL{InFamily(family)}
            """).ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, data.Rows).Where(r => !owners.Contains(data.Ids[r]))];
    }

    private static string InFamily(string? family) =>
        family is null ? "" : $" AND product_id IN (SELECT product_id FROM {Data.Merchandise.Products} WHERE family = {Sql.Literal(family)})";

    /// <summary>Behaviour models may use everything known at the cut-off except ids and bookkeeping columns.</summary>
    private static bool IsBehaviourInput(string column) =>
        column is not ("account_id" or "name" or "domain" or "parent_account_id" or "owner_rep_id" or "postal_code" or "latitude" or "longitude")
        && !column.EndsWith("_id", StringComparison.OrdinalIgnoreCase);

    private static string ColumnSafe(string family) => new([.. family.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);

    private static string Day(DateOnly date) => $"DATE '{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

    private sealed record Context(Workspace Workspace, string RunId, DateTimeOffset Started, DateOnly AsOf, DateOnly Cutoff, int Days, string ScoringTable,
        ProbabilityBands Bands)
    {
        private TabularData? _scoring;

        /// <summary>
        /// Every account's features as of today, read once for all models: every behaviour input, and any other input a
        /// stored model names.
        /// </summary>
        public TabularData Scoring(IReadOnlyList<EncodedInput> needed)
        {
            if (_scoring is { } read && needed.All(i => read.Columns.Any(c => c.Name == i.Name)))
            {
                return read;
            }

            var inputs = TabularData.Describe(Workspace.Connection, ScoringTable)
                .Where(c => (ScoringInputs.Usable(c.Type) && IsBehaviourInput(c.Name)) || needed.Any(i => i.Name == c.Name)).ToList();
            return _scoring = TabularData.Read(Workspace.Connection, Sql.Identifier(ScoringTable), "account_id", inputs);
        }
    }
}

/// <summary>A stored window or product model: the purchase model, and for any purchase the amount model.</summary>
public sealed class WindowArtefact
{
    /// <summary>P(purchase in the window), calibrated.</summary>
    public required PropensityModel Purchase { get; init; }

    /// <summary>E[amount | purchase] in the window (any-purchase models only).</summary>
    public TreeEnsemble? Amount { get; init; }

    /// <summary>The family, for a cross-sell model.</summary>
    public string? ProductFamily { get; init; }

    /// <summary>The window length it was trained for.</summary>
    public int Days { get; init; }
}
