using System.Text;

namespace Sightline.Import;

/// <summary>Where a CSV record sits in its file.</summary>
/// <param name="Line">1-based physical line the record starts on.</param>
/// <param name="Raw">The record's text as in the file (without the line break), cut at 4,000 characters.</param>
public sealed record CsvRecordLocation(long Line, string Raw);

/// <summary>
/// Walks a UTF-8 CSV file record by record (quoted line breaks stay inside their record) to find the
/// physical line and raw text of records. It only runs when something must be reported, so the happy
/// path reads each file once, in DuckDB.
/// </summary>
public sealed class CsvRecordScanner
{
    private const int MaxRawChars = 4000;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly int _expectedFields;

    /// <summary>Creates a scanner for the dialect DuckDB's sniffer found.</summary>
    public CsvRecordScanner(char delimiter, char? quote, char? escape, int expectedFields)
    {
        _delimiter = (byte)delimiter;
        _quote = quote is { } q ? (byte)q : (byte)0;
        _escape = escape is { } e && e != quote ? (byte)e : (byte)0;
        _expectedFields = expectedFields;
    }

    /// <summary>
    /// Scans the file. Data records are numbered from 1 after the header; blank lines (also before the header) are skipped.
    /// Records with the wrong number of fields are returned as <paramref name="malformed"/> (DuckDB
    /// rejects those), the rest are numbered in <paramref name="wanted"/> order as DuckDB loads them.
    /// </summary>
    /// <param name="path">UTF-8 file.</param>
    /// <param name="wanted">0-based ordinals among well-formed data records whose location is needed.</param>
    /// <param name="malformed">Receives every record with the wrong field count.</param>
    /// <returns>Location per wanted ordinal, how many well-formed records there were, and the line the last one starts on (0 without any).</returns>
    public (Dictionary<long, CsvRecordLocation> Found, long WellFormed, long LastWellFormedLine) Scan(string path, IReadOnlySet<long> wanted,
        List<(CsvRecordLocation Location, int Fields)> malformed)
    {
        var found = new Dictionary<long, CsvRecordLocation>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var record = new List<byte>(256);
        long line = 1;
        long recordStartLine = 1;
        var inQuotes = false;
        var fields = 1;
        var nonBlank = false;
        var headerDone = false;
        long ordinal = 0;
        long lastWellFormedLine = 0;
        var buffer = new byte[1 << 20];
        var skipBom = true;
        int read;
        var escaped = false;

        void EndRecord()
        {
            if (!headerDone)
            {
                // Blank lines before the header are skipped, as DuckDB skips them.
                headerDone = nonBlank;
            }
            else if (nonBlank)
            {
                var text = Text(record);
                if (fields != _expectedFields)
                {
                    malformed.Add((new CsvRecordLocation(recordStartLine, text), fields));
                }
                else
                {
                    if (wanted.Contains(ordinal))
                    {
                        found[ordinal] = new CsvRecordLocation(recordStartLine, text);
                    }

                    ordinal++;
                    lastWellFormedLine = recordStartLine;
                }
            }

            record.Clear();
            fields = 1;
            nonBlank = false;
        }

        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            if (skipBom)
            {
                skipBom = false;
                if (read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = 3;
                }
            }

            for (var i = start; i < read; i++)
            {
                var b = buffer[i];
                if (escaped)
                {
                    escaped = false;
                    Keep(record, b);
                    continue;
                }

                if (b == (byte)'\n')
                {
                    line++;
                    if (!inQuotes)
                    {
                        EndRecord();
                        recordStartLine = line;
                        continue;
                    }
                }
                else if (inQuotes && _escape != 0 && b == _escape)
                {
                    escaped = true;
                }
                else if (_quote != 0 && b == _quote)
                {
                    inQuotes = !inQuotes;
                    nonBlank = true;
                }
                else if (!inQuotes && b == _delimiter)
                {
                    fields++;
                    nonBlank = true;
                }
                else if (b != (byte)'\r')
                {
                    nonBlank = true;
                }

                Keep(record, b);
            }
        }

        if (record.Count > 0 || nonBlank)
        {
            EndRecord();
        }

        return (found, ordinal, lastWellFormedLine);
    }

    private static void Keep(List<byte> record, byte b)
    {
        if (record.Count < MaxRawChars * 4)
        {
            record.Add(b);
        }
    }

    private static string Text(List<byte> record)
    {
        var count = record.Count;
        while (count > 0 && record[count - 1] == (byte)'\r')
        {
            count--;
        }

        var text = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(record)[..count]);
        return text.Length > MaxRawChars ? text[..MaxRawChars] : text;
    }
}
