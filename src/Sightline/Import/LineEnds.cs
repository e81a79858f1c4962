namespace Sightline.Import;

/// <summary>Line ends of a text file: \r\n (Windows) and \n alone mixed in one file, which DuckDB's CSV sniffer cannot read.</summary>
internal static class LineEnds
{
    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// How many records end with \r\n and how many with \n alone, when a file has both outside quoted fields; else null.
    /// A first pass counts both in the whole file (vectorised); only a file with both is read again, minding quotes, since a
    /// CRLF file's quoted cells hold line breaks written as \n alone (Excel writes them so).
    /// </summary>
    public static (long CrLf, long Lf)? Mixed(string path)
    {
        long lineFeeds = 0, crLfs = 0;
        byte previous = 0;
        foreach (var chunk in Chunks(path))
        {
            var span = chunk.Span;
            lineFeeds += span.Count((byte)'\n');
            crLfs += span.Count("\r\n"u8) + (previous == '\r' && span[0] == '\n' ? 1 : 0);
            previous = span[^1];
        }

        if (crLfs == 0 || crLfs == lineFeeds)
        {
            return null;
        }

        long outsideCrLf = 0, outsideLf = 0;
        var quoted = false;
        previous = 0;
        foreach (var chunk in Chunks(path))
        {
            foreach (var b in chunk.Span)
            {
                if (b == '"')
                {
                    quoted = !quoted;
                }
                else if (b == '\n' && !quoted && previous == '\r')
                {
                    outsideCrLf++;
                }
                else if (b == '\n' && !quoted)
                {
                    outsideLf++;
                }

                previous = b;
            }
        }

        return outsideCrLf > 0 && outsideLf > 0 ? (outsideCrLf, outsideLf) : null;
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> with every \r\n written as \n.</summary>
    public static void WriteWithLineFeeds(string source, string target)
    {
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize);
        var pendingReturn = false;
        foreach (var chunk in Chunks(source))
        {
            var span = chunk.Span;
            if (pendingReturn && span[0] != '\n')
            {
                output.WriteByte((byte)'\r');
            }

            pendingReturn = span[^1] == '\r';
            var body = pendingReturn ? span[..^1] : span;
            while (body.IndexOf("\r\n"u8) is var at and >= 0)
            {
                output.Write(body[..at]);
                body = body[(at + 1)..];
            }

            output.Write(body);
        }

        if (pendingReturn)
        {
            output.WriteByte((byte)'\r');
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            yield return buffer.AsMemory(0, read);
        }
    }
}
