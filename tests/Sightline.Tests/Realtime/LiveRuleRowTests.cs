using Sightline.Realtime;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>The rule row read on demand against the built one, on the 3,000-account demo.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class LiveRuleRowTests(ScoredDemoFixture demo)
{
    [Fact]
    public void TryGetValue_EveryAccountAndColumn_EqualsToRuleRow()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var context = baseline.Context;
        var touch = new TouchpointEvent("rr-1", "", new DateTimeOffset(context.Stamp.AsOf.AddDays(3).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            "support", "question", "in", null, "pending", "Analytics", null, null);
        foreach (var account in baseline.Accounts.Values.Take(500))
        {
            var live = LiveAccount.FromBaseline(account, context);
            live.Apply(touch with { AccountId = account.AccountId }, context);
            var row = live.CurrentRow();
            var built = row.ToRuleRow(context.RowColumns);
            var view = new LiveRuleRow(row, context);
            foreach (var (key, value) in built)
            {
                Assert.True(view.TryGetValue(key, out var seen), key);
                Assert.Equal(value, seen);
            }

            Assert.False(view.TryGetValue("no_such_column", out _));
            Assert.Equal(built.Count, view.Count);
            Assert.Equal(built.Keys, view.Keys);

            // The account's own routing row is the one its latest evaluation read.
            var evaluated = live.EvaluatedRuleRow(context);
            Assert.Equal(built.Keys, evaluated.Keys);
            Assert.All(built, p => Assert.Equal(p.Value, evaluated[p.Key]));
        }
    }

    [Fact]
    public void EvaluatedRuleRow_AfterTheStateChanges_IsRecomputed()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var context = baseline.Context;
        var account = baseline.Accounts.Values.First();
        var live = LiveAccount.FromBaseline(account, context);
        var before = live.EvaluatedRuleRow(context)["touches_web_30d"];

        // Changed behind the account's back (not through Apply): the cached row must not be served.
        live.Features.AddBucket(context.Stamp.AsOf.DayNumber, "web", 5, 5, 0);
        Assert.Equal((double)before! + 5, live.EvaluatedRuleRow(context)["touches_web_30d"]);
        live.On = live.On.AddDays(400);
        Assert.Equal(0.0, live.EvaluatedRuleRow(context)["touches_web_30d"]);
    }

    [Fact]
    public void Evaluation_SharesTheBatchRowsUnchangingParts_WithoutChangingThem_AndCurrentRowIsACopy()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var context = baseline.Context;
        var account = baseline.Accounts.Values.First(a => a.Row.Lists.Count > 0 && a.Row.Texts.Count > 0);
        var live = LiveAccount.FromBaseline(account, context);
        var batchBefore = System.Text.Json.JsonSerializer.Serialize(live.Batch);
        var touch = new TouchpointEvent("share-1", account.AccountId, new DateTimeOffset(context.Stamp.AsOf.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            "support", "question", "in", null, "pending", "Analytics", null, null);
        live.Apply(touch, context);

        // The evaluation's row overlays products asked about on its own list table; the batch row keeps its lists and counts.
        Assert.Equal(batchBefore, System.Text.Json.JsonSerializer.Serialize(live.Batch));
        Assert.Contains("Analytics", (List<string>)live.EvaluatedRuleRow(context)["products_asked_about"]!);

        // A caller's row is its own: changing it leaves the account's batch row alone.
        var mine = live.CurrentRow();
        mine.Texts[mine.Texts.Keys.First()] = "changed by a caller";
        mine.Lists[mine.Lists.Keys.First()].Add("changed by a caller");
        mine.Flags["changed_by_a_caller"] = true;
        Assert.Equal(batchBefore, System.Text.Json.JsonSerializer.Serialize(live.Batch));
    }
}
