using Sightline.Access;
using Sightline.Demo;
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
        new UserStore(ws, FixedClock.Default).Add("admin", "admin", null, Password);
        Accounts = ws.Strings("SELECT account_id FROM accounts ORDER BY account_id LIMIT 8");
    }

    public string Workspace { get; }

    /// <summary>Eight accounts of the demo the tests send touches for.</summary>
    public IReadOnlyList<string> Accounts { get; }

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
