using System.Globalization;

namespace Sightline;

/// <summary>
/// The dates and windows an analysis may be asked for. Features look back 36 months and propensity one window before
/// the as-of date, so a date near year 1 or 9999 would leave the calendar; no CRM history lies outside this range anyway.
/// </summary>
public static class AsOfDates
{
    /// <summary>The earliest as-of date accepted.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>The latest as-of date accepted.</summary>
    public static readonly DateOnly Latest = new(2200, 12, 31);

    /// <summary>The longest propensity window, in days (10 years).</summary>
    public const int MaxWindowDays = 3653;

    /// <summary>Refuses an as-of date outside <see cref="Earliest"/>..<see cref="Latest"/>; null (the default date) passes.</summary>
    /// <param name="asOf">The date asked for, or null.</param>
    /// <param name="source">Where it came from, for the message (<c>--as-of</c> by default).</param>
    /// <exception cref="BadInputException">A date outside the range.</exception>
    public static void Check(DateOnly? asOf, string source = "--as-of")
    {
        if (asOf is { } date && (date < Earliest || date > Latest))
        {
            throw new BadInputException(new Diagnostic(source, null, null, Format(date),
                $"expected a date between {Format(Earliest)} and {Format(Latest)}"));
        }
    }

    /// <summary>Refuses a window shorter than 1 day or longer than <see cref="MaxWindowDays"/>.</summary>
    /// <param name="days">The window asked for.</param>
    /// <param name="source">Where it came from, for the message (<c>--days</c> by default).</param>
    /// <exception cref="BadInputException">A window outside the range.</exception>
    public static void CheckWindowDays(int days, string source = "--days")
    {
        if (days is < 1 or > MaxWindowDays)
        {
            throw new BadInputException(new Diagnostic(source, null, null, days.ToString(CultureInfo.InvariantCulture),
                $"expected a window of 1 to {MaxWindowDays.ToString(CultureInfo.InvariantCulture)} days (10 years)"));
        }
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
