using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Sightline.Exports;

/// <summary>
/// Streams a styled XLSX with the Open XML SDK's forward-only writer, one sheet at a time, so a workbook of many large
/// sheets never sits in memory. Every text cell is an inline string passed through <see cref="FormulaGuard"/>; no cell
/// is ever written with a formula.
/// </summary>
internal sealed class XlsxWorkbookWriter : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbookPart;
    private readonly List<(string Name, string RelationshipId, string? FilterRange)> _sheets = [];

    public XlsxWorkbookWriter(string path)
    {
        _document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        _workbookPart = _document.AddWorkbookPart();
        _workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
    }

    /// <summary>Text cells neutralised so far, over all sheets.</summary>
    public long Neutralised { get; internal set; }

    /// <summary>Starts a sheet; write its rows, then <see cref="XlsxSheetWriter.Complete"/> it before starting the next.</summary>
    public XlsxSheetWriter AddSheet(string name, IReadOnlyList<double> widths, bool freezeHeader)
    {
        var part = _workbookPart.AddNewPart<WorksheetPart>();
        _sheets.Add((name, _workbookPart.GetIdOfPart(part), null));
        return new XlsxSheetWriter(this, part, widths, freezeHeader, _sheets.Count == 1, _sheets.Count - 1);
    }

    /// <summary>Called by a sheet when it ends, with the range its autofilter covers (Excel keeps it as a hidden name).</summary>
    internal void SheetDone(int index, string? filterRange) => _sheets[index] = _sheets[index] with { FilterRange = filterRange };

    /// <summary>Writes the workbook part (sheet list and filter names) and saves the package.</summary>
    public void Finish()
    {
        var sheets = new Sheets();
        var names = new DefinedNames();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var (name, id, filter) = _sheets[i];
            sheets.Append(new Sheet { Name = name, SheetId = (uint)(i + 1), Id = id });
            if (filter is not null)
            {
                names.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!{filter}")
                    { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
            }
        }

        var workbook = new Workbook(new BookViews(new WorkbookView()), sheets);
        if (names.HasChildren)
        {
            workbook.Append(names);
        }

        _workbookPart.Workbook = workbook;
        _workbookPart.Workbook.Save();
    }

    public void Dispose() => _document.Dispose();

    /// <summary>Text as Excel can hold it: characters XML 1.0 forbids dropped, cut at Excel's 32,767-character cell limit.</summary>
    internal static string CellText(string text)
    {
        var safe = text;
        if (text.Any(c => !XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)) || HasLoneSurrogate(text))
        {
            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(text, i++, 2);
                }
                else if (XmlConvert.IsXmlChar(text[i]))
                {
                    builder.Append(text[i]);
                }
            }

            safe = builder.ToString();
        }

        const int limit = 32_767;
        return safe.Length <= limit ? safe : safe[..(char.IsHighSurrogate(safe[limit - 1]) ? limit - 1 : limit)];
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fonts, fills and number formats for <see cref="XlsxStyle"/>, in its order.</summary>
    private static Stylesheet Styles()
    {
        const uint percentFormat = 164;
        const uint money = 4;   // built-in #,##0.00
        const uint integer = 3; // built-in #,##0
        static CellFormat Format(uint font, uint fill, uint numberFormat) => new()
        {
            FontId = font, FillId = fill, BorderId = 0, FormatId = 0, NumberFormatId = numberFormat,
            ApplyFont = font != 0, ApplyFill = fill != 0, ApplyNumberFormat = numberFormat != 0,
        };

        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = percentFormat, FormatCode = "0.0%" }) { Count = 1 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" })) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                Format(0, 0, 0),
                Format(1, 2, 0),
                Format(0, 0, money),
                Format(0, 0, percentFormat),
                Format(0, 0, integer),
                Format(2, 0, 0),
                Format(1, 0, 0),
                Format(1, 0, money),
                Format(1, 0, integer),
                Format(1, 0, percentFormat)) { Count = 10 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
