using System.Globalization;

namespace Sightline.Models.Value;

/// <summary>How <see cref="LifetimeValue"/> splits the history and values customers.</summary>
public sealed record ClvOptions
{
    /// <summary>Days in an average year, the base of month lengths and of the discount rate.</summary>
    public const double DaysPerYear = 365.25;

    /// <summary>The longest horizon, in years: valuing walks the horizon month by month for every customer.</summary>
    public const int MaxHorizonYears = 50;

    /// <summary>The longest horizon, in days.</summary>
    public const double MaxHorizonDays = MaxHorizonYears * DaysPerYear;

    /// <summary>The last day of the calibration period (inclusive); null uses the last purchase date.</summary>
    public DateOnly? CalibrationEnd { get; init; }

    /// <summary>The last day of the holdout period (inclusive); null uses the last purchase date when it is after the calibration end.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>The time unit of x, t_x, T and the parameters.</summary>
    public TimeUnit Unit { get; init; } = TimeUnit.Week;

    /// <summary>The CLV horizon in days (default 12 average months).</summary>
    public double HorizonDays { get; init; } = DaysPerYear;

    /// <summary>Annual discount rate (0.10 for 10%).</summary>
    public double AnnualDiscount { get; init; } = 0.10;

    /// <summary>Share of spend that is margin (0.30 for 30%).</summary>
    public double Margin { get; init; } = 0.30;

    /// <summary>How many customers to list by CLV.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Days in one <paramref name="unit"/>.</summary>
    public static double DaysPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1,
        TimeUnit.Week => 7,
        TimeUnit.Month => DaysPerYear / 12,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown time unit"),
    };

    /// <summary>Parses day, week or month (plural and d/w/m accepted).</summary>
    /// <exception cref="BadInputException">Any other text.</exception>
    public static TimeUnit ParseUnit(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "day" or "days" or "d" => TimeUnit.Day,
        "week" or "weeks" or "w" => TimeUnit.Week,
        "month" or "months" or "m" => TimeUnit.Month,
        _ => throw new BadInputException(new Diagnostic("--time-unit", null, null, text, "unknown time unit; use day, week or month")),
    };

    /// <summary>Parses a horizon such as <c>12m</c>, <c>52w</c>, <c>90d</c> or <c>1y</c> into days (m = 365.25/12 days, y = 365.25).</summary>
    /// <exception cref="BadInputException">Not a positive number followed by d, w, m or y.</exception>
    public static double ParseHorizon(string text)
    {
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        double? days = trimmed.Length < 2 ? null : trimmed[^1] switch
        {
            'd' => 1,
            'w' => 7,
            'm' => DaysPerYear / 12,
            'y' => DaysPerYear,
            _ => null,
        };
        if (days is { } perUnit && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var count) && count > 0 && double.IsFinite(count))
        {
            return count * perUnit <= MaxHorizonDays
                ? count * perUnit
                : throw new BadInputException(new Diagnostic("--horizon", null, null, text, $"too long; expected at most {MaxHorizonYears}y (600m)"));
        }

        throw new BadInputException(new Diagnostic("--horizon", null, null, text, "expected a positive length such as 12m, 52w, 90d or 1y"));
    }

    /// <summary>Parses <c>10%</c> or <c>0.10</c> into a fraction in [0, <paramref name="max"/>].</summary>
    /// <exception cref="BadInputException">Not a number, or out of range.</exception>
    public static double ParseRate(string text, string option, double max)
    {
        var trimmed = (text ?? "").Trim();
        var percent = trimmed.EndsWith('%');
        if (double.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            var fraction = percent ? value / 100 : value;
            if (fraction >= 0 && fraction <= max)
            {
                return fraction;
            }
        }

        throw new BadInputException(new Diagnostic(option, null, null, text,
            string.Create(CultureInfo.InvariantCulture, $"expected a rate such as 10% or 0.10, between 0 and {max:0%}")));
    }
}
