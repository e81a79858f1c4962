using System.Globalization;
using Sightline.Models;

namespace Sightline.Tests.Models;

public sealed class NumberTextTests
{
    [Fact]
    public void Invariant_WholeAndFractionalNumbers_WritesWhatTheCustomFormatWrites()
    {
        var random = new Random(5);
        double[] edges = [0, -0.0, 1, -1, 99, 100, 999, 1000, -1000, 1234567, -9876543210, 1e15, 1e15 + 2, -1e15, 1e17, 0.5, -0.5, 2.345, 2.355, 99.995, 1234.5, -1234.5,
            0.004, -0.004, double.MaxValue, double.MinValue, double.Epsilon, long.MaxValue, long.MinValue];
        var values = edges.Concat(Enumerable.Range(0, 20_000).Select(i => i % 2 == 0
            ? Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 12)))
            : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 12))));
        foreach (var value in values)
        {
            foreach (var format in new[] { "0.##", "#,0" })
            {
                Assert.Equal(value.ToString(format, CultureInfo.InvariantCulture), NumberText.Invariant(value, format));
            }
        }
    }
}
