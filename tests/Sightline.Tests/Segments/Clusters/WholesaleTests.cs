using Sightline.Segments.Clusters;
using Sightline.Tests.Support;

namespace Sightline.Tests.Segments.Clusters;

/// <summary>The published scikit-learn numbers on UCI Wholesale (log(1 + spend) standardised, k = 2).</summary>
public sealed class WholesaleTests
{
    public static readonly string[] Spend = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"];

    public static string DataPath { get; } = SharedData.Path("wholesale", "wholesale-customers.csv");

    [SharedDataFact("wholesale", "wholesale-customers.csv")]
    public void RunFile_LogSpendK2_MatchesScikitLearn()
    {
        var result = ClusterAnalysis.RunFile(DataPath, new ClusterOptions { K = 2, Features = Spend, ForceLog = true, LabelColumn = "Channel", NInit = 10, Seed = 0 });
        Assert.InRange(result.Silhouette, 0.280, 0.300);
        Assert.InRange(result.Inertia, 1844.06 * 0.99, 1844.06 * 1.01);
        Assert.InRange(result.AdjustedRandIndex!.Value, 0.494, 0.534);
        var retail = result.Clusters.Single(c => c.Means["Grocery"] > 7951.28);
        Assert.Contains("Grocery", retail.Profile, StringComparison.Ordinal);
        Assert.Contains("Detergents_Paper", retail.Profile, StringComparison.Ordinal);
        Assert.StartsWith("High ", retail.Label, StringComparison.Ordinal);
        Assert.StartsWith("4.5× typical Detergents_Paper; 2.6× typical Grocery", retail.Profile, StringComparison.Ordinal);
    }

    [SharedDataFact("wholesale", "wholesale-customers.csv")]
    public void RunFile_LogSpendKAuto_PicksTwo()
    {
        var result = ClusterAnalysis.RunFile(DataPath, new ClusterOptions { KMax = 6, Features = Spend, ForceLog = true });
        Assert.Equal(2, result.K);
    }
}
