namespace Sightline.Models.Value;

/// <summary>One row of the holdout check: customers with the same calibration frequency, actual vs predicted holdout purchases.</summary>
/// <param name="Frequency">Calibration repeat purchases: "0" to "6", or "7+".</param>
/// <param name="Customers">Customers in the bin.</param>
/// <param name="ActualMean">Mean purchase days in the holdout period.</param>
/// <param name="PredictedMean">Mean BG/NBD conditional expectation for the holdout length.</param>
public sealed record HoldoutBin(string Frequency, int Customers, double ActualMean, double PredictedMean);
