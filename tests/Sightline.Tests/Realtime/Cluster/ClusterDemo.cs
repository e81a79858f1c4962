using Sightline.Access;
using Sightline.Demo;
using Sightline.Features;
using Sightline.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// A small scored demo workspace (400 accounts) with an admin user, built once per test class; every server of a
/// cluster test runs on a copy of its own (DuckDB lets one process open a workspace).
/// </summary>
public sealed class ClusterDemo : IDisposable
{
    public const string Password = "a long test password";

    private readonly TempDirectory _dir = new();

    public ClusterDemo()
    {
        var summary = DemoPipeline.Run(_dir.File("demo"), new DemoOptions(Accounts: 400, Seed: 5), clock: FixedClock.Default);
        Workspace = summary.Workspace;
        using var ws = Sightline.Workspaces.Workspace.Open(Workspace);
        new UserStore(ws, FixedClock.Default).Add("admin", "admin", null, Password, "os:tester");
        Accounts = ws.Strings("SELECT account_id FROM accounts ORDER BY account_id LIMIT 8");

        // A segment mover: one large customer whose last order the batch saw 179 days before the live side's today.
        // Strategic-at-risk means no order for more than 180 days, so it was out at the batch and is in on the next
        // touch. (The live side's today must be after the batch date, as it is for every real-time test.)
        // The tests post events a minute old, and the live side evaluates an event on its own day (yesterday in the first
        // minute after midnight); later events only fall on later days, which keeps the mover past 180 days.
        var probeAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var today = DateOnly.FromDateTime(probeAt.UtcDateTime);
        var asOf = FeatureTable.AsOf(ws);
        Assert.True(today > asOf, $"the machine's date {today} is not after the demo's batch date {asOf}");
        SegmentMover = ws.Strings($"""
            SELECT account_id FROM account_features WHERE size_band IN ('Strategic', 'Enterprise') AND is_customer
                AND account_id NOT IN ({string.Join(", ", Accounts.Select(Sql.Literal))}) ORDER BY account_id LIMIT 1
            """)[0];
        ws.Execute($"UPDATE account_features SET last_order_date = DATE '{today.AddDays(-181):yyyy-MM-dd}' WHERE account_id = {Sql.Literal(SegmentMover)}");
        var baseline = LiveBaseline.Load(ws, [SegmentMover]);
        var probe = LiveAccount.FromBaseline(baseline.Accounts[SegmentMover], baseline.Context)
            .Apply(new TouchpointEvent("probe", SegmentMover, probeAt, "call", null, "in"), baseline.Context);
        Assert.True(probe.SegmentChanged, $"a call for {SegmentMover} changes no segment: {probe.Summary}");
    }

    public string Workspace { get; }

    /// <summary>Eight accounts of the demo the tests send touches for.</summary>
    public IReadOnlyList<string> Accounts { get; }

    /// <summary>An account (not one of <see cref="Accounts"/>) whose segments an inbound call changes now.</summary>
    public string SegmentMover { get; }

    /// <summary>A copy of the workspace in a new folder under <paramref name="parent"/>.</summary>
    public string Copy(TempDirectory parent, string name)
    {
        var target = parent.File(name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Workspace))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose() => _dir.Dispose();
}
