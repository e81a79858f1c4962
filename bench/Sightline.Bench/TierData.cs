using System.Diagnostics;
using Sightline.Demo;

namespace Sightline.Bench;

/// <summary>One input file of the import benchmark.</summary>
internal sealed record BenchFile(string Table, string Path, long Bytes);

/// <summary>Generates a tier's demo world once and reuses it while the marker says it was made with the same options.</summary>
internal static class TierData
{
    /// <summary>
    /// The tables the import benchmark loads: accounts and orders, plus the reps and products that
    /// orders and accounts reference (orders.product_id must resolve, so products are needed).
    /// </summary>
    public static readonly IReadOnlyList<string> ImportTables = ["reps", "products", "accounts", "orders"];

    private const string MarkerFileName = "tier.marker";

    // Bump when the demo generator's output changes, so cached tiers are regenerated.
    private const int GeneratorRevision = 1;

    public static IReadOnlyList<BenchFile> Ensure(ScaleTier tier, string dataRoot)
    {
        var directory = Path.Combine(dataRoot, tier.Name);
        var marker = Path.Combine(directory, MarkerFileName);
        var expected = $"tier={tier.Name} accounts={tier.Accounts} seed={tier.Seed} generator={GeneratorRevision}";
        var cached = File.Exists(marker) && File.ReadAllText(marker).Trim() == expected
            && ImportTables.All(t => File.Exists(Path.Combine(directory, t + ".csv")));
        if (!cached)
        {
            // The marker is written last, so an interrupted generation is redone.
            Directory.CreateDirectory(directory);
            File.Delete(marker);
            Console.WriteLine($"generating tier {tier.Name} ({tier.Accounts:N0} accounts, seed {tier.Seed}) into {directory}");
            var clock = Stopwatch.StartNew();
            DemoWorldGenerator.Generate(directory, new DemoOptions(tier.Accounts, tier.Seed));
            File.WriteAllText(marker, expected + Environment.NewLine);
            Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            Console.WriteLine($"using cached tier {tier.Name} in {directory}");
        }

        return [.. ImportTables.Select(t =>
        {
            var path = Path.Combine(directory, t + ".csv");
            return new BenchFile(t, path, new FileInfo(path).Length);
        })];
    }
}
