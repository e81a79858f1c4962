using System.Globalization;
using System.Net;
using System.Text;

namespace Sightline.Quality;

public static partial class QualityReporter
{
    private const int MaxDuplicateGroupsShown = 50;

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2933;background:#fff;max-width:1200px}
        h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
        .muted{color:#616e7c}.score{font-size:3rem;font-weight:700}
        .score.good{color:#2f8132}.score.fair{color:#c47f00}.score.poor{color:#c62828}
        table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
        th{background:#f5f7fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .sev{display:inline-block;padding:.1rem .45rem;border-radius:.6rem;font-size:.75rem;font-weight:600;color:#fff}
        .sev.high{background:#c62828}.sev.medium{background:#e08a00}.sev.low{background:#607d8b}.sev.info{background:#9aa5b1}
        .bar{background:#e4e7eb;width:120px;height:.7rem;border-radius:.35rem;overflow:hidden;display:inline-block;vertical-align:middle}
        .bar>span{display:block;height:100%;background:#3e7bfa}
        .bar.warn>span{background:#e08a00}.bar.bad>span{background:#c62828}
        code{background:#f5f7fa;padding:0 .2rem;border-radius:.2rem}
        """;

    /// <summary>One self-contained HTML page: score, issues (biggest first), checks, then per-table column profiles.</summary>
    public static string ToHtml(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sightline data quality</title>\n<style>")
            .Append(Css).Append("</style>\n</head>\n<body>\n");

        var scoreClass = report.Score >= 85 ? "good" : report.Score >= 60 ? "fair" : "poor";
        html.Append("<h1>Data quality</h1>\n<p class=\"muted\">As of ").Append(E(report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Append(report.AsOfFromData ? " (latest activity in the data)" : "").Append(" · ").Append(E(Counted.Of(report.Accounts, "account"))).Append("</p>\n")
            .Append("<div class=\"score ").Append(scoreClass).Append("\">").Append(E(report.Score.ToString("0.0", CultureInfo.InvariantCulture)))
            .Append("<span class=\"muted\" style=\"font-size:1rem\"> / 100</span></div>\n");

        AppendIssues(html, report);
        AppendDuplicates(html, report);
        AppendOrphans(html, report);
        AppendCoverage(html, report);
        AppendImport(html, report);
        AppendProfiles(html, report);

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendIssues(StringBuilder html, QualityReport report)
    {
        html.Append("<h2>Issues, biggest first</h2>\n");
        if (report.Issues.Count == 0)
        {
            html.Append("<p>No problems found.</p>\n");
            return;
        }

        html.Append("<table>\n<tr><th>severity</th><th>issue</th><th class=\"num\">count</th><th class=\"num\">share</th><th class=\"num\">points lost</th><th>why it matters / what to do</th></tr>\n");
        foreach (var issue in report.Issues)
        {
            var severity = issue.Severity.ToString().ToLowerInvariant();
            html.Append("<tr><td><span class=\"sev ").Append(severity).Append("\">").Append(E(severity)).Append("</span></td><td>").Append(E(issue.Title))
                .Append("</td><td class=\"num\">").Append(E(N(issue.Count))).Append("</td><td class=\"num\">").Append(E(P(issue.Share)))
                .Append("</td><td class=\"num\">").Append(E(issue.Penalty.ToString("0.00", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(E(issue.Advice)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendDuplicates(StringBuilder html, QualityReport report)
    {
        html.Append("<h2>Duplicate accounts</h2>\n<p>").Append(E(Counted.Of(report.DuplicateGroups, "group"))).Append(", ")
            .Append(E(Counted.Of(report.DuplicateAccounts, "account"))).Append(" in at least one group.</p>\n");
        if (report.Duplicates.Count == 0)
        {
            return;
        }

        html.Append("<table>\n<tr><th>reason</th><th>shared key</th><th class=\"num\">accounts</th><th>accounts (id: name)</th></tr>\n");
        foreach (var group in report.Duplicates.Take(MaxDuplicateGroupsShown))
        {
            html.Append("<tr><td>").Append(E(group.Reason)).Append("</td><td><code>").Append(E(group.Key)).Append("</code></td><td class=\"num\">")
                .Append(E(N(group.Size))).Append("</td><td>").Append(E(string.Join("; ", group.AccountIds.Zip(group.Names, (id, name) => $"{id}: {name}"))))
                .Append(group.Size > group.AccountIds.Count ? " …" : "").Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (report.Duplicates.Count > MaxDuplicateGroupsShown)
        {
            html.Append("<p class=\"muted\">The first ").Append(MaxDuplicateGroupsShown).Append(" groups are shown; the JSON report lists more.</p>\n");
        }
    }

    private static void AppendOrphans(StringBuilder html, QualityReport report)
    {
        html.Append("<h2>References that do not resolve</h2>\n<table>\n<tr><th>reference</th><th class=\"num\">rows checked</th><th class=\"num\">orphans</th><th>examples</th><th>note</th></tr>\n");
        foreach (var r in report.Orphans)
        {
            var note = !r.TargetLoaded && !r.Required ? $"{r.TargetTable} not loaded: not checked" : r.Required ? "required" : "optional";
            html.Append("<tr><td><code>").Append(E($"{r.Table}.{r.Column} → {r.TargetTable}.{r.TargetColumn}")).Append("</code></td><td class=\"num\">")
                .Append(E(N(r.Checked))).Append("</td><td class=\"num\">").Append(E(N(r.Orphans))).Append("</td><td>")
                .Append(E(string.Join(", ", r.Examples))).Append("</td><td>").Append(E(note)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendCoverage(StringBuilder html, QualityReport report)
    {
        var c = report.Contacts;
        var s = report.Stale;
        html.Append("<h2>Coverage and activity</h2>\n<table>\n<tr><th>check</th><th class=\"num\">accounts</th><th class=\"num\">share</th><th></th></tr>\n");
        Row("no contacts at all", c.WithoutContacts, c.WithoutContactsShare);
        Row("no decision maker among contacts", c.WithoutDecisionMaker, c.WithoutDecisionMakerShare);
        Row($"customers with no activity since {s.WindowStart:yyyy-MM-dd} (of {N(s.Customers)})", s.StaleCustomers, s.StaleCustomersShare);
        Row($"prospects with no activity since {s.WindowStart:yyyy-MM-dd} (of {N(s.Others)})", s.StaleOthers, s.StaleOthersShare);
        html.Append("</table>\n");
        if (report.NegativeAmountOrders > 0)
        {
            html.Append("<p>").Append(E(Counted.Of(report.NegativeAmountOrders, "order line"))).Append(' ')
                .Append(Counted.Agree(report.NegativeAmountOrders, "has", "have")).Append(" a negative amount (returns or credits).</p>\n");
        }

        void Row(string label, long count, double share) =>
            html.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"num\">").Append(E(N(count))).Append("</td><td class=\"num\">")
                .Append(E(P(share))).Append("</td><td>").Append(Bar(share, share > 0.25 ? "bad" : share > 0.05 ? "warn" : "")).Append("</td></tr>\n");
    }

    private static void AppendImport(StringBuilder html, QualityReport report)
    {
        html.Append("<h2>Import: rejected rows and flags</h2>\n<p>").Append(E(Counted.Of(report.RejectedRows, "row"))).Append(" rejected.</p>\n");
        if (report.Rejects.Count > 0)
        {
            html.Append("<table>\n<tr><th>file</th><th>table</th><th>reason</th><th class=\"num\">rows</th></tr>\n");
            foreach (var r in report.Rejects)
            {
                html.Append("<tr><td>").Append(E(r.File)).Append("</td><td>").Append(E(r.Table)).Append("</td><td>").Append(E(r.Reason))
                    .Append("</td><td class=\"num\">").Append(E(N(r.Count))).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        if (report.Flags.Count > 0)
        {
            html.Append("<table>\n<tr><th>table</th><th>column</th><th>flag</th><th class=\"num\">values</th></tr>\n");
            foreach (var f in report.Flags)
            {
                html.Append("<tr><td>").Append(E(f.Table)).Append("</td><td>").Append(E(f.Column)).Append("</td><td>").Append(E(f.Flag))
                    .Append("</td><td class=\"num\">").Append(E(N(f.Count))).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static void AppendProfiles(StringBuilder html, QualityReport report)
    {
        html.Append("<h2>Column profiles</h2>\n");
        foreach (var table in report.Tables)
        {
            html.Append("<h3>").Append(E(table.Name)).Append(" <span class=\"muted\">").Append(E(Counted.Of(table.RowCount, "row"))).Append("</span></h3>\n");
            if (table.RowCount == 0)
            {
                html.Append("<p class=\"muted\">Empty.</p>\n");
                continue;
            }

            html.Append("<table>\n<tr><th>column</th><th>type</th><th class=\"num\">complete</th><th></th><th class=\"num\">distinct</th><th>min</th><th>max</th><th class=\"num\">invalid</th><th>check</th></tr>\n");
            foreach (var c in table.Columns)
            {
                var complete = c.Completeness ?? 1;
                var (min, max) = c.MinLength is not null ? ($"{c.MinLength} chars", $"{c.MaxLength} chars") : (c.Min ?? "", c.Max ?? "");
                var check = c.Flagged > 0 ? $"{c.InvalidRule}{(c.InvalidRule is null ? "" : "; ")}{N(c.Flagged)} flagged at import" : c.InvalidRule ?? "";
                html.Append("<tr><td><code>").Append(E(c.Name)).Append("</code></td><td>").Append(E(c.DataType)).Append("</td><td class=\"num\">")
                    .Append(E(P(complete))).Append("</td><td>").Append(Bar(complete, complete < 0.5 ? "bad" : complete < 0.9 ? "warn" : ""))
                    .Append("</td><td class=\"num\">").Append(E(N(c.Distinct))).Append("</td><td>").Append(E(min)).Append("</td><td>").Append(E(max))
                    .Append("</td><td class=\"num\">").Append(E(N(c.Invalid))).Append("</td><td>").Append(E(check)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static string Bar(double share, string tone) =>
        $"<span class=\"bar {tone}\"><span style=\"width:{Math.Clamp(share * 100, 0, 100).ToString("0.#", CultureInfo.InvariantCulture)}%\"></span></span>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);
}
