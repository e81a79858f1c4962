using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sightline.Server.Realtime;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// Silos of one cluster on several machines: each listens on, and is reached at, the address it is given. On one machine
/// the loopback addresses 127.0.0.2 and 127.0.0.3 (Linux answers the whole 127/8 block) stand in for two machines.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSiloAddressTests(PostgresServer server)
{
    private const string Source = "--silo-address";
    private readonly string _database = server.CreateDatabase();

    [Fact]
    public void SiloAddress_NotSet_IsLoopback()
    {
        Assert.Equal(IPAddress.Loopback, ClusterHosting.SiloAddress(null, Source));
        Assert.Equal(IPAddress.Loopback, ClusterHosting.SiloAddress(" ", Source));
    }

    [Theory]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData(" 127.0.0.3 ", "127.0.0.3")]
    [InlineData("localhost", "127.0.0.1")]
    public void SiloAddress_OfThisMachine_IsTaken(string setting, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClusterHosting.SiloAddress(setting, Source));
    }

    [Fact]
    public void SiloAddress_NotOfThisMachine_IsBadInputListingTheMachinesAddresses()
    {
        // 203.0.113.0/24 is reserved for documentation: no machine has it.
        var error = Assert.Throws<BadInputException>(() => ClusterHosting.SiloAddress("203.0.113.7", Source));

        Assert.StartsWith("--silo-address: '203.0.113.7' is not an address of this machine (its addresses: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); the silo listens on it and the other silos connect to it there", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0", "--silo-address: '0.0.0.0' listens everywhere but cannot be given to the other silos: expected the one address they reach this machine at, such as 10.0.0.5")]
    [InlineData("::", "--silo-address: '::' listens everywhere but cannot be given to the other silos: expected the one address they reach this machine at, such as 10.0.0.5")]
    public void SiloAddress_Everywhere_IsBadInput(string setting, string message)
    {
        Assert.Equal(message, Assert.Throws<BadInputException>(() => ClusterHosting.SiloAddress(setting, Source)).Message);
    }

    [Fact]
    public void SiloAddress_NameThatDoesNotResolve_IsBadInput()
    {
        var error = Assert.Throws<BadInputException>(() => ClusterHosting.SiloAddress("no-such-silo.invalid", Source));

        Assert.StartsWith("--silo-address: 'no-such-silo.invalid' is neither an IP address nor a host name this machine resolves (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("expected the address the other silos reach this machine at, such as 10.0.0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task TwoSilos_OnTheirOwnAddresses_JoinOneClusterAndReachEachOther()
    {
        using var first = Silo("127.0.0.2");
        using var second = Silo("127.0.0.3");
        await first.StartAsync();
        try
        {
            await second.StartAsync();
            try
            {
                // A silo turns active only once it has connected to every active silo at its advertised address.
                Assert.Equal(["127.0.0.2 3", "127.0.0.3 3"], await PostgresServer.QueryAsync(_database,
                    "SELECT Address || ' ' || Status FROM OrleansMembershipTable WHERE DeploymentId = 'sightline' ORDER BY Address",
                    r => r.GetString(0)));

                // The management grain asks each silo for its statistics: a message to the other machine's address and back.
                var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
                var hosts = await management.GetHosts(onlyActive: true);
                Assert.Equal(["127.0.0.2", "127.0.0.3"], hosts.Keys.Select(h => h.Endpoint.Address.ToString()).Order());
                var statistics = await management.GetRuntimeStatistics([.. hosts.Keys]);
                Assert.Equal(2, statistics.Length);
                Assert.All(statistics, s => Assert.True(s.ActivationCount > 0, "each silo answers with its own activations, the management system targets at least"));
            }
            finally
            {
                await second.StopAsync();
            }
        }
        finally
        {
            await first.StopAsync();
        }
    }

    private IHost Silo(string address)
    {
        var builder = Host.CreateApplicationBuilder();
        var options = new RealtimeOptions { Cluster = _database, SiloAddress = address, SiloPort = RealtimeHosting.FreePort(), GatewayPort = RealtimeHosting.FreePort() };
        builder.Services.AddOptions<RealtimeOptions>().Configure(o => (o.Cluster, o.SiloAddress, o.SiloPort, o.GatewayPort) = (options.Cluster, address, options.SiloPort, options.GatewayPort));
        builder.UseOrleans(silo => ClusterHosting.Configure(silo, builder.Services, options));
        return builder.Build();
    }
}
