namespace Sightline.Workspaces;

/// <summary>The <c>potential:</c> section of <c>sightline.yaml</c>.</summary>
public sealed class PotentialSettings
{
    /// <summary>The quantile of peers' spend per size driver taken as potential (0.75: what the best quarter of peers spend).</summary>
    public double Quantile { get; set; } = 0.75;

    /// <summary>The size driver: <c>employees</c> or <c>annual_revenue</c> (any numeric feature column).</summary>
    public string Driver { get; set; } = "employees";

    /// <summary>Fewest paying peers a group needs before its quantile is used; smaller groups fall back to broader ones.</summary>
    public int MinPeers { get; set; } = 20;

    /// <summary>A competitor with at least this share of an account's spend is entrenched (when its contract runs long).</summary>
    public double EntrenchedShare { get; set; } = 0.5;

    /// <summary>...and its contract ends more than this many months after the as-of date.</summary>
    public int EntrenchedMonths { get; set; } = 12;

    /// <summary>Yearly cost to pursue a prospect; below it a prospect's expected value means walk away.</summary>
    public double CostToPursue { get; set; } = 5_000;

    internal void Validate(SettingProblems problems)
    {
        problems.Number("potential.entrenched_share", EntrenchedShare, EntrenchedShare is > 0 and <= 1,
            "expected a share above 0 and at most 1, such as 0.5");
        problems.WholeNumber("potential.entrenched_months", EntrenchedMonths, EntrenchedMonths is >= 0 and <= SettingChecks.MaxMonths,
            $"expected zero or more months, at most {SettingChecks.MaxMonths}");
        problems.Number("potential.cost_to_pursue", CostToPursue, CostToPursue >= 0, "expected zero or more, such as 5000");
        problems.Number("potential.quantile", Quantile, Quantile is > 0 and < 1, "expected a quantile between 0 and 1, such as 0.75");
        problems.WholeNumber("potential.min_peers", MinPeers, MinPeers >= 1, "expected at least 1");

        if (string.IsNullOrWhiteSpace(Driver))
        {
            problems.Add("potential.driver", Driver, "expected a numeric feature column such as employees or annual_revenue");
        }
    }
}
