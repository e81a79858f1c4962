using System.Text.Json.Serialization;

namespace Sightline.Models.Value;

/// <summary>What <see cref="LifetimeValue"/> fitted and computed.</summary>
public sealed record ClvResult
{
    /// <summary>The run id in workspace mode; null for a file.</summary>
    public string? RunId { get; init; }

    /// <summary>The file or workspace read.</summary>
    public required string Source { get; init; }

    /// <summary>The time unit of t_x, T, α and the holdout length.</summary>
    public required TimeUnit Unit { get; init; }

    /// <summary>The first purchase date in the data.</summary>
    public required DateOnly FirstDate { get; init; }

    /// <summary>The last day of the calibration period (inclusive).</summary>
    public required DateOnly CalibrationEnd { get; init; }

    /// <summary>The last day of the holdout period, when there is one.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>The holdout length in the time unit (0 without a holdout).</summary>
    public double HoldoutLength { get; init; }

    /// <summary>The CLV horizon in the time unit.</summary>
    public required double Horizon { get; init; }

    /// <summary>The annual discount rate used.</summary>
    public required double AnnualDiscount { get; init; }

    /// <summary>The margin share used.</summary>
    public required double Margin { get; init; }

    /// <summary>Customers with a purchase in the calibration period.</summary>
    public required int Customers { get; init; }

    /// <summary>Of those, customers with at least one repeat purchase.</summary>
    public required int RepeatCustomers { get; init; }

    /// <summary>The BG/NBD fit.</summary>
    public required BgNbdFit BgNbd { get; init; }

    /// <summary>The Gamma-Gamma fit.</summary>
    public required GammaGammaFit GammaGamma { get; init; }

    /// <summary>Actual vs predicted holdout purchases by calibration frequency; empty without a holdout.</summary>
    public required IReadOnlyList<HoldoutBin> Holdout { get; init; }

    /// <summary>The customers with the highest CLV.</summary>
    public required IReadOnlyList<CustomerValue> Top { get; init; }

    /// <summary>Expected purchases over the horizon, all customers.</summary>
    public required double TotalExpectedPurchases { get; init; }

    /// <summary>CLV summed over all customers.</summary>
    public required double TotalClv { get; init; }

    /// <summary>How the file was read (an amount computed from quantity and price, the date order, lines left out).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every customer, in file (or id) order; not printed as JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<CustomerValue> Values { get; init; } = [];

    /// <summary>The calibration summaries the models were fitted on; not printed as JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<CustomerSummary> Summaries { get; init; } = [];
}
