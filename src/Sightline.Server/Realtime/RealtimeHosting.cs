using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>
/// Hosts real time in the server process: an Orleans silo with the account grains, the touchpoint store, the per-silo
/// baseline, the segment-change feed and the webhook. One co-hosted silo on the workspace's event log by default; with
/// <see cref="RealtimeOptions.Cluster"/> set, the silo joins a cluster (membership, grain state and event log on PostgreSQL).
/// </summary>
public static class RealtimeHosting
{
    /// <summary>The grain storage the account grains keep their checkpoints in.</summary>
    public const string Storage = "accounts";

    /// <summary>Why a silo address without a cluster is refused.</summary>
    public const string EmbeddedSiloAddress = "only a silo of a cluster is reached by other silos: set the cluster's PostgreSQL connection too "
        + "(--cluster CONNECTION); the embedded silo stays on loopback";

    /// <summary>Adds the silo and the real-time services.</summary>
    public static WebApplicationBuilder AddSightlineRealtime(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RealtimeOptions.Check(builder.Configuration.GetSection(RealtimeOptions.Section));
        var settings = builder.Configuration.GetSection(RealtimeOptions.Section).Get<RealtimeOptions>();
        var cluster = settings?.Cluster;
        if (cluster is null && !string.IsNullOrWhiteSpace(settings?.SiloAddress))
        {
            throw new BadInputException($"{RealtimeOptions.Section}:{nameof(RealtimeOptions.SiloAddress)}", EmbeddedSiloAddress);
        }

        var services = builder.Services;

        // Read when the silo starts, not now: a test host's settings arrive after this runs. Port 0 becomes a free port, once.
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).PostConfigure(o =>
        {
            o.SiloPort = o.SiloPort == 0 ? FreePort() : o.SiloPort;
            o.GatewayPort = o.GatewayPort == 0 ? FreePort() : o.GatewayPort;
        });
        AddServices(services);
        services.AddSingleton<AccountGrains>();
        builder.UseOrleans(silo =>
        {
            if (cluster is null)
            {
                silo.UseLocalhostClustering().AddMemoryGrainStorage(Storage);
                silo.Services.AddOptions<EndpointOptions>().PostConfigure<IOptions<RealtimeOptions>>((endpoint, realtime) =>
                {
                    endpoint.SiloPort = realtime.Value.SiloPort;
                    endpoint.GatewayPort = realtime.Value.GatewayPort;
                });
                silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().PostConfigure<IOptions<RealtimeOptions>>((membership, realtime) =>
                    membership.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, realtime.Value.SiloPort));
                // Both registered, so the container disposes them in order at shutdown: the group commit drains its queue, then
                // the journal folds what is left into the workspace and closes.
                services.AddSingleton(sp => new WorkspaceTouchpointStore(sp.GetRequiredService<WorkspaceHost>().Open,
                    TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<RealtimeOptions>>().Value.JournalFoldSeconds),
                    sp.GetRequiredService<ILogger<WorkspaceTouchpointStore>>()));
                services.AddSingleton<ITouchpointStore>(sp => new GroupCommitTouchpointStore(sp.GetRequiredService<WorkspaceTouchpointStore>()));
            }
            else
            {
                ClusterHosting.Configure(silo, services, builder.Configuration.GetSection(RealtimeOptions.Section).Get<RealtimeOptions>()!);
            }
        });
        return builder;
    }

    /// <summary>
    /// The services every silo needs besides the store and storage: the baseline, the feed and the webhook. A host
    /// registers <see cref="LiveBaselineHost"/> itself when it has no <see cref="WorkspaceHost"/> (tests).
    /// </summary>
    public static void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RealtimeOptions>>();
            return new LiveBaselineHost(sp.GetRequiredService<WorkspaceHost>().Open(), options, sp.GetRequiredService<ILogger<LiveBaselineHost>>(),
                options.Value.Cluster is null ? null : sp.GetRequiredService<ITouchpointStore>());
        });
        AddSiloServices(services);
    }

    /// <summary>The feed and the webhook, with the baseline host's timer (the baseline host itself registered by the caller).</summary>
    public static void AddSiloServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<SegmentChangeFeed>();
        services.AddSingleton(sp => new SegmentChangeWebhook(sp.GetRequiredService<IOptions<RealtimeOptions>>(), sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ILogger<SegmentChangeWebhook>>(), sp.GetService<WorkspaceHost>() is { } workspace ? Path.Combine(workspace.Directory, WebhookOutbox.Folder) : null));
        services.AddHostedService(sp => sp.GetRequiredService<LiveBaselineHost>());
        services.AddHostedService(sp => sp.GetRequiredService<SegmentChangeFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<SegmentChangeWebhook>());
    }

    /// <summary>A TCP port free on every address of this machine (a silo may listen on any one of them), as the operating system hands one out now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
