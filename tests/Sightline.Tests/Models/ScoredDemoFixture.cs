using Sightline.Demo;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models;

/// <summary>A 3,000-account demo world run through the whole pipeline (lookalike and window propensity included), built once.</summary>
public sealed class ScoredDemoFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ScoredDemoFixture()
    {
        Summary = DemoPipeline.Run(_dir.File("demo"), new DemoOptions(Accounts: 3_000, Seed: 5), clock: FixedClock.Default);
    }

    public DemoSummary Summary { get; }

    public string Workspace => Summary.Workspace;

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ScoredDemoCollection : ICollectionFixture<ScoredDemoFixture>
{
    public const string Name = "scored demo";
}
