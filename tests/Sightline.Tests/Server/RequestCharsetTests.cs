using System.Text;
using Sightline.Server;

namespace Sightline.Tests.Server;

/// <summary>The charset of a touchpoint post: UTF-8 passed on untouched and without allocating, anything else decoded.</summary>
public sealed class RequestCharsetTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/csv;charset=\"UTF-8\"")]
    [InlineData("application/x-ndjson; charset=us-ascii")]
    [InlineData("text/plain; format=flowed; Charset = utf8")]
    public void TryUtf8_AUtf8Body_IsTheSameMemory_AndAllocatesNothing(string? contentType)
    {
        ReadOnlyMemory<byte> body = Encoding.UTF8.GetBytes("""{"event_id": "EV1"}""");
        Assert.True(RequestCharset.TryUtf8(body, contentType, out _, out _)); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = RequestCharset.TryUtf8(body, contentType, out var utf8, out var unsupported);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(read);
        Assert.Null(unsupported);
        Assert.True(body.Equals(utf8));
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("text/csv; charset=windows-1252", "windows-1252")]
    [InlineData("text/csv; header=present; CHARSET=\"iso-8859-1\"", "iso-8859-1")]
    [InlineData("text/csv", "")]
    [InlineData("text/csv; charsets=x", "")]
    public void Charset_IsTheParametersValue(string contentType, string charset) => Assert.Equal(charset, RequestCharset.Charset(contentType).ToString());

    [Fact]
    public void TryUtf8_Windows1252Utf16AndUtf32_AreDecoded_AByteOrderMarkWins_AnUnknownCharsetIsNamed()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string Text = "Rückruf – café";
        string Read(byte[] bytes, string contentType)
        {
            Assert.True(RequestCharset.TryUtf8(bytes, contentType, out var utf8, out _));
            return Encoding.UTF8.GetString(utf8.Span);
        }

        Assert.Equal(Text, Read(Encoding.GetEncoding(1252).GetBytes(Text), "text/csv; charset=windows-1252"));
        Assert.Equal(Text, Read(Encoding.GetEncoding(1252).GetBytes(Text), "text/csv; charset=latin1"));
        Assert.Equal(Text, Read(new UnicodeEncoding(true, false).GetBytes(Text), "text/csv; charset=utf-16"));
        Assert.Equal(Text, Read(new UnicodeEncoding(false, false).GetBytes(Text), "text/csv; charset=utf-16"));
        Assert.Equal(Text, Read(Encoding.UTF32.GetBytes(Text), "text/csv; charset=utf-32"));
        Assert.Equal(Text, Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)], "text/csv; charset=windows-1252"));
        Assert.Equal(Text, Read([.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(Text)], "text/csv"));
        Assert.Equal("\uFEFF" + Text, Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)], "text/csv; charset=windows-1252")); // the reader skips it

        Assert.False(RequestCharset.TryUtf8(Encoding.UTF8.GetBytes(Text), "text/csv; charset=utf-7", out _, out var unsupported));
        Assert.Equal("utf-7", unsupported);
    }
}
