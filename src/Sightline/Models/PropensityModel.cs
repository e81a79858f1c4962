using System.Text.Json;
using System.Text.Json.Serialization;
using Sightline.Models.Evaluation;

namespace Sightline.Models;

/// <summary>
/// A trained propensity model as saved: the encoder, the trees, the out-of-fold isotonic calibration from raw score to
/// probability and, for positive-unlabelled targets, the label frequency c that turns P(labelled) into P(buyer).
/// </summary>
public sealed class PropensityModel
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private IsotonicCalibrator? calibrator;

    /// <summary>How inputs are encoded.</summary>
    public required FeatureEncoder Encoder { get; init; }

    /// <summary>The trees.</summary>
    public required TreeEnsemble Trees { get; init; }

    /// <summary>Calibration knots: raw scores.</summary>
    public required List<double> CalibrationScores { get; init; }

    /// <summary>Calibration knots: probabilities.</summary>
    public required List<double> CalibrationProbabilities { get; init; }

    /// <summary>Label frequency c = P(labelled | buyer), when the labels are positive-unlabelled.</summary>
    public double? LabelFrequency { get; init; }

    private IsotonicCalibrator Calibrator => calibrator ??= IsotonicCalibrator.FromPoints(CalibrationScores, CalibrationProbabilities);

    /// <summary>The calibrated probability of the label itself (for positive-unlabelled labels: of being labelled) for a raw score.</summary>
    public double LabelledProbability(double rawScore) => Math.Clamp(Calibrator.Apply(rawScore), 0, 1);

    /// <summary>The probability shown for a raw score.</summary>
    public double Probability(double rawScore) => FromLabelledProbability(LabelledProbability(rawScore));

    /// <summary>
    /// The output for a calibrated P(labelled): itself for ordinary labels; for positive-unlabelled labels, the probability
    /// that an account with this profile, not yet a known buyer, is one — the same formula for every account, so known
    /// buyers show how their own profile would have scored.
    /// </summary>
    public double FromLabelledProbability(double labelledProbability) => LabelFrequency is { } c
        ? PositiveUnlabelled.UnlabelledPositiveProbability(labelledProbability, c)
        : labelledProbability;

    /// <summary>Probabilities for every row of <paramref name="data"/>.</summary>
    public double[] Score(TabularData data, string source)
    {
        var matrix = Encoder.Encode(data, source);
        var raw = Trees.Score(matrix, Encoder.Width);
        return Array.ConvertAll(raw, Probability);
    }

    /// <summary>Probabilities (shown and of the label itself, for metrics) and the reasons behind them for every row of <paramref name="data"/>.</summary>
    public (double[] Probabilities, double[] Labelled, Reason[][] Reasons) ScoreWithReasons(TabularData data, string source, int reasonsPerSide = 3)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ScoreWithReasons(data, Encoder.Encode(data, source), reasonsPerSide);
    }

    /// <summary>As <see cref="ScoreWithReasons(TabularData, string, int)"/>, for rows already encoded by <see cref="Encoder"/>.</summary>
    public (double[] Probabilities, double[] Labelled, Reason[][] Reasons) ScoreWithReasons(TabularData data, float[] matrix, int reasonsPerSide = 3)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(matrix);
        var width = Encoder.Width;
        var probabilities = new double[data.Rows];
        var labelled = new double[data.Rows];
        var reasons = new Reason[data.Rows][];
        var writer = new ReasonWriter(Encoder, data);
        Parallel.For(0, data.Rows, () => new double[width], (r, _, contributions) =>
        {
            Array.Clear(contributions);
            var row = new ReadOnlySpan<float>(matrix, r * width, width);
            Trees.Contributions(row, contributions);
            labelled[r] = LabelledProbability(Trees.Score(row)); // the same sum as Score, not one rounded differently
            probabilities[r] = FromLabelledProbability(labelled[r]);
            reasons[r] = writer.Explain(r, contributions, reasonsPerSide);
            return contributions;
        }, _ => { });
        return (probabilities, labelled, reasons);
    }

    /// <summary>The model as JSON (the artefact saved in the workspace or next to a scored file).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a model written by <see cref="ToJson"/>.</summary>
    public static PropensityModel FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PropensityModel>(json, Json) ?? throw new BadInputException(source, "the model file is empty");
        }
        catch (JsonException e)
        {
            throw new BadInputException(new Diagnostic(source, e.LineNumber + 1, null, null, $"not a Sightline model: {e.Message}"));
        }
    }
}
