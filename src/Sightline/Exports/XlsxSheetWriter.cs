using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Sightline.Exports;

/// <summary>Writes one worksheet's rows in order: <see cref="Text"/> and <see cref="Number"/> cells, <see cref="EndRow"/>.</summary>
internal sealed class XlsxSheetWriter
{
    private readonly XlsxWorkbookWriter _workbook;
    private readonly OpenXmlWriter _writer;
    private readonly int _index;
    private uint _row = 1;
    private int _column;
    private bool _rowOpen;
    private int _widest;

    internal XlsxSheetWriter(XlsxWorkbookWriter workbook, WorksheetPart part, IReadOnlyList<double> widths, bool freezeHeader, bool selected, int index)
    {
        _workbook = workbook;
        _index = index;
        _writer = OpenXmlWriter.Create(part);
        _writer.WriteStartElement(new Worksheet());
        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected };
        if (freezeHeader)
        {
            view.Append(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
        }

        _writer.WriteElement(new SheetViews(view));
        var columns = new Columns();
        for (var i = 0; i < widths.Count; i++)
        {
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
        }

        _writer.WriteElement(columns);
        _writer.WriteStartElement(new SheetData());
    }

    /// <summary>The 1-based row the next cell goes to.</summary>
    public uint Row => _row;

    public void Text(string? value, XlsxStyle style = XlsxStyle.Default)
    {
        if (value is null)
        {
            Skip();
            return;
        }

        if (FormulaGuard.IsTriggered(value))
        {
            _workbook.Neutralised++;
        }

        var text = XlsxWorkbookWriter.CellText(FormulaGuard.Neutralise(value));
        _writer.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
        {
            CellReference = Reference(), DataType = CellValues.InlineString, StyleIndex = (uint)style,
        });
        _column++;
    }

    /// <summary>A numeric cell; left empty when the value is unknown or not finite.</summary>
    public void Number(double? value, XlsxStyle style)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            Skip();
            return;
        }

        _writer.WriteElement(new Cell(new CellValue(v)) { CellReference = Reference(), StyleIndex = (uint)style });
        _column++;
    }

    /// <summary>Leaves the next cell empty.</summary>
    public void Skip()
    {
        Open();
        _column++;
    }

    public void EndRow()
    {
        Open();
        _writer.WriteEndElement();
        _rowOpen = false;
        _widest = Math.Max(_widest, _column);
        _column = 0;
        _row++;
    }

    /// <summary>Ends the sheet; with <paramref name="autoFilter"/> the filter covers row 1 down to the last row written.</summary>
    public void Complete(bool autoFilter)
    {
        if (_rowOpen)
        {
            EndRow();
        }

        _writer.WriteEndElement();
        string? range = null;
        if (autoFilter && _widest > 0)
        {
            range = $"$A$1:${ColumnName(_widest - 1)}${Math.Max(1, _row - 1)}";
            _writer.WriteElement(new AutoFilter { Reference = range.Replace("$", "", StringComparison.Ordinal) });
        }

        _writer.WriteEndElement();
        _writer.Close();
        _workbook.SheetDone(_index, range);
    }

    internal static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }

    private void Open()
    {
        if (!_rowOpen)
        {
            _writer.WriteStartElement(new Row { RowIndex = _row });
            _rowOpen = true;
        }
    }

    private string Reference()
    {
        Open();
        return ColumnName(_column) + _row.ToString(CultureInfo.InvariantCulture);
    }
}
