using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Pipedrive and Dynamics 365 exports give an opportunity's outcome in a status column; Dynamics adds bookkeeping columns.</summary>
public sealed class ImportOpportunityStatusTests : IDisposable
{
    private const string Accounts = "account_id,name\nA1,Acme\nA2,Beta GmbH\nA3,Gamma\n";

    // A Pipedrive deals list exported to CSV: each field named after its record type.
    private const string PipedriveDeals = """
        "Deal - ID","Deal - Title","Deal - Creator","Deal - Owner","Deal - Value","Deal - Currency","Deal - Organization","Deal - Contact person","Deal - Pipeline","Deal - Stage","Deal - Status","Deal - Deal created","Deal - Expected close date","Deal - Won time","Deal - Lost time","Deal - Lost reason"
        "101","Acme renewal","Ann Lee","Ann Lee","12000","USD","Acme","Jo Smith","Sales","Negotiations Started","won","2025-01-10 09:12:44","2025-02-28","2025-02-20 16:03:11","",""
        "102","Beta pilot","Ann Lee","Bob Ray","4000","USD","Beta GmbH","Kai Berg","Sales","Proposal Made","lost","2025-01-15 10:00:00","2025-03-31","","2025-03-02 11:20:00","Price too high"
        "103","Gamma expansion","Bob Ray","Bob Ray","9000","USD","Gamma","Li Wu","Sales","Qualified","open","2025-02-01 08:30:00","2025-04-30","",""," "

        """;

    // A Dynamics 365 opportunity view exported to Excel and saved as CSV, with the columns it adds for re-import.
    private const string DynamicsOpportunities = """
        (Do Not Modify) Opportunity,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Topic,Potential Customer,Est. Close Date,Est. Revenue,Status,Status Reason,Actual Close Date,Actual Revenue,Owner,Created On
        6f1a3f2e-4b5c-4d6e-8f70-000000000001,hA3kPq9x+Zt1w==,3/1/2025 10:00 AM,Acme 50 units,Acme,2/28/2025,"$50,000.00",Won,Won,2/20/2025,"$48,500.00",Ann Lee,1/10/2025 9:00 AM
        6f1a3f2e-4b5c-4d6e-8f70-000000000002,Qm8vXr2k+Lp0s==,3/2/2025 11:20 AM,Beta pilot,Beta GmbH,3/31/2025,"$20,000.00",Lost,Out-Sold,3/2/2025,$0.00,Bob Ray,1/15/2025 10:00 AM
        6f1a3f2e-4b5c-4d6e-8f70-000000000003,Zx4cVb7n+Mq5t==,2/1/2025 8:30 AM,Gamma expansion,Gamma,4/30/2025,"$9,000.00",Open,In Progress,,,Bob Ray,2/1/2025 8:30 AM
        6f1a3f2e-4b5c-4d6e-8f70-000000000004,Wq1eRt6y+Ui8o==,3/5/2025 9:15 AM,Gamma add-on,Gamma,5/30/2025,"$5,000.00",Lost,Canceled,3/5/2025,$0.00,Bob Ray,2/3/2025 9:00 AM

        """;

    private readonly TestWorkspace _ws = new();

    public ImportOpportunityStatusTests() => _ws.Import(null, ("accounts.csv", Accounts));

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void PipedriveDeals_StatusGivesWon_StageStaysTheStage_ClosedAtFromWonOrLostTime()
    {
        var result = _ws.Import(new ImportOptions(Table: "opportunities"), ("deals-8512-24.csv", PipedriveDeals));

        Assert.Equal([
                ["101", "A1", "Negotiations Started", true, "2025-02-20", 12_000.0, null, "won"],
                ["102", "A2", "Proposal Made", false, "2025-03-02", 4_000.0, "Price too high", "lost"],
                ["103", "A3", "Qualified", null, null, 9_000.0, null, "open"]],
            _ws.Rows("SELECT opportunity_id, account_id, stage, won, closed_at::VARCHAR, amount, lost_reason, deal_status FROM opportunities ORDER BY 1"));
        var notes = result.Files[0].Notes;
        Assert.Contains("deals-8512-24.csv: won (won: true, lost: false, open: none) and stage where 'Deal - Stage' is blank (Closed Won, Closed Lost or Open) read from 'Deal - Status'; "
            + "the column is also kept as a custom attribute", notes);
        Assert.Contains("deals-8512-24.csv: no closed_at column, so each opportunity's is its 'Deal - Won time' or 'Deal - Lost time'", notes);
    }

    [Fact]
    public void DynamicsOpportunities_StatusGivesWonAndStage_StatusReasonKept_BookkeepingColumnsSkippedWithANote()
    {
        var result = _ws.Import(new ImportOptions(Table: "opportunities"), ("Open Opportunities 3-6-2025.csv", DynamicsOpportunities));

        Assert.Equal([
                ["6f1a3f2e-4b5c-4d6e-8f70-000000000001", "A1", "Closed Won", true, "2025-02-20", 50_000.0, "Won", null],
                ["6f1a3f2e-4b5c-4d6e-8f70-000000000002", "A2", "Closed Lost", false, "2025-03-02", 20_000.0, "Out-Sold", "Out-Sold"],
                ["6f1a3f2e-4b5c-4d6e-8f70-000000000003", "A3", "Open", null, null, 9_000.0, "In Progress", null],
                ["6f1a3f2e-4b5c-4d6e-8f70-000000000004", "A3", "Closed Lost", false, "2025-03-05", 5_000.0, "Canceled", "Canceled"]],
            _ws.Rows("SELECT opportunity_id, account_id, stage, won, closed_at::VARCHAR, amount, status_reason, lost_reason FROM opportunities ORDER BY 1"));
        var notes = result.Files[0].Notes;
        Assert.Contains("Open Opportunities 3-6-2025.csv: won (won: true, lost: false, open: none), stage (Closed Won, Closed Lost or Open) and "
            + "lost_reason (a lost one's 'Status Reason') read from 'Status' (or 'Status Reason' where it is blank); the column is also kept as a custom attribute", notes);
        Assert.Contains("Open Opportunities 3-6-2025.csv: '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On' are Dynamics bookkeeping columns, not data: skipped", notes);
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'opportunities' AND column_name LIKE '%do_not_modify%'"));
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM attribute_catalog WHERE source_header LIKE '(Do Not Modify)%'"));
    }

    [Theory]
    [InlineData("Won", true, "Closed Won")]
    [InlineData("WON", true, "Closed Won")]
    [InlineData("Closed Won", true, "Closed Won")]
    [InlineData("closed-won", true, "Closed Won")]
    [InlineData("Lost", false, "Closed Lost")]
    [InlineData("Closed Lost", false, "Closed Lost")]
    [InlineData("Out-Sold", false, "Closed Lost")]
    [InlineData("Canceled", false, "Closed Lost")]
    [InlineData("Cancelled", false, "Closed Lost")]
    [InlineData("open", null, "Open")]
    [InlineData("In Progress", null, "Open")]
    [InlineData("On Hold", null, "Open")]
    [InlineData("Abandoned", false, "Closed Lost")] // Copper, Insightly
    [InlineData("SUSPENDED", null, "Open")]         // Insightly
    [InlineData("active", null, "Open")]            // Close
    public void StatusWords_InAnySpellingOrCase_ReadAsTheOutcome(string status, bool? won, string stage)
    {
        _ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv", $"Deal ID,Account ID,Created Date,Status\nD1,A1,2025-01-02,{status}\n"));

        Assert.Equal(new object?[] { won, stage }, _ws.Rows("SELECT won, stage FROM opportunities")[0]);
    }

    [Theory]
    [InlineData("Opportunity State")] // Insightly
    [InlineData("Status Type")]       // Close
    public void OtherCrmsStatusHeaders_GiveWonToo(string header)
    {
        _ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv", $"Deal ID,Account ID,Created Date,{header}\nD1,A1,2025-01-02,WON\nD2,A1,2025-01-02,ABANDONED\n"));

        Assert.Equal([["D1", true, "Closed Won"], ["D2", false, "Closed Lost"]], _ws.Rows("SELECT opportunity_id, won, stage FROM opportunities ORDER BY 1"));
    }

    [Fact]
    public void InsightlyOpportunities_BidPerUnitOfTimeTimesItsDuration_RecordOwnerIsTheRep_CurrentStageIsTheStage()
    {
        _ws.Import(null, ("reps.csv", "rep_id,name,role\nAnn Lee,Ann Lee,field\n"));

        var result = _ws.Import(new ImportOptions(Table: "opportunities"), ("opportunities.csv",
            "Opportunity ID,Opportunity Name,Organization ID,Date Created,Bid Currency,Bid Amount,Bid Type,Bid Duration,Opportunity State,Current Stage,Record Owner\n"
            + "101,Fit-out,A1,2025-01-02,USD,12000,Fixed Bid,,OPEN,Proposal,Ann Lee\n"
            + "102,Support retainer,A1,2025-01-03,USD,\"1,500\",Per Month,12,WON,Closed,Ann Lee\n"
            + "103,Consulting,A1,2025-01-04,USD,150,Per Hour,,OPEN,Discovery,Ann Lee\n"));

        Assert.Equal([["101", 12_000.0, "Proposal", "Ann Lee"], ["102", 18_000.0, "Closed", "Ann Lee"], ["103", 150.0, "Discovery", "Ann Lee"]],
            _ws.Rows("SELECT opportunity_id, amount, stage, rep_id FROM opportunities ORDER BY 1"));
        Assert.Contains("opportunities.csv: an opportunity's amount is its 'Bid Amount' times its 'Bid Duration' where its 'Bid Type' "
            + "is a bid per hour, day, month or year (a fixed bid is the amount itself)", result.Files[0].Notes);
    }

    [Fact]
    public void StageAndStatus_StageIsTheStage_StatusGivesWon()
    {
        var result = _ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv",
            "Deal ID,Account ID,Created Date,Stage,Status\nD1,A1,2025-01-02,Negotiation,Won\nD2,A1,2025-01-02,Discovery,open\nD3,A1,2025-01-02,,Lost\nD4,A1,2025-01-02,,In Progress\n"));

        // A blank stage (Dynamics' Pipeline Phase on a record without a business process flow) is the status's.
        Assert.Equal([["D1", "Negotiation", true], ["D2", "Discovery", null], ["D3", "Closed Lost", false], ["D4", "Open", null]],
            _ws.Rows("SELECT opportunity_id, stage, won FROM opportunities ORDER BY 1"));
        Assert.Contains("deals.csv: won (won: true, lost: false, open: none) and stage where 'Stage' is blank (Closed Won, Closed Lost or Open) read from 'Status'; "
            + "the column is also kept as a custom attribute", result.Files[0].Notes);
    }

    [Fact]
    public void WonColumnGiven_StatusIsOnlyAnAttribute()
    {
        _ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv", "Deal ID,Account ID,Created Date,Stage,Won,Status\nD1,A1,2025-01-02,Closed Won,true,Pending review\n"));

        Assert.Equal(new object?[] { true, "Pending review" }, _ws.Rows("SELECT won, status FROM opportunities")[0]);
    }

    [Theory]
    [InlineData("Deal ID,Account ID,Created Date,Status\nD1,A1,2025-01-02,won\nD2,A1,2025-01-02,Pending\n",
        "deals.csv:3: column 'status' value 'Pending': not an outcome: expected one of open, won, lost (to read another word as one of them, map it in sightline.yaml: value_maps.opportunities.status)")]
    [InlineData("\"Deal - ID\",\"Deal - Organization\",\"Deal - Deal created\",\"Deal - Stage\",\"Deal - Status\"\n7,Acme,2025-01-02,Qualified,deleted\n",
        "deals.csv:2: column 'deal_status' value 'deleted': not an outcome: expected one of open, won, lost (to read another word as one of them, map it in sightline.yaml: value_maps.opportunities.status)")]
    [InlineData("Opportunity ID,Account ID,Created On,Status Reason\nO1,A1,2025-01-02,Budget Cut\n",
        "deals.csv:2: column 'status_reason' value 'Budget Cut': not an outcome: expected one of open, won, lost (to read another word as one of them, map it in sightline.yaml: value_maps.opportunities.status)")]
    public void UnknownStatus_IsRefusedNamingTheColumnValueAndTheOutcomes(string text, string expected)
    {
        var error = _ws.ImportFails(new ImportOptions(Table: "opportunities"), ("deals.csv", text));

        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM opportunities"));
    }

    [Fact]
    public void UserValueMap_ReadsTheCrmsOwnStatusWords_BeforeTheBuiltInOnes()
    {
        using var ws = new TestWorkspace("value_maps:\n  opportunities:\n    status:\n      Signed: won\n      \"On Hold\": lost\n");
        ws.Import(null, ("accounts.csv", Accounts));

        ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv", "Deal ID,Account ID,Created Date,Status\nD1,A1,2025-01-02,signed\nD2,A1,2025-01-02,On Hold\nD3,A1,2025-01-02,Won\n"));

        Assert.Equal([["D1", true], ["D2", false], ["D3", true]], ws.Rows("SELECT opportunity_id, won FROM opportunities ORDER BY 1"));
    }

    [Fact]
    public void UserValueMap_StatusWordMappedToNoOutcome_IsBadInputAtOpen()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", "value_maps:\n  opportunities:\n    status: { Pending: maybe }\n");

        var error = Assert.Throws<Sightline.BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));

        Assert.StartsWith("sightline.yaml:3: column 'value_maps.opportunities.status.Pending' value 'maybe': not a value of opportunities.status; expected one of open, won, lost",
            error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accounts.csv", "account_id,name,Status\nA7,Delta,Active\nA8,Eon,Inactive\n", "accounts", "A7", "Active")]
    [InlineData("contacts.csv", "contact_id,account_id,Status\nC1,A1,Lost\n", "contacts", "C1", "Lost")]
    public void OtherTables_StatusStaysACustomAttribute(string file, string text, string table, string id, string status)
    {
        _ws.Import(null, (file, text));

        Assert.Equal(status, _ws.Text($"SELECT status FROM {table} WHERE {table[..^1]}_id = '{id}'"));
    }
    // A Salesforce opportunity report (no Opportunity ID unless added), and Copper's and Freshsales' deal exports, name deals only.
    private const string DealsReport = """
        Opportunity Name,Account Name,Stage,Amount,Close Date,Opportunity Owner,Date Created
        Renewal,Acme,Closed Won,"12,000.00",2025-02-20,Ann Lee,2025-01-10
        Renewal,Beta GmbH,Closed Lost,"4,000.00",2025-03-02,Bob Ray,2025-01-15
        Expansion,Gamma,Qualification,"9,000.00",,Bob Ray,2025-02-01

        """;

    [Fact]
    public void DealsWithoutAnIdColumn_AreKeyedByAccountAndName_AndAReimportUpdatesThem()
    {
        _ws.Import(null, ("accounts.csv", Accounts));

        var first = _ws.Import(null, ("Opportunities report.csv", DealsReport));
        _ws.Import(null, ("Opportunities report.csv", DealsReport.Replace("Qualification,\"9,000.00\"", "Proposal,\"9,500.00\"", StringComparison.Ordinal)));

        Assert.Equal(["Acme / Renewal|A1|Closed Won|true|12000.0|2025-01-10", "Beta GmbH / Renewal|A2|Closed Lost|false|4000.0|2025-01-15",
            "Gamma / Expansion|A3|Proposal|null|9500.0|2025-02-01"],
            _ws.Lines("SELECT opportunity_id, account_id, stage, won, amount, created_at FROM opportunities ORDER BY opportunity_id"));
        Assert.Contains("Opportunities report.csv: no opportunity_id column, so each opportunity's id is its 'Account Name' and its 'Opportunity Name' joined "
            + "('Acme / Renewal'); a re-import of the same report updates the same opportunities, and one account's two opportunities of one name are refused as repeats",
            Assert.Single(first.Files).Notes);
    }

    [Fact]
    public void DealsWithoutAnIdColumn_OneAccountsTwoDealsOfOneName_AreRefusedAsRepeats_AndABlankNameHasNoId()
    {
        _ws.Import(null, ("accounts.csv", Accounts));

        var error = _ws.ImportFails(null, ("deals.csv", "Name,Company,Status,Value,Date Created\nUpsell,Acme,Won,100,2025-01-01\nUpsell,Acme,Open,200,2025-02-01\n,Gamma,Open,50,2025-02-02\n"));

        Assert.Equal(["deals.csv:3: column 'opportunity_id' value 'Acme / Upsell': duplicate key; first seen on line 2",
            "deals.csv:4: column 'opportunity_id': the file has no opportunity_id column and this row's name is blank, so it gives the opportunity no id: "
            + "add the deal's name, or an opportunity_id column"], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM opportunities"));
    }

    [Fact]
    public void SuiteCrmOpportunities_ClosedOnesTakeTheirExpectedCloseDate_OpenOnesAndFutureOnesDoNot()
    {
        _ws.Import(null, ("accounts.csv", Accounts));

        var result = _ws.Import(null, ("Opportunities.csv", """
            "ID","Opportunity Name","Account Name","Sales Stage","Amount","Expected Close Date","Assigned to","Date Created"
            "o-1","Acme expansion","Acme","Closed Won","45,000.00","2025-06-30","sarah","2025-01-10 09:00"
            "o-2","Beta pilot","Beta GmbH","Closed Lost","8,000.00","2025-08-15","max","2025-03-02 11:00"
            "o-3","Gamma renewal","Gamma","Negotiation/Review","50,000.00","2026-12-31","sarah","2026-10-01 09:00"
            "o-4","Gamma early","Gamma","Closed Won","1,000.00","2099-01-31","sarah","2026-10-02 09:00"

            """));

        Assert.Equal(["o-1|true|2025-06-30|2025-06-30", "o-2|false|2025-08-15|2025-08-15", "o-3|null|null|2026-12-31", "o-4|true|null|2099-01-31"],
            _ws.Lines("SELECT opportunity_id, won, closed_at, expected_close_date FROM opportunities ORDER BY opportunity_id"));
        Assert.Contains("closed_at taken from expected_close_date for 2 closed opportunities without it (the CRM's one close date, moved to the day the deal closed)",
            Assert.Single(result.Files).Notes);
    }
}
