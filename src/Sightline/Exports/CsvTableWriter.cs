using System.Globalization;
using System.Text;

namespace Sightline.Exports;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF (quotes doubled), UTF-8 without a
/// byte-order mark. Text goes through <see cref="FormulaGuard"/>; numbers are written in the invariant culture, unguarded.
/// </summary>
internal sealed class CsvTableWriter : IDisposable
{
    private readonly TextWriter _writer;
    private bool _rowStarted;

    public CsvTableWriter(Stream stream) => _writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);

    /// <summary>Text cells neutralised so far.</summary>
    public long Neutralised { get; private set; }

    public void Text(string? value)
    {
        if (value is null)
        {
            Field("");
            return;
        }

        if (FormulaGuard.IsTriggered(value))
        {
            Neutralised++;
        }

        Field(FormulaGuard.Neutralise(value));
    }

    /// <summary>A number with up to <paramref name="decimals"/> decimals; empty when unknown or not finite.</summary>
    public void Number(double? value, int decimals)
    {
        // Adding +0.0 turns a rounded -0 into 0, so a tiny negative does not print as "-0".
        Field(value is { } v && double.IsFinite(v)
            ? (Math.Round(v, decimals, MidpointRounding.AwayFromZero) + 0.0).ToString(decimals == 0 ? "0" : "0." + new string('#', decimals), CultureInfo.InvariantCulture)
            : "");
    }

    public void EndRow()
    {
        _writer.Write("\r\n");
        _rowStarted = false;
    }

    public void Dispose() => _writer.Dispose();

    private void Field(string text)
    {
        if (_rowStarted)
        {
            _writer.Write(',');
        }

        _rowStarted = true;
        if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            _writer.Write('"');
            _writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }
        else
        {
            _writer.Write(text);
        }
    }
}
