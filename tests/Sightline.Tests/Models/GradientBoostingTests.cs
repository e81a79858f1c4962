using Sightline.Models;

namespace Sightline.Tests.Models;

public sealed class GradientBoostingTests
{
    private static readonly BoostingOptions Small = new() { Trees = 30, Leaves = 15, Seed = 3 };

    [Fact]
    public void TreeEnsemble_ScoresEqualMlNetsOwnScores()
    {
        var (data, _) = SyntheticData.Accounts(3_000, seed: 1);
        var encoder = FeatureEncoder.Fit(data);
        var matrix = encoder.Encode(data, "synthetic");
        var rows = Enumerable.Range(0, data.Rows).ToArray();

        var trees = GradientBoosting.TrainBinary(matrix, encoder.Width, rows, data.Labels!, Small, encoder.Categories());
        var ours = trees.Score(matrix, encoder.Width);
        var reference = GradientBoosting.ReferenceScores(matrix, encoder.Width, rows, data.Labels!, Small, encoder.Categories());

        Assert.Equal(30, trees.Trees);
        Assert.Contains(trees.Categories, set => set != 0); // industry is split by level sets
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.True(Math.Abs(reference[r] - ours[r]) <= 1e-5 * (1 + Math.Abs(ours[r])), $"row {r}: ML.NET {reference[r]}, ours {ours[r]}");
        }
    }

    [Fact]
    public void Contributions_AddUpToTheRawScore_AndFavourTheTrueDrivers()
    {
        var (data, _) = SyntheticData.Accounts(4_000, seed: 2);
        var encoder = FeatureEncoder.Fit(data);
        var matrix = encoder.Encode(data, "synthetic");
        var trees = GradientBoosting.TrainBinary(matrix, encoder.Width, Enumerable.Range(0, data.Rows).ToArray(), data.Labels!, Small, encoder.Categories());
        var slots = encoder.Inputs.Select(i => i.Name).ToList();
        var total = new double[encoder.Width];
        for (var r = 0; r < data.Rows; r++)
        {
            var row = new ReadOnlySpan<float>(matrix, r * encoder.Width, encoder.Width);
            var contributions = new double[encoder.Width];
            var expected = trees.Contributions(row, contributions);
            Assert.Equal(trees.Score(row), expected + contributions.Sum(), 9);
            for (var s = 0; s < total.Length; s++)
            {
                total[s] += Math.Abs(contributions[s]);
            }
        }

        var strongest = slots.Select((name, s) => (name, total[s])).OrderByDescending(p => p.Item2).First().name;
        Assert.Equal("fit_score", strongest);
        Assert.True(total[slots.IndexOf("noise")] < total[slots.IndexOf("fit_score")] / 3,
            "a pure-noise column must matter far less than the strongest driver");
    }

    [Fact]
    public void Encoder_CodesFrequentLevels_AndEncodesMissingBelowEveryValue()
    {
        var (data, _) = SyntheticData.Accounts(1_000, seed: 4);
        var encoder = FeatureEncoder.Fit(data);

        Assert.Equal(["fit_score", "price_sensitivity", "noise", "has_decision_maker", "industry"], encoder.Inputs.Select(i => i.Name));
        Assert.Equal([0, 0, 0, 0, 5], encoder.Categories());
        var industry = encoder.Inputs.Single(i => i.Name == "industry").Levels;
        Assert.Equal(SyntheticData.Industries.Order(StringComparer.Ordinal), industry.Order(StringComparer.Ordinal));
        var matrix = encoder.Encode(data, "synthetic");
        var missing = Array.FindIndex(data.Columns[1].Numbers, double.IsNaN);
        Assert.Equal(FeatureEncoder.Missing, matrix[(missing * encoder.Width) + 1]);
        var noIndustry = Array.FindIndex(data.Columns[4].Levels, l => l is null);
        Assert.Equal(FeatureEncoder.OtherLevel, matrix[(noIndustry * encoder.Width) + 4]);
        var hospital = Array.FindIndex(data.Columns[4].Levels, l => l == "Hospitals");
        Assert.Equal(industry.IndexOf("Hospitals"), (int)matrix[(hospital * encoder.Width) + 4]);
    }

    [Fact]
    public void GoesRight_NumbersByThreshold_CodesBySet()
    {
        Assert.False(TreeEnsemble.GoesRight(1.5f, 2f, 0));
        Assert.False(TreeEnsemble.GoesRight(2f, 2f, 0));
        Assert.True(TreeEnsemble.GoesRight(2.5f, 2f, 0));
        Assert.True(TreeEnsemble.GoesRight(float.NaN, 2f, 0));
        Assert.False(TreeEnsemble.GoesRight(FeatureEncoder.Missing, 2f, 0));
        Assert.True(TreeEnsemble.GoesRight(3f, float.MaxValue, 0b1010));
        Assert.True(TreeEnsemble.GoesRight(1f, float.MaxValue, 0b1010));
        Assert.False(TreeEnsemble.GoesRight(2f, float.MaxValue, 0b1010));
        Assert.False(TreeEnsemble.GoesRight(FeatureEncoder.OtherLevel, float.MaxValue, 0b1010));
        Assert.False(TreeEnsemble.GoesRight(31f, float.MaxValue, 1UL << 30));
        Assert.True(TreeEnsemble.GoesRight(31f, float.MaxValue, 1UL << 31));
    }

    [Fact]
    public void Encode_DataWithoutATrainedColumn_IsBadInputNamingIt()
    {
        var (data, _) = SyntheticData.Accounts(200, seed: 5);
        var encoder = FeatureEncoder.Fit(data);
        var without = new TabularData { Ids = data.Ids, Columns = data.Columns.Where(c => c.Name != "industry").ToList() };

        var error = Assert.Throws<BadInputException>(() => encoder.Encode(without, "new.csv"));
        Assert.Equal("new.csv: column 'industry': the model was trained with this column and the data has none", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(4_096 + 5)]
    public void ScoreMatrix_AnyRowCount_EqualsTheRowByRowScoresExactly(int rows)
    {
        var (data, _) = SyntheticData.Accounts(5_000, seed: 6);
        var encoder = FeatureEncoder.Fit(data);
        var all = encoder.Encode(data, "synthetic");
        var trees = GradientBoosting.TrainBinary(all, encoder.Width, Enumerable.Range(0, data.Rows).ToArray(), data.Labels!, Small);
        var matrix = all[..(rows * encoder.Width)];

        var scores = trees.Score(matrix, encoder.Width);

        Assert.Equal(rows, scores.Length);
        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(trees.Score(new ReadOnlySpan<float>(matrix, r * encoder.Width, encoder.Width)), scores[r]);
        }
    }

    [Fact]
    public void SetCovers_CountsEachRowOncePerTree()
    {
        var (data, _) = SyntheticData.Accounts(2_000, seed: 7);
        var encoder = FeatureEncoder.Fit(data);
        var matrix = encoder.Encode(data, "synthetic");
        var trees = GradientBoosting.TrainBinary(matrix, encoder.Width, Enumerable.Range(0, data.Rows).ToArray(), data.Labels!, Small);
        int[] some = [5, 3, 3, 1_999, 0, 17, 42, 8, 9, 10, 11];

        trees.SetCovers(matrix, encoder.Width, some);

        Assert.Equal((double)some.Length * trees.Trees, trees.LeafCover.Sum());
        Assert.Throws<ArgumentOutOfRangeException>(() => trees.SetCovers(matrix, encoder.Width, [2_000]));
    }

    [Fact]
    public void ScoreMatrix_RowsNarrowerThanTheSplitsNeed_IsRefused()
    {
        var (data, _) = SyntheticData.Accounts(1_000, seed: 8);
        var encoder = FeatureEncoder.Fit(data);
        var matrix = encoder.Encode(data, "synthetic");
        var trees = GradientBoosting.TrainBinary(matrix, encoder.Width, Enumerable.Range(0, data.Rows).ToArray(), data.Labels!, Small);

        var error = Assert.Throws<ArgumentException>(() => trees.Score(new float[10], 1));
        Assert.StartsWith("the trees split on slot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainBinary_SixteenRows_SplitsWithAQuarterOfTheRowsPerLeaf()
    {
        // 16 rows could never split with the default 20 rows a side; ML.NET then failed on LightGBM's single-leaf tree.
        var matrix = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        var labels = Enumerable.Range(0, 16).Select(i => i >= 8).ToArray();

        var trees = GradientBoosting.TrainBinary(matrix, 1, Enumerable.Range(0, 16).ToArray(), labels, new BoostingOptions());

        Assert.Equal(4, new BoostingOptions().MinRowsPerLeafFor(16));
        Assert.Equal(20, new BoostingOptions().MinRowsPerLeafFor(80));
        Assert.InRange(trees.Trees, 1, 100);
        Assert.True(trees.Score([15f]) > trees.Score([0f]), "the rows with larger values are the positives");
    }
}
