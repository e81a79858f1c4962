using System.Text;
using System.Text.Json;

namespace Sightline.Realtime;

/// <summary>
/// Reads touchpoint events as drafts from JSON (one object, an array of objects, or several objects one after
/// another as in JSON lines) or from a file (JSON as above, or CSV with a header). Only the shape is checked here;
/// <see cref="TouchpointEventValidator"/> checks the values. Broken syntax (invalid JSON, an unclosed quote) stops
/// reading at once with its position; every other problem is collected so that one answer lists them all.
/// </summary>
public static class TouchpointEventReader
{
    private const string TicketObject = "ticket";

    /// <summary>
    /// The most bytes read as one piece of events: the server's request body limit (Kestrel's default, set from this), and
    /// the longest line <c>sightline touch</c> reads from a file, since an event longer than a request could not be posted either.
    /// </summary>
    public const int MaxRequestBytes = 30_000_000;

    /// <summary>
    /// The most bytes <c>sightline touch</c> reads from one file (about half a million events): the file is held whole, several
    /// times over, and a pipe of endless short lines was read until memory ran out. Bulk history belongs in <c>sightline import</c>.
    /// </summary>
    public const long MaxFileBytes = 100_000_000;

    /// <summary>Reads events given as JSON text (a command-line argument or a request body); an array's events are numbered by index.</summary>
    /// <exception cref="BadInputException">The text is not JSON, or holds no event.</exception>
    /// <param name="json">The text.</param>
    /// <param name="source">What messages name it by.</param>
    /// <param name="columnMap">Field names the workspace maps (<c>column_maps.touchpoints</c>), or null.</param>
    /// <param name="notes">Receives what the reading tells the user (a Salesforce record's fields that are not read).</param>
    public static IReadOnlyList<TouchpointEventDraft> ReadJson(string json, string source, IReadOnlyDictionary<string, string>? columnMap = null, ICollection<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ReadJsonBytes(Encoding.UTF8.GetBytes(json), source, byLine: false, columnMap, notes);
    }

    /// <summary>Reads events given as UTF-8 JSON (a request body as it arrived; a leading byte order mark is skipped).</summary>
    /// <exception cref="BadInputException">The bytes are not JSON in UTF-8, or hold no event.</exception>
    /// <param name="utf8">The bytes.</param>
    /// <param name="source">What messages name it by.</param>
    /// <param name="columnMap">Field names the workspace maps (<c>column_maps.touchpoints</c>), or null.</param>
    /// <param name="notes">Receives what the reading tells the user (a Salesforce record's fields that are not read).</param>
    public static IReadOnlyList<TouchpointEventDraft> ReadJson(ReadOnlyMemory<byte> utf8, string source, IReadOnlyDictionary<string, string>? columnMap = null, ICollection<string>? notes = null)
    {
        // UTF-16 is taken only with its byte order mark: without one, its bytes are refused below as not UTF-8.
        if (utf8.Span.StartsWith(Utf16LittleEndianBom) || utf8.Span.StartsWith(Utf16BigEndianBom))
        {
            var bigEndian = utf8.Span.StartsWith(Utf16BigEndianBom);
            utf8 = Encoding.UTF8.GetBytes(new UnicodeEncoding(bigEndian, byteOrderMark: false).GetString(utf8.Span[2..]));
        }

        var json = utf8.Span.StartsWith(Utf8Bom) ? utf8[Utf8Bom.Length..] : utf8;
        RequireUtf8(json.Span, source);
        return ReadJsonBytes(json, source, byLine: false, columnMap, notes);
    }

    /// <summary>Reads events given as UTF-8 CSV with a header (a request body; a leading byte order mark is skipped), numbered by line.</summary>
    /// <exception cref="BadInputException">The bytes are not UTF-8, or the CSV has unknown or missing columns, or holds no event.</exception>
    /// <param name="utf8">The bytes.</param>
    /// <param name="source">What messages name it by.</param>
    /// <param name="notes">Receives what the reading tells the user (columns not read).</param>
    /// <param name="columnMap">Headers the workspace maps (<c>column_maps.touchpoints</c>), or null.</param>
    public static IReadOnlyList<TouchpointEventDraft> ReadCsv(ReadOnlyMemory<byte> utf8, string source, ICollection<string>? notes = null,
        IReadOnlyDictionary<string, string>? columnMap = null)
    {
        var bytes = utf8.Span.StartsWith(Utf8Bom) ? utf8.Span[Utf8Bom.Length..] : utf8.Span;
        RequireUtf8(bytes, source);
        return TouchpointEventCsv.Read(Encoding.UTF8.GetString(bytes), source, notes, columnMap);
    }

    /// <summary>The JSON reader takes invalid UTF-8 inside a string and fails only when the value is read, so it is checked first.</summary>
    private static void RequireUtf8(ReadOnlySpan<byte> bytes, string source)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return;
        }

        var at = 0;
        while (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }

        var line = bytes[..at].Count((byte)'\n') + 1;
        var column = at - (bytes[..at].LastIndexOf((byte)'\n') + 1) + 1;
        throw new BadInputException(new Diagnostic(source, line, null, null,
            $"not UTF-8 text: byte 0x{bytes[at]:X2} at position {column} of line {line} does not start a valid UTF-8 character; send the events as UTF-8"));
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16LittleEndianBom => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BigEndianBom => [0xFE, 0xFF];

    private const string FileKinds = "JSON (an object, an array or one object per line), CSV with a header line, or an .xlsx workbook";

    /// <summary>Reads a file of events: JSON (object, array or JSON lines) or CSV with a header, numbered by line.</summary>
    /// <exception cref="BadInputException">The file is missing, not JSON or CSV, has unknown or missing columns, or holds no event.</exception>
    /// <param name="path">The file.</param>
    /// <param name="notes">Receives what the reading tells the user (a CSV's columns that are not read).</param>
    /// <param name="columnMap">A CSV's headers the workspace maps to fields (<c>column_maps.touchpoints</c>), or null.</param>
    public static IReadOnlyList<TouchpointEventDraft> ReadFile(string path, ICollection<string>? notes = null, IReadOnlyDictionary<string, string>? columnMap = null) =>
        ReadFile(path, notes, columnMap, MaxFileBytes);

    /// <summary>As the public overload, with the file's limit given (tests use a small one).</summary>
    internal static IReadOnlyList<TouchpointEventDraft> ReadFile(string path, ICollection<string>? notes, IReadOnlyDictionary<string, string>? columnMap, long maxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        if (Directory.Exists(path))
        {
            throw new BadInputException(path, $"a folder, not a file; expected a file of events ({FileKinds})");
        }

        if (!File.Exists(path))
        {
            throw new BadInputException(path, "no such file");
        }

        if (Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return ReadWorkbook(path, name, notes, columnMap, maxFileBytes);
        }

        // Spreadsheets save "Unicode text" as UTF-16 and older exports as Windows-1252: read as the import reads them.
        var bytes = ReadBoundedLines(path, maxFileBytes);
        if (bytes.Length == 0)
        {
            // Named by the path given: /dev/null was reported as "null".
            throw new BadInputException(path, $"the file is empty; expected {FileKinds}");
        }

        if (OtherFormat(bytes) is { } other)
        {
            throw new BadInputException(path, $"{other}; expected {FileKinds}");
        }

        var encoding = Import.TextEncodingDetector.Detect(bytes);
        if (!encoding.IsUtf8)
        {
            using var utf8 = new MemoryStream(bytes.Length + bytes.Length / 8);
            var lines = Import.TextEncodingDetector.TranscodeToUtf8(new MemoryStream(bytes, writable: false), utf8, encoding);
            bytes = utf8.ToArray();
            notes?.Add(lines.AreMixed ? lines.Note(name) : encoding.Note(name)!);
        }

        var start = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var looksJson = extension is ".json" or ".jsonl" or ".ndjson"
            || (extension is not ".csv" and not ".tsv" && FirstNonSpace(bytes, start) is (byte)'{' or (byte)'[');
        return looksJson
            ? ReadJsonBytes(bytes.AsMemory(start), name, byLine: true, columnMap, notes)
            : TouchpointEventCsv.Read(Encoding.UTF8.GetString(bytes, start, bytes.Length - start), name, notes, columnMap);
    }

    /// <summary>
    /// The file's bytes, refusing a line longer than <see cref="MaxRequestBytes"/> or a file longer than
    /// <paramref name="maxFileBytes"/> before reading further: /dev/zero, or a pipe that never ends a line or never ends,
    /// was read without end.
    /// </summary>
    private static byte[] ReadBoundedLines(string path, long maxFileBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        using var bytes = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, Math.Min(maxFileBytes, int.MaxValue)) : 0);
        var buffer = new byte[1 << 16];
        var (line, lineLength) = (1L, 0L);
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            // The lines up to the first byte past the limit are checked, so the message names the line that byte is on.
            var overLimit = bytes.Length + read > maxFileBytes;
            var kept = overLimit ? (int)(maxFileBytes - bytes.Length) : read;
            var rest = buffer.AsSpan(0, kept);
            int end;
            while ((end = rest.IndexOf((byte)'\n')) >= 0)
            {
                RefuseLongLine(path, line, lineLength + end);
                (line, lineLength) = (line + 1, 0);
                rest = rest[(end + 1)..];
            }

            lineLength += rest.Length;
            RefuseLongLine(path, line, lineLength);
            if (overLimit)
            {
                throw new BadInputException(new Diagnostic(path, line, null, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the file goes on past {maxFileBytes:N0} bytes, the most sightline touch reads (it takes an integration's batch of events); nothing was appended; load bulk history with sightline import")));
            }

            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }

    /// <summary>What a file is when its first bytes are another format's (read as text they would be taken for a header); else null.</summary>
    private static string? OtherFormat(byte[] bytes) => Import.SourceFile.BinaryFormatOf(bytes, () => bytes.AsSpan().EndsWith("PAR1"u8)) switch
    {
        Import.SourceFile.BinaryFormat.Gzip => "it is gzip-compressed data; unpack it first",
        Import.SourceFile.BinaryFormat.Zip => "it is a zip archive or an Excel workbook; unpack the archive, or name a workbook .xlsx",
        Import.SourceFile.BinaryFormat.Parquet => "it is a Parquet file, which sightline import reads",
        _ => null,
    };

    private static void RefuseLongLine(string path, long line, long length)
    {
        if (length > MaxRequestBytes)
        {
            throw new BadInputException(new Diagnostic(path, line, null, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the line is longer than {MaxRequestBytes:N0} bytes, the most the server takes in one request; nothing was appended (a file of events holds an event or a few per line: is it the right file?)")));
        }
    }

    /// <summary>
    /// A workbook's first sheet as import reads it (a report's title block above the header and its footer left out, with
    /// notes; dates as written, so times without an offset need the zone), each event reported at its sheet row.
    /// </summary>
    private static List<TouchpointEventDraft> ReadWorkbook(string path, string name, ICollection<string>? notes, IReadOnlyDictionary<string, string>? columnMap, long maxFileBytes)
    {
        using var sheet = Data.ReadableFile.Open(path);

        // A workbook is compressed: its limit is on the cells as read, which are held whole as a text file's bytes are.
        if (new FileInfo(sheet.Path).Length > maxFileBytes)
        {
            throw new BadInputException(path, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the first sheet's cells come to more than {maxFileBytes:N0} bytes as text, the most sightline touch reads (it takes an integration's batch of events); nothing was appended; load bulk history with sightline import"));
        }

        foreach (var note in sheet.Notes)
        {
            notes?.Add(note);
        }

        return TouchpointEventCsv.Read(File.ReadAllText(sheet.Path), name, notes, columnMap, [sheet.HeaderRow, .. sheet.SheetRows]);
    }

    /// <summary>
    /// In one-object-per-line input, an object left open at the end of its line makes the reader fail on the next line's
    /// opening brace, naming a line that is fine; this finds that case and returns the line that is not (1-based, with the
    /// position just past its end), or null. Pretty-printed JSON rarely fails there, as its lines end with a comma or a
    /// brace, not a value.
    /// </summary>
    private static (long Line, long Position)? UnclosedLine(ReadOnlySpan<byte> bytes, long objectStart, JsonException error)
    {
        if (objectStart < 0 || error.LineNumber is not { } errorLine || error.BytePositionInLine is not { } errorPosition)
        {
            return null;
        }

        var startLine = bytes[..(int)objectStart].Count((byte)'\n');
        var lineStart = bytes[..(int)objectStart].LastIndexOf((byte)'\n') + 1;
        var lineEnd = bytes[lineStart..].IndexOf((byte)'\n') is var end and >= 0 ? lineStart + end : bytes.Length;
        var line = bytes[lineStart..lineEnd].TrimEnd("\r \t"u8);
        var errorLineStart = lineEnd;
        for (var skipped = startLine; skipped < errorLine - 1 && errorLineStart < bytes.Length; skipped++)
        {
            var next = bytes[(errorLineStart + 1)..].IndexOf((byte)'\n');
            errorLineStart = next < 0 ? bytes.Length : errorLineStart + 1 + next;
        }

        var errorAt = errorLineStart + 1 + (int)errorPosition;
        var opensNextObject = errorLine > startLine && errorAt < bytes.Length && bytes[errorAt] == (byte)'{'
            && bytes[(errorLineStart + 1)..errorAt].Trim(" \t"u8).IsEmpty;
        var endsInAValue = line.Length > 1 && line[^1] is not ((byte)',' or (byte)'{' or (byte)'[' or (byte)':');
        return opensNextObject && endsInAValue ? (startLine + 1, line.Length + 1) : null;
    }

    private static byte FirstNonSpace(byte[] bytes, int start)
    {
        for (var i = start; i < bytes.Length; i++)
        {
            if (bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return bytes[i];
            }
        }

        return 0;
    }

    private static List<TouchpointEventDraft> ReadJsonBytes(ReadOnlyMemory<byte> bytes, string source, bool byLine, IReadOnlyDictionary<string, string>? columnMap,
        ICollection<string>? notes)
    {
        var values = new List<(JsonElement Value, long Offset, int? Index)>();
        var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        var topLevel = 0;
        var arrays = 0;
        long objectStart = -1;
        try
        {
            while (reader.Read())
            {
                objectStart = -1;

                // An array at the top level is a batch: its elements are read one by one to know where each starts.
                if (reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 0)
                {
                    arrays++;
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var offset = reader.TokenStartIndex;
                        values.Add((JsonElement.ParseValue(ref reader), offset, index++));
                    }
                }
                else
                {
                    var offset = reader.TokenStartIndex;
                    objectStart = reader.TokenType == JsonTokenType.StartObject ? offset : -1;
                    values.Add((JsonElement.ParseValue(ref reader), offset, null));
                }

                topLevel++;
            }
        }
        catch (JsonException e)
        {
            if (UnclosedLine(bytes.Span, objectStart, e) is { } unclosed)
            {
                throw new BadInputException(new Diagnostic(source, unclosed.Line, null, null,
                    $"not valid JSON at position {unclosed.Position}: the line ends before its object is closed (one event per line: the next line starts another)"));
            }

            var message = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd();
            if (message.Contains("trailing comma", StringComparison.Ordinal))
            {
                // The reader's own words end in advice to change its options, which no sender can follow.
                message = "a comma before this closing brace or bracket, which JSON does not allow; remove it";
            }

            throw new BadInputException(new Diagnostic(source, e.LineNumber is { } line ? line + 1 : null, null, null,
                $"not valid JSON at position {(e.BytePositionInLine ?? 0) + 1}: {message}"));
        }

        if (values.Count == 0)
        {
            throw new BadInputException(source, "no events: expected a JSON object (one event), an array of objects, or one object per line");
        }

        // Only an escape can write half a surrogate pair (the bytes are valid UTF-8): without one no text needs the walk.
        var mayHoldHalfPairs = bytes.Span.IndexOf("\\u"u8) >= 0;
        if (values is [{ Index: null } single] && !(mayHoldHalfPairs && HalfSurrogatePair(single.Value, "") is not null) && Envelope(single.Value) is { } list)
        {
            // {"events": [...]}: the batch an integration wraps, numbered by its index in the list.
            values = [.. list.EnumerateArray().Select((e, i) => (e, 0L, (int?)i))];
            (arrays, byLine) = (1, false);
            if (values.Count == 0)
            {
                throw new BadInputException(source, "no events: the list is empty");
            }
        }

        // Text input names an event by its place in the list unless it is the only one; a file names it by its line.
        var numbered = !byLine && (arrays > 0 || topLevel > 1);
        var lines = new LineCounter(bytes.Span);
        var drafts = new List<TouchpointEventDraft>(values.Count);
        var position = 0;
        var salesforce = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (value, offset, index) in values)
        {
            long? line = byLine ? lines.LineAt(offset) : null;
            int? at = numbered ? index ?? position : null;
            drafts.Add(mayHoldHalfPairs && HalfSurrogatePair(value, "") is { } broken
                ? NotText(source, line, at, broken)
                : FromElement(value, source, line, at, columnMap, salesforce));
            position++;
        }

        foreach (var (type, unread) in salesforce)
        {
            notes?.Add($"{source}: Salesforce {type} records (their attributes name the type): "
                + (unread.Count == 0 ? "every field read" : $"fields not read: {string.Join(", ", unread)}"));
        }

        return drafts;
    }

    /// <summary>
    /// Where a value holds a key or a text with half a UTF-16 surrogate pair (<c>"\ud800"</c>: JSON allows the escape, but
    /// it is no character and no text can hold it), as a path such as <c>event_id</c>, <c>ticket.id</c> or <c>(a key)</c>;
    /// null when every text is whole.
    /// </summary>
    private static string? HalfSurrogatePair(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = value.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path.Length == 0 ? "(the value)" : path;
                }

            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path.Length == 0 ? "(a key)" : $"{path}.(a key)";
                    }

                    if (HalfSurrogatePair(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (HalfSurrogatePair(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>An event refused whole because a key or text in it is no valid text (see <see cref="HalfSurrogatePair"/>).</summary>
    private static TouchpointEventDraft NotText(string source, long? line, int? index, string where)
    {
        var problems = new List<Diagnostic>();
        var draft = new TouchpointEventDraft(source, line, index, new Dictionary<string, string>(StringComparer.Ordinal), problems);
        // No column, so the event is not also told it misses its fields (it is refused as a whole).
        problems.Add(new Diagnostic(draft.Where, line, null, null,
            $"{where}: not valid text: it holds a \\uD800-\\uDFFF escape that is half of a UTF-16 surrogate pair (no character); send the text as UTF-8, or escape a character outside the BMP as both halves of its pair"));
        return draft;
    }

    /// <summary>The names under which integrations wrap a batch: {"events": [...]}, {"data": [...]}, {"records": [...]}, and OData's {"value": [...]} (Dynamics 365, Microsoft Graph).</summary>
    private static readonly HashSet<string> EnvelopeNames = new(StringComparer.Ordinal) { "events", "touchpoints", "data", "results", "records", "items", "activities", "value" };

    /// <summary>
    /// The list of an object that wraps a batch: no event field of its own and exactly one list under one of
    /// <see cref="EnvelopeNames"/> (paging and totals beside it are the sender's bookkeeping); else null.
    /// </summary>
    private static JsonElement? Envelope(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || element.EnumerateObject().Any(p => TouchpointEventFields.Canonical(p.Name) is var name && (TouchpointEventFields.All.Contains(name) || name == TicketObject)))
        {
            return null;
        }

        var lists = element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array && EnvelopeNames.Contains(p.Name.Trim().ToLowerInvariant())).ToList();
        return lists is [var only] ? only.Value : null;
    }

    private static TouchpointEventDraft FromElement(JsonElement element, string source, long? line, int? index, IReadOnlyDictionary<string, string>? columnMap,
        SortedDictionary<string, SortedSet<string>> salesforce)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<Diagnostic>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var draft = new TouchpointEventDraft(source, line, index, fields, problems) { Names = names };
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(draft.Problem(null, Shorten(element.GetRawText()), $"expected a JSON object (one event), found {Describe(element.ValueKind)}"));
            return draft;
        }

        if (SalesforceType(element) is { } type)
        {
            FromSalesforceRecord(element, type, draft, fields, names, problems, columnMap, salesforce);
            return draft;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = TouchpointEventFields.Canonical(property.Name);
            if (name == TicketObject && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in property.Value.EnumerateObject())
                {
                    var innerName = inner.Name.Trim().ToLowerInvariant();
                    var field = innerName switch { "id" => TouchpointEventFields.TicketId, "state" => TouchpointEventFields.TicketState, _ => null };
                    if (field is null)
                    {
                        problems.Add(draft.Problem($"ticket.{inner.Name}", null, "unknown field of ticket; expected id and state"));
                        continue;
                    }

                    Take(draft, fields, names, problems, seen, field, $"ticket.{innerName}", inner.Value);
                }

                continue;
            }

            if (name == TicketObject && property.Value.ValueKind != JsonValueKind.Null)
            {
                problems.Add(draft.Problem(property.Name, Shorten(property.Value.GetRawText()),
                    "expected an object such as {\"id\": \"T-1042\", \"state\": \"open\"} (or the fields ticket_id and ticket_state)"));
                continue;
            }

            if (!TouchpointEventFields.All.Contains(name))
            {
                if (name != TicketObject && CrmField(property.Name, columnMap) is { } crm)
                {
                    Take(draft, fields, names, problems, seen, crm, property.Name.Trim(), property.Value);
                }
                else if (name != TicketObject)
                {
                    problems.Add(draft.Problem(property.Name, null, $"unknown field; expected {ExpectedFields}"));
                }

                continue;
            }

            Take(draft, fields, names, problems, seen, name, property.Name.Trim(), property.Value);
        }

        return draft;
    }

    /// <summary>The type of a Salesforce REST API record (<c>"attributes": {"type": "Task", "url": ...}</c>), or null.</summary>
    private static string? SalesforceType(JsonElement element) =>
        element.TryGetProperty(SalesforceAttributes, out var attributes) && attributes.ValueKind == JsonValueKind.Object
        && attributes.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { Length: > 0 } name
            ? name
            : null;

    private const string SalesforceAttributes = "attributes";

    /// <summary>
    /// A Salesforce REST record (a Task or an Event, as a query or an outbound integration sends them): its fields are read
    /// by the names import maps (<c>Id</c>, <c>AccountId</c>, <c>CompletedDateTime</c>, <c>Type</c>, <c>Subject</c>,
    /// <c>CallType</c>, <c>WhoId</c>, <c>CallDisposition</c>, the workspace's <c>column_maps.touchpoints</c>), the closer name
    /// winning where two name one field, as in a CSV. Such a record carries dozens of other fields (status, owner, system
    /// dates): they are not read, and one note per type names them, instead of an error per field. An Event record without
    /// a channel field is a meeting.
    /// </summary>
    private static void FromSalesforceRecord(JsonElement element, string type, TouchpointEventDraft draft, Dictionary<string, string> fields, Dictionary<string, string> names, List<Diagnostic> problems,
        IReadOnlyDictionary<string, string>? columnMap, SortedDictionary<string, SortedSet<string>> salesforce)
    {
        if (!salesforce.TryGetValue(type, out var unread))
        {
            unread = new SortedSet<string>(StringComparer.Ordinal);
            salesforce[type] = unread;
        }

        // An empty field (an open task's CompletedDateTime) says nothing, so it does not outrank a rival that has a value.
        var properties = element.EnumerateObject().Where(p => p.Name != SalesforceAttributes && p.Value.ValueKind != JsonValueKind.Null).ToList();
        var mapped = Import.ColumnMapper.MapHeaders(Data.CanonicalSchema.Get("touchpoints"), [.. properties.Select(p => p.Name)], columnMap, "json");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var notRead = new List<string>();
        for (var i = 0; i < properties.Count; i++)
        {
            if (mapped[i].IsCustom || !TouchpointEventFields.All.Contains(mapped[i].Column))
            {
                notRead.Add(properties[i].Name);
                continue;
            }

            Take(draft, fields, names, problems, seen, mapped[i].Column, properties[i].Name, properties[i].Value);
        }

        // A call logged with "Log a Call" leaves Type empty and says what it was in TaskSubtype (Call, Email, LinkedIn).
        if (!fields.ContainsKey(TouchpointEventFields.Channel)
            && properties.FirstOrDefault(p => p.Name.Equals(SalesforceTaskSubtype, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } subtype
            && subtype.Value.GetString()!.Trim() is { Length: > 0 } subtypeText)
        {
            fields[TouchpointEventFields.Channel] = subtypeText;
            names[TouchpointEventFields.Channel] = subtype.Name;
            notRead.Remove(subtype.Name);
        }

        if (!fields.ContainsKey(TouchpointEventFields.Channel) && type.Equals("Event", StringComparison.OrdinalIgnoreCase))
        {
            fields[TouchpointEventFields.Channel] = "meeting";
        }

        // WhatId is the record the activity is about: an account when its key prefix is Salesforce's for accounts (001). A
        // record without AccountId (not selected by the query, or a task on the account itself in some orgs) then still finds it.
        // An empty AccountId is not given, so it does not stop this.
        if (!fields.ContainsKey(TouchpointEventFields.AccountId)
            && properties.FirstOrDefault(p => p.Name.Equals(SalesforceWhatId, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } what
            && what.Value.GetString()!.Trim() is { } whatId && IsSalesforceAccountId(whatId))
        {
            fields[TouchpointEventFields.AccountId] = whatId;
            names[TouchpointEventFields.AccountId] = what.Name;
            notRead.Remove(what.Name);
        }

        unread.UnionWith(notRead);
    }

    private const string SalesforceWhatId = "WhatId";

    private const string SalesforceTaskSubtype = "TaskSubtype";

    /// <summary>A Salesforce id (15 or 18 letters and digits) of an account record: its key prefix is 001.</summary>
    private static bool IsSalesforceAccountId(string id) =>
        id.Length is 15 or 18 && id.StartsWith("001", StringComparison.Ordinal) && id.All(char.IsAsciiLetterOrDigit);

    /// <summary>
    /// The field a name means as <c>sightline import</c> maps a touchpoints file's headers (the workspace's
    /// <c>column_maps.touchpoints</c>, then what CRM exports call them: <c>ActivityDate</c>, <c>Engagement ID</c>,
    /// <c>Call direction</c>), so both paths take the same names; null when it names none.
    /// </summary>
    private static string? CrmField(string name, IReadOnlyDictionary<string, string>? columnMap)
    {
        var mapped = Import.ColumnMapper.MapHeaders(Data.CanonicalSchema.Get("touchpoints"), [name], columnMap, "json")[0];
        return mapped.IsCustom ? null : mapped.Column;
    }

    internal static string ExpectedFields => string.Join(", ", TouchpointEventFields.All) + " (or ticket as {\"id\", \"state\"})";

    private static void Take(TouchpointEventDraft draft, Dictionary<string, string> fields, Dictionary<string, string> names, List<Diagnostic> problems, HashSet<string> seen,
        string field, string shownAs, JsonElement value)
    {
        names.TryAdd(field, shownAs);
        if (!seen.Add(field))
        {
            // Named as this key wrote it, not as the first one did.
            problems.Add(new Diagnostic(draft.Where, draft.Line, shownAs, null, field is TouchpointEventFields.TicketId or TouchpointEventFields.TicketState
                ? "given twice (as ticket.id/ticket.state and as ticket_id/ticket_state); give it once"
                : "given twice; give each field once"));
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!.Trim();
                if (text.Length > 0)
                {
                    fields[field] = text;
                }

                break;
            case JsonValueKind.Number:
                // Numeric ids are common in CRM exports; their text is the id. So an id must be written one way only:
                // 1.0, 0.1e1 and 1e0 are one number in JSON but would be three events.
                var raw = value.GetRawText();
                var isId = field is TouchpointEventFields.EventId or TouchpointEventFields.AccountId or TouchpointEventFields.ContactId or TouchpointEventFields.TicketId;
                // Excel's 1.23457E+11 is let through to the validator, which names the damage Excel did.
                if (isId && raw.AsSpan().TrimStart('-').ContainsAnyExceptInRange('0', '9') && !raw.Contains("E+", StringComparison.Ordinal))
                {
                    problems.Add(draft.Problem(shownAs, Shorten(raw),
                        "is a JSON number with a fraction or an exponent; a numeric id must be a whole number in plain digits (1.0 and 0.1e1 are one number but two ids), or text"));
                    draft.Refused.Add(field);
                }
                else
                {
                    fields[field] = raw;
                }

                break;
            case JsonValueKind.Null:
                break;
            default:
                problems.Add(draft.Problem(shownAs, Shorten(value.GetRawText()), $"expected text, found {Describe(value.ValueKind)}"));
                draft.Refused.Add(field);
                break;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    /// <summary>Turns byte offsets, visited in increasing order, into 1-based line numbers without rescanning.</summary>
    private ref struct LineCounter(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private long _offset;
        private long _line = 1;

        public long LineAt(long offset)
        {
            for (; _offset < offset && _offset < _bytes.Length; _offset++)
            {
                if (_bytes[(int)_offset] == (byte)'\n')
                {
                    _line++;
                }
            }

            return _line;
        }
    }
}
