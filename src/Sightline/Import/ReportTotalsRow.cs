using System.Text.RegularExpressions;

namespace Sightline.Import;

/// <summary>
/// A report's totals row: Salesforce's formatted reports and hand-made sheets end (or break) their records with a row
/// such as "Grand Totals (15 records)" or "Total" followed by sums or counts. Such a row holds one label cell and
/// otherwise numbers or nothing; it is not a record.
/// </summary>
internal static partial class ReportTotalsRow
{
    /// <summary>The row's totals label, and whether numbers stand beside it, when <paramref name="cells"/> are a totals row; else null.</summary>
    public static (string Label, bool WithNumbers)? Of(IEnumerable<string?> cells)
    {
        string? label = null;
        var numbers = 0;
        foreach (var raw in cells)
        {
            var cell = raw?.Trim().Trim('"').Trim();
            if (string.IsNullOrEmpty(cell))
            {
                continue;
            }

            if (Number().IsMatch(cell))
            {
                numbers++;
            }
            else if (label is null && Words().IsMatch(cell))
            {
                label = cell;
            }
            else
            {
                return null; // text beside the label (a name, a date, a second label): a record, or something else
            }
        }

        return label is null ? null : (label, numbers > 0);
    }

    /// <summary>Whether a cell is a number as reports write sums and counts (group marks, currency, percent).</summary>
    public static bool IsNumber(string cell) => Number().IsMatch(cell.Trim());

    /// <summary>How a message names the row: <c>only 'Grand Total'</c>, or <c>only 'Total' and numbers</c>.</summary>
    public static string Holds((string Label, bool WithNumbers) row) => $"only '{row.Label}'{(row.WithNumbers ? " and numbers" : "")}";

    // Total, Totals, Grand Total(s), Subtotal, Sub Total, Sum, Count, Average, Avg; then an optional colon and a count
    // as Salesforce writes it: "Grand Totals (15 records)", "Count: 3".
    [GeneratedRegex(@"^(grand\s+|sub\s*)?(totals?|sum|count|average|avg)\s*:?\s*(\(?\s*\d[\d,.\s]*(records?|rows?|items?)?\s*\)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Words();

    // A sum, count or average as reports write them: digits with group marks, a sign or parentheses, a currency sign or
    // code before or after, a percent or a magnitude.
    [GeneratedRegex(@"^[-+(]?\s*([$€£¥]|[A-Z]{3}\s)?\s*[-+]?\d[\d,.'\s\u00a0]*(\s*([%kKmMbB]|MM|Mn|bn))?\s*(\s[A-Z]{3}|[$€£¥])?\s*\)?$")]
    private static partial Regex Number();
}
