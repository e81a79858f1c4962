using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// A workbook of one table per sheet (a small company's "export": sheets Customers, Orders, Products), read like an
    /// archive of files: each sheet with data whose name names a table becomes a workbook of that sheet alone, named
    /// "book.xlsx/Customers" in messages, so it is read as any workbook's first sheet (its rows keep their sheet row
    /// numbers). Only when two sheets or more name tables; otherwise null, and the workbook is read as one file (its first
    /// sheet, with a note naming the others). Sheets with data that name no table are put in <paramref name="skipped"/>.
    /// </summary>
    private static List<(string Path, string Name)>? SheetsAsFiles(string path, string name, string tempDirectory, List<string> skipped)
    {
        List<string> sheets;
        try
        {
            sheets = [.. MiniExcel.GetSheetNames(path).Where(sheet => MiniExcel.Query(path, sheetName: sheet).Any())];
        }
#pragma warning disable CA1031 // an unreadable workbook is refused where it is read as a file, with the reader's reason
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        var tables = sheets.Where(sheet => TableForFileName(sheet + ".xlsx") is not null).ToList();
        if (tables.Count < 2)
        {
            return null;
        }

        var folder = Path.Combine(tempDirectory, "workbook-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        skipped.AddRange(sheets.Except(tables).Select(sheet => $"{name}/{sheet}"));
        return [.. tables.Select((sheet, i) => (KeepOnlySheet(path, sheet, Path.Combine(folder, $"{i}.xlsx")), $"{name}/{sheet}"))];
    }

    /// <summary>A copy of the workbook with one sheet left, exactly as it was (cells, types, row numbers).</summary>
    private static string KeepOnlySheet(string source, string sheetName, string target)
    {
        File.Copy(source, target);
        using var document = SpreadsheetDocument.Open(target, isEditable: true);
        var book = document.WorkbookPart!;
        foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>().Where(s => s.Name?.Value != sheetName).ToList())
        {
            var part = book.GetPartById(sheet.Id!.Value!);
            sheet.Remove();
            book.DeletePart(part);
        }

        // What referred to the removed sheets: formulas' calculation order, names, and the tab shown first.
        if (book.CalculationChainPart is { } chain)
        {
            book.DeletePart(chain);
        }

        book.Workbook.DefinedNames?.Remove();
        foreach (var view in book.Workbook.BookViews?.Elements<WorkbookView>() ?? [])
        {
            view.ActiveTab = 0;
            view.FirstSheet = 0;
        }

        book.Workbook.Save();
        return target;
    }
}
