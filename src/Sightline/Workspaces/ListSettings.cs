namespace Sightline.Workspaces;

/// <summary>The <c>lists:</c> section of <c>sightline.yaml</c>: how <c>sightline lists</c> builds rep action lists.</summary>
public sealed class ListSettings
{
    /// <summary>The action types a list row can carry (keys of <see cref="Themes"/>).</summary>
    public static readonly IReadOnlyList<string> Actions = ["cross_sell", "up_sell", "prospect", "at_risk"];

    /// <summary>Share of recommended accounts kept off the lists (and recorded) to measure the lift of working them.</summary>
    public double HoldoutShare { get; set; } = 0.05;

    /// <summary>Seed of the holdout hash: the same seed holds out the same accounts on every run.</summary>
    public int HoldoutSeed { get; set; } = 1;

    /// <summary>Accounts on a rep's list when the rep has no <c>capacity_accounts</c>.</summary>
    public int DefaultCapacity { get; set; } = 25;

    /// <summary>An account with an outcome (won, lost, not pursued) recorded within this many days is kept off the lists.</summary>
    public int OutcomeCooldownDays { get; set; } = 90;

    /// <summary>A customer is at risk when its days since the last order exceed this many times its usual gap between orders.</summary>
    public double AtRiskGapMultiple { get; set; } = 2.0;

    /// <summary>A customer is at risk when its 12-month revenue changed by this much or less versus the year before (-0.30: down 30%).</summary>
    public double AtRiskDecline { get; set; } = -0.30;

    /// <summary>A customer is at risk when it had this many support contacts or more in the last year.</summary>
    public int AtRiskSupportLoad { get; set; } = 12;

    /// <summary>Per industry, who the decision maker is ("the nursing executive"); <c>default</c> for the rest.</summary>
    public Dictionary<string, string> DecisionMakerTitle { get; set; } = new(StringComparer.Ordinal)
    {
        ["default"] = "the economic buyer",
        ["Healthcare"] = "the nursing executive",
    };

    /// <summary>Per size band, the channel that works the account; <c>default</c> for the rest.</summary>
    public Dictionary<string, string> Channels { get; set; } = new(StringComparer.Ordinal)
    {
        ["Strategic"] = "field",
        ["Enterprise"] = "field",
        ["Mid-market"] = "inside",
        ["SMB"] = "digital",
        ["default"] = "inside",
    };

    /// <summary>Per action type (cross_sell, up_sell, prospect, at_risk), the message theme.</summary>
    public Dictionary<string, string> Themes { get; set; } = new(StringComparer.Ordinal)
    {
        ["cross_sell"] = "complete the platform: what peers add next",
        ["up_sell"] = "grow into your size: peers spend more",
        ["prospect"] = "companies like yours already use us",
        ["at_risk"] = "service review: what would make us indispensable",
    };

    /// <summary>The title to find when no decision maker is known.</summary>
    public string TitleFor(string? industry) =>
        industry is not null && DecisionMakerTitle.TryGetValue(industry, out var t) ? t
        : DecisionMakerTitle.TryGetValue("default", out var d) ? d : "the economic buyer";

    internal void Validate(SettingProblems problems)
    {
        problems.Number("lists.holdout_share", HoldoutShare, HoldoutShare is >= 0 and < 1,
            "expected a share from 0 up to (not including) 1, such as 0.05");
        problems.WholeNumber("lists.default_capacity", DefaultCapacity, DefaultCapacity >= 0, "expected 0 or more accounts, such as 25");
        problems.WholeNumber("lists.outcome_cooldown_days", OutcomeCooldownDays, OutcomeCooldownDays is >= 0 and <= SettingChecks.MaxDays,
            $"expected 0 to {SettingChecks.MaxDays} days, such as 90 (0: outcomes keep no account off the lists)");
        problems.Number("lists.at_risk_gap_multiple", AtRiskGapMultiple, AtRiskGapMultiple > 0, "expected a multiple above 0, such as 2");
        problems.Number("lists.at_risk_decline", AtRiskDecline, AtRiskDecline is >= -1 and <= 0, "expected a change between -1 and 0, such as -0.30");
        problems.WholeNumber("lists.at_risk_support_load", AtRiskSupportLoad, AtRiskSupportLoad >= 1, "expected 1 or more contacts, such as 12");

        DecisionMakerTitle ??= [];
        Channels ??= [];
        Themes ??= [];
        foreach (var (key, value) in Themes.Where(kv => !Actions.Contains(kv.Key)))
        {
            problems.Add($"lists.themes.{key}", value, $"not an action; expected one of {string.Join(", ", Actions)}");
        }

        foreach (var (section, map) in new[] { ("decision_maker_title", DecisionMakerTitle), ("channels", Channels), ("themes", Themes) })
        {
            foreach (var (key, value) in map.Where(kv => string.IsNullOrWhiteSpace(kv.Value)))
            {
                problems.Add($"lists.{section}.{key}", value, "expected some text");
            }
        }
    }
}
