namespace Sightline.Models.Value;

/// <summary>One customer's value: the history and what the models expect of it over the horizon.</summary>
/// <param name="CustomerId">The customer (or account) id.</param>
/// <param name="Frequency">x, repeat purchases in the calibration period.</param>
/// <param name="Recency">t_x in the time unit.</param>
/// <param name="Age">T in the time unit.</param>
/// <param name="ProbabilityAlive">P(alive) at the calibration end.</param>
/// <param name="ExpectedPurchases">Expected purchases over the horizon.</param>
/// <param name="ExpectedSpend">Gamma-Gamma expected spend per purchase.</param>
/// <param name="Clv">Discounted expected margin over the horizon.</param>
public sealed record CustomerValue(string CustomerId, int Frequency, double Recency, double Age, double ProbabilityAlive, double ExpectedPurchases, double ExpectedSpend, double Clv);
