using System.Globalization;
using CsCheck;
using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>How <c>occurred_at</c> text reads: the plain ISO fast path against the regex, and the forms mail, telephony and CRM systems write.</summary>
public sealed class OccurredAtTextTests
{
    /// <summary>What a reading gave, so that two readings compare whole: the outcome and value, or the exception.</summary>
    private static string Reading(Func<(bool Taken, OccurredAtText.Outcome Outcome, OccurredAtText.Written Written)> read)
    {
        try
        {
            var (taken, outcome, written) = read();
            return taken ? FormattableString.Invariant($"{outcome} {written.Clock:O} {written.Offset} {written.Named}") : "not taken";
        }
        catch (ArgumentOutOfRangeException)
        {
            return "out of range";
        }
    }

    private static Gen<string> TwoDigits(int most) => Gen.Int[0, most].Select(n => n.ToString("00", CultureInfo.InvariantCulture));

    private static readonly Gen<string> Date = Gen.Select(Gen.Int[0, 9999], TwoDigits(13), TwoDigits(32),
        (year, month, day) => year.ToString("0000", CultureInfo.InvariantCulture) + "-" + month + "-" + day);

    private static readonly Gen<string> Fraction = Gen.Select(Gen.OneOf(".", ","), Gen.Char["0123456789"].Array[1, 9], (mark, digits) => mark + new string(digits));

    private static readonly Gen<string> Time = Gen.Select(Gen.OneOf("T", "t", " "), TwoDigits(25), TwoDigits(61),
        Gen.OneOf(Gen.Const(""), Gen.Select(TwoDigits(61), Gen.OneOf(Gen.Const(""), Fraction), (second, fraction) => ":" + second + fraction)),
        (separator, hour, minute, seconds) => separator + hour + ":" + minute + seconds);

    private static readonly Gen<string> Zone = Gen.OneOf(Gen.OneOf("", "Z", "z"),
        Gen.Select(Gen.OneOf("+", "-"), TwoDigits(15), Gen.OneOf(Gen.Const(""), Gen.Select(Gen.OneOf("", ":"), TwoDigits(79), (colon, minutes) => colon + minutes)),
            (sign, hours, minutes) => sign + hours + minutes));

    /// <summary>The plain ISO shape with parts in and out of range, fractions of 1 to 9 digits and every zone form the fast path takes.</summary>
    private static readonly Gen<string> PlainIso = Gen.Select(Date, Time, Zone, (date, time, zone) => date + time + zone);

    [Fact]
    public void TryReadPlainIso_ReadsEveryPlainIsoTextExactlyAsTheRegexDoes()
    {
        PlainIso.Sample(text =>
        {
            var fast = Reading(() => (OccurredAtText.TryReadPlainIso(text, out var w), OccurredAtText.Outcome.Read, w));
            var regex = Reading(() => (true, OccurredAtText.ReadDate(text, dayFirst: false, out var w), w));
            Assert.NotEqual("not taken", fast);
            Assert.Equal(regex, fast);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("2026-11-23T10:15:00.123456789Z", "2026-11-23T10:15:00.1234560", "00:00:00")] // finer than microseconds: truncated
    [InlineData("2026-11-23t10:15:00,5z", "2026-11-23T10:15:00.5000000", "00:00:00")]
    [InlineData("2026-11-23 10:15+0530", "2026-11-23T10:15:00.0000000", "05:30:00")]
    [InlineData("2026-11-23T10:15:59-01", "2026-11-23T10:15:59.0000000", "-01:00:00")]
    public void Read_PlainIso_TakesTheFastPathWithTheRegexsValue(string text, string clock, string offset)
    {
        Assert.True(OccurredAtText.TryReadPlainIso(text, out var fast));
        Assert.Equal(OccurredAtText.Outcome.Read, OccurredAtText.Read(text, false, out var read));
        Assert.Equal((DateTime.Parse(clock, CultureInfo.InvariantCulture), TimeSpan.Parse(offset, CultureInfo.InvariantCulture)), (read.Clock, read.Offset!.Value));
        Assert.Equal(fast, read);
    }

    [Fact]
    public void Read_PlainIso_AllocatesNothing()
    {
        const string Text = "2026-11-23T10:15:00.123456+01:00";
        OccurredAtText.Read(Text, false, out _); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = OccurredAtText.Read(Text, false, out var written);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((OccurredAtText.Outcome.Read, TimeSpan.FromHours(1)), (outcome, written.Offset!.Value));
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("2026-11-23T9:15Z")]            // a one-digit hour
    [InlineData("2026-11-23T10:15:00 Z")]       // a space before the zone
    [InlineData("2026-11-23T10:15:00UTC")]
    [InlineData("2026-11-23T10:15:00.1234567890Z")]
    [InlineData("2026-11-23T10:15 AM")]
    [InlineData("2026/11/23 10:15Z")]
    [InlineData("2026-11-23")]
    [InlineData("2026-11-23T10:15:00Z\n")]
    public void TryReadPlainIso_AnythingElse_IsLeftToTheRegex(string text) => Assert.False(OccurredAtText.TryReadPlainIso(text, out _));

    [Fact]
    public void Read_NonAsciiDigits_AreNoTime_NotACrash()
    {
        // \d matched Arabic-Indic digits, which int.Parse then refused with a FormatException.
        Assert.Equal(OccurredAtText.Outcome.NotATime, OccurredAtText.Read("٢٠٢٦-11-23T10:15:00Z", false, out _));
        Assert.Equal(OccurredAtText.Outcome.NotATime, OccurredAtText.Read("11/23/٢٠٢٦", false, out _));
    }

    [Theory]
    [InlineData("23-Nov-26", "2026-11-23T00:00:00")]
    [InlineData("23-NOV-68", "2068-11-23T00:00:00")]   // Oracle's DD-MON-YY; the numeric forms' pivot
    [InlineData("23-Nov-69", "1969-11-23T00:00:00")]
    [InlineData("23 Nov 26 10:15", "2026-11-23T10:15:00")]
    [InlineData("23-Nov-2026", "2026-11-23T00:00:00")]
    public void Read_TwoDigitYearNamedMonth_UsesTheNumericFormsPivot(string text, string clock)
    {
        Assert.Equal(OccurredAtText.Outcome.Read, OccurredAtText.Read(text, false, out var written));
        Assert.Equal(DateTime.Parse(clock, CultureInfo.InvariantCulture), written.Clock);
        Assert.Null(written.Offset);
    }
}
