using Sightline.Segments.Clusters;

namespace Sightline.Tests.Segments.Clusters;

public sealed class ClusterMetricsTests
{
    [Fact]
    public void AdjustedRandIndex_HandExample_MatchesHandComputation()
    {
        // Pairs together in both: 2; row pairs 6, column pairs 3, all pairs 15: expected 1.2, max 4.5 → (2 - 1.2) / (4.5 - 1.2).
        int[] a = [0, 0, 0, 1, 1, 1];
        string[] b = ["x", "x", "y", "y", "z", "z"];
        Assert.Equal(0.8 / 3.3, ClusterMetrics.AdjustedRandIndex(a, b), 12);
    }

    [Fact]
    public void AdjustedRandIndex_RenamedLabels_IsOne()
    {
        int[] a = [0, 0, 1, 1, 2, 2];
        int[] b = [5, 5, 3, 3, 9, 9];
        Assert.Equal(1.0, ClusterMetrics.AdjustedRandIndex(a, b), 12);
    }

    [Fact]
    public void Silhouette_TwoPairsOnALine_MatchesHandComputation()
    {
        // Points 0, 1 | 4, 5: the outer points score (4.5 - 1) / 4.5 = 7/9, the inner ones (3.5 - 1) / 3.5 = 5/7.
        double[] data = [0, 1, 4, 5];
        Assert.Equal(((7.0 / 9) + (5.0 / 7)) / 2, ClusterMetrics.Silhouette(data, 1, [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void Silhouette_SingletonCluster_ScoresZeroForThatRow()
    {
        // Point 10 is alone (0); points 0 and 1 have a = 1, b = 10 and 9.
        double[] data = [0, 1, 10];
        var expected = ((0.9) + (8.0 / 9) + 0) / 3;
        Assert.Equal(expected, ClusterMetrics.Silhouette(data, 1, [0, 0, 1]), 12);
    }

    [Fact]
    public void Silhouettes_SeveralLabelings_EqualOneAtATime()
    {
        var data = PlantedData.Blobs(n: 300, k: 3, dimensions: 3).Flat();
        var two = KMeans.Fit(data, 3, new KMeansOptions(2)).Labels;
        var three = KMeans.Fit(data, 3, new KMeansOptions(3)).Labels;
        var both = ClusterMetrics.Silhouettes(data, 3, [two, three]);
        Assert.Equal(ClusterMetrics.Silhouette(data, 3, two), both[0], 12);
        Assert.Equal(ClusterMetrics.Silhouette(data, 3, three), both[1], 12);
    }
}
