using System.Globalization;

namespace Sightline.Import;

/// <summary>
/// Line ends of a text file that DuckDB's CSV reader cannot take as they are: \r\n (Windows) and \n alone mixed in one
/// file, or \r alone (classic Mac OS; Excel for Mac's "CSV (Macintosh)"), which it reads with lines run together or lost.
/// </summary>
internal static class LineEnds
{
    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// How many records end each way, when a file's records end with \r alone, or both with \r\n and with \n alone, outside
    /// quoted fields; else null. A first pass counts all three in the whole file (vectorised); only a file that may be
    /// irregular is read again, minding quotes, since a CRLF file's quoted cells hold line breaks written as \n alone
    /// (Excel writes them so).
    /// </summary>
    public static Irregular? Find(string path)
    {
        long lineFeeds = 0, returns = 0, crLfs = 0;
        byte previous = 0;
        foreach (var chunk in Chunks(path))
        {
            var span = chunk.Span;
            if (span.Contains((byte)0))
            {
                // No text holds a NUL byte (UTF-16 is transcoded before): its line ends are not ours to mend; the reader refuses it.
                return null;
            }

            lineFeeds += span.Count((byte)'\n');
            returns += span.Count((byte)'\r');
            crLfs += span.Count("\r\n"u8) + (previous == '\r' && span[0] == '\n' ? 1 : 0);
            previous = span[^1];
        }

        if (returns == crLfs && (crLfs == 0 || crLfs == lineFeeds))
        {
            return null;
        }

        long outsideCrLf = 0, outsideLf = 0, outsideCr = 0;
        var quoted = false;
        previous = 0;
        foreach (var chunk in Chunks(path))
        {
            foreach (var b in chunk.Span)
            {
                if (!quoted && previous == '\r' && b != '\n')
                {
                    outsideCr++;
                }

                if (b == '"')
                {
                    quoted = !quoted;
                }
                else if (b == '\n' && !quoted)
                {
                    if (previous == '\r')
                    {
                        outsideCrLf++;
                    }
                    else
                    {
                        outsideLf++;
                    }
                }

                previous = b;
            }
        }

        // A file's last byte a lone \r ends its last record too.
        if (!quoted && previous == '\r')
        {
            outsideCr++;
        }

        return outsideCr > 0 || (outsideCrLf > 0 && outsideLf > 0) ? new Irregular(outsideCrLf, outsideLf, outsideCr) : null;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> with every \r\n and every \r alone written as \n,
    /// one for one, so line numbers stay.
    /// </summary>
    public static void WriteWithLineFeeds(string source, string target)
    {
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize);
        var pendingReturn = false;
        foreach (var chunk in Chunks(source))
        {
            var span = chunk.Span;
            if (pendingReturn && span[0] != '\n')
            {
                output.WriteByte((byte)'\n');
            }

            pendingReturn = span[^1] == '\r';
            var body = pendingReturn ? span[..^1] : span;
            while (body.IndexOf((byte)'\r') is var at and >= 0)
            {
                output.Write(body[..at]);
                if (at + 1 == body.Length || body[at + 1] != '\n')
                {
                    output.WriteByte((byte)'\n');
                }

                body = body[(at + 1)..];
            }

            output.Write(body);
        }

        if (pendingReturn)
        {
            output.WriteByte((byte)'\n');
        }
    }

    /// <summary>A file's bytes in chunks of a megabyte, one buffer reused: each chunk is valid until the next is read.</summary>
    internal static IEnumerable<ReadOnlyMemory<byte>> Chunks(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            yield return buffer.AsMemory(0, read);
        }
    }

    /// <summary>Records ending with \r\n, with \n alone and with \r alone, outside quoted fields.</summary>
    public sealed record Irregular(long CrLf, long Lf, long Cr)
    {
        /// <summary>The import's note on a file so read, e.g. "accounts.csv: 3 lines end with \r alone (classic Mac OS): read with it as a line's end".</summary>
        public string Note(string file)
        {
            var kinds = new List<string>();
            Add(kinds, CrLf, @"\r\n (Windows)");
            Add(kinds, Lf, @"\n alone");
            Add(kinds, Cr, @"\r alone (classic Mac OS)");
            var joined = kinds.Count == 1 ? kinds[0] : string.Join(", ", kinds.Take(kinds.Count - 1)) + " and " + kinds[^1];
            var reading = kinds.Count == 1 ? "read with it as a line's end" : $"read with {(kinds.Count == 2 ? "either" : "any")} as a line's end";
            var byHand = Cr == 0 ? " (a file edited by hand?)" : "";
            return $"{file}: {joined}{byHand}: {reading}";
        }

        private static void Add(List<string> kinds, long count, string how)
        {
            if (count > 0)
            {
                var lines = kinds.Count > 0 ? "" : count == 1 ? " line ends" : " lines end";
                kinds.Add(string.Create(CultureInfo.InvariantCulture, $"{count:N0}{lines} with {how}"));
            }
        }
    }
}
