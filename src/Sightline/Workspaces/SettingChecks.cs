using System.Globalization;

namespace Sightline.Workspaces;

/// <summary>The limits and wording every number in <c>sightline.yaml</c> shares, so each section words its problems alike.</summary>
internal static class SettingChecks
{
    /// <summary>The most days a day-count setting may name (about 100 years): date arithmetic past it leaves the calendar.</summary>
    public const int MaxDays = 36_500;

    /// <summary>The most months a month-count setting may name (100 years).</summary>
    public const int MaxMonths = 1_200;

    /// <summary>A number as YAML writes it, so a <c>.nan</c> reads back as it was typed.</summary>
    public static string Show(double value) => value switch
    {
        double.NaN => ".nan",
        double.PositiveInfinity => ".inf",
        double.NegativeInfinity => "-.inf",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
