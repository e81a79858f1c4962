using System.Text.Json;
using Sightline.Models;
using Sightline.Models.Evaluation;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Re-scores one account in process with the stored models the latest batch scored with — the lookalike model of
/// <c>sightline score</c> and the window and cross-sell models of <c>sightline propensity</c> — loaded once from the
/// <c>models</c> table. The arithmetic is the batch's own (same encoder semantics, same trees, same calibration), so
/// for the same row the probability is the batch's to the last bit.
/// </summary>
public sealed class LiveScorer
{
    /// <summary>Reasons kept per side, as the batch keeps them.</summary>
    public const int ReasonsPerSide = 3;

    /// <summary>The loaded models, lookalike first, then window, then products by family.</summary>
    public required IReadOnlyList<LiveScorerModel> Models { get; init; }

    /// <summary>The workspace's probability bands.</summary>
    public required ProbabilityBands Bands { get; init; }

    /// <summary>
    /// The key of the score reported as "the propensity": the any-purchase window model when there is one, because it
    /// learns from behaviour (touches, recency) and so moves with each touch; else the lookalike model, whose inputs are
    /// the account's profile only and which a touch does not move.
    /// </summary>
    public string? HeadlineKey => (_headline ??= new(Models.Any(m => m.Key == WindowPropensity.WindowKind) ? WindowPropensity.WindowKind : Models.FirstOrDefault()?.Key)).Key;

    // Every event reads the headline key several times; the models never change after loading.
    private Headline? _headline;

    private sealed record Headline(string? Key);

    /// <summary>The model of <see cref="HeadlineKey"/>, or null.</summary>
    private LiveScorerModel? HeadlineModel => (_headlineModel ??= new(Models.FirstOrDefault(m => m.Key == HeadlineKey))).Model;

    private HeadlineOf? _headlineModel;

    private sealed record HeadlineOf(LiveScorerModel? Model);

    /// <summary>Loads the models behind the scoring runs named in <paramref name="stamp"/>.</summary>
    /// <exception cref="BadInputException">A stored model cannot be read.</exception>
    public static LiveScorer Load(Workspace workspace, LiveBaselineStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(stamp);
        var models = new List<LiveScorerModel>();
        foreach (var runId in new[] { stamp.LookalikeRunId, stamp.PropensityRunId })
        {
            if (runId is null)
            {
                continue;
            }

            var used = new List<(string Kind, string? Family, string ModelId)>();
            using (var command = workspace.Connection.CreateCommand())
            {
                command.CommandText = "SELECT DISTINCT kind, product_family, model_id FROM account_scores WHERE run_id = $1 ORDER BY kind, product_family NULLS FIRST";
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter(runId));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    used.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var (kind, family, modelId) in used)
            {
                var stored = ModelStore.Load(workspace, modelId);
                var key = family is null ? kind : $"{kind}:{family}";
                if (kind == LookalikeScoring.Kind)
                {
                    models.Add(new LiveScorerModel(key, kind, modelId, family, PropensityModel.FromJson(stored.Artefact, modelId), null));
                }
                else
                {
                    WindowArtefact artefact;
                    try
                    {
                        artefact = JsonSerializer.Deserialize<WindowArtefact>(stored.Artefact)
                            ?? throw new BadInputException(new Diagnostic("models", null, "artefact", modelId, "the stored model is empty"));
                    }
                    catch (JsonException e)
                    {
                        throw new BadInputException(new Diagnostic("models", null, "artefact", modelId, $"not a window or product model: {e.Message}"));
                    }

                    models.Add(new LiveScorerModel(key, kind, modelId, family, artefact.Purchase, artefact.Amount));
                }
            }
        }

        return new LiveScorer { Models = models, Bands = new ProbabilityBands(workspace.Settings.Scoring.Bands) };
    }

    /// <summary>
    /// The account's scores now: every model that reads live features re-scored on <paramref name="row"/>, the others
    /// taken from <paramref name="carried"/> (the batch's scores); a cross-sell model only while the account does not
    /// hold its family (as in the batch, which scores only non-owners). In <see cref="Models"/> order.
    /// </summary>
    public List<LiveScorerResult> Score(string accountId, LiveBaselineRow row, IReadOnlyList<LiveScorerResult>? carried = null) =>
        Score(row, carried, explainAll: true);

    /// <summary>
    /// <see cref="Score(string, LiveBaselineRow, IReadOnlyList{LiveScorerResult}?)"/> for an account's evaluation: only the
    /// headline model is explained now (the answer reads its reasons); the others put their reasons into words when first
    /// read, from <paramref name="row"/>, which must not change afterwards.
    /// </summary>
    internal LiveScores ScoreLive(LiveBaselineRow row, IReadOnlyList<LiveScorerResult>? carried) => new(this, row, carried);

    /// <summary>The headline model's score of <paramref name="row"/> alone, as the full evaluation gives it (null when it has none).</summary>
    private LiveScorerResult? ScoreHeadline(LiveBaselineRow row, IReadOnlyList<LiveScorerResult>? carried)
    {
        var model = HeadlineModel;
        if (model is null)
        {
            return null;
        }

        if (!model.ReadsLiveFeatures)
        {
            return carried?.FirstOrDefault(c => c.Key == model.Key);
        }

        var held = row.TryList(Segments.Rules.RuleColumns.ProductFamilies, out var families) ? families : [];
        return model.ProductFamily is { } family && held.Contains(family, StringComparer.Ordinal) ? null : Score(model, "", row);
    }

    private List<LiveScorerResult> Score(LiveBaselineRow row, IReadOnlyList<LiveScorerResult>? carried, bool explainAll, LiveScorerResult? headlineScore = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var headline = HeadlineKey;
        var held = row.TryList(Segments.Rules.RuleColumns.ProductFamilies, out var families) ? families : [];
        var results = new List<LiveScorerResult>(Models.Count);
        var shared = SharedNumbers;
        Span<double> numbers = shared.Names.Length <= StackSlots ? stackalloc double[shared.Names.Length] : new double[shared.Names.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = LiveScorerModel.NumberOf(shared.Names[i], row);
        }

        Span<float> slots = shared.Width <= StackSlots ? stackalloc float[shared.Width] : new float[shared.Width];
        for (var m = 0; m < Models.Count; m++)
        {
            var model = Models[m];
            if (!model.ReadsLiveFeatures)
            {
                if (carried?.FirstOrDefault(c => c.Key == model.Key) is { } batch)
                {
                    results.Add(batch);
                }

                continue;
            }

            if (model.ProductFamily is { } family && held.Contains(family, StringComparer.Ordinal))
            {
                continue;
            }

            if (headlineScore is not null && model.Key == headline)
            {
                results.Add(headlineScore);
                continue;
            }

            var encoded = slots[..model.Model.Encoder.Inputs.Count];
            model.Encode(row, encoded, numbers, shared.At[m]);
            results.Add(Score(model, row, encoded, explainAll || model.Key == headline));
        }

        return results;
    }

    /// <summary>The batch's scores of the models that read no live feature, as carried results.</summary>
    public List<LiveScorerResult> Carried(LiveBaselineAccount baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var carried = new List<LiveScorerResult>();
        foreach (var model in Models.Where(m => !m.ReadsLiveFeatures))
        {
            if (baseline.BatchScores.TryGetValue(model.Key, out var probability))
            {
                carried.Add(new LiveScorerResult(model.Key, model.Kind, model.ModelId, model.ProductFamily, probability, Bands.Label(probability), null, [],
                    FromBatch: true, BatchWhy: baseline.BatchReasons.GetValueOrDefault(model.Key)));
            }
        }

        return carried;
    }

    /// <summary>Scores one row with one model, with its reasons.</summary>
    public LiveScorerResult Score(LiveScorerModel model, string accountId, LiveBaselineRow row)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(row);
        var width = model.Model.Encoder.Inputs.Count;
        Span<float> encoded = width <= StackSlots ? stackalloc float[width] : new float[width];
        model.Encode(row, encoded);
        return Score(model, row, encoded, explain: true);
    }

    private LiveScorerResult Score(LiveScorerModel model, LiveBaselineRow row, ReadOnlySpan<float> encoded, bool explain)
    {
        var propensity = model.Model;
        var width = encoded.Length;
        double raw;
        IReadOnlyList<Reason> reasons;
        if (explain)
        {
            Span<double> contributions = width <= StackSlots ? stackalloc double[width] : new double[width];
            contributions.Clear();
            raw = propensity.Trees.ScoreWithContributions(encoded, contributions);
            reasons = new LiveReasons(model, row, Explain(model, row, contributions));
        }
        else
        {
            raw = propensity.Trees.Score(encoded);
            reasons = new LiveReasons(model, row);
        }

        // The batch's own sequence (PropensityModel.ScoreWithReasons): raw sum, calibration, then the PU correction.
        var probability = propensity.FromLabelledProbability(propensity.LabelledProbability(raw));
        var band = Bands.Label(probability);
        return model.Amount is null
            ? new LiveScorerResult(model.Key, model.Kind, model.ModelId, model.ProductFamily, probability, band, (double?)null, reasons)
            : new LiveScorerResult(model.Key, model.Kind, model.ModelId, model.ProductFamily, probability, band, () => ExpectedAmount(model, row, probability), reasons);
    }

    /// <summary>
    /// The window model's expected amount, probability × E[amount | purchase], from the row again: walking a second ensemble
    /// on every event for a number no answer shows cost a fifth of the event's tree walks.
    /// </summary>
    private static double ExpectedAmount(LiveScorerModel model, LiveBaselineRow row, double probability)
    {
        var width = model.Model.Encoder.Inputs.Count;
        Span<float> encoded = width <= StackSlots ? stackalloc float[width] : new float[width];
        model.Encode(row, encoded);
        return probability * Math.Max(0, model.Amount!.Score(encoded));
    }

    /// <summary>
    /// An account's scores from one evaluation, in <see cref="Models"/> order: the headline model's at once (each event's
    /// answer reads it), every other model's when the list is first read, from the row, which must not change afterwards.
    /// </summary>
    internal sealed class LiveScores : IReadOnlyList<LiveScorerResult>
    {
        private readonly LiveScorer _scorer;
        private readonly LiveBaselineRow _row;
        private readonly IReadOnlyList<LiveScorerResult>? _carried;
        private List<LiveScorerResult>? _all;

        public LiveScores(LiveScorer scorer, LiveBaselineRow row, IReadOnlyList<LiveScorerResult>? carried)
        {
            ArgumentNullException.ThrowIfNull(row);
            _scorer = scorer;
            _row = row;
            _carried = carried;
            HeadlineKey = scorer.HeadlineKey;
            Headline = scorer.ScoreHeadline(row, carried);
        }

        /// <summary>The key of <see cref="Headline"/>.</summary>
        public string? HeadlineKey { get; }

        /// <summary>The headline model's score, or null when it has none.</summary>
        public LiveScorerResult? Headline { get; }

        /// <summary>
        /// Drops the headline's reasons in words once the answer has them: an account keeps its scores between events,
        /// and the words were most of what every young collection copied of them. Read again, they are made again.
        /// </summary>
        public void ForgetWords() => (Headline?.Reasons as LiveReasons)?.Forget();

        public int Count => All.Count;

        public LiveScorerResult this[int index] => All[index];

        private List<LiveScorerResult> All => LazyInitializer.EnsureInitialized(ref _all, () => _scorer.Score(_row, _carried, explainAll: false, Headline));

        public IEnumerator<LiveScorerResult> GetEnumerator() => All.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // The models read mostly the same numeric columns: each is looked up in the row once per evaluation, not once per model.
    private SharedInputs SharedNumbers => _shared ??= SharedInputs.Of(Models);

    private SharedInputs? _shared;

    /// <summary>
    /// The distinct numeric inputs of the re-scored models; per model and slot the index of its number (-1 for a level;
    /// none for a carried model); the widest model's slots.
    /// </summary>
    private sealed record SharedInputs(string[] Names, int[][] At, int Width)
    {
        public static SharedInputs Of(IReadOnlyList<LiveScorerModel> models)
        {
            var live = models.Where(m => m.ReadsLiveFeatures).ToList();
            var names = live.SelectMany(m => m.Model.Encoder.Inputs).Where(i => i.Kind == InputKind.Numeric).Select(i => i.Name).Distinct(StringComparer.Ordinal).ToArray();
            return new(names, [.. models.Select(m => m.ReadsLiveFeatures ? m.NumberSlots(names) : [])], live.Select(m => m.Model.Encoder.Inputs.Count).DefaultIfEmpty().Max());
        }
    }

    /// <summary>
    /// One model's reasons for one row, put into words when first read (most scores' reasons never are), or given when
    /// the score was explained at once; <see cref="Forget"/> drops the words, and a later read makes them again.
    /// </summary>
    private sealed class LiveReasons(LiveScorerModel model, LiveBaselineRow row, Reason[]? reasons = null) : IReadOnlyList<Reason>
    {
        private Reason[]? _reasons = reasons;

        /// <summary>Drops the words: the row they come from is kept, so they read the same when made again.</summary>
        public void Forget() => _reasons = null;

        private Reason[] Reasons => _reasons ??= Compute();

        public int Count => Reasons.Length;

        public Reason this[int index] => Reasons[index];

        public IEnumerator<Reason> GetEnumerator() => ((IEnumerable<Reason>)Reasons).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private Reason[] Compute()
        {
            var width = model.Model.Encoder.Inputs.Count;
            Span<float> encoded = width <= StackSlots ? stackalloc float[width] : new float[width];
            Span<double> contributions = width <= StackSlots ? stackalloc double[width] : new double[width];
            contributions.Clear();
            model.Encode(row, encoded);
            model.Model.Trees.Contributions(encoded, contributions);
            return Explain(model, row, contributions);
        }
    }

    /// <summary>Inputs up to this many are encoded on the stack.</summary>
    private const int StackSlots = 256;

    /// <summary>
    /// The reasons the batch's <see cref="ReasonWriter"/> gives for the row, the kept inputs worded from the model's phrases.
    /// </summary>
    internal static Reason[] Explain(LiveScorerModel model, LiveBaselineRow row, ReadOnlySpan<double> contributions)
    {
        Span<int> raising = stackalloc int[ReasonsPerSide];
        Span<int> lowering = stackalloc int[ReasonsPerSide];
        var (raised, lowered) = ReasonWriter.Strongest(contributions, raising, lowering);
        var inputs = model.Model.Encoder.Inputs;
        var reasons = new Reason[raised + lowered];
        for (var i = 0; i < reasons.Length; i++)
        {
            var slot = i < raised ? raising[i] : lowering[i - raised];
            reasons[i] = new Reason(inputs[slot].Name, model.Describe(slot, row), contributions[slot]);
        }

        return reasons;
    }
}
