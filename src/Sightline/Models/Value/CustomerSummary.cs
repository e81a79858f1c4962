namespace Sightline.Models.Value;

/// <summary>
/// One customer's calibration-period history in the BG/NBD form. Times are in the summary's time unit,
/// measured from the customer's first purchase; purchases on the same day count as one.
/// </summary>
/// <param name="CustomerId">The customer (or account) id.</param>
/// <param name="Frequency">x: repeat purchases (purchase days after the first) up to the calibration end.</param>
/// <param name="Recency">t_x: time from the first purchase to the last one in the calibration period (0 when x = 0).</param>
/// <param name="Age">T: time from the first purchase to the calibration end.</param>
/// <param name="MonetaryValue">Mean spend per repeat purchase day (0 when x = 0); the first purchase is left out, as Gamma-Gamma expects.</param>
/// <param name="HoldoutFrequency">Purchase days after the calibration end up to the holdout end; null without a holdout period.</param>
public sealed record CustomerSummary(string CustomerId, int Frequency, double Recency, double Age, double MonetaryValue, int? HoldoutFrequency);
