using System.Diagnostics;
using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Runs;

/// <summary>One step of a batch run.</summary>
/// <param name="Name">The step (features, segments, score, ...).</param>
/// <param name="Status">done, or skipped (the data or the settings give it nothing to do; <paramref name="Summary"/> says why).</param>
/// <param name="Summary">What it did, or why it was skipped, in words.</param>
/// <param name="RunId">The run it recorded, if any.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record BatchStep(string Name, string Status, string Summary, string? RunId, double Seconds);

/// <summary>What a batch run did.</summary>
/// <param name="RunId">The pipeline's own run in the <c>runs</c> table.</param>
/// <param name="AsOf">The features' date, which every later step reads.</param>
/// <param name="Steps">Every step, in order.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record BatchRunResult(string RunId, DateOnly AsOf, IReadOnlyList<BatchStep> Steps, double Seconds)
{
    /// <summary>The run in one sentence.</summary>
    public string Summary
    {
        get
        {
            var skipped = Steps.Where(s => s.Status == BatchPipeline.Skipped).Select(s => s.Name).ToList();
            return string.Create(CultureInfo.InvariantCulture, $"batch run as of {AsOf:yyyy-MM-dd}: {Steps.Count - skipped.Count} steps done in {Seconds:0.0} s")
                + (skipped.Count > 0 ? $"; skipped: {string.Join(", ", skipped)}" : "");
        }
    }
}

/// <summary>What a batch run is asked to do.</summary>
/// <param name="AsOf">The features' date (default: the last order date).</param>
/// <param name="Skip">Steps not to run (any of <see cref="BatchPipeline.StepNames"/> but features).</param>
public sealed record BatchRunOptions(DateOnly? AsOf = null, IReadOnlySet<string>? Skip = null);

/// <summary>
/// <c>sightline run</c> and <c>POST /api/runs</c>: the analysis on a workspace's own data, in the order each step needs the
/// one before: quality, features, segments, lookalike score, time-window propensity, the contact-reason model, potential,
/// lifetime value and rep lists (the demo's pipeline without the demo's world and plans, which need a target and a
/// headcount budget). A step the data gives nothing to do (no segments defined, no customers to learn from, no
/// touchpoints, no reps) is skipped with its reason and the others run; features failing stops the run, since every
/// later step reads them.
/// </summary>
public static class BatchPipeline
{
    /// <summary>A step's status when it ran.</summary>
    public const string Done = "done";

    /// <summary>A step's status when the data or the settings gave it nothing to do.</summary>
    public const string Skipped = "skipped";

    /// <summary>The steps, in order.</summary>
    public static IReadOnlyList<string> StepNames { get; } = ["quality", "features", "segments", "score", "propensity", "reasons", "potential", "clv", "lists"];

    /// <summary>Runs the pipeline.</summary>
    /// <exception cref="BadInputException">An unknown step to skip, no accounts, or the features cannot be built.</exception>
    public static BatchRunResult Run(Workspace workspace, BatchRunOptions options, IProgress<(string Step, double Fraction)>? progress = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        CheckOptions(options);
        ArgumentNullException.ThrowIfNull(workspace);
        if (Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM accounts"), CultureInfo.InvariantCulture) == 0)
        {
            throw new BadInputException("accounts", "the workspace has no accounts, so there is nothing to analyse: import the CRM's files first (sightline import)");
        }

        var skip = options.Skip ?? new HashSet<string>(StringComparer.Ordinal);

        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var total = Stopwatch.StartNew();
        var steps = new List<BatchStep>();
        DateOnly? asOf = null;
        for (var i = 0; i < StepNames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = StepNames[i];
            progress?.Report((name, (double)i / StepNames.Count));
            if (skip.Contains(name))
            {
                steps.Add(new BatchStep(name, Skipped, "skipped as asked", null, 0));
                continue;
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var (summary, runId, stepAsOf) = RunStep(workspace, name, options.AsOf, clock);
                asOf ??= stepAsOf;
                steps.Add(new BatchStep(name, Done, summary, runId, Math.Round(watch.Elapsed.TotalSeconds, 2)));
            }
            catch (BadInputException e) when (name != "features")
            {
                steps.Add(new BatchStep(name, Skipped, string.Join("; ", e.Diagnostics.Select(d => d.ToString())), null, Math.Round(watch.Elapsed.TotalSeconds, 2)));
            }
        }

        progress?.Report(("done", 1));
        var result = new BatchRunResult(RunLog.NewId("pipeline", started), asOf ?? options.AsOf ?? DateOnly.FromDateTime(started.UtcDateTime), steps,
            Math.Round(total.Elapsed.TotalSeconds, 2));
        RunLog.Record(workspace, result.RunId, "pipeline", result.AsOf, started, result.Summary);
        return result;
    }

    /// <summary>Refuses an as-of date outside <see cref="AsOfDates"/>' range, and a step to skip that is none or is features (which every other step reads).</summary>
    /// <exception cref="BadInputException">Such a date or step.</exception>
    public static void CheckOptions(BatchRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AsOfDates.Check(options.AsOf);
        if ((options.Skip ?? new HashSet<string>(StringComparer.Ordinal)).FirstOrDefault(s => !StepNames.Contains(s) || s == "features") is { } unknown)
        {
            throw new BadInputException(new Diagnostic("skip", null, null, unknown,
                $"not a step that can be skipped; expected any of {string.Join(", ", StepNames.Where(s => s != "features"))} (features feed every other step)"));
        }
    }

    private static (string Summary, string? RunId, DateOnly? AsOf) RunStep(Workspace workspace, string name, DateOnly? asOf, TimeProvider? clock)
    {
        var c = CultureInfo.InvariantCulture;
        switch (name)
        {
            case "quality":
                var quality = Quality.QualityReporter.Build(workspace, asOf, clock);
                return (string.Create(c, $"score {quality.Score:0}/100 over {quality.Accounts:N0} accounts")
                    + (quality.Issues.Count > 0 ? $"; first issue: {quality.Issues[0].Title}" : ""), null, null);
            case "features":
                var features = Features.FeatureBuilder.Build(workspace, asOf, clock);
                return (string.Create(c, $"{features.Accounts:N0} accounts ({features.Customers:N0} customers) as of {features.AsOf:yyyy-MM-dd}, {features.Columns.Count} columns"),
                    features.RunId, features.AsOf);
            case "segments":
                var segments = Segments.SegmentEngine.Evaluate(workspace, clock);
                return (string.Create(c, $"{segments.Segments.Count} segments over {segments.Accounts:N0} accounts, {segments.Unassigned:N0} in none"), segments.RunId, null);
            case "score":
                var lookalike = Models.LookalikeScoring.Run(workspace, new Models.LookalikeOptions(), clock);
                return (string.Create(c, $"lookalike of {lookalike.Labelled:N0} buyers over {lookalike.Accounts:N0} accounts, out-of-fold AUC {lookalike.Metrics.Auc:0.000}"),
                    lookalike.RunId, null);
            case "propensity":
                var window = Models.WindowPropensity.Run(workspace, new Models.WindowOptions(), clock);
                return (string.Create(c, $"next {window.Days} days: {window.Purchase?.ExpectedBuyers ?? 0:N0} expected buyers")
                    + (window.Purchase?.Metrics is { } metrics ? string.Create(c, $", AUC {metrics.Auc:0.000}") : "")
                    + string.Create(c, $"; {window.Products.Count} product families"), window.RunId, null);
            case "reasons":
                var reasons = Realtime.ContactReasonTrainer.Train(workspace, clock: clock);
                return (string.Create(c, $"reason for contact from {reasons.Labels.Values.Sum():N0} labelled touches, accuracy {reasons.Metrics.Model.Accuracy:P0} after "
                    + $"{reasons.Metrics.SplitDate:yyyy-MM-dd} (always '{reasons.Metrics.MajorityReason}': {reasons.Metrics.Majority.Accuracy:P0})"), reasons.ModelId, null);
            case "potential":
                var potential = Models.Value.AccountPotential.Run(workspace, clock: clock);
                return (string.Create(c, $"TAM {potential.Tam:N0}, white space {potential.WhiteSpace:N0} over {potential.Accounts:N0} accounts"), potential.RunId, null);
            case "clv":
                var clv = Models.Value.LifetimeValue.FromWorkspace(workspace, new Models.Value.ClvOptions(), clock);
                return (string.Create(c, $"{clv.Customers:N0} customers ({clv.RepeatCustomers:N0} repeat), lifetime value {clv.TotalClv:N0} in all"), clv.RunId, null);
            case "lists":
                var lists = Plans.Lists.RepLists.Run(workspace, clock: clock);
                return (string.Create(c, $"{lists.Listed:N0} accounts on {lists.Reps.Count:N0} reps' lists, {lists.HeldOut:N0} held out"), lists.RunId, null);
            default:
                throw new InvalidOperationException($"no step '{name}'");
        }
    }
}
