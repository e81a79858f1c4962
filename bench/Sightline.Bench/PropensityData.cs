using System.Globalization;
using System.Text;
using Sightline.Models;

namespace Sightline.Bench;

/// <summary>
/// The seeded 1M × 60 table of the propensity benchmark. P(y) = σ(b + Σ effects of x01..x12), b set so about 15% of
/// rows are positive; the effects are linear, threshold, quadratic, interaction and per-level, so trees have more than
/// a line to learn. x13..x20 are noisy copies of x01..x08 (correlated distractors), x21..x60 independent noise.
/// Missing: x01 5%, x03 10% (informative: unknown revenue lowers the odds), x05 3%, x11 20%, x30..x35 5% each.
/// Every value is exactly a float (multiples of 1/64 or 1/1024, or whole numbers below 2^24), so the CSV the peer
/// reads holds the same numbers Sightline trains on, digit for digit.
/// </summary>
internal static class SyntheticPropensity
{
    public const int Rows = 1_000_000;
    public const int Columns = 60;
    public const int Informative = 12;
    public const int Seed = 42;
    public const double PositiveRate = 0.15;

    /// <summary>Part of the cache file name; bump it when the generator's output changes.</summary>
    public const int Revision = 1;

    private static readonly double[] RegionEffect = [-0.5, -0.3, 0, 0.1, 0.2, 0.4, 0.6, -0.2, 0.3, 0];

    public static string FileName => string.Create(CultureInfo.InvariantCulture, $"synthetic-{Rows}x{Columns}-seed{Seed}-r{Revision}.csv");

    public static string Name(int column) => string.Create(CultureInfo.InvariantCulture, $"x{column + 1:D2}");

    public static TabularData Generate(int rows = Rows, int seed = Seed)
    {
        var random = new Random(seed);
        var x = new double[Columns][];
        for (var j = 0; j < Columns; j++)
        {
            x[j] = new double[rows];
        }

        var eta = new double[rows];
        Span<double> latent = stackalloc double[8];
        for (var r = 0; r < rows; r++)
        {
            var a = Q64(Normal(random));
            var b = Q64(Normal(random));
            var revenue = Math.Min(16_000_000, Math.Round(Math.Exp(10 + (1.2 * Normal(random)))));
            var orders = Math.Floor(-Math.Log(1 - random.NextDouble()) * 3);
            var share = Q1024(random.NextDouble());
            var flag = random.NextDouble() < 0.3 ? 1.0 : 0.0;
            var c = Q64(Normal(random));
            var d = Q64(Normal(random));
            var e = Q64(Normal(random));
            var region = (double)random.Next(10);
            var g = Q64(Normal(random));
            var h = Q1024(random.NextDouble());
            var revenueZ = (Math.Log(Math.Max(revenue, 1)) - 10) / 1.2;
            var revenueMissing = random.NextDouble() < 0.10;

            eta[r] = (0.8 * a) - (0.6 * b) + (revenueMissing ? -0.3 : 0.5 * revenueZ) + (0.35 * Math.Sqrt(Math.Min(orders, 20)))
                + (share > 0.7 ? 0.9 : 0) + (0.7 * flag) - (0.4 * c * c) + (0.6 * d * e) + RegionEffect[(int)region]
                + (0.5 * Math.Tanh(2 * g)) - (0.8 * h);

            double[] values = [a, b, revenue, orders, share, flag, c, d, e, region, g, h];
            for (var j = 0; j < Informative; j++)
            {
                x[j][r] = values[j];
            }

            // The copies follow the true value even where the original is missing, as a second source would.
            latent[0] = a;
            latent[1] = b;
            latent[2] = revenueZ;
            latent[3] = (orders - 3) / 3;
            latent[4] = (share - 0.5) * 3.46;
            latent[5] = (flag - 0.3) / 0.46;
            latent[6] = c;
            latent[7] = d;
            for (var j = 0; j < 8; j++)
            {
                x[Informative + j][r] = Q64(latent[j] + (1.5 * Normal(random)));
            }

            for (var j = Informative + 8; j < Columns; j++)
            {
                x[j][r] = (j % 4) switch
                {
                    0 => Q64(Normal(random)),
                    1 => Q1024(random.NextDouble()),
                    2 => Math.Floor(-Math.Log(1 - random.NextDouble()) * 2),
                    _ => random.NextDouble() < 0.2 ? 1 : 0,
                };
            }

            Blank(x[0], r, random, 0.05);
            if (revenueMissing)
            {
                x[2][r] = double.NaN;
            }

            Blank(x[4], r, random, 0.03);
            Blank(x[10], r, random, 0.20);
            for (var j = 29; j <= 34; j++)
            {
                Blank(x[j], r, random, 0.05);
            }
        }

        var bias = Intercept(eta, PositiveRate);
        var labels = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            labels[r] = random.NextDouble() < Sigmoid(eta[r] + bias);
        }

        return new TabularData
        {
            Ids = Enumerable.Range(0, rows).Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Labels = labels,
            Columns = Enumerable.Range(0, Columns).Select(j => new TabularColumn { Name = Name(j), Kind = InputKind.Numeric, Numbers = x[j] }).ToList(),
        };
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static void Blank(double[] column, int r, Random random, double share)
    {
        if (random.NextDouble() < share)
        {
            column[r] = double.NaN;
        }
    }

    /// <summary>The intercept that makes the mean true probability <paramref name="rate"/>, by bisection (the mean rises with it).</summary>
    private static double Intercept(double[] eta, double rate)
    {
        double low = -20, high = 20;
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            var mean = 0.0;
            foreach (var z in eta)
            {
                mean += Sigmoid(z + mid);
            }

            if (mean / eta.Length < rate)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return (low + high) / 2;
    }

    private static double Q64(double value) => Math.Round(value * 64) / 64;

    private static double Q1024(double value) => Math.Round(value * 1024) / 1024;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>Writes a <see cref="TabularData"/> with its label (0/1) and fold for the peer, and the checks the peer must echo.</summary>
internal static class PropensityCsv
{
    public const string Label = "y";
    public const string Fold = "fold";

    /// <summary>
    /// Comma-separated with a header. Numbers in shortest round-trip form ("R"), so the peer parses back the very doubles
    /// Sightline holds; missing numbers and levels are empty fields; levels are always quoted.
    /// </summary>
    public static void Write(TabularData data, int[] fold, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.Labels ?? throw new ArgumentException("the data needs labels", nameof(data));
        if (data.Columns.Any(c => c.Name is Label or Fold))
        {
            throw new ArgumentException($"a column is named '{Label}' or '{Fold}', which the file reserves for the label and fold", nameof(data));
        }

        var partial = path + ".partial";
        using (var writer = new StreamWriter(partial, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write(string.Join(",", data.Columns.Select(c => Quote(c.Name)).Append(Label).Append(Fold)));
            writer.Write('\n');
            var line = new StringBuilder();
            for (var r = 0; r < data.Rows; r++)
            {
                line.Clear();
                foreach (var column in data.Columns)
                {
                    if (column.Kind == InputKind.Numeric)
                    {
                        var value = column.Numbers[r];
                        line.Append(double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture));
                    }
                    else if (column.Levels[r] is { } level)
                    {
                        line.Append(Quote(level));
                    }

                    line.Append(',');
                }

                line.Append(labels[r] ? '1' : '0').Append(',').Append(fold[r].ToString(CultureInfo.InvariantCulture)).Append('\n');
                writer.Write(line);
            }
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <summary>What the peer must report back for the same file: rows, positives, missing cells, rows per fold, each numeric column's sum.</summary>
    public static DataChecks Checks(TabularData data, int[] fold)
    {
        ArgumentNullException.ThrowIfNull(data);
        var missing = data.Columns.Sum(c => c.Kind == InputKind.Numeric ? c.Numbers.Count(double.IsNaN) : c.Levels.Count(l => l is null));
        var sums = data.Columns.Where(c => c.Kind == InputKind.Numeric)
            .ToDictionary(c => c.Name, c => c.Numbers.Where(v => !double.IsNaN(v)).Sum(), StringComparer.Ordinal);
        var foldRows = fold.GroupBy(f => f).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count(), StringComparer.Ordinal);
        return new DataChecks(data.Rows, data.Columns.Count, data.Labels!.Count(l => l), missing, foldRows, sums);
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Counts and sums both sides compute over the same file, to show they trained on the same data.</summary>
internal sealed record DataChecks(int Rows, int Features, int Positives, int Missing, IReadOnlyDictionary<string, int> FoldRows, IReadOnlyDictionary<string, double> NumericSums)
{
    /// <summary>Differences from <paramref name="other"/>; sums agree within a relative 1e-9 (the peer sums pairwise, we in order).</summary>
    public List<string> Differences(DataChecks other)
    {
        var differences = new List<string>();
        void Same<T>(string what, T ours, T theirs)
        {
            if (!EqualityComparer<T>.Default.Equals(ours, theirs))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: Sightline {ours}, peer {theirs}"));
            }
        }

        Same("rows", Rows, other.Rows);
        Same("features", Features, other.Features);
        Same("positives", Positives, other.Positives);
        Same("missing cells", Missing, other.Missing);
        Same("folds", string.Join(" ", FoldRows.Select(p => $"{p.Key}:{p.Value}")), string.Join(" ", other.FoldRows.Select(p => $"{p.Key}:{p.Value}")));
        foreach (var (name, sum) in NumericSums)
        {
            var theirs = other.NumericSums.TryGetValue(name, out var s) ? s : double.NaN;
            if (!(Math.Abs(sum - theirs) <= 1e-9 * Math.Max(1, Math.Abs(sum))))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"sum of {name}: Sightline {sum:R}, peer {theirs:R}"));
            }
        }

        return differences;
    }
}
