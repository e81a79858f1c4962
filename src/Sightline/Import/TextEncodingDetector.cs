using System.Text;
using System.Text.Unicode;

namespace Sightline.Import;

/// <summary>The encoding found for a text file.</summary>
/// <param name="Name">"utf-8", "utf-8 (BOM)" or "windows-1252".</param>
/// <param name="IsUtf8">True when DuckDB can read the file as it is.</param>
public sealed record DetectedEncoding(string Name, bool IsUtf8);

/// <summary>
/// Tells UTF-8 (with or without BOM) from anything else; anything else is read as Windows-1252,
/// the usual encoding of spreadsheet exports on Western Windows machines.
/// </summary>
public static class TextEncodingDetector
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Checks the whole file, streaming; a file that is not valid UTF-8 anywhere is Windows-1252.</summary>
    public static DetectedEncoding Detect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
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
                return new DetectedEncoding("windows-1252", IsUtf8: false);
            }

            Array.Copy(buffer, end - back, buffer, 0, back);
            carried = back;
        }

        if (carried > 0)
        {
            return new DetectedEncoding("windows-1252", IsUtf8: false);
        }

        return new DetectedEncoding(bom ? "utf-8 (BOM)" : "utf-8", IsUtf8: true);
    }

    /// <summary>Rewrites a Windows-1252 file as UTF-8, streaming.</summary>
    public static void TranscodeWindows1252ToUtf8(string source, string target)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1252 = Encoding.GetEncoding(1252);
        using var reader = new StreamReader(source, windows1252, detectEncodingFromByteOrderMarks: false, bufferSize: ChunkSize);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ChunkSize);
        var chars = new char[ChunkSize];
        int count;
        while ((count = reader.Read(chars, 0, chars.Length)) > 0)
        {
            writer.Write(chars, 0, count);
        }
    }
}
