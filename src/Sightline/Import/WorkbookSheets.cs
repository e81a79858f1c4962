using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Sightline.Import;

/// <summary>A workbook's sheets as the import sees them: those holding data, and each one's header row.</summary>
internal static class WorkbookSheets
{
    /// <summary>
    /// The sheets with at least one filled row, in workbook order, less a CRM's metadata sheet: Dynamics 365 keeps the
    /// entity and column ids of an export in a sheet named "hiddenSheet" that Excel does not show, and a very hidden sheet
    /// (which only code can hide) holds no one's data either.
    /// A hidden sheet (a lookup list behind a visible export) comes after the visible ones: the first sheet read is one the
    /// user sees in Excel.
    /// </summary>
    public static List<string> WithData(string path) =>
        [.. MiniExcel.GetSheetInformations(path)
            .Where(sheet => !IsMetadata(sheet.Name, sheet.State))
            .OrderBy(sheet => sheet.State == SheetState.Hidden)
            .Select(sheet => sheet.Name)
            .Where(name => MiniExcel.Query(path, sheetName: name).Any())];

    /// <summary>The workbook's hidden sheets (not the very hidden ones, nor a CRM's metadata sheet).</summary>
    public static List<string> Hidden(string path) =>
        [.. MiniExcel.GetSheetInformations(path).Where(sheet => sheet.State == SheetState.Hidden && !IsMetadata(sheet.Name, sheet.State)).Select(sheet => sheet.Name)];

    private static bool IsMetadata(string name, SheetState state) =>
        state == SheetState.VeryHidden || name.Equals("hiddenSheet", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sheet's header row as written (a report's title block above it left out), trailing blank cells dropped.</summary>
    public static List<string> Header(string path, string sheet)
    {
        var row = SourceFile.HeaderRow(path, [], sheet);
        var cells = MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet, startCell: $"A{row}")
            .Cast<IDictionary<string, object?>>().FirstOrDefault()?.Values.Select(SourceFile.CellText).ToList() ?? [];
        while (cells.Count > 0 && string.IsNullOrWhiteSpace(cells[^1]))
        {
            cells.RemoveAt(cells.Count - 1);
        }

        return cells;
    }

    /// <summary>Whether two header rows name the same columns in the same order, any case and spacing.</summary>
    public static bool SameHeader(IReadOnlyList<string> first, IReadOnlyList<string> second) =>
        first.Count == second.Count && first.Zip(second).All(pair => Unspaced(pair.First).Equals(Unspaced(pair.Second), StringComparison.OrdinalIgnoreCase));

    private static string Unspaced(string header) => string.Concat(header.Where(c => !char.IsWhiteSpace(c)));
}
