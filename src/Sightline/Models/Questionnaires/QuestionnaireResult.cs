using System.Text.Json.Serialization;

namespace Sightline.Models.Questionnaires;

/// <summary>A questionnaire distilled from a segment or band assignment, with its accuracy on held-out accounts.</summary>
/// <param name="QuestionnaireId">Id of the stored questionnaire; also the run id of the run that made it.</param>
/// <param name="Target">What the questions predict: <c>segments</c>, <c>bands</c> or a parent segment's name.</param>
/// <param name="SourceRunId">The segments or scoring run whose assignment was distilled.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Questions">The longest chain of questions a rep asks (at most <paramref name="MaxQuestions"/>).</param>
/// <param name="MaxQuestions">The most questions allowed on any path.</param>
/// <param name="Askable">The columns the questions could use, in the order tried.</param>
/// <param name="Classes">Every class seen, in name order.</param>
/// <param name="TrainingAccounts">Accounts the questions were built from.</param>
/// <param name="HoldoutAccounts">Accounts held out to measure accuracy.</param>
/// <param name="Accuracy">Share of held-out accounts whose answer is their true class.</param>
/// <param name="BaselineClass">The most common class among the training accounts.</param>
/// <param name="BaselineAccuracy">Accuracy of always answering <paramref name="BaselineClass"/>, on the same held-out accounts.</param>
/// <param name="Recall">Per class: how many held-out accounts of the class the questionnaire finds.</param>
/// <param name="Seed">Seed of the held-out split.</param>
/// <param name="HoldoutShare">Share of accounts held out, per class.</param>
/// <param name="MinLeafSize">The fewest training accounts an answer rests on.</param>
/// <param name="Tree">The questions, as a tree.</param>
/// <param name="Text">The printed form: numbered questions with where each answer leads.</param>
/// <param name="Notes">What the reader should know about the data used.</param>
/// <param name="HoldoutAccountIds">The held-out accounts, in id order (left out of JSON output: it can be long).</param>
public sealed record QuestionnaireResult(
    string QuestionnaireId,
    string Target,
    string SourceRunId,
    DateTimeOffset CreatedAt,
    int Questions,
    int MaxQuestions,
    IReadOnlyList<string> Askable,
    IReadOnlyList<string> Classes,
    int TrainingAccounts,
    int HoldoutAccounts,
    double Accuracy,
    string BaselineClass,
    double BaselineAccuracy,
    IReadOnlyList<ClassRecall> Recall,
    int Seed,
    double HoldoutShare,
    int MinLeafSize,
    QuestionNode Tree,
    string Text,
    IReadOnlyList<string> Notes,
    [property: JsonIgnore] IReadOnlyList<string> HoldoutAccountIds);
