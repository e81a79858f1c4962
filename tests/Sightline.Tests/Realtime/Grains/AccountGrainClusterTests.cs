using System.Text.Json;
using Sightline.Features;
using Sightline.Models;
using Sightline.Realtime;
using Sightline.Segments;
using Sightline.Server.Realtime;
using Sightline.Tests.Models;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime.Grains;

/// <summary>
/// Account grains on a two-silo Orleans test cluster over the scored demo: answers equal the in-process live account's,
/// each logged event is applied exactly once (duplicates, a stopped silo, events acknowledged but never delivered), and
/// a batch run is picked up. Each test uses its own accounts, so the order they run in does not matter.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AccountGrainClusterTests(ScoredDemoFixture demo, GrainWorldFixture fixture) : IClassFixture<GrainWorldFixture>
{
    private readonly GrainWorld _world = fixture.Get(demo);

    private static TouchpointEvent Touch(string id, string account, DateOnly day, int hour, string channel, string? kind, string? outcome = null, string? family = null) =>
        new(id, account, new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero), channel, kind, "in", null, outcome, family);

    /// <summary>Three inbound touches per account after the batch date: a renewal call, a pending support ticket, a pricing page visit.</summary>
    private static IEnumerable<TouchpointEvent> Touches(string prefix, string account, DateOnly asOf) =>
    [
        Touch($"{prefix}-{account}-1", account, asOf.AddDays(5), 9, "call", "renewal_call"),
        Touch($"{prefix}-{account}-2", account, asOf.AddDays(6), 10, "support", "ticket_opened", "pending"),
        Touch($"{prefix}-{account}-3", account, asOf.AddDays(8), 11, "web", "pricing_page", family: "Analytics"),
    ];

    /// <summary>Delivers each account's logged events to its grain in log order (accounts in parallel), retrying a call a silo stop interrupted.</summary>
    private async Task<Dictionary<string, List<TouchpointAnswer>>> Deliver(IEnumerable<(TouchpointEvent Event, long Sequence)> logged)
    {
        var perAccount = logged.GroupBy(l => l.Event.AccountId).ToList();
        var answers = await Task.WhenAll(perAccount.Select(async g =>
        {
            var list = new List<TouchpointAnswer>();
            foreach (var (e, sequence) in g.OrderBy(l => l.Sequence))
            {
                list.Add(await Retry(() => _world.Grain(e.AccountId).Apply(AccountTouch.From(sequence, e))));
            }

            return (g.Key, list);
        }));
        return answers.ToDictionary(a => a.Key, a => a.list, StringComparer.Ordinal);
    }

    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(500 * attempt); // a grain on a silo that just stopped is placed again on the next call
            }
        }
    }

    [Fact]
    public async Task Apply_ManyAccountsOnTwoSilos_AnswersEqualTheInProcessLiveAccountAndDuplicatesApplyOnce()
    {
        var accounts = _world.Accounts().Take(40).ToList();
        LiveContactContext context;
        Dictionary<string, LiveBaselineAccount> baselines;
        using (var ws = _world.Root.Duplicate())
        {
            context = LiveContactContext.Load(ws);
            baselines = LiveBaseline.LoadAccounts(ws, context.Account, accounts);
        }

        var logged = await _world.Append(accounts.SelectMany(a => Touches("same", a, context.Stamp.AsOf)));
        var answers = await Deliver(logged);

        Assert.NotNull(context.ReasonModel);
        var reasons = 0;
        foreach (var account in accounts)
        {
            var live = LiveAccount.FromBaseline(baselines[account], context.Account);
            var history = new LiveContactHistory();
            var expected = logged.Where(l => l.Event.AccountId == account).OrderBy(l => l.Sequence)
                .Select(l => TouchpointAnswer.From(l.Sequence, LiveContact.Apply(live, history, l.Event, context), live, $"applied (sequence {l.Sequence})"))
                .ToList();
            Assert.Equal(expected.Select(a => JsonSerializer.Serialize(a)), answers[account].Select(a => JsonSerializer.Serialize(a)));
            Assert.Equal([1L, 2, 3], answers[account].Select(a => a.EventsApplied));
            Assert.All(answers[account], a => Assert.NotNull(a.Route));
            reasons += answers[account].Count(a => a.ReasonForContact is not null);
        }

        Assert.Equal(accounts.Count * 3, reasons); // the reason model answered every touch
        Assert.Contains(answers.Values.SelectMany(a => a), a => a.ReasonForContact!.Reason == "support" && a.Route!.To == "support_desk");

        var views = await Task.WhenAll(accounts.Select(a => _world.Grain(a).Live()));
        Assert.Equal(2, views.Select(v => v.Silo).Distinct().Count());

        // The same sequence again: not applied twice. The same event id again: the log calls it a duplicate.
        var (first, sequence) = logged[0];
        var (latest, latestSequence) = logged.Where(l => l.Event.AccountId == first.AccountId).MaxBy(l => l.Sequence);
        // A retried call for the account's latest event gets its answer back; an older one is said to be applied before.
        var again = await _world.Grain(latest.AccountId).Apply(AccountTouch.From(latestSequence, latest));
        Assert.Equal(JsonSerializer.Serialize(answers[first.AccountId][^1]), JsonSerializer.Serialize(again));
        var older = await _world.Grain(first.AccountId).Apply(AccountTouch.From(sequence, first));
        Assert.False(older.Applied);
        Assert.Equal($"event {first.EventId} (sequence {sequence}) was applied before; not applied again", older.Note);
        Assert.Equal(3, older.EventsApplied);
        var repeated = await _world.Store.AppendAsync([first]);
        Assert.Equal((TouchpointLogStatus.Duplicate, sequence), (repeated.Events[0].Status, repeated.Events[0].Sequence));
        Assert.Equal(3, (await _world.Grain(first.AccountId).Live()).EventsApplied);
    }

    [Fact]
    public async Task Activation_ReplaysLoggedEvents_AndEachInFlightCallGetsItsOwnEventsAnswerOnce()
    {
        // Logged while no grain was active (the calls still in flight): the first call's activation replays all three.
        var account = _world.Accounts()[300];
        var asOf = (await _world.BaselineHosts().First().Current()).Stamp.AsOf;
        var logged = (await _world.Append(Touches("inflight", account, asOf))).OrderBy(l => l.Sequence).ToList();

        var answers = new List<TouchpointAnswer>();
        foreach (var (e, sequence) in logged)
        {
            answers.Add(await _world.Grain(account).Apply(AccountTouch.From(sequence, e)));
        }

        Assert.Equal(logged.Select(l => (l.Event.EventId, l.Sequence, true)), answers.Select(a => (a.EventId, a.Sequence, a.Applied)));
        Assert.Equal([1L, 2, 3], answers.Select(a => a.EventsApplied));

        // Claimed once: the first event again is applied before; the latest still answers as it did.
        var first = await _world.Grain(account).Apply(AccountTouch.From(logged[0].Sequence, logged[0].Event));
        Assert.False(first.Applied);
        Assert.Equal(JsonSerializer.Serialize(answers[^1]),
            JsonSerializer.Serialize(await _world.Grain(account).Apply(AccountTouch.From(logged[^1].Sequence, logged[^1].Event))));
        var live = await _world.Grain(account).Live();
        Assert.Equal(3, live.EventsApplied);

        // The live view's latest contact is that answer, field for field (the grain keeps it serialised).
        Assert.Equal(JsonSerializer.Serialize(answers[^1]), JsonSerializer.Serialize(live.LastContact));
        Assert.Equal((logged[^1].Event.EventId, logged[^1].Sequence), (live.LastContact!.EventId, live.LastContact.Sequence));
        Assert.NotNull(live.LastContact.Route);
    }

    [Fact]
    public async Task StopSilo_MidStream_EveryAcknowledgedEventIsAppliedExactlyOnce()
    {
        var accounts = _world.Accounts().Skip(100).Take(40).ToList();
        var asOf = (await _world.BaselineHosts().First().Current()).Stamp.AsOf;
        var touches = accounts.ToDictionary(a => a, a => Touches("stop", a, asOf).ToList(), StringComparer.Ordinal);

        await Deliver(await _world.Append(accounts.Select(a => touches[a][0])));

        // Acknowledged (durable in the log) but never delivered: as if the silo died between the append and the grain call.
        await _world.Append(accounts.Select(a => touches[a][1]));
        var stopped = _world.Cluster.SecondarySilos[0];
        await _world.Cluster.StopSiloAsync(stopped);
        try
        {
            await Deliver(await _world.Append(accounts.Select(a => touches[a][2])));

            foreach (var account in accounts)
            {
                var view = await Retry(() => _world.Grain(account).Live());
                var log = await _world.Store.ReadAccountAsync(account, 0);
                Assert.Equal(3, log.Count);
                Assert.Equal(log.Count, view.EventsApplied);
                Assert.Equal(log.Select(l => l.Sequence), view.AppliedSequences);
            }
        }
        finally
        {
            await _world.Cluster.StartAdditionalSiloAsync(); // two silos again for the other tests
        }
    }

    [Fact]
    public async Task BatchRun_ChangesTheStamp_TheNextEventUsesTheNewBaselineAndLiveScoreEqualsBatchScore()
    {
        var account = _world.Accounts()[200];
        var before = await _world.Grain(account).Live();
        Assert.True(before.InBaseline);
        var oldAsOf = before.BaselineAsOf!.Value;
        var newAsOf = oldAsOf.AddDays(30);

        // Logged before the batch for an account whose grain is not active: the batch copies both into touchpoints, and its
        // baseline counts the one dated up to the batch date, so the activation's replay must apply only the later one.
        var quiet = _world.Accounts()[250];
        var quietLogged = await _world.Append([
            Touch($"batched-{quiet}", quiet, newAsOf.AddDays(-3), 9, "call", "renewal_call"),
            Touch($"after-batch-{quiet}", quiet, newAsOf.AddDays(1), 9, "call", "renewal_call")]);

        // An active account with a live event the batch copies, and a late one logged after the copy but dated before the
        // batch date: after the reload its state must count each once (a rebase that kept only touches dated after the
        // batch lost the late one until the next batch).
        var active = _world.Accounts()[260];
        var early = await _world.Append([Touch($"early-{active}", active, newAsOf.AddDays(-5), 9, "call", "renewal_call")]);
        Assert.True((await Deliver(early))[active].Single().Applied);

        var later = new FixedClock(FixedClock.Default.GetUtcNow().AddHours(1));
        double batchScore;
        int batchCalls;
        using (var ws = _world.Root.Duplicate())
        {
            Assert.True(FeatureBuilder.Build(ws, newAsOf, later).LogFold.Folded >= 3);
            batchCalls = Convert.ToInt32(ws.Scalar($"""
                SELECT count(*) FROM touchpoints WHERE account_id = '{active}' AND channel = 'call'
                    AND occurred_at::DATE BETWEEN DATE '{newAsOf.AddDays(-88):yyyy-MM-dd}' AND DATE '{newAsOf:yyyy-MM-dd}'
                """), System.Globalization.CultureInfo.InvariantCulture);
            SegmentEngine.Evaluate(ws, later);
            WindowPropensity.Run(ws, new WindowOptions(), later);
            var stamp = LiveBaseline.CurrentStamp(ws);
            Assert.Equal(newAsOf, stamp.AsOf);
            batchScore = Convert.ToDouble(ws.Scalar(
                $"SELECT probability FROM account_scores WHERE run_id = '{stamp.PropensityRunId}' AND kind = 'window' AND product_family IS NULL AND account_id = '{account}'"),
                System.Globalization.CultureInfo.InvariantCulture);
        }

        var late = await _world.Append([Touch($"late-{active}", active, newAsOf.AddDays(-2), 9, "call", "renewal_call")]);
        Assert.True((await Deliver(late))[active].Single().Applied);

        foreach (var host in _world.BaselineHosts())
        {
            Assert.True(await host.Refresh());
        }

        var touch = Touch($"reload-{account}", account, newAsOf.AddDays(2), 9, "call", "renewal_call");
        var logged = await _world.Append([touch]);
        var answer = (await Deliver(logged))[account].Single();

        Assert.True(answer.Applied);
        Assert.Equal(newAsOf, answer.BaselineAsOf);
        Assert.Equal("window", answer.PropensityModel);
        Assert.Equal(batchScore, answer.PropensityBefore!.Value, 9); // same features as the batch (no live touch after it): same score
        Assert.Equal(1, answer.EventsApplied);

        var next = await _world.Append([Touch($"next-{active}", active, newAsOf.AddDays(1), 9, "call", "renewal_call")]);
        var rebuilt = (await Deliver(next))[active].Single();
        Assert.Equal(newAsOf, rebuilt.BaselineAsOf);
        Assert.Equal(2, rebuilt.EventsApplied); // the late event again and this one; the early one is in the baseline
        Assert.Single(rebuilt.FeatureChanges, c => c.StartsWith("touches call 90d ", StringComparison.Ordinal) && c.EndsWith($" → {batchCalls + 2}", StringComparison.Ordinal));
        Assert.Equal(early.Concat(late).Concat(next).Select(l => l.Sequence).Order(), (await _world.Grain(active).Live()).AppliedSequences);

        // The batched event's own call arrives after the batch: the activation it causes counts the event from the baseline.
        var batched = await _world.Grain(quiet).Apply(AccountTouch.From(quietLogged[0].Sequence, quietLogged[0].Event));
        Assert.False(batched.Applied);
        Assert.Equal($"event batched-{quiet} (sequence {quietLogged[0].Sequence}) is counted by the batch of {newAsOf:yyyy-MM-dd}, which copied it from the log; not applied again",
            batched.Note);

        var replayed = await _world.Grain(quiet).Live();
        Assert.Equal(newAsOf, replayed.BaselineAsOf);
        Assert.Equal(1, replayed.EventsApplied); // only the event dated after the batch; the other is in the baseline, not applied twice
        Assert.Equal(quietLogged.Select(l => l.Sequence).Order(), replayed.AppliedSequences);
    }
}
