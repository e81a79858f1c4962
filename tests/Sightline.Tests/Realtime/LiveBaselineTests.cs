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
}
