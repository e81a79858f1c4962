using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sightline.Demo;

/// <summary>
/// Streams CSV rows into a file: UTF-8 without BOM, LF line ends, invariant numbers, RFC 4180
/// quoting only when a field needs it. Values are formatted straight into a char buffer so the
/// hot loops allocate nothing per row.
/// </summary>
internal sealed class CsvRowWriter : IDisposable
{
    private static readonly string[] FixedFormats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6"];
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private readonly StreamWriter _writer;
    private readonly char[] _buffer = new char[1 << 16];
    private int _length;
    private bool _rowStarted;

    public CsvRowWriter(string path)
    {
        Path = path;
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 20);
    }

    public string Path { get; }

    /// <summary>Data rows written (the header is not counted).</summary>
    public long Rows { get; private set; }

    public void Header(IEnumerable<string> columns)
    {
        foreach (var column in columns)
        {
            Text(column);
        }

        Append('\n');
        _rowStarted = false;
    }

    public void Empty() => Separator();

    public void Text(string? value)
    {
        Separator();
        if (value is null)
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(NeedsQuoting) < 0)
        {
            Append(value);
            return;
        }

        Append('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                Append('"');
            }

            Append(c);
        }

        Append('"');
    }

    /// <summary>An id made of a prefix and a zero-padded number, e.g. A0000042.</summary>
    public void Id(string prefix, long number, int digits)
    {
        Separator();
        Append(prefix);
        var span = Reserve(24);
        number.TryFormat(span, out var written, FixedDigits(digits), CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Integer(long value)
    {
        Separator();
        var span = Reserve(24);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Number(double value, int decimals)
    {
        Separator();
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            rounded = 0; // never write "-0.00"
        }

        var span = Reserve(40);
        rounded.TryFormat(span, out var written, FixedFormats[decimals], CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Bool(bool value)
    {
        Separator();
        Append(value ? "true" : "false");
    }

    public void Date(DateOnly date)
    {
        Separator();
        var span = Reserve(10);
        WriteDigits(span, date.Year, 4);
        span[4] = '-';
        WriteDigits(span[5..], date.Month, 2);
        span[7] = '-';
        WriteDigits(span[8..], date.Day, 2);
        _length += 10;
    }

    public void Timestamp(DateOnly date, int hour, int minute, int second)
    {
        Date(date);
        var span = Reserve(9);
        span[0] = ' ';
        WriteDigits(span[1..], hour, 2);
        span[3] = ':';
        WriteDigits(span[4..], minute, 2);
        span[6] = ':';
        WriteDigits(span[7..], second, 2);
        _length += 9;
    }

    public void EndRow()
    {
        Append('\n');
        _rowStarted = false;
        Rows++;
    }

    public void Dispose()
    {
        Flush();
        _writer.Dispose();
    }

    private static string FixedDigits(int digits) => digits switch
    {
        4 => "D4",
        5 => "D5",
        6 => "D6",
        7 => "D7",
        8 => "D8",
        9 => "D9",
        10 => "D10",
        _ => "D" + digits.ToString(CultureInfo.InvariantCulture),
    };

    private static void WriteDigits(Span<char> span, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            Append(',');
        }
        else
        {
            _rowStarted = true;
        }
    }

    private Span<char> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Flush();
        }

        return _buffer.AsSpan(_length);
    }

    private void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Flush();
        }

        _buffer[_length++] = c;
    }

    private void Append(string value)
    {
        if (value.Length > _buffer.Length / 2)
        {
            Flush();
            _writer.Write(value);
            return;
        }

        value.AsSpan().CopyTo(Reserve(value.Length));
        _length += value.Length;
    }

    private void Flush()
    {
        if (_length > 0)
        {
            _writer.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
