using Microsoft.Extensions.Options;
using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Server.Realtime;

/// <summary>
/// The silo's one copy of the batch side of real time (models, segment rules, routing, reason model, per-account reason
/// and action baselines), loaded on first use and reloaded when a batch run changes <see cref="LiveBaseline.CurrentStamp"/>
/// (checked every <see cref="RealtimeOptions.BaselineCheckSeconds"/>). Grains compare their stamp with <see cref="Current"/>
/// on each event and rebase when it moved. It owns one workspace connection and serialises its use.
/// </summary>
public sealed class LiveBaselineHost : BackgroundService
{
    private readonly Workspace _workspace;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly TimeSpan _period;
    private readonly ILogger<LiveBaselineHost> _logger;
    private readonly ITouchpointStore? _clusterLog;
    private LiveContactContext? _current;
    private readonly System.Threading.Channels.Channel<AccountRequest> _accountRequests =
        System.Threading.Channels.Channel.CreateUnbounded<AccountRequest>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    private readonly Task _accountLoads;
    private readonly int _preloadLimit;
    private int _accountStatements;
    private Preload? _preload;
    private Task _preloading = Task.CompletedTask;
    private volatile string _preloadState = "waiting for the batch baseline to load";

    /// <summary>Serves the baseline of <paramref name="workspace"/> (its own connection; disposed with this host).</summary>
    /// <param name="workspace">The workspace, a connection of its own.</param>
    /// <param name="options">The real-time settings.</param>
    /// <param name="logger">Where reloads are logged.</param>
    /// <param name="clusterLog">In cluster mode, the cluster's touchpoint log: a batch counts the events of its copy of that log, not the workspace's.</param>
    public LiveBaselineHost(Workspace workspace, IOptions<RealtimeOptions> options, ILogger<LiveBaselineHost> logger, ITouchpointStore? clusterLog = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        _workspace = workspace;
        _clusterLog = clusterLog;
        _logger = logger;
        _period = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.BaselineCheckSeconds));
        _preloadLimit = options.Value.PreloadAccounts;
        _accountLoads = Task.Run(LoadAccountsInGroups);
    }

    /// <summary>Reloads done since start (the first load included).</summary>
    public int Loads { get; private set; }

    /// <summary>The current context, loading it on first use.</summary>
    public async Task<LiveContactContext> Current()
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            return current;
        }

        await _loading.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is null)
            {
                _current = await LoadAsync().ConfigureAwait(false);
                StartPreload(_current);
            }

            return _current;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Checks the stamp now and reloads when a batch run changed it; true when it reloaded.</summary>
    public async Task<bool> Refresh()
    {
        await _loading.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is null)
            {
                _current = await LoadAsync().ConfigureAwait(false);
                StartPreload(_current);
                return true;
            }

            LiveBaselineStamp stamp;
            lock (_gate)
            {
                stamp = LiveBaseline.CurrentStamp(_workspace);
            }

            if (stamp == _current.Stamp)
            {
                return false;
            }

            var next = await LoadAsync().ConfigureAwait(false);
            _logger.LogInformation("Batch changed ({Before} -> {After}); live baselines reloaded, grains rebase on their next event", _current.Stamp, next.Stamp);
            Volatile.Write(ref _current, next);
            StartPreload(next);
            return true;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>
    /// One account's baseline in <paramref name="context"/>'s batch, or null when that batch has no row for it. Grains
    /// activating at the same time are loaded together: the requests that arrive while one load runs go into the next
    /// statement (up to <see cref="AccountsPerLoad"/> ids), because one load costs tens of milliseconds whether it reads
    /// one account or a few hundred.
    /// </summary>
    public Task<LiveBaselineAccount?> Account(LiveContactContext context, string accountId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Volatile.Read(ref _preload) is { } preload && ReferenceEquals(preload.Context, context))
        {
            // Every account of this batch is here, so one missing is not in the batch.
            return Task.FromResult(preload.Accounts.GetValueOrDefault(accountId));
        }

        var request = new AccountRequest(context, accountId, new TaskCompletionSource<LiveBaselineAccount?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_accountRequests.Writer.TryWrite(request))
        {
            request.Done.SetException(new ObjectDisposedException(nameof(LiveBaselineHost), "the silo is stopping"));
        }

        return request.Done.Task;
    }

    /// <summary>How many statements have loaded account baselines (each serves every activation waiting at the time).</summary>
    public int AccountStatements => Volatile.Read(ref _accountStatements);

    /// <summary>The most account ids one baseline statement reads.</summary>
    public const int AccountsPerLoad = 500;

    /// <summary>Accounts whose baselines were read in one preload (0 until one finished for the current batch).</summary>
    public int Preloaded => Volatile.Read(ref _preload) is { } p && ReferenceEquals(p.Context, Volatile.Read(ref _current)) ? p.Accounts.Count : 0;

    /// <summary>The latest preload: completes when it has finished, was skipped, or failed (logged).</summary>
    public Task Preloading => Volatile.Read(ref _preloading);

    /// <summary>The latest preload in words: waiting, running since when, done (how many, how long), skipped, off or failed.</summary>
    public string PreloadState => _preloadState;

    /// <summary>The batch whose baselines are loaded, or null before the first load.</summary>
    public LiveBaselineStamp? LoadedStamp => Volatile.Read(ref _current)?.Stamp;

    private sealed record Preload(LiveContactContext Context, Dictionary<string, LiveBaselineAccount> Accounts);

    private void StartPreload(LiveContactContext context)
    {
        Volatile.Write(ref _preload, null); // the previous batch's baselines serve nobody now
        if (_preloadLimit > 0)
        {
            _preloadState = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"running since {DateTime.UtcNow:HH:mm:ss} UTC");
            Volatile.Write(ref _preloading, Task.Run(() => PreloadAll(context)));
        }
        else
        {
            _preloadState = "off (PreloadAccounts is 0): baselines are read as grains activate";
        }
    }

    /// <summary>
    /// Reads every account's baseline for <paramref name="context"/> on a connection of its own, so activations meanwhile
    /// are served on demand as before, and keeps them if the batch is still the one loaded.
    /// </summary>
    private void PreloadAll(LiveContactContext context)
    {
        try
        {
            using var workspace = _workspace.DuplicateOnDemand();
            var accounts = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Features.FeatureBuilder.Table}"), System.Globalization.CultureInfo.InvariantCulture);
            if (accounts > _preloadLimit)
            {
                _logger.LogInformation("{Accounts} accounts, more than PreloadAccounts ({Limit}): baselines are read as grains activate", accounts, _preloadLimit);
                Report(context, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"skipped: {Counted.Of(accounts, "account")}, more than PreloadAccounts ({_preloadLimit:N0}); baselines are read as grains activate"));
                return;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var all = LiveBaseline.LoadAccounts(workspace, context.Account);
            if (LiveBaseline.IsStale(workspace, context.Stamp) || !ReferenceEquals(Volatile.Read(ref _current), context))
            {
                Report(context, "superseded: a batch run landed while it ran; its own preload follows");
                return;
            }

            Volatile.Write(ref _preload, new Preload(context, all));
            Report(context, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"done: {Counted.Of(all.Count, "account")} of the batch of {context.Stamp.AsOf:yyyy-MM-dd} in {watch.Elapsed.TotalSeconds:F1} s"));
            _logger.LogInformation("Preloaded the baselines of {Accounts} accounts in {Seconds:F1} s", all.Count, watch.Elapsed.TotalSeconds);
        }
#pragma warning disable CA1031 // activations read their baselines on demand as before
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Preloading the account baselines failed; they are read as grains activate");
            Report(context, $"failed ({e.Message}); baselines are read as grains activate");
        }
    }

    /// <summary>A preload of a batch that is no longer loaded tells nothing: the next one's state stands.</summary>
    private void Report(LiveContactContext context, string state)
    {
        if (ReferenceEquals(Volatile.Read(ref _current), context))
        {
            _preloadState = state;
        }
    }

    private sealed record AccountRequest(LiveContactContext Context, string AccountId, TaskCompletionSource<LiveBaselineAccount?> Done);

    private async Task LoadAccountsInGroups()
    {
        var reader = _accountRequests.Reader;
        var waiting = new List<AccountRequest>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (waiting.Count < AccountsPerLoad && reader.TryRead(out var request))
            {
                waiting.Add(request);
            }

            foreach (var group in waiting.GroupBy(r => r.Context))
            {
                try
                {
                    Dictionary<string, LiveBaselineAccount> loaded;
                    Interlocked.Increment(ref _accountStatements);
                    lock (_gate)
                    {
                        loaded = LiveBaseline.LoadAccounts(_workspace, group.Key.Account, group.Select(r => r.AccountId).Distinct(StringComparer.Ordinal).ToList());
                    }

                    foreach (var request in group)
                    {
                        request.Done.TrySetResult(loaded.GetValueOrDefault(request.AccountId));
                    }
                }
#pragma warning disable CA1031 // the failure goes to every grain that asked, which reports it
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    foreach (var request in group)
                    {
                        request.Done.TrySetException(ex);
                    }
                }
            }

            waiting.Clear();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period);
        try
        {
            // Load at start rather than in the first touch's call, which would wait for it.
            await Task.Yield();
            try
            {
                await Current().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a workspace without a batch yet: the first touch reports the problem; keep checking
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "The live baseline could not be loaded at start");
            }

            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (_current is not null)
                    {
                        await Refresh().ConfigureAwait(false);
                    }
                }
#pragma warning disable CA1031 // a batch run may be half written; the next tick tries again and grains keep the old baseline meanwhile
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _logger.LogWarning(e, "Checking the batch baseline failed; keeping the loaded one");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _accountRequests.Writer.TryComplete();
        _accountLoads.Wait(TimeSpan.FromSeconds(30));
        Preloading.Wait(TimeSpan.FromSeconds(30));
        base.Dispose();
        _loading.Dispose();
        _workspace.Dispose();
    }

    private async Task<LiveContactContext> LoadAsync()
    {
        // A cluster's batch counts what it copied of the cluster's log, and only if its copy is of this cluster's log.
        var clusterLog = _clusterLog is null ? null : await ClusterTouchpointLogCopy.IdentityOfAsync(_clusterLog).ConfigureAwait(false);
        return await Task.Run(() =>
        {
            lock (_gate)
            {
                var context = LiveContactContext.Load(_workspace, _clusterLog is null ? null : ws => TouchpointLogInBatch.LoadClusterCopy(ws, clusterLog));
                Loads++;
                return context;
            }
        }).ConfigureAwait(false);
    }
}
