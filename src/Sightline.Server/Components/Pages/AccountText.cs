using System.Globalization;

namespace Sightline.Server.Components.Pages;

/// <summary>How the field pages write numbers, dates and table values (invariant, so every user reads the same).</summary>
public static class AccountText
{
    /// <summary>An amount without cents, or a dash.</summary>
    public static string Money(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>An amount without cents, or a dash.</summary>
    public static string Money(decimal? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>A share as a percentage, or a dash.</summary>
    public static string Percent(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "–";

    /// <summary>A count.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A table value as text: dates as yyyy-MM-dd, numbers invariant, null as a dash.</summary>
    public static string Value(object? value) => value switch
    {
        null => "–",
        DateTime { TimeOfDay.Ticks: 0 } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => Math.Abs(d) >= 100 ? d.ToString("N0", CultureInfo.InvariantCulture) : d.ToString("0.###", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.###", CultureInfo.InvariantCulture),
        decimal m => m.ToString("N2", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A column of a row map, as text.</summary>
    public static string Of(IReadOnlyDictionary<string, object?>? row, string column) =>
        row is not null && row.TryGetValue(column, out var value) ? Value(value) : "–";

    /// <summary>A column of a row map as a number, when it is one.</summary>
    public static double? NumberOf(IReadOnlyDictionary<string, object?>? row, string column) =>
        row is not null && row.TryGetValue(column, out var value) && value is not null and not string and IConvertible
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>A snake_case column or value as words ("not_pursued" → "not pursued").</summary>
    public static string Words(string? text) => string.IsNullOrEmpty(text) ? "–" : text.Replace('_', ' ');
}
