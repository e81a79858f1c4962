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
    private LiveContactContext? _current;

    /// <summary>Serves the baseline of <paramref name="workspace"/> (its own connection; disposed with this host).</summary>
    public LiveBaselineHost(Workspace workspace, IOptions<RealtimeOptions> options, ILogger<LiveBaselineHost> logger)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        _workspace = workspace;
        _logger = logger;
        _period = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.BaselineCheckSeconds));
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
            return _current ??= await Task.Run(Load).ConfigureAwait(false);
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
                _current = await Task.Run(Load).ConfigureAwait(false);
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

            var next = await Task.Run(Load).ConfigureAwait(false);
            _logger.LogInformation("Batch changed ({Before} -> {After}); live baselines reloaded, grains rebase on their next event", _current.Stamp, next.Stamp);
            Volatile.Write(ref _current, next);
            return true;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>One account's baseline in <paramref name="context"/>'s batch, or null when that batch has no row for it.</summary>
    public LiveBaselineAccount? Account(LiveContactContext context, string accountId)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_gate)
        {
            return LiveBaseline.LoadAccounts(_workspace, context.Account, [accountId]).GetValueOrDefault(accountId);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period);
        try
        {
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
        base.Dispose();
        _loading.Dispose();
        _workspace.Dispose();
    }

    private LiveContactContext Load()
    {
        lock (_gate)
        {
            var context = LiveContactContext.Load(_workspace);
            Loads++;
            return context;
        }
    }
}
