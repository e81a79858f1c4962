using CsCheck;
using Sightline.Models.Questionnaires;

namespace Sightline.Tests.Models.Questionnaires;

/// <summary>The CART tree on in-memory data: the splits it finds, where "don't know" goes, and its invariants on random data.</summary>
public sealed class ClassificationTreeTests
{
    private static TrainingSet Data(string[] classes, params AskableColumn[] columns)
    {
        var names = classes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new TrainingSet([.. classes.Select((_, i) => $"A{i:D4}")], [.. classes.Select(c => names.IndexOf(c))], names, columns);
    }

    private static QuestionNode Fit(TrainingSet data, int maxDepth = 5, int minLeaf = 1) =>
        QuestionnaireText.Number(ClassificationTree.Fit(data, Enumerable.Range(0, data.Rows).ToArray(), maxDepth, minLeaf));

    [Fact]
    public void Fit_ManyClassesFromLevelGroups_GroupsLevelsGreedily()
    {
        // x for {A, B}, y for {C}, z for {D, E}: two questions over one category separate them exactly.
        string[] levels = ["A", "B", "C", "D", "E"];
        var values = Enumerable.Range(0, 250).Select(i => levels[i % 5]).ToArray();
        var classes = values.Select(v => v is "A" or "B" ? "x" : v == "C" ? "y" : "z").ToArray();
        var tree = Fit(Data(classes, AskableColumn.Category("industry", AnswerKind.Category, values)));

        Assert.Equal(2, tree.Depth);
        Assert.All(tree.BreadthFirst().Where(n => n.IsLeaf), leaf => Assert.Equal(1.0, leaf.Share));
        // Splitting off z (100 pure of 250) drops the impurity most; the question names the side with fewer levels.
        Assert.Equal(["D", "E"], tree.Levels);
        Assert.Equal(["C"], tree.No!.Levels);
    }

    [Fact]
    public void Fit_TwoClassesOverACategory_FindsTheBestLevelSet()
    {
        string[] levels = ["Banking", "Clinics", "Hospitals", "Retail", "Software"];
        var values = Enumerable.Range(0, 300).Select(i => levels[i % 5]).ToArray();
        var classes = values.Select((v, i) => v is "Hospitals" or "Clinics" ? (i % 30 == 1 ? "no" : "yes") : (i % 25 == 3 ? "yes" : "no")).ToArray();
        var tree = Fit(Data(classes, AskableColumn.Category("industry", AnswerKind.Category, values)), maxDepth: 1);

        Assert.Equal(["Clinics", "Hospitals"], tree.Levels);
        Assert.Equal("1. Is the industry one of Clinics, Hospitals?  yes → \"yes\" (92% of 120 similar accounts), no or don't know → \"no\" (93% of 180 similar accounts)",
            QuestionnaireText.Render(tree));
    }

    [Fact]
    public void Fit_MissingValues_GoToTheLargerChildAndCountThere()
    {
        // 60 small (<= 100) "a", 30 large "b", 10 unknown that are "a": unknown follows the larger (no) side.
        var employees = Enumerable.Range(0, 60).Select(i => 10.0 + i).Concat(Enumerable.Range(0, 30).Select(i => 500.0 + i)).Concat(Enumerable.Repeat(double.NaN, 10)).ToArray();
        var classes = Enumerable.Repeat("a", 60).Concat(Enumerable.Repeat("b", 30)).Concat(Enumerable.Repeat("a", 10)).ToArray();
        var tree = Fit(Data(classes, AskableColumn.Number("employees", employees)));

        Assert.Equal(Branch.No, tree.DontKnow);
        Assert.Equal(300, tree.Threshold);   // halfway between 69 and 500 is 284.5: one significant digit gives 300
        Assert.Equal((70, 30), (tree.No!.Count, tree.Yes!.Count));
    }

    [Fact]
    public void Fit_NoUsefulQuestion_IsOneAnswer()
    {
        // The class does not depend on the column: every split leaves both sides 50/50, so no question is asked.
        var values = Enumerable.Range(0, 100).Select(i => (double)(i / 2)).ToArray();
        var classes = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? "a" : "b").ToArray();
        var tree = Fit(Data(classes, AskableColumn.Number("employees", values)));

        Assert.True(tree.IsLeaf);
        Assert.Equal(("a", 0.5, 100), (tree.Prediction, tree.Share, tree.Count));
        Assert.Equal("No question tells these classes apart: answer \"a\" (50% of 100 similar accounts).", QuestionnaireText.Render(tree));
    }

    [Fact]
    public void Fit_AnswersThatAgree_AreMergedIntoOne()
    {
        // Below 100 the class is 90% "a", above 70% "a": splits lower the impurity, but every leaf of 20 answers "a".
        var values = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var classes = values.Select(v => v < 100 ? (v % 10 == 0 ? "b" : "a") : (v % 10 < 3 ? "b" : "a")).ToArray();
        var tree = Fit(Data(classes, AskableColumn.Number("employees", values)), minLeaf: 20);

        Assert.True(tree.IsLeaf);
        Assert.Equal("a", tree.Prediction);
    }

    [Fact]
    public void Fit_YesNoColumn_AsksAboutTrue()
    {
        var values = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? "true" : "false").ToArray();
        var classes = values.Select(v => v == "true" ? "champion-led" : "other").ToArray();
        var tree = Fit(Data(classes, AskableColumn.Category("has_champion", AnswerKind.YesNo, values)));

        Assert.Equal(["true"], tree.Levels);
        Assert.Equal("champion-led", tree.Yes!.Prediction);
        Assert.StartsWith("1. Does it have champion?  yes → \"champion-led\"", QuestionnaireText.Render(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_RandomData_KeepsDepthLeafSizeAndRoundThresholds()
    {
        var gen = Gen.Select(Gen.Int[20, 300], Gen.Int[1, 5], Gen.Int[1, 25], Gen.Int[2, 5], Gen.Int[0, 10_000]);
        gen.Sample((n, maxDepth, minLeaf, classCount, seed) =>
        {
            var random = new Random(seed);
            var numbers = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.1 ? double.NaN : Math.Round(random.NextDouble() * 1e6) / 100).ToArray();
            var levels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.1 ? null : $"L{random.Next(8)}").ToArray();
            var classes = Enumerable.Range(0, n).Select(i => $"c{(double.IsNaN(numbers[i]) ? random.Next(classCount) : ((int)(numbers[i] / 1000) + (levels[i]?.Length ?? 0) + random.Next(2)) % classCount)}").ToArray();
            var data = Data(classes, AskableColumn.Number("x", numbers), AskableColumn.Category("k", AnswerKind.Category, levels));
            var tree = Fit(data, maxDepth, minLeaf);

            var leaves = tree.BreadthFirst().Where(l => l.IsLeaf).ToList();
            Assert.True(tree.Depth <= maxDepth);
            Assert.Equal(n, leaves.Sum(l => l.Count));
            Assert.All(leaves, l => Assert.True(l.Count >= Math.Min(minLeaf, n)));
            Assert.All(tree.BreadthFirst().Where(q => q.Kind == AnswerKind.Number),
                q => Assert.True(QuestionnaireBuilderTests.SignificantDigits(q.Threshold!.Value) <= 2, $"threshold {q.Threshold}"));
            Assert.Equal(Enumerable.Range(1, tree.BreadthFirst().Count(q => !q.IsLeaf)), tree.BreadthFirst().Where(q => !q.IsLeaf).Select(q => q.Question!.Value));
            Assert.All(tree.BreadthFirst().Where(q => !q.IsLeaf), q => Assert.False(q.Yes!.IsLeaf && q.No!.IsLeaf && q.Yes.Prediction == q.No.Prediction));
        }, iter: 200);
    }
}
