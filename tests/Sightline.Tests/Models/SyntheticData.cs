using Sightline.Models;

namespace Sightline.Tests.Models;

/// <summary>Seeded synthetic tables with a known data-generating process.</summary>
internal static class SyntheticData
{
    public static readonly string[] Industries = ["Hospitals", "Retail", "Software", "Banking", "Public"];

    /// <summary>
    /// P(y) = σ(-2 + 1.5·x1 - 1.0·x2 + 1.2·[industry = Hospitals] + 0.8·has_dm); x3 is noise; 10% of x2 missing.
    /// </summary>
    public static (TabularData Data, double[] TrueProbability) Accounts(int rows, int seed)
    {
        var random = new Random(seed);
        var x1 = new double[rows];
        var x2 = new double[rows];
        var x3 = new double[rows];
        var dm = new double[rows];
        var industry = new string?[rows];
        var p = new double[rows];
        var labels = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            x1[r] = Normal(random);
            x2[r] = Normal(random);
            x3[r] = Normal(random);
            dm[r] = random.NextDouble() < 0.6 ? 1 : 0;
            industry[r] = random.NextDouble() < 0.03 ? null : Industries[random.Next(Industries.Length)];
            var z = -2 + (1.5 * x1[r]) - x2[r] + (industry[r] == "Hospitals" ? 1.2 : 0) + (0.8 * dm[r]);
            p[r] = 1 / (1 + Math.Exp(-z));
            labels[r] = random.NextDouble() < p[r];
            if (random.NextDouble() < 0.1)
            {
                x2[r] = double.NaN;
            }
        }

        var data = new TabularData
        {
            Ids = Enumerable.Range(0, rows).Select(r => $"A{r:D6}").ToArray(),
            Labels = labels,
            Columns =
            [
                new TabularColumn { Name = "fit_score", Kind = InputKind.Numeric, Numbers = x1 },
                new TabularColumn { Name = "price_sensitivity", Kind = InputKind.Numeric, Numbers = x2 },
                new TabularColumn { Name = "noise", Kind = InputKind.Numeric, Numbers = x3 },
                new TabularColumn { Name = "has_decision_maker", Kind = InputKind.Numeric, IsBoolean = true, Numbers = dm },
                new TabularColumn { Name = "industry", Kind = InputKind.Categorical, Levels = industry },
            ],
        };
        return (data, p);
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
