using System.Globalization;

namespace Sightline.Workspaces;

/// <summary>The checks every number in <c>sightline.yaml</c> goes through, so each section words its problems alike.</summary>
internal static class SettingChecks
{
    /// <summary>The most days a day-count setting may name (about 100 years): date arithmetic past it leaves the calendar.</summary>
    public const int MaxDays = 36_500;

    /// <summary>The most months a month-count setting may name (100 years).</summary>
    public const int MaxMonths = 1_200;

    /// <summary>
    /// Refuses a number that is not finite or not in range. YAML reads <c>.nan</c> and <c>.inf</c> as numbers, and NaN fails
    /// every comparison, so a range check alone would let it through to SQL and arithmetic.
    /// </summary>
    public static void Number(string file, string key, double value, bool inRange, string expected)
    {
        if (!double.IsFinite(value) || !inRange)
        {
            throw Invalid(file, key, Show(value), expected);
        }
    }

    /// <summary>Refuses a whole number out of range.</summary>
    public static void WholeNumber(string file, string key, long value, bool inRange, string expected)
    {
        if (!inRange)
        {
            throw Invalid(file, key, value.ToString(CultureInfo.InvariantCulture), expected);
        }
    }

    /// <summary>Bad input naming the setting, the value seen and what was expected.</summary>
    public static BadInputException Invalid(string file, string key, string? value, string expected) =>
        new(new Diagnostic(file, null, key, value, expected));

    /// <summary>A number as YAML writes it, so a <c>.nan</c> reads back as it was typed.</summary>
    public static string Show(double value) => value switch
    {
        double.NaN => ".nan",
        double.PositiveInfinity => ".inf",
        double.NegativeInfinity => "-.inf",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
