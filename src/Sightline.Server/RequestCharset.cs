using System.Text;

namespace Sightline.Server;

/// <summary>
/// A request body's text encoding, as its byte order mark or else its Content-Type's <c>charset</c> tells it. The
/// touchpoint readers parse UTF-8 bytes, so a UTF-8 body (no charset, utf-8 or us-ascii) is passed on as it came, and only
/// a body in another encoding is decoded and written out as UTF-8.
/// </summary>
internal static class RequestCharset
{
    /// <summary>What the 415 answer names as decodable.</summary>
    internal const string Supported = "utf-8 (the default), us-ascii, utf-16 (utf-16le, utf-16be), utf-32, iso-8859-1 to iso-8859-15, "
        + "windows-1250 to windows-1258 and the other code pages .NET knows (shift_jis, koi8-r ...)";

    /// <summary>
    /// The body as UTF-8: the same memory when it is UTF-8 already (a UTF-8 byte order mark is left for the reader to skip),
    /// else decoded from what its byte order mark, which wins, or the charset names. False when the charset names no
    /// encoding this server can decode; <paramref name="unsupported"/> is then the charset as written.
    /// </summary>
    /// <exception cref="BadInputException">The bytes are not text in the encoding named.</exception>
    internal static bool TryUtf8(ReadOnlyMemory<byte> body, string? contentType, out ReadOnlyMemory<byte> utf8, out string? unsupported)
    {
        (utf8, unsupported) = (body, null);
        var bytes = body.Span;
        if (bytes.StartsWith(Utf8Bom))
        {
            return true;
        }

        if (ByByteOrderMark(bytes) is var (bomEncoding, bomLength, bomName))
        {
            utf8 = Transcode(body[bomLength..], bomEncoding, bomName);
            return true;
        }

        var charset = Charset(contentType);
        if (charset.IsEmpty || IsUtf8(charset))
        {
            return true;
        }

        var name = charset.ToString();
        if (Named(name, bytes) is not { } encoding)
        {
            unsupported = name;
            return false;
        }

        utf8 = Transcode(body, encoding, name);
        return true;
    }

    /// <summary>The charset parameter's value (quotes taken off), or empty; reads the header in place, allocating nothing.</summary>
    internal static ReadOnlySpan<char> Charset(string? contentType)
    {
        if (contentType is null || contentType.AsSpan().IndexOf("charset", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return default;
        }

        var parameters = contentType.AsSpan();
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.StartsWith("charset", StringComparison.OrdinalIgnoreCase) && parameter[7..].TrimStart() is ['=', .. var value])
            {
                return value.Trim().Trim('"').Trim();
            }
        }

        return default;
    }

    private static bool IsUtf8(ReadOnlySpan<char> charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || charset.Equals("ascii", StringComparison.OrdinalIgnoreCase);

    private static (Encoding Encoding, int Length, string Name)? ByByteOrderMark(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4, "utf-32le"),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4, "utf-32be"),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2, "utf-16le"),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2, "utf-16be"),
        _ => null,
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The encoding a charset names, strict about bytes that are no character; null when there is none.</summary>
    private static Encoding? Named(string charset, ReadOnlySpan<byte> bytes)
    {
        switch (charset.ToLowerInvariant())
        {
            case "utf-16le":
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
            case "utf-16be":
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            case "utf-16":
                // Without a byte order mark RFC 2781 says big-endian, but Windows and .NET senders write little-endian under
                // this name: the zero bytes of the (mostly ASCII) text tell which it is.
                return new UnicodeEncoding(bigEndian: ZerosFirst(bytes), byteOrderMark: false, throwOnInvalidBytes: true);
            case "iso-8859-1" or "latin1" or "l1" or "iso_8859-1" or "cp819" or "ibm819":
                // What browsers do too: text labelled Latin-1 is nearly always Windows-1252 (its – and € are in 0x80-0x9F, Latin-1's unused controls).
                charset = "windows-1252";
                break;
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether UTF-16 text puts its zero bytes first (big-endian), judged on its first units.</summary>
    private static bool ZerosFirst(ReadOnlySpan<byte> bytes)
    {
        var (zeroEven, zeroOdd) = (0, 0);
        for (var i = 0; i + 1 < Math.Min(bytes.Length, 512); i += 2)
        {
            zeroEven += bytes[i] == 0 ? 1 : 0;
            zeroOdd += bytes[i + 1] == 0 ? 1 : 0;
        }

        return zeroEven > zeroOdd;
    }

    private static byte[] Transcode(ReadOnlyMemory<byte> body, Encoding encoding, string name)
    {
        try
        {
            return Encoding.UTF8.GetBytes(encoding.GetString(body.Span));
        }
        catch (DecoderFallbackException e)
        {
            var unknown = string.Join(" ", (e.BytesUnknown ?? []).Select(b => $"0x{b:X2}"));
            throw new BadInputException("body", $"not {name} text: byte{((e.BytesUnknown?.Length ?? 0) == 1 ? "" : "s")} {unknown} at byte {e.Index + 1} of the body "
                + $"{((e.BytesUnknown?.Length ?? 0) == 1 ? "is" : "are")} no character in it; send the body in the charset the Content-Type names");
        }
    }
}
