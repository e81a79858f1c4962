namespace Sightline.Workspaces;

/// <summary>The rep questionnaire's settings in <c>sightline.yaml</c> (section <c>questionnaire:</c>).</summary>
public sealed class QuestionnaireSettings
{
    /// <summary>The most questions a questionnaire may ask on any path, unless changed here.</summary>
    public const int DefaultMaxQuestions = 5;

    /// <summary>Feature columns a rep can ask a prospect about, in addition to the built-in firmographics.</summary>
    public List<string> Askable { get; set; } = [];

    /// <summary>The most questions on any path; <c>--questions</c> may ask for fewer, never more.</summary>
    public int MaxQuestions { get; set; } = DefaultMaxQuestions;

    internal void Validate(SettingProblems problems)
    {
        // A key left with only comments reads as null.
        Askable ??= [];
        if (Askable.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("questionnaire.askable", null, "every entry needs a column name");
        }

        problems.WholeNumber("questionnaire.max_questions", MaxQuestions, MaxQuestions >= 1, "must be at least 1");
    }
}
