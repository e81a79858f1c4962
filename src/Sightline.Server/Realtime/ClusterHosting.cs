using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>
/// Cluster mode: the co-hosted silo joins the cluster whose membership and grain state live in PostgreSQL (Orleans'
/// ADO.NET clustering and grain storage), and the touchpoint log is the shared <see cref="PostgresTouchpointStore"/>.
/// Several <c>sightline serve --cluster</c> processes on one database form one cluster: one activation per account
/// grain across all of them, each event logged once whichever process received it.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The Orleans cluster id and service id of every Sightline cluster (one cluster per database).</summary>
    public const string ClusterId = "sightline";

    /// <summary>Where membership timings can be overridden (any <see cref="ClusterMembershipOptions"/> property).</summary>
    public const string MembershipSection = "Sightline:Realtime:Membership";

    /// <summary>
    /// Cluster mode for the co-hosted silo: ensures the Orleans schema on <see cref="RealtimeOptions.Cluster"/>, then
    /// ADO.NET clustering and the <see cref="RealtimeHosting.Storage"/> grain storage there, the silo and gateway on
    /// loopback at the configured ports (read from <see cref="RealtimeOptions"/> when the silo starts, so a port of 0 is
    /// the free port the options chose), membership timings from <see cref="MembershipSection"/>, and the shared
    /// PostgreSQL touchpoint log behind group commit as the <see cref="ITouchpointStore"/>.
    /// </summary>
    public static void Configure(ISiloBuilder silo, IServiceCollection services, RealtimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.Cluster ?? throw new ArgumentException($"{RealtimeOptions.Section}:Cluster is not set", nameof(options));
        Describe(connectionString);

        // Before Orleans reads its stored queries: the first silo on a fresh database creates them.
        Task.Run(() => ClusterSchema.EnsureAsync(connectionString)).GetAwaiter().GetResult();

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ClusterId;
        });
        silo.Services.AddOptions<EndpointOptions>().PostConfigure<IOptions<RealtimeOptions>>((endpoint, realtime) =>
        {
            endpoint.AdvertisedIPAddress = IPAddress.Loopback;
            endpoint.SiloPort = realtime.Value.SiloPort;
            endpoint.GatewayPort = realtime.Value.GatewayPort;
            endpoint.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, realtime.Value.SiloPort);
            endpoint.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, realtime.Value.GatewayPort);
        });
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = ClusterSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(RealtimeHosting.Storage, o =>
        {
            o.Invariant = ClusterSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);
        services.AddSingleton<ITouchpointStore>(sp =>
            new GroupCommitTouchpointStore(new PostgresTouchpointStore(connectionString, sp.GetService<TimeProvider>())));
    }

    /// <summary>
    /// Where a cluster connection string points, in words without its password ("database sightline on 127.0.0.1:55432");
    /// a string that is not a PostgreSQL connection string is bad input.
    /// </summary>
    public static string Describe(string connectionString)
    {
        const string Expected = "expected a PostgreSQL connection string such as Host=127.0.0.1;Port=55432;Username=postgres;Database=sightline";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new BadInputException("--cluster", $"the connection string is empty: {Expected}");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new BadInputException("--cluster", $"'{connectionString}' is not a connection string ({e.Message}): {Expected}");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new BadInputException("--cluster", $"'{connectionString}' names no Host: {Expected}");
        }

        return $"database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host}:{builder.Port}";
    }
}
