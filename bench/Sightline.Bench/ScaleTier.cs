namespace Sightline.Bench;

/// <summary>A benchmark scale: accounts of a demo world (about 20 order lines each) and its seed.</summary>
internal sealed record ScaleTier(string Name, int Accounts, int Seed)
{
    public static readonly IReadOnlyList<ScaleTier> All =
    [
        new("25k", 25_000, 42),
        new("250k", 250_000, 42),
        new("1m", 1_000_000, 42),
    ];

    public static ScaleTier? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public static ScaleTier Get(string name) => Find(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "no such tier");
}
