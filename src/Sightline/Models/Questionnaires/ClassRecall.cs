namespace Sightline.Models.Questionnaires;

/// <summary>How well the questionnaire finds one class among the held-out accounts.</summary>
/// <param name="Class">The class (segment or band).</param>
/// <param name="HeldOut">Held-out accounts truly in the class.</param>
/// <param name="Correct">Of those, how many the questionnaire puts in the class.</param>
/// <param name="Recall"><paramref name="Correct"/> / <paramref name="HeldOut"/>; null when no account of the class was held out.</param>
public sealed record ClassRecall(string Class, int HeldOut, int Correct, double? Recall);
