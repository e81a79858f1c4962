using System.Globalization;
using Sightline.Data;

namespace Sightline.Quality;

/// <summary>
/// The penalty model of docs/quality.md: each category has a weight (points) and a saturation share; an item
/// costs weight × min(1, share / saturation); a category never costs more than its weight. Score = 100 − Σ.
/// </summary>
internal sealed class QualityScoring(long accounts)
{
    public const double CompletenessWeight = 20;
    public const double InvalidWeight = 15;
    public const double InvalidSaturation = 0.10;
    public const double OrphanWeight = 15;
    public const double OrphanSaturation = 0.10;
    public const double DuplicateDomainWeight = 10;
    public const double DuplicateNameWeight = 5;
    public const double DuplicateSaturation = 0.20;
    public const double DecisionMakerWeight = 10;
    public const double NoContactWeight = 5;
    public const double StaleCustomerWeight = 7;
    public const double StaleProspectWeight = 3;
    public const double RejectWeight = 10;
    public const double RejectSaturation = 0.10;

    private readonly long _accounts = accounts;
    private readonly List<QualityIssue> _issues = [];

    public IReadOnlyList<QualityIssue> Issues => _accounts == 0
        ? [Issue("no_accounts", "No accounts loaded", null, null, 0, 1, 100,
            "Nothing can be profiled, segmented or scored without accounts; import an account file first."), .. Sorted()]
        : Sorted();

    public double Score => _accounts == 0
        ? 0
        : Math.Round(Math.Clamp(100 - _issues.Sum(i => i.Penalty), 0, 100), 1, MidpointRounding.AwayFromZero);

    public void AddCompleteness(IReadOnlyList<TableProfile> tables)
    {
        var keyColumns = (
                from key in QualityRules.KeyColumns
                from table in tables
                where table.Name == key.Table && table.RowCount > 0
                from column in table.Columns
                where column.Name == key.Column
                select (Table: table.Name, Column: column, Rows: table.RowCount))
            .ToList();
        var items = new List<QualityIssue>();
        foreach (var (table, column, rows) in keyColumns)
        {
            var missing = rows - column.Filled;
            if (missing <= 0)
            {
                continue;
            }

            var share = QualityReporter.Share(missing, rows);
            items.Add(Issue("incomplete", $"{Count(missing, table)} {Verb(missing)} no {Label(column.Name)}", table, column.Name, missing, share,
                CompletenessWeight / keyColumns.Count * share, CompletenessAdvice(column.Name)));
        }

        AddCategory(items, CompletenessWeight);
    }

    public void AddInvalid(IReadOnlyList<TableProfile> tables)
    {
        var items = new List<QualityIssue>();
        foreach (var table in tables)
        {
            foreach (var column in table.Columns.Where(c => c.Invalid > 0))
            {
                var meaning = (column.InvalidRule, column.Flagged) switch
                {
                    (null, _) => "flagged at import",
                    (var rule, > 0) when column.Invalid > column.Flagged => $"{rule}, or flagged at import",
                    (_, > 0) => "flagged at import",
                    (var rule, _) => rule,
                };
                var share = QualityReporter.Share(column.Invalid, table.RowCount);
                items.Add(Issue("invalid", $"Invalid {Label(column.Name)} on {Count(column.Invalid, table.Name)} ({meaning})", table.Name, column.Name,
                    column.Invalid, share, InvalidWeight * Saturated(share, InvalidSaturation),
                    "Values that load but are wrong mislead segments, maps and models; correct them at the source or clear them."));
            }
        }

        AddCategory(items, InvalidWeight);
    }

    public void AddOrphans(IReadOnlyList<OrphanRelation> relations)
    {
        var items = new List<QualityIssue>();
        foreach (var r in relations.Where(r => r.Checked > 0))
        {
            if (!r.TargetLoaded && !r.Required)
            {
                items.Add(Issue("reference_unchecked", $"{r.Table}.{r.Column} refers to {r.TargetTable}, but no {r.TargetTable} are loaded",
                    r.Table, r.Column, r.Checked, 0, 0, $"The reference cannot be checked yet; import {r.TargetTable} to check it."));
                continue;
            }

            if (r.Orphans == 0)
            {
                continue;
            }

            var share = QualityReporter.Share(r.Orphans, r.Checked);
            var target = CanonicalSchema.Find(r.TargetTable)?.RowNoun ?? r.TargetTable;
            items.Add(Issue("orphans", $"{Count(r.Orphans, r.Table)} {(r.Orphans == 1 ? "points" : "point")} to a missing {target} ({r.Table}.{r.Column})",
                r.Table, r.Column, r.Orphans, share, OrphanWeight * Saturated(share, OrphanSaturation),
                $"These rows drop out of every {target}-level figure; import the missing {r.TargetTable} or fix the references."));
        }

        AddCategory(items, OrphanWeight);
    }

    public void AddDuplicates(long domainAccounts, long domainGroups, long nameAccounts, long nameGroups)
    {
        const string Advice = "Duplicates split revenue, contacts and activity across records and double-count potential; merge them in the CRM or link them to one parent.";
        if (domainAccounts > 0)
        {
            var share = QualityReporter.Share(domainAccounts, _accounts);
            AddCategory([Issue("duplicate_domain", $"{Count(domainAccounts, "accounts")} share a domain with another account ({Groups(domainGroups)})", "accounts", "domain",
                domainAccounts, share, DuplicateDomainWeight * Saturated(share, DuplicateSaturation), Advice)], DuplicateDomainWeight);
        }

        if (nameAccounts > 0)
        {
            var share = QualityReporter.Share(nameAccounts, _accounts);
            AddCategory([Issue("duplicate_name", $"{Count(nameAccounts, "accounts")} share a company name with another account ({Groups(nameGroups)})", "accounts", "name",
                nameAccounts, share, DuplicateNameWeight * Saturated(share, DuplicateSaturation), Advice)], DuplicateNameWeight);
        }
    }

    public void AddCoverage(ContactCoverage coverage)
    {
        if (coverage.WithoutDecisionMaker > 0)
        {
            AddCategory([Issue("no_decision_maker", $"{Count(coverage.WithoutDecisionMaker, "accounts")} {Verb(coverage.WithoutDecisionMaker)} no decision maker among their contacts",
                "contacts", "buying_role", coverage.WithoutDecisionMaker, coverage.WithoutDecisionMakerShare, DecisionMakerWeight * coverage.WithoutDecisionMakerShare,
                "Without the person who signs, deals stall at influencers; find the decision maker and record the buying role.")], DecisionMakerWeight);
        }

        if (coverage.WithoutContacts > 0)
        {
            AddCategory([Issue("no_contacts", $"{Count(coverage.WithoutContacts, "accounts")} {Verb(coverage.WithoutContacts)} no contacts at all",
                "contacts", "account_id", coverage.WithoutContacts, coverage.WithoutContactsShare, NoContactWeight * coverage.WithoutContactsShare,
                "Nobody can be called or emailed at these accounts; add contacts or enrich them before assigning them to reps.")], NoContactWeight);
        }
    }

    public void AddStaleness(StaleAccounts stale)
    {
        if (stale.StaleCustomers > 0)
        {
            AddCategory([Issue("stale_customers", $"{stale.StaleCustomers:N0} {(stale.StaleCustomers == 1 ? "customer has" : "customers have")} had no activity in the last {QualityReporter.StaleWindowDays} days",
                "accounts", null, stale.StaleCustomers, stale.StaleCustomersShare, StaleCustomerWeight * stale.StaleCustomersShare,
                "Silent customers are churn risks or buy elsewhere; plan a touch, or check that their activity is being loaded.")], StaleCustomerWeight);
        }

        if (stale.StaleOthers > 0)
        {
            AddCategory([Issue("stale_prospects", $"{stale.StaleOthers:N0} {(stale.StaleOthers == 1 ? "prospect has" : "prospects have")} had no activity in the last {QualityReporter.StaleWindowDays} days",
                "accounts", null, stale.StaleOthers, stale.StaleOthersShare, StaleProspectWeight * stale.StaleOthersShare,
                "Untouched prospects are either untapped potential or dead records; rank them by potential, or archive them.")], StaleProspectWeight);
        }
    }

    public void AddRejects(IReadOnlyDictionary<string, long> rejectedPerTable, IReadOnlyDictionary<string, long> rowsOf)
    {
        var items = new List<QualityIssue>();
        foreach (var (table, rejected) in rejectedPerTable.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var share = QualityReporter.Share(rejected, rejected + rowsOf.GetValueOrDefault(table));
            items.Add(Issue("rejected_rows", $"{rejected:N0} {table} {(rejected == 1 ? "row was" : "rows were")} rejected at import", table, null, rejected, share,
                RejectWeight * Saturated(share, RejectSaturation),
                "Rejected rows are missing from every figure; fix them at the source (see the rejects list) and import again."));
        }

        AddCategory(items, RejectWeight);
    }

    public void AddNegativeAmounts(long negative, long orders)
    {
        if (negative > 0)
        {
            _issues.Add(Issue("negative_amounts", $"{Count(negative, "orders")} {Verb(negative)} a negative amount (returns or credits)", "orders", "amount",
                negative, QualityReporter.Share(negative, orders), 0,
                "Not an error: returns reduce revenue and value; check that they offset earlier order lines."));
        }
    }

    private IReadOnlyList<QualityIssue> Sorted() =>
        [.. _issues.OrderByDescending(i => i.Penalty).ThenByDescending(i => i.Share).ThenByDescending(i => i.Count).ThenBy(i => i.Title, StringComparer.Ordinal)];

    /// <summary>Adds a category's items, scaled down together when their sum exceeds the category's weight.</summary>
    private void AddCategory(List<QualityIssue> items, double weight)
    {
        var sum = items.Sum(i => i.Penalty);
        var scale = sum > weight ? weight / sum : 1;
        _issues.AddRange(items.Select(i => Issue(i.Code, i.Title, i.Table, i.Column, i.Count, i.Share, i.Penalty * scale, i.Advice)));
    }

    private static double Saturated(double share, double saturation) => Math.Min(1, share / saturation);

    private static QualityIssue Issue(string code, string title, string? table, string? column, long count, double share, double penalty, string advice)
    {
        var rounded = Math.Round(penalty, 2, MidpointRounding.AwayFromZero);
        var severity = rounded switch
        {
            >= 5 => IssueSeverity.High,
            >= 1 => IssueSeverity.Medium,
            > 0 => IssueSeverity.Low,
            _ => IssueSeverity.Info,
        };
        return new QualityIssue(code, severity, title, table, column, count, share, rounded, advice);
    }

    private static string Label(string column) => column switch
    {
        "owner_rep_id" => "owner rep",
        "employees" => "employee count",
        _ => column.Replace('_', ' '),
    };

    private static string Verb(long n) => n == 1 ? "has" : "have";

    private static string Groups(long n) => n.ToString("N0", CultureInfo.InvariantCulture) + (n == 1 ? " group" : " groups");

    /// <summary>"3 accounts", "1 order line", "2 opportunities".</summary>
    private static string Count(long n, string table)
    {
        var noun = CanonicalSchema.Find(table)?.RowNoun ?? "row";
        if (n != 1)
        {
            noun = noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s";
        }

        return n.ToString("N0", CultureInfo.InvariantCulture) + " " + noun;
    }

    private static string CompletenessAdvice(string column) => column switch
    {
        "domain" => "The domain is the best key for matching, de-duplication and enrichment; add it in the CRM or enrich it.",
        "owner_rep_id" => "An account without an owner is nobody's job; assign an owner rep or a territory.",
        "buying_role" => "Without buying roles decision-maker coverage cannot be judged; record each contact's role.",
        "email" => "Contacts without an email cannot be reached by email campaigns or matched to web activity; enrich them.",
        _ => "Segments and models treat a missing value as unknown, which blurs them; fill it in the CRM or enrich it.",
    };
}
