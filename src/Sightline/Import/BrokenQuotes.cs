namespace Sightline.Import;

/// <summary>
/// A CSV whose quotes DuckDB's sniffer gave up on. One malformed quote in a file (a value opened with a quote and never
/// closed, or text after a closing quote) makes it sniff the whole file as unquoted: every quoted value then keeps its
/// quote marks and one holding the delimiter splits in two, so the file loaded changed ("\"Acme\"") or was refused at a
/// sound line for its field count. This finds the malformed quote, reading the file as RFC 4180 writes it.
/// </summary>
internal static class BrokenQuotes
{
    private const int ShownBytes = 400;

    /// <summary>How a quoted value is malformed.</summary>
    public enum Kind
    {
        /// <summary>Text follows its closing quote on the line it opened on ("Acme" Inc).</summary>
        TextAfterClosingQuote,

        /// <summary>The quote closes on a later line, where text follows it: it was not closed on its own line.</summary>
        ClosedOnALaterLine,

        /// <summary>The quote runs to the end of the file.</summary>
        NeverClosed,
    }

    /// <summary>The first malformed quoted value, where it opened, and the first well-formed quoted value (null: none).</summary>
    public sealed record Found(Kind Kind, long Line, int Field, string Opened, long ClosingLine, string? HeaderCell, long? QuotedLine, string? Quoted);

    /// <summary>
    /// The first malformed quoted value of a file its sniffer read without quotes, when the file is one that quotes values
    /// (a well-formed quoted value elsewhere) or the quote spans lines; else null. A file whose only quote-led value is
    /// "Acme" Inc, written by a tool that quotes nothing, is read as written. A quote inside a quoted value is written
    /// twice (RFC 4180) or, in MySQL's exports, after a backslash: the way of escaping it that reads further into the file is taken.
    /// </summary>
    public static Found? Find(string path, byte delimiter)
    {
        if (!Contains(path, (byte)'"'))
        {
            return null;
        }

        var found = Scan(path, delimiter, backslashEscapes: false);
        if (found is null || !Contains(path, (byte)'\\'))
        {
            return found;
        }

        // Of the two readings, the one that reads further is the file's.
        var escaped = Scan(path, delimiter, backslashEscapes: true);
        return escaped is null || escaped.Line > found.Line ? escaped : found;
    }

    /// <summary>Whether the file holds the byte anywhere (read in chunks, a vectorised search each).</summary>
    internal static bool Contains(string path, byte value)
    {
        foreach (var chunk in LineEnds.Chunks(path))
        {
            if (chunk.Span.Contains(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Which of the bytes the file holds anywhere, in one reading of it.</summary>
    internal static bool[] ContainsEach(string path, params ReadOnlySpan<byte> values)
    {
        var held = new bool[values.Length];
        var left = values.Length;
        foreach (var chunk in LineEnds.Chunks(path))
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (!held[i] && chunk.Span.Contains(values[i]))
                {
                    held[i] = true;
                    left--;
                }
            }

            if (left == 0)
            {
                break;
            }
        }

        return held;
    }

    private static Found? Scan(string path, byte delimiter, bool backslashEscapes)
    {
        long line = 1;
        var field = 0;
        var atFieldStart = true;
        var quoted = false;
        var quoteSeen = false; // in a quoted value, the byte before was a quote: a closing one or the first of two
        var escapeSeen = false;
        var headerDone = false;
        var lineHasContent = false;
        var header = new List<byte>();
        long firstRecordLine = 0;
        var headerCells = new List<string>();

        // The opened value's text on its line, from its quote, for the message.
        (long Line, int Field, List<byte> Text, bool LineEnded)? open = null;
        Found? broken = null;
        List<byte>? brokenText = null;
        (long Line, List<byte> Text, bool Done)? wellFormed = null;

        void Broken(Kind kind)
        {
            if (broken is null && open is { } o)
            {
                brokenText = o.Text;
                broken = new Found(kind, o.Line, o.Field, "", line,
                    o.Line == firstRecordLine ? null : o.Field < headerCells.Count ? headerCells[o.Field] : null, null, null);
            }
        }


        var skipBom = true;
        foreach (var chunk in LineEnds.Chunks(path))
        {
            var span = chunk.Span;
            if (skipBom)
            {
                skipBom = false;
                if (span.StartsWith("\uFEFF"u8))
                {
                    span = span[3..];
                }
            }

            foreach (var b in span)
            {
                if (open is { LineEnded: false } o && o.Text.Count < ShownBytes && b != '\n' && b != '\r')
                {
                    o.Text.Add(b);
                }

                if (wellFormed is { Done: false } w && w.Text.Count < ShownBytes && b != '\n' && b != '\r')
                {
                    w.Text.Add(b);
                }

                if (!headerDone && b != '\n' && b != '\r')
                {
                    header.Add(b);
                }

                if (quoted)
                {
                    if (escapeSeen)
                    {
                        escapeSeen = false;
                        line += b == '\n' ? 1 : 0;
                        continue;
                    }
                    else if (quoteSeen)
                    {
                        quoteSeen = false;
                        if (b == '"')
                        {
                            continue; // a quote written twice
                        }

                        quoted = false;
                        if (b == delimiter || b == '\n' || b == '\r')
                        {
                            if (wellFormed is null && open is { } closedOne)
                            {
                                wellFormed = (closedOne.Line, closedOne.Text, closedOne.LineEnded);
                            }

                            open = null;
                        }
                        else
                        {
                            Broken(open is { } o2 && o2.Line == line ? Kind.TextAfterClosingQuote : Kind.ClosedOnALaterLine);
                            atFieldStart = false; // the value is read on as unquoted text, to the next delimiter
                            continue;
                        }
                    }
                    else if (b == '"')
                    {
                        quoteSeen = true;
                        continue;
                    }
                    else if (backslashEscapes && b == '\\')
                    {
                        escapeSeen = true;
                        continue;
                    }
                    else
                    {
                        if (b == '\n')
                        {
                            line++;
                            if (open is { } o3)
                            {
                                open = (o3.Line, o3.Field, o3.Text, true);
                            }
                        }

                        continue;
                    }
                }

                if (b == '\n' || b == delimiter)
                {
                    open = null;
                }

                if (b == '\n')
                {
                    if (wellFormed is { Done: false } w2)
                    {
                        wellFormed = (w2.Line, w2.Text, true);
                    }

                    if (!headerDone && lineHasContent)
                    {
                        headerDone = true;
                        headerCells = CellsOf(header, delimiter);
                    }
                    else if (!headerDone)
                    {
                        header.Clear();
                    }

                    line++;
                    field = 0;
                    atFieldStart = true;
                    lineHasContent = false;
                }
                else if (b == delimiter)
                {
                    field++;
                    atFieldStart = true;
                    lineHasContent = true;
                }
                else if (b == '\r')
                {
                }
                else
                {
                    if (!lineHasContent && firstRecordLine == 0 && b is not (byte)' ' and not (byte)'\t')
                    {
                        firstRecordLine = line;
                    }

                    lineHasContent = true;
                    if (atFieldStart && b == '"')
                    {
                        quoted = true;
                        open = (line, field, new List<byte> { b }, false);
                        if (wellFormed is { Done: false } w3)
                        {
                            wellFormed = (w3.Line, w3.Text, true);
                        }
                    }

                    atFieldStart = false;
                }
            }
        }

        if (quoted && !quoteSeen)
        {
            Broken(Kind.NeverClosed);
        }
        else if (quoted && wellFormed is null && open is { } last)
        {
            wellFormed = (last.Line, last.Text, true);
        }

        if (broken is null || (wellFormed is null && broken.Kind == Kind.TextAfterClosingQuote))
        {
            return null;
        }

        return broken with { Opened = Text(brokenText!, broken.Kind == Kind.TextAfterClosingQuote ? delimiter : null), QuotedLine = wellFormed?.Line, Quoted = wellFormed is { } q ? Text(q.Text, delimiter) : null };
    }

    /// <summary>The refusal: where the value opened, what is wrong with its quote and what was expected.</summary>
    public static Diagnostic Refusal(string file, Found found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var what = found.Kind switch
        {
            Kind.TextAfterClosingQuote => "this quoted value goes on after its closing quote",
            Kind.ClosedOnALaterLine => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the quote opening this value is not closed on its line, only on line {found.ClosingLine:N0}, where more text follows it"),
            _ => "the quote opening this value is never closed (it runs to the end of the file)",
        };
        var quotes = found.QuotedLine is { } line ? $" (the file quotes values, as on line {line}: '{Diagnostic.Visible(found.Quoted!)}')" : "";
        return new Diagnostic(file, found.Line, found.HeaderCell, Diagnostic.Visible(found.Opened),
            $"{what}; expected a closing quote right before the next delimiter or the line's end, and a quote inside a value written twice (\"\"){quotes}: "
            + "fix this line's quotes; read without quotes, every quoted value of the file would keep its quote marks");
    }

    // The value as written from its quote: up to the delimiter after its closing quote when cut is given, else the line's rest.
    private static string Text(List<byte> bytes, byte? cut)
    {
        var text = System.Text.Encoding.UTF8.GetString([.. bytes]);
        if (cut is { } d && text.Length > 1 && text.IndexOf('"', 1) is var close and > 0 && text.IndexOf((char)d, close) is var end and > 0)
        {
            text = text[..end];
        }

        return text;
    }

    private static List<string> CellsOf(List<byte> header, byte delimiter) =>
        [.. System.Text.Encoding.UTF8.GetString([.. header]).Split((char)delimiter).Select(c => c.Trim().Trim('"'))];
}
