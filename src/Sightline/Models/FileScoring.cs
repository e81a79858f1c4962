using System.Globalization;
using System.Text;
using Sightline.Models.Evaluation;

namespace Sightline.Models;

/// <summary>What <c>sightline score --file</c> asks for.</summary>
public sealed record FileScoringOptions
{
    /// <summary>The flat file.</summary>
    public required string Path { get; init; }

    /// <summary>The label column: yes/no, true/false, 1/0, won/lost, or any values with <see cref="Positive"/>.</summary>
    public required string Label { get; init; }

    /// <summary>The label value that is the outcome to predict, when the label is not yes/no (e.g. "&gt;50K"); every other value is the other class.</summary>
    public string? Positive { get; init; }

    /// <summary>Columns never used as inputs (e.g. ones only known after the outcome).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The row id column; default: the row number.</summary>
    public string? Id { get; init; }

    /// <summary>Where to write the out-of-fold scores (CSV); default: none.</summary>
    public string? ScoresPath { get; init; }

    /// <summary>Where to write the model trained on all rows (JSON); default: none.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Training settings.</summary>
    public PropensityOptions Training { get; init; } = new();
}

/// <summary>The result of cross-validating the trainer on a flat file.</summary>
/// <param name="File">The file name.</param>
/// <param name="Rows">Rows read.</param>
/// <param name="Positives">Rows labelled yes.</param>
/// <param name="Inputs">Input columns used (categoricals one-hot over their frequent levels).</param>
/// <param name="Folds">Cross-validation folds.</param>
/// <param name="Metrics">Out-of-fold metrics.</param>
/// <param name="FoldAuc">AUC within each fold (the peer's "mean fold AUC" is their mean).</param>
/// <param name="TrainingSeconds">Training wall time (folds and the final model).</param>
/// <param name="Notes">Columns left out and why.</param>
/// <param name="ScoresPath">Where the out-of-fold scores were written, if asked.</param>
/// <param name="ModelPath">Where the model was written, if asked.</param>
public sealed record FileScoringResult(string File, int Rows, int Positives, IReadOnlyList<string> Inputs, int Folds, BinaryMetrics Metrics,
    IReadOnlyList<double> FoldAuc, double TrainingSeconds, IReadOnlyList<string> Notes, string? ScoresPath, string? ModelPath);

/// <summary>Trains and cross-validates the propensity trainer on any flat file, so it can be checked on public data.</summary>
public static class FileScoring
{
    /// <summary>Runs it; writes the scores and the model when asked.</summary>
    public static FileScoringResult Run(FileScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Checked before training, which can take minutes.
        if (options.ScoresPath is { } scoresTarget)
        {
            OutputPaths.CheckFile(scoresTarget, "--out");
        }

        if (options.ModelPath is { } modelTarget)
        {
            OutputPaths.CheckFile(modelTarget, "--model");
        }

        var (data, notes) = FlatFile.Load(options.Path, options.Label, options.Exclude, options.Id, options.Positive);
        var name = System.IO.Path.GetFileName(options.Path);
        var result = PropensityTrainer.Train(data, options.Training, name);
        var labels = data.Labels!;
        var foldCount = result.Fold.Max() + 1;
        var foldAuc = Enumerable.Range(0, foldCount).Select(k =>
        {
            var rows = Enumerable.Range(0, data.Rows).Where(r => result.Fold[r] == k).ToArray();
            return BinaryMetrics.Compute(rows.Select(r => result.OutOfFold[r]).ToArray(), rows.Select(r => labels[r]).ToArray()).Auc;
        }).ToList();

        if (options.ScoresPath is { } scoresPath)
        {
            var csv = new StringBuilder("id,label,probability,fold\n");
            for (var r = 0; r < data.Rows; r++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Csv(data.Ids[r])},{(labels[r] ? 1 : 0)},{result.OutOfFold[r]:R},{result.Fold[r]}\n");
            }

            OutputPaths.WriteAllText(scoresPath, csv.ToString(), "--out");
        }

        if (options.ModelPath is { } modelPath)
        {
            OutputPaths.WriteAllText(modelPath, result.Model.ToJson(), "--model");
        }

        return new FileScoringResult(name, data.Rows, labels.Count(l => l), result.Model.Encoder.Inputs.Select(i => i.Name).ToList(), foldCount,
            result.Metrics, foldAuc, result.TrainingSeconds, notes, options.ScoresPath, options.ModelPath);
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
