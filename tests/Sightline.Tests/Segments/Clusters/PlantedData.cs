using System.Globalization;
using System.Text;
using Sightline.Workspaces;

namespace Sightline.Tests.Segments.Clusters;

/// <summary>Seeded Gaussian blobs with a categorical column that mostly follows the blob: clusters whose truth is known.</summary>
public sealed class PlantedData
{
    public static readonly string[] Industries = ["Healthcare", "Retail", "Manufacturing", "Finance"];

    private PlantedData(double[][] rows, int[] truth, string[] industry)
    {
        Rows = rows;
        Truth = truth;
        Industry = industry;
    }

    public double[][] Rows { get; }

    public int[] Truth { get; }

    public string[] Industry { get; }

    public int Dimensions => Rows[0].Length;

    public static PlantedData Blobs(int n = 2000, int k = 4, int dimensions = 6, double spread = 1.0, int seed = 7)
    {
        var random = new Random(seed);
        var centers = new double[k][];
        for (var c = 0; c < k; c++)
        {
            centers[c] = Enumerable.Range(0, dimensions).Select(_ => (random.NextDouble() * 16) - 8).ToArray();
        }

        var rows = new double[n][];
        var truth = new int[n];
        var industry = new string[n];
        for (var i = 0; i < n; i++)
        {
            var c = i % k;
            truth[i] = c;
            rows[i] = centers[c].Select(m => m + (spread * Gaussian(random))).ToArray();
            industry[i] = random.NextDouble() < 0.8 ? Industries[c % Industries.Length] : Industries[random.Next(Industries.Length)];
        }

        return new PlantedData(rows, truth, industry);
    }

    public double[] Flat() => Rows.SelectMany(r => r).ToArray();

    /// <summary>Writes <c>account_features</c>: the blob columns x1..xd, industry, a latitude (skipped as a coordinate) and a list column (skipped).</summary>
    public void WriteFeatureTable(Workspace workspace)
    {
        var columns = string.Join(", ", Enumerable.Range(1, Dimensions).Select(j => $"x{j} DOUBLE"));
        workspace.Execute($"CREATE TABLE account_features (account_id VARCHAR, {columns}, industry VARCHAR, latitude DOUBLE)");
        using (var appender = workspace.Connection.CreateAppender("account_features"))
        {
            for (var i = 0; i < Rows.Length; i++)
            {
                var row = appender.CreateRow().AppendValue($"A{i:D5}");
                foreach (var v in Rows[i])
                {
                    row.AppendValue(v);
                }

                row.AppendValue(Industry[i]).AppendValue(40 + (i % 7)).EndRow();
            }
        }

        workspace.Execute("ALTER TABLE account_features ADD COLUMN tags VARCHAR[] DEFAULT ['a', 'b']");
    }

    public string ToCsv(char delimiter = ';')
    {
        var text = new StringBuilder();
        text.AppendJoin(delimiter, Enumerable.Range(1, Dimensions).Select(j => $"x{j}")).Append(delimiter).Append("industry").Append(delimiter).Append("blob").Append('\n');
        for (var i = 0; i < Rows.Length; i++)
        {
            text.AppendJoin(delimiter, Rows[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
                .Append(delimiter).Append(Industry[i]).Append(delimiter).Append(Truth[i]).Append('\n');
        }

        return text.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
