using System.Globalization;

namespace Sightline.Workspaces;

/// <summary>The <c>quotas:</c> section of <c>sightline.yaml</c>: how <c>sightline plan quotas</c> spreads a target.</summary>
public sealed class QuotaSettings
{
    /// <summary>Weight of a rep's share of last year's revenue in the blend.</summary>
    public double HistoryWeight { get; set; } = 0.5;

    /// <summary>Weight of a rep's share of account potential in the blend; the two weights sum to 1.</summary>
    public double PotentialWeight { get; set; } = 0.5;

    /// <summary>Smallest change versus last year's revenue (-0.10: a quota at least 90% of last year).</summary>
    public double FloorChange { get; set; } = -0.10;

    /// <summary>Largest change versus last year's revenue (0.30: a quota at most 130% of last year).</summary>
    public double CapChange { get; set; } = 0.30;

    internal void Validate(string file)
    {
        if (HistoryWeight is < 0 or > 1 || PotentialWeight is < 0 or > 1 || Math.Abs(HistoryWeight + PotentialWeight - 1) > 1e-9)
        {
            throw new BadInputException(new Diagnostic(file, null, "quotas.history_weight",
                string.Create(CultureInfo.InvariantCulture, $"{HistoryWeight} + {PotentialWeight}"),
                "expected history_weight and potential_weight between 0 and 1 that sum to 1, such as 0.5 and 0.5"));
        }

        if (FloorChange is < -1 or > 0)
        {
            throw new BadInputException(new Diagnostic(file, null, "quotas.floor_change", FloorChange.ToString(CultureInfo.InvariantCulture),
                "expected a change between -1 and 0, such as -0.10"));
        }

        if (CapChange < 0 || double.IsNaN(CapChange))
        {
            throw new BadInputException(new Diagnostic(file, null, "quotas.cap_change", CapChange.ToString(CultureInfo.InvariantCulture),
                "expected a change of 0 or more, such as 0.30"));
        }
    }
}
