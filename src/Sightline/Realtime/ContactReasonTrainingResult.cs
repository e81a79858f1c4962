namespace Sightline.Realtime;

/// <summary>A trained reason model and how well it did out of sample.</summary>
/// <param name="ModelId">Its id in the <c>models</c> table.</param>
/// <param name="Model">The model refitted on every labelled touch (the one stored).</param>
/// <param name="Metrics">The model trained before the split against the baselines, on touches after it.</param>
/// <param name="Labels">Labelled touches per reason (all of history).</param>
/// <param name="Unlabelled">Inbound touches after which nothing attributable followed, or whose label window runs past the data.</param>
public sealed record ContactReasonTrainingResult(string ModelId, ContactReasonModel Model, ContactReasonMetrics Metrics,
    IReadOnlyDictionary<string, int> Labels, int Unlabelled);
