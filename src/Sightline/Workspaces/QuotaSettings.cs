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

    /// <summary>The largest <see cref="CapChange"/> (a hundredfold rise): beyond it quota sums leave decimal range.</summary>
    public const double MaxCapChange = 100;

    internal void Validate(SettingProblems problems)
    {
        // Written as what passes: NaN fails every comparison, so it fails these too.
        if (!(HistoryWeight is >= 0 and <= 1 && PotentialWeight is >= 0 and <= 1 && Math.Abs(HistoryWeight + PotentialWeight - 1) <= 1e-9))
        {
            problems.Add("quotas.history_weight", $"{SettingChecks.Show(HistoryWeight)} + {SettingChecks.Show(PotentialWeight)}",
                "expected history_weight and potential_weight between 0 and 1 that sum to 1, such as 0.5 and 0.5");
        }

        problems.Number("quotas.floor_change", FloorChange, FloorChange is >= -1 and <= 0, "expected a change between -1 and 0, such as -0.10");
        problems.Number("quotas.cap_change", CapChange, CapChange is >= 0 and <= MaxCapChange,
            $"expected a change from 0 to {MaxCapChange}, such as 0.30");
    }
}
