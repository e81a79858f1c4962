using System.Globalization;
using System.Text;

namespace Sightline.Realtime;

/// <summary>
/// One account's live state: the batch baseline, the live features, and the scores and segments they give now. An
/// event updates it in memory (<see cref="Apply"/>): features, then a re-score with the loaded models, then the segment
/// rules, and the answer says what changed and why. Plain public properties so a grain can persist it as it is; the
/// shared models and rules live in <see cref="LiveAccountContext"/>, not in each account. Not thread-safe: one owner
/// (a grain) applies one event at a time.
/// </summary>
public sealed class LiveAccount
{
    // The row (and rule row) the latest evaluation computed, and what it was computed from: the next event's "before"
    // and the contact's routing row reuse it instead of overlaying the features again while nothing changed.
    private LiveBaselineRow? _row;
    private IReadOnlyDictionary<string, object?>? _ruleRow;
    private (LiveBaselineRow Batch, LiveFeatures Features, int Version, DateOnly On, LiveAccountContext Context)? _rowOf;

    /// <summary>The account.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The batch the baseline came from: compare with <see cref="LiveBaseline.CurrentStamp"/> to know when to reload.</summary>
    public LiveBaselineStamp? Stamp { get; set; }

    /// <summary>The batch feature row.</summary>
    public LiveBaselineRow Batch { get; set; } = new();

    /// <summary>The live features.</summary>
    public LiveFeatures Features { get; set; } = new();

    /// <summary>
    /// The day the account is evaluated on: the batch date, moved forward by the latest event's day (or by
    /// <see cref="AdvanceTo"/>), never back, so a late event never rewinds the windows.
    /// </summary>
    public DateOnly On { get; set; }

    /// <summary>Segments the account is in now.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>Its assigned segment now.</summary>
    public string? AssignedSegment { get; set; }

    /// <summary>Every model's score now.</summary>
    public IReadOnlyList<LiveScorerResult> Scores { get; set; } = [];

    /// <summary>The batch's scores of the models that read no live feature (carried into <see cref="Scores"/> unchanged).</summary>
    public List<LiveScorerResult> Carried { get; set; } = [];

    /// <summary>Events applied since the baseline was loaded.</summary>
    public long EventsApplied { get; set; }

    /// <summary>The account's state at the batch date, scored and segmented from its batch row and touches.</summary>
    public static LiveAccount FromBaseline(LiveBaselineAccount baseline, LiveAccountContext context)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(context);
        var account = new LiveAccount
        {
            AccountId = baseline.AccountId,
            Stamp = context.Stamp,
            Batch = baseline.Row,
            Features = baseline.Features.Copy(),
            On = context.Stamp.AsOf,
            Carried = context.Scorer.Carried(baseline),
        };
        account.Evaluate(context);
        return account;
    }

    /// <summary>The score reported as the propensity, or null.</summary>
    public LiveScorerResult? Propensity(LiveAccountContext context) => ScoreOf(Scores, context?.Scorer.HeadlineKey);

    private static LiveScorerResult? ScoreOf(IReadOnlyList<LiveScorerResult> scores, string? key)
    {
        // An evaluation's own scores give the headline without scoring every other model.
        if (scores is LiveScorer.LiveScores live && live.HeadlineKey == key)
        {
            return live.Headline;
        }

        foreach (var score in scores)
        {
            if (score.Key == key)
            {
                return score;
            }
        }

        return null;
    }

    /// <summary>The current row: batch features with the live ones overlaid, as of <see cref="On"/>.</summary>
    public LiveBaselineRow CurrentRow() => LiveFeaturesOverlay.Apply(Batch, Features, On);

    /// <summary>The current row as rules read it (feature and live-only columns, null when unknown).</summary>
    public Dictionary<string, object?> RuleRow(LiveAccountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CurrentRow().ToRuleRow(context.RowColumns);
    }

    /// <summary>Applies one touch: features, re-score, segments; answers with what changed.</summary>
    /// <param name="touch">The event; it must be for this account.</param>
    /// <param name="context">Models and rules.</param>
    /// <param name="today">The day to evaluate on (the host's clock); default the event's own day. The state never moves back in time.</param>
    /// <exception cref="BadInputException">The event is malformed or for another account; the state is unchanged.</exception>
    public LiveAccountChange Apply(TouchpointEvent touch, LiveAccountContext context, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(touch);
        ArgumentNullException.ThrowIfNull(context);
        var found = touch.Problems();
        var otherAccount = touch.AccountId != AccountId && !string.IsNullOrWhiteSpace(touch.AccountId);
        if (found.Count > 0 || otherAccount)
        {
            var problems = found.ToList();
            if (otherAccount)
            {
                problems.Add(new Diagnostic($"event {touch.EventId}", null, "account_id", touch.AccountId, $"this state is account {AccountId}"));
            }

            throw new BadInputException(problems, problems.Count);
        }

        var before = Snapshot();
        var day = today ?? touch.Day;
        if (day > On)
        {
            On = day;
        }

        var counted = Features.Apply(touch, On);
        EventsApplied++;
        var row = Evaluate(context);
        var what = $"{touch.Channel}{(touch.Direction is { } d ? $" ({d})" : "")}{(touch.Kind is { } k ? $" {k}" : "")} on {touch.Day:yyyy-MM-dd}"
            + (counted ? "" : $", older than the {LiveFeatures.KeepDays}-day windows (recency only)");
        var change = Change(touch.EventId, counted, before, row, context, what);
        (Scores as LiveScorer.LiveScores)?.ForgetWords();
        return change;
    }

    /// <summary>Moves the evaluation day forward without an event (windows slide, old touches drop out), and answers with what changed.</summary>
    public LiveAccountChange AdvanceTo(DateOnly day, LiveAccountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var before = Snapshot();
        if (day > On)
        {
            On = day;
        }

        Features.Prune(On);
        var row = Evaluate(context);
        return Change(null, false, before, row, context, $"the day moved on to {On:yyyy-MM-dd}");
    }

    private LiveBaselineRow Evaluate(LiveAccountContext context)
    {
        var row = EvaluationRow();
        var ruleRow = new LiveRuleRow(row, context);
        var membership = context.Segments.Evaluate(ruleRow, On);
        if (!Same(Segments, membership.Members))
        {
            // Replaced, never changed in place: an answer and a route may hold the previous list.
            Segments = [.. membership.Members];
        }
        AssignedSegment = membership.Assigned;
        Scores = context.Scorer.ScoreLive(row, Carried);
        _row = row;
        _ruleRow = ruleRow;
        _rowOf = (Batch, Features, Features.Version, On, context);
        return row;
    }

    /// <summary>The row of the latest evaluation when the state has not changed since (else null). Read only: it is shared.</summary>
    private LiveBaselineRow? EvaluatedRow(LiveAccountContext? context = null) =>
        _rowOf is { } of && ReferenceEquals(of.Batch, Batch) && ReferenceEquals(of.Features, Features) && of.Version == Features.Version && of.On == On
            && (context is null || ReferenceEquals(of.Context, context))
            ? _row
            : null;

    /// <summary>
    /// <see cref="RuleRow"/>, taken from the latest evaluation while the state has not changed since. The dictionary is
    /// shared with the account: read it, do not change it.
    /// </summary>
    internal IReadOnlyDictionary<string, object?> EvaluatedRuleRow(LiveAccountContext context) =>
        EvaluatedRow(context) is not null ? _ruleRow! : RuleRow(context);

    private static readonly HashSet<string> BatchColumnSet = new(LiveFeaturesOverlay.BatchColumns, StringComparer.Ordinal);

    /// <summary>A probability as people read it: <c>18.2%</c>.</summary>
    internal static string Percent(double probability) => (probability * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private (List<string> Segments, string? Assigned, IReadOnlyList<LiveScorerResult> Scores, LiveBaselineRow Row) Snapshot() =>
        (Segments, AssignedSegment, Scores, EvaluatedRow() ?? EvaluationRow());

    // Kept as the evaluation's row and read only, so it may share the batch row's unchanging parts.
    private LiveBaselineRow EvaluationRow() => LiveFeaturesOverlay.Apply(Batch, Features, On, readOnly: true);

    /// <summary>Whether two segment lists are equal, in order (a loop, not LINQ's enumerators: this runs for every event).</summary>
    private static bool Same(List<string> these, IReadOnlyList<string> those)
    {
        if (these.Count != those.Count)
        {
            return false;
        }

        for (var i = 0; i < these.Count; i++)
        {
            if (!string.Equals(these[i], those[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The segments of <paramref name="these"/> not in <paramref name="those"/>, in order.</summary>
    private static IReadOnlyList<string> Missing(List<string> these, List<string> those)
    {
        // Most events move no segment: nothing is made then.
        List<string>? missing = null;
        foreach (var segment in these)
        {
            if (!those.Contains(segment))
            {
                (missing ??= []).Add(segment);
            }
        }

        return missing ?? (IReadOnlyList<string>)[];
    }

    private LiveAccountChange Change(string? eventId, bool counted, (List<string> Segments, string? Assigned, IReadOnlyList<LiveScorerResult> Scores, LiveBaselineRow Row) before,
        LiveBaselineRow row, LiveAccountContext context, string what)
    {
        var entered = Missing(Segments, before.Segments);
        var exited = Missing(before.Segments, Segments);
        var key = context.Scorer.HeadlineKey;
        var was = ScoreOf(before.Scores, key);
        var now = ScoreOf(Scores, key);
        var changed = LiveFeaturesOverlay.Changes(before.Row, row);
        var changes = new List<string>(changed.Count);

        // The summary names what the models and segments read (batch columns) and open tickets; the list has everything.
        var told = new List<string>(changed.Count);
        foreach (var c in changed)
        {
            var text = $"{LiveFeaturesOverlay.Spoken(c.Column)} {c.Before} → {c.Now}";
            changes.Add(text);
            if (c.Column == "open_tickets" || BatchColumnSet.Contains(c.Column))
            {
                told.Add(text);
            }
        }
        var reasons = now?.Reasons.Select(r => r.ToString()).ToList() ?? [];

        var summary = new StringBuilder(512).Append(CultureInfo.InvariantCulture, $"{AccountId}: {what}.");
        if (told.Count > 0)
        {
            summary.Append(" Changed: ").AppendJoin(", ", told).Append('.');
        }

        if (now is not null)
        {
            var from = was is null ? "" : was.Probability == now.Probability ? " (unchanged)" : $" (was {Percent(was.Probability)})";
            summary.Append(CultureInfo.InvariantCulture, $" {key} propensity {Percent(now.Probability)}{from}, band {now.Band}: {now.WhyOf(reasons)}.");
        }

        foreach (var segment in entered)
        {
            summary.Append(CultureInfo.InvariantCulture, $" Entered {segment}: its rule '{context.Segments.RuleOf(segment)}' now holds.");
        }

        foreach (var segment in exited)
        {
            summary.Append(CultureInfo.InvariantCulture, $" Left {segment}: its rule '{context.Segments.RuleOf(segment)}' no longer holds.");
        }

        if (before.Assigned != AssignedSegment)
        {
            summary.Append(CultureInfo.InvariantCulture, $" Assigned segment {before.Assigned ?? "none"} → {AssignedSegment ?? "none"}.");
        }

        return new LiveAccountChange(AccountId, eventId, On, counted, [.. Segments], entered, exited, before.Assigned, AssignedSegment, key,
            was?.Probability, now?.Probability, now?.Band, reasons, changes, summary.ToString(), Scores);
    }
}
