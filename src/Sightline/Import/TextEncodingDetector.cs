using System.Text;
using System.Text.Unicode;

namespace Sightline.Import;

/// <summary>The encoding found for a text file.</summary>
/// <param name="Name">"utf-8", "utf-8 (BOM)", "utf-16le", "utf-16be" (either with " (BOM)"), "windows-1252" or "macintosh" (Mac Roman).</param>
/// <param name="IsUtf8">True when DuckDB can read the file as it is.</param>
public sealed record DetectedEncoding(string Name, bool IsUtf8)
{
    /// <summary>How to decode the file: UTF-8, UTF-16 of the found byte order, Windows-1252 or Mac Roman.</summary>
    public Encoding TextEncoding()
    {
        if (Name.StartsWith("utf-16le", StringComparison.Ordinal))
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        }

        if (Name.StartsWith("utf-16be", StringComparison.Ordinal))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        }

        if (IsUtf8)
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(Name == MacRoman ? 10000 : 1252);
    }

    internal const string MacRoman = "macintosh";

    /// <summary>The note an import shows for a file it transcodes, or null for UTF-8.</summary>
    public string? Note(string file) => IsUtf8 ? null
        : Name.StartsWith("utf-16", StringComparison.Ordinal) ? $"{file} is UTF-16 ({(Name.StartsWith("utf-16le", StringComparison.Ordinal) ? "little" : "big")}-endian, as spreadsheets save \"Unicode text\"); read as such"
        : Name == MacRoman ? $"{file} is not valid UTF-8, and its accented letters are Mac Roman's (classic Mac OS; Excel for Mac's \"CSV (Macintosh)\"); read as Mac Roman"
        : $"{file} is not valid UTF-8; read as Windows-1252";
}

/// <summary>
/// Tells UTF-8 (with or without BOM) and UTF-16 (a byte order mark, or the zero bytes of mostly-ASCII text) from anything
/// else; anything else is read as Windows-1252, the usual encoding of spreadsheet exports on Western Windows machines,
/// unless its accented letters read as letters only in Mac Roman (<see cref="SingleByte"/>).
/// </summary>
public static class TextEncodingDetector
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Checks the whole file, streaming; a file that is not valid UTF-8 anywhere (and not UTF-16) is Windows-1252.</summary>
    public static DetectedEncoding Detect(string path) =>
        Detect(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));

    /// <summary>As <see cref="Detect(string)"/>, for bytes already read (a pipe cannot be read twice).</summary>
    public static DetectedEncoding Detect(byte[] bytes) => Detect(() => new MemoryStream(bytes, writable: false));

    private static DetectedEncoding Detect(Func<Stream> open)
    {
        using (var head = open())
        {
            if (Utf16(head) is { } utf16)
            {
                return utf16;
            }
        }

        using var stream = open();
        var buffer = new byte[ChunkSize + 4];
        var carried = 0;
        var first = true;
        var bom = false;
        int read;
        while ((read = stream.Read(buffer, carried, ChunkSize)) > 0)
        {
            var length = carried + read;
            var start = 0;
            if (first)
            {
                first = false;
                if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    bom = true;
                    start = 3;
                }
            }

            // Hold back an incomplete trailing sequence so a character split across chunks is judged whole.
            var end = length;
            var back = 0;
            while (back < 3 && end - back - 1 >= start && (buffer[end - back - 1] & 0xC0) == 0x80)
            {
                back++;
            }

            if (end - back - 1 >= start && buffer[end - back - 1] >= 0xC0)
            {
                back++;
            }
            else
            {
                back = 0;
            }

            if (!Utf8.IsValid(buffer.AsSpan(start, end - back - start)))
            {
                return SingleByte(open);
            }

            Array.Copy(buffer, end - back, buffer, 0, back);
            carried = back;
        }

        if (carried > 0)
        {
            return SingleByte(open);
        }

        return new DetectedEncoding(bom ? "utf-8 (BOM)" : "utf-8", IsUtf8: true);
    }

    /// <summary>
    /// Windows-1252 or Mac Roman, for a file that is not UTF-8: each byte above ASCII next to a lower-case ASCII letter (one
    /// inside a word) is judged in both, a lower-case letter or a typographic quote or dash being what a word holds.
    /// Mac Roman is taken only when it reads more of them so ("Soci\x8Et\x8E" is "Société" in Mac Roman and "SociŽtŽ" in
    /// Windows-1252; "caf\xE9" is "café" in Windows-1252 and "cafÈ" in Mac Roman); a tie stays Windows-1252.
    /// </summary>
    private static DetectedEncoding SingleByte(Func<Stream> open)
    {
        const long MostRead = 64L << 20;
        var windows = new DetectedEncoding("windows-1252", IsUtf8: false);
        var mac = new DetectedEncoding(DetectedEncoding.MacRoman, IsUtf8: false);
        var high = Enumerable.Range(0x80, 0x80).Select(b => (byte)b).ToArray();
        var asWindows = windows.TextEncoding().GetString(high);
        var asMac = mac.TextEncoding().GetString(high);
        long windowsWords = 0, macWords = 0, seen = 0;
        using var stream = open();
        var buffer = new byte[ChunkSize];
        byte before = 0;
        int read;
        while (seen < MostRead && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            seen += read;
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b >= 0x80 && (IsAsciiLower(before) || (i + 1 < read && IsAsciiLower(buffer[i + 1]))))
                {
                    windowsWords += InAWord(asWindows[b - 0x80]) ? 1 : 0;
                    macWords += InAWord(asMac[b - 0x80]) ? 1 : 0;
                }

                before = b;
            }
        }

        return macWords > windowsWords ? mac : windows;

        static bool IsAsciiLower(byte b) => b is >= (byte)'a' and <= (byte)'z';
        static bool InAWord(char c) => char.IsLower(c) || c is '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2013' or '\u2014';
    }

    /// <summary>
    /// UTF-16 by its byte order mark, or without one when most of the first bytes' high halves are zero (tabular text is
    /// mostly ASCII, which no UTF-8 or Windows-1252 file writes with zero bytes); null otherwise.
    /// </summary>
    private static DetectedEncoding? Utf16(Stream stream)
    {
        var head = new byte[4096];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) & ~1;
        if (length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return new DetectedEncoding("utf-16le (BOM)", IsUtf8: false);
        }

        if (length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return new DetectedEncoding("utf-16be (BOM)", IsUtf8: false);
        }

        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < length; i += 2)
        {
            zeroEven += head[i] == 0 ? 1 : 0;
            zeroOdd += head[i + 1] == 0 ? 1 : 0;
        }

        var units = length / 2;
        return units < 2 ? null
            : zeroOdd * 10 >= units * 7 && zeroEven * 10 < units ? new DetectedEncoding("utf-16le", IsUtf8: false)
            : zeroEven * 10 >= units * 7 && zeroOdd * 10 < units ? new DetectedEncoding("utf-16be", IsUtf8: false)
            : null;
    }

    /// <summary>
    /// Rewrites a file that is not UTF-8 (<paramref name="encoding"/> as detected) as UTF-8 without a byte order mark,
    /// streaming. A Windows-1252 file is decoded line by line: a line that is valid UTF-8 with non-ASCII text stays UTF-8,
    /// since a file one tool wrote in UTF-8 and another appended to in Windows-1252 would otherwise have every UTF-8
    /// line garbled ("Ã©" for "é").
    /// </summary>
    /// <returns>What the lines were read as; for UTF-16, nothing.</returns>
    public static MixedLines TranscodeToUtf8(string source, string target, DetectedEncoding encoding)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, ChunkSize);
        return TranscodeToUtf8(input, output, encoding);
    }

    /// <inheritdoc cref="TranscodeToUtf8(string, string, DetectedEncoding)"/>
    public static MixedLines TranscodeToUtf8(Stream input, Stream output, DetectedEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(encoding);
        if (encoding.Name != "windows-1252")
        {
            using var reader = new StreamReader(input, encoding.TextEncoding(), detectEncodingFromByteOrderMarks: false, bufferSize: ChunkSize, leaveOpen: true);
            using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ChunkSize, leaveOpen: true);
            var chars = new char[ChunkSize];
            int count;
            while ((count = reader.Read(chars, 0, chars.Length)) > 0)
            {
                writer.Write(chars, 0, count);
            }

            return MixedLines.None;
        }

        var decoder = new LineDecoder(output);
        var buffer = new byte[ChunkSize];
        var line = new List<byte>(256);
        int read;
        var first = true;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            if (first && span.StartsWith(Utf8Bom))
            {
                span = span[Utf8Bom.Length..];
            }

            first = false;
            while (span.IndexOf((byte)'\n') is var at and >= 0)
            {
                decoder.Write(line, span[..(at + 1)]);
                span = span[(at + 1)..];
            }

            line.AddRange(span);
        }

        decoder.Write(line, []);
        return decoder.Lines;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Writes each line as UTF-8: kept when it is valid UTF-8, decoded as Windows-1252 when not.</summary>
    private sealed class LineDecoder(Stream output)
    {
        private readonly Encoding _windows1252 = new DetectedEncoding("windows-1252", IsUtf8: false).TextEncoding();
        private long _number;

        public MixedLines Lines { get; private set; } = MixedLines.None;

        /// <summary>Writes the line held in <paramref name="head"/> (a chunk's unfinished end) followed by <paramref name="rest"/>, and empties <paramref name="head"/>.</summary>
        public void Write(List<byte> head, ReadOnlySpan<byte> rest)
        {
            ReadOnlySpan<byte> bytes = rest;
            byte[]? joined = null;
            if (head.Count > 0)
            {
                joined = new byte[head.Count + rest.Length];
                head.CopyTo(joined);
                rest.CopyTo(joined.AsSpan(head.Count));
                bytes = joined;
                head.Clear();
            }

            if (bytes.IsEmpty)
            {
                return;
            }

            _number++;
            if (Ascii.IsValid(bytes))
            {
                output.Write(bytes);
            }
            else if (Utf8.IsValid(bytes))
            {
                output.Write(bytes);
                Lines = Lines with { Utf8 = Lines.Utf8 + 1 };
            }
            else
            {
                output.Write(Encoding.UTF8.GetBytes(_windows1252.GetString(bytes)));
                Lines = Lines with { Windows1252 = Lines.Windows1252 + 1, FirstWindows1252 = Lines.FirstWindows1252 ?? _number };
            }
        }
    }
}

/// <summary>How a Windows-1252 file's lines with non-ASCII text were read: <paramref name="Utf8"/> kept as valid UTF-8, <paramref name="Windows1252"/> decoded (the first at line <paramref name="FirstWindows1252"/>).</summary>
public sealed record MixedLines(long Utf8, long Windows1252, long? FirstWindows1252)
{
    /// <summary>No line of either kind.</summary>
    public static readonly MixedLines None = new(0, 0, null);

    /// <summary>Whether the file held lines of both encodings.</summary>
    public bool AreMixed => Utf8 > 0 && Windows1252 > 0;

    /// <summary>The note for a file of both encodings.</summary>
    public string Note(string file) =>
        $"{file} mixes encodings: {Windows1252} line{(Windows1252 == 1 ? " is" : "s are")} not valid UTF-8 (the first is line {FirstWindows1252}) and "
        + $"{(Windows1252 == 1 ? "was" : "were")} read as Windows-1252; {Utf8} line{(Utf8 == 1 ? "" : "s")} with other non-ASCII text {(Utf8 == 1 ? "is" : "are")} valid UTF-8 and kept as such";
}
