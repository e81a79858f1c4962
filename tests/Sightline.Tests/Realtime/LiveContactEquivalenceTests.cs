using System.Text.Json;
using Sightline.Data;
using Sightline.Features;
using Sightline.Realtime;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>
/// The per-event shortcuts (rows and rule rows reused between events, reasons put into words only when read, touch
/// history counted per day, one pass over the day buckets) must not change an answer: each event's answer is compared
/// with a reference that takes none of them.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class LiveContactEquivalenceTests(ScoredDemoFixture demo)
{
    private static readonly string[] Kinds = ["pricing_page", "support_ticket", "renewal_call", "demo_request"];
    private static readonly string?[] Outcomes = [null, "resolved", "open", "Closed"];
    private static readonly string?[] Directions = [null, "in", "out"];

    [Fact]
    public void Apply_ManyDemoAccountsAndEvents_AnswersEqualAReferenceWithoutShortcuts()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var context = LiveContactContext.Load(ws);
        var ids = AccountIds(ws, 120);
        var baselines = LiveBaseline.LoadAccounts(ws, context.Account, ids);
        var random = new Random(11);
        var events = 0;
        foreach (var id in ids)
        {
            var account = LiveAccount.FromBaseline(baselines[id], context.Account);
            var history = new LiveContactHistory();

            // The reference: the state read back from JSON before every event (nothing cached, every reason in words),
            // and the history as one entry per touch, as it was kept before touches were counted.
            var reference = LiveAccount.FromBaseline(baselines[id], context.Account);
            var touches = new List<LiveContactTouch>();
            var day = context.Stamp.AsOf.AddDays(1);
            for (var n = 0; n < 12; n++)
            {
                day = day.AddDays(random.Next(0, 4));
                var on = random.Next(8) == 0 ? day.AddDays(-random.Next(1, 60)) : day; // now and then a late event
                var touch = new TouchpointEvent($"{id}-{n}", id, new DateTimeOffset(on.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero),
                    CanonicalSchema.TouchpointChannels[random.Next(CanonicalSchema.TouchpointChannels.Count)],
                    Kind: random.Next(3) == 0 ? null : Kinds[random.Next(Kinds.Length)], Direction: Directions[random.Next(Directions.Length)],
                    Outcome: Outcomes[random.Next(Outcomes.Length)]);

                reference = JsonSerializer.Deserialize<LiveAccount>(JsonSerializer.Serialize(reference))!;
                var expected = LiveContact.Apply(reference, new LiveContactHistory { Touches = [.. touches] }, touch, context);
                AddAsBefore(touches, touch, reference.On);

                var actual = LiveContact.Apply(account, history, touch, context);
                Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

                // Every model's score and reasons equal an eager scoring of the row as it is now.
                Assert.Equal(JsonSerializer.Serialize(context.Account.Scorer.Score(id, account.CurrentRow(), account.Carried)), JsonSerializer.Serialize(account.Scores));
                AssertOverlayCountsEachWindow(account);
                events++;
            }

            Assert.True(history.Touches.Count <= touches.Count);
            Assert.Equal(touches.Count, history.Touches.Sum(t => t.Count));
        }

        Assert.Equal(ids.Count * 12, events);
    }

    [Fact]
    public void ReasonInput_CountedHistory_EqualsOneEntryPerTouchAndOldJsonReadsAsOneTouchEach()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var context = LiveContactContext.Load(ws);
        var id = AccountIds(ws, 1)[0];
        var account = LiveAccount.FromBaseline(LiveBaseline.LoadAccounts(ws, context.Account, [id])[id], context.Account);
        var history = new LiveContactHistory();
        var touches = new List<LiveContactTouch>();
        var random = new Random(3);
        var day = context.Stamp.AsOf.AddDays(1);
        for (var n = 0; n < 400; n++)
        {
            day = day.AddDays(n % 20 == 19 ? 1 : 0); // a busy account: twenty touches a day
            var touch = new TouchpointEvent($"e{n}", id, new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), n % 3 == 0 ? "support" : "call",
                Kind: Kinds[random.Next(Kinds.Length)], Outcome: Outcomes[random.Next(Outcomes.Length)]);

            // Old state (one entry per touch, no count) as the grain stored it: each entry reads as one touch.
            var old = JsonSerializer.Serialize(new { Touches = touches.Select(t => new { t.Day, t.Kind, t.OpenSupport }) });
            var restored = JsonSerializer.Deserialize<LiveContactHistory>(old)!;
            Assert.All(restored.Touches, t => Assert.Equal(1, t.Count));
            Assert.Equal(JsonSerializer.Serialize(LiveContact.ReasonInput(account, restored, touch, context)), JsonSerializer.Serialize(LiveContact.ReasonInput(account, history, touch, context)));

            account.Apply(touch, context.Account);
            history.Add(touch, account.On);
            AddAsBefore(touches, touch, account.On);
        }

        // Twenty days of twenty touches: at most one entry per day, kind and open question, and the counts add up.
        Assert.True(history.Touches.Count <= 20 * Kinds.Length * 2, $"{history.Touches.Count} entries");
        Assert.Equal(touches.Count, history.Touches.Sum(t => t.Count));
        var again = JsonSerializer.Deserialize<LiveContactHistory>(JsonSerializer.Serialize(history))!;
        Assert.Equal(history.Touches, again.Touches);
    }

    [Fact]
    public void Add_TouchesOlderThanTheWindow_AreForgottenAndTheRestCounted()
    {
        var history = new LiveContactHistory();
        var today = new DateOnly(2026, 3, 1);
        TouchpointEvent Touch(int daysAgo, string? kind, string? outcome = null) =>
            new($"{daysAgo}-{kind}-{outcome}-{history.Touches.Sum(t => t.Count)}", "A1", new DateTimeOffset(today.AddDays(-daysAgo).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "support", Kind: kind, Outcome: outcome);

        history.Add(Touch(40, "ticket"), today.AddDays(-40));
        history.Add(Touch(2, "ticket"), today);
        history.Add(Touch(2, "ticket"), today);
        history.Add(Touch(2, "ticket", "resolved"), today);
        history.Add(Touch(0, null), today);
        history.Add(Touch(0, null), today);

        Assert.Equal(
            [new LiveContactTouch(today.DayNumber - 2, "ticket", true, 2), new LiveContactTouch(today.DayNumber - 2, "ticket", false), new LiveContactTouch(today.DayNumber, null, true, 2)],
            history.Touches);
    }

    /// <summary>What <see cref="LiveContactHistory.Add"/> did before touches were counted: one entry per touch.</summary>
    private static void AddAsBefore(List<LiveContactTouch> touches, TouchpointEvent touch, DateOnly today)
    {
        var open = ContactReasons.IsSupportTouch(touch.Channel, touch.Kind)
            && (touch.Outcome is null || !LiveContactHistory.ResolvedOutcomes.Contains(touch.Outcome, StringComparer.OrdinalIgnoreCase));
        touches.Add(new LiveContactTouch(touch.Day.DayNumber, touch.Kind, open));
        touches.RemoveAll(t => t.Day <= today.DayNumber - LiveContactHistory.KeepDays);
    }

    /// <summary>The overlaid window counts equal <see cref="LiveFeatures.Count"/> asked column by column.</summary>
    private static void AssertOverlayCountsEachWindow(LiveAccount account)
    {
        var row = account.CurrentRow();
        var live = account.Features;
        var on = account.On;
        foreach (var channel in CanonicalSchema.TouchpointChannels)
        {
            Assert.Equal(live.Count(on, 7, channel), row.Numbers[$"touches_{channel}_7d"]);
            Assert.Equal(live.Count(on, 30, channel), row.Numbers[$"touches_{channel}_30d"]);
            Assert.Equal(live.Count(on, 90, channel), row.Numbers[$"touches_{channel}_90d"]);
            Assert.Equal(live.Count(on, 365, channel), row.Numbers[$"touches_{channel}_365d"]);
        }

        Assert.Equal(live.Count(on, 365, "support"), row.Numbers["support_load_365d"]);
        Assert.Equal(live.Count(on, 90, direction: "in"), row.Numbers["inbound_touches_90d"]);
        Assert.Equal(live.Count(on, 7, direction: "in"), row.Numbers["inbound_touches_7d"]);
        Assert.Equal(live.Count(on, 30, direction: "in"), row.Numbers["inbound_touches_30d"]);
        Assert.Equal(live.Count(on, 7, direction: "out"), row.Numbers["outbound_touches_7d"]);
        Assert.Equal(live.Count(on, 30, direction: "out"), row.Numbers["outbound_touches_30d"]);
        Assert.Equal(live.Count(on, 90, direction: "out"), row.Numbers["outbound_touches_90d"]);
    }

    private static List<string> AccountIds(Workspace ws, int count)
    {
        using var command = ws.Connection.CreateCommand();
        command.CommandText = $"SELECT account_id FROM {FeatureBuilder.Table} ORDER BY account_id LIMIT {count}";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
