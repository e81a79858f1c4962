using Sightline.Models.Questionnaires;

namespace Sightline.Tests.Models.Questionnaires;

public sealed class QuestionnaireTextTests
{
    private static QuestionNode Ask(string column, AnswerKind kind, double? threshold = null, params string[] levels) => new()
    {
        Column = column, Kind = kind, Threshold = threshold, Levels = levels.Length == 0 ? null : levels, Prediction = "x", Share = 1, Count = 1,
    };

    [Theory]
    [InlineData("employees", AnswerKind.Number, 500.0, "Does it have more than 500 employees?")]
    [InlineData("annual_revenue", AnswerKind.Number, 25_000_000.0, "Is its annual revenue more than 25,000,000?")]
    [InlineData("seats_per_site", AnswerKind.Number, 2.5, "Is its seats per site more than 2.5?")]
    [InlineData("industry", AnswerKind.Category, null, "Is the industry one of Hospitals, Clinics?", "Hospitals", "Clinics")]
    [InlineData("sub_industry", AnswerKind.Category, null, "Is the sub-industry Payments?", "Payments")]
    [InlineData("buying_centre", AnswerKind.Category, null, "Is the buying centre IT?", "IT")]
    [InlineData("has_champion", AnswerKind.YesNo, null, "Does it have champion?", "true")]
    [InlineData("is_public", AnswerKind.YesNo, null, "Is it public?", "true")]
    [InlineData("uses_sap", AnswerKind.YesNo, null, "Is \"uses sap\" true for it?", "true")]
    public void Question_ReadsNaturally(string column, AnswerKind kind, double? threshold, string expected, params string[] levels) =>
        Assert.Equal(expected, QuestionnaireText.Question(Ask(column, kind, threshold, levels)));

    [Fact]
    public void Render_NumbersBreadthFirstAndShowsDontKnow()
    {
        static QuestionNode Leaf(string answer, double share, int count) => new() { Prediction = answer, Share = share, Count = count };
        var tree = QuestionnaireText.Number(Ask("industry", AnswerKind.Category, null, "Hospitals", "Clinics") with
        {
            DontKnow = Branch.No,
            Yes = Ask("employees", AnswerKind.Number, 500) with
            {
                DontKnow = Branch.Yes,
                Yes = Leaf("Enterprise health", 0.912, 1204),
                No = Ask("country", AnswerKind.Category, null, "France") with { DontKnow = Branch.No, Yes = Leaf("a", 0.6, 10), No = Leaf("b", 0.7, 20) },
            },
            No = Ask("region", AnswerKind.Category, null, "EMEA") with { DontKnow = Branch.Yes, Yes = Leaf("c", 0.8, 30), No = Leaf("d", 0.9, 40) },
        });

        Assert.Equal("""
            1. Is the industry one of Hospitals, Clinics?  yes → 2, no or don't know → 3
            2. Does it have more than 500 employees?  yes or don't know → "Enterprise health" (91% of 1,204 similar accounts), no → 4
            3. Is the region EMEA?  yes or don't know → "c" (80% of 30 similar accounts), no → "d" (90% of 40 similar accounts)
            4. Is the country France?  yes → "a" (60% of 10 similar accounts), no or don't know → "b" (70% of 20 similar accounts)
            """, QuestionnaireText.Render(tree));
    }
}
