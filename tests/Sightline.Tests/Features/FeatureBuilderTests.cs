using Sightline.Features;
using Sightline.Tests.Support;

namespace Sightline.Tests.Features;

public sealed class FeatureBuilderTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void SmallWorld() => _ws.Import(null,
        ("products.csv", "product_id,name,family\nP1,Widget,Core Platform\nP2,Scope,Analytics\n"),
        ("accounts.csv", "account_id,name,industry,employees,annual_revenue,created_at,Tier\nA1,Acme,Retail,50,5000000,2020-01-01,Gold\nA2,Beta,Banking,5000,2000000000,2020-01-01,Silver\nA3,Late,Retail,10,,2024-08-01,Bronze\n"),
        ("contacts.csv", "contact_id,account_id,buying_role\nC1,A1,decision_maker\nC2,A1,influencer\nC3,A2,end_user\n"),
        ("orders.csv", "order_id,account_id,product_id,order_date,amount\n" +
            "O1,A1,P1,2023-03-01,100\nO2,A1,P1,2024-02-01,200\nO3,A1,P2,2024-05-01,50\nO4,A1,P1,2025-01-15,400\nO5,A1,P2,2025-01-20,-50\n" +
            "O6,A2,P1,2025-02-01,1000\n"),
        ("touchpoints.csv", "event_id,account_id,occurred_at,channel,direction\nE1,A1,2025-01-10 09:00,call,in\nE2,A1,2024-06-01 10:00,support,in\nE3,A2,2025-02-02 10:00,email,out\n"),
        ("opportunities.csv", "opportunity_id,account_id,created_at,closed_at,stage,amount,won,competitor\n" +
            "X1,A1,2024-01-01,2024-02-01,Closed Won,200,true,Rival\nX2,A1,2024-09-01,2024-10-01,Closed Lost,300,false,Other\nX3,A2,2025-01-01,,Proposal,900,,Rival\n"));

    private Dictionary<string, object?> Row(string accountId)
    {
        using var command = _ws.Workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT * FROM account_features WHERE account_id = '{accountId}'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no features for {accountId}");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    [Fact]
    public void Build_WorkspaceWithoutOrders_ReadsWonOpportunitiesAsPurchases_AndSaysSo()
    {
        // A CRM export without the ERP's invoices: won deals are what the accounts bought.
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Widget,Core Platform\n"),
            ("accounts.csv", "account_id,name\nA1,Acme\nA2,Beta\nA3,Gamma\n"),
            ("opportunities.csv", "opportunity_id,account_id,product_id,created_at,closed_at,stage,amount\n"
                + "X1,A1,P1,2024-01-01,2024-02-01,Won,200\nX2,A1,,2024-06-01,2024-09-01,Closed Won,300\nX3,A2,P1,2024-03-01,2024-04-01,Lost,0\n"
                + "X4,A3,P1,2024-08-01,,Engaging,\n"));

        var summary = FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        Assert.Equal((new DateOnly(2024, 9, 1), 3L, 1L), (summary.AsOf, summary.Accounts, summary.Customers));
        Assert.Equal("no orders are loaded, so won opportunities are the purchases (each one order at its close date for its amount)", summary.PurchasesNote);
        var a1 = Row("A1");
        Assert.Equal((true, 500.0, 2L, 1L), (a1["is_customer"], a1["lifetime_revenue"], a1["orders_12m"], a1["families_bought"]));   // X2 names no product, so no family
        Assert.Equal(new[] { "Core Platform" }, ((IEnumerable<object>)a1["product_families"]!).Cast<string>());
        Assert.Equal(false, Row("A2")["is_customer"]);

        // Once orders are loaded they are the purchases, and the deals are not counted beside them.
        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A2,P1,2024-05-01,80\n"));
        summary = FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        Assert.Equal((new DateOnly(2024, 5, 1), 1L, null), (summary.AsOf, summary.Customers, summary.PurchasesNote));
        Assert.Equal((false, true), (Row("A1")["is_customer"], Row("A2")["is_customer"]));
    }

    [Fact]
    public void Build_OneAccountOneCustomer_RunLogSummaryTellsThemInTheSingular()
    {
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Widget,Core Platform\n"),
            ("accounts.csv", "account_id,name\nA1,Acme\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2024-03-01,120\n"));

        var summary = FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"1 account, 1 customer, {summary.Columns.Count} columns; "),
            _ws.Text($"SELECT summary FROM runs WHERE run_id = '{summary.RunId}'"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AccountsWithOnlyReturnsOrFreeLines_AreNoCustomers()
    {
        // As performance and CLV count customers: a customer bought something. is_customer took any line, last_order_date positive ones.
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Widget,Core Platform\n"),
            ("accounts.csv", "account_id,name\nA1,Acme\nA2,Returns Only\nA3,Free Sample\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2024-01-05,0\nO2,A1,P1,2024-03-01,120\n"
                + "O3,A2,P1,2024-02-01,-40\nO4,A3,P1,2024-02-02,0\n"));

        var summary = FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        Assert.Equal(1L, summary.Customers);
        Assert.Equal((true, new DateOnly(2024, 3, 1)), (Row("A1")["is_customer"], (DateOnly)Row("A1")["first_order_date"]!));
        Assert.Equal((false, null, false, null), (Row("A2")["is_customer"], Row("A2")["first_order_date"], Row("A3")["is_customer"], Row("A3")["first_order_date"]));
    }

    [Fact]
    public void Build_OrdersInAWindow_AreDistinctOrdersWithALineInIt()
    {
        // As of 2025-06-01 the windows start after 2024-06-01 (12m), 2023-06-01 (24m) and 2022-06-01 (36m).
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Widget,Core Platform\nP2,Scope,Analytics\n"),
            ("accounts.csv", "account_id,name\nA1,Acme\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\n"
                + "M1,A1,P1,2025-05-01,100\nM1,A1,P2,2023-01-01,10\n"    // one order, a line in every window
                + "M2,A1,P1,2024-12-01,20\nM2,A1,P2,2024-12-01,30\n"    // two lines, one order
                + "M3,A1,P1,2023-03-01,40\n"                            // 36 months only
                + "M4,A1,P1,2021-01-01,1000\n"                          // before every window
                + "M5,A1,P1,2025-06-01,5\n"                             // the as-of day itself
                + "M6,A1,P1,2022-01-01,7\nM6,A1,P2,2023-01-01,8\n"));  // its later line is in the 36 months

        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        var a1 = Row("A1");
        Assert.Equal((3L, 3L, 5L), (a1["orders_12m"], a1["orders_24m"], a1["orders_36m"]));
        Assert.Equal(213.0, a1["revenue_36m"]);
        Assert.Equal(213.0 / 5, (double)a1["avg_order_value_36m"]!, 9);
    }

    [Fact]
    public void Build_DefaultAsOf_IsLastOrderDateAndValuesAreExact()
    {
        SmallWorld();
        var summary = FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
        Assert.Equal(new DateOnly(2025, 2, 1), summary.AsOf);
        Assert.Equal((3L, 2L), (summary.Accounts, summary.Customers));

        var a1 = Row("A1");
        Assert.Equal(3L, a1["orders_12m"]);                   // O3, O4, O5 (2024-02-01 itself is the previous year)
        Assert.Equal(400.0, a1["revenue_12m"]);
        Assert.Equal(300.0, a1["revenue_prev_12m"]);          // O1 + O2
        Assert.Equal(1.0 / 3, (double)a1["growth_12m"]!, 9);
        Assert.Equal(700.0, a1["lifetime_revenue"]);
        Assert.Equal(2L, a1["families_bought"]);
        Assert.Equal(new[] { "Analytics", "Core Platform" }, ((IEnumerable<object>)a1["product_families"]!).Cast<string>());
        Assert.Equal(true, a1["holds_analytics"]);
        Assert.Equal(700.0, a1["spend_36m_core_platform"]);
        Assert.Equal(1L, a1["touches_call_90d"]);
        Assert.Equal(1L, a1["support_load_365d"]);
        Assert.Equal(0.5, a1["win_rate"]);
        Assert.Equal("Other", a1["last_competitor"]);
        Assert.Equal((true, true, false), (a1["has_decision_maker"], a1["has_influencer"], a1["has_end_user"]));
        Assert.Equal("SMB", a1["size_band"]);
        Assert.Equal("Gold", a1["tier"]);

        var a2 = Row("A2");
        Assert.Equal("Strategic", a2["size_band"]);            // revenue outranks employees
        Assert.Equal(900.0, a2["open_pipeline"]);
        Assert.Equal(0L, a2["touches_email_90d"]);              // the email is a day after as-of
        Assert.Equal(0L, a2["days_since_last_order"]);
    }

    [Fact]
    public void Build_AsOfBeforeTheFirstAccount_IsRefused_AndKeepsTheFeatureTable()
    {
        SmallWorld();
        FeatureBuilder.Build(_ws.Workspace);
        var runs = _ws.Count("SELECT count(*) FROM runs");

        var error = Assert.Throws<BadInputException>(() => FeatureBuilder.Build(_ws.Workspace, new DateOnly(2019, 12, 31)));

        Assert.Equal("--as-of: value '2019-12-31': before the workspace's first account was created (2020-01-01), "
            + "so no account would have features; choose 2020-01-01 or later (the feature table is left as it was)", error.Message);
        Assert.Equal(3, _ws.Count("SELECT count(*) FROM account_features"));
        Assert.Equal(runs, _ws.Count("SELECT count(*) FROM runs"));

        // The first account's own day is the earliest date accepted.
        Assert.Equal(2L, FeatureBuilder.Build(_ws.Workspace, new DateOnly(2020, 1, 1)).Accounts);
    }

    [Fact]
    public void Build_AsOfAfterAnOldTouchButBeforeEveryAccount_IsRefused()
    {
        // Touches have no age limit, so one dated in the year 1000 moved the old "first record" back and let an as-of of
        // 1950 build a table of 0 accounts, reported as done.
        SmallWorld();
        FeatureBuilder.Build(_ws.Workspace);
        _ws.Workspace.Execute("UPDATE touchpoints SET occurred_at = TIMESTAMP '1000-06-01 00:00:00' WHERE event_id = 'E2'");
        _ws.Workspace.Execute("UPDATE orders SET order_date = DATE '1940-01-01' WHERE order_id = 'O1'");

        var error = Assert.Throws<BadInputException>(() => FeatureBuilder.Build(_ws.Workspace, new DateOnly(1950, 1, 1)));

        Assert.Equal("--as-of: value '1950-01-01': before the workspace's first account was created (2020-01-01), "
            + "so no account would have features; choose 2020-01-01 or later (the feature table is left as it was)", error.Message);
        Assert.Equal(3, _ws.Count("SELECT count(*) FROM account_features"));
    }

    [Fact]
    public void Build_AccountWithoutCreationDate_AcceptsAnyAsOf()
    {
        SmallWorld();
        _ws.Workspace.Execute("UPDATE accounts SET created_at = NULL WHERE account_id = 'A2'");

        Assert.Equal(1L, FeatureBuilder.Build(_ws.Workspace, new DateOnly(1950, 1, 1)).Accounts);
    }

    [Fact]
    public void Build_AsOfAfterToday_IsRefused_AndKeepsTheFeatureTable()
    {
        SmallWorld();
        FeatureBuilder.Build(_ws.Workspace);
        var runs = _ws.Count("SELECT count(*) FROM runs");

        var error = Assert.Throws<BadInputException>(() => FeatureBuilder.Build(_ws.Workspace, new DateOnly(2150, 1, 1), FixedClock.Default));

        Assert.Equal("--as-of: value '2150-01-01': after today (2026-11-23): features describe what is known on a day that has come; choose 2026-11-23 or earlier "
            + "(the feature table is left as it was)", error.Message);
        Assert.Equal(runs, _ws.Count("SELECT count(*) FROM runs"));
        Assert.Equal(3L, FeatureBuilder.Build(_ws.Workspace, new DateOnly(2026, 11, 23), FixedClock.Default).Accounts);
    }

    [Fact]
    public void Build_PastAsOf_IgnoresEverythingLater()
    {
        SmallWorld();
        var summary = FeatureBuilder.Build(_ws.Workspace, new DateOnly(2024, 6, 30));
        Assert.Equal((2L, 1L), (summary.Accounts, summary.Customers));   // A3 did not exist yet; A2 had not bought
        var a1 = Row("A1");
        Assert.Equal(350.0, a1["lifetime_revenue"]);
        Assert.Equal(250.0, a1["revenue_12m"]);
        Assert.Equal(new DateOnly(2024, 5, 1), a1["last_order_date"] is DateOnly d ? d : DateOnly.FromDateTime((DateTime)a1["last_order_date"]!));
        Assert.Equal("Rival", a1["last_competitor"]);
        Assert.Equal(1.0, a1["win_rate"]);
        Assert.Equal(false, Row("A2")["is_customer"]);
        Assert.Equal(0.0, Row("A2")["open_pipeline"]);
    }

    [Fact]
    public void Build_ACountrySpelledByCodeOrInItsOwnLanguage_IsItsEnglishName_AnUnknownOneAsWritten()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,country\nA1,Acme,USA\nA2,Beta,u.s.\nA3,Cora,United States\nA4,Dino,Deutschland\nA5,Eon,DE\n"
            + "A6,Fig, united  kingdom \nA7,Gum,Narnia\nA8,Hex,\n"));

        FeatureBuilder.Build(_ws.Workspace, new DateOnly(2025, 1, 1));

        Assert.Equal([["A1", "United States"], ["A2", "United States"], ["A3", "United States"], ["A4", "Germany"], ["A5", "Germany"],
            ["A6", "United Kingdom"], ["A7", "Narnia"], ["A8", null]], _ws.Rows("SELECT account_id, country FROM account_features ORDER BY account_id"));
        Assert.Equal("USA", _ws.Text("SELECT country FROM accounts WHERE account_id = 'A1'")); // the CRM's own text is kept
    }

    [Fact]
    public void Build_AnOpenDealPastItsCloseDate_IsStillPipeline_AClosedOneIsNot()
    {
        // CRM exports give open deals a "Close Date" too: the expected close, which slips.
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"),
            ("opportunities.csv", "Opportunity ID,Account ID,Created Date,Close Date,Stage,Amount\n"
                + "X1,A1,2024-01-01,2024-06-01,Proposal/Price Quote,500\nX2,A1,2024-01-01,2024-06-01,Closed Lost,300\n"
                + "X3,A1,2024-01-01,2024-06-01,Closed Won,200\nX4,A1,2024-01-01,2025-03-01,Closed Won,50\n"));

        FeatureBuilder.Build(_ws.Workspace, new DateOnly(2025, 1, 1));

        var row = Row("A1");
        Assert.Equal((550.0, 2L, 0.5), (Convert.ToDouble(row["open_pipeline"]), row["open_opportunities"], Convert.ToDouble(row["win_rate"])));
    }

    [Fact]
    public void Build_RecordsTheRun()
    {
        SmallWorld();
        var summary = FeatureBuilder.Build(_ws.Workspace);
        Assert.Equal(new object?[] { "features", "3 accounts, 2 customers, " + summary.Columns.Count + " columns; no new events in the touchpoint log" },
            _ws.Rows($"SELECT kind, summary FROM runs WHERE run_id = '{summary.RunId}'")[0]);
    }

    [Fact]
    public void Build_AttributeSets_JoinWithTheirPrefix()
    {
        SmallWorld();
        _ws.Import(new Sightline.Import.ImportOptions(AttributeSet: "firmo"), ("list.csv", "Account ID,Tech Spend\nA1,1200\nA9,5\n"));
        FeatureBuilder.Build(_ws.Workspace);
        Assert.Equal(1200.0, Row("A1")["firmo_tech_spend"]);
        Assert.Null(Row("A2")["firmo_tech_spend"]);
    }

    [Fact]
    public void Build_AttributeSetWithSeveralRowsForAnAccount_ReadsItsFirstRowWhole_AndTheImportSaysSo()
    {
        SmallWorld();
        var result = _ws.Import(new Sightline.Import.ImportOptions(AttributeSet: "sites"),
            ("sites.csv", "Account ID,Site,Seats\nA1,Leeds,\nA2,Rome,40\nA1,York,300\nA1,Hull,7\n"));
        FeatureBuilder.Build(_ws.Workspace);

        Assert.Equal(3L, _ws.Count("SELECT count(*) FROM attr_sites WHERE account_id = 'A1'"));
        Assert.Equal(("Leeds", null), ((string?)Row("A1")["sites_site"], (double?)Row("A1")["sites_seats"]));
        Assert.Contains("sites.csv: 1 account is matched by more than one row (A1 (3 rows)): all rows are kept, and features read each one's first row, in file order",
            result.Files[0].Notes);
    }
}
