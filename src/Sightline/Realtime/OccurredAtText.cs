using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.Realtime;

/// <summary>
/// The ways an <c>occurred_at</c> is written: ISO 8601, as integrations send it, and what CRM exports, mail and telephony
/// systems write (11/23/2026 10:15 AM, 23.11.2026 10:15, 23-Nov-2026 10:15, 23-Nov-26, Mon, 23 Nov 2026 10:15:00 GMT,
/// JavaScript's Mon Nov 23 2026 10:15:00 GMT+0100 (Central European Standard Time),
/// a date alone, Unix epoch seconds, with a fraction, or milliseconds), with an offset, Z or a zone abbreviation of fixed
/// meaning (EST, CET ...). Whether a clock time without an offset may be read is the validator's call: it needs the zone
/// the export was written in.
/// </summary>
internal static partial class OccurredAtText
{
    /// <summary>
    /// A value as written: its clock time (to the microsecond), its offset (null when the text names none, or names it
    /// ambiguously), and the weekday or zone abbreviation that an outcome other than <see cref="Outcome.Read"/> is about.
    /// </summary>
    internal readonly record struct Written(DateTime Clock, TimeSpan? Offset, string? Named = null);

    /// <summary>What a text reads as, if anything.</summary>
    internal enum Outcome
    {
        /// <summary>A date and time.</summary>
        Read,

        /// <summary>No date and time in any form.</summary>
        NotATime,

        /// <summary>A slashed date that is no date in the workspace's day/month order but is one in the other.</summary>
        OtherDateOrder,

        /// <summary>A zone abbreviation with several meanings (IST): the clock is read, the offset is not.</summary>
        AmbiguousZone,

        /// <summary>Letters after the time that are no zone abbreviation read here.</summary>
        UnknownZone,

        /// <summary>A weekday that is not the date's (Tue, 23 Nov 2026): the date or the weekday is wrong.</summary>
        WrongWeekday,
    }

    /// <summary>Zone abbreviations with one meaning in the exports we read, as import reads them; CST is US Central (not China's or Cuba's).</summary>
    internal static readonly FrozenDictionary<string, TimeSpan> FixedZones = Import.ValueParsing.ZoneAbbreviations
        .ToFrozenDictionary(z => z.Abbreviation, z => TimeSpan.ParseExact(z.Offset.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture) * (z.Offset[0] == '-' ? -1 : 1),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>Zone abbreviations in use for several zones, with what they may mean; reading one would guess hours.</summary>
    internal static readonly FrozenDictionary<string, string> AmbiguousZones = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["IST"] = "India, Irish or Israel Standard Time",
        ["AST"] = "Atlantic or Arabia Standard Time",
        ["SST"] = "Samoa or Singapore Standard Time",
        ["GST"] = "Gulf or South Georgia Standard Time",
        ["ECT"] = "Ecuador or Eastern Caribbean Time",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, DayOfWeek> Weekdays = Enum.GetValues<DayOfWeek>()
        .SelectMany(d => new[] { (DateTimeFormatInfo.InvariantInfo.DayNames[(int)d], d), (DateTimeFormatInfo.InvariantInfo.AbbreviatedDayNames[(int)d], d) })
        .Concat([("Tues", DayOfWeek.Tuesday), ("Thur", DayOfWeek.Thursday), ("Thurs", DayOfWeek.Thursday)])
        .ToFrozenDictionary(w => w.Item1, w => w.Item2, StringComparer.OrdinalIgnoreCase);

    private static readonly string[] NamedMonthDates = ["d-MMM-yyyy", "d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "d-MMM-yy", "d MMM yy"];

    private static readonly string[] NamedMonthTimes = ["", " H:mm", " H:mm:ss", " h:mm tt", " h:mm:ss tt", ", h:mm tt", ", H:mm", " h:mmtt"];

    private static readonly string[] NamedMonthFormats = [.. NamedMonthDates.SelectMany(d => NamedMonthTimes.Select(t => d + t))];

    /// <summary>English names, and two-digit years read as the numeric forms read them: 00-68 are 2000-2068, 69-99 are 1969-1999.</summary>
    private static readonly CultureInfo NamedMonthCulture = CreateNamedMonthCulture();

    /// <summary>
    /// Reads <paramref name="text"/>. A slashed or dashed date with the day or month first (11/23/2026, 23-11-2026) is
    /// read in the workspace's order (<paramref name="dayFirst"/>); a dotted one (23.11.2026) is always day first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The text has a date's form but no real date or time (2026-02-30, 25:00).</exception>
    internal static Outcome Read(string text, bool dayFirst, out Written written)
    {
        if (TryReadPlainIso(text, out written))
        {
            return Outcome.Read;
        }

        if (Epoch().Match(text) is { Success: true } epoch)
        {
            written = FromEpoch(text, epoch);
            return Outcome.Read;
        }

        // JavaScript's Date.toString() names the zone in words after its offset: the offset says it all.
        if (text.EndsWith(')') && OffsetThenZoneName().Match(text) is { Success: true } described)
        {
            return Read(described.Groups["text"].Value, dayFirst, out written);
        }

        if (Weekday().Match(text) is { Success: true } prefixed && Weekdays.TryGetValue(prefixed.Groups["weekday"].Value, out var weekday))
        {
            var outcome = ReadDate(prefixed.Groups["rest"].Value, dayFirst, out written);
            if (outcome is not (Outcome.NotATime or Outcome.OtherDateOrder) && written.Clock.DayOfWeek != weekday)
            {
                written = written with { Named = prefixed.Groups["weekday"].Value };
                return Outcome.WrongWeekday;
            }

            return outcome;
        }

        return ReadDate(text, dayFirst, out written);
    }

    /// <summary>
    /// Why a clock time is what exports write for an empty date, or null: midnight of Unix time 0 or of a zero date, or any
    /// time on a zero date no touch can fall on (a time cell written without its date).
    /// </summary>
    /// <param name="clock">The time as written, or in UTC.</param>
    /// <param name="zone">How the text names the clock's zone ("" as written, " UTC").</param>
    internal static string? Placeholder(DateTime clock, string zone)
    {
        var midnight = clock.TimeOfDay == TimeSpan.Zero;
        var what = (clock.Year, clock.Month, clock.Day) switch
        {
            (1970, 1, 1) when midnight => "Unix time 0",
            (1900, 1, 1) when midnight => "day 1 of spreadsheet dates and SQL Server's zero date",
            (1899, 12, 30) => "the zero date of spreadsheets and OLE Automation",
            (1899, 12, 31) => "day 0 of spreadsheet dates as some tools write it",
            (1, 1, 1) => "the least date .NET and many databases hold",
            _ => null,
        };
        return what is null ? null
            : midnight ? string.Create(CultureInfo.InvariantCulture, $"midnight of {clock:yyyy-MM-dd}{zone}, {what}")
            : string.Create(CultureInfo.InvariantCulture, $"{clock:HH:mm:ss} on {clock:yyyy-MM-dd}{zone}, {what}: a time of day without its date");
    }

    /// <summary>Every form but the plain ISO fast path and the epoch, after any weekday (tests compare the fast path with it).</summary>
    internal static Outcome ReadDate(string text, bool dayFirst, out Written written)
    {
        written = default;
        if (Iso().Match(text) is { Success: true } iso)
        {
            return Compose(iso, Part(iso, "y"), Part(iso, "mo"), Part(iso, "d"), out written);
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

            return Compose(numeric, year, month, day, out written);
        }

        // A zone after a named-month date is taken off first: the exact formats know no zones.
        if (NamedMonthZone().Match(text) is { Success: true } zoned && TryParseNamedMonth(zoned.Groups["rest"].Value, out var clock))
        {
            return WithZone(zoned, clock, out written);
        }

        if (TryParseNamedMonth(text, out clock))
        {
            written = new Written(clock, null);
            return Outcome.Read;
        }

        return Outcome.NotATime;
    }

    private static bool TryParseNamedMonth(string text, out DateTime clock) =>
        DateTime.TryParseExact(text, NamedMonthFormats, NamedMonthCulture, DateTimeStyles.AllowWhiteSpaces, out clock);

    private static CultureInfo CreateNamedMonthCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.Calendar.TwoDigitYearMax = 2068;
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>
    /// The form integrations send, 2026-11-23T10:15:00.123456Z (lowercase t or z, a space for T, no seconds, a fraction of
    /// 1 to 9 digits, ±hh:mm, ±hhmm or ±hh), read without a regex match: this is every event of a busy feed. Reads exactly as
    /// <see cref="Iso"/> would; false leaves anything else to it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Iso"/>'s reading: a part out of range.</exception>
    internal static bool TryReadPlainIso(ReadOnlySpan<char> text, out Written written)
    {
        written = default;
        if (text.Length < 16 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or 't' or ' ') || text[13] != ':'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute))
        {
            return false;
        }

        var at = 16;
        var second = 0;
        var microseconds = 0;
        if (at < text.Length && text[at] == ':')
        {
            if (text.Length < at + 3 || !TryDigits(text.Slice(at + 1, 2), out second))
            {
                return false;
            }

            at += 3;
            if (at < text.Length && text[at] is '.' or ',')
            {
                var start = ++at;
                while (at < text.Length && char.IsAsciiDigit(text[at]))
                {
                    at++;
                }

                if (at - start is 0 or > 9)
                {
                    return false;
                }

                for (var i = 0; i < 6; i++)
                {
                    microseconds = microseconds * 10 + (start + i < at ? text[start + i] - '0' : 0);
                }
            }
        }

        TimeSpan? offset = null;
        var zone = text[at..];
        if (zone is ['Z' or 'z'])
        {
            offset = TimeSpan.Zero;
        }
        else if (zone is ['+' or '-', ..])
        {
            if (!TryOffset(zone[1..], out var hours, out var minutes))
            {
                return false;
            }

            offset = CheckedOffset(zone[0] == '-', hours, minutes);
        }
        else if (!zone.IsEmpty)
        {
            return false;
        }

        written = new Written(Clock(year, month, day, hour, minute, second, microseconds), offset);
        return true;
    }

    /// <summary>An offset's digits after its sign: hh, hhmm or hh:mm.</summary>
    private static bool TryOffset(ReadOnlySpan<char> digits, out int hours, out int minutes)
    {
        (hours, minutes) = (0, 0);
        return digits.Length switch
        {
            2 => TryDigits(digits, out hours),
            4 => TryDigits(digits[..2], out hours) & TryDigits(digits[2..], out minutes),
            5 => TryDigits(digits[..2], out hours) & TryDigits(digits[3..], out minutes) & digits[2] == ':',
            _ => false,
        };
    }

    /// <summary>ASCII digits only (the regex's [0-9]); false for none.</summary>
    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return !digits.IsEmpty;
    }

    private static Written FromEpoch(string text, Match epoch)
    {
        if (epoch.Groups["zero"].Success)
        {
            return new Written(DateTime.UnixEpoch, TimeSpan.Zero);
        }

        var instant = epoch.Groups["ms"].Success
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, CultureInfo.InvariantCulture))
            : DateTimeOffset.FromUnixTimeSeconds(long.Parse(text.AsSpan(0, 10), CultureInfo.InvariantCulture)).AddTicks(Microseconds(epoch) * TimeSpan.TicksPerMicrosecond);
        return new Written(instant.UtcDateTime, TimeSpan.Zero);
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Part(Match match, string name) =>
        match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;

    /// <summary>The fraction's first six digits: DuckDB keeps microseconds, so the event read back from the log equals this one.</summary>
    private static int Microseconds(Match match) =>
        match.Groups["fraction"].Success ? int.Parse(match.Groups["fraction"].Value.PadRight(6, '0').AsSpan(0, 6), CultureInfo.InvariantCulture) : 0;

    private static DateTime Clock(int year, int month, int day, int hour, int minute, int second, int microseconds) =>
        new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    private static TimeSpan CheckedOffset(bool negative, int hours, int minutes)
    {
        var offset = (negative ? -1 : 1) * new TimeSpan(hours, minutes, 0);
        if (offset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ArgumentOutOfRangeException(nameof(hours), offset, "an offset is at most 14 hours");
        }

        return offset;
    }

    /// <summary>The date with the match's time of day (midnight when it has none), fraction and zone.</summary>
    private static Outcome Compose(Match match, int year, int month, int day, out Written written)
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

        return WithZone(match, Clock(year, month, day, hour, Part(match, "mi"), Part(match, "s"), Microseconds(match)), out written);
    }

    private static Outcome WithZone(Match match, DateTime clock, out Written written)
    {
        written = new Written(clock, null);
        if (!match.Groups["zone"].Success)
        {
            return Outcome.Read;
        }

        if (match.Groups["abbr"].Value is { Length: > 0 } abbreviation)
        {
            if (FixedZones.TryGetValue(abbreviation, out var fixedOffset))
            {
                written = written with { Offset = fixedOffset };
                return Outcome.Read;
            }

            written = written with { Named = abbreviation };
            return AmbiguousZones.ContainsKey(abbreviation) ? Outcome.AmbiguousZone : Outcome.UnknownZone;
        }

        written = written with
        {
            Offset = match.Groups["sign"].Success ? CheckedOffset(match.Groups["sign"].ValueSpan[0] == '-', Part(match, "oh"), Part(match, "om")) : TimeSpan.Zero,
        };
        return Outcome.Read;
    }

    /// <summary>Z, an offset (after UTC or GMT, as some systems write it), or a zone abbreviation, but not AM or PM.</summary>
    internal const string Zone = @"(?<zone>[Zz]|(?:UTC|GMT)?(?<sign>[+-])(?<oh>[0-9]{2})(?::?(?<om>[0-9]{2}))?|(?<abbr>(?![AaPp][Mm]$)[A-Za-z]{2,5}))";

    // A time of day with an optional 12-hour mark and zone; shared by both numeric date forms.
    private const string TimeOfDay = @"(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<fraction>[0-9]{1,9}))?)?\s*(?<ampm>[AaPp]\.?[Mm]\.?)?\s*" + Zone + "?";

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?<sep>[-/])(?<mo>[0-9]{1,2})\k<sep>(?<d>[0-9]{1,2})(?:(?:[Tt]|\s+)" + TimeOfDay + ")?$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(?<a>[0-9]{1,2})(?<sep>[/.-])(?<b>[0-9]{1,2})\k<sep>(?<y>[0-9]{4}|[0-9]{2})(?:(?:[Tt]|,?\s+)" + TimeOfDay + ")?$")]
    private static partial Regex Numeric();

    // Seconds from 2001 to 2033 (with a fraction), or their milliseconds; a zero is Unix time 0, which the validator refuses as a placeholder.
    [GeneratedRegex(@"^(?:1[0-9]{9}(?:(?<ms>[0-9]{3})|\.(?<fraction>[0-9]{1,9}))?|(?<zero>0+(?:\.0+)?))$")]
    private static partial Regex Epoch();

    [GeneratedRegex(@"^(?<text>.*[0-9]:[0-9]{2}(?::[0-9]{2})?\s*(?:GMT|UTC)?[+-][0-9]{2}:?[0-9]{2})\s*\([A-Za-z][^()]*\)$")]
    private static partial Regex OffsetThenZoneName();

    [GeneratedRegex(@"^(?<weekday>[A-Za-z]{3,9})(?:,\s*|\s+)(?<rest>\S.*)$")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"^(?<rest>.*?(?:[0-9]|[AaPp]\.?[Mm]\.?))\s*" + Zone + "$")]
    private static partial Regex NamedMonthZone();
}
