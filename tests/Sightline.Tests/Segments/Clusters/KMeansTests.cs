using Sightline.Segments.Clusters;

namespace Sightline.Tests.Segments.Clusters;

public sealed class KMeansTests
{
    [Fact]
    public void Fit_PlantedBlobs_RecoversThem()
    {
        var data = PlantedData.Blobs();
        var fit = KMeans.Fit(data.Flat(), data.Dimensions, new KMeansOptions(4));
        Assert.True(ClusterMetrics.AdjustedRandIndex(data.Truth, fit.Labels) >= 0.9);
    }

    [Fact]
    public void Fit_SameSeed_SameResult()
    {
        var data = PlantedData.Blobs(n: 3000, k: 5, spread: 3).Flat();
        var first = KMeans.Fit(data, 6, new KMeansOptions(5, Seed: 3));
        var second = KMeans.Fit(data, 6, new KMeansOptions(5, Seed: 3));
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Centers, second.Centers);
        Assert.Equal(first.Inertia, second.Inertia);
    }

    [Fact]
    public void Fit_InertiaIsSumOfSquaredDistancesToCenters()
    {
        var data = PlantedData.Blobs(n: 500, k: 3, dimensions: 2, spread: 2).Flat();
        var fit = KMeans.Fit(data, 2, new KMeansOptions(3));
        var inertia = 0.0;
        for (var i = 0; i < 500; i++)
        {
            var c = fit.Labels[i];
            for (var j = 0; j < 2; j++)
            {
                var delta = data[(i * 2) + j] - fit.Centers[(c * 2) + j];
                inertia += delta * delta;
            }
        }

        Assert.Equal(inertia, fit.Inertia, 6);
    }

    [Fact]
    public void Fit_DuplicateRows_EveryClusterGetsADistinctValue()
    {
        double[] data = [1, 1, 1, 5, 9];
        var fit = KMeans.Fit(data, 1, new KMeansOptions(3));
        Assert.Equal(3, fit.Labels.Distinct().Count());
        Assert.Equal(0, fit.Inertia, 9);
    }
}
