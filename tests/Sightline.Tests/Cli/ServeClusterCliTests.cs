namespace Sightline.Tests.Cli;

/// <summary><c>sightline serve --cluster</c>: bad connection strings and ports are refused with exit code 2 before anything starts.</summary>
public sealed class ServeClusterCliTests
{
    [Theory]
    [InlineData("garbage", "--cluster: 'garbage' is not a connection string (")]
    [InlineData("Hots=127.0.0.1;Port=5432", "--cluster: 'Hots=127.0.0.1;Port=5432' is not a connection string (")]
    [InlineData("Port=5432;Database=sightline", "--cluster: 'Port=5432;Database=sightline' names no Host: ")]
    [InlineData(" ", "--cluster: the connection string is empty: ")]
    public void Serve_ClusterNotAConnectionString_ExitsWithBadInput(string connection, string message)
    {
        var (exit, output, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", "/nonexistent", "--cluster", connection);

        Assert.Equal(2, exit);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Contains("expected a PostgreSQL connection string such as Host=127.0.0.1;Port=55432;Username=postgres;Database=sightline", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--silo-port", "70000")]
    [InlineData("--gateway-port", "-1")]
    public void Serve_PortOutOfRange_ExitsWithBadInput(string option, string port)
    {
        var (exit, _, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", "/nonexistent", option, port);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{option}: {port} is not a port: expected 0 (a free one) to 65535", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_SiloAddressNotOfThisMachine_ExitsWithBadInputBeforeStarting()
    {
        var (exit, output, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", "/nonexistent",
            "--cluster", "Host=127.0.0.1;Port=1;Database=sightline", "--silo-address", "203.0.113.7");

        Assert.Equal(2, exit);
        Assert.StartsWith("--silo-address: '203.0.113.7' is not an address of this machine (its addresses: ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void Serve_SiloAddressWithoutCluster_ExitsWithBadInput()
    {
        var (exit, _, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", "/nonexistent", "--silo-address", "127.0.0.1");

        Assert.Equal(2, exit);
        Assert.StartsWith("--silo-address: only a silo of a cluster is reached by other silos: set the cluster's PostgreSQL connection too "
            + "(--cluster CONNECTION); the embedded silo stays on loopback", error, StringComparison.Ordinal);
    }
}
