using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Sightline.Data;

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
    private List<(string Path, string Name)>? SheetsAsFiles(string path, string name, string tempDirectory, List<string> skipped)
    {
        List<string> sheets;
        List<string> tables;
        try
        {
            sheets = WorkbookSheets.WithData(path);
            // Superstore's "People" sheet (Person, Region) names contacts but is no list of them: a sheet is its name's
            // table only when its header gives one of that table's required columns at least.
            tables = [.. sheets.Where(sheet => TableForFileName(sheet + ".xlsx") is { } table
                && MapAs(table, WorkbookSheets.Header(path, sheet), $"{name}/{sheet}").Any(m => !m.IsCustom && CanonicalSchema.Get(table).Column(m.Column)?.Required == true))];
        }
#pragma warning disable CA1031 // an unreadable workbook is refused where it is read as a file, with the reader's reason
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        if (tables.Count < 2)
        {
            return null;
        }

        var folder = Path.Combine(tempDirectory, "workbook-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        skipped.AddRange(sheets.Except(tables).Select(sheet => $"{name}/{sheet}"));
        return [.. tables.Select((sheet, i) => (KeepOnlySheet(path, sheet, Path.Combine(folder, $"{i}.xlsx")), $"{name}/{sheet}"))];
    }

    /// <summary>Notes for a file made from a workbook's sheets, by the file's name, given to it when it is read.</summary>
    private readonly Dictionary<string, List<string>> _sheetNotes = new(StringComparer.Ordinal);

    /// <summary>
    /// One table over several sheets (UCI's Online Retail II, a sheet per year; Superstore's Orders beside its Returns and
    /// People): a workbook whose sheet names name no tables is read as its table from every sheet whose header row is the
    /// first data sheet's (same columns in the same order, any case and spacing), each as a workbook of that sheet alone
    /// named "book.xlsx/Year 2010-2011" in messages; the sheets with another header are left out with a note naming them
    /// and their headers. A workbook of one sheet with data is left as it is.
    /// </summary>
    private List<InputFile> WithSheetsOfOneTable(List<InputFile> files, string tempDirectory)
    {
        var result = new List<InputFile>();
        foreach (var file in files)
        {
            List<string> sheets;
            Dictionary<string, List<string>> headers;
            List<string> hidden = [];
            try
            {
                sheets = Path.GetExtension(file.Path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase) && file.Companion is null ? WorkbookSheets.WithData(file.Path) : [];
                headers = sheets.Count < 2 ? new Dictionary<string, List<string>>() : sheets.ToDictionary(sheet => sheet, sheet => WorkbookSheets.Header(file.Path, sheet), StringComparer.Ordinal);
                hidden = sheets.Count < 2 ? [] : WorkbookSheets.Hidden(file.Path);
            }
#pragma warning disable CA1031 // an unreadable workbook is refused where it is read as a file, with the reader's reason
            catch (Exception)
#pragma warning restore CA1031
            {
                (sheets, headers) = ([], new Dictionary<string, List<string>>());
            }

            if (sheets.Count < 2)
            {
                result.Add(file);
                continue;
            }

            var header = headers[sheets[0]];
            var same = sheets.Where(sheet => WorkbookSheets.SameHeader(headers[sheet], header)).ToList();
            // A hidden sheet of another header (a lookup list behind the export) is told apart: the user does not see it in Excel.
            var hiddenOther = sheets.Except(same).Where(hidden.Contains).ToList();
            var other = sheets.Except(same).Except(hiddenOther).ToList();
            var folder = Path.Combine(tempDirectory, "workbook-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            List<string> names = same.Count == 1 ? [file.Name] : [.. same.Select(sheet => $"{file.Name}/{sheet}")];
            var notes = new List<string>();
            if (same.Count > 1)
            {
                notes.Add($"{names[0]}: the workbook's sheets {Quoted(same)} have the same header row, so they are read as one table; messages name a row by its "
                    + $"sheet and sheet row ('{names[1]}:N')");
            }

            if (other.Count > 0)
            {
                notes.Add($"{names[0]}: {(other.Count == 1 ? "the workbook's sheet" : "the workbook's sheets")} {string.Join(", ", other.Select(sheet => $"'{sheet}' ({string.Join(", ", headers[sheet])})"))} "
                    + $"{(other.Count == 1 ? "has" : "have")} another header row than '{sheets[0]}', so {(other.Count == 1 ? "it is" : "they are")} no part of its table: "
                    + "not read; save each as its own file to read it");
            }

            if (hiddenOther.Count > 0)
            {
                notes.Add($"{names[0]}: the hidden sheet{(hiddenOther.Count == 1 ? "" : "s")} {string.Join(", ", hiddenOther.Select(h => $"'{h}'"))} (not shown in Excel) "
                    + $"{(hiddenOther.Count == 1 ? "was" : "were")} not read; '{sheets[0]}' is the first visible sheet");
            }

            _sheetNotes[names[0]] = notes;
            result.AddRange(same.Select((sheet, i) => file with
            {
                Path = KeepOnlySheet(file.Path, sheet, Path.Combine(folder, $"{i}.xlsx")),
                Name = names[i],
                SortKey = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.SortKey}/{i:D4}"),
            }));
        }

        return result;

        static string Quoted(List<string> sheets) => string.Join(", ", sheets[..^1].Select(s => $"'{s}'")) + $" and '{sheets[^1]}'";
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
