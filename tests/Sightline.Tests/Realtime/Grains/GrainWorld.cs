using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using Sightline.Realtime;
using Sightline.Server.Realtime;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime.Grains;

/// <summary>
/// A copy of the 3,000-account scored demo with a trained reason model, its event log behind a group-committing store,
/// and an Orleans test cluster of two silos hosting the account grains over it (in this process).
/// </summary>
public sealed class GrainWorld : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    // The silo configurator is built by type inside the test cluster; it finds the running world here (one at a time).
    private static GrainWorld? _current;

    /// <summary>Copies the demo, trains the reason model and starts the two-silo cluster.</summary>
    public static GrainWorld Start(ScoredDemoFixture demo)
    {
        var world = new GrainWorld(demo);
        _current = world;
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        world.Cluster = builder.Build();
        world.Cluster.Deploy();
        return world;
    }

    private readonly WorkspaceTouchpointStore _log;

    private GrainWorld(ScoredDemoFixture demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        Directory = _dir.File("ws");
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(demo.Workspace))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }

        Root = Workspace.Open(Directory);
        ContactReasonTrainer.Train(Root, clock: FixedClock.Default);
        _log = new WorkspaceTouchpointStore(Root.Duplicate);
        Store = new GroupCommitTouchpointStore(_log);
    }

    public string Directory { get; }

    public Workspace Root { get; }

    public GroupCommitTouchpointStore Store { get; }

    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
        _log.Dispose();
        Root.Dispose();
        _current = null;
        _dir.Dispose();
    }

    /// <summary>The baseline host of every silo still running.</summary>
    public IEnumerable<LiveBaselineHost> BaselineHosts() =>
        Cluster.GetActiveSilos().Select(s => Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<LiveBaselineHost>());

    public IAccountGrain Grain(string accountId) => Cluster.GrainFactory.GetGrain<IAccountGrain>(accountId);

    /// <summary>Appends events through the store, one caller per event (so they group-commit), and returns their log entries.</summary>
    public async Task<List<(TouchpointEvent Event, long Sequence)>> Append(IEnumerable<TouchpointEvent> events)
    {
        var results = await Task.WhenAll(events.Select(async e => (e, (await Store.AppendAsync([e])).Events[0].Sequence)));
        return [.. results];
    }

    /// <summary>Accounts of the demo, in id order.</summary>
    public List<string> Accounts() => Root.Strings("SELECT account_id FROM account_features ORDER BY account_id");

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var world = _current ?? throw new InvalidOperationException("no grain world is running");
            siloBuilder.AddMemoryGrainStorage(RealtimeHosting.Storage);
            var services = siloBuilder.Services;
            services.AddSingleton<ITouchpointStore>(world.Store);
            services.AddSingleton(TimeProvider.System);
            services.AddHttpClient();
            services.AddOptions<RealtimeOptions>().Configure(o => o.BaselineCheckSeconds = 3600); // the reload test refreshes by hand
            services.AddSingleton(sp => new LiveBaselineHost(world.Root.Duplicate(), sp.GetRequiredService<IOptions<RealtimeOptions>>(),
                sp.GetRequiredService<ILogger<LiveBaselineHost>>()));
            RealtimeHosting.AddSiloServices(services);
        }
    }
}

/// <summary>Starts the grain world for a test class on first use and stops it when the class is done.</summary>
public sealed class GrainWorldFixture : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private GrainWorld? _world;

    public GrainWorld Get(ScoredDemoFixture demo)
    {
        lock (_gate)
        {
            return _world ??= GrainWorld.Start(demo);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
