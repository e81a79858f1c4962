using System.Diagnostics;
using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Runs;

/// <summary>One step of a batch run.</summary>
/// <param name="Name">The step (features, segments, score, ...).</param>
/// <param name="Status">done; skipped (the data gives it nothing to do, or a step it needs was refused; <paramref name="Summary"/> says why);
/// or refused (a setting in sightline.yaml is wrong; the run then fails).</param>
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
            var refused = Refused.Select(s => s.Name).ToList();
            return string.Create(CultureInfo.InvariantCulture, $"batch run as of {AsOf:yyyy-MM-dd}: {Counted.Of(Steps.Count - skipped.Count - refused.Count, "step")} done in {Seconds:0.0} s")
                + (skipped.Count > 0 ? $"; skipped: {string.Join(", ", skipped)}" : "")
                + (refused.Count > 0 ? $"; refused: {string.Join(", ", refused)}" : "");
        }
    }

    /// <summary>The steps refused for a wrong setting: the run failed, and the steps needing them did not run.</summary>
    public IReadOnlyList<BatchStep> Refused => Steps.Where(s => s.Status == BatchPipeline.Refused).ToList();

    /// <summary>The refused steps in one line each (step: reason), for the error output; empty when none was refused.</summary>
    public string RefusalMessage => string.Join(Environment.NewLine, Refused.Select(s => $"run: step '{s.Name}' refused: {s.Summary}"));
}

/// <summary>What a batch run is asked to do.</summary>
/// <param name="AsOf">The features' date (default: the last order date).</param>
/// <param name="Skip">Steps not to run (any of <see cref="BatchPipeline.StepNames"/> but features).</param>
public sealed record BatchRunOptions(DateOnly? AsOf = null, IReadOnlySet<string>? Skip = null)
{
    /// <summary>The as-of date's name in messages: the CLI's <c>--as-of</c>, the API body's <c>asOf</c>.</summary>
    public string AsOfSource { get; init; } = "--as-of";
}

/// <summary>
/// <c>sightline run</c> and <c>POST /api/runs</c>: the analysis on a workspace's own data, in the order each step needs the
/// one before: quality, features, segments, lookalike score, time-window propensity, the contact-reason model, potential,
/// lifetime value and rep lists (the demo's pipeline without the demo's world and plans, which need a target and a
/// headcount budget). A step the data gives nothing to do (no segments defined, no customers to learn from, no
/// touchpoints, no reps) is skipped with its reason and the others run; features failing stops the run, since every
/// later step reads them. A step refused for a wrong setting in sightline.yaml fails the run: it is marked refused, and
/// the steps that read its results (<see cref="Needs"/>) are skipped rather than run on a previous run's results.
/// </summary>
public static class BatchPipeline
{
    /// <summary>A step's status when it ran.</summary>
    public const string Done = "done";

    /// <summary>A step's status when the data or the settings gave it nothing to do.</summary>
    public const string Skipped = "skipped";

    /// <summary>A step's status when a setting it reads is wrong: the run fails.</summary>
    public const string Refused = "refused";

    /// <summary>The steps, in order.</summary>
    public static IReadOnlyList<string> StepNames { get; } = ["quality", "features", "segments", "score", "propensity", "reasons", "potential", "clv", "lists"];

    /// <summary>Per step, the earlier steps whose results it reads (besides features, which every step reads).</summary>
    public static IReadOnlyDictionary<string, string[]> Needs { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["lists"] = ["score", "propensity", "potential"],
    };

    /// <summary>Runs the pipeline.</summary>
    /// <exception cref="BadInputException">An unknown step to skip, no accounts, or the features cannot be built.</exception>
    public static BatchRunResult Run(Workspace workspace, BatchRunOptions options, IProgress<(string Step, double Fraction)>? progress = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        CheckOptions(options);
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.RequireAccounts("analyse");

        // Before the quality step, which would otherwise report on a date the features step then refuses.
        if (options.AsOf is { } asOfAsked)
        {
            Features.FeatureBuilder.CheckAccountsExistOn(workspace, asOfAsked, options.AsOfSource);
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

            if (Needs.GetValueOrDefault(name, []).FirstOrDefault(n => steps.Any(s => s.Name == n && s.Status == Refused)) is { } refusedNeed)
            {
                steps.Add(new BatchStep(name, Skipped, $"not run: it reads the results of {refusedNeed}, which was refused", null, 0));
                continue;
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var (status, summary, runId, stepAsOf) = RunStep(workspace, name, options.AsOf, clock);
                asOf ??= stepAsOf;
                steps.Add(new BatchStep(name, status, summary, runId, Math.Round(watch.Elapsed.TotalSeconds, 2)));
            }
            catch (BadInputException e) when (name != "features")
            {
                steps.Add(new BatchStep(name, NamesASetting(e) ? Refused : Skipped, string.Join("; ", e.Diagnostics.Select(d => d.ToString())), null,
                    Math.Round(watch.Elapsed.TotalSeconds, 2)));
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
        AsOfDates.Check(options.AsOf, options.AsOfSource);
        if ((options.Skip ?? new HashSet<string>(StringComparer.Ordinal)).FirstOrDefault(s => !StepNames.Contains(s) || s == "features") is { } unknown)
        {
            throw new BadInputException(new Diagnostic("skip", null, null, unknown,
                $"not a step that can be skipped; expected any of {string.Join(", ", StepNames.Where(s => s != "features"))} (features feed every other step)"));
        }
    }

    /// <summary>
    /// True when the refusal names a setting of sightline.yaml (potential.driver, segments.X.parent, ...): the settings are
    /// wrong, not the data short of something to do ("no segments defined" names no setting).
    /// </summary>
    private static bool NamesASetting(BadInputException e) => e.Diagnostics.Any(d => d.File == ProjectSettings.FileName && d.Column is not null);

    private static (string Status, string Summary, string? RunId, DateOnly? AsOf) RunStep(Workspace workspace, string name, DateOnly? asOf, TimeProvider? clock)
    {
        var (summary, runId, stepAsOf) = RunStepSummary(workspace, name, asOf, clock);
        return (summary.Skipped ? Skipped : Done, summary.Text, runId, stepAsOf);
    }

    private static ((string Text, bool Skipped) Summary, string? RunId, DateOnly? AsOf) Ran(string text, string? runId, DateOnly? asOf) => ((text, false), runId, asOf);

    private static ((string Text, bool Skipped) Summary, string? RunId, DateOnly? AsOf) RunStepSummary(Workspace workspace, string name, DateOnly? asOf, TimeProvider? clock)
    {
        var c = CultureInfo.InvariantCulture;
        switch (name)
        {
            case "quality":
                var quality = Quality.QualityReporter.Build(workspace, asOf, clock);
                return Ran(string.Create(c, $"score {quality.Score:0}/100 over {Counted.Of(quality.Accounts, "account")}")
                    + (quality.Issues.Count > 0 ? $"; first issue: {quality.Issues[0].Title}" : ""), null, null);
            case "features":
                var features = Features.FeatureBuilder.Build(workspace, asOf, clock);
                return Ran(string.Create(c, $"{Counted.Of(features.Accounts, "account")} ({Counted.Of(features.Customers, "customer")}) as of {features.AsOf:yyyy-MM-dd}, {Counted.Of(features.Columns.Count, "column")}"),
                    features.RunId, features.AsOf);
            case "segments":
                var segments = Segments.SegmentEngine.Evaluate(workspace, clock);
                return Ran(string.Create(c, $"{Counted.Of(segments.Segments.Count, "segment")} over {Counted.Of(segments.Accounts, "account")}, {segments.Unassigned:N0} in none"), segments.RunId, null);
            case "score":
                var lookalike = Models.LookalikeScoring.Run(workspace, new Models.LookalikeOptions(), clock);
                return Ran(string.Create(c, $"lookalike of {Counted.Of(lookalike.Labelled, "buyer")} over {Counted.Of(lookalike.Accounts, "account")}, out-of-fold AUC {lookalike.Metrics.Auc:0.000}"),
                    lookalike.RunId, null);
            case "propensity":
                var window = Models.WindowPropensity.Run(workspace, new Models.WindowOptions(), clock);
                if (window.Purchase is null && window.Products.Count == 0)
                {
                    return ((window.Notes.Count > 0 ? window.Notes[0] : "no model trained", true), window.RunId, null);
                }

                return Ran((window.Purchase is { } purchase
                    ? string.Create(c, $"next {Counted.Of(window.Days, "day")}: {purchase.ExpectedBuyers:N0} expected buyers")
                        + (purchase.Metrics is { } metrics ? string.Create(c, $", AUC {metrics.Auc:0.000}") : "")
                    : $"next {Counted.Of(window.Days, "day")}: {window.Notes.FirstOrDefault() ?? "no any-purchase model"}")
                    + string.Create(c, $"; {Counted.Of(window.Products.Count, "product family", "product families")}"), window.RunId, null);
            case "reasons":
                var reasons = Realtime.ContactReasonTrainer.Train(workspace, clock: clock);
                return Ran(string.Create(c, $"reason for contact from {Counted.Of(reasons.Labels.Values.Sum(), "labelled touch", "labelled touches")}, accuracy {reasons.Metrics.Model.Accuracy:P0} after "
                    + $"{reasons.Metrics.SplitDate:yyyy-MM-dd} (always '{reasons.Metrics.MajorityReason}': {reasons.Metrics.Majority.Accuracy:P0})"), reasons.ModelId, null);
            case "potential":
                var potential = Models.Value.AccountPotential.Run(workspace, clock: clock);
                return Ran(string.Create(c, $"TAM {potential.Tam:N0}, white space {potential.WhiteSpace:N0} over {Counted.Of(potential.Accounts, "account")}"), potential.RunId, null);
            case "clv":
                var clv = Models.Value.LifetimeValue.FromWorkspace(workspace, new Models.Value.ClvOptions(), clock);
                return Ran(string.Create(c, $"{Counted.Of(clv.Customers, "customer")} ({clv.RepeatCustomers:N0} repeat), lifetime value {clv.TotalClv:N0} in all"), clv.RunId, null);
            case "lists":
                var lists = Plans.Lists.RepLists.Run(workspace, clock: clock);
                return Ran(string.Create(c, $"{Counted.Of(lists.Listed, "account")} on {Counted.Of(lists.Reps.Count, "rep's list", "reps' lists")}, {lists.HeldOut:N0} held out"), lists.RunId, null);
            default:
                throw new InvalidOperationException($"no step '{name}'");
        }
    }
}
