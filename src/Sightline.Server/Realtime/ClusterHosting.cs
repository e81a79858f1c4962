using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
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
    /// <see cref="RealtimeOptions.SiloAddress"/> (loopback by default) at the configured ports (read from
    /// <see cref="RealtimeOptions"/> when the silo starts, so a port of 0 is the free port the options chose), membership
    /// timings from <see cref="MembershipSection"/>, and the shared PostgreSQL touchpoint log behind group commit as the
    /// <see cref="ITouchpointStore"/>.
    /// </summary>
    public static void Configure(ISiloBuilder silo, IServiceCollection services, RealtimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.Cluster ?? throw new ArgumentException($"{RealtimeOptions.Section}:Cluster is not set", nameof(options));
        Describe(connectionString);
        var address = SiloAddress(options.SiloAddress, $"{RealtimeOptions.Section}:{nameof(RealtimeOptions.SiloAddress)}");

        // Before Orleans reads its stored queries: the first silo on a fresh database creates them.
        Task.Run(() => ClusterSchema.EnsureAsync(connectionString)).GetAwaiter().GetResult();

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ClusterId;
        });
        silo.Services.AddOptions<EndpointOptions>().PostConfigure<IOptions<RealtimeOptions>>((endpoint, realtime) =>
        {
            endpoint.AdvertisedIPAddress = address;
            endpoint.SiloPort = realtime.Value.SiloPort;
            endpoint.GatewayPort = realtime.Value.GatewayPort;
            endpoint.SiloListeningEndpoint = new IPEndPoint(address, realtime.Value.SiloPort);
            endpoint.GatewayListeningEndpoint = new IPEndPoint(address, realtime.Value.GatewayPort);
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

    /// <summary>
    /// The address a cluster silo listens on and gives the others to reach it: loopback when <paramref name="setting"/> is
    /// empty (every silo on one machine), else that IP address or host name (its first IPv4 address), which must be one of
    /// this machine's. An address that cannot be given to others (0.0.0.0), a name that does not resolve, or an address
    /// this machine does not have is bad input named after <paramref name="source"/>.
    /// </summary>
    public static IPAddress SiloAddress(string? setting, string source)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return IPAddress.Loopback;
        }

        var text = setting.Trim();
        if (!IPAddress.TryParse(text, out var address))
        {
            IPAddress[] resolved;
            try
            {
                resolved = Dns.GetHostAddresses(text);
            }
            catch (SocketException e)
            {
                throw new BadInputException(source, $"'{text}' is neither an IP address nor a host name this machine resolves ({e.Message}); "
                    + "expected the address the other silos reach this machine at, such as 10.0.0.5");
            }

            address = resolved.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? resolved.FirstOrDefault()
                ?? throw new BadInputException(source, $"'{text}' resolves to no address; expected the address the other silos reach this machine at, such as 10.0.0.5");
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new BadInputException(source, $"'{text}' listens everywhere but cannot be given to the other silos: "
                + "expected the one address they reach this machine at, such as 10.0.0.5");
        }

        // The silo listens there, so the operating system must let it bind: the same test the silo would fail later.
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, 0));
        }
        catch (SocketException)
        {
            throw new BadInputException(source, $"'{text}'{(text == address.ToString() ? "" : $" ({address})")} is not an address of this machine "
                + $"(its addresses: {string.Join(", ", MachineAddresses())}); the silo listens on it and the other silos connect to it there");
        }

        return address;
    }

    private static IEnumerable<string> MachineAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || !a.IsIPv6LinkLocal)
            .OrderBy(a => a.AddressFamily)
            .Select(a => a.ToString())
            .Distinct();
}
