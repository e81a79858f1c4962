using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>CRM export headers, the user's map, upserts, replaces, custom attributes and attribute sets.</summary>
public sealed class ImportMappingTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void SalesforceAccountExport_MapsToCanonicalColumns()
    {
        _ws.Import(null, ("Accounts.csv",
            "Account ID,Account Name,Billing Country,Billing State/Province,Industry,Employees,Annual Revenue,Account Owner,Website,Rating\n" +
            "0015g00000A1,\"Acme, Inc.\",United States,CA,Manufacturing,\"1,200\",\"$25,000,000\",Jane Doe,https://acme.com,Hot\n"));
        Assert.Equal(new object?[] { "0015g00000A1", "Acme, Inc.", "United States", "CA", "Manufacturing", 1200L, 25_000_000.0, "Jane Doe", "acme.com", "Hot" },
            _ws.Rows("SELECT account_id, name, country, state, industry, employees, annual_revenue, owner_rep_id, domain, rating FROM accounts")[0]);
        Assert.Equal(new object?[] { "accounts", "rating", "VARCHAR", "Rating" },
            _ws.Rows("SELECT table_name, column_name, data_type, source_header FROM attribute_catalog")[0]);
    }

    [Fact]
    public void HubSpotCompanyExport_MapsToCanonicalColumns()
    {
        _ws.Import(null, ("companies.csv",
            "Record ID,Company name,Number of Employees,Annual Revenue,Country/Region,State/Region,City,Company Domain Name,Industry,Create Date,Lifecycle Stage\n" +
            "9876,Beta GmbH,55,4500000,Germany,Bavaria,Munich,beta.de,COMPUTER_SOFTWARE,2022-04-01 09:15,customer\n"));
        Assert.Equal(new object?[] { "9876", "Beta GmbH", 55L, 4_500_000.0, "Germany", "Bavaria", "Munich", "beta.de", "COMPUTER_SOFTWARE", "2022-04-01", "customer" },
            _ws.Rows("SELECT account_id, name, employees, annual_revenue, country, state, city, domain, industry, created_at::VARCHAR, lifecycle_stage FROM accounts")[0]);
    }

    [Fact]
    public void DataVendorCompanyList_SizeBandsMapAndRead()
    {
        var result = _ws.Import(null, ("companies.csv", """
            Company ID,Company,Website,Company Size,Revenue Range
            V1,Acme,acme.com,51-200 employees,$10M - $50M
            V2,Bolt,bolt.io,"10,001+ employees",$1B+

            """));
        Assert.Equal([["Acme", 126L, 30_000_000.0], ["Bolt", 10_001L, 1_000_000_000.0]],
            _ws.Rows("SELECT name, employees, annual_revenue FROM accounts ORDER BY name"));
        Assert.Contains("employees: 1 value written as a range was read as its midpoint (e.g. 51-200 employees is 126)", result.Files[0].Notes);
    }

    [Fact]
    public void HubSpotCallsExport_MapsToTouchpoints()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\n9876,Beta GmbH\n"));
        _ws.Import(new ImportOptions(Table: "touchpoints"), ("calls.csv", """
            Engagement ID,Associated Company ID,Associated Contact ID,Activity date,Activity type,Call direction,Call outcome
            E-1,9876,C-5,2025-03-04 10:00,Phone Call,Inbound,Connected

            """));
        Assert.Equal([["E-1", "9876", "C-5", "call", "in", "Connected"]],
            _ws.Rows("SELECT event_id, account_id, contact_id, channel, direction, outcome FROM touchpoints"));
    }

    [Fact]
    public void RepeatedHeader_AsAJoinedReportWritesIt_FirstIsRead_TheOtherKeptUnderItsNewName_WithANote()
    {
        var result = _ws.Import(null, ("accounts.csv", "Account ID,Account Name,Created Date,Created Date,Owner\n001A,Acme,2024-01-05,2025-02-06,x\n"));

        Assert.Equal([["001A", "2024-01-05", "2025-02-06"]], _ws.Rows("SELECT account_id, CAST(created_at AS VARCHAR), CAST(created_date_1 AS VARCHAR) FROM accounts"));
        Assert.Contains("accounts.csv: 2 columns are headed 'Created Date' (columns 3 and 4; a report joining two objects writes such labels): "
            + "the first is read as 'Created Date', the other as 'Created Date_1'", result.Files[0].Notes);
        Assert.Equal([("Owner", [2, 5, 9], ["Owner_1", "Owner_2"])],
            Importer.RepeatedHeaders(["Id", "Owner", "Name", "Date", "Owner_1", "Date_x", "Owner_ID", "Name1", "Owner_2"]).Select(r => (r.Header, r.Columns.ToArray(), r.Renamed.ToArray())));
    }

    [Fact]
    public void RepeatedHeader_WhereTheFileWritesTheRepeatsNameToo_KeepsTheFilesOwnColumn_AndTheNoteNamesTheRightColumns()
    {
        // DuckDB read column 3 as name_1 and the file's own name_1 as name_1_1; the note said columns 3 and 4 were headed 'name_1'.
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,name,name_1\nA1,Acme,Other,Third\n"));

        Assert.Equal([["A1", "Acme", "Other", "Third"]], _ws.Rows("SELECT account_id, name, name_2, name_1 FROM accounts"));
        Assert.Equal(["accounts.csv: 2 columns are headed 'name' (columns 2 and 3; a report joining two objects writes such labels): "
            + "the first is read as 'name', the other as 'name_2'"], result.Files[0].Notes.Where(n => n.Contains(" columns are headed ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ActivityObjectExports_WithoutAChannelColumn_TakeTheChannelTheFileNames()
    {
        // HubSpot exports each activity object on its own, with no channel column: the file's name is the channel.
        _ws.Import(null, ("accounts.csv", "account_id,name\n9876,Beta GmbH\n"));
        var result = _ws.Import(null,
            ("hubspot-crm-exports-all-calls-2025-11-23.csv", "Record ID,Associated Company IDs,Activity date,Call direction,Call outcome\nC-1,9876,2025-03-04 10:00,INBOUND,Connected\n"),
            ("Meetings.csv", "Record ID,Associated Company IDs,Activity date,Meeting outcome\nM-1,9876,2025-03-05 14:00,Completed\n"),
            ("emails.csv", "Record ID,Associated Company IDs,Activity date,Activity type\nE-1,9876,2025-03-06 09:00,Webinar\n"));

        Assert.Equal([["C-1", "call", "in"], ["E-1", "event", null], ["M-1", "meeting", null]],
            _ws.Rows("SELECT event_id, channel, direction FROM touchpoints ORDER BY event_id"));
        Assert.Contains("hubspot-crm-exports-all-calls-2025-11-23.csv: no channel column, so each touch's channel is call, from the file's name",
            result.Files.Single(f => f.File.StartsWith("hubspot", StringComparison.Ordinal)).Notes);
        Assert.DoesNotContain(result.Files.SelectMany(f => f.Notes), n => n.StartsWith("emails.csv: no channel column", StringComparison.Ordinal)); // its own column wins

        Assert.Equal("call", Importer.ChannelOfFileName("Calls 2025.xlsx"));
        Assert.Null(Importer.ChannelOfFileName("Event.csv")); // Salesforce's events are meetings
        Assert.Null(Importer.ChannelOfFileName("calls-and-emails.csv")); // two channels: none
        Assert.Null(Importer.ChannelOfFileName("touchpoints.csv"));
    }

    [Fact]
    public void SalesforceActivities_InternalCallType_IsReadAsNoDirectionWithANote_AnUnknownWordIsStillRejected()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\n001A,Acme\n"));

        var result = _ws.Import(new ImportOptions(Table: "touchpoints"), ("activities.csv", """
            Activity ID,Type,Call Type,Date,Account ID
            00T1,Call,Inbound,3/14/2025,001A
            00T2,Call,Internal,3/15/2025,001A
            00T3,Call,internal,3/16/2025,001A
            """));

        Assert.Equal([["00T1", "in"], ["00T2", null], ["00T3", null]], _ws.Rows("SELECT event_id, direction FROM touchpoints ORDER BY event_id"));
        Assert.Contains("direction: 2 values 'Internal' (among colleagues, neither in nor out) were read as no direction", result.Files[0].Notes);

        var error = _ws.ImportFails(new ImportOptions(Table: "touchpoints"), ("activities.csv", "Activity ID,Type,Call Type,Date,Account ID\n00T4,Call,Sideways,3/17/2025,001A\n"));
        Assert.Equal("activities.csv:2: column 'direction' value 'Sideways': expected one of in, out (to read another word as one of them, map it in sightline.yaml: "
            + "value_maps.touchpoints.direction)", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void SalesforceIds_15Character_InAFileWithItsHeaderRepeated_AreReadAndNoted_AndABadRowIsNamedAtItsLine()
    {
        // Two report exports joined end to end: the second part's header line is skipped, the ids read in both parts.
        const string Header = "Account ID,Account Name,Employees\n";
        var result = _ws.Import(null, ("accounts.csv", Header + "0019000000B98de,Acme,10\n" + Header + "001500000012345,Digits Only Co,20\n"));

        Assert.Equal(["0019000000B98deAAB|Acme", "001500000012345|Digits Only Co"], _ws.Lines("SELECT account_id, name FROM accounts ORDER BY name"));
        Assert.Contains("accounts.csv: the header line is repeated on line 3 (files joined together?); skipped, not read as rows", result.Files[0].Notes);
        Assert.Contains("account_id: 1 value written as a Salesforce 15-character id was read as its 18-character form (e.g. 0019000000B98de is 0019000000B98deAAB)",
            result.Files[0].Notes);

        var error = _ws.ImportFails(null, ("accounts.csv", Header + "0019000000C12ab,Bolt,10\n" + Header + "0019000000C12cd,Crane,many\n"));
        Assert.Equal("accounts.csv:4: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void SalesforceIds_15CharacterFromAReport_Match18CharacterFromDataLoader()
    {
        // A report writes 0019000000B98de; the API and Data Loader write 0019000000B98deAAB, with 3 characters encoding its case
        // (the pair Salesforce's documentation of CASESAFEID works through).
        var result = _ws.Import(null, ("accounts.csv", "Account ID,Account Name\n0019000000B98de,Acme\n001500000012345,Digits Only Co\nACC000000000001,Other System\n"));
        _ws.Import(null, ("opportunities.csv", "Opportunity ID,Account ID,Stage,Amount,Created Date,Close Date\n0065000000QwErT,0019000000B98deAAB,Closed Won,100,1/1/2025,2/1/2025\n"));
        _ws.Import(null, ("contacts.csv", "Contact ID,Account ID\n0035000000zzzzzAAA,0019000000B98de\n"));

        Assert.Equal(["0019000000B98deAAB", "001500000012345", "ACC000000000001"], _ws.Rows("SELECT account_id FROM accounts ORDER BY name").Select(r => (string)r[0]!));
        Assert.Equal(new object?[] { "0065000000QwErTAAV", "0019000000B98deAAB" }, _ws.Rows("SELECT opportunity_id, account_id FROM opportunities")[0]);
        Assert.Equal(new object?[] { "0035000000zzzzzAAA", "0019000000B98deAAB" }, _ws.Rows("SELECT contact_id, account_id FROM contacts")[0]);
        Assert.Contains("account_id: 1 value written as a Salesforce 15-character id was read as its 18-character form (e.g. 0019000000B98de is 0019000000B98deAAB)",
            result.Files[0].Notes);

        // A case (prefix 500) from the same documentation: 500x000000003TR is 500x000000003TRAAY.
        _ws.Import(new ImportOptions(Table: "touchpoints"), ("cases.csv", "event_id,account_id,occurred_at,channel\n500x000000003TR,0019000000B98de,2025-03-14,support\n"));
        Assert.Equal("500x000000003TRAAY", _ws.Text("SELECT event_id FROM touchpoints"));
    }

    [Fact]
    public void HubSpotDealExport_AssociatedCompanyIds_ThePrimaryOneIsTheAccount()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\n9876,Beta GmbH\n5555,Gamma AG\n"));

        _ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv", """
            Record ID,Deal Name,Deal Stage,Amount,Create Date,Associated Company IDs,Associated Company IDs (Primary)
            301,Beta pilot,appointmentscheduled,5000,2025-02-01 10:00,5555;9876,9876
            """));

        Assert.Equal(new object?[] { "301", "9876", "5555;9876" }, _ws.Rows("SELECT opportunity_id, account_id, associated_company_ids FROM opportunities")[0]);
    }

    [Fact]
    public void HubSpotContactExport_SeveralCompaniesInOneCell_TheFirstIsTheAccountWithANote()
    {
        // A key is never split: "7;8" is one account's id, however odd.
        _ws.Import(null, ("accounts.csv", "account_id,name\n123,Acme\n456,Beta\n7;8,Odd\n"));

        var result = _ws.Import(null, ("contacts.csv", """
            Contact ID,Email,Associated Company IDs
            11,ann@acme.example,123;456
            12,bob@beta.example,456
            13,cy@odd.example, ;456;123
            14,dee@odd.example,7;8
            """));

        // ... and a reference naming it as written is that account, not account 7.
        Assert.Equal(["11 123", "12 456", "13 456", "14 7;8"], _ws.Rows("SELECT contact_id || ' ' || account_id FROM contacts ORDER BY contact_id").Select(r => (string)r[0]!));
        Assert.Equal("7;8", _ws.Text("SELECT account_id FROM accounts WHERE name = 'Odd'"));
        Assert.Equal("account_id: 2 values written as several ids in one cell, read as the first (a column of one id each, such as HubSpot's "
            + "'(Primary)' one, chooses instead) (e.g. 123;456 is 123)", result.Files[0].Notes.Single(n => n.StartsWith("account_id:", StringComparison.Ordinal)));
    }

    [Fact]
    public void SeveralIdsInOneCell_AKeyOfTheSameImportNamedAsWritten_IsThatKey()
    {
        // The accounts are staged, not yet written, when the contacts' references are read.
        _ws.Import(null, ("accounts.csv", "account_id,name,parent_account_id\n7,Seven,\n7;8,Odd,\n9,Odd's child,7;8\n"),
            ("contacts.csv", "contact_id,email,account_id\n1,a@odd.example,7;8\n2,b@seven.example,7;9\n"));

        Assert.Equal(["1 7;8", "2 7"], _ws.Rows("SELECT contact_id || ' ' || account_id FROM contacts ORDER BY contact_id").Select(r => (string)r[0]!));
        Assert.Equal("7;8", _ws.Text("SELECT parent_account_id FROM accounts WHERE account_id = '9'"));
    }

    [Fact]
    public void VendorListWithoutIds_EachAccountsIdIsItsCompanyDomain_AndKnownDomainsKeepTheCrmValuesAndFillBlanks()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,domain,industry,employees\n0015000000AbCdEAAA,Acme Corp,acme.com,,\n0015000000XyZaBAAA,Delta Inc,delta.com,Retail,80\n"));

        var result = _ws.Import(null, ("companies.csv", """
            Company Name,Website,Industry,# Employees
            Acme Corporation,https://www.Acme.com/about,Manufacturing,1200
            Beta Labs,beta-labs.io,Software,45
            Gamma GmbH,http://gamma.de:8080,Logistics,300
            Delta Incorporated,delta.com,Retail,95
            """));

        // The CRM's accounts keep their ids and every value they had; the list fills only their blanks (Acme's industry and size).
        Assert.Equal(["0015000000AbCdEAAA Acme Corp Manufacturing 1200", "0015000000XyZaBAAA Delta Inc Retail 80", "beta-labs.io Beta Labs Software 45",
            "gamma.de Gamma GmbH Logistics 300"],
            _ws.Rows("SELECT account_id || ' ' || name || ' ' || industry || ' ' || employees FROM accounts ORDER BY account_id").Select(r => (string)r[0]!));
        Assert.Equal((2L, 2L), (result.Files[0].RowsInserted, result.Files[0].RowsUpdated));
        Assert.Contains("companies.csv: no account_id column, so each account's id is its company domain (from 'Website', such as acme.com for "
            + "https://www.acme.com/); an account already in the workspace with that domain keeps its id and its values, and the list fills only the fields it has blank",
            result.Files[0].Notes);
        Assert.Contains("2 rows matched accounts the workspace already has by domain: their values are kept and the list fills only blank fields "
            + "(filled: industry 1, employees 1; different in the list, kept: name 2, employees 1). "
            + "To keep the list's values beside the CRM's, import it as an attribute set (--attributes NAME)", result.Files[0].Notes);

        // An account the list itself added is the list's: a newer list updates it. The same list again changes nothing: its ids are stable.
        var again = _ws.Import(null, ("companies.csv", "Company Name,Website,# Employees\nBeta Labs,https://beta-labs.io,60\n"));
        Assert.Equal((0L, 1L, 4L), (again.Files[0].RowsInserted, again.Files[0].RowsUpdated, _ws.Count("SELECT count(*) FROM accounts")));
        Assert.Equal(60.0, Convert.ToDouble(_ws.Workspace.Scalar("SELECT employees FROM accounts WHERE account_id = 'beta-labs.io'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(again.Files[0].Notes, n => n.Contains("matched accounts the workspace already has", StringComparison.Ordinal));
    }

    [Fact]
    public void VendorListWithoutIds_RowsWithoutACompanyDomain_AreRefusedSayingWhy()
    {
        var error = Assert.Throws<BadInputException>(() => _ws.Import(null, ("companies.csv", """
            Company Name,Website
            Acme,acme.com
            Solo Consulting,jane.doe@gmail.com
            Nameless,
            Typo,not a website
            Acme again,www.acme.com
            """)));

        var why = StagingPlan.NoDomainForId;
        Assert.Equal([$"companies.csv:3: column 'account_id': {why}", $"companies.csv:4: column 'account_id': {why}", $"companies.csv:5: column 'account_id': {why}",
            "companies.csv:6: column 'account_id' value 'acme.com': duplicate key; first seen on line 2"], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));

        // Neither ids nor domains in a workspace whose accounts have CRM ids: the message says what would do.
        _ws.Import(null, ("accounts.csv", "account_id,name\n0011,Acme\n"));
        var neither = Assert.Throws<BadInputException>(() => _ws.Import(null, ("companies.csv", "Company Name,Industry\nAcme,Software\n")));
        Assert.Equal("companies.csv:1: missing required column 'account_id' (no header maps to it; headers seen: Company Name, Industry); "
            + "a list without ids needs a domain or website column: each account's id is then its company domain "
            + "(names are taken as ids only while no account has an id other than its name)", neither.Diagnostics[0].ToString());
    }

    [Fact]
    public void FileWithoutAHeaderLine_IsToldItsFirstLineLooksLikeARecord()
    {
        var error = _ws.ImportFails(null, ("orders.csv", "O1,A1,P1,2025-03-01,1200\nO2,A1,P1,2025-04-01,800\n"));

        Assert.Equal("orders.csv:1: missing required columns 'order_id', 'account_id', 'product_id', 'order_date', 'amount' (no header maps to them; "
            + "headers seen: O1, A1, P1, 2025-03-01, 1200); the first line looks like a record, not a header ('2025-03-01', '1200' are values): "
            + "add a first line naming the columns (order_id, account_id, product_id, order_date, amount, ...)", error.Diagnostics[0].ToString());
    }

    [Fact]
    public void MavenCrmSalesOpportunities_FilesKeyedByNames_LoadWithNamesAsIds()
    {
        // The shape of Maven Analytics' public "CRM Sales Opportunities" data set: no id columns, rows referred to by name.
        var result = _ws.Import(null,
            ("accounts.csv", """
                account,sector,year_established,revenue,employees,office_location,subsidiary_of
                Acme Corporation,technolgy,1996,1100.04,2822,United States,
                Codehow,software,1998,2714.9,2641,United States,Acme Corporation
                """),
            ("products.csv", "product,series,sales_price\nGTX Basic,GTX,550\nGTX Pro,GTX,4821\n"),
            ("sales_pipeline.csv", """
                opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
                1C1I7A6R,Moses Frase,GTX Basic,Codehow,Won,2016-10-20,2017-03-01,1054
                Z063OYW0,Darcel Schlecht,GTX Pro,Acme Corporation,Lost,2016-10-25,2017-03-11,0
                HAXMC4IX,Anna Snelling,GTX Pro,Codehow,Engaging,2017-10-15,,
                """));

        Assert.Equal([["Acme Corporation", "Acme Corporation", "technolgy", null], ["Codehow", "Codehow", "software", "Acme Corporation"]],
            _ws.Rows("SELECT account_id, name, industry, parent_account_id FROM accounts ORDER BY 1"));
        Assert.Equal([["GTX Basic", "GTX", 550.0], ["GTX Pro", "GTX", 4821.0]], _ws.Rows("SELECT product_id, family, list_price FROM products ORDER BY 1"));
        Assert.Equal([
            ["1C1I7A6R", "Codehow", "GTX Basic", "Moses Frase", "Won", true, 1054.0, new DateOnly(2016, 10, 20)],
            ["HAXMC4IX", "Codehow", "GTX Pro", "Anna Snelling", "Engaging", null, null, new DateOnly(2017, 10, 15)],
            ["Z063OYW0", "Acme Corporation", "GTX Pro", "Darcel Schlecht", "Lost", false, 0.0, new DateOnly(2016, 10, 25)],
        ], _ws.Rows("SELECT opportunity_id, account_id, product_id, rep_id, stage, won, amount, created_at FROM opportunities ORDER BY 1"));
        Assert.Contains("accounts.csv: no account_id column, so each account's id is its name (from 'account'); files that refer to accounts must name them the same way",
            result.Files.Single(f => f.File == "accounts.csv").Notes);
        Assert.Equal("opportunities", result.Files.Single(f => f.File == "sales_pipeline.csv").Table);

        // The data set's own flaw: the pipeline writes "GTXPro" for the product "GTX Pro": read as it, with a note; a name
        // that is no product's however written is refused.
        var typo = _ws.ImportFails(new ImportOptions(Table: "opportunities"), ("more.csv", """
            opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
            ZZ1,Moses Frase,GTXPro,Codehow,Won,2016-10-20,2017-03-01,4514
            ZZ2,Moses Frase,GTX Ultra,Codehow,Won,2016-10-20,2017-03-01,4514
            """));
        Assert.Equal(["more.csv:3: column 'product_id' value 'GTX Ultra': no such product (not found in products.product_id)"], typo.Diagnostics.Select(d => d.ToString()));
        var spaced = _ws.Import(new ImportOptions(Table: "opportunities"), ("more.csv", """
            opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
            ZZ1,Moses Frase,GTXPro,Codehow,Won,2016-10-20,2017-03-01,4514
            """));
        Assert.Equal("GTX Pro", _ws.Text("SELECT product_id FROM opportunities WHERE opportunity_id = 'ZZ1'"));
        Assert.Contains("product_id: 1 value was the name of a product written with other spacing, case or punctuation, read as that product's id (e.g. 'GTXPro' is 'GTX Pro')",
            spaced.Files[0].Notes);

        // The sales teams file is a reps file, and says what it lacks.
        var teams = _ws.ImportFails(null, ("sales_teams.csv", "sales_agent,manager,regional_office\nMoses Frase,Dustin Brinkmann,Central\n"));
        Assert.StartsWith("sales_teams.csv:1: missing required column 'role'", teams.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MavenCrmSalesOpportunities_FourFilesThroughTheCli_LoadAsExported_ManagersWithoutRowsMadeReps()
    {
        // Maven Analytics' "CRM Sales Opportunities" as downloaded: four files, no ids, managers named by the team list only.
        // The one thing the data set cannot say is the reps' coverage model, so the workspace names it.
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: field\n");
        ws.Files.Write("maven/accounts.csv", """
            account,sector,year_established,revenue,employees,office_location,subsidiary_of
            Acme Corporation,technolgy,1996,1100.04,2822,United States,
            Bioholding,medical,2012,587.34,1356,Philipines,
            Codehow,software,1998,2714.9,2641,United States,Acme Corporation
            Hottechi,technolgy,1997,8170.38,16499,Korea,
            Zotware,software,1979,4478.47,13809,United States,

            """);
        ws.Files.Write("maven/products.csv", "product,series,sales_price\nGTX Basic,GTX,550\nGTX Pro,GTX,4821\nMG Special,MG,55\n");
        ws.Files.Write("maven/sales_teams.csv", """
            sales_agent,manager,regional_office
            Anna Snelling,Dustin Brinkmann,Central
            Moses Frase,Dustin Brinkmann,Central
            Darcel Schlecht,Melvin Marxen,Central
            Violet Mclelland,Cara Losch,East
            Corliss Cosme,Cara Losch,East
            Vicki Laflamme,Celia Rouche,West

            """);
        ws.Files.Write("maven/sales_pipeline.csv", """
            opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
            1C1I7A6R,Moses Frase,GTX Basic,Codehow,Won,2016-10-20,2017-03-01,1054
            Z063OYW0,Darcel Schlecht,GTXPro,Acme Corporation,Lost,2016-10-25,2017-03-11,0
            EC4QE1BX,Violet Mclelland,MG Special,Hottechi,Won,2016-10-25,2017-03-07,4514
            HAXMC4IX,Anna Snelling,GTX Pro,Bioholding,Engaging,2017-10-15,,

            """);

        var (exit, output, error) = Support.Cli.Run("import", "--workspace", ws.WorkspaceDirectory, ws.Files.File("maven"));

        Assert.True(exit == 0, error);
        Assert.Equal([
            "Anna Snelling|field|Dustin Brinkmann|Central", "Cara Losch|manager|null|East", "Celia Rouche|manager|null|West",
            "Corliss Cosme|field|Cara Losch|East", "Darcel Schlecht|field|Melvin Marxen|Central", "Dustin Brinkmann|manager|null|Central",
            "Melvin Marxen|manager|null|Central", "Moses Frase|field|Dustin Brinkmann|Central", "Vicki Laflamme|field|Celia Rouche|West",
            "Violet Mclelland|field|Cara Losch|East"], ws.Lines("SELECT rep_id, role, manager_id, region FROM reps ORDER BY rep_id"));
        Assert.Equal(["Dustin Brinkmann"], ws.Lines("SELECT name FROM reps WHERE rep_id = 'Dustin Brinkmann'"));
        Assert.Contains("  note: sales_teams.csv: 4 managers named in 'manager' have no row of their own: each is made a rep keyed and named by that name, "
            + "role manager, with the 'regional_office' their team shares where all of it shares one: Cara Losch (2 reps, East), Celia Rouche (1 rep, West), "
            + "Dustin Brinkmann (2 reps, Central), Melvin Marxen (1 rep, Central)", output.ReplaceLineEndings("\n").Split('\n'));

        Assert.Equal(["Acme Corporation|United States|null", "Bioholding|Philipines|null", "Codehow|United States|Acme Corporation",
            "Hottechi|Korea|null", "Zotware|United States|null"], ws.Lines("SELECT account_id, country, parent_account_id FROM accounts ORDER BY 1"));
        Assert.Contains("  note: accounts.csv: no country column, and 'office_location' holds country names (4 of 5 values), so it is read as each account's country; "
            + "1 value naming no country known ('Philipines') is kept as written, and the quality report flags it", output.ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(0, ws.Count("SELECT count(*) FROM attribute_catalog WHERE column_name = 'office_location'"));

        Assert.Equal(["1C1I7A6R|Codehow|GTX Basic|Moses Frase|Won|true|1054.00", "EC4QE1BX|Hottechi|MG Special|Violet Mclelland|Won|true|4514.00",
            "HAXMC4IX|Bioholding|GTX Pro|Anna Snelling|Engaging|null|null", "Z063OYW0|Acme Corporation|GTX Pro|Darcel Schlecht|Lost|false|0.00"],
            ws.Lines("SELECT opportunity_id, account_id, product_id, rep_id, stage, won, amount::DECIMAL(18, 2) FROM opportunities ORDER BY 1"));
        Assert.Equal(3, ws.Count("SELECT count(*) FROM products"));

        // Imported again, the managers are rows already: nothing is made twice.
        var again = Support.Cli.Run("import", "--workspace", ws.WorkspaceDirectory, ws.Files.File("maven/sales_teams.csv"));
        Assert.Equal(0, again.Exit);
        Assert.DoesNotContain("have no row of their own", again.Out, StringComparison.Ordinal);
        Assert.Equal(10, ws.Count("SELECT count(*) FROM reps"));
    }

    [Fact]
    public void TeamListKeyedByNames_ManagerOneOrTwoLettersFromARepOrABetterNamedManager_IsRefusedAsAMisspelling()
    {
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: inside\n");
        var error = ws.ImportFails(null, ("sales_teams.csv", """
            sales_agent,manager,regional_office
            Anna Snelling,Dustin Brinkmann,Central
            Moses Frase,Dustin Brinkmann,Central
            Zane Levy,Dustin Brinkman,Central
            Cecily Lampkin,Ana Snelling,Central

            """));

        const string NotFound = "no such rep (not found in reps.rep_id; add a row for it, in this file or an earlier import)";
        const string Why = "(a manager's name one or two letters from a rep's, or from another manager's that more rows name, is read as a misspelling of it, "
            + "not as a manager without a row of their own)";
        Assert.Equal([
            $"sales_teams.csv:4: column 'manager_id' value 'Dustin Brinkman': {NotFound}; did you mean 'Dustin Brinkmann'? {Why}",
            $"sales_teams.csv:5: column 'manager_id' value 'Ana Snelling': {NotFound}; did you mean 'Anna Snelling'? {Why}"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, ws.Count("SELECT count(*) FROM reps"));

        // With --lenient the misspelt ones' rows go to rejects; the manager written alike twice is made, once.
        var lenient = ws.Import(new ImportOptions(Lenient: true), ("sales_teams.csv", """
            sales_agent,manager,regional_office
            Anna Snelling,Dustin Brinkmann,Central
            Moses Frase,Dustin Brinkmann,East
            Zane Levy,Dustin Brinkman,Central

            """));
        Assert.Equal(["Anna Snelling|inside|Dustin Brinkmann", "Dustin Brinkmann|manager|null", "Moses Frase|inside|Dustin Brinkmann"],
            ws.Lines("SELECT rep_id, role, manager_id FROM reps ORDER BY 1"));
        Assert.Null(ws.Text("SELECT region FROM reps WHERE rep_id = 'Dustin Brinkmann'")); // a team across two offices gives its manager none
        Assert.Equal(1, ws.Count("SELECT count(*) FROM rejects WHERE line = 4 AND reason LIKE '%did you mean ''Dustin Brinkmann''%'"));
        Assert.Contains("sales_teams.csv: 1 manager named in 'manager' has no row of their own: each is made a rep keyed and named by that name, role manager, "
            + "with the 'regional_office' their team shares where all of it shares one: Dustin Brinkmann (2 reps)", lenient.Files[0].Notes);
    }

    [Fact]
    public void AccountsWithoutACountryColumn_PlaceColumnOfCities_StaysACustomAttribute()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Office Location\nA1,Acme,\"Austin, TX\"\nA2,Bolt,London office\nA3,Core,Germany\n"));

        Assert.Equal(["A1|null|Austin, TX", "A2|null|London office", "A3|null|Germany"], _ws.Lines("SELECT account_id, country, office_location FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void HeaderNamingTheWorkspaceCurrency_MapsWithoutIt_AnotherCurrencyStaysCustom()
    {
        _ws.Import(null, ("accounts.csv", "Account ID,Account Name,Annual Revenue (USD)\nA1,Acme,\"$1,200,000\"\n"));
        _ws.Import(null, ("opportunities.csv", "opportunity_id,account_id,created_at,stage,Amount [$],Amount (EUR)\nP1,A1,2025-01-02,open,250,900\n"));

        Assert.Equal(1_200_000.0, Convert.ToDouble(_ws.Workspace.Scalar("SELECT annual_revenue FROM accounts"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new object?[] { 250.0, 900.0 }, _ws.Rows("SELECT amount::DOUBLE, amount_eur::DOUBLE FROM opportunities")[0]); // EUR is not the workspace's USD

        _ws.Import(null, ("accounts.csv", "Account ID,Account Name,Annual Revenue (in USD)\nA2,Beta,\"2,000\"\n"));
        Assert.Equal(2_000.0, Convert.ToDouble(_ws.Workspace.Scalar("SELECT annual_revenue FROM accounts WHERE account_id = 'A2'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DynamicsExport_GuidKeysAndAddressHeaders_Map()
    {
        var result = _ws.Import(new ImportOptions(Table: "accounts"), ("Active Accounts.csv",
            "(Do Not Modify) Account,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Account Name,Account Number,Address 1: City,Address 1: Country/Region,"
            + "Address 1: State/Province,Address 1: ZIP/Postal Code,No. of Employees\n"
            + "6d1a3f2e-4b5c-4d6e-8f70-000000000001,abc==,2024-01-01 10:00,Acme,,Boston,United States,MA,02110,120\n"));

        Assert.Equal([["6d1a3f2e-4b5c-4d6e-8f70-000000000001", "Acme", "Boston", "United States", "MA", "02110", 120L]],
            _ws.Rows("SELECT account_id, name, city, country, state, postal_code, employees FROM accounts"));
        Assert.Contains(result.Files[0].Notes, n => n.Contains("'(Do Not Modify) Account' is read as it", StringComparison.Ordinal));

        // The columns Dynamics adds for its own re-import are no attributes; the id column is read as the key.
        Assert.Contains("Active Accounts.csv: '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On' are Dynamics bookkeeping columns, not data: skipped",
            result.Files[0].Notes);
        Assert.Equal(["account_number"], _ws.Rows("SELECT column_name FROM attribute_catalog WHERE table_name = 'accounts'").Select(r => (string)r[0]!));
    }

    [Fact]
    public void AccountGivenByItsName_InAContactReport_AndZohoStyleDealDates_AreRead()
    {
        // A Salesforce contact report names each contact's account ("Account Name") unless an id column is added; Zoho
        // CRM writes "Created Time" and "Closing Date".
        _ws.Import(null, ("accounts.csv", "Account ID,Account Name\n001A,Acme\n001B,Bolt AS\n"));
        var result = _ws.Import(null,
            ("contacts.csv", "Contact ID,First Name,Last Name,Title,Account Name\n003A,Kari,Berg,CFO,Acme\n003B,Per,Dahl,CTO,bolt as\n"),
            ("Deals.csv", "Record Id,Deal Name,Account Name,Stage,Amount,Closing Date,Created Time\n"
                + "006A,Acme renewal,Acme,Closed Won,1000,2025-03-01,2025-01-02 10:00:00\n"));

        Assert.Equal([["003A", "001A"], ["003B", "001B"]], _ws.Rows("SELECT contact_id, account_id FROM contacts ORDER BY contact_id"));
        Assert.Contains("account_id: 2 values were accounts' names, read as their ids (e.g. 'Acme' is '001A')", result.Files[0].Notes);
        Assert.Equal([["006A", "001A", "2025-01-02", "2025-03-01"]],
            _ws.Rows("SELECT opportunity_id, account_id, CAST(created_at AS VARCHAR), CAST(closed_at AS VARCHAR) FROM opportunities"));

        var error = _ws.ImportFails(null, ("contacts.csv", "Contact ID,Last Name,Account Name\n003C,Nord,Nowhere Inc\n"));
        Assert.Equal(["contacts.csv:2: column 'account_id' value 'Nowhere Inc': no such account (not found in accounts.account_id)"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void OwnerAndParentGivenByName_AsSalesforceExportsThem_AreReadAsIds_ANameOfTwoListsThem()
    {
        var reps = ("reps.csv", "User ID,Full Name,Role\n005A,Ann Lee,field\n005B,Bob Ray,inside\n005C,Ann Lee,inside\n");
        var accounts = "Account ID,Account Name,Account Owner,Parent Account\n001A,Acme Corporation,Bob Ray,\n001B,Acme Europe, bob ray ,Acme Corporation\n"
            + "001C,Gamma,005A,\n";
        var result = _ws.Import(null, reps, ("accounts.csv", accounts));

        Assert.Equal([["001A", "005B", null], ["001B", "005B", "001A"], ["001C", "005A", null]],
            _ws.Rows("SELECT account_id, owner_rep_id, parent_account_id FROM accounts ORDER BY account_id"));
        Assert.Contains("parent_account_id: 1 value was an account's name, read as its id ('Acme Corporation' is '001A')", result.Files[1].Notes);
        Assert.Contains("owner_rep_id: 2 values were reps' names, read as their ids (e.g. 'Bob Ray' is '005B')", result.Files[1].Notes);

        var error = _ws.ImportFails(null, ("accounts.csv", "Account ID,Account Name,Account Owner\n001D,Delta,Ann Lee\n001E,Eon,Zed Zee\n"));
        Assert.Equal(["accounts.csv:2: column 'owner_rep_id' value 'Ann Lee': no such rep (not found in reps.rep_id); 'Ann Lee' is the name of 2 reps (005A, 005C): write the id",
            "accounts.csv:3: column 'owner_rep_id' value 'Zed Zee': no such rep (not found in reps.rep_id)"], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void DealsExportWithoutAWonColumn_TakesWonFromTheStage()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        var result = _ws.Import(new ImportOptions(Table: "opportunities"), ("deals.csv", """
            Deal ID,Associated Company ID,Create Date,Deal Stage,Amount,Close Date
            D1,A1,2025-01-02,Closed won,1000,2025-02-01
            D2,A1,2025-01-02,Closed Lost,500,2025-02-03
            D3,A1,2025-01-02,Negotiation,700,
            D5,A1,2025-01-02,Closed Lost to Competition,900,2025-02-04
            D6,A1,2025-01-02,Closed-Won (signed),400,2025-02-05
            D7,A1,2025-01-02,Won't proceed,300,2025-02-06
            D8,A1,2025-01-02,Lost,200,2025-02-07

            """));

        Assert.Equal([["D1", true], ["D2", false], ["D3", null], ["D5", false], ["D6", true], ["D7", null], ["D8", false]],
            _ws.Rows("SELECT opportunity_id, won FROM opportunities ORDER BY opportunity_id"));
        Assert.Contains("won taken from the stage for 5 opportunities without it (Closed Won: true, Closed Lost: false)", result.Files[0].Notes);

        // A won column the file gives is never overridden by the stage.
        _ws.Import(new ImportOptions(Table: "opportunities"), ("more.csv", "opportunity_id,account_id,created_at,stage,won\nD4,A1,2025-01-02,Closed Won,false\n"));
        Assert.Equal(false, _ws.Rows("SELECT won FROM opportunities WHERE opportunity_id = 'D4'")[0][0]);
    }

    [Fact]
    public void ContactsWithMultiSelectBuyingRoles_KeepTheRoleThatWeighsMost_WhateverTheOrderOrSeparator()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        _ws.Import(null, ("contacts.csv", """
            Record ID,Associated Company ID,Job Title,Buying Role
            C1,A1,CFO,Decision Maker;Budget Holder
            C2,A1,Analyst,Other; Champion
            C3,A1,Engineer,End User
            C4,A1,Intern,
            C5,A1,COO,"Influencer, Economic Buyer"
            C6,A1,Lead,End User|Champion|Blocker

            """));
        Assert.Equal([["C1", "decision_maker"], ["C2", "champion"], ["C3", "end_user"], ["C4", null], ["C5", "decision_maker"], ["C6", "champion"]],
            _ws.Rows("SELECT contact_id, buying_role FROM contacts ORDER BY contact_id"));

        var error = _ws.ImportFails(null, ("contacts.csv", "contact_id,account_id,buying_role\nC5,A1,Mentor;Coach\n"));
        Assert.Equal("contacts.csv:2: column 'buying_role' value 'Mentor;Coach': expected one of decision_maker, influencer, end_user, champion, blocker "
            + "(to read another word as one of them, map it in sightline.yaml: value_maps.contacts.buying_role)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void RepTitles_WithAPlainCoverageModel_MapToRoles_AnAmbiguousTitleIsRefusedWithTheSetting()
    {
        _ws.Import(null, ("reps.csv", """
            User ID,Full Name,Role
            U1,Ann Lee,Account Executive
            U2,Bob Ray,SDR
            U3,Cy Dunn,Business Development Representative
            U4,Ed Poe,Inside Sales Rep
            U5,Flo Yu,Partner Manager
            U6,Gil Ho,Enterprise Account Executive
            U7,Ivy Sol,Solutions Engineer
            U8,Jo Kim,E-Commerce

            """));
        Assert.Equal([["U1", "field"], ["U2", "inside"], ["U3", "inside"], ["U4", "inside"], ["U5", "partner"], ["U6", "field"], ["U7", "overlay"], ["U8", "digital"]],
            _ws.Rows("SELECT rep_id, role FROM reps ORDER BY rep_id"));

        var error = _ws.ImportFails(null, ("reps.csv", "rep_id,name,role\nU9,Hal Ng,Account Manager\n"));
        Assert.Equal("reps.csv:2: column 'role' value 'Account Manager': expected one of field, inside, digital, partner, overlay, manager "
            + "(to read another word as one of them, map it in sightline.yaml: value_maps.reps.role)", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void SalesforceContactRoles_AndHubSpotBuyingRoles_MapToBuyingRoles_OtherIsNoRoleWithANote()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

        var result = _ws.Import(null, ("contacts.csv", """
            Contact ID,Account ID,Role
            C1,A1,Economic Decision Maker
            C2,A1,Technical Buyer
            C3,A1,Business User
            C4,A1,Executive Sponsor
            C5,A1,Evaluator
            C6,A1,Legal & Compliance
            C7,A1,Other
            """));

        Assert.Equal([["C1", "decision_maker"], ["C2", "influencer"], ["C3", "end_user"], ["C4", "champion"], ["C5", "influencer"], ["C6", "influencer"], ["C7", null]],
            _ws.Rows("SELECT contact_id, buying_role FROM contacts ORDER BY contact_id"));
        Assert.Contains("buying_role: 1 value 'Other' (a role the CRM does not name) was read as no buying_role", result.Files[0].Notes);
    }

    [Fact]
    public void HubSpotEmailDirection_IncomingIsIn_EmailIsOut()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\n9876,Beta GmbH\n"));

        _ws.Import(new ImportOptions(Table: "touchpoints"), ("emails.csv", """
            Engagement ID,Associated Company ID,Activity date,Activity Type,Email direction
            E1,9876,2025-03-14 09:00,Email,INCOMING_EMAIL
            E2,9876,2025-03-14 10:00,Email,EMAIL
            E3,9876,2025-03-14 11:00,Email,FORWARDED_EMAIL
            """));

        Assert.Equal([["E1", "in"], ["E2", "out"], ["E3", "in"]], _ws.Rows("SELECT event_id, direction FROM touchpoints ORDER BY event_id"));
    }

    [Fact]
    public void UserColumnMap_WinsOverBuiltIns()
    {
        using var ws = new TestWorkspace("column_maps:\n  accounts:\n    \"Acct Num\": account_id\n    \"Legal Entity\": name\n    \"Name\": sub_industry\n");
        ws.Import(null, ("accounts.csv", "Acct Num,Legal Entity,Name\nX1,Acme Holdings,Widgets\n"));
        Assert.Equal(new object?[] { "X1", "Acme Holdings", "Widgets" }, ws.Rows("SELECT account_id, name, sub_industry FROM accounts")[0]);
    }

    [Fact]
    public void UserColumnMap_OfTouchpoints_AlsoReadsTheHeadersOfSightlineTouchFiles()
    {
        using var ws = new TestWorkspace("column_maps:\n  touchpoints:\n    Vorgang: event_id\n    Firma: account_id\n    Zeitpunkt: occurred_at\n    Art: channel\n");
        ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        var path = ws.Files.Write("anrufe.csv", "Vorgang;Firma;Zeitpunkt;Art;Produktfamilie\nV1;A1;2025-03-15T10:00:00Z;call;x\n");
        var notes = new List<string>();

        var events = new Sightline.Realtime.TouchpointEventValidator(ws.Workspace).ValidateFile(path, notes);

        Assert.Equal(("V1", "A1", "call"), (events[0].EventId, events[0].AccountId, events[0].Channel));
        Assert.StartsWith("anrufe.csv: column 'Produktfamilie' not read: ", Assert.Single(notes), StringComparison.Ordinal);
    }

    [Fact]
    public void UserValueMap_ReadsTheCrmsOwnWords_BeforeTheBuiltInOnes()
    {
        using var ws = new TestWorkspace("value_maps:\n  reps:\n    role:\n      \"Account Executive\": field\n      SDR: inside\n"
            + "  touchpoints:\n    channel:\n      Visit: event\n    direction:\n      Internal: out\n");
        ws.Import(null, ("reps.csv", "rep_id,name,role\nR1,Ann,Account Executive\nR2,Bob,sdr\nR3,Cy,account-executive\nR4,Di,Inside Sales\n"));
        Assert.Equal([["R1", "field"], ["R2", "inside"], ["R3", "field"], ["R4", "inside"]], ws.Rows("SELECT rep_id, role FROM reps ORDER BY rep_id"));

        // The user's word wins over the built-in synonym (visit is a meeting by default).
        ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        ws.Import(new ImportOptions(Table: "touchpoints"), ("touches.csv", "event_id,account_id,occurred_at,channel,direction\nE1,A1,2025-03-14,Visit,Internal\n"));
        Assert.Equal(new object?[] { "event", "out" }, ws.Rows("SELECT channel, direction FROM touchpoints")[0]); // and over a word that is no value by default

        // sightline touch and the touch API read the same words.
        const string Touch = """{"event_id":"E2","account_id":"A1","occurred_at":"2025-03-15T10:00:00Z","channel":"visit","direction":"INTERNAL"}""";
        var touched = new Sightline.Realtime.TouchpointEventValidator(ws.Workspace).ValidateJson(Touch, "--event");
        var posted = new Sightline.Realtime.TouchpointEventValidator(_ => new HashSet<string> { "A1" },
            Sightline.Realtime.TouchpointEventValidationOptions.For(ws.Workspace.Settings)).ValidateJson(Touch, "body");
        Assert.Equal([("event", "out"), ("event", "out")], new[] { touched[0], posted[0] }.Select(e => (e.Channel, e.Direction)));
        Assert.Equal("meeting", new Sightline.Realtime.TouchpointEventValidator(_ => new HashSet<string> { "A1" }) // without the map: the built-in synonym
            .ValidateJson(Touch.Replace("INTERNAL", "in", StringComparison.Ordinal), "body")[0].Channel);

        var error = ws.ImportFails(null, ("reps.csv", "rep_id,name,role\nR5,Ed,Account Manager\n"));
        Assert.Equal("reps.csv:2: column 'role' value 'Account Manager': expected one of field, inside, digital, partner, overlay, manager "
            + "(to read another word as one of them, map it in sightline.yaml: value_maps.reps.role)", Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("value_maps:\n  deals:\n    stage: {}\n", "sightline.yaml:2: column 'value_maps' value 'deals': not a table; expected one of reps, products, accounts,")]
    [InlineData("value_maps:\n  reps:\n    name: { Ann: Anna }\n",
        "sightline.yaml:3: column 'value_maps.reps' value 'name': not a column of reps with set values; expected one of role")]
    [InlineData("value_maps:\n  orders:\n    channel: { web: online }\n", "sightline.yaml:3: column 'value_maps.orders' value 'channel': not a column of orders with set values; orders has none")]
    [InlineData("value_maps:\n  reps:\n    role: { AE: hunter }\n",
        "sightline.yaml:3: column 'value_maps.reps.role.AE' value 'hunter': not a value of reps.role; expected one of field, inside, digital, partner, overlay, manager")]
    public void UserValueMap_Malformed_IsBadInputAtOpen(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", yaml);
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Revenue (millions)", "1.5", 1_500_000)]
    [InlineData("Annual Revenue ($M)", "2", 2_000_000)]
    [InlineData("Revenue [USD k]", "250", 250_000)]
    [InlineData("Annual Revenue (in thousands of USD)", "12.5", 12_500)]
    [InlineData("revenue_mm", "3", 3_000_000)]
    [InlineData("Revenue in billions", "1.2", 1_200_000_000)]
    [InlineData("Annual Revenue (000s)", "40", 40_000)]
    public void HeaderNamingItsUnit_ValuesAreMultipliedByIt(string header, string value, double expected)
    {
        var result = _ws.Import(null, ("accounts.csv", $"account_id,name,{header}\nA1,Acme,{value}\n"));
        Assert.Equal(expected, Assert.Single(_ws.Rows("SELECT annual_revenue FROM accounts"))[0]);
        Assert.Contains(result.Files[0].Notes, n => n.StartsWith($"accounts.csv: '{header}' gives annual_revenue in ", StringComparison.Ordinal));
    }

    [Fact]
    public void HeaderNamingItsUnit_WholeNumberColumn_StaysWhole_AndATextColumnIsNotScaled()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Employees (000s),Region (M)\nA1,Acme,1.25,North\n"));
        Assert.Equal(new object?[] { 1250L, "North" }, _ws.Rows("SELECT employees, region_m FROM accounts")[0]);
    }

    [Fact]
    public void RevenueReadAsAFewDollarsPerEmployee_NoteNamesTheUnit_AndTheValuesLoad()
    {
        var result = _ws.Import(null, ("accounts.csv", "account,revenue,employees\nAcme Corporation,1100.04,2822\nBetasoloin,251.41,495\nCancity,718.62,2448\n"));

        Assert.Equal(3, _ws.Rows("SELECT count(*) FROM accounts WHERE annual_revenue < 2000")[0][0] is long n ? (int)n : -1);
        Assert.Contains("annual_revenue: the median revenue per employee is 0.39 USD a year over 3 accounts, far below any company's; "
            + "if the file gives revenue in thousands or millions, name the unit in its header ('Revenue (millions)') or in sightline.yaml "
            + "(column_maps: { accounts: { HEADER: annual_revenue (millions) } }) and import it again", result.Files[0].Notes);

        // Revenue in dollars says nothing.
        var dollars = _ws.Import(null, ("accounts.csv", "account_id,name,revenue,employees\nA1,Acme,5000000,20\nA2,Beta,800000,5\nA3,Gamma,12000000,90\n"));
        Assert.DoesNotContain(dollars.Files[0].Notes, n => n.StartsWith("annual_revenue: the median", StringComparison.Ordinal));
    }

    [Fact]
    public void UserColumnMap_MayNameTheUnit_MavenRevenueInMillions()
    {
        // Maven Analytics' accounts.csv writes revenue in millions under a plain 'revenue' header.
        using var ws = new TestWorkspace("column_maps:\n  accounts:\n    revenue: annual_revenue (millions)\n");
        ws.Import(null, ("accounts.csv", "account,revenue,employees\nAcme Corporation,1100.04,2822\n"));
        Assert.Equal(1_100_040_000, (double)ws.Rows("SELECT annual_revenue FROM accounts")[0][0]!, 3);
    }

    [Fact]
    public void ColumnValues_FileWithoutTheColumn_NewRowsTakeTheValue_RowsAlreadyLoadedKeepTheirs()
    {
        // Maven Analytics' sales_teams.csv: agents and their managers, no ids and no roles.
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: inside\n");
        ws.Import(null, ("reps.csv", "rep_id,name,role\nDustin Brinkmann,Dustin Brinkmann,overlay\n"));
        var result = ws.Import(null, ("sales_teams.csv", "sales_agent,manager,regional_office\nAnna Snelling,Dustin Brinkmann,Central\nDustin Brinkmann,,Central\n"));

        Assert.Equal([["Anna Snelling", "inside", "Dustin Brinkmann"], ["Dustin Brinkmann", "overlay", null]],
            ws.Rows("SELECT rep_id, role, manager_id FROM reps ORDER BY rep_id"));
        Assert.Contains("sales_teams.csv: no role column, so each new rep takes 'inside' (column_values.reps.role in sightline.yaml); one already in the workspace keeps its role",
            result.Files[0].Notes);

        // A file with the column keeps its own values.
        ws.Import(null, ("reps.csv", "rep_id,name,role\nR9,Zed,partner\n"));
        Assert.Equal("partner", ws.Rows("SELECT role FROM reps WHERE rep_id = 'R9'")[0][0]);
    }

    [Theory]
    [InlineData("column_values:\n  reps:\n    role: Account Executive\n", "field")]
    [InlineData("column_values:\n  reps:\n    role: Wizard\nvalue_maps:\n  reps:\n    role:\n      wizard: overlay\n", "overlay")]
    public void ColumnValues_WordImportReads_IsTakenAsItsValue(string yaml, string role)
    {
        using var ws = new TestWorkspace(yaml);
        ws.Import(null, ("reps.csv", "rep_id,name\nR1,Ann\n"));
        Assert.Equal(role, ws.Rows("SELECT role FROM reps")[0][0]);
    }

    [Fact]
    public void MissingRequiredColumn_NamesColumnValuesAsTheWayToGiveEveryRowOne()
    {
        using var ws = new TestWorkspace();
        var error = ws.ImportFails(null, ("sales_teams.csv", "sales_agent,manager,regional_office\nAnna Snelling,Dustin Brinkmann,Central\n"));
        Assert.Equal("sales_teams.csv:1: missing required column 'role' (no header maps to it; headers seen: sales_agent, manager, regional_office); "
            + "to give every row of such a file one value, set it in sightline.yaml, e.g. column_values: { reps: { role: field } }", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void SelfReference_ToNobody_SaysToAddTheRow()
    {
        using var ws = new TestWorkspace();
        var error = ws.ImportFails(null, ("reps.csv", "rep_id,name,role,manager_id\nR1,Ann,field,Dustin\n"));
        Assert.Equal("reps.csv:2: column 'manager_id' value 'Dustin': no such rep (not found in reps.rep_id; add a row for it, in this file or an earlier import)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("column_values:\n  deals:\n    stage: won\n", "sightline.yaml:2: column 'column_values' value 'deals': not a table; expected one of reps, products, accounts,")]
    [InlineData("column_values:\n  reps:\n    job: field\n", "sightline.yaml:3: column 'column_values.reps' value 'job': not a column of reps; expected one of rep_id, name, role,")]
    [InlineData("column_values:\n  reps:\n    role: \"\"\n", "sightline.yaml:3: column 'column_values.reps.role' value '': expected the value every row of a file without this column takes")]
    [InlineData("column_values:\n  reps:\n    role: wizard\n", "sightline.yaml:3: column 'column_values.reps.role' value 'wizard': not a value of reps.role; expected one of field, inside, digital, partner, overlay, manager (or a word value_maps.reps.role maps to one)")]
    [InlineData("column_values:\n  reps:\n    role: wizard\nvalue_maps:\n  reps:\n    role:\n      wizard: sorcerer\n", "sightline.yaml:3: column 'column_values.reps.role' value 'wizard': not a value of reps.role;")]
    // Numbers and dates too: they were told at every row of each file without the column, not at the setting.
    [InlineData("column_values:\n  accounts:\n    employees: many\n", "sightline.yaml:3: column 'column_values.accounts.employees' value 'many': not a whole number")]
    [InlineData("column_values:\n  accounts:\n    employees: -5\n", "sightline.yaml:3: column 'column_values.accounts.employees' value '-5': must not be negative")]
    [InlineData("column_values:\n  accounts:\n    annual_revenue: lots\n", "sightline.yaml:3: column 'column_values.accounts.annual_revenue' value 'lots': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)")]
    [InlineData("column_values:\n  accounts:\n    created_at: 2025-02-30\n", "sightline.yaml:3: column 'column_values.accounts.created_at' value '2025-02-30': not a date (expected YYYY-MM-DD or MM/DD/YYYY)")]
    [InlineData("column_values:\n  accounts:\n    latitude: 91\n", "sightline.yaml:3: column 'column_values.accounts.latitude' value '91': must be between -90 and 90")]
    [InlineData("column_values:\n  reps:\n    rep_id: R1\n", "sightline.yaml:3: column 'column_values.reps.rep_id' value 'R1': rep_id identifies each row, so one value for every row would make them all the same rep")]
    public void ColumnValues_Malformed_IsBadInputAtOpen(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", yaml);
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserColumnMap_UnknownColumn_IsBadInputAtOpen()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", "column_maps:\n  accounts:\n    \"Acct\": acct_number\n");
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.StartsWith("sightline.yaml:3: column 'column_maps.accounts.Acct' value 'acct_number': not a column of accounts; expected one of account_id, name,", error.Message);
    }

    [Fact]
    public void UserColumnMap_UnitPriceOutsideOrders_IsBadInputAtOpen_AndOrdersListIt()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", "column_maps:\n  accounts:\n    \"Cost\": unit_price\n  orders:\n    \"Cost\": unit_prize\n");
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.StartsWith("sightline.yaml:3: column 'column_maps.accounts.Cost' value 'unit_price': not a column of accounts; expected one of account_id,", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unit_price", error.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Equal(["column_maps.accounts.Cost", "column_maps.orders.Cost"], error.Diagnostics.Select(d => d.Column));

        dir.Write("ws/sightline.yaml", "column_maps:\n  orders:\n    \"Cost\": unit_prize\n");
        error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.EndsWith(", unit_price", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserColumnMap_UnitOnATextColumn_IsBadInputAtOpen()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", "column_maps:\n  accounts:\n    \"Company\": name (millions)\n");
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.StartsWith("sightline.yaml:3: column 'column_maps.accounts.Company' value 'name (millions)': not a column of accounts;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reimport_UpsertsByKeyAndKeepsColumnsTheFileLacks()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,industry,employees\nA1,Acme,Retail,10\nA2,Beta,Banking,20\n"));
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA2,Beta Bank,25\nA3,Gamma,30\n"));
        Assert.Equal((1L, 1L), (result.Files[0].RowsInserted, result.Files[0].RowsUpdated));
        var rows = _ws.Rows("SELECT account_id, name, industry, employees FROM accounts ORDER BY account_id");
        Assert.Equal(3, rows.Count);
        Assert.Equal(new object?[] { "A1", "Acme", "Retail", 10L }, rows[0]);
        Assert.Equal(new object?[] { "A2", "Beta Bank", "Banking", 25L }, rows[1]);
        Assert.Equal(new object?[] { "A3", "Gamma", null, 30L }, rows[2]);
    }

    [Fact]
    public void Replace_ReloadsTheTable()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA2,Beta\n"));
        _ws.Import(new ImportOptions(Replace: true), ("accounts.csv", "account_id,name\nA3,Gamma\n"));
        Assert.Equal(new object?[] { "A3" }, Assert.Single(_ws.Rows("SELECT account_id FROM accounts")));
    }

    [Fact]
    public void CustomAttributes_ManyColumns_EachKeepsItsOwnType()
    {
        // 300 custom columns (a HubSpot "all properties" export is that wide), the types cycling so that a column
        // read under another's name shows: number, date, timestamp, text, and one column empty throughout.
        var kinds = new[] { "DOUBLE", "DATE", "TIMESTAMP", "VARCHAR" };
        string Value(int column, int row) => (column % 4) switch
        {
            0 => $"{column}.{row}",
            1 => $"2025-0{1 + row}-1{column % 10}",
            2 => $"2025-0{1 + row}-1{column % 10} 1{row}:0{column % 10}:00",
            _ => $"text {column}",
        };
        var header = "account_id,name," + string.Join(",", Enumerable.Range(0, 300).Select(c => $"field {c}")) + ",empty field";
        var lines = Enumerable.Range(0, 3).Select(r => $"A{r},Acme {r}," + string.Join(",", Enumerable.Range(0, 300).Select(c => Value(c, r))) + ",");
        _ws.Import(null, ("accounts.csv", header + "\n" + string.Join("\n", lines) + "\n"));

        var types = _ws.Rows("SELECT column_name, data_type FROM attribute_catalog").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.All(Enumerable.Range(0, 300), c => Assert.Equal(kinds[c % 4], types[$"field_{c}"]));
        Assert.Equal("VARCHAR", types["empty_field"]);
        Assert.Equal("2025-02-18 11:08:00", _ws.Text("SELECT field_298::VARCHAR FROM accounts WHERE account_id = 'A1'"));
        Assert.Equal("296.2", _ws.Text("SELECT field_296::VARCHAR FROM accounts WHERE account_id = 'A2'"));
    }

    [Fact]
    public void CustomAttributes_ManyColumns_ProblemsInEveryGroupOfChecksAreReported_InTheFilesOrder()
    {
        // The rows' checks run in groups of a few rules (one statement for 300 columns' took minutes to plan): a problem
        // in the first group, one in a later group and one in the last are all told, row by row and left to right.
        var header = "account_id,name," + string.Join(",", Enumerable.Range(0, 40).Select(c => $"amount {c}"));
        string Line(int row, params (int Column, string Value)[] bad) => $"A{row},Acme {row}," + string.Join(",", Enumerable.Range(0, 40)
            .Select(c => bad.FirstOrDefault(b => b.Column == c).Value ?? $"{c}.5"));
        _ws.Import(null, ("accounts.csv", header + "\n" + Line(0) + "\n"));

        var error = _ws.ImportFails(null, ("accounts.csv", header + "\n" + Line(1, (39, "lots"), (0, "some")) + "\n" + Line(2) + "\n" + Line(3, (20, "x")) + "\n"));

        Assert.Equal([
            "accounts.csv:2: column 'amount_0' value 'some': does not fit the custom attribute's type DOUBLE (set by earlier values)",
            "accounts.csv:2: column 'amount_39' value 'lots': does not fit the custom attribute's type DOUBLE (set by earlier values)",
            "accounts.csv:4: column 'amount_20' value 'x': does not fit the custom attribute's type DOUBLE (set by earlier values)",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void CustomAttributes_KeepInferredTypes()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,NPS Score,Renewal Date,DUNS,Tier,Last Login,Signed At\n"
            + "A1,Acme,42.5,2025-06-30,001234567,Gold,2025-03-04 14:22:10,2025-01-02 00:00:00\nA2,Beta,,2025-07-01,009876543,Silver,2025-03-05,2025-01-09 00:00:00\n"));
        var types = _ws.Rows("SELECT column_name, data_type FROM attribute_catalog ORDER BY column_name")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal("DOUBLE", types["nps_score"]);
        Assert.Equal("DATE", types["renewal_date"]);
        // A time of day makes a timestamp, kept to the second; midnight everywhere is a date written with its time.
        Assert.Equal("TIMESTAMP", types["last_login"]);
        Assert.Equal("DATE", types["signed_at"]);
        Assert.Equal(["A1|2025-03-04 14:22:10", "A2|2025-03-05 00:00:00"], _ws.Lines("SELECT account_id, last_login::VARCHAR FROM accounts ORDER BY 1"));
        Assert.Equal("VARCHAR", types["duns"]);
        Assert.Equal("VARCHAR", types["tier"]);
        Assert.Equal("001234567", _ws.Text("SELECT duns FROM accounts WHERE account_id = 'A1'"));
    }

    [Theory]
    [InlineData("Pro", "Infinity")]
    [InlineData("1.5", "inf")]
    [InlineData("-Infinity", "2025-03-04 10:00:00")]
    [InlineData("2025-03-04", "infinity")]
    public void CustomAttributes_InfinityWords_AreText(string first, string second)
    {
        var result = _ws.Import(null, ("accounts.csv", $"account_id,name,Plan\nA1,Acme,{first}\nA2,Beta,{second}\n"));
        Assert.Equal(2L, result.RowsLoaded);
        Assert.Equal("VARCHAR", _ws.Text("SELECT data_type FROM attribute_catalog WHERE column_name = 'plan'"));
        Assert.Equal([$"A1|{first}", $"A2|{second}"], _ws.Lines("SELECT account_id, plan FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void CustomAttributes_EpochAmongDates_IsText()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Renewal\nA1,Acme,2025-03-04\nA2,Beta,epoch\n"));
        Assert.Equal(["A1|2025-03-04", "A2|epoch"], _ws.Lines("SELECT account_id, renewal FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void CustomAttributes_NoValueMarks_AreMissing_InTheFirstFileAndLaterOnes()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Score,Seen\nA1,Acme,5,2025-01-01\nA2,Beta,N/A,-\nA3,Cora,7,\n"));
        Assert.Equal(["score|DOUBLE", "seen|DATE"], _ws.Lines("SELECT column_name, data_type FROM attribute_catalog ORDER BY 1"));
        _ws.Import(null, ("accounts.csv", "account_id,name,Score\nA4,Dora,#N/A\n"));
        Assert.Equal(["A1|5.0|2025-01-01", "A2|null|null", "A3|7.0|null", "A4|null|null"], _ws.Lines("SELECT account_id, score, seen FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void CustomAttributes_InfiniteParquetDouble_IsText()
    {
        var file = _ws.Files.File("accounts.parquet");
        _ws.Workspace.Execute($"COPY (SELECT * FROM (VALUES ('A1', 'Acme', 1.5::DOUBLE), ('A2', 'Beta', 'inf'::DOUBLE)) t(account_id, name, ratio)) TO '{file}' (FORMAT parquet)");
        Assert.Equal(2L, _ws.ImportPaths([file]).RowsLoaded);
        Assert.Equal("VARCHAR", _ws.Text("SELECT data_type FROM attribute_catalog WHERE column_name = 'ratio'"));
    }

    [Fact]
    public void AttributeSet_NumbersADoubleDoesNotHold_AreKeptExactly_AndOrdinaryNumbersStayDouble()
    {
        // Typed DOUBLE, 9007199254740993 was stored as ...992, 123456789012345678 as ...680 and 0.12345678901234567 as ...566.
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA2,Beta\n"));
        var result = _ws.Import(new ImportOptions(AttributeSet: "firmo"), ("firmo.csv",
            "account_id,Lifetime Spend,External Ref,Score,Precise Rate,Checksum\n"
            + "A1,\"$12,345,678,901,234,567.89\",123456789012345678,12.5,0.12345678901234567,12345678901234567890123456789012345678.5\n"
            + "A2,100,9007199254740993,1234567890.123456,50%,1\n"));

        Assert.Equal(["lifetime_spend|DECIMAL(38,2)", "external_ref|VARCHAR", "score|DOUBLE", "precise_rate|DECIMAL(38,17)", "checksum|VARCHAR"],
            _ws.Lines("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'attr_firmo' AND column_name <> 'account_id' ORDER BY column_index"));
        Assert.Equal(["A1|12345678901234567.89|123456789012345678|12.5|0.12345678901234567|12345678901234567890123456789012345678.5",
            "A2|100.00|9007199254740993|1234567890.123456|0.50000000000000000|1"], _ws.Lines("SELECT * FROM attr_firmo ORDER BY account_id"));
        Assert.Equal(["attr_firmo.lifetime_spend (DECIMAL(38,2)) from header 'Lifetime Spend': an exact decimal, not a DOUBLE: values such as "
                + "'$12,345,678,901,234,567.89' have more digits than a DOUBLE holds (15 to 17 significant digits)",
            "attr_firmo.external_ref (VARCHAR) from header 'External Ref': kept as text, as written: values such as '123456789012345678' are long "
                + "digit strings (a reference or a code) that a number (DOUBLE, 15 to 17 significant digits) would change",
            "attr_firmo.precise_rate (DECIMAL(38,17)) from header 'Precise Rate': an exact decimal, not a DOUBLE: values such as "
                + "'0.12345678901234567' have more digits than a DOUBLE holds (15 to 17 significant digits)",
            "attr_firmo.checksum (VARCHAR) from header 'Checksum': kept as text, as written: values such as '12345678901234567890123456789012345678.5' "
                + "have more digits than a DOUBLE (15 to 17 significant digits) or an exact decimal (38) holds"],
            result.Files[0].Notes.Where(n => n.StartsWith("attr_firmo.", StringComparison.Ordinal)));
    }

    [Fact]
    public void CustomAttributes_NumbersADoubleDoesNotHold_AreKeptExactly_AndLaterFilesMustFit()
    {
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,Wallet Size,Legacy Ref,Seats\n"
            + "A1,Acme,\"12,345,678,901,234,567.5\",9007199254740993,12\nA2,Beta,1.5M,42,3.5\nA3,Core,N/A,,-0.00\n"));

        Assert.Equal(["wallet_size|DECIMAL(38,1)", "legacy_ref|VARCHAR", "seats|DOUBLE"], _ws.Lines(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'accounts' AND column_name IN ('wallet_size', 'legacy_ref', 'seats') ORDER BY column_index"));
        Assert.Equal(["A1|12345678901234567.5|9007199254740993|12.0", "A2|1500000.0|42|3.5", "A3|null|null|0.0"],
            _ws.Lines("SELECT account_id, wallet_size, legacy_ref, seats FROM accounts ORDER BY account_id"));
        Assert.Contains("new custom attribute accounts.legacy_ref (VARCHAR) from header 'Legacy Ref': kept as text, as written: values such as "
            + "'9007199254740993' are long digit strings (a reference or a code) that a number (DOUBLE, 15 to 17 significant digits) would change", result.Files[0].Notes);
        Assert.Contains("new custom attribute accounts.seats (DOUBLE) from header 'Seats'", result.Files[0].Notes);

        // The exact decimal takes a later file's numbers as written, and refuses one it would have to round.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,Wallet Size\nA4,Delta,7.25\nA5,Echo,$8\n"));
        Assert.Equal("accounts.csv:2: column 'wallet_size' value '7.25': does not fit the custom attribute's type DECIMAL(38,1) (set by earlier values): "
            + "an exact decimal of up to 1 digit after the point and 37 before it; a value is not rounded to fit", Assert.Single(error.Diagnostics).ToString());
        _ws.Import(null, ("accounts.csv", "account_id,name,Wallet Size\nA4,Delta,7.2\nA5,Echo,$8\n"));
        Assert.Equal(["A4|7.2", "A5|8.0"], _ws.Lines("SELECT account_id, wallet_size FROM accounts WHERE account_id IN ('A4', 'A5') ORDER BY account_id"));

        // A DOUBLE attribute refuses a later value it would change, rather than store 9007199254740993 as ...992.
        var lost = _ws.ImportFails(null, ("accounts.csv", "account_id,name,Seats\nA6,Foxtrot,9007199254740993\nA7,Golf,1234567890.123456\n"));
        Assert.Equal("accounts.csv:2: column 'seats' value '9007199254740993': does not fit the custom attribute's type DOUBLE (set by earlier values): "
            + "it has more digits than a DOUBLE holds (15 to 17 significant digits), which would change it", Assert.Single(lost.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts WHERE account_id IN ('A6', 'A7')"));
    }

    [Fact]
    public void AttributeSet_InfinityInAColumn_IsText()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA2,Beta\n"));
        _ws.Import(new ImportOptions(AttributeSet: "firmo"), ("firmo.csv", "account_id,Plan\nA1,Pro\nA2,Infinity\n"));
        Assert.Equal(["A1|Pro", "A2|Infinity"], _ws.Lines("SELECT account_id, plan FROM attr_firmo ORDER BY 1"));
    }

    [Fact]
    public void CustomAttributes_HeadersThatAreSqlWords_AreNamedWithAPrefix_AsHeadersStartingWithADigit()
    {
        // Freshdesk's and Zendesk's ticket exports have "Group"; a CRM's custom fields "Order", "Desc", "Left".
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,Group,Order,Desc,Left,Time,2nd Line\nA1,Acme,Key accounts,3,big,no,morning,x\nA2,Beta,,1,,yes,,\n"));

        Assert.Equal(["time", "x_2nd_line", "x_desc", "x_group", "x_left", "x_order"],
            _ws.Rows("SELECT column_name FROM attribute_catalog ORDER BY column_name").Select(r => (string)r[0]!));
        Assert.Equal(["A1|Key accounts|3.0|big|no|morning", "A2|null|1.0|null|yes|null"], _ws.Lines("SELECT account_id, x_group, x_order, x_desc, x_left, time FROM accounts ORDER BY 1"));
        Assert.Contains("new custom attribute accounts.x_group (VARCHAR) from header 'Group'", result.Files[0].Notes);

        _ws.Import(new ImportOptions(Table: "touchpoints"), ("Freshdesk tickets.csv", "event_id,account_id,occurred_at,channel,Group,Status\nT1,A1,2026-11-02,email,Billing,Open\n"));
        Assert.Equal("Billing", _ws.Text("SELECT x_group FROM touchpoints WHERE event_id = 'T1'"));
    }

    [Fact]
    public void CustomAttributes_HeadersNamingACode_AreText_EvenWhenEveryValueIsDigits()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Phone,Fax Number,SIC Code,VAT ID,MobilePhone,Employees Last Year\n"
            + "A1,Acme,5551234567,5551234568,7372,123456789,5550001111,120\nA2,Beta,5559876543,,5045,987654321,5550002222,80\n"));
        var types = _ws.Rows("SELECT column_name, data_type FROM attribute_catalog ORDER BY column_name").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE"],
            new[] { "phone", "fax_number", "sic_code", "vat_id", "mobilephone", "employees_last_year" }.Select(c => types[c]));
        Assert.Equal("5551234567", _ws.Text("SELECT phone FROM accounts WHERE account_id = 'A1'"));

        // Words inside others are not codes: "Episodes" holds no "id", "Codependency" no "code".
        Assert.False(Importer.NamesACode("Episodes"));
        Assert.False(Importer.NamesACode("Codependency Score"));
        Assert.True(Importer.NamesACode("HQ Zip"));
    }

    [Fact]
    public void IdsWrittenAsWholeNumbersWithADecimalZero_AreTheIdsWithoutIt_UnlessTheWorkspaceHoldsThemSo()
    {
        _ws.Import(null, ("products.csv", "product_id,name\n85123A,Heart\n"), ("accounts.csv", "account_id,name\n17850,Acme\n13047,Beta\n"));

        // UCI's Online Retail as pandas saved it: CustomerID 17850.0, as the workbook and the CRM write 17850.
        var result = _ws.Import(new ImportOptions(Lenient: true), ("orders.csv", "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
            + "536365,85123A,6,12/1/2010 8:26,2.55,17850.0\n536366,85123A,2,12/1/2010 8:28,1.85,13047.0\n536367,85123A,1,12/1/2010 8:30,1.85,\n"));

        Assert.Equal(["536365|17850", "536366|13047"], _ws.Lines("SELECT order_id, account_id FROM orders ORDER BY 1"));
        Assert.Contains("orders.csv: 'CustomerID' (2 values) holds whole numbers written with a decimal zero (17850.0, as a spreadsheet or pandas writes a number column): "
            + "read as the ids without it (17850), as the same file saved as a workbook gives them", result.Files[0].Notes);

        // A column with other ids keeps "1.0" as written; so does a workspace that already holds the ids so.
        _ws.Import(null, ("accounts.csv", "account_id,name\nA-7,Gamma\n1.0,Delta\n2.0,Epsilon\n"));
        Assert.Equal(["1.0", "13047", "17850", "2.0", "A-7"], _ws.Lines("SELECT account_id FROM accounts ORDER BY 1"));
        _ws.Import(null, ("orders.csv", "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n536368,85123A,6,12/1/2010 8:26,2.55,2.0\n"));
        Assert.Equal("2.0", _ws.Text("SELECT account_id FROM orders WHERE order_id = '536368'"));
    }

    [Fact]
    public void OrderLinesWithoutAnAmount_AmountIsQuantityTimesUnitPrice_AndOnlineRetailHeadersMap()
    {
        _ws.Import(null, ("products.csv", "product_id,name\n85123A,Heart\n71053,Lantern\n"), ("accounts.csv", "account_id,name\n17850,Acme\n13047,Beta\n"));

        // As UCI's Online Retail file writes its invoice lines.
        var result = _ws.Import(null, ("orders.csv", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
            + "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850\n536365,71053,LANTERN,6,12/1/2010 8:26,3.39,17850\n536366,85123A,HEART,2,12/1/2010 8:28,1.85,13047\n"));
        Assert.Contains("orders.csv: no amount column, so each line's amount is Quantity × UnitPrice", result.Files[0].Notes);
        Assert.Equal([["536365", "71053", "20.34"], ["536365", "85123A", "15.3"], ["536366", "85123A", "3.7"]],
            _ws.Rows("SELECT order_id, product_id, round(amount, 2)::VARCHAR FROM orders ORDER BY 1, 2").Select(r => r.Select(v => (string?)v).ToArray()));

        var error = _ws.ImportFails(null, ("orders.csv", "InvoiceNo,StockCode,Quantity,InvoiceDate,Unit Price,CustomerID\n536367,85123A,6,12/1/2010,,17850\n"));
        Assert.Equal("orders.csv:2: column 'amount': no amount column, and this line's quantity times unit price is no number (both must be filled in, as numbers)",
            Assert.Single(error.Diagnostics).ToString());

        // The computed amount carries no currency sign: a price in another currency is refused at the price, one in the workspace's loads.
        var foreign = _ws.ImportFails(null, ("orders.csv", "InvoiceNo,StockCode,Quantity,InvoiceDate,Unit Price,CustomerID\n536368,85123A,6,12/1/2010,€2.55,17850\n536369,85123A,6,12/1/2010,$2.55,17850\n"));
        Assert.Equal("orders.csv:2: column 'unit_price' value '€2.55': written in another currency than USD, this workspace's currency (currency: in sightline.yaml); "
            + "amounts are not converted: convert them before importing, or import them into a workspace of that currency (each line's amount is its quantity times this price)",
            Assert.Single(foreign.Diagnostics).ToString());

        // A decimal-comma workspace writes the product its own way, so it reads back as the same amount.
        using var ws = new TestWorkspace("import:\n  number_format: decimal_comma\n");
        ws.Import(null, ("products.csv", "product_id;name\nP1;Widget\n"), ("accounts.csv", "account_id;name\nA1;Acme\n"));
        ws.Import(null, ("orders.csv", "order_id;product_id;account_id;order_date;quantity;price\nO1;P1;A1;2025-03-01;3;1.234,50\n"));
        Assert.Equal("3703.5", ws.Text("SELECT amount::VARCHAR FROM orders"));
    }

    [Fact]
    public void ColumnsWithoutAHeader_AnEmptyOneIsIgnored_OneWithValuesIsKeptAndNamed()
    {
        // Every line ends with a delimiter, and one column between has values but no header.
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,,Tier,\nA1,Acme,x,Gold,\nA2,Beta,,Silver,\n"));
        Assert.Equal(["accounts.csv: column 3 has no header; its values are kept as the custom attribute 'column2' (give it a header to name it)",
            "accounts.csv: column 5 has no header and no values (a delimiter at the end of every line?): ignored"],
            result.Files[0].Notes.Where(n => n.Contains("no header", StringComparison.Ordinal)));
        Assert.Equal(["column2", "tier"], _ws.Workspace.Strings("SELECT column_name FROM attribute_catalog ORDER BY column_name"));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'accounts' AND column_name = 'column4'"));
    }

    [Fact]
    public void AttributeSet_MatchesByNormalisedDomainAndKeepsUnmatchedRows()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,domain\nA1,Acme,acme.com\nA2,Beta,https://www.beta.de/\nA3,Solo,gmail.com\n"));
        var result = _ws.Import(new ImportOptions(AttributeSet: "firmographics"), ("purchased.csv",
            "Website,Tech Spend,Hiring\nwww.ACME.com,120000,yes\nbeta.de,80000,no\nunknown.io,5000,no\ngmail.com,1000,no\n"));
        Assert.Equal("attr_firmographics", result.Files[0].Table);
        var rows = _ws.Rows("SELECT account_id, website, tech_spend FROM attr_firmographics ORDER BY tech_spend DESC");
        Assert.Equal(new object?[] { "A1", "www.ACME.com", 120000.0 }, rows[0]);
        Assert.Equal(new object?[] { "A2", "beta.de", 80000.0 }, rows[1]);
        Assert.Equal(new object?[] { null, "unknown.io", 5000.0 }, rows[2]);
        // A free-mail domain says nothing about the company: it matches no account.
        Assert.Equal(new object?[] { null, "gmail.com", 1000.0 }, rows[3]);
        Assert.Equal(new object?[] { "firmographics", "purchased.csv", "domain", 4L, 2L, 2L },
            _ws.Rows("SELECT set_name, source_file, key_column, rows, matched_accounts, unmatched_rows FROM attribute_sets")[0]);
    }

    [Fact]
    public void AttributeSet_ReportTotalsRowsAfterTheLastCompany_AreSkippedWithANote()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,domain\nA1,Acme,acme.com\nA2,Beta,beta.de\n"));

        var result = _ws.Import(new ImportOptions(AttributeSet: "spend"), ("spend report.csv",
            "Website,Tech Spend,Employees\nacme.com,120000,50\nbeta.de,80000,20\nSubtotal,200000,70\nGrand Totals (2 records),200000,70\n"));

        Assert.Equal([["A1", 120000.0], ["A2", 80000.0]], _ws.Rows("SELECT account_id, tech_spend FROM attr_spend ORDER BY 1"));
        Assert.Contains("lines 4-5 are a report's totals rows ('Subtotal', 'Grand Totals (2 records)') after the last record, not records: skipped", result.Files[0].Notes);
        Assert.Equal((2L, 0L), ((long)_ws.Rows("SELECT rows FROM attribute_sets")[0][0]!, (long)_ws.Rows("SELECT unmatched_rows FROM attribute_sets")[0][0]!));
    }

    [Fact]
    public void AttributeSet_WithoutKeyColumn_IsBadInput()
    {
        var error = _ws.ImportFails(new ImportOptions(AttributeSet: "list"), ("list.csv", "Company,Spend\nAcme,1\n"));
        Assert.Equal("list.csv:1: an attribute set needs an account_id or domain column to match accounts; headers seen: Company, Spend", error.Message);
    }

    [Theory]
    [InlineData("accounts.csv", "accounts")]
    [InlineData("Orders.parquet", "orders")]
    [InlineData("order_lines.xlsx", "orders")]
    [InlineData("opportunity.csv", "opportunities")]
    [InlineData("territory-accounts.csv", "territory_accounts")]
    [InlineData("deals.csv", "opportunities")]
    [InlineData("notes.csv", null)]
    [InlineData("Salesforce Accounts Export 2025-11.csv", "accounts")]
    [InlineData("hubspot-deals.csv", "opportunities")]
    [InlineData("activities_export_q3.csv", "touchpoints")]
    [InlineData("Territory Accounts Q3.xlsx", "territory_accounts")]
    [InlineData("Order Lines 2025.csv", "orders")]
    [InlineData("accounts_and_contacts.csv", null)]
    [InlineData("export 2025-11.csv", null)]
    [InlineData("sales_pipeline.csv", "opportunities")]
    [InlineData("Sales Teams.csv", "reps")]
    [InlineData("sales.csv", "orders")]
    [InlineData("Customer.csv", "accounts")]
    [InlineData("employees.csv", "reps")]
    [InlineData("Order Details.csv", "orders")]
    [InlineData("SalesOrderHeader.csv", "orders")]
    [InlineData("SalesOrderDetail.csv", "orders")]
    [InlineData("OrderItem.csv", null)]
    [InlineData("invoices.csv", "orders")]
    [InlineData("invoice_items.csv", "orders")]
    [InlineData("Invoice__c.csv", null)]
    public void TableForFileName_CommonNames(string file, string? table) => Assert.Equal(table, Importer.TableForFileName(file));

    [Fact]
    public void Folder_ImportsEveryFileParentsFirst()
    {
        _ws.Files.Write("in/orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-01,5\n");
        _ws.Files.Write("in/accounts.csv", "account_id,name\nA1,Acme\n");
        _ws.Files.Write("in/products.csv", "product_id,name\nP1,Widget\n");
        _ws.Files.Write("in/readme.md", "not data");
        var result = _ws.ImportPaths([_ws.Files.File("in")]);
        Assert.Equal(new[] { "products", "accounts", "orders" }, result.Files.Select(f => f.Table));
        Assert.Equal(3, result.RowsLoaded);
    }
}
