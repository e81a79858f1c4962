using System.Diagnostics;
using System.Globalization;
using Sightline.Models.Evaluation;

namespace Sightline.Models;

/// <summary>Settings of one propensity training.</summary>
public sealed record PropensityOptions
{
    /// <summary>
    /// Cross-validation folds (each account is scored by the model that did not see it); fewer where
    /// <see cref="MaxTrainingRows"/> makes them equivalent (<see cref="PropensityTrainer.FoldsFor"/>).
    /// </summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed for the folds and the trees.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Tree settings.</summary>
    public BoostingOptions Boosting { get; init; } = new();

    /// <summary>
    /// True when the negatives are only unlabelled (non-customers may be future buyers): the output is then the
    /// probability that an account not yet labelled is a buyer, from P(labelled) and the label frequency c (Elkan–Noto).
    /// </summary>
    public bool PositiveUnlabelled { get; init; }

    /// <summary>
    /// The most rows each tree model (every fold's and the final one) learns from: a stratified random sample of its rows when
    /// it has more; null for every row. Out-of-fold scoring still scores every row.
    /// </summary>
    public int? MaxTrainingRows { get; init; }

    /// <summary>
    /// False when only the final model and its honest metrics are wanted, not a score for every training row (the rows
    /// scored later are others, as for a window model trained on a past snapshot): where the final model's sample is a
    /// fold (<see cref="PropensityTrainer.HoldsOut"/>), its rows are then left unscored and the sample's own fold model is
    /// not trained; metrics and calibration come from the rows the final model never saw.
    /// </summary>
    public bool ScoreEveryRow { get; init; } = true;

    /// <summary>These options with <see cref="MaxTrainingRows"/> set to a workspace's limit (0: none), unless already set.</summary>
    public PropensityOptions LimitedTo(int mostRows) => mostRows > 0 && MaxTrainingRows is null ? this with { MaxTrainingRows = mostRows } : this;
}

/// <summary>What training produced: the model, the out-of-fold probabilities and the honest metrics computed from them.</summary>
/// <param name="Model">The model trained on all rows (or a sample of them), with the calibration fitted out of fold.</param>
/// <param name="OutOfFold">Per row, the probability from the fold model that did not see the row, calibrated by a calibrator that did not see it either; NaN for a row of fold −1.</param>
/// <param name="OutOfFoldLabelled">Per row, the calibrated out-of-fold P(labelled) the metrics are computed on (equals <paramref name="OutOfFold"/> unless positive-unlabelled).</param>
/// <param name="Fold">Per row, its fold (0-based); −1 for a row of the final model's sample left unscored (<see cref="PropensityOptions.ScoreEveryRow"/>).</param>
/// <param name="Metrics">AUC, PR-AUC, Brier, log loss and deciles of <paramref name="OutOfFoldLabelled"/> against the labels, over the scored rows.</param>
/// <param name="ClassPrior">For positive-unlabelled labels, the estimated share of buyers among all rows.</param>
/// <param name="TrainingSeconds">Wall time of the whole training (folds and final model).</param>
/// <param name="FoldTrees">The fold models: fold k's trees never saw fold k's rows, so they also give those rows their reasons; null for fold 0 when its rows were left unscored.</param>
public sealed record PropensityResult(PropensityModel Model, double[] OutOfFold, double[] OutOfFoldLabelled, int[] Fold, BinaryMetrics Metrics,
    double? ClassPrior, double TrainingSeconds, IReadOnlyList<TreeEnsemble> FoldTrees)
{
    /// <summary>The training rows as <see cref="PropensityModel.Encoder"/> encodes them, row after row (what every model learned from).</summary>
    public required float[] Encoded { get; init; }

    /// <summary>True when the final model's sample was a fold and the rows it never saw the other (<see cref="PropensityTrainer.HoldsOut"/>).</summary>
    public bool SampleIsAFold { get; init; }

    /// <summary>
    /// What a reader should know when the models learned from samples (<paramref name="options"/> as trained with, the
    /// setting that limits them named): how large, of how many, and how many folds; null when every model learned from every row.
    /// </summary>
    public string? SampleNote(string what, PropensityOptions options, string setting)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = Fold.Length;
        if (options.MaxTrainingRows is not { } limit || rows * (long)(options.Folds - 1) / options.Folds <= limit)
        {
            return null;
        }

        var sample = string.Create(CultureInfo.InvariantCulture, $"{what}: each of its models learned from a stratified sample of {limit:N0} of the {rows:N0} accounts ({setting}; 0 for every account)");
        if (SampleIsAFold)
        {
            var rest = Fold.Count(f => f == 1);
            return Fold.Contains(-1)
                ? string.Create(CultureInfo.InvariantCulture, $"{sample}; the {Counted.Of(rest, "account")} outside the sample, which the model never saw, {Counted.Agree(rest, "measures", "measure")} and {Counted.Agree(rest, "calibrates", "calibrate")} it")
                : string.Create(CultureInfo.InvariantCulture, $"{sample}; every account is scored out of fold: those outside the sample by the model itself, those in it by a second model learned from the others");
        }

        var folds = FoldTrees.Count;
        var fewer = folds < options.Folds ? $", by {folds} fold models instead of {options.Folds}: each fold still leaves more accounts than the sample" : "";
        return $"{sample}; every account is scored out of fold{fewer}";
    }

    /// <summary>Each row's reasons from the fold model that scored it, so reasons and out-of-fold probabilities agree.</summary>
    /// <param name="data">The data the model was trained on.</param>
    /// <param name="perSide">Reasons raising, and as many lowering, at most.</param>
    public Reason[][] OutOfFoldReasons(TabularData data, int perSide = 3)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows != Fold.Length)
        {
            throw new ArgumentException($"the model was trained on {Fold.Length:N0} rows, not {data.Rows:N0}", nameof(data));
        }

        if (Fold.Contains(-1))
        {
            throw new InvalidOperationException("trained without scoring every row (PropensityOptions.ScoreEveryRow false): the sample's rows have no fold model");
        }

        var encoder = Model.Encoder;
        var matrix = Encoded;
        var width = encoder.Width;
        var reasons = new Reason[data.Rows][];
        var writer = new ReasonWriter(encoder, data);
        var fold = Fold;
        var trees = FoldTrees;
        Parallel.For(0, data.Rows, () => new double[width], (r, _, contributions) =>
        {
            Array.Clear(contributions);
            trees[fold[r]].Contributions(new ReadOnlySpan<float>(matrix, r * width, width), contributions);
            reasons[r] = writer.Explain(r, contributions, perSide);
            return contributions;
        }, _ => { });
        return reasons;
    }
}

/// <summary>
/// Trains a calibrated propensity model with k-fold cross-fitting: fold models give every row an out-of-fold raw score;
/// isotonic calibration is fitted on out-of-fold scores (cross-fitted again for the reported probabilities); the final
/// model is trained on all rows, or on a sample of them that is then a fold of its own (<see cref="HoldsOut"/>).
/// </summary>
public static class PropensityTrainer
{
    /// <summary>Trains on <paramref name="data"/> (which must carry labels); <paramref name="folds"/> fixes the fold of each row (e.g. a peer's folds).</summary>
    /// <exception cref="BadInputException">Too few rows, only one class, or no input the trees can split on.</exception>
    public static PropensityResult Train(TabularData data, PropensityOptions options, string source, int[]? folds = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var labels = data.Labels ?? throw new ArgumentException("training data needs labels", nameof(data));
        var positives = labels.Count(l => l);
        if (positives < options.Folds || data.Rows - positives < options.Folds)
        {
            throw new BadInputException(source,
                $"cannot train: {positives:N0} positive and {data.Rows - positives:N0} negative rows; each class needs at least {options.Folds} (one per fold)");
        }

        if (options.Folds < 2)
        {
            throw new BadInputException(source, $"folds must be at least 2, got {options.Folds}");
        }

        var clock = Stopwatch.StartNew();
        var encoder = FeatureEncoder.Fit(data);
        if (encoder.Width == 0)
        {
            throw new BadInputException(source, "no usable input columns: every column is an id, a label, excluded, or a category too rare to learn from");
        }

        var matrix = encoder.Encode(data, source);
        var width = encoder.Width;
        var categories = encoder.Categories();
        var (fold, foldTrees, finalTrees) = folds is null && HoldsOut(data.Rows, options)
            ? SampleAndRest(matrix, width, labels, options, categories)
            : DealtFolds(matrix, width, labels, options, categories, folds ?? StratifiedFolds(labels, FoldsFor(data.Rows, options), options.Seed));
        if (finalTrees.Trees == 0)
        {
            var learnedFrom = Math.Min(data.Rows, options.MaxTrainingRows ?? data.Rows);
            throw new BadInputException(source, string.Create(CultureInfo.InvariantCulture,
                $"cannot train: no input splits the {learnedFrom:N0} rows into groups of at least {options.Boosting.MinRowsPerLeafFor(learnedFrom):N0} that differ in their share of positives (every input the same, or too few rows)"));
        }

        var scored = Rows(fold, f => f >= 0);
        var raw = new double[data.Rows];
        Array.Fill(raw, double.NaN);
        Parallel.ForEach(scored, r => raw[r] = foldTrees[fold[r]].Score(new ReadOnlySpan<float>(matrix, r * width, width)));

        // Cross-fitted calibration: a row's probability comes from a calibrator fitted on the other folds' scores. Rows of
        // a single fold (the rest of a sample) are dealt into two calibration folds for it.
        var calibrationFold = scored.Select(r => fold[r]).Distinct().Count() > 1 ? fold : CalibrationHalves(fold, labels, options.Seed);
        var labelled = new double[data.Rows];
        Array.Fill(labelled, double.NaN);
        foreach (var k in scored.Select(r => calibrationFold[r]).Distinct())
        {
            var others = scored.Where(r => calibrationFold[r] != k).ToArray();
            var calibrator = IsotonicCalibrator.Fit(others.Select(r => raw[r]).ToArray(), others.Select(r => labels[r]).ToArray());
            foreach (var r in scored.Where(r => calibrationFold[r] == k))
            {
                labelled[r] = Math.Clamp(calibrator.Apply(raw[r]), 0, 1);
            }
        }

        var scoredRaw = scored.Select(r => raw[r]).ToArray();
        var scoredLabels = scored.Select(r => labels[r]).ToArray();
        var scoredLabelled = scored.Select(r => labelled[r]).ToArray();
        var final = IsotonicCalibrator.Fit(scoredRaw, scoredLabels);
        var metrics = BinaryMetrics.Compute(scoredLabelled, scoredLabels);
        // Without skill the label frequency is not identified: g(x) is about the base rate everywhere, so g/c would call
        // nearly every account buyer-like on no evidence. Such a model keeps its plain P(labelled).
        double? labelFrequency = options.PositiveUnlabelled && metrics.AucLowerBound > 0.5
            ? Math.Max(PositiveUnlabelled.LabelFrequency(scoredLabelled, scoredLabels),
                PositiveUnlabelled.TopRegionLabelFrequency(scoredRaw, scoredLabels, Math.Max(50, scored.Length / 100)))
            : null;
        var model = new PropensityModel
        {
            Encoder = encoder,
            Trees = finalTrees,
            CalibrationScores = [.. final.Thresholds],
            CalibrationProbabilities = [.. final.Values],
            LabelFrequency = labelFrequency,
        };
        var outOfFold = Array.ConvertAll(labelled, p => double.IsNaN(p) ? double.NaN : model.FromLabelledProbability(p));
        double? prior = labelFrequency is { } c2 ? PositiveUnlabelled.ClassPrior(scoredLabelled, c2) : null;
        return new PropensityResult(model, outOfFold, labelled, fold, metrics, prior, clock.Elapsed.TotalSeconds, foldTrees)
        {
            Encoded = matrix,
            SampleIsAFold = fold.Length > 0 && foldTrees[^1] == finalTrees,
        };
    }

    /// <summary>
    /// True when the rows are at least twice the sample each model learns from: the final model's own sample is then one
    /// fold and the rows it never saw the other (<see cref="SampleAndRest"/>), so the final model is also a fold model.
    /// </summary>
    public static bool HoldsOut(int rows, PropensityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxTrainingRows is { } limit && rows - limit >= limit;
    }

    /// <summary>k stratified folds, a model for each, and the final model on a sample of every row.</summary>
    private static (int[] Fold, TreeEnsemble[] FoldTrees, TreeEnsemble Final) DealtFolds(float[] matrix, int width, bool[] labels, PropensityOptions options,
        IReadOnlyList<int>? categories, int[] fold)
    {
        var foldCount = fold.Max() + 1;
        var foldTrees = new TreeEnsemble[foldCount];
        for (var k = 0; k < foldCount; k++)
        {
            var train = Sample(Rows(fold, f => f != k), labels, options.MaxTrainingRows, options.Seed + k);
            foldTrees[k] = GradientBoosting.TrainBinary(matrix, width, train, labels, options.Boosting, categories);
        }

        var final = GradientBoosting.TrainBinary(matrix, width, Sample(Enumerable.Range(0, labels.Length).ToArray(), labels, options.MaxTrainingRows, options.Seed + foldCount),
            labels, options.Boosting, categories);
        return (fold, foldTrees, final);
    }

    /// <summary>
    /// Fold 0 is the final model's stratified sample and fold 1 every other row, which the final model scores out of
    /// sample: one training instead of a fold model's. Fold 0's rows are scored by a model learned from as large a
    /// sample of fold 1, or, when <see cref="PropensityOptions.ScoreEveryRow"/> is false, left unscored (fold −1).
    /// </summary>
    private static (int[] Fold, TreeEnsemble[] FoldTrees, TreeEnsemble Final) SampleAndRest(float[] matrix, int width, bool[] labels, PropensityOptions options,
        IReadOnlyList<int>? categories)
    {
        var limit = options.MaxTrainingRows!.Value;
        var sample = Sample(Enumerable.Range(0, labels.Length).ToArray(), labels, limit, options.Seed);
        var fold = new int[labels.Length];
        Array.Fill(fold, 1);
        foreach (var r in sample)
        {
            fold[r] = options.ScoreEveryRow ? 0 : -1;
        }

        var final = GradientBoosting.TrainBinary(matrix, width, sample, labels, options.Boosting, categories);
        if (!options.ScoreEveryRow)
        {
            return (fold, [null!, final], final);
        }

        var sampleModel = GradientBoosting.TrainBinary(matrix, width, Sample(Rows(fold, f => f == 1), labels, limit, options.Seed + 1), labels, options.Boosting, categories);
        return (fold, [sampleModel, final], final);
    }

    /// <summary>Two stratified calibration folds over the scored rows (fold ≥ 0); −1 for the others.</summary>
    private static int[] CalibrationHalves(int[] fold, bool[] labels, int seed)
    {
        var scored = Rows(fold, f => f >= 0);
        var halves = StratifiedFolds(scored.Select(r => labels[r]).ToArray(), 2, seed);
        var calibrationFold = new int[fold.Length];
        Array.Fill(calibrationFold, -1);
        for (var i = 0; i < scored.Length; i++)
        {
            calibrationFold[scored[i]] = halves[i];
        }

        return calibrationFold;
    }

    /// <summary>
    /// The folds to deal for <paramref name="rows"/> rows: fewer than <see cref="PropensityOptions.Folds"/> when the rows are
    /// so many that fewer folds still leave every fold model at least <see cref="PropensityOptions.MaxTrainingRows"/> rows
    /// to sample from. Each fold model then learns from as many rows as with every fold, and each fold saved is one
    /// training fewer (at a million accounts, two of a model's six).
    /// </summary>
    public static int FoldsFor(int rows, PropensityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxTrainingRows is not { } limit)
        {
            return options.Folds;
        }

        for (var k = 2; k < options.Folds; k++)
        {
            // Stratified dealing makes folds differ by at most one row: the largest fold leaves the fewest to learn from.
            if (rows - ((rows + k - 1) / k) >= limit)
            {
                return k;
            }
        }

        return options.Folds;
    }

    /// <summary>Folds 0..k-1 with each class spread evenly: positives and negatives are shuffled apart and dealt round-robin.</summary>
    public static int[] StratifiedFolds(IReadOnlyList<bool> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var random = new Random(seed);
        var fold = new int[labels.Count];
        var next = 0;
        foreach (var cls in new[] { true, false })
        {
            var rows = Enumerable.Range(0, labels.Count).Where(r => labels[r] == cls).ToArray();
            random.Shuffle(rows);
            foreach (var r in rows)
            {
                fold[r] = next;
                next = (next + 1) % folds;
            }
        }

        return fold;
    }

    /// <summary>
    /// At most <paramref name="most"/> of <paramref name="rows"/>, each class in its own share, drawn with <paramref name="seed"/>
    /// and kept in row order; all of them when they are no more (or no limit is set).
    /// </summary>
    public static int[] Sample(int[] rows, IReadOnlyList<bool> labels, int? most, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (most is not { } limit || rows.Length <= limit)
        {
            return rows;
        }

        var random = new Random(seed);
        var positives = rows.Where(r => labels[r]).ToArray();
        var negatives = rows.Where(r => !labels[r]).ToArray();
        var keepPositives = Math.Clamp((int)Math.Round((double)limit * positives.Length / rows.Length), Math.Min(1, positives.Length), Math.Min(positives.Length, limit - 1));
        random.Shuffle(positives);
        random.Shuffle(negatives);
        return [.. positives.Take(keepPositives).Concat(negatives.Take(limit - keepPositives)).Order()];
    }

    private static int[] Rows(int[] fold, Func<int, bool> keep) => Enumerable.Range(0, fold.Length).Where(r => keep(fold[r])).ToArray();
}
