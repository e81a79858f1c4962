using System.Text.Json;
using Microsoft.Extensions.Options;
using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>
/// One account's live state. The touchpoint store is the truth and the grain state a checkpoint: on activation the grain
/// loads its checkpoint (or builds the state from the batch baseline), then replays every logged event of the account
/// whose sequence it has not applied. Each event is applied once, by sequence, in memory with the loaded models. With
/// durable grain storage (a cluster) the checkpoint is written every <see cref="WriteEvery"/> events, a second after the
/// last one, and on deactivation; with the embedded silo's memory storage, which a crash loses anyway, only on
/// deactivation (serialising the state after every event cost more than applying it). Correctness never depends on
/// when: an event missing from a lost checkpoint is replayed from the log.
/// </summary>
/// <remarks>Placed at random, so accounts spread over the silos of a cluster.</remarks>
[Orleans.Placement.RandomPlacement]
public sealed class AccountGrain(
    [PersistentState("account", RealtimeHosting.Storage)] IPersistentState<AccountGrainState> state,
    ITouchpointStore store,
    LiveBaselineHost baselines,
    SegmentChangeWebhook webhook,
    TimeProvider clock,
    Orleans.Serialization.Serializer<TouchpointAnswer> answers,
    IOptions<RealtimeOptions> options,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain
{
    /// <summary>The checkpoint is written at least every this many events.</summary>
    public const int WriteEvery = 32;

    // Answers of events the activation replayed before their own call arrived (the call was in flight when the grain
    // activated): the call still gets what applying its event did. Only replays keep answers, and only until claimed: an
    // answer is a few KB that outlived the young generation when every event kept one, which made nearly every
    // collection a costly gen1 one.
    private const int ReplayedAnswers = 16;

    private readonly HashSet<long> _applied = [];
    private readonly Dictionary<long, TouchpointAnswer> _replayed = [];
    private readonly Queue<long> _replayedOrder = new();
    private LiveAccount? _live;
    private LiveContactHistory _history = new();
    // The latest applied answer, serialised into one buffer that each event writes again: a new array per event outlived
    // the young generation for every account touched between two collections (about a fifth of what each one promoted).
    private readonly MemoryStream _lastAnswer = new();
    private long _lastSequence = -1;
    private LiveBaselineStamp? _missingIn;
    private int _dirty;
    private IGrainTimer? _writer;

    private string AccountId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var context = await baselines.Current().ConfigureAwait(true);
        if (state.State.LiveJson is { } json)
        {
            _live = JsonSerializer.Deserialize<LiveAccount>(json);
            _history = state.State.HistoryJson is { } h ? JsonSerializer.Deserialize<LiveContactHistory>(h) ?? new() : new();
            _applied.UnionWith(state.State.AppliedSequences);
        }

        await Prepare(context, replay: true).ConfigureAwait(true);
    }

    /// <inheritdoc />
    public async Task<TouchpointAnswer> Apply(AccountTouch touch)
    {
        ArgumentNullException.ThrowIfNull(touch);
        if (touch.AccountId != AccountId)
        {
            throw new ArgumentException($"event {touch.EventId} is for account {touch.AccountId}, not {AccountId}", nameof(touch));
        }

        var context = await baselines.Current().ConfigureAwait(true);
        await Prepare(context, replay: false).ConfigureAwait(true);
        if (_live is null)
        {
            return TouchpointAnswer.NotApplied(AccountId, touch.EventId, touch.Sequence, NotInBaseline(context), View(context));
        }

        if (_applied.Contains(touch.Sequence))
        {
            // Replayed at activation (its answer waits for this call), the latest event again, counted by the batch (which
            // copied it from the log before this call arrived), or applied before: never twice.
            var asOf = context.Stamp.AsOf;
            return _replayed.Remove(touch.Sequence, out var answer) ? answer
                : _lastSequence == touch.Sequence && LastAnswer() is { } last ? last
                : TouchpointAnswer.NotApplied(AccountId, touch.EventId, touch.Sequence,
                    InBatch(fromBaseline: true, context).Counts(touch.Sequence, DateOnly.FromDateTime(touch.OccurredAt.UtcDateTime), asOf)
                        ? $"event {touch.EventId} (sequence {touch.Sequence}) is counted by the batch of {asOf:yyyy-MM-dd}, which copied it from the log; not applied again"
                        : $"event {touch.EventId} (sequence {touch.Sequence}) was applied before; not applied again", View(context));
        }

        var applied = ApplyOne(touch, context, replayed: false);
        await Checkpoint().ConfigureAwait(true);
        return applied;
    }

    /// <inheritdoc />
    public async Task<AccountLiveView> Live()
    {
        var context = await baselines.Current().ConfigureAwait(true);
        await Prepare(context, replay: true).ConfigureAwait(true);
        return View(context);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _writer?.Dispose();

        // Memory storage goes down with the silo: a checkpoint written while it shuts down is lost work (and fails noisily).
        var storageOutlivesSilo = options.Value.Cluster is not null || reason.ReasonCode != DeactivationReasonCode.ShuttingDown;
        if (_dirty > 0 && storageOutlivesSilo)
        {
            await Write().ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Brings the state to the current batch: builds it from the baseline when there is none (or rebases it when the batch
    /// changed). Then, on activation, for a read of the live state, and after a build, replays the account's logged events
    /// not applied yet; an event's own call does not read the log (no database round trip per event).
    /// </summary>
    private async Task Prepare(LiveContactContext context, bool replay)
    {
        var fromBaseline = false;
        IReadOnlyList<TouchpointLogEntry>? logged = null;
        if (_live is null)
        {
            if (_missingIn == context.Stamp)
            {
                return; // this batch has no row for the account; checked once per batch
            }

            if (await baselines.Account(context, AccountId) is not { } baseline)
            {
                _missingIn = context.Stamp;
                return;
            }

            _live = LiveAccount.FromBaseline(baseline, context.Account);
            _history = new LiveContactHistory();
            _applied.Clear();
            _dirty++;
            replay = true;
            fromBaseline = true;
        }
        else if (_live.Stamp != context.Stamp && await baselines.Account(context, AccountId) is { } rebased)
        {
            logged = await Rebuild(rebased, context).ConfigureAwait(true);
            fromBaseline = true;
        }

        if (!replay)
        {
            return;
        }

        logged ??= await store.ReadAccountAsync(AccountId, 0).ConfigureAwait(true);
        var inBatch = InBatch(fromBaseline, context);
        foreach (var entry in logged.Where(e => !_applied.Contains(e.Sequence)))
        {
            if (inBatch.Counts(entry, context.Stamp.AsOf))
            {
                _applied.Add(entry.Sequence);
                continue;
            }

            ApplyOne(AccountTouch.From(entry.Sequence, entry.Event), context, replayed: true);
        }

        await Checkpoint().ConfigureAwait(true);
    }

    /// <summary>
    /// Which logged events a state built from <paramref name="context"/>'s baseline already counts. The batch copied the
    /// log into touchpoints (the workspace's, or in cluster mode its copy of the cluster's), so that baseline counts those
    /// events up to its date.
    /// </summary>
    private static TouchpointLogInBatch InBatch(bool fromBaseline, LiveContactContext context) =>
        fromBaseline ? context.LogInBatch : TouchpointLogInBatch.None;

    /// <summary>
    /// Takes a new batch's baseline: the state is built from it again, then every event applied so far that the batch does
    /// not count is applied again, quietly (no answer, no segment change published). Merging the old state by date instead
    /// lost an event logged after the batch copied the log but dated on or before the batch date (late, or logged while the
    /// batch ran), lost every such event of the cluster's log, which the batch never reads, and counted the contact history's
    /// touches twice (the new reason baselines count them too). Returns the account's logged events it read.
    /// </summary>
    private async Task<IReadOnlyList<TouchpointLogEntry>> Rebuild(LiveBaselineAccount baseline, LiveContactContext context)
    {
        var on = _live!.On;
        _live = LiveAccount.FromBaseline(baseline, context.Account);
        _history = new LiveContactHistory();
        _dirty++;
        var inBatch = InBatch(fromBaseline: true, context);
        var logged = await store.ReadAccountAsync(AccountId, 0).ConfigureAwait(true);
        foreach (var entry in logged)
        {
            if (!_applied.Contains(entry.Sequence) || inBatch.Counts(entry, context.Stamp.AsOf))
            {
                continue; // not applied yet (the replay or its own call applies it), or in the baseline
            }

            try
            {
                LiveContact.Update(_live, _history, entry.Event, context);
            }
            catch (BadInputException e)
            {
                logger.LogError(e, "Logged event {EventId} (sequence {Sequence}) could not be applied to {Account} again", entry.Event.EventId, entry.Sequence, AccountId);
            }
        }

        if (on > _live.On)
        {
            _live.AdvanceTo(on, context.Account); // the state never moves back in time
        }

        return logged;
    }

    private TouchpointAnswer ApplyOne(AccountTouch touch, LiveContactContext context, bool replayed)
    {
        var live = _live!;
        TouchpointAnswer answer;
        try
        {
            var result = LiveContact.Apply(live, _history, touch.ToEvent(), context);
            answer = TouchpointAnswer.From(touch.Sequence, result, live, $"applied (sequence {touch.Sequence})");
            if (result.Change.SegmentChanged)
            {
                var c = result.Change;
                var change = new SegmentChange(AccountId, [.. c.Entered], [.. c.Exited], c.AssignedBefore, c.AssignedNow, clock.GetUtcNow(), touch.EventId, touch.Sequence);
                _ = GrainFactory.GetGrain<ISegmentChangeHub>(0).Publish(change);
                webhook.Enqueue(change);
            }
        }
        catch (BadInputException e)
        {
            // Validated before it was logged, so this is a broken invariant; the event is consumed rather than retried forever.
            logger.LogError(e, "Logged event {EventId} (sequence {Sequence}) could not be applied to {Account}", touch.EventId, touch.Sequence, AccountId);
            answer = TouchpointAnswer.NotApplied(AccountId, touch.EventId, touch.Sequence, $"event {touch.EventId} could not be applied: {e.Message}", View(context));
        }

        _applied.Add(touch.Sequence);
        if (answer.Applied)
        {
            _lastAnswer.SetLength(0);
            answers.Serialize(answer, _lastAnswer);
            _lastSequence = touch.Sequence;
        }

        if (replayed)
        {
            Remember(touch.Sequence, answer);
        }

        _dirty++;
        return answer;
    }

    private void Remember(long sequence, TouchpointAnswer answer)
    {
        _replayed[sequence] = answer;
        _replayedOrder.Enqueue(sequence);
        while (_replayedOrder.Count > ReplayedAnswers)
        {
            _replayed.Remove(_replayedOrder.Dequeue());
        }
    }

    private async Task Checkpoint()
    {
        if (options.Value.Cluster is null)
        {
            return; // memory storage: written on deactivation only
        }

        if (_dirty >= WriteEvery)
        {
            await Write().ConfigureAwait(true);
        }
        else if (_dirty > 0 && _writer is null)
        {
            // One shot: an idle grain keeps no timer.
            _writer = this.RegisterGrainTimer(async _ =>
            {
                _writer?.Dispose();
                _writer = null;
                if (_dirty > 0)
                {
                    await Write().ConfigureAwait(true);
                }
            }, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        }
    }

    private async Task Write()
    {
        if (_live is null)
        {
            _dirty = 0;
            return;
        }

        state.State.LiveJson = JsonSerializer.Serialize(_live);
        state.State.HistoryJson = JsonSerializer.Serialize(_history);
        state.State.AppliedSequences = [.. _applied.Order()];
        await state.WriteStateAsync().ConfigureAwait(true);
        _dirty = 0;
    }

    private TouchpointAnswer? LastAnswer() => _lastAnswer.Length == 0 ? null : answers.Deserialize(_lastAnswer.GetBuffer().AsSpan(0, (int)_lastAnswer.Length));

    private string NotInBaseline(LiveContactContext context) =>
        $"account {AccountId} is not in the batch of {context.Stamp.AsOf:yyyy-MM-dd} (no feature row; created after it?): the event is logged and is applied "
        + "when a batch run that includes the account has loaded";

    private AccountLiveView View(LiveContactContext context)
    {
        if (_live is not { } live)
        {
            return new AccountLiveView(AccountId, false, NotInBaseline(context), [], null, null, null, null, [], null, 0, [], null, null, RuntimeIdentity);
        }

        var propensity = live.Propensity(context.Account);
        return new AccountLiveView(AccountId, true,
            $"{Counted.Of(live.EventsApplied, "event")} applied since the batch of {live.Stamp?.AsOf:yyyy-MM-dd}; evaluated on {live.On:yyyy-MM-dd}",
            [.. live.Segments], live.AssignedSegment, propensity?.Key, propensity?.Probability, propensity?.Band,
            propensity?.Reasons.Select(r => r.ToString()).ToList() ?? [], LastAnswer(), live.EventsApplied, [.. _applied.Order()], live.On, live.Stamp?.AsOf, RuntimeIdentity);
    }
}
