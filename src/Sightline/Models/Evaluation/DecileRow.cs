namespace Sightline.Models.Evaluation;

/// <summary>
/// One decile of accounts sorted by predicted probability, highest first (decile 1 = top 10%). The rows of a
/// <see cref="BinaryMetrics"/> double as its calibration table: compare <see cref="MeanPredicted"/> with
/// <see cref="ObservedRate"/>.
/// </summary>
/// <param name="Decile">1-based decile number; 1 holds the highest probabilities.</param>
/// <param name="Count">Rows in the decile.</param>
/// <param name="Positives">Positive rows in the decile.</param>
/// <param name="MeanPredicted">Mean predicted probability of the decile's rows.</param>
/// <param name="ObservedRate"><see cref="Positives"/> / <see cref="Count"/>.</param>
/// <param name="Lift"><see cref="ObservedRate"/> / base rate; NaN when there are no positives at all.</param>
/// <param name="CumulativeGain">Positives in deciles 1..<see cref="Decile"/> / all positives; NaN when there are none.</param>
public sealed record DecileRow(int Decile, int Count, int Positives, double MeanPredicted, double ObservedRate, double Lift, double CumulativeGain);
