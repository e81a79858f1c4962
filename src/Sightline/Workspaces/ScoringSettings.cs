namespace Sightline.Workspaces;

/// <summary>The <c>scoring:</c> section of <c>sightline.yaml</c>.</summary>
public sealed class ScoringSettings
{
    /// <summary>Probability band cut points, increasing, each between 0 and 1 (default 4% and 30%).</summary>
    public List<double> Bands { get; set; } = [0.04, 0.30];

    /// <summary>Share of customers counted as best customers (target best-customers), by <see cref="BestCustomersBy"/>.</summary>
    public double BestCustomersShare { get; set; } = 0.20;

    /// <summary>The feature column ranking best customers: revenue by default, or e.g. an imported margin attribute.</summary>
    public string BestCustomersBy { get; set; } = "revenue_12m";

    /// <summary>Days ahead for time-window and product propensity (default 90: the quarter).</summary>
    public int WindowDays { get; set; } = 90;

    /// <summary>
    /// The most accounts each time-window and product model learns from (a stratified random sample when there are more;
    /// every account is still scored out of fold); 0 for every account. Training time follows the rows, and past a few
    /// hundred thousand a sample learns about as well.
    /// </summary>
    public int WindowTrainingRows { get; set; } = 250_000;

    /// <summary>
    /// The most accounts each lookalike model (every fold's and the final one) learns from, as
    /// <see cref="WindowTrainingRows"/>; 0 for every account. At a million accounts a sample of 250,000 learned within
    /// 0.002 of the AUC in half the time.
    /// </summary>
    public int LookalikeTrainingRows { get; set; } = 250_000;

    /// <summary>Feature columns never used by the lookalike model.</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Feature columns used by the lookalike model beyond the default profile columns (at your own risk of leakage).</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>The smallest sample <see cref="WindowTrainingRows"/> and <see cref="LookalikeTrainingRows"/> may name: fewer would cost the models more than it saves.</summary>
    public const int MinTrainingRows = 10_000;

    internal void Validate(SettingProblems problems)
    {
        Bands ??= [0.04, 0.30];
        Exclude ??= [];
        Include ??= [];
        const string bandsExpected = "band cut points must be increasing probabilities between 0 and 1, such as [0.04, 0.30]";
        if (Bands.Count == 0)
        {
            problems.Add("scoring.bands", "[]", "expected at least one cut point; " + bandsExpected);
        }

        for (var i = 0; i < Bands.Count; i++)
        {
            problems.Number($"scoring.bands[{i}]", Bands[i], Bands[i] is > 0 and < 1 && (i == 0 || !double.IsFinite(Bands[i - 1]) || Bands[i] > Bands[i - 1]), bandsExpected);
        }

        problems.Number("scoring.best_customers_share", BestCustomersShare, BestCustomersShare is > 0 and <= 1,
            "expected a share above 0 and at most 1, such as 0.2");

        CheckTrainingRows(problems, "scoring.window_training_rows", WindowTrainingRows);
        CheckTrainingRows(problems, "scoring.lookalike_training_rows", LookalikeTrainingRows);

        problems.WholeNumber("scoring.window_days", WindowDays, WindowDays is >= 1 and <= AsOfDates.MaxWindowDays,
            $"expected a number of days from 1 to {AsOfDates.MaxWindowDays} (10 years)");
    }

    private static void CheckTrainingRows(SettingProblems problems, string key, int rows)
    {
        problems.WholeNumber(key, rows, rows is 0 or >= MinTrainingRows,
            $"expected 0 (learn from every account) or at least {MinTrainingRows:N0} accounts");
    }
}
