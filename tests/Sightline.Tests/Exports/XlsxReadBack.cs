using System.Globalization;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Sightline.Tests.Exports;

/// <summary>One cell as read back: its type attribute (null for a number), its text, and its style index.</summary>
public sealed record XlsxCell(string? Type, string Text, uint Style)
{
    public bool IsNumber => Type is null or "n";

    public double Number => double.Parse(Text, CultureInfo.InvariantCulture);
}

/// <summary>One worksheet as read back: its name, its raw XML, and its cells by row and column letter.</summary>
public sealed record XlsxSheet(string Name, string Xml, IReadOnlyList<IReadOnlyDictionary<string, XlsxCell>> Rows, string? AutoFilter, bool FrozenHeader)
{
    public XlsxCell? Cell(int row, string column) => row - 1 < Rows.Count && Rows[row - 1].TryGetValue(column, out var cell) ? cell : null;

    /// <summary>The 1-based row whose column A reads <paramref name="label"/>.</summary>
    public int RowOf(string label)
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].TryGetValue("A", out var cell) && cell.Text == label)
            {
                return i + 1;
            }
        }

        throw new Xunit.Sdk.XunitException($"no row labelled '{label}' on sheet {Name}");
    }
}

/// <summary>Reads an exported workbook back with the Open XML SDK (independently of the writer) and validates it.</summary>
public static class XlsxReadBack
{
    public static (IReadOnlyList<XlsxSheet> Sheets, IReadOnlyList<string> ValidationErrors) Read(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        var workbook = document.WorkbookPart!;
        var sheets = new List<XlsxSheet>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            string xml;
            using (var reader = new StreamReader(part.GetStream()))
            {
                xml = reader.ReadToEnd();
            }

            var root = XDocument.Parse(xml).Root!;
            XNamespace ns = root.Name.Namespace;
            var rows = new List<IReadOnlyDictionary<string, XlsxCell>>();
            foreach (var row in root.Descendants(ns + "row"))
            {
                var index = int.Parse(row.Attribute("r")!.Value, CultureInfo.InvariantCulture);
                while (rows.Count < index - 1)
                {
                    rows.Add(new Dictionary<string, XlsxCell>());
                }

                var cells = new Dictionary<string, XlsxCell>(StringComparer.Ordinal);
                foreach (var c in row.Elements(ns + "c"))
                {
                    var reference = c.Attribute("r")!.Value;
                    var column = new string(reference.TakeWhile(char.IsLetter).ToArray());
                    var type = c.Attribute("t")?.Value;
                    var text = type == "inlineStr" ? string.Concat(c.Descendants(ns + "t").Select(t => t.Value)) : c.Element(ns + "v")?.Value ?? "";
                    cells[column] = new XlsxCell(type, text, uint.Parse(c.Attribute("s")?.Value ?? "0", CultureInfo.InvariantCulture));
                }

                rows.Add(cells);
            }

            var frozen = root.Descendants(ns + "pane").Any(p => p.Attribute("state")?.Value == "frozen" && p.Attribute("ySplit")?.Value == "1");
            sheets.Add(new XlsxSheet(sheet.Name!.Value!, xml, rows, root.Element(ns + "autoFilter")?.Attribute("ref")?.Value, frozen));
        }

        return (sheets, errors);
    }
}
