namespace Sightline.Tests;

public sealed class ProbeTests
{
    [Fact]
    public void DuckDb_Loads() => Assert.StartsWith("v1", Sightline.Data.Probe.DuckDbVersion());
}
