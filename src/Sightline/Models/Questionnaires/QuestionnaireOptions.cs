namespace Sightline.Models.Questionnaires;

/// <summary>What <see cref="QuestionnaireBuilder"/> distils and how.</summary>
public sealed record QuestionnaireOptions
{
    /// <summary>The target keyword for the exclusive segment assignment of the latest segments run.</summary>
    public const string SegmentsTarget = "segments";

    /// <summary>The target keyword for the probability bands of the latest lookalike scoring.</summary>
    public const string BandsTarget = "bands";

    /// <summary>
    /// What the questions predict: <see cref="SegmentsTarget"/>, <see cref="BandsTarget"/>, or the name
    /// of a parent segment in <c>sightline.yaml</c> (its micro-segments are the classes).
    /// </summary>
    public required string Target { get; init; }

    /// <summary>The most questions on any path; null uses the limit (<c>questionnaire.max_questions</c>, default 5).</summary>
    public int? Questions { get; init; }

    /// <summary>Columns a rep may be asked about; null uses the defaults plus <c>questionnaire.askable</c>.</summary>
    public IReadOnlyList<string>? Askable { get; init; }

    /// <summary>Share of accounts held out (per class) to measure accuracy; never used to build the questions.</summary>
    public double Holdout { get; init; } = 0.25;

    /// <summary>Seed of the held-out split: the same data and seed give the same questionnaire.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The fewest training accounts an answer (leaf) may rest on.</summary>
    public int MinLeafSize { get; init; } = 10;
}
