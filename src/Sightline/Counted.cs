using System.Globalization;

namespace Sightline;

/// <summary>A count with its noun in the right number, for messages and notes ("1 account", "2,400 accounts").</summary>
public static class Counted
{
    /// <summary>The count (thousands separated) and <paramref name="singular"/> for 1, else <paramref name="plural"/> (default: the singular plus "s").</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");

    /// <summary>The word that agrees with the count: <paramref name="singular"/> for 1 ("1 account has"), else <paramref name="plural"/>.</summary>
    public static string Agree(long count, string singular, string plural) => count == 1 ? singular : plural;
}
