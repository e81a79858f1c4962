using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using MiniExcelLibs;
using Sightline.Workspaces;

namespace Sightline.Import;

/// <summary>
/// One input file as DuckDB will read it: CSV (any delimiter, quoted line breaks, UTF-8 or
/// Windows-1252), Parquet, or XLSX (first sheet, converted to CSV on the way in).
/// </summary>
internal sealed partial class SourceFile
{
    private readonly Workspace _workspace;
    private string _readPath;
    private readonly bool _isCsvLike;

    // name: the name messages give the file; an archive's entry is named with its archive ("export.zip/Account.csv").
    public SourceFile(Workspace workspace, string path, string tempDirectory, string? name = null, bool headerBelowBand = false)
    {
        _workspace = workspace;
        _headerBelowBand = headerBelowBand;
        Path = path;
        Name = name ?? System.IO.Path.GetFileName(path);
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        Format = extension switch
        {
            ".parquet" => "parquet",
            ".xlsx" => "xlsx",
            ".tsv" or ".tab" => "tsv",
            _ => "csv",
        };
        _readPath = path;
        _isCsvLike = Format is "csv" or "tsv" or "xlsx";
        if (LengthOf(path) == 0 || (Format is "csv" or "tsv" && NothingButMarks(path)))
        {
            throw new BadInputException(new Diagnostic(Name, null, null, null, "the file is empty (expected a header line)"));
        }

        if (Format is "csv" or "tsv" && OtherFormat(path, Name) is { } other)
        {
            throw new BadInputException(new Diagnostic(Name, null, null, null, $"cannot be read as text: {other}; expected delimited text (CSV or TSV) with a header line"));
        }

        if (Format is "csv" or "tsv")
        {
            var encoding = TextEncodingDetector.Detect(path);
            Encoding = encoding.Name;
            if (!encoding.IsUtf8)
            {
                _readPath = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
                var lines = TextEncodingDetector.TranscodeToUtf8(path, _readPath, encoding);
                Notes.Add(lines.AreMixed ? lines.Note(Name) : encoding.Note(Name)!);
            }
        }
        if (Format is "csv" or "tsv" && LineEnds.Find(_readPath) is { } irregular)
        {
            // DuckDB's sniffer fails on a file whose lines end both ways (a CRLF export with rows added by hand), and runs
            // together or drops the records of one whose lines end with \r alone: the copy read ends every line with \n,
            // one for one, so line numbers stay.
            var copy = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
            LineEnds.WriteWithLineFeeds(_readPath, copy);
            _readPath = copy;
            Notes.Add(irregular.Note(Name));
        }

        var named = Format == "csv" ? DelimiterLine(_readPath) : null;
        if (named is { } given)
        {
            // Excel's "sep=;" first line: the delimiter is given, and the line is blanked (not removed) so line numbers stay.
            var copy = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
            using (var input = File.OpenRead(_readPath))
            using (var output = File.Create(copy))
            {
                // The blank line ends as the file's lines do: a lone \n before \r\n lines defeats DuckDB's sniffer.
                input.Position = given.LineLength;
                output.Write(given.CarriageReturn ? "\r\n"u8 : "\n"u8);
                input.CopyTo(output);
            }

            _readPath = copy;
            _dialect = $", delim = {Sql.Literal(given.Delimiter.ToString())}";
            Notes.Add($"{Name}: the first line 'sep={given.Delimiter}' names the delimiter; read with it");
        }
        else if (Format == "xlsx")
        {
            _readPath = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
            var title = new List<string>();
            (_, _sheetRows) = WriteFirstSheetAsCsv(path, _readPath, Notes, Name, title);
            Encoding = "xlsx";
            ReadAsTable(tempDirectory, ',', title);
        }

        if (Format is "csv" or "tsv")
        {
            var delimiter = Format == "tsv" ? '\t' : named?.Delimiter ?? HeaderLineDelimiter(_readPath);
            if (delimiter is { } d && TrailingHeaderDelimiter(_readPath, (byte)d) is var (position, lastHeader))
            {
                // A header cell left empty at the end ("account_id,name,employees,") over rows without it sniffs as a file of
                // one column; the copy read drops that delimiter, so the header and the rows have as many fields.
                var copy = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
                using (var input = File.OpenRead(_readPath))
                using (var output = File.Create(copy))
                {
                    var head = new byte[position];
                    input.ReadExactly(head);
                    output.Write(head);
                    input.Position = position + 1;
                    input.CopyTo(output);
                }

                _readPath = copy;
                Notes.Add($"{Name}: the header line ends with a delimiter after '{lastHeader}' that the rows do not have (an empty last header cell): read without it");
            }

            ReadAsTable(tempDirectory, Format == "tsv" ? '\t' : named?.Delimiter, null);
        }
    }

    /// <summary>
    /// What a file named as text is when its first bytes say it is another format (a gzip file renamed, or gzipped twice;
    /// a workbook saved under .csv): DuckDB would read its bytes as text and show them as the headers. Else null.
    /// </summary>
    private static string? OtherFormat(string path, string name)
    {
        using var stream = File.OpenRead(path);
        var magic = new byte[4];
        var length = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        return BinaryFormatOf(magic.AsSpan(0, length), () => EndsWithParquetMark(stream)) switch
        {
            BinaryFormat.Gzip => name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? "it is gzip-compressed, and the name before its .gz ends in no .csv, .tsv, .parquet or .xlsx (compressed twice?); unpack it until a .csv or .csv.gz is left"
                : "it is gzip-compressed data; name it with .gz at the end (such as accounts.csv.gz), which the import unpacks, or unpack it first",
            BinaryFormat.Zip => "it is a zip archive or an Excel workbook (.xlsx); name it .zip or .xlsx as it is",
            BinaryFormat.Parquet => "it is a Parquet file; name it .parquet",
            _ => null,
        };
    }

    /// <summary>A binary format a file named as text may be in, told by its first bytes.</summary>
    internal enum BinaryFormat
    {
        /// <summary>gzip-compressed data.</summary>
        Gzip,

        /// <summary>A zip archive, or an Excel workbook (which is one).</summary>
        Zip,

        /// <summary>A Parquet file.</summary>
        Parquet,
    }

    /// <summary>
    /// The binary format whose mark <paramref name="head"/> (a file's first bytes) starts with, or null. A header may start
    /// "PAR1...", so a Parquet file is one only when it also ends with the mark (<paramref name="endsWithParquetMark"/>).
    /// </summary>
    internal static BinaryFormat? BinaryFormatOf(ReadOnlySpan<byte> head, Func<bool> endsWithParquetMark) => head switch
    {
        [0x1F, 0x8B, ..] => BinaryFormat.Gzip,
        [(byte)'P', (byte)'K', 3, 4, ..] => BinaryFormat.Zip,
        [(byte)'P', (byte)'A', (byte)'R', (byte)'1', ..] when endsWithParquetMark() => BinaryFormat.Parquet,
        _ => null,
    };

    private static bool EndsWithParquetMark(FileStream stream)
    {
        var tail = new byte[4];
        stream.Position = Math.Max(0, stream.Length - tail.Length);
        return stream.ReadAtLeast(tail, tail.Length, throwOnEndOfStream: false) == tail.Length && tail.AsSpan().SequenceEqual("PAR1"u8);
    }

    /// <summary>
    /// Where the header line ends with a delimiter that the first record lacks ("account_id,name,employees," over
    /// "A1,Acme,1"): that delimiter's byte position and the last header before it; else null.
    /// </summary>
    internal static (long Position, string LastHeader)? TrailingHeaderDelimiter(string path, byte delimiter)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var head = buffer.AsSpan(0, stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));
        var lines = new List<(int Start, int Length)>();
        for (var start = 0; lines.Count < 2 && start < head.Length;)
        {
            var end = head[start..].IndexOf((byte)'\n');
            if (end < 0 && stream.Length > head.Length)
            {
                return null; // a line longer than the look ahead: no header of a few names
            }

            var length = end < 0 ? head.Length - start : end;
            var content = head.Slice(start, length).TrimEnd("\r"u8);
            if (content.Trim(" \t"u8).Length > 0 && !(start == 0 && content.SequenceEqual("\uFEFF"u8)))
            {
                lines.Add((start, content.Length));
            }

            start += length + 1;
        }

        if (lines.Count < 2)
        {
            return null;
        }

        var header = head.Slice(lines[0].Start, lines[0].Length).TrimEnd((byte)' ');
        var record = head.Slice(lines[1].Start, lines[1].Length);
        if (header.Length < 2 || header[^1] != delimiter || header[^2] == delimiter
            || Fields(header, delimiter) is not { } headerFields || Fields(record, delimiter) != headerFields - 1)
        {
            return null;
        }

        var names = System.Text.Encoding.UTF8.GetString(header[..^1]).TrimStart('\uFEFF');
        return (lines[0].Start + header.Length - 1, names[(names.LastIndexOf((char)delimiter) + 1)..].Trim().Trim('"'));

        // Fields outside quotes, or null for a line whose quote stays open (a cell going on to the next line).
        static int? Fields(ReadOnlySpan<byte> line, byte delimiter)
        {
            var (fields, quoted) = (1, false);
            foreach (var b in line)
            {
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == delimiter && !quoted)
                {
                    fields++;
                }
            }

            return quoted ? null : fields;
        }
    }

    /// <summary>
    /// A report saved as text (a title block above the header, rows grouped under label rows with total rows) is read
    /// from a copy rewritten as a table, line for line; see <see cref="ReportLayout"/>. A table as it is reads as it is.
    /// </summary>
    private void ReadAsTable(string tempDirectory, char? delimiter, IReadOnlyList<string>? title)
    {
        if (ReportLayout.Detect(_readPath, delimiter, title, Name, _headerBelowBand) is not { } layout)
        {
            return;
        }

        var copy = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
        var rewritten = ReportLayout.Rewrite(_readPath, copy, layout);
        _readPath = copy;
        if (Format == "csv")
        {
            _dialect ??= $", delim = {Sql.Literal(layout.Delimiter.ToString())}";
        }

        // A workbook's records are told by sheet row, and the rows set aside are no records any more.
        var rows = _sheetRows;
        var headerPlace = $"line {layout.HeaderLine}";
        if (rows is not null && layout.Band is not null && rows.Count > 0)
        {
            // The band was written as the header, so the real header is the first record.
            headerPlace = $"sheet row {rows[0]}";
            rows.RemoveAt(0);
        }

        Notes.AddRange(ReportLayout.Notes(Name, layout, rewritten,
            rows is null ? s => s.Line : s => rows[(int)s.Ordinal], rows is null ? "line" : "sheet row", headerPlace));
        if (rows is not null)
        {
            foreach (var ordinal in rewritten.Labels.Concat(rewritten.Totals).Select(s => (int)s.Ordinal).OrderDescending())
            {
                rows.RemoveAt(ordinal);
            }
        }
    }

    /// <summary>
    /// A small text file of nothing but a byte order mark and white space (Excel's "CSV UTF-8" of an empty sheet): empty, which
    /// DuckDB's sniffer would fail on with an internal error.
    /// </summary>
    private static bool NothingButMarks(string path)
    {
        const int Small = 4096;
        using var stream = File.OpenRead(path);
        if (stream.Length > Small)
        {
            return false;
        }

        var bytes = new byte[Small];
        var head = bytes.AsSpan(0, stream.ReadAtLeast(bytes, Small, throwOnEndOfStream: false));
        var start = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => 3,
            [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => 2,
            _ => 0,
        };
        return head[start..].IndexOfAnyExcept(" \t\r\n\0"u8) < 0;
    }

    /// <summary>The file's length, through a symbolic link to its target (FileInfo gives the link's own length).</summary>
    internal static long LengthOf(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.Length;
    }

    public string Path { get; }

    public string Name { get; }

    public string Format { get; }

    public string? Encoding { get; }

    public string? Delimiter { get; private set; }

    public char? Quote { get; private set; }

    public char? Escape { get; private set; }

    public List<string> Notes { get; } = [];

    /// <summary>
    /// The headers, in file order, each once: a header written again is read as X_1, X_2, ... by the first such name the
    /// file does not write itself (a file headed name, name, name_1 keeps its own name_1 and reads the second name as name_2).
    /// </summary>
    public IReadOnlyList<string> Headers()
    {
        // Asked again by later steps: DuckDB's DESCRIBE of a wide file costs most of a second.
        var read = Reader(storeRejects: false);
        if (_headers is { } known && known.Read == read)
        {
            return known.Headers;
        }

        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {read}";
        var headers = new List<string>();
        using (var reader = Workspace.TracedReader(command))
        {
            while (reader.Read())
            {
                headers.Add(reader.GetString(0));
            }
        }

        // DuckDB names a repeat X_1 even where the file's own X_1 follows, which it then renames X_1_1.
        WrittenHeaders = _isCsvLike && headers.Any(h => RepeatSuffix().IsMatch(h)) && HeaderCells() is { } cells && AreWrittenAs(headers, cells) ? cells : null;
        var distinct = WrittenHeaders is null ? headers : Distinct(WrittenHeaders, headers);
        _headers = (read, distinct);
        return distinct;
    }

    private (string Read, IReadOnlyList<string> Headers)? _headers;

    /// <summary>The header line's cells as the file writes them, where <see cref="Headers"/> found a header written twice; else null.</summary>
    public IReadOnlyList<string>? WrittenHeaders { get; private set; }

    [System.Text.RegularExpressions.GeneratedRegex(@"_[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex RepeatSuffix();

    /// <summary>The first record of the file read without a header, that is the header line's cells; null when it does not read so.</summary>
    private List<string>? HeaderCells()
    {
        var reader = Reader(storeRejects: false);
        if (!reader.Contains("header = true", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {reader.Replace("header = true", "header = false", StringComparison.Ordinal)} LIMIT 1";
            using var row = Workspace.TracedReader(command);
            return row.Read() ? [.. Enumerable.Range(0, row.FieldCount).Select(i => row.IsDBNull(i) ? "" : row.GetString(i))] : null;
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    /// <summary>Whether DuckDB's names are the cells as written, a repeat with its _N suffixes, or an empty cell's columnN.</summary>
    private static bool AreWrittenAs(IReadOnlyList<string> names, IReadOnlyList<string> cells) =>
        names.Count == cells.Count && names.Zip(cells).All(p => p.First == p.Second
            || (p.Second.Length > 0 && p.First.StartsWith(p.Second + "_", StringComparison.Ordinal) && p.First[p.Second.Length..].Split('_', StringSplitOptions.RemoveEmptyEntries).All(n => n.All(char.IsAsciiDigit)))
            || (p.Second.Length == 0 && p.First.StartsWith("column", StringComparison.Ordinal)));

    /// <summary>The cells as names, each once: a repeat takes the first X_N that no cell writes and no earlier column took.</summary>
    private static List<string> Distinct(IReadOnlyList<string> cells, IReadOnlyList<string> described)
    {
        var written = new HashSet<string>(cells, StringComparer.OrdinalIgnoreCase);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var name = cells[i].Length == 0 ? described[i] : cells[i];
            if (!taken.Add(name))
            {
                var n = 1;
                while (written.Contains($"{cells[i]}_{n}") || !taken.Add($"{cells[i]}_{n}"))
                {
                    n++;
                }

                name = $"{cells[i]}_{n}";
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>The table function that reads the file; raw column k is <c>#k</c> as text.</summary>
    public string Reader(bool storeRejects)
    {
        var path = Sql.Literal(_readPath);
        return Format switch
        {
            "parquet" => $"read_parquet({path})",
            "xlsx" => $"read_csv({path}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'{Rejects(storeRejects)})",
            "tsv" => $"read_csv({path}, header = true, all_varchar = true, delim = '\t'{Rejects(storeRejects)})",
            _ => $"read_csv({path}, header = true, all_varchar = true{Dialect}{Rejects(storeRejects)})",
        };
    }

    /// <summary>
    /// A CSV's dialect as read options, empty to let the read sniff it. The read stores rejects, which makes DuckDB sniff
    /// with errors ignored; on a small file whose every column is quoted text that sniff can settle on a dialect in which
    /// the first line is no header (a valid comma file read as ';' columns named column0…). The import always reads a
    /// header, so when that sniff finds none and a sniff of the file as it is (errors not ignored) does, the latter's
    /// dialect is passed on. Otherwise the read sniffs as before: a strict sniff misjudges files with malformed rows.
    /// </summary>
    private string Dialect => _dialect ??= Format == "csv" ? ChooseDialect() : "";

    private string? _dialect;

    private string ChooseDialect()
    {
        var lenient = Sniff("ignore_errors = true");
        // A semicolon file whose first record has as many commas as the header has semicolons ("Smith, Jones, and Co")
        // sniffs as a comma file with its header skipped as a preamble: the header line decides.
        if (lenient is { } sniffed && HeaderLineDelimiter(_readPath) is { } own && own.ToString() != sniffed.Delimiter)
        {
            return $", delim = {Sql.Literal(own.ToString())}";
        }

        if (lenient is not { HasHeader: false })
        {
            return "";
        }

        return Sniff(null) is { HasHeader: true } strict
            ? $", delim = {Sql.Literal(strict.Delimiter)}" + (strict.Quote is { } q ? $", quote = {Sql.Literal(q.ToString())}" : "")
                + (strict.Escape is { } e ? $", escape = {Sql.Literal(e.ToString())}" : "")
            : "";
    }

    /// <summary>
    /// The delimiter of the file's first non-blank line, when that line holds one candidate (, ; tab |) outside quotes
    /// and no other; else null.
    /// </summary>
    internal static char? HeaderLineDelimiter(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? line;
        while ((line = reader.ReadLine()) is not null && line.Trim().Length == 0)
        {
        }

        if (line is null)
        {
            return null;
        }

        var counts = new Dictionary<char, int>();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is ',' or ';' or '\t' or '|')
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        return counts.Count == 1 ? counts.Keys.Single() : null;
    }

    /// <summary>A first line "sep=X" (Excel writes it to name the delimiter): X, the line's length with its line break, and whether that break is \r\n.</summary>
    private static (char Delimiter, int LineLength, bool CarriageReturn)? DelimiterLine(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[16];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var start = head.AsSpan(0, length).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var line = head.AsSpan(start, length - start);
        if (line.Length < 6 || !System.Text.Ascii.EqualsIgnoreCase(line[..4], "sep="u8) || line[4] is (byte)'\r' or (byte)'\n' || line[4] > 0x7F)
        {
            return null;
        }

        var end = line[5] == (byte)'\r' && line.Length > 6 && line[6] == (byte)'\n' ? 7 : line[5] == (byte)'\n' ? 6 : -1;
        return end < 0 ? null : ((char)line[4], start + end, end == 7);
    }

    /// <summary>sniff_csv's dialect for the file, or null when it cannot sniff one.</summary>
    private (string Delimiter, char? Quote, char? Escape, bool HasHeader)? Sniff(string? options)
    {
        try
        {
            return SniffOrThrow(options);
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    private (string Delimiter, char? Quote, char? Escape, bool HasHeader)? SniffOrThrow(string? options)
    {
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT Delimiter, Quote, Escape, HasHeader FROM sniff_csv({Sql.Literal(_readPath)}{(options is null ? "" : ", " + options)})";
        using var reader = Workspace.TracedReader(command);
        return reader.Read() ? (reader.IsDBNull(0) ? "," : reader.GetString(0), OneCharacter(reader, 1), OneCharacter(reader, 2), !reader.IsDBNull(3) && reader.GetBoolean(3)) : null;
    }

    /// <summary>A sniffed quote or escape: sniff_csv names an absent one "(empty)" (or leaves it empty).</summary>
    private static char? OneCharacter(System.Data.Common.DbDataReader reader, int column) =>
        reader.IsDBNull(column) || reader.GetString(column).Length != 1 ? null : reader.GetString(column)[0];

    /// <summary>
    /// Whether a value may be a spreadsheet's error value (#REF!, #DIV/0!): false for text without a '#' anywhere, so the
    /// check, about 25 ns a value, is not run over every text cell of a large file (2 s over the 1M bench's orders) when
    /// no value can fail it; the search of the bytes costs a fraction of a second per gigabyte.
    /// </summary>
    public bool MayHoldSpreadsheetErrors => !_isCsvLike || Format == "xlsx" || BytesHeld[0];

    /// <summary>
    /// Whether a value may hold a NUL byte (a damaged export): false for text without one, so the check, one rule a column,
    /// is not planned and run for every column of a wide export that cannot fail it.
    /// </summary>
    public bool MayHoldNulBytes => !_isCsvLike || BytesHeld[1];

    /// <summary>Whether the text read holds a '#' and a NUL byte, found in one reading of it.</summary>
    private bool[] BytesHeld => _bytesHeld ??= BrokenQuotes.ContainsEach(_readPath, (byte)'#', 0);

    private bool[]? _bytesHeld;

    /// <summary>Raw column k (1-based) as text.</summary>
    public string RawColumn(int position) => Format == "parquet" ? $"CAST(#{position} AS VARCHAR)" : $"#{position}";

    /// <summary>After the read: how many records DuckDB refused as malformed; also learns the dialect it read with.</summary>
    public long AfterRead()
    {
        if (!_isCsvLike)
        {
            return 0;
        }

        // Sniff with the same options as the read (ignore_errors is what store_rejects implies), so the dialect matches.
        var delimiter = Format == "tsv" ? ", delim = '\t'" : Format == "xlsx" ? ", delim = ',', quote = '\"', escape = '\"'" : Dialect;
        if (SniffOrThrow($"header = true, ignore_errors = true{delimiter}") is { } dialect)
        {
            (Delimiter, Quote, Escape) = (dialect.Delimiter, dialect.Quote, dialect.Escape);
        }

        // One malformed quote makes the sniffer read a file that quotes its values without quotes.
        if (Format is "csv" or "tsv" && Quote is null && Delimiter is { Length: 1 } one && one[0] < 0x80 && BrokenQuotes.Find(_readPath, (byte)one[0]) is { } broken)
        {
            throw new BadInputException(BrokenQuotes.Refusal(Name, broken));
        }

        return Convert.ToInt64(_workspace.Scalar("SELECT count(DISTINCT line) FROM sl_rej"), CultureInfo.InvariantCulture);
    }

    /// <summary>Whether line numbers come from scanning the text (CSV) or from the row number (XLSX, Parquet).</summary>
    public bool HasTextLines => Format is "csv" or "tsv";

    /// <summary>The line or row a 0-based record ordinal is reported at, for formats without text lines.</summary>
    public long RowNumber(long ordinal) => Format == "xlsx"
        ? (_sheetRows is { } rows && ordinal >= 0 && ordinal < rows.Count ? rows[(int)ordinal] : ordinal + 2)
        : ordinal + 1;

    // Read the record after the header found as the header: the one found is a band of group labels.
    private readonly bool _headerBelowBand;

    // The sheet row of each record of a converted workbook, which leaves empty rows out.
    private readonly List<long>? _sheetRows;

    /// <summary>
    /// Blanks the lines that repeat the header line (exports joined end to end) in a copy that is read instead, keeping
    /// every other line and line ending, so line numbers stay; returns their line numbers. Only a file seen to hold such a
    /// row reads this way, since it reads the whole file once more.
    /// </summary>
    public List<long> BlankRepeatedHeaders(string tempDirectory)
    {
        var copy = System.IO.Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".csv");
        var blanked = new List<long>();
        using (var input = new FileStream(_readPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        using (var output = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var buffer = new byte[1 << 20];
            using var pending = new MemoryStream();
            byte[]? header = null;
            long number = 0;
            void EndLine(ReadOnlySpan<byte> withEnding)
            {
                number++;
                var content = withEnding.TrimEnd("\r\n"u8);
                if (number == 1 && content.StartsWith("\uFEFF"u8))
                {
                    output.Write(content[..3]);
                    withEnding = withEnding[3..];
                    content = content[3..];
                }

                if (header is null)
                {
                    header = content.Length > 0 ? content.ToArray() : null;
                }
                else if ((content.StartsWith("\uFEFF"u8) ? content[3..] : content).SequenceEqual(header))
                {
                    // A part of files joined end to end starts with its own byte order mark.
                    blanked.Add(number);
                    withEnding = withEnding[content.Length..];
                }

                output.Write(withEnding);
            }

            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                int end;
                while ((end = chunk.IndexOf((byte)'\n')) >= 0)
                {
                    if (pending.Length > 0)
                    {
                        pending.Write(chunk[..(end + 1)]);
                        EndLine(pending.GetBuffer().AsSpan(0, (int)pending.Length));
                        pending.SetLength(0);
                    }
                    else
                    {
                        EndLine(chunk[..(end + 1)]);
                    }

                    chunk = chunk[(end + 1)..];
                }

                pending.Write(chunk);
            }

            if (pending.Length > 0)
            {
                EndLine(pending.GetBuffer().AsSpan(0, (int)pending.Length));
            }
        }

        _readPath = copy;
        return blanked;
    }

    /// <summary>
    /// Finds lines and raw text of records, and the malformed records DuckDB skipped, less a report's footer among them
    /// (single-cell lines after the last record), which is returned apart.
    /// </summary>
    public (Dictionary<long, CsvRecordLocation> Found, List<(CsvRecordLocation Location, int Fields)> Malformed, List<CsvRecordLocation> Footer, bool Consistent) Locate(
        IReadOnlySet<long> ordinals, int expectedFields, long stagedRows)
    {
        var malformed = new List<(CsvRecordLocation Location, int Fields)>();
        var delimiter = Delimiter is { Length: > 0 } d ? d[0] : ',';
        var scanner = new CsvRecordScanner(delimiter, Quote, Escape, expectedFields);
        var (found, wellFormed, lastWellFormedLine) = scanner.Scan(_readPath, ordinals, malformed);

        // A report's footer (Salesforce ends its exports with a confidentiality line and a copyright line) is single-cell
        // lines after the last record: not rows. A single-cell line between records stays malformed.
        var after = malformed.FindIndex(m => m.Location.Line > lastWellFormedLine);
        var footer = new List<CsvRecordLocation>();
        if (expectedFields > 1 && wellFormed > 0 && after >= 0 && malformed.Skip(after).All(m => m.Fields == 1))
        {
            footer.AddRange(malformed.Skip(after).Select(m => m.Location));
            malformed.RemoveRange(after, malformed.Count - after);
        }

        return (found, malformed, footer, wellFormed == stagedRows);
    }

    private static string Rejects(bool storeRejects) =>
        storeRejects ? ", store_rejects = true, rejects_table = 'sl_rej', rejects_scan = 'sl_scan'" : ", ignore_errors = true";

    /// <summary>
    /// The sheet row holding the header: row 1, unless a report's title block comes first (rows of at most two filled
    /// cells, such as a title or "Filtered by: ..."), followed by a row of three or more text cells.
    /// </summary>
    internal static int HeaderRow(string source, List<string> title, string? sheet)
    {
        var row = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(source, useHeaderRow: false, sheetName: sheet).Take(30))
        {
            row++;
            var filled = cells.Values.Where(v => v is not null && !string.IsNullOrWhiteSpace(v.ToString())).ToList();
            if (filled.Count <= 2)
            {
                if (filled.Count > 0)
                {
                    title.Add(string.Join(" ", filled.Select(v => v!.ToString()!.Trim()))); // a title, a "Filtered by" line
                }

                continue;
            }

            if (filled.TrueForAll(v => v is string))
            {
                return row;
            }

            break;
        }

        title.Clear();
        return 1;
    }

    /// <summary>
    /// Writes a workbook's first sheet as CSV from its header row, leaving out empty rows and a report's footer (with a note
    /// in <paramref name="notes"/>, as a title block above the header); returns the header's sheet row and each record's.
    /// </summary>
    /// <exception cref="InvalidDataException">The workbook cannot be read (not a workbook, damaged, or in a shape the reader does not know), with the reader's reason.</exception>
    public static (long HeaderRow, List<long> SheetRows) WriteFirstSheetAsCsv(string source, string target, List<string> notes, string? name = null, List<string>? title = null)
    {
        try
        {
            return WriteSheet(source, target, notes, name ?? System.IO.Path.GetFileName(source), title ?? []);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Xml.XmlException or FormatException or IndexOutOfRangeException
            or KeyNotFoundException or NullReferenceException or ArgumentException)
        {
            // The workbook reader fails on what it cannot parse with whatever exception its code met there.
            throw new InvalidDataException($"the workbook reader stopped: {e.Message}", e);
        }
    }

    private static (long HeaderRow, List<long> SheetRows) WriteSheet(string source, string target, List<string> notes, string name, List<string> title)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var sheets = WorkbookSheets.WithData(source);
        var sheet = sheets.FirstOrDefault();
        var headerRow = HeaderRow(source, title, sheet);
        if (headerRow > 1)
        {
            notes.Add($"{name}: the header is on sheet row {headerRow}; rows 1-{headerRow - 1} above it (a report's title block) were skipped");
        }

        // The reader counts date serials from 1900; a workbook of the 1904 date system (older Mac Excel) counts from 1904.
        var date1904 = Uses1904DateSystem(source);
        if (date1904)
        {
            notes.Add($"{name}: the workbook uses the 1904 date system (older Excel for Mac): its dates were read from 1904-01-01, 1,462 days later than the 1900 system's");
        }

        string Text(object? value) => CellText(date1904 && value is DateTime date ? date.AddDays(Days1900To1904) : value);

        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false), 1 << 16);
        var first = true;
        List<string>? keys = null;
        var sheetRows = new List<long>();
        long sheetRow = headerRow - 1;

        // Rows of one filled cell wait until a fuller row follows: those after the last one are a report's footer
        // (a confidentiality or copyright line), not records.
        var held = new List<(long SheetRow, List<string> Values)>();
        var repeatedHeaders = new List<long>();
        List<string>? header = null;
        void Write(long at, List<string> values)
        {
            writer.WriteLine(string.Join(',', values.Select(Quote)));
            sheetRows.Add(at);
        }

        // Cells are taken by column letter, the header row as it is written: two columns with one header, a column
        // without one or a number as a header reach the checks a CSV's header meets instead of being merged or dropped.
        foreach (IDictionary<string, object?> row in MiniExcel.Query(source, useHeaderRow: false, sheetName: sheet, startCell: $"A{headerRow}"))
        {
            sheetRow++;
            if (first)
            {
                keys = [.. row.Keys];
                header = [.. keys.Select(k => Text(row[k]))];
                writer.WriteLine(string.Join(',', header.Select(Quote)));
                first = false;
                continue;
            }

            var values = keys!.Select(k => Text(row.TryGetValue(k, out var v) ? v : null)).ToList();
            var filled = values.Count(v => !string.IsNullOrWhiteSpace(v));
            if (filled == 0)
            {
                continue; // a spreadsheet's empty row between records, as a CSV's blank line
            }

            if (values.Zip(header!).All(pair => string.Equals(pair.First.Trim(), pair.Second.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                repeatedHeaders.Add(sheetRow); // a report's next page pasted below with its own header, as a CSV's joined parts
                continue;
            }

            if (filled == 1 && keys!.Count > 1 && sheetRows.Count > 0)
            {
                held.Add((sheetRow, values));
                continue;
            }

            held.ForEach(h => Write(h.SheetRow, h.Values));
            held.Clear();
            Write(sheetRow, values);
        }

        if (first)
        {
            throw new BadInputException(new Diagnostic(name, null, null, null,
                "the first sheet has no header row"));
        }

        if (repeatedHeaders.Count > 0)
        {
            notes.Add($"{name}: the header row is repeated on sheet row{(repeatedHeaders.Count == 1 ? "" : "s")} {string.Join(", ", repeatedHeaders.Take(10))}"
                + $"{(repeatedHeaders.Count > 10 ? $" and {repeatedHeaders.Count - 10:N0} more" : "")} (a report's pages pasted together?); skipped, not read as rows");
        }

        if (UncalculatedFormulas(source, sheet, headerRow + 1) is { Count: > 0 } formulas)
        {
            // A workbook written by a program (openpyxl, a report generator) keeps formulas without their results: read, they were blank.
            throw new BadInputException([.. formulas.Select(f => new Diagnostic(name, f.Row, keys!.IndexOf(f.Column) is >= 0 and var k ? header![k] : f.Column, $"={f.Formula}",
                $"a formula without a calculated value (cell {f.Column}{f.Row} of sheet '{sheet}'; the workbook was written by a program and never calculated): "
                + "open and save it in Excel or LibreOffice, which calculates it, then import it again"))], formulas.Count);
        }

        var hidden = WorkbookSheets.Hidden(source).Where(sheets.Contains).ToList();
        if (hidden.Count > 0 && sheet is not null && !hidden.Contains(sheet))
        {
            notes.Add($"{name}: the hidden sheet{(hidden.Count == 1 ? "" : "s")} {string.Join(", ", hidden.Select(h => $"'{h}'"))} (not shown in Excel) "
                + $"{(hidden.Count == 1 ? "was" : "were")} not read; '{sheet}' is the first visible sheet");
        }

        // A workbook's other sheets are not read here (the import reads those with the same header, Importer.WithSheetsOfOneTable): said, so that nothing goes unnoticed.
        var others = sheets.Skip(1).Where(o => !hidden.Contains(o)).ToList();
        if (others.Count > 0)
        {
            notes.Add($"{name}: only the first sheet, '{sheet}', was read; the other sheet{(others.Count == 1 ? "" : "s")} with data "
                + $"({string.Join(", ", others.Select(o => $"'{o}'"))}) {(others.Count == 1 ? "was" : "were")} not: save each as its own file to read it");
        }

        if (held.Count > 0)
        {
            var example = held[0].Values.First(v => !string.IsNullOrWhiteSpace(v));
            var rows = held.Count == 1 ? $"row {held[0].SheetRow}" : $"rows {held[0].SheetRow}-{held[^1].SheetRow}";
            notes.Add($"{name}: sheet {rows} after the last record {(held.Count == 1 ? "is" : "are")} a report footer (one cell each, such as \"{example}\"), not rows: skipped");
        }

        return (headerRow, sheetRows);

        static string Quote(string text) =>
            text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>
    /// The cells of a sheet, from row <paramref name="fromRow"/> on, holding a formula without a calculated value (a &lt;f&gt;
    /// without a &lt;v&gt;), which the workbook reader reads as blank: the column letters, row and formula of each, at most
    /// <see cref="BadInputException.MaxShown"/>.
    /// </summary>
    internal static List<(string Column, long Row, string Formula)> UncalculatedFormulas(string path, string? sheet, long fromRow)
    {
        var found = new List<(string Column, long Row, string Formula)>();
        using var archive = System.IO.Compression.ZipFile.OpenRead(path);
        if (SheetPart(archive, sheet) is not { } part || archive.GetEntry(part) is not { } entry)
        {
            return found;
        }

        using var stream = entry.Open();
        using var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
        string? cell = null;
        string? formula = null;
        var valued = false;
        void Flush()
        {
            var letters = cell?.TrimEnd("0123456789".ToCharArray()) ?? "";
            if (formula is not null && !valued && long.TryParse(cell.AsSpan(letters.Length), CultureInfo.InvariantCulture, out var row) && row >= fromRow)
            {
                found.Add((letters, row, formula));
            }

            (cell, formula, valued) = (null, null, false);
        }

        // Reading an element's content leaves the reader on the node after it, which is then not read past.
        var onNext = false;
        while ((onNext || reader.Read()) && found.Count < BadInputException.MaxShown)
        {
            onNext = false;
            if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "c")
            {
                Flush();
                cell = reader.IsEmptyElement ? null : reader.GetAttribute("r");
            }
            else if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName is "f" or "v" && cell is not null)
            {
                var isFormula = reader.LocalName == "f";
                onNext = !reader.IsEmptyElement;
                var text = onNext ? reader.ReadElementContentAsString() : "";
                if (isFormula)
                {
                    formula = text; // a shared formula's other cells hold only a reference to the first (an empty <f>)
                }
                else
                {
                    valued = text.Length > 0;
                }
            }
            else if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "is" && cell is not null)
            {
                valued = true;
            }
            else if (reader.NodeType == System.Xml.XmlNodeType.EndElement && reader.LocalName is "c" or "row")
            {
                Flush();
            }
        }

        Flush();
        return found;
    }

    /// <summary>The zip entry of a sheet, by name (the first sheet when null): xl/workbook.xml names its relationship, whose target is the part.</summary>
    private static string? SheetPart(System.IO.Compression.ZipArchive archive, string? sheet)
    {
        if (archive.GetEntry("xl/workbook.xml") is not { } workbook || archive.GetEntry("xl/_rels/workbook.xml.rels") is not { } relations)
        {
            return null;
        }

        System.Xml.Linq.XDocument Load(System.IO.Compression.ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            return System.Xml.Linq.XDocument.Load(stream);
        }

        var sheets = Load(workbook).Descendants().Where(e => e.Name.LocalName == "sheet").ToList();
        var chosen = sheet is null ? sheets.FirstOrDefault() : sheets.FirstOrDefault(e => (string?)e.Attribute("name") == sheet);
        var id = chosen?.Attributes().FirstOrDefault(a => a.Name.LocalName == "id")?.Value;
        var target = Load(relations).Descendants().FirstOrDefault(e => e.Name.LocalName == "Relationship" && (string?)e.Attribute("Id") == id)?.Attribute("Target")?.Value;
        return target is null ? null : target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
    }

    /// <summary>Days from 1900-01-01 to 1904-01-01 as date serials count them: serial 0 of the 1904 system is serial 1462 of the 1900 one.</summary>
    private const int Days1900To1904 = 1462;

    /// <summary>Whether the workbook's dates count from 1904 (workbookPr date1904 in xl/workbook.xml).</summary>
    internal static bool Uses1904DateSystem(string path)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(path);
        if (archive.GetEntry("xl/workbook.xml") is not { } entry)
        {
            return false;
        }

        using var stream = entry.Open();
        var document = System.Xml.Linq.XDocument.Load(stream);
        var flag = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "workbookPr")?.Attribute("date1904")?.Value;
        return flag is "1" or "true";
    }

    /// <summary>A cell's value as the CSV a workbook is converted to writes it (dates ISO, numbers invariant).</summary>
    internal static string CellText(object? value) => value switch
        {
            null => "",
            DateTime dt when dt.TimeOfDay == TimeSpan.Zero => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            decimal number => number.ToString(CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
}
