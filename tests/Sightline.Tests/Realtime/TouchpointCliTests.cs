using System.Text;
using System.Text.Json;
using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary><c>sightline touch</c>: exit codes, output, nothing appended on bad input.</summary>
public sealed class TouchpointCliTests : IDisposable
{
    private readonly TouchpointWorld _world = new();

    public void Dispose() => _world.Dispose();

    private (int Exit, string Out, string Err) Touch(params string[] args) =>
        Sightline.Tests.Support.Cli.Run(["touch", "--workspace", _world.Test.WorkspaceDirectory, .. args]);

    private long Rows() => _world.Test.Count("SELECT count(*) FROM touchpoint_log");

    [Fact]
    public void Touch_OneEvent_AppendsItAndARepeatIsADuplicate()
    {
        var (exit, output, error) = Touch("--event", TouchpointWorld.Json());
        Assert.True(exit == 0, error);
        Assert.Equal("Appended 1 event (sequence 1); 0 duplicates not applied again. The log now ends at sequence 1.", output.Trim());

        (exit, output, _) = Touch("--event", TouchpointWorld.Json("channel", "\"email\""));
        Assert.Equal(0, exit);
        Assert.Equal([
            "Appended 0 events; 1 duplicate not applied again, 1 of them with a different payload (the stored event was kept). The log now ends at sequence 1.",
            "  EV1: duplicate with a different payload: already in the log as sequence 1 (received " +
                TouchpointEventFields.Format(_world.Log().Find("EV1")!.ReceivedAt) + "); the stored event was kept and this one ignored (channel: stored 'call', received 'email')",
        ], output.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(1, Rows());
    }

    [Fact]
    public void Touch_AnAccountNamedByAnotherIdOfIt_IsAppliedToTheAccount_WithANote_AndAnIdNobodyGaveIsRefused()
    {
        // As an import of Olist's customers leaves them: each order's customer_id names the buyer's account.
        _world.Workspace.Execute("INSERT INTO account_aliases VALUES ('06b8999e', 'A1', 'customers.csv: ''customer_id'' beside ''customer_unique_id'''), ('7c396fd4', 'A2', 'customers.csv')");
        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel\nEV1,06b8999e,2026-11-23T09:00:00Z,call\nEV2,A3,2026-11-23T09:05:00Z,call\n"
            + "EV3,06b8999e,2026-11-23T09:10:00Z,email\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.True(exit == 0, error);
        Assert.StartsWith("note: account_id: 2 events name their accounts by another id of it (given by customers.csv: 'customer_id' beside 'customer_unique_id'), "
            + "applied to those accounts (e.g. '06b8999e' is 'A1')", output, StringComparison.Ordinal);
        Assert.Equal(["EV1|A1", "EV2|A3", "EV3|A1"], _world.Test.Lines("SELECT event_id, account_id FROM touchpoint_log ORDER BY 1"));

        path = _world.Test.Files.Write("more.csv", "event_id,account_id,occurred_at,channel\nEV4,7c396fd4,2026-11-23T09:00:00Z,call\nEV5,ffff0000,2026-11-23T09:05:00Z,call\n");
        (exit, _, error) = Touch("--file", path);
        Assert.Equal(2, exit);
        Assert.Contains("more.csv:3: column 'account_id' value 'ffff0000': not a known account (no row in accounts has this account_id)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("7c396fd4", error, StringComparison.Ordinal);
        Assert.Equal(3, Rows());
    }

    [Fact]
    public void Touch_AContactIdNoContactHas_IsRefusedAsImportRefusesIt_OnceContactsAreLoaded()
    {
        // As import: contact ids are not checked while the workspace has no contacts.
        var (exit, _, error) = Touch("--event", TouchpointWorld.Json("contact_id", "\"CNOPE\""));
        Assert.True(exit == 0, error);

        _world.Workspace.Execute("INSERT INTO contacts (contact_id, account_id) VALUES ('C1', 'A1'), ('C2', 'A2')");
        (exit, _, error) = Touch("--event", TouchpointWorld.Json("contact_id", "\"C1\"", id: "EV2"));
        Assert.True(exit == 0, error);

        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel,contact_id\nEV3,A1,2026-11-23T09:00:00Z,call,C1\nEV4,A2,2026-11-23T09:05:00Z,call,CNOPE\n");
        (exit, _, error) = Touch("--file", path);
        Assert.Equal(2, exit);
        Assert.Contains("calls.csv:3: column 'contact_id' value 'CNOPE': no such contact (not found in contacts.contact_id)", error, StringComparison.Ordinal);
        Assert.Equal(2, Rows());
    }

    [Fact]
    public void Validate_ContactIds_AreLookedUpInOneQueryPerBatch_AndNotAtAllWhenNoneIsGiven()
    {
        _world.Workspace.Execute("INSERT INTO contacts (contact_id, account_id) VALUES ('C1', 'A1'), ('C2', 'A2')");
        var validator = _world.Validator();
        var statements = new List<string>();
        using (Sightline.Workspaces.Workspace.RecordStatements(statements))
        {
            validator.ValidateJson("[" + TouchpointWorld.Json("contact_id", "\"C1\"") + ", " + TouchpointWorld.Json("contact_id", "\"C2\"", id: "EV2") + "]", "body");
            Assert.Single(statements, s => s.Contains("FROM \"contacts\"", StringComparison.Ordinal));

            statements.Clear();
            validator.ValidateJson(TouchpointWorld.Json(), "body");
            Assert.DoesNotContain(statements, s => s.Contains("contacts", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Touch_FileWithJson_PrintsCountsAsJson()
    {
        var path = _world.Test.Files.Write("batch.jsonl", string.Join("\n", TouchpointWorld.Json(id: "EV1"), TouchpointWorld.Json(id: "EV2"), TouchpointWorld.Json(id: "EV1")));

        var (exit, output, error) = Touch("--file", path, "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal((2, 1, 0, 2L), (root.GetProperty("appended").GetInt32(), root.GetProperty("duplicates").GetInt32(),
            root.GetProperty("duplicates_differing").GetInt32(), root.GetProperty("last_sequence").GetInt64()));
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["appended", "appended", "duplicate"], events.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal("duplicate: repeats event 1 of this batch (sequence 1); not applied again", events[2].GetProperty("reason").GetString());
        Assert.False(events[2].GetProperty("payload_differs").GetBoolean());
    }

    [Fact]
    public void Touch_CsvWithColumnsNotRead_SaysSo_OnTheErrorStreamBesideJson()
    {
        var path = _world.Test.Files.Write("calls.csv", "Engagement ID,Associated Company ID,Activity date,Activity Type,Call notes\nEV1,A1,2026-11-23T09:00:00Z,Call,called back\n");
        const string Note = "note: calls.csv: column 'Call notes' not read: an event keeps only its fields (event_id, account_id, occurred_at, channel, kind, "
            + "direction, contact_id, outcome, product_family, ticket_id, ticket_state)";

        var (exit, output, error) = Touch("--file", path);
        Assert.True(exit == 0, error);
        Assert.Equal([Note, "Appended 1 event (sequence 1); 0 duplicates not applied again. The log now ends at sequence 1."],
            output.Trim().ReplaceLineEndings("\n").Split('\n'));

        (exit, output, error) = Touch("--file", path, "--json");
        Assert.Equal(0, exit);
        Assert.Equal(1, JsonDocument.Parse(output).RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(Note, error.Trim());
    }

    [Fact]
    public void Touch_ANulInAnEventId_IsBadInput_AndTheLogKeepsTakingEvents()
    {
        Assert.Equal(0, Touch("--event", TouchpointWorld.Json(id: "C-30")).Exit);

        // DuckDB cuts a text at a NUL: C-30\0 was stored as C-30 (a primary key violation), C-31\0xyz as C-31.
        foreach (var id in new[] { "C-30\\u0000", "C-31\\u0000xyz" })
        {
            var (exit, output, error) = Touch("--event", TouchpointWorld.Json(id: id));
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Contains($"--event: column 'event_id' value '{id}': holds the control character U+0000 (NUL) at position", error, StringComparison.Ordinal);
        }

        var (last, appended, _) = Touch("--event", TouchpointWorld.Json(id: "C-31"));
        Assert.Equal(0, last);
        Assert.StartsWith("Appended 1 event (sequence 2)", appended, StringComparison.Ordinal);
        Assert.Equal(2, Rows());
    }

    [Fact]
    public void Touch_HalfASurrogatePairInAFile_IsBadInput()
    {
        var path = _world.Test.Files.Write("touch.json", TouchpointWorld.Json(id: "S-74\\ud800"));

        var (exit, output, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("touch.json:1: event_id: not valid text: it holds a \\uD800-\\uDFFF escape that is half of a UTF-16 surrogate pair", error, StringComparison.Ordinal);
        Assert.Equal(0, Rows());
    }

    [Fact]
    public void Touch_TimeZone_ReadsAFilesLocalTimesInIt_AndAnUnknownZoneIsBadInput()
    {
        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel\nEV1,A1,2026-11-23 09:00,call\n");

        var (exit, _, error) = Touch("--file", path, "--time-zone", "America/New_York");

        Assert.True(exit == 0, error);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), _world.Log().Find("EV1")!.Event.OccurredAt);

        (exit, var output, error) = Touch("--file", path, "--time-zone", "Mars/Olympus_Mons");
        Assert.Equal(2, exit);
        Assert.Equal("--time-zone: value 'Mars/Olympus_Mons': not a time zone; expected an IANA name such as Europe/Berlin or America/New_York, or UTC", error.Trim());
        Assert.Equal("", output);
    }

    [Fact]
    public void Touch_MailDatesZoneAbbreviationsAndPlaceholders_ReadOrRefusedWithExitCode2()
    {
        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel\n"
            + "EV1,A1,\"Fri, 20 Nov 2026 10:15:00 +0100\",call\n"
            + "EV2,A1,\"Nov 20, 2026 10:15 AM EST\",call\n"
            + "EV3,A1,1795166100.25,call\n");

        var (exit, _, error) = Touch("--file", path);

        Assert.True(exit == 0, error);
        Assert.Equal([new DateTimeOffset(2026, 11, 20, 9, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 15, 15, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 20, 9, 15, 0, 250, TimeSpan.Zero)], new[] { "EV1", "EV2", "EV3" }.Select(id => _world.Log().Find(id)!.Event.OccurredAt));

        var bad = _world.Test.Files.Write("bad.csv", "event_id,account_id,occurred_at,channel\n"
            + "EV4,A1,1899-12-30 00:00:00,call\n"
            + "EV5,A1,\"Sat, 20 Nov 2026 10:15:00 GMT\",call\n"
            + "EV6,A1,2026-11-20 10:15 IST,call\n");
        (exit, var output, error) = Touch("--file", bad);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("bad.csv:2: column 'occurred_at' value '1899-12-30 00:00:00': looks like a placeholder for a missing time (midnight of 1899-12-30, "
            + "the zero date of spreadsheets and OLE Automation); expected the real time of the touch", error, StringComparison.Ordinal);
        Assert.Contains("bad.csv:3: column 'occurred_at' value 'Sat, 20 Nov 2026 10:15:00 GMT': says Sat but 2026-11-20 is a Friday: the date or the weekday is wrong", error, StringComparison.Ordinal);
        Assert.Contains("bad.csv:4: column 'occurred_at' value '2026-11-20 10:15 IST': names the time zone 'IST', which is ambiguous (India, Irish or Israel Standard Time); "
            + "give the offset instead, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00, or name the zone the times were written in with --time-zone", error, StringComparison.Ordinal);
        Assert.Equal(3, Rows());
    }

    [Fact]
    public void Touch_SalesforceTaskExport_SlashedDatesAndTwelveHourTimesReadInTheZone_ADayFirstDateNamesTheSetting()
    {
        const string Header = "\"Activity ID\",\"Account ID\",\"Date\",\"Type\",\"Call Type\",\"Subject\"\n";
        var path = _world.Test.Files.Write("tasks.csv", Header
            + "\"00T1\",\"A1\",\"11/20/2026 4:05 PM\",\"Call\",\"Inbound\",\"Renewal question\"\n"
            + "\"00T2\",\"A1\",\"11/21/2026\",\"Email\",\"\",\"Follow up\"\n");

        var (exit, _, error) = Touch("--file", path, "--time-zone", "America/New_York");

        Assert.True(exit == 0, error);
        var call = _world.Log().Find("00T1")!.Event;
        Assert.Equal((new DateTimeOffset(2026, 11, 20, 21, 5, 0, TimeSpan.Zero), "call", "in", "Renewal question"), (call.OccurredAt, call.Channel, call.Direction, call.Kind));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero), _world.Log().Find("00T2")!.Event.OccurredAt);

        var dayFirst = _world.Test.Files.Write("uk-tasks.csv", Header + "\"00T3\",\"A1\",\"21/11/2026 16:05\",\"Call\",\"Inbound\",\"Renewal\"\n");
        (exit, var output, error) = Touch("--file", dayFirst, "--time-zone", "Europe/London");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("uk-tasks.csv:2: column 'Date (occurred_at)' value '21/11/2026 16:05': not a date with the month first as this workspace reads them (e.g. 3/14/2025); "
            + "it is written with the day first: if the file writes 14/3/2025, set date_order: dmy under import: in sightline.yaml", error, StringComparison.Ordinal);
        Assert.Equal(2, Rows());
    }

    [Fact]
    public void Touch_RowsOfDelimitersOnly_AreSkippedWithANote_AndAnInternalCallHasNoDirection()
    {
        // A spreadsheet's cleared rows (",,,", also quoted) between and after the events; Salesforce's call type "Internal".
        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel,direction\r\nEV1,A1,2026-11-20T09:00:00Z,call,Internal\r\n,,,,\r\n"
            + "EV2,A1,2026-11-20T10:00:00Z,call,in\r\n\"\",\"\",\"\",\"\",\"\"\r\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.True(exit == 0, error);
        Assert.Equal([
            "note: calls.csv: lines 3, 5 hold only delimiters (empty rows a spreadsheet saved), not events: skipped",
            "Appended 2 events (sequences 1-2); 0 duplicates not applied again. The log now ends at sequence 2.",
        ], output.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal([null, "in"], new[] { "EV1", "EV2" }.Select(id => _world.Log().Find(id)!.Event.Direction));
    }

    [Fact]
    public void Touch_AReportsTotalsRowsAfterTheLastEvent_AreSkippedWithANote_OneBetweenEventsIsRefused()
    {
        var path = _world.Test.Files.Write("activities.csv", "event_id,account_id,occurred_at,channel,duration_min\nEV1,A1,2026-11-20T09:00:00Z,call,12\n"
            + "EV2,A1,2026-11-20T10:00:00Z,call,3\nSubtotal,,,,15\n\"Grand Totals (2 records)\",,,,15\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.True(exit == 0, error);
        Assert.Contains("note: activities.csv: lines 4, 5 are a report's totals rows ('Subtotal', 'Grand Totals (2 records)') after the last event, not events: skipped",
            output, StringComparison.Ordinal);
        Assert.Contains("Appended 2 events (sequences 1-2)", output, StringComparison.Ordinal);

        // Between events it is no totals row to skip: refused, and nothing is appended.
        var middle = _world.Test.Files.Write("middle.csv", "event_id,account_id,occurred_at,channel\nEV3,A1,2026-11-20T11:00:00Z,call\nTotal,,,\n"
            + "EV4,A1,2026-11-20T12:00:00Z,call\n");
        (exit, _, error) = Touch("--file", middle);
        Assert.Equal(2, exit);
        Assert.Contains("middle.csv:3", error, StringComparison.Ordinal);
        Assert.Null(_world.Log().Find("EV3"));
    }

    [Fact]
    public void Touch_ExcelSepLineAndAReportFooter_AreReadAsImportReadsThem()
    {
        var path = _world.Test.Files.Write("touches.csv", "sep=;\nevent_id;account_id;occurred_at;channel\nEV1;A1;2026-11-20T09:00:00Z;call\n\n"
            + "\"Touches today\"\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n\"Confidential Information - Do Not Distribute\"\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.True(exit == 0, error);
        Assert.Equal([
            "note: touches.csv: the first line 'sep=;' names the delimiter; read with it",
            "note: touches.csv: lines 5-7 after the last event are a report footer (one cell each, such as \"Touches today\"), not events: skipped",
            "Appended 1 event (sequence 1); 0 duplicates not applied again. The log now ends at sequence 1.",
        ], output.Trim().ReplaceLineEndings("\n").Split('\n'));

        // A one-cell line between events is no footer: it is an event short of fields.
        var between = _world.Test.Files.Write("between.csv", "event_id,account_id,occurred_at,channel\nEV2,A1,2026-11-20T09:00:00Z,call\nstray\nEV3,A1,2026-11-20T09:00:00Z,call\n");
        (exit, _, error) = Touch("--file", between);
        Assert.Equal(2, exit);
        Assert.Contains("between.csv:3: has 1 field, the header has 4", error, StringComparison.Ordinal);
        Assert.Equal(1, Rows());
    }

    [Fact]
    public void Touch_HubSpotCallsInWindows1252_SeveralCompaniesInOneCellReadAsTheFirst_WithNotes()
    {
        var path = _world.Test.Files.File("calls.csv");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(
            "Record ID,Associated Company IDs,Activity date,Activity Type,Call outcome\n301,A2;A1,2026-11-20T09:00:00Z,Call,R\u00fcckruf\n302,A3,2026-11-20T09:30:00Z,Call,\n"));

        var (exit, output, error) = Touch("--file", path);

        Assert.True(exit == 0, error);
        Assert.Contains("note: calls.csv is not valid UTF-8; read as Windows-1252", output, StringComparison.Ordinal);
        Assert.Contains("note: calls.csv: account_id: 1 value holds several ids in one cell, read as the first (a column of one id each, such as HubSpot's '(Primary)' one, "
            + "chooses instead) (e.g. 'A2;A1' is 'A2')", output, StringComparison.Ordinal);
        Assert.Equal(("A2", "Rückruf"), (_world.Log().Find("301")!.Event.AccountId, _world.Log().Find("301")!.Event.Outcome));
        Assert.Equal("A3", _world.Log().Find("302")!.Event.AccountId);
    }

    [Fact]
    public void Touch_APipeInWindows1252_IsReadOnce_AndItsEncodingJudgedFromWhatWasRead()
    {
        // `touch --file <(export-calls)`: the encoding was judged by opening the path again, which a pipe cannot give twice.
        var path = _world.Test.Files.File("calls.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = new Thread(() => File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(
            "event_id,account_id,occurred_at,channel,outcome\nP1,A1,2026-11-20T09:00:00Z,call,R\u00fcckruf\n"))) { IsBackground = true };
        writer.Start();
        (int Exit, string Out, string Err) result = default;
        var touch = new Thread(() => result = Touch("--file", path)) { IsBackground = true };
        touch.Start();
        if (!touch.Join(TimeSpan.FromSeconds(60)))
        {
            // It waits to open the pipe a second time: give it an empty one, so the test fails instead of hanging.
            File.WriteAllBytes(path, []);
            touch.Join();
            Assert.Fail("touch --file opened the pipe a second time");
        }

        var (exit, output, error) = result;
        Assert.True(exit == 0, error);
        Assert.Contains("note: calls.fifo is not valid UTF-8; read as Windows-1252", output, StringComparison.Ordinal);
        Assert.Equal(("A1", "R\u00fcckruf"), (_world.Log().Find("P1")!.Event.AccountId, _world.Log().Find("P1")!.Event.Outcome));
    }

    [Fact]
    public void Touch_Workbook_ReadFromItsHeaderRow_ProblemsNamedByTheirSheetRow()
    {
        var path = _world.Test.Files.File("Activities today.xlsx");
        Dictionary<string, object?> Row(object? a, object? b = null, object? c = null, object? d = null) => new() { ["A"] = a, ["B"] = b, ["C"] = c, ["D"] = d };
        MiniExcelLibs.MiniExcel.SaveAs(path, new[]
        {
            Row("Activities today"), Row("Filtered by: Date equals TODAY"),
            Row("Activity ID", "Account ID", "Date", "Type"),
            Row("00T1", "A1", new DateTime(2026, 11, 20, 16, 5, 0), "Call"),
            Row("00T2", "A2", new DateTime(2026, 11, 20, 16, 30, 0), "Fax"),
            Row("Confidential Information - Do Not Distribute"),
        }, printHeader: false);

        var (exit, output, error) = Touch("--file", path, "--time-zone", "America/New_York");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Activities today.xlsx:5: column 'Type (channel)' value 'Fax': not a channel", error, StringComparison.Ordinal);
        Assert.Equal(0, Rows());

        MiniExcelLibs.MiniExcel.SaveAs(path, new[]
        {
            Row("Activities today"), Row("Filtered by: Date equals TODAY"),
            Row("Activity ID", "Account ID", "Date", "Type"),
            Row("00T1", "A1", new DateTime(2026, 11, 20, 16, 5, 0), "Call"),
            Row("Confidential Information - Do Not Distribute"),
        }, printHeader: false, overwriteFile: true);
        (exit, output, error) = Touch("--file", path, "--time-zone", "America/New_York");

        Assert.True(exit == 0, error);
        Assert.Contains("note: Activities today.xlsx: the header is on sheet row 3; rows 1-2 above it (a report's title block) were skipped", output, StringComparison.Ordinal);
        Assert.Contains("note: Activities today.xlsx: sheet row 5 after the last record is a report footer", output, StringComparison.Ordinal);
        Assert.Equal((new DateTimeOffset(2026, 11, 20, 21, 5, 0, TimeSpan.Zero), "call"), (_world.Log().Find("00T1")!.Event.OccurredAt, _world.Log().Find("00T1")!.Event.Channel));

        File.WriteAllText(path, "event_id,account_id\n");
        (exit, _, error) = Touch("--file", path);
        Assert.Equal(2, exit);
        Assert.StartsWith("Activities today.xlsx: cannot be read (", error.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("); expected an Excel workbook (.xlsx) with a header row in its first sheet", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Touch_CsvWithoutAHeaderLine_IsToldItsFirstLineLooksLikeAnEvent()
    {
        var path = _world.Test.Files.Write("calls.csv", "EV1,A1,2026-11-20T09:00:00Z,call\nEV2,A1,2026-11-20T09:30:00Z,email\n");

        var (exit, _, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Contains("calls.csv:1: the first line looks like an event, not a header ('2026-11-20T09:00:00Z' is a time): "
            + "add a first line naming the fields (event_id, account_id, occurred_at, channel, ...)", error, StringComparison.Ordinal);
        Assert.Equal(0, Rows());

        // A first line whose time is impossible is still told, not an internal error.
        File.WriteAllText(path, "EV1,A1,2026-02-30T09:00:00Z,call\n");
        (exit, _, error) = Touch("--file", path);
        Assert.Equal(2, exit);
        Assert.Contains("calls.csv:1: the first line looks like an event, not a header ('2026-02-30T09:00:00Z' is a time)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Touch_BatchWithAMalformedEvent_Exits2AndAppendsNothing()
    {
        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel\nEV1,A1,2026-11-23T09:00:00Z,call\nEV2,A404,2026-11-23T09:00:00Z,call\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal([
            "calls.csv: 1 of 2 events is malformed; the batch was rejected whole and nothing was appended",
            "calls.csv:3: column 'account_id' value 'A404': not a known account (no row in accounts has this account_id)",
        ], error.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(0, Rows());
    }

    [Fact]
    public void Touch_AnIdTwiceInOneFileWithDifferentPayloads_Exits2NamingBothLines_AnIdenticalRepeatIsADuplicate()
    {
        var path = _world.Test.Files.Write("calls.csv", "event_id,account_id,occurred_at,channel\nEV1,A1,2026-11-23T09:00:00Z,call\nEV2,A1,2026-11-23T09:00:00Z,call\n"
            + "EV1,A2,2026-11-23T09:00:00Z,call\nEV2,A1,2026-11-23T09:00:00Z,call\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal([
            "calls.csv: 1 of 4 events is malformed; the batch was rejected whole and nothing was appended",
            "calls.csv:4: column 'event_id' value 'EV1': also the id of line 2 with a different payload (account_id: line 2 'A1', line 4 'A2'): one id names one event, "
                + "the log would keep line 2 and drop line 4; give each event its own id (a repeat with the same payload is taken as a duplicate)",
        ], error.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(0, Rows());

        File.WriteAllText(path, "event_id,account_id,occurred_at,channel\nEV2,A1,2026-11-23T09:00:00Z,call\nEV2,A1,2026-11-23T09:00:00Z,Phone\n");
        (exit, output, error) = Touch("--file", path);
        Assert.True(exit == 0, error);
        Assert.StartsWith("Appended 1 event (sequence 1); 1 duplicate not applied again.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Touch_IdsExcelTurnedIntoScientificNotation_Exit2SayingSo()
    {
        // HubSpot's record ids after a round trip through Excel: 123456789012 and 123457000000 both show as 1.23457E+11.
        var path = _world.Test.Files.Write("hubspot.csv", "Record ID,Associated Company IDs,Activity date,Activity type\n1.23457E+11,A1,2026-11-23T09:00:00Z,CALL\n"
            + "1.23457E+11,A2,2026-11-23T09:30:00Z,CALL\n1234567,\"1,23457E+11\",2026-11-23T09:30:00Z,CALL\n");

        var (exit, output, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        const string Why = "is a number in scientific notation, as Excel shows a long numeric id: the digits after the first few are lost, so ids that differed look alike now; "
            + "format the column as Text in the spreadsheet (or export again from the CRM without opening the file in Excel) and send the full ids";
        Assert.Equal([
            "hubspot.csv: 3 of 3 events are malformed; the batch was rejected whole and nothing was appended",
            $"hubspot.csv:2: column 'Record ID (event_id)' value '1.23457E+11': {Why}",
            $"hubspot.csv:3: column 'Record ID (event_id)' value '1.23457E+11': {Why}",
            $"hubspot.csv:4: column 'Associated Company IDs (account_id)' value '1,23457E+11': {Why}",
        ], error.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(0, Rows());
    }

    [Theory]
    [InlineData("touch: give the events either with --event JSON or with --file PATH (exactly one of them)")]
    [InlineData("touch: give the events either with --event JSON or with --file PATH (exactly one of them)", "--event", "{}", "--file", "x.csv")]
    [InlineData("--event: column 'occurred_at' value '2100-01-01T00:00:00Z': is in the future", "--event",
        """{"event_id": "EV1", "account_id": "A1", "occurred_at": "2100-01-01T00:00:00Z", "channel": "call"}""")]
    [InlineData("--future-tolerance-minutes: value '-1': expected a number of minutes from 0 to 525600 (a year)", "--event", "{}", "--future-tolerance-minutes", "-1")]
    [InlineData("--future-tolerance-minutes: value '99999999999': expected a number of minutes from 0 to 525600 (a year)", "--event", "{}", "--future-tolerance-minutes", "99999999999")]
    [InlineData("--future-tolerance-minutes: value '5000000000': expected a number of minutes from 0 to 525600 (a year)", "--event", "{}", "--future-tolerance-minutes", "5000000000")]
    [InlineData("--future-tolerance-minutes: value '525601': expected a number of minutes from 0 to 525600 (a year)", "--event", "{}", "--future-tolerance-minutes", "525601")]
    [InlineData("no such file", "--file", "/nonexistent/events.csv")]
    [InlineData("/tmp: a folder, not a file; expected a file of events (JSON (an object, an array or one object per line), CSV with a header line, or an .xlsx workbook)",
        "--file", "/tmp")]
    [InlineData("/dev/null: the file is empty; expected JSON (an object, an array or one object per line), CSV with a header line, or an .xlsx workbook",
        "--file", "/dev/null")]
    [InlineData("/dev/zero:1: the line is longer than 30,000,000 bytes, the most the server takes in one request; nothing was appended", "--file", "/dev/zero")]
    public void Touch_BadArguments_Exit2WithTheReason(string message, params string[] args)
    {
        var (exit, output, error) = Touch(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal(0, Rows());
    }

    [Fact]
    public void Touch_ALineLongerThanARequest_IsRefusedNamingFileLineAndLimit_AndNothingIsAppended()
    {
        var path = _world.Test.Files.File("long.jsonl");
        using (var file = File.CreateText(path))
        {
            file.Write(TouchpointWorld.Json(id: "EV1") + "\n");
            file.Write(new string('x', TouchpointEventReader.MaxRequestBytes + 1));
            file.Write("\n" + TouchpointWorld.Json(id: "EV2") + "\n");
        }

        var (exit, output, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"{path}:2: the line is longer than 30,000,000 bytes, the most the server takes in one request; nothing was appended "
            + "(a file of events holds an event or a few per line: is it the right file?)", error.Trim());
        Assert.Equal(0, Rows());
        Assert.Equal(30_000_000, TouchpointEventReader.MaxRequestBytes);
    }

    [Fact]
    public void Touch_AFileLongerThanTouchReads_IsRefusedNamingFileLineLimitAndImport_AndNothingIsAppended()
    {
        // 25,000,000 lines "x,y" fill the limit exactly; the byte after them starts line 25,000,001.
        var path = _world.Test.Files.File("endless.csv");
        using (var file = File.Create(path))
        {
            var lines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("x,y\n", 1 << 14)));
            for (var written = 0L; written < TouchpointEventReader.MaxFileBytes; written += lines.Length)
            {
                file.Write(lines, 0, (int)Math.Min(lines.Length, TouchpointEventReader.MaxFileBytes - written));
            }

            file.Write("x"u8);
        }

        var (exit, output, error) = Touch("--file", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"{path}:25000001: the file goes on past 100,000,000 bytes, the most sightline touch reads (it takes an integration's batch of events); "
            + "nothing was appended; load bulk history with sightline import", error.Trim());
        Assert.Equal(0, Rows());
    }
}
