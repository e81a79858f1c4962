using System.Globalization;
using Sightline.Models;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>Trains, validates (time split), stores and loads the reason-for-contact model.</summary>
public static class ContactReasonTrainer
{
    /// <summary>The <c>models.kind</c> of reason models.</summary>
    public const string Kind = "contact_reason";

    /// <summary>Fewest labelled touches a training needs on each side of the split.</summary>
    public const int MinRows = 30;

    /// <summary>Trains on the workspace's history, scores the time split, refits on everything and stores the model.</summary>
    /// <exception cref="BadInputException">Too few inbound touches with a known outcome to train and test on.</exception>
    public static ContactReasonTrainingResult Train(Workspace workspace, ContactReasonTrainingOptions? options = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var o = options ?? new ContactReasonTrainingOptions();
        var labelling = o.Labelling ?? new ContactReasonLabelling();
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var examples = ContactReasonData.Examples(workspace, labelling);
        var labelled = examples.Where(e => e.Reason is not null && e.LabelComplete).ToList();
        if (labelled.Count < 2 * MinRows)
        {
            throw new BadInputException(new Diagnostic("touchpoints", null, "direction", "in", string.Create(CultureInfo.InvariantCulture,
                $"{Counted.Of(labelled.Count, "inbound touch", "inbound touches")} {Counted.Agree(labelled.Count, "has", "have")} a known outcome (an order or support touch within {labelling.HorizonDays} days); the reason model needs at least {2 * MinRows}")));
        }

        var split = labelled[(int)Math.Floor(labelled.Count * (1 - o.TestShare))].Day;
        var train = labelled.Where(e => e.Day.AddDays(labelling.HorizonDays) < split).ToList();
        var test = labelled.Where(e => e.Day >= split).ToList();
        if (train.Count < MinRows || test.Count < MinRows)
        {
            throw new BadInputException(new Diagnostic("touchpoints", null, "occurred_at", null, string.Create(CultureInfo.InvariantCulture,
                $"the time split at {split:yyyy-MM-dd} leaves {train.Count} touches to train on and {test.Count} to test on; each side needs at least {MinRows}")));
        }

        var boosting = o.Boosting ?? new BoostingOptions { Leaves = 15 };
        var stopping = new TreeStopping(o.StoppingShare, labelling.HorizonDays);
        var validated = Fit(train, boosting, o.MaxKinds, stopping);
        var truth = test.Select(e => e.Reason!).ToList();
        var majority = train.GroupBy(e => e.Reason!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var metrics = new ContactReasonMetrics(split, train.Count,
            ContactReasonScores.Of(truth, test.Select(e => validated.Predict(e.Input, 0).Reason).ToList()),
            ContactReasonScores.Of(truth, test.Select(_ => majority).ToList()), majority,
            ContactReasonScores.Of(truth, test.Select(e => ContactReasonRules.Predict(e.Input)).ToList()));

        var model = Fit(labelled, boosting, o.MaxKinds, stopping);
        var modelId = RunLog.NewId(Kind, started);
        var matrix = model.Encode(labelled.Select(e => e.Input).ToList());
        var labels = labelled.GroupBy(e => e.Reason!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        ModelStore.Save(workspace, new StoredModel(modelId, Kind, "reason", modelId, started.UtcDateTime, labelled[^1].Day,
            ModelStore.TrainingHash(matrix, labelled.Select(e => e.Reason == ContactReasons.Support).ToList()),
            ModelStore.ToJson(model.SlotNames), ModelStore.ToJson(new { labelling, o.TestShare, boosting, o.MaxKinds, o.StoppingShare, trees = TreesPerReason(model) }),
            ModelStore.ToJson(new { metrics, labels }), model.ToJson()));
        RunLog.Record(workspace, modelId, Kind, labelled[^1].Day, started, string.Create(CultureInfo.InvariantCulture,
            $"{labelled.Count} labelled touches; out of sample accuracy {metrics.Model.Accuracy:0.000} (majority {metrics.Majority.Accuracy:0.000}, rules {metrics.Rules.Accuracy:0.000}), macro-F1 {metrics.Model.MacroF1:0.000}; "
            + $"trees per reason {string.Join(", ", TreesPerReason(model).Select(t => $"{t.Key} {t.Value}"))} (at most {boosting.Trees})"));
        return new ContactReasonTrainingResult(modelId, model, metrics, labels, examples.Count - labelled.Count);
    }

    /// <summary>Loads a stored reason model: the one named, else the latest.</summary>
    /// <exception cref="BadInputException">No such model, or the workspace has no reason model yet.</exception>
    public static (string ModelId, ContactReasonModel Model) Load(Workspace workspace, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var id = modelId ?? workspace.Strings($"SELECT model_id FROM models WHERE kind = '{Kind}' ORDER BY created_at DESC LIMIT 1").FirstOrDefault()
            ?? throw new BadInputException(new Diagnostic("models", null, "kind", Kind, "this workspace has no reason-for-contact model yet; train one first"));
        var stored = ModelStore.Load(workspace, id);
        if (stored.Kind != Kind)
        {
            throw new BadInputException(new Diagnostic("--model", null, null, id, $"a {stored.Kind} model, not a {Kind} model"));
        }

        return (id, ContactReasonModel.FromJson(stored.Artefact, id));
    }

    /// <summary>Each reason's number of trees in <paramref name="model"/>.</summary>
    internal static Dictionary<string, int> TreesPerReason(ContactReasonModel model) =>
        model.Classes.Select((c, k) => (c, model.Trees[k].Trees)).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal);

    /// <summary>
    /// Fits one ensemble per reason (that reason against the rest) on the given touches, each with the number of trees
    /// <paramref name="stopping"/> chooses (all of <paramref name="boosting"/>'s when it chooses none).
    /// </summary>
    internal static ContactReasonModel Fit(IReadOnlyList<ContactReasonExample> examples, BoostingOptions boosting, int maxKinds = 24, TreeStopping? stopping = null)
    {
        var kinds = examples.Select(e => e.Input.Kind).Where(k => k is not null)
            .GroupBy(k => k!, StringComparer.Ordinal).Where(g => g.Count() >= 5)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(maxKinds).Select(g => g.Key).ToList();
        var families = examples.SelectMany(e => e.Input.FamiliesHeld.Concat(e.Input.FamiliesAskedAbout))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(FeatureEncoder.MaxLevels).ToList();
        var shell = new ContactReasonModel { Classes = [.. ContactReasons.All], Kinds = kinds, Families = families, Trees = [] };
        var matrix = shell.Encode(examples.Select(e => e.Input).ToList());
        var rows = Enumerable.Range(0, examples.Count).ToList();
        var split = stopping?.Split(examples);
        foreach (var reason in ContactReasons.All)
        {
            var labels = examples.Select(e => e.Reason == reason).ToList();
            var positives = labels.Count(l => l);
            if (positives == 0 || positives == labels.Count)
            {
                shell.Trees.Add(Constant(positives == 0 ? -10 : 10)); // a reason never (or always) seen: LightGBM cannot fit one class
                continue;
            }

            var trees = split is { } s ? TreeStopping.BestCount(matrix, shell.Width, s.Learn, s.Check, labels, boosting) : boosting.Trees;
            shell.Trees.Add(GradientBoosting.TrainBinary(matrix, shell.Width, rows, labels, boosting with { Trees = trees }));
        }

        return shell;
    }

    private static TreeEnsemble Constant(double logOdds) =>
        new() { Roots = [], Feature = [], Threshold = [], Left = [], Right = [], LeafValue = [], Bias = logOdds };
}
