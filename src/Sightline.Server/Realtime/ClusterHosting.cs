using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;

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
    /// The silo half of cluster mode: ensures the Orleans schema, then ADO.NET clustering and the "accounts" grain
    /// storage on <paramref name="connectionString"/>, with the silo and gateway listening on loopback. A port of 0 takes
    /// a free one.
    /// </summary>
    public static void ConfigureSilo(ISiloBuilder silo, string connectionString, int siloPort, int gatewayPort)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Before Orleans reads its stored queries: the first silo on a fresh database creates them.
        Task.Run(() => ClusterSchema.EnsureAsync(connectionString)).GetAwaiter().GetResult();

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ClusterId;
        });
        silo.ConfigureEndpoints(IPAddress.Loopback, siloPort == 0 ? FreePort() : siloPort, gatewayPort == 0 ? FreePort() : gatewayPort);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = ClusterSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage("accounts", o =>
        {
            o.Invariant = ClusterSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
