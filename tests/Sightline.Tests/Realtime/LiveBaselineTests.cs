using Sightline.Realtime;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>The baseline built from the 3,000-account demo reproduces the batch's features and segments for every account.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class LiveBaselineTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Load_Demo_StampNamesEveryBatchRun()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var baseline = LiveBaseline.Load(ws);

        Assert.Equal(baseline.Stamp, LiveBaseline.CurrentStamp(ws));
        Assert.False(LiveBaseline.IsStale(ws, baseline.Stamp));
        Assert.StartsWith("features-", baseline.Stamp.FeaturesRunId, StringComparison.Ordinal);
        Assert.StartsWith("segments-", baseline.Stamp.SegmentsRunId, StringComparison.Ordinal);
        Assert.StartsWith("score-", baseline.Stamp.LookalikeRunId, StringComparison.Ordinal);
        Assert.StartsWith("propensity-", baseline.Stamp.PropensityRunId, StringComparison.Ordinal);
        Assert.Equal(DbValues.Date(ws.Scalar("SELECT max(order_date) FROM orders")), baseline.Stamp.AsOf);
    }

    [Fact]
    public void Load_Demo_LiveTouchFeaturesEqualTheBatchColumnsForEveryAccount()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);

        var touched = 0;
        foreach (var account in baseline.Accounts.Values)
        {
            var live = LiveAccount.FromBaseline(account, baseline.Context).CurrentRow();
            foreach (var column in LiveFeaturesOverlay.BatchColumns)
            {
                if (column == "last_touch_date")
                {
                    Assert.Equal(account.Row.Date(column), live.Date(column));
                    continue;
                }

                Assert.True(account.Row.Numbers.TryGetValue(column, out var batch) == live.Numbers.TryGetValue(column, out var now) && batch == now,
                    $"{account.AccountId} {column}: batch {batch}, live {now}");
            }

            touched += account.Features.Buckets.Count > 0 ? 1 : 0;
        }

        Assert.True(touched > 1_000, $"only {touched} accounts have touches in the last year");
    }

    [Fact]
    public void Segments_SameRowAsBatch_SameMembersAndAssignedSegmentForEveryAccount()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);

        var assigned = 0;
        var memberships = 0;
        foreach (var account in baseline.Accounts.Values)
        {
            var live = LiveAccount.FromBaseline(account, baseline.Context);

            Assert.Equal(account.Segments, live.Segments.Order(StringComparer.Ordinal));
            Assert.Equal(account.AssignedSegment, live.AssignedSegment);
            assigned += live.AssignedSegment is null ? 0 : 1;
            memberships += live.Segments.Count;
        }

        Assert.True(assigned > 1_500, $"only {assigned} accounts assigned");
        Assert.True(memberships > assigned, "no account is in more than one segment; the hierarchy was not exercised");
        Assert.Contains(baseline.Accounts.Values, a => a.AssignedSegment is { } s && baseline.Context.Segments.Definitions.Single(d => d.Name == s).Parent is not null);
    }

    [Fact]
    public void AdvanceTo_DaysPass_AccountsGoingQuietEnterStrategicAtRiskAsItsRuleSays()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var day = baseline.Stamp.AsOf.AddDays(120);

        var entered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in baseline.Accounts.Values)
        {
            var change = LiveAccount.FromBaseline(account, baseline.Context).AdvanceTo(day, baseline.Context);
            if (change.Entered.Contains("strategic-at-risk"))
            {
                entered.Add(account.AccountId);
                Assert.Contains("Entered strategic-at-risk: its rule 'is_customer and days_since(last_order_date) > 180' now holds.", change.Summary, StringComparison.Ordinal);
            }
        }

        // The rule and its parent, in SQL, on the day: large customers whose last order is more than 180 days old, who were not at risk on the batch date.
        var expected = ws.Strings($"""
            SELECT account_id FROM account_features
            WHERE size_band IN ('Strategic', 'Enterprise') AND is_customer
              AND date_diff('day', last_order_date, DATE '{day:yyyy-MM-dd}') > 180
              AND NOT date_diff('day', last_order_date, DATE '{baseline.Stamp.AsOf:yyyy-MM-dd}') > 180
            ORDER BY account_id
            """);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, entered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void State_RoundTripsThroughJson_AndAnswersTheNextEventAsTheOriginalDoes()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var context = baseline.Context;
        var touch = new TouchpointEvent("J1", "", new DateTimeOffset(baseline.Stamp.AsOf.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero), "support", "how_to", "in",
            Outcome: "pending", ProductFamily: "Analytics");

        foreach (var account in baseline.Accounts.Values.Take(200))
        {
            var original = LiveAccount.FromBaseline(account, context);
            var restored = System.Text.Json.JsonSerializer.Deserialize<LiveAccount>(System.Text.Json.JsonSerializer.Serialize(original))!;

            var a = original.Apply(touch with { AccountId = account.AccountId }, context);
            var b = restored.Apply(touch with { AccountId = account.AccountId }, context);

            Assert.Equal(a.Summary, b.Summary);
            Assert.Equal(a.Scores.Select(s => (s.Key, s.Probability, s.Why)), b.Scores.Select(s => (s.Key, s.Probability, s.Why)));
            Assert.Equal(a.SegmentsNow, b.SegmentsNow);
        }
    }

    [Fact]
    public void Load_SomeAccounts_GivesTheSameStateAsTheFullLoadForThem()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var full = LiveBaseline.Load(ws);
        var ids = full.Accounts.Values.Where(a => a.Features.Buckets.Count > 2 && a.Segments.Count > 1).Take(3).Select(a => a.AccountId).Append("NO-SUCH").ToList();

        var some = LiveBaseline.Load(ws, ids);

        Assert.Equal(ids.Take(3), some.Accounts.Keys.Order(StringComparer.Ordinal));
        foreach (var id in ids.Take(3))
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(full.Accounts[id]), System.Text.Json.JsonSerializer.Serialize(some.Accounts[id]));
        }

        Assert.Empty(LiveBaseline.Load(ws, []).Accounts);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(full.Accounts[ids[0]]),
            System.Text.Json.JsonSerializer.Serialize(LiveBaseline.LoadAccounts(ws, full.Context, [ids[0]])[ids[0]]));
    }
}
