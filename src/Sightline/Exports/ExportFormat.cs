namespace Sightline.Exports;

/// <summary>Which files an export writes.</summary>
[Flags]
public enum ExportFormat
{
    /// <summary>The CSV for CRM re-import: one row per account.</summary>
    Csv = 1,

    /// <summary>The XLSX workbook: a summary sheet and one sheet per rep with a list.</summary>
    Xlsx = 2,

    /// <summary>Both files.</summary>
    Both = Csv | Xlsx,
}
