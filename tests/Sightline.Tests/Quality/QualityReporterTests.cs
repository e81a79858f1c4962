using System.Text.Json;
using Sightline.Quality;
using Sightline.Workspaces;

namespace Sightline.Tests.Quality;

public sealed class QualityReporterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sightline-quality-" + Guid.NewGuid().ToString("N"));
    private readonly Workspace _workspace;

    public QualityReporterTests()
    {
        _workspace = Workspace.Init(_folder);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Two customers with a rep, a product, decision makers and recent activity: nothing to complain about.</summary>
    private void CleanWorld()
    {
        _workspace.Execute("""
            INSERT INTO reps (rep_id, name, role) VALUES ('r1', 'Rita', 'field');
            INSERT INTO products (product_id, name, family, list_price) VALUES ('p1', 'Widget', 'core', 100);
            INSERT INTO accounts (account_id, name, domain, industry, employees, annual_revenue, country, latitude, longitude, owner_rep_id) VALUES
                ('a1', 'Acme Inc', 'acme.com', 'software', 50, 1000000, 'US', 40.7, -74.0, 'r1'),
                ('a2', 'Globex GmbH', 'globex.de', 'manufacturing', 500, 9000000, 'DE', 52.5, 13.4, 'r1');
            INSERT INTO contacts (contact_id, account_id, buying_role, email, last_activity_at) VALUES
                ('c1', 'a1', 'decision_maker', 'ann@acme.com', DATE '2024-06-01'),
                ('c2', 'a2', 'decision_maker', 'bob@globex.de', NULL);
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount, quantity, discount, rep_id) VALUES
                ('o1', 'a1', 'p1', DATE '2024-05-01', 100, 1, 0.1, 'r1'),
                ('o2', 'a2', 'p1', DATE '2024-03-01', 90, 1, 0, 'r1');
            INSERT INTO touchpoints (event_id, account_id, occurred_at, channel, contact_id) VALUES
                ('t1', 'a2', TIMESTAMP '2024-06-15 10:30:00', 'call', 'c2');
            """);
    }

    private static ColumnProfile Column(QualityReport report, string table, string column) =>
        report.Tables.Single(t => t.Name == table).Columns.Single(c => c.Name == column);

    [Fact]
    public void Build_ReturnsFlaggedAtImport_AreNotInvalid()
    {
        CleanWorld();
        _workspace.Execute($"""
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount, quantity, rep_id) VALUES
                ('o3', 'a1', 'p1', DATE '2024-05-02', -100, -1, 'r1'),
                ('o4', 'a1', 'p1', DATE '2024-05-03', 50, -2, 'r1');
            INSERT INTO import_flags VALUES ('run', 'orders', 'o3|p1', 'orders.csv', NULL, 'amount', '-100', '{Sightline.Import.Importer.ReturnFlag}');
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 7, 1));

        Assert.Equal(0, Column(report, "orders", "amount").Invalid);
        Assert.Equal(1, Column(report, "orders", "quantity").Invalid);
        Assert.Equal(1, report.NegativeAmountOrders);
    }

    [Fact]
    public void Build_SmallTable_ReportsCompletenessDistinctAndRange()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name, industry, employees) VALUES
                ('a1', 'Ab', 'retail', 10), ('a2', 'Abcd', 'retail', 20), ('a3', 'Abc', NULL, NULL), ('a4', 'A', '   ', 20);
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        var accounts = report.Tables.Single(t => t.Name == "accounts");
        Assert.Equal(4, accounts.RowCount);
        var industry = Column(report, "accounts", "industry");
        Assert.Equal(3, industry.NonNull);
        Assert.Equal(2, industry.Filled);
        Assert.Equal(0.5, industry.Completeness);
        Assert.Equal(2, industry.Distinct);
        var employees = Column(report, "accounts", "employees");
        Assert.Equal(0.75, employees.Completeness);
        Assert.Equal(2, employees.Distinct);
        Assert.Equal("10", employees.Min);
        Assert.Equal("20", employees.Max);
        var name = Column(report, "accounts", "name");
        Assert.Equal(1.0, name.Completeness);
        Assert.Equal(4, name.Distinct);
        Assert.Equal(1, name.MinLength);
        Assert.Equal(4, name.MaxLength);
        Assert.Null(Column(report, "orders", "amount").Completeness);
        Assert.Equal(0, report.Tables.Single(t => t.Name == "orders").RowCount);
    }

    [Fact]
    public void Build_CustomAttributeColumn_IsProfiled()
    {
        _workspace.Execute(""""
            ALTER TABLE accounts ADD COLUMN abm_tier VARCHAR;
            ALTER TABLE accounts ADD COLUMN "odd ""name""" BOOLEAN;
            INSERT INTO accounts (account_id, name, abm_tier, "odd ""name""") VALUES ('a1', 'One', 'gold', true), ('a2', 'Two', NULL, false);
            """");

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        var tier = Column(report, "accounts", "abm_tier");
        Assert.Equal(0.5, tier.Completeness);
        Assert.Equal(1, tier.Distinct);
        Assert.Equal(2, Column(report, "accounts", "odd \"name\"").Distinct);
    }

    [Fact]
    public void Build_DomainVariants_GroupsSameDomain()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name, domain) VALUES
                ('d1', 'First', 'https://www.Acme.com/'), ('d2', 'Second', 'acme.com'), ('d3', 'Third', 'acme.co.uk'),
                ('d4', 'Fourth', 'http://acme.com./about?x=1'), ('d5', 'Fifth', NULL), ('d6', 'Sixth', ''),
                ('d7', 'Seventh', 'gmail.com'), ('d8', 'Eighth', 'https://www.Gmail.com/'), ('d9', 'Ninth', 'outlook.com'), ('d10', 'Tenth', 'outlook.com');
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        var group = Assert.Single(report.Duplicates);
        Assert.Equal("domain", group.Reason);
        Assert.Equal("acme.com", group.Key);
        Assert.Equal(3, group.Size);
        Assert.Equal(["d1", "d2", "d4"], group.AccountIds);
        Assert.Equal(["First", "Second", "Fourth"], group.Names);
        Assert.Equal(1, report.DuplicateGroups);
        Assert.Equal(3, report.DuplicateAccounts);
        // Free-mail domains are shared by unrelated companies: never a duplicate group.
        Assert.Contains(report.Issues, i => i.Code == "duplicate_domain" && i.Count == 3 && Math.Abs(i.Share - 0.3) < 1e-12);
    }

    [Fact]
    public void Build_NameVariants_GroupsLegalFormsButNotOtherCompanies()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name) VALUES
                ('n1', 'Acme, Inc.'), ('n2', 'ACME Inc'), ('n3', 'Acme LLC'), ('n4', 'Acme Analytics'),
                ('n5', 'Globex S.A.'), ('n6', 'globex'), ('n7', 'Initech Co. Ltd'), ('n8', 'Initech'), ('n9', 'Company'), ('n10', 'Company');
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        var groups = report.Duplicates.ToDictionary(g => g.Key, g => g.AccountIds);
        Assert.Equal(4, groups.Count);
        Assert.Equal(["n1", "n2", "n3"], groups["acme"]);
        Assert.Equal(["n5", "n6"], groups["globex"]);
        Assert.Equal(["n7", "n8"], groups["initech"]);
        Assert.Equal(["n10", "n9"], groups["company"]);
        Assert.DoesNotContain(report.Duplicates, g => g.AccountIds.Contains("n4"));
        Assert.All(report.Duplicates, g => Assert.Equal("name", g.Reason));
        Assert.Equal(9, report.DuplicateAccounts);
    }

    [Fact]
    public void Build_DanglingReferences_CountsOrphansPerRelation()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name) VALUES ('a1', 'One');
            INSERT INTO products (product_id, name) VALUES ('p1', 'Widget');
            INSERT INTO contacts (contact_id, account_id) VALUES ('c1', 'a1'), ('c2', 'zz'), ('c3', 'yy'), ('c4', 'zz');
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES
                ('o1', 'a1', 'p1', DATE '2024-01-01', 1), ('o2', 'a1', 'p9', DATE '2024-01-01', 1);
            INSERT INTO touchpoints (event_id, account_id, occurred_at, channel, contact_id) VALUES
                ('t1', 'a1', TIMESTAMP '2024-01-01 00:00:00', 'call', 'c1'), ('t2', 'a1', TIMESTAMP '2024-01-01 00:00:00', 'call', 'c99');
            UPDATE accounts SET owner_rep_id = 'r1';
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        var contacts = report.Orphans.Single(o => o is { Table: "contacts", Column: "account_id" });
        Assert.Equal(4, contacts.Checked);
        Assert.Equal(3, contacts.Orphans);
        Assert.Equal(["yy", "zz"], contacts.Examples);
        var products = report.Orphans.Single(o => o is { Table: "orders", Column: "product_id" });
        Assert.Equal(1, products.Orphans);
        Assert.Equal(["p9"], products.Examples);
        Assert.Equal(1, report.Orphans.Single(o => o is { Table: "touchpoints", Column: "contact_id" }).Orphans);
        Assert.Equal(0, report.Orphans.Single(o => o is { Table: "orders", Column: "account_id" }).Orphans);
        var owner = report.Orphans.Single(o => o is { Table: "accounts", Column: "owner_rep_id" });
        Assert.False(owner.TargetLoaded);
        Assert.Equal(1, owner.Orphans);
        var orphanIssue = report.Issues.Single(i => i is { Code: "orphans", Table: "contacts" });
        Assert.Equal(0.75, orphanIssue.Share);
        Assert.Contains(report.Issues, i => i is { Code: "reference_unchecked", Table: "accounts", Penalty: 0, Severity: IssueSeverity.Info });
    }

    [Fact]
    public void Build_AccountsWithoutDecisionMaker_CountsThemAndThoseWithoutContacts()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name) VALUES ('a1', 'One'), ('a2', 'Two'), ('a3', 'Three'), ('a4', 'Four');
            INSERT INTO contacts (contact_id, account_id, buying_role) VALUES
                ('c1', 'a1', 'decision_maker'), ('c2', 'a1', 'influencer'), ('c3', 'a2', 'influencer'), ('c4', 'a2', NULL), ('c5', 'a4', 'decision_maker');
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        Assert.Equal(new ContactCoverage(4, 1, 0.25, 2, 0.5), report.Contacts);
        Assert.Contains(report.Issues, i => i is { Code: "no_decision_maker", Count: 2, Penalty: 5 });
        Assert.Contains(report.Issues, i => i is { Code: "no_contacts", Count: 1, Penalty: 1.25 });
    }

    [Fact]
    public void Build_FixedAsOf_CountsStaleCustomersAndProspects()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name) VALUES ('a1', 'Recent buyer'), ('a2', 'Old buyer'), ('a3', 'Touched prospect'),
                ('a4', 'Silent prospect'), ('a5', 'Old buyer with a fresh opportunity'), ('a6', 'Prospect active after as-of');
            INSERT INTO products (product_id, name) VALUES ('p1', 'Widget');
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES
                ('o1', 'a1', 'p1', DATE '2024-11-30', 10), ('o2', 'a2', 'p1', DATE '2024-01-01', 10), ('o3', 'a5', 'p1', DATE '2020-01-01', 10);
            INSERT INTO touchpoints (event_id, account_id, occurred_at, channel) VALUES
                ('t1', 'a3', TIMESTAMP '2024-01-02 08:00:00', 'web'), ('t2', 'a6', TIMESTAMP '2025-02-01 08:00:00', 'web');
            INSERT INTO opportunities (opportunity_id, account_id, created_at, stage) VALUES ('op1', 'a5', DATE '2024-12-31', 'open');
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 12, 31));

        Assert.Equal(new DateOnly(2024, 12, 31), report.AsOf);
        Assert.False(report.AsOfFromData);
        // 2024 is a leap year: the 365 days ending on 31 December start on 2 January.
        Assert.Equal(new StaleAccounts(new DateOnly(2024, 1, 2), 3, 1, 1.0 / 3, 3, 2, 2.0 / 3, 3, 0.5), report.Stale);
    }

    [Fact]
    public void Build_NoOrdersButWonDeals_WonDealsMakeTheCustomers()
    {
        // A CRM export without invoices: the analytics read won deals as purchases, so the report counts their accounts as customers.
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name) VALUES ('a1', 'Won recently'), ('a2', 'Won long ago'), ('a3', 'Lost only'), ('a4', 'Silent prospect');
            INSERT INTO products (product_id, name) VALUES ('p1', 'Widget');
            INSERT INTO opportunities (opportunity_id, account_id, created_at, closed_at, stage, won, amount) VALUES
                ('op1', 'a1', DATE '2024-10-01', DATE '2024-11-30', 'Won', true, 500),
                ('op2', 'a2', DATE '2022-01-01', DATE '2022-03-01', 'Won', true, 300),
                ('op3', 'a3', DATE '2024-06-01', DATE '2024-07-01', 'Lost', false, 200);
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 12, 31));

        // Customers a1 and a2 (a2 silent in the window); prospects a3 (its lost deal is activity) and a4 (silent).
        Assert.Equal(new StaleAccounts(new DateOnly(2024, 1, 2), 2, 1, 0.5, 2, 1, 0.5, 2, 0.5), report.Stale);

        // Any order makes orders the only purchases: a won deal no longer makes a customer.
        _workspace.Execute("INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES ('o1', 'a3', 'p1', DATE '2024-07-02', 10)");
        var withOrders = QualityReporter.Build(_workspace, new DateOnly(2024, 12, 31));
        Assert.Equal(1, withOrders.Stale.Customers);
    }

    [Fact]
    public void Build_NoAsOf_UsesLatestActivityOrTheClock()
    {
        var empty = QualityReporter.Build(_workspace, clock: new FixedClock(new DateTimeOffset(2030, 5, 6, 23, 0, 0, TimeSpan.FromHours(-5))));
        Assert.Equal(new DateOnly(2030, 5, 7), empty.AsOf);
        Assert.False(empty.AsOfFromData);

        CleanWorld();
        var report = QualityReporter.Build(_workspace, clock: new FixedClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2024, 6, 15), report.AsOf);
        Assert.True(report.AsOfFromData);
    }

    [Fact]
    public void Build_InvalidValues_CountsThemPerColumn()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name, domain, latitude, longitude, employees, country) VALUES
                ('a1', 'One', 'acme.com', 91, 10, -5, 'U.S.A.'), ('a2', 'Two', 'not a domain', -90.5, 200, 5, 'Germny'), ('a3', 'Three', 'https://www.ok.io/x', 45, -180, 1, 'EMEA');
            INSERT INTO contacts (contact_id, account_id, email) VALUES
                ('c1', 'a1', 'ann@acme.com'), ('c2', 'a1', 'bad'), ('c3', 'a2', 'x@y'), ('c4', 'a2', NULL), ('c5', 'a3', ''), ('c6', 'a3', 'first.last+tag@mail.acme.co.uk');
            INSERT INTO import_flags VALUES ('run1', 'contacts', 'c1', 'contacts.csv', 2, 'email', 'ann@acme.com', 'suspicious');
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount, discount) VALUES
                ('o1', 'a1', 'p1', DATE '2024-01-01', -50, 1.5), ('o2', 'a1', 'p2', DATE '2024-01-01', 50, 0.5);
            INSERT INTO opportunities (opportunity_id, account_id, created_at, closed_at, stage) VALUES
                ('op1', 'a1', DATE '2024-02-01', DATE '2024-01-01', 'lost'), ('op2', 'a1', DATE '2024-02-01', DATE '2024-03-01', 'won');
            """);

        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 6, 1));

        Assert.Equal(2, Column(report, "accounts", "latitude").Invalid);
        Assert.Equal(1, Column(report, "accounts", "longitude").Invalid);
        Assert.Equal(1, Column(report, "accounts", "employees").Invalid);
        Assert.Equal(1, Column(report, "accounts", "domain").Invalid);
        Assert.Equal(2, Column(report, "accounts", "country").Invalid); // Germny and EMEA; U.S.A. is the United States
        var email = Column(report, "contacts", "email");
        Assert.Equal(3, email.Invalid);
        Assert.Equal(1, email.Flagged);
        Assert.Equal(1, Column(report, "orders", "discount").Invalid);
        Assert.Equal(0, Column(report, "orders", "amount").Invalid);
        Assert.Equal(1, Column(report, "opportunities", "closed_at").Invalid);
        Assert.Equal(1, report.NegativeAmountOrders);
        Assert.Contains(report.Issues, i => i is { Code: "negative_amounts", Severity: IssueSeverity.Info, Penalty: 0, Count: 1 });
        Assert.Equal([new FlagSummary("contacts", "email", "suspicious", 1)], report.Flags);
    }

    [Fact]
    public void Build_RejectedRows_SummarisesThemPerFileAndReason()
    {
        CleanWorld();
        _workspace.Execute("""
            INSERT INTO rejects VALUES
                ('run1', 'orders.csv', 'orders', 3, 'x', 'amount is not a number'),
                ('run1', 'orders.csv', 'orders', 4, 'y', 'amount is not a number'),
                ('run1', 'accounts.csv', 'accounts', 9, 'z', 'name is required');
            """);

        var report = QualityReporter.Build(_workspace);

        Assert.Equal(3, report.RejectedRows);
        Assert.Equal(new RejectSummary("orders.csv", "orders", "amount is not a number", 2), report.Rejects[0]);
        Assert.Equal(new RejectSummary("accounts.csv", "accounts", "name is required", 1), report.Rejects[1]);
        // Both tables are past the 10 % saturation, so the category's 10 points are split between them.
        Assert.Equal(5, report.Issues.Single(i => i is { Code: "rejected_rows", Table: "orders" }).Penalty);
        Assert.Equal(5, report.Issues.Single(i => i is { Code: "rejected_rows", Table: "accounts" }).Penalty);
    }

    [Fact]
    public void Build_CleanWorld_Scores100WithNoIssues()
    {
        CleanWorld();

        var report = QualityReporter.Build(_workspace);

        Assert.Equal(100, report.Score);
        Assert.Empty(report.Issues);
        Assert.Equal(2, report.Accounts);
        Assert.Empty(report.Duplicates);
    }

    [Fact]
    public void Build_ProblemsAdded_ScoreDropsAndIssuesComeBiggestFirst()
    {
        CleanWorld();
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name, domain, industry, employees, annual_revenue, country, latitude, owner_rep_id) VALUES
                ('a3', 'ACME, Inc.', 'https://www.acme.com/', 'software', 50, 1000000, 'US', 95, 'r1'),
                ('a4', 'Initech', NULL, NULL, 10, 1000, 'US', 10, 'r1');
            INSERT INTO contacts (contact_id, account_id, buying_role, email) VALUES ('c3', 'a3', 'influencer', 'broken');
            """);

        var report = QualityReporter.Build(_workspace);

        Assert.True(report.Score < 100);
        Assert.Equal(Math.Round(100 - report.Issues.Sum(i => i.Penalty), 1), report.Score, 1);
        Assert.Equal(report.Issues.OrderByDescending(i => i.Penalty).Select(i => i.Penalty), report.Issues.Select(i => i.Penalty));
        Assert.Equal("duplicate_domain", report.Issues[0].Code);
        Assert.Equal(10, report.Issues[0].Penalty);
        Assert.Equal(IssueSeverity.High, report.Issues[0].Severity);
        Assert.Contains(report.Issues, i => i is { Code: "invalid", Table: "accounts", Column: "latitude", Count: 1 });
        Assert.Contains(report.Issues, i => i is { Code: "incomplete", Column: "industry", Count: 1 });
    }

    [Fact]
    public void ToJson_Report_RoundTripsKeyFieldsInSnakeCase()
    {
        CleanWorld();
        _workspace.Execute("INSERT INTO accounts (account_id, name, domain) VALUES ('a3', 'Acme', 'www.acme.com')");
        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 7, 1));

        var json = QualityReporter.ToJson(report);
        var back = QualityReporter.FromJson(json);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(report.Score, document.RootElement.GetProperty("score").GetDouble());
        Assert.Equal("2024-07-01", document.RootElement.GetProperty("as_of").GetString());
        Assert.Equal("acme.com", document.RootElement.GetProperty("duplicates")[0].GetProperty("key").GetString());
        Assert.Contains("\n  \"", json, StringComparison.Ordinal);
        Assert.Equal(report.Score, back.Score);
        Assert.Equal(report.AsOf, back.AsOf);
        Assert.Equal(report.Issues, back.Issues);
        Assert.Equal(report.Contacts, back.Contacts);
        Assert.Equal(report.Stale, back.Stale);
        Assert.Equal(report.Duplicates[0].AccountIds, back.Duplicates[0].AccountIds);
        Assert.Equal(report.Tables.Select(t => t.RowCount), back.Tables.Select(t => t.RowCount));
    }

    [Fact]
    public void ToHtml_OneAccount_IsToldInTheSingular()
    {
        _workspace.Execute("INSERT INTO accounts (account_id, name) VALUES ('a1', 'One')");

        var html = QualityReporter.ToHtml(QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1)));

        Assert.Contains(" · 1 account</p>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>accounts <span class=\"muted\">1 row</span></h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_CountsOfOne_AreToldInTheSingular_AndOthersInThePlural()
    {
        _workspace.Execute("INSERT INTO accounts (account_id, name, domain) VALUES ('a1', 'One', 'acme.com'), ('a2', 'Two', 'acme.com')");
        var one = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1)) with { RejectedRows = 1, NegativeAmountOrders = 1 };

        var html = QualityReporter.ToHtml(one);

        Assert.Contains("<h2>Duplicate accounts</h2>\n<p>1 group, 2 accounts in at least one group.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>1 order line has a negative amount (returns or credits).</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>1 row rejected.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>orders <span class=\"muted\">0 rows</span></h3>", html, StringComparison.Ordinal);

        _workspace.Execute("INSERT INTO accounts (account_id, name, domain) VALUES ('b1', 'Three', 'globex.de'), ('b2', 'Four', 'globex.de')");
        var two = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1)) with { RejectedRows = 2, NegativeAmountOrders = 1_200 };

        html = QualityReporter.ToHtml(two);

        Assert.Contains("<h2>Duplicate accounts</h2>\n<p>2 groups, 4 accounts in at least one group.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>1,200 order lines have a negative amount (returns or credits).</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>2 rows rejected.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>accounts <span class=\"muted\">4 rows</span></h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_MaliciousAccountName_IsEscapedAndIssuesAreListed()
    {
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name, domain) VALUES ('<b>x</b>', '<script>alert(1)</script>', 'acme.com'), ('a2', '<script>alert(1)</script>', 'ACME.com');
            """);
        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        var html = QualityReporter.ToHtml(report);

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.NotEmpty(report.Issues);
        Assert.All(report.Issues, i => Assert.Contains(System.Net.WebUtility.HtmlEncode(i.Title), html, StringComparison.Ordinal));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EmptyWorkspace_ScoresZeroWithNoAccountsIssue()
    {
        var report = QualityReporter.Build(_workspace, new DateOnly(2024, 1, 1));

        Assert.Equal(0, report.Score);
        Assert.Equal(0, report.Accounts);
        var issue = Assert.Single(report.Issues);
        Assert.Equal("no_accounts", issue.Code);
        Assert.Equal("No accounts loaded", issue.Title);
        Assert.Equal(100, issue.Penalty);
        Assert.Equal(10, report.Tables.Count);
        Assert.All(report.Tables, t => Assert.Equal(0, t.RowCount));
        Assert.Empty(report.Duplicates);
        Assert.All(report.Orphans, o => Assert.Equal(0, o.Checked));
        Assert.Contains("No accounts loaded", QualityReporter.ToHtml(report), StringComparison.Ordinal);
        Assert.Equal(0, QualityReporter.FromJson(QualityReporter.ToJson(report)).Score);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
