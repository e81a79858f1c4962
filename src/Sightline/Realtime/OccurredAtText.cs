using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.Realtime;

/// <summary>
/// The ways an <c>occurred_at</c> is written: ISO 8601, as integrations send it, and what CRM exports write (11/23/2026
/// 10:15 AM, 23.11.2026 10:15, 23-Nov-2026 10:15, a date alone, Unix epoch seconds or milliseconds). Whether a clock
/// time without an offset may be read is the validator's call: it needs the zone the export was written in.
/// </summary>
internal static partial class OccurredAtText
{
    /// <summary>A value as written: its clock time (to the microsecond) and its offset, null when the text names none.</summary>
    internal readonly record struct Written(DateTime Clock, TimeSpan? Offset);

    /// <summary>What a text reads as, if anything.</summary>
    internal enum Outcome
    {
        /// <summary>A date and time.</summary>
        Read,

        /// <summary>No date and time in any form.</summary>
        NotATime,

        /// <summary>A slashed date that is no date in the workspace's day/month order but is one in the other.</summary>
        OtherDateOrder,
    }

    private static readonly string[] NamedMonthDates = ["d-MMM-yyyy", "d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy"];

    private static readonly string[] NamedMonthTimes = ["", " H:mm", " H:mm:ss", " h:mm tt", " h:mm:ss tt", ", h:mm tt", ", H:mm", " h:mmtt"];

    private static readonly string[] NamedMonthFormats = [.. NamedMonthDates.SelectMany(d => NamedMonthTimes.Select(t => d + t))];

    /// <summary>
    /// Reads <paramref name="text"/>. A slashed or dashed date with the day or month first (11/23/2026, 23-11-2026) is
    /// read in the workspace's order (<paramref name="dayFirst"/>); a dotted one (23.11.2026) is always day first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The text has a date's form but no real date or time (2026-02-30, 25:00).</exception>
    internal static Outcome Read(string text, bool dayFirst, out Written written)
    {
        written = default;
        if (Iso().Match(text) is { Success: true } iso)
        {
            written = Compose(iso, Part(iso, "y"), Part(iso, "mo"), Part(iso, "d"));
            return Outcome.Read;
        }

        if (Numeric().Match(text) is { Success: true } numeric)
        {
            var (a, b) = (Part(numeric, "a"), Part(numeric, "b"));
            var year = Part(numeric, "y") is var y && numeric.Groups["y"].Length == 2 ? (y < 69 ? 2000 + y : 1900 + y) : y;
            var (day, month) = dayFirst || numeric.Groups["sep"].Value == "." ? (a, b) : (b, a);
            if (!IsDate(year, month, day) && IsDate(year, day, month) && numeric.Groups["sep"].Value != ".")
            {
                return Outcome.OtherDateOrder;
            }

            written = Compose(numeric, year, month, day);
            return Outcome.Read;
        }

        if (Epoch().Match(text) is { Success: true } epoch)
        {
            var count = long.Parse(text, CultureInfo.InvariantCulture);
            var instant = epoch.Groups["ms"].Success ? DateTimeOffset.FromUnixTimeMilliseconds(count) : DateTimeOffset.FromUnixTimeSeconds(count);
            written = new Written(instant.UtcDateTime, TimeSpan.Zero);
            return Outcome.Read;
        }

        if (DateTime.TryParseExact(text, NamedMonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var named))
        {
            written = new Written(named, null);
            return Outcome.Read;
        }

        return Outcome.NotATime;
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Part(Match match, string name) =>
        match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>The date with the match's time of day (midnight when it has none), fraction and zone.</summary>
    private static Written Compose(Match match, int year, int month, int day)
    {
        var hour = Part(match, "h");
        if (match.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12)
            {
                throw new ArgumentOutOfRangeException(nameof(match), hour, "a 12-hour clock's hour is 1 to 12");
            }

            hour = hour % 12 + (char.ToUpperInvariant(match.Groups["ampm"].Value[0]) == 'P' ? 12 : 0);
        }

        // DuckDB keeps microseconds, so finer digits are dropped here: the event read back from the log then equals this one.
        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value.PadRight(6, '0')[..6] : "0";
        var clock = new DateTime(year, month, day, hour, Part(match, "mi"), Part(match, "s"), DateTimeKind.Unspecified)
            .AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture) * 10);
        TimeSpan? offset = null;
        if (match.Groups["zone"].Success)
        {
            var zone = match.Groups["zone"].Value;
            offset = zone.ToUpperInvariant() is "Z" or "UTC" or "GMT" ? TimeSpan.Zero : (zone[0] == '-' ? -1 : 1) * new TimeSpan(Part(match, "oh"), Part(match, "om"), 0);
            if (offset.Value.Duration() > TimeSpan.FromHours(14))
            {
                throw new ArgumentOutOfRangeException(nameof(match), offset, "an offset is at most 14 hours");
            }
        }

        return new Written(clock, offset);
    }

    // A time of day with an optional 12-hour mark and zone; shared by both numeric date forms.
    private const string TimeOfDay = @"(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<fraction>\d{1,9}))?)?\s*(?<ampm>[AaPp]\.?[Mm]\.?)?\s*(?<zone>Z|z|UTC|GMT|[+-](?<oh>\d{2})(?::?(?<om>\d{2}))?)?";

    [GeneratedRegex(@"^(?<y>\d{4})(?<sep>[-/])(?<mo>\d{1,2})\k<sep>(?<d>\d{1,2})(?:(?:[Tt]|\s+)" + TimeOfDay + ")?$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(?<a>\d{1,2})(?<sep>[/.-])(?<b>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})(?:(?:[Tt]|,?\s+)" + TimeOfDay + ")?$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^1\d{9}(?<ms>\d{3})?$")]
    private static partial Regex Epoch();
}
