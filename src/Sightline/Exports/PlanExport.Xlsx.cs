using System.Data.Common;
using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Exports;

public static partial class PlanExport
{
    /// <summary>The header of every rep sheet, in column order.</summary>
    public static IReadOnlyList<string> RepSheetColumns { get; } =
    [
        "rank", "account id", "account", "action", "product family", "value", "band", "score", "potential", "white space",
        "reason", "missing roles", "next best action", "channel", "theme",
    ];

    /// <summary>The by-region table's header on the summary sheet.</summary>
    public static IReadOnlyList<string> RegionColumns { get; } =
        ["region", "accounts", "potential", "white space", "listed accounts", "listed value", "quota", "quota uplift", "quota ÷ potential"];

    /// <summary>The by-rep table's header on the summary sheet.</summary>
    public static IReadOnlyList<string> RepColumns { get; } =
    [
        "rep", "name", "region", "accounts", "potential", "white space", "listed accounts", "listed value", "last year", "quota", "quota uplift",
        "quota ÷ potential", "sheet",
    ];

    /// <summary>The label of the by-region total row.</summary>
    public const string RegionTotal = "Total (all regions)";

    /// <summary>The label of the by-rep total row.</summary>
    public const string RepTotal = "Total (all reps)";

    /// <summary>Where the summary's rows are summed for accounts without an owner or a region.</summary>
    public const string NoOwner = "(no owner)";

    private static readonly double[] RepSheetWidths = [7, 12, 32, 12, 18, 14, 12, 9, 14, 14, 70, 48, 60, 12, 36];
    private static readonly double[] SummaryWidths = [22, 26, 14, 16, 16, 16, 16, 16, 16, 16, 16, 16, 32];

    private sealed record Totals(string Label, long Accounts, double? Potential, double? WhiteSpace, long Listed, double ListedValue,
        double? LastYear, double? Quota, double? Uplift, double? QuotaToPotential, string? Name = null, string? Region = null, string? Sheet = null);

    /// <summary>The summary sheet, then one sheet per rep with a list, streamed from one ordered query.</summary>
    private static ExportedFile WriteXlsx(Workspace workspace, ExportInputs inputs, string path, DateTimeOffset started)
    {
        var names = new SheetNames();
        names.Take(SummarySheet);
        var sheetByRep = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT l.rep_id, coalesce(r.name, l.rep_id) FROM (SELECT DISTINCT rep_id FROM {inputs.Lists}) l
                LEFT JOIN (SELECT rep_id, min(name) AS name FROM reps GROUP BY rep_id) r USING (rep_id) ORDER BY l.rep_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var rep = reader.GetString(0);
                var name = reader.GetString(1);
                sheetByRep[rep] = names.Take(name == rep ? rep : $"{rep} {name}");
            }
        }

        using var book = new XlsxWorkbookWriter(path);
        var summary = book.AddSheet(SummarySheet, SummaryWidths, freezeHeader: false);
        WriteSummary(workspace, inputs, summary, sheetByRep, started);
        summary.Complete(autoFilter: false);

        long rows = 0;
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT r.rep_id, r.rank, r.account_id, r.account_name, r.action, r.product_family, r.value, r.band, l.probability, p.potential, p.white_space,
                    r.reason, r.missing_roles, r.next_best_action, r.channel, r.theme
                FROM {inputs.Lists} r LEFT JOIN {inputs.Scores} l USING (account_id) LEFT JOIN {inputs.Potential} p USING (account_id)
                ORDER BY r.rep_id, r.rank
                """;
            using var reader = command.ExecuteReader();
            XlsxSheetWriter? sheet = null;
            string? current = null;
            while (reader.Read())
            {
                var rep = reader.GetString(0);
                if (rep != current)
                {
                    sheet?.Complete(autoFilter: true);
                    sheet = book.AddSheet(sheetByRep[rep], RepSheetWidths, freezeHeader: true);
                    Header(sheet, RepSheetColumns);
                    current = rep;
                }

                sheet!.Number(Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), XlsxStyle.Integer);
                sheet.Text(Text(reader, 2));
                sheet.Text(Text(reader, 3));
                sheet.Text(Text(reader, 4));
                sheet.Text(Text(reader, 5));
                sheet.Number(Double(reader, 6), XlsxStyle.Money);
                sheet.Text(Text(reader, 7));
                sheet.Number(Double(reader, 8), XlsxStyle.Percent);
                sheet.Number(Double(reader, 9), XlsxStyle.Money);
                sheet.Number(Double(reader, 10), XlsxStyle.Money);
                for (var i = 11; i <= 15; i++)
                {
                    sheet.Text(Text(reader, i));
                }

                sheet.EndRow();
                rows++;
            }

            sheet?.Complete(autoFilter: true);
        }

        book.Finish();
        return new ExportedFile("xlsx", path, rows, 1 + sheetByRep.Count, book.Neutralised);
    }

    private static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static void Header(XlsxSheetWriter sheet, IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
        {
            sheet.Text(column, XlsxStyle.Header);
        }

        sheet.EndRow();
    }

    /// <summary>What the export holds and where from, totals by region and by rep (with their total rows), notes and what each number means.</summary>
    private static void WriteSummary(Workspace workspace, ExportInputs inputs, XlsxSheetWriter sheet, Dictionary<string, string> sheetByRep, DateTimeOffset started)
    {
        void Line(string label, string? text, XlsxStyle style = XlsxStyle.Bold)
        {
            sheet.Text(label, style);
            sheet.Text(text);
            sheet.EndRow();
        }

        sheet.Text("Sightline plan export", XlsxStyle.Title);
        sheet.EndRow();
        Line("workspace", workspace.Directory);
        Line("exported at", started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        foreach (var source in inputs.Sources)
        {
            Line("source", source);
        }

        sheet.EndRow();
        sheet.Text("By region (the account's region; quota by the rep's region as planned)", XlsxStyle.Bold);
        sheet.EndRow();
        Header(sheet, RegionColumns);
        var regions = ReadTotals(workspace, $"""
            WITH agg AS (
                SELECT coalesce(a.region, '(none)') AS region, count(*) AS accounts, sum(p.potential) AS potential, sum(p.white_space) AS white_space,
                    count(r.account_id) AS listed, coalesce(sum(r.value), 0) AS listed_value
                FROM {inputs.Accounts} a LEFT JOIN {inputs.Potential} p USING (account_id) LEFT JOIN {inputs.Lists} r USING (account_id)
                GROUP BY ALL),
            q AS (SELECT key AS region, last_year, quota, uplift, quota_to_potential FROM {inputs.Quotas} WHERE level = 'region')
            SELECT coalesce(agg.region, q.region), coalesce(agg.accounts, 0), agg.potential, agg.white_space, coalesce(agg.listed, 0),
                coalesce(agg.listed_value, 0), q.last_year, q.quota, q.uplift, q.quota / nullif(agg.potential, 0), NULL, NULL
            FROM agg FULL OUTER JOIN q ON q.region = agg.region
            ORDER BY 1
            """);
        foreach (var row in regions)
        {
            RegionRow(sheet, row, bold: false);
        }

        RegionRow(sheet, Total(RegionTotal, regions), bold: true);
        sheet.EndRow();

        sheet.Text("By rep (the account's owner)", XlsxStyle.Bold);
        sheet.EndRow();
        Header(sheet, RepColumns);
        var reps = ReadTotals(workspace, $"""
            WITH agg AS (
                SELECT a.owner_rep_id AS rep_id, count(*) AS accounts, sum(p.potential) AS potential, sum(p.white_space) AS white_space,
                    count(r.account_id) AS listed, coalesce(sum(r.value), 0) AS listed_value
                FROM {inputs.Accounts} a LEFT JOIN {inputs.Potential} p USING (account_id) LEFT JOIN {inputs.Lists} r USING (account_id)
                GROUP BY ALL),
            q AS (SELECT key AS rep_id, last_year, quota, uplift, quota_to_potential FROM {inputs.Quotas} WHERE level = 'rep'),
            rep AS (SELECT rep_id, min(name) AS name, min(region) AS region FROM reps GROUP BY rep_id)
            SELECT coalesce(agg.rep_id, q.rep_id, '{NoOwner}'), coalesce(agg.accounts, 0), agg.potential, agg.white_space, coalesce(agg.listed, 0),
                coalesce(agg.listed_value, 0), q.last_year, q.quota, q.uplift, q.quota / nullif(agg.potential, 0), rep.name, rep.region
            FROM agg FULL OUTER JOIN q ON q.rep_id = agg.rep_id LEFT JOIN rep ON rep.rep_id = coalesce(agg.rep_id, q.rep_id)
            ORDER BY coalesce(agg.rep_id, q.rep_id) NULLS LAST
            """).Select(r => r with { Sheet = sheetByRep.GetValueOrDefault(r.Label) }).ToList();
        foreach (var row in reps)
        {
            RepRow(sheet, row, bold: false);
        }

        RepRow(sheet, Total(RepTotal, reps), bold: true);
        sheet.EndRow();

        sheet.Text("Notes", XlsxStyle.Bold);
        sheet.EndRow();
        foreach (var note in inputs.Notes)
        {
            sheet.Skip();
            sheet.Text(note);
            sheet.EndRow();
        }

        sheet.EndRow();
        sheet.Text("What the numbers mean", XlsxStyle.Bold);
        sheet.EndRow();
        foreach (var (label, meaning) in Meanings)
        {
            Line(label, meaning, XlsxStyle.Default);
        }
    }

    private static readonly (string Label, string Meaning)[] Meanings =
    [
        ("potential", "what the account would spend a year at the spend per employee (or per revenue) of its better-spending peers; the peer group is in account_potential.peer_group"),
        ("white space", "potential less what the account spends now (never below 0)"),
        ("listed accounts", "accounts on the rep's action list of the latest lists run (the holdout is kept off the lists)"),
        ("listed value", "the listed actions' value: expected cross-sell or up-sell amount, opportunity value, or revenue at stake; each row's reason says which"),
        ("quota", "the rep's share of the company target from the latest quota plan; uplift is quota less last year's revenue (negative when the quota is below it)"),
        ("quota ÷ potential", "the row's quota over the row's potential: how much of the book's potential the quota asks for"),
        ("score", "calibrated lookalike probability that the account looks like the buyers; the band groups it"),
        ("text cells", "any text starting with = + - @, a tab or a carriage return is prefixed with an apostrophe so it is never run as a formula; numbers are real numbers"),
    ];

    private static List<Totals> ReadTotals(Workspace workspace, string sql)
    {
        var rows = new List<Totals>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Totals(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Double(reader, 2), Double(reader, 3),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), Double(reader, 5) ?? 0, Double(reader, 6), Double(reader, 7), Double(reader, 8),
                Double(reader, 9), Text(reader, 10), Text(reader, 11)));
        }

        return rows;
    }

    /// <summary>The total row: sums, and quota ÷ potential of the sums (blank when either side is unknown).</summary>
    private static Totals Total(string label, List<Totals> rows)
    {
        static double? Sum(IEnumerable<double?> values) => values.Any(v => v.HasValue) ? values.Sum(v => v ?? 0) : null;
        // Amounts in cents add up in decimal: in doubles the quotas of a 1,909,000 target totalled 1909000.0000000002.
        static double? Cents(IEnumerable<double?> values) => values.Any(v => v.HasValue) ? (double)values.Sum(v => (decimal)(v ?? 0)) : null;
        var potential = Sum(rows.Select(r => r.Potential));
        var quota = Cents(rows.Select(r => r.Quota));
        return new Totals(label, rows.Sum(r => r.Accounts), potential, Sum(rows.Select(r => r.WhiteSpace)), rows.Sum(r => r.Listed), rows.Sum(r => r.ListedValue),
            Cents(rows.Select(r => r.LastYear)), quota, Cents(rows.Select(r => r.Uplift)), potential > 0 && quota is not null ? quota / potential : null);
    }

    private static void RegionRow(XlsxSheetWriter sheet, Totals row, bool bold)
    {
        sheet.Text(row.Label, bold ? XlsxStyle.Bold : XlsxStyle.Default);
        Figures(sheet, row, bold, lastYear: false);
        sheet.EndRow();
    }

    private static void RepRow(XlsxSheetWriter sheet, Totals row, bool bold)
    {
        sheet.Text(row.Label, bold ? XlsxStyle.Bold : XlsxStyle.Default);
        sheet.Text(row.Name);
        sheet.Text(row.Region);
        Figures(sheet, row, bold, lastYear: true);
        sheet.Text(row.Sheet);
        sheet.EndRow();
    }

    private static void Figures(XlsxSheetWriter sheet, Totals row, bool bold, bool lastYear)
    {
        var money = bold ? XlsxStyle.BoldMoney : XlsxStyle.Money;
        var count = bold ? XlsxStyle.BoldInteger : XlsxStyle.Integer;
        sheet.Number(row.Accounts, count);
        sheet.Number(row.Potential, money);
        sheet.Number(row.WhiteSpace, money);
        sheet.Number(row.Listed, count);
        sheet.Number(row.ListedValue, money);
        if (lastYear)
        {
            sheet.Number(row.LastYear, money);
        }

        sheet.Number(row.Quota, money);
        sheet.Number(row.Uplift, money);
        sheet.Number(row.QuotaToPotential, bold ? XlsxStyle.BoldPercent : XlsxStyle.Percent);
    }
}
