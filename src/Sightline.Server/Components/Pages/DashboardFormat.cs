using System.Globalization;

namespace Sightline.Server.Components.Pages;

/// <summary>Numbers as leaders read them on the dashboard and plan pages.</summary>
public static class DashboardFormat
{
    /// <summary>An amount in short form: 950, 12.3k, 4.5M, 1.2B.</summary>
    public static string Money(double value)
    {
        var abs = Math.Abs(value);
        var text = abs switch
        {
            >= 1e9 => (abs / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + "B",
            >= 1e6 => (abs / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",
            >= 1e4 => (abs / 1e3).ToString("0", CultureInfo.InvariantCulture) + "k",
            _ => abs.ToString("N0", CultureInfo.InvariantCulture),
        };
        return value < 0 ? "−" + text : text;
    }

    /// <summary>A whole number with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A share as a percent with one decimal, or a dash.</summary>
    public static string Percent(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "–";
}
