using System.Globalization;
using System.Text;
using Sightline.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime;

/// <summary>Reading and validating touchpoint events: every rule with its message, and batches all or nothing.</summary>
public sealed class TouchpointEventTests : IDisposable
{
    private readonly TouchpointWorld _world = new();

    public void Dispose() => _world.Dispose();

    private IReadOnlyList<TouchpointEvent> Valid(string json) => _world.Validator().ValidateJson(json, "--event");

    /// <summary>The diagnostics of a refused batch (the summary line first).</summary>
    private List<string> Refused(string json, TimeSpan? tolerance = null) =>
        Assert.Throws<BadInputException>(() => _world.Validator(tolerance).ValidateJson(json, "--event")).Diagnostics.Select(d => d.ToString()).ToList();

    [Fact]
    public void ValidateJson_OneObject_NormalisesLikeImport()
    {
        var e = Assert.Single(Valid("""
            {"event_id": " EV-7 ", "account_id": "A2", "occurred_at": "2026-11-23T11:15:30.1234567+01:00", "channel": "Phone",
             "kind": "pricing_question", "direction": "Inbound", "contact_id": 4711, "outcome": "connected",
             "product_family": "Analytics", "ticket": {"id": "T-9", "state": "OPEN"}}
            """));

        Assert.Equal(new TouchpointEvent("EV-7", "A2", new DateTimeOffset(2026, 11, 23, 10, 15, 30, TimeSpan.Zero).AddTicks(1_234_560), "call",
            "pricing_question", "in", "4711", "connected", "Analytics", "T-9", "open"), e);
        Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset);
    }

    [Fact]
    public void ValidateJson_FlatTicketFieldsAndNulls_AreAccepted()
    {
        var e = Assert.Single(Valid("""{"event_id": "EV1", "account_id": "A1", "occurred_at": "2026-11-23 10:00Z", "channel": "support", "direction": null, "ticket_id": "T-1", "ticket_state": "closed", "ticket": null}"""));
        Assert.Equal(("T-1", "closed", (string?)null), (e.TicketId, e.TicketState, e.Direction));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), e.OccurredAt);
    }

    [Theory]
    [InlineData("event_id", null, "--event: column 'event_id': missing; every event needs event_id, account_id, occurred_at and channel")]
    [InlineData("event_id", "\"   \"", "--event: column 'event_id': missing; every event needs event_id, account_id, occurred_at and channel")]
    [InlineData("account_id", null, "--event: column 'account_id': missing; every event needs event_id, account_id, occurred_at and channel")]
    [InlineData("occurred_at", null, "--event: column 'occurred_at': missing; every event needs event_id, account_id, occurred_at and channel")]
    [InlineData("channel", null, "--event: column 'channel': missing; every event needs event_id, account_id, occurred_at and channel")]
    [InlineData("channel", "\"fax\"", "--event: column 'channel' value 'fax': not a channel; expected one of call, email, web, meeting, event, support, chat, social (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.channel)")]
    [InlineData("direction", "\"sideways\"", "--event: column 'direction' value 'sideways': not a direction; expected in or out (inbound and outbound are accepted too) (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.direction)")]
    [InlineData("occurred_at", "\"2026-11-23T10:15:00\"", "--event: column 'occurred_at' value '2026-11-23T10:15:00': has no time zone, so the instant is ambiguous; write UTC with Z or give the offset, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("occurred_at", "\"yesterday\"", "--event: column 'occurred_at' value 'yesterday': not a date and time; expected ISO 8601 with a time zone, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("occurred_at", "\"2026-02-30T10:00:00Z\"", "--event: column 'occurred_at' value '2026-02-30T10:00:00Z': not a real date and time (month, day, hour or offset out of range); e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("occurred_at", "\"2026-11-23T12:06:00Z\"", "--event: column 'occurred_at' value '2026-11-23T12:06:00Z': is in the future: later than 2026-11-23T12:05:00Z (now, 2026-11-23T12:00:00Z, plus 5 minutes' tolerance for clock differences)")]
    [InlineData("occurred_at", "\"2027-11-23T10:15:00Z\"", "--event: column 'occurred_at' value '2027-11-23T10:15:00Z': is in the future: later than 2026-11-23T12:05:00Z (now, 2026-11-23T12:00:00Z, plus 5 minutes' tolerance for clock differences)")]
    [InlineData("account_id", "\"A99\"", "--event: column 'account_id' value 'A99': not a known account (no row in accounts has this account_id)")]
    [InlineData("ticket", "{\"id\": \"T-1\", \"state\": \"pending\"}", "--event: column 'ticket.state (ticket_state)' value 'pending': not a ticket state; expected open or closed")]
    [InlineData("ticket_id", "\"T-1\"", "--event: column 'ticket_state': missing for ticket 'T-1'; give the ticket's state after this touch, open or closed")]
    [InlineData("ticket_state", "\"open\"", "--event: column 'ticket_id': missing: the ticket state 'open' names no ticket; give its id")]
    [InlineData("ticket", "\"T-1\"", "--event: column 'ticket' value '\"T-1\"': expected an object such as {\"id\": \"T-1042\", \"state\": \"open\"} (or the fields ticket_id and ticket_state)")]
    [InlineData("ticket", "{\"id\": \"T-1\", \"state\": \"open\", \"status\": \"open\"}", "--event: column 'ticket.status': unknown field of ticket; expected id and state")]
    [InlineData("acount_id", "\"A1\"", "--event: column 'acount_id': unknown field; expected event_id, account_id, occurred_at, channel, kind, direction, contact_id, outcome, product_family, ticket_id, ticket_state (or ticket as {\"id\", \"state\"})")]
    [InlineData("kind", "true", "--event: column 'kind' value 'true': expected text, found true/false")]
    [InlineData("outcome", "[\"a\"]", "--event: column 'outcome' value '[\"a\"]': expected text, found a list")]
    // A required field given a value that is no text is told what it is, not also called missing.
    [InlineData("channel", "true", "--event: column 'channel' value 'true': expected text, found true/false")]
    [InlineData("account_id", "{\"id\": \"A1\"}", "--event: column 'account_id' value '{\"id\": \"A1\"}': expected text, found an object")]
    public void ValidateJson_OneBrokenRule_IsRefusedWithItsMessage(string field, string? value, string expected)
    {
        var messages = Refused(TouchpointWorld.Json(field, value));
        Assert.Equal(["--event: 1 of 1 event is malformed; the batch was rejected whole and nothing was appended", expected], messages);
    }

    [Fact]
    public void ValidateJson_Comments_AreSkipped_AndATrailingCommaIsRefusedSayingWhatToRemove()
    {
        var events = Valid("""
            // today's calls
            [
              {"event_id": "EV1", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call"},
              {"event_id": "EV2", "account_id": "A2", "occurred_at": "2026-11-23T10:20:00Z", "channel": "email" /* sent by the rep */}
            ]
            """);
        Assert.Equal([("EV1", "A1", "call"), ("EV2", "A2", "email")], events.Select(e => (e.EventId, e.AccountId, e.Channel)));

        // It was refused with .NET's advice to "change the reader options", which no sender can follow.
        var error = Assert.Throws<BadInputException>(() => Valid("""{"event_id": "EV1", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call",}"""));
        Assert.Equal("--event:1: not valid JSON at position 98: a comma before this closing brace or bracket, which JSON does not allow; remove it",
            Assert.Single(error.Diagnostics).ToString());
        error = Assert.Throws<BadInputException>(() => Valid("""[{"event_id": "EV1"},]"""));
        Assert.Equal("--event:1: not valid JSON at position 22: a comma before this closing brace or bracket, which JSON does not allow; remove it",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void ValidateJson_FieldGivenTwice_IsRefused()
    {
        var messages = Refused("""
            {"event_id": "EV1", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call", "channel": "email",
             "ticket_id": "T-1", "ticket": {"id": "T-2", "state": "open"}}
            """);
        Assert.Equal([
            "--event: column 'channel': given twice; give each field once",
            "--event: column 'ticket.id': given twice (as ticket.id/ticket.state and as ticket_id/ticket_state); give it once",
        ], messages.Skip(1));
    }

    [Fact]
    public void ValidateJson_EventIdOf255Characters_IsAcceptedAnd256IsNot()
    {
        Assert.Equal(255, Assert.Single(Valid(TouchpointWorld.Json(id: new string('e', 255)))).EventId.Length);

        var messages = Refused(TouchpointWorld.Json(id: new string('e', 256)));
        Assert.Equal($"--event: column 'event_id' value '{new string('e', 40)}...': is 256 characters long; at most 255 are accepted", messages[1]);

        // A Salesforce activity's Subject may be 255 characters long (the limit was 200, which refused the whole batch).
        var subject = new string('s', 255);
        Assert.Equal(subject, Assert.Single(Valid(TouchpointWorld.Json("kind", $"\"{subject}\""))).Kind);
    }

    [Theory]
    [InlineData("event_id", "\"N-1\\u0000\"", "--event: column 'event_id' value 'N-1\\u0000': holds the control character U+0000 (NUL) at position 4, which the database cannot store (it would cut the value there); this field holds no control character")]
    [InlineData("event_id", "\"C-31\\u0000xyz\"", "--event: column 'event_id' value 'C-31\\u0000xyz': holds the control character U+0000 (NUL) at position 5, which the database cannot store (it would cut the value there); this field holds no control character")]
    [InlineData("event_id", "\"N\\t1\"", "--event: column 'event_id' value 'N\\u00091': holds the control character U+0009 (tab) at position 2, which is no text; this field holds no control character")]
    [InlineData("contact_id", "\"C\\u001b[2J\"", "--event: column 'contact_id' value 'C\\u001b[2J': holds the control character U+001B (escape) at position 2, which is no text; this field holds no control character")]
    [InlineData("kind", "\"renewal\\u0000call\"", "--event: column 'kind' value 'renewal\\u0000call': holds the control character U+0000 (NUL) at position 8, which the database cannot store (it would cut the value there); a text may hold tabs and line breaks, no other control character")]
    [InlineData("outcome", "\"left\\u0007\"", "--event: column 'outcome' value 'left\\u0007': holds the control character U+0007 at position 5, which is no text; a text may hold tabs and line breaks, no other control character")]
    public void ValidateJson_ControlCharacterInAText_IsRefusedShownEscaped(string field, string value, string expected)
    {
        var messages = Refused(TouchpointWorld.Json(field, value));

        Assert.Equal(["--event: 1 of 1 event is malformed; the batch was rejected whole and nothing was appended", expected], messages);
    }

    [Fact]
    public void ValidateJson_ControlCharacterInAToken_IsShownEscapedByEveryMessage()
    {
        var messages = Refused(TouchpointWorld.Json("account_id", "\"A1\\u0000\""));

        Assert.Equal([
            "--event: 1 of 1 event is malformed; the batch was rejected whole and nothing was appended",
            "--event: column 'account_id' value 'A1\\u0000': holds the control character U+0000 (NUL) at position 3, which the database cannot store (it would cut the value there); this field holds no control character",
            "--event: column 'account_id' value 'A1\\u0000': not a known account (no row in accounts has this account_id)",
        ], messages);
    }

    [Fact]
    public void ValidateJson_TabsAndLineBreaksInAFreeText_AreKept()
    {
        Assert.Equal("asked about\tpricing\r\nand terms", Assert.Single(Valid(TouchpointWorld.Json("outcome", "\"asked about\\tpricing\\r\\nand terms\""))).Outcome);
    }

    [Theory]
    [InlineData("{\"event_id\": \"S-74\\ud800\", \"account_id\": \"A1\", \"occurred_at\": \"2026-11-23T10:15:00Z\", \"channel\": \"call\"}", "--event: event_id: not valid text")]
    [InlineData("{\"event_id\": \"S-74\", \"account_id\": \"A1\", \"occurred_at\": \"2026-11-23T10:15:00Z\", \"ch\\udc00\": \"call\"}", "--event: (a key): not valid text")]
    [InlineData("[{\"event_id\": \"S-1\", \"account_id\": \"A1\", \"occurred_at\": \"2026-11-23T10:15:00Z\", \"channel\": \"call\"}, {\"event_id\": \"S-2\", \"ticket\": {\"id\": \"\\ud83d\", \"state\": \"open\"}}]", "--event[1]: ticket.id: not valid text")]
    [InlineData("{\"events\": [{\"event_id\": \"S-1\", \"channel\": \"\\udfff\"}]}", "--event: events[0].channel: not valid text")]
    public void ValidateJson_HalfASurrogatePair_IsRefusedNamingWhere(string json, string expected)
    {
        var messages = Refused(json);

        Assert.Equal(2, messages.Count);
        Assert.Equal(expected + ": it holds a \\uD800-\\uDFFF escape that is half of a UTF-16 surrogate pair (no character); send the text as UTF-8, or escape a character outside the BMP as both halves of its pair", messages[1]);
    }

    [Fact]
    public void ValidateJson_AWholeSurrogatePair_IsText()
    {
        Assert.Equal("call about \U0001F600", Assert.Single(Valid(TouchpointWorld.Json("kind", "\"call about \\ud83d\\ude00\""))).Kind);
    }

    [Fact]
    public void ValidateJson_FutureTolerance_IsConfigurable()
    {
        var sixMinutesAhead = TouchpointWorld.Json("occurred_at", "\"2026-11-23T12:06:00Z\"");
        Assert.Single(_world.Validator(TimeSpan.FromMinutes(10)).ValidateJson(sixMinutesAhead, "--event"));
        Assert.Single(Valid(TouchpointWorld.Json("occurred_at", "\"2026-11-23T12:04:59Z\"")));

        var messages = Refused(TouchpointWorld.Json("occurred_at", "\"2026-11-23T12:00:01Z\""), TimeSpan.Zero);
        Assert.EndsWith("plus 0 seconds' tolerance for clock differences)", messages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateJson_BatchWithOneBadEvent_IsRefusedWholeNamingTheEventsByIndex()
    {
        var json = $"[{TouchpointWorld.Json(id: "EV1")}, {TouchpointWorld.Json("channel", "\"fax\"", id: "EV2")}, {TouchpointWorld.Json("account_id", "\"nobody\"", id: "EV3")}, {TouchpointWorld.Json(id: "EV4")}]";

        var messages = Refused(json);

        Assert.Equal([
            "--event: 2 of 4 events are malformed; the batch was rejected whole and nothing was appended",
            "--event[1]: column 'channel' value 'fax': not a channel; expected one of call, email, web, meeting, event, support, chat, social (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.channel)",
            "--event[2]: column 'account_id' value 'nobody': not a known account (no row in accounts has this account_id)",
        ], messages);
    }

    [Fact]
    public void ValidateJson_SeveralProblemsInOneEvent_AreAllListed()
    {
        var messages = Refused("""{"event_id": "EV1", "account_id": "A9", "occurred_at": "soon", "channel": "fax"}""");
        Assert.Equal(4, messages.Count);
        Assert.Contains(messages, m => m.StartsWith("--event: column 'occurred_at' value 'soon'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("--event: column 'channel' value 'fax'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("--event: column 'account_id' value 'A9'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "--event: no events: expected a JSON object (one event), an array of objects, or one object per line")]
    [InlineData("[]", "--event: no events: expected a JSON object (one event), an array of objects, or one object per line")]
    [InlineData("{\"event_id\": \"EV1\",}", "--event:1: not valid JSON at position ")]
    [InlineData("[42]", "--event[0]: value '42': expected a JSON object (one event), found a number")]
    public void ValidateJson_NotEvents_IsRefused(string json, string expected)
    {
        var error = Assert.Throws<BadInputException>(() => Valid(json));
        Assert.Contains(error.Diagnostics, d => d.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"event_id\": \"EV1\"}\n{\"event_id\": \"EV2\", \"channel\": \"call\"\n{\"event_id\": \"EV3\"}\n",
        "--event:2: not valid JSON at position 38: the line ends before its object is closed (one event per line: the next line starts another)")]
    [InlineData("{\"event_id\": \"EV1\", \"channel\": \"call\"\r\n  {\"event_id\": \"EV3\"}",
        "--event:1: not valid JSON at position 38: the line ends before its object is closed (one event per line: the next line starts another)")]
    // Pretty-printed: the line reported is the one the reader stopped on, as before.
    [InlineData("{\n  \"event_id\": \"EV1\"\n  \"channel\": \"call\"\n}", "--event:3: not valid JSON at position 3: ")]
    public void ValidateJson_ObjectPerLineLeftOpen_NamesItsOwnLine_NotTheNext(string json, string expected)
    {
        // The next line's brace is where the reader fails, so it named line 3 for a line 2 without its closing brace.
        var error = Assert.Throws<BadInputException>(() => Valid(json));
        Assert.StartsWith(expected, Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[42]", "--event[0]: value '42': expected a JSON object (one event), found a number")]
    [InlineData("\"text\"", "--event: value '\"text\"': expected a JSON object (one event), found text")]
    [InlineData("null", "--event: value 'null': expected a JSON object (one event), found null")]
    public void ValidateJson_AValueThatIsNoObject_IsNamedOnce_NotAlsoForEachMissingField(string json, string expected)
    {
        var error = Assert.Throws<BadInputException>(() => Valid(json));

        Assert.Equal(expected, Assert.Single(error.Diagnostics.Skip(1)).ToString());
    }

    [Fact]
    public void Validate_AccountsOfABatch_AreLookedUpInOneQuery()
    {
        var calls = 0;
        var validator = new TouchpointEventValidator(ids =>
        {
            calls++;
            return ids.Where(id => id != "A7").ToHashSet();
        }, clock: FixedClock.Default);
        var json = "[" + string.Join(", ", Enumerable.Range(0, 50).Select(i => TouchpointWorld.Json("account_id", $"\"A{i % 10}\"", id: $"EV{i}"))) + "]";

        var error = Assert.Throws<BadInputException>(() => validator.ValidateJson(json, "body"));

        Assert.Equal(1, calls);
        Assert.Equal(5, error.Diagnostics.Count(d => d.Column == "account_id" && d.Value == "A7"));
        Assert.Equal("body: 5 of 50 events are malformed; the batch was rejected whole and nothing was appended", error.Diagnostics[0].ToString());
    }

    [Fact]
    public void Validate_ManyDistinctAccounts_AreCheckedThroughTheKeyTable()
    {
        _world.Workspace.Execute("INSERT INTO accounts (account_id, name) SELECT 'B' || i, 'Bulk ' || i FROM range(200) t(i)");
        var json = "[" + string.Join(", ", Enumerable.Range(0, 201).Select(i => TouchpointWorld.Json("account_id", $"\"B{i}\"", id: $"EV{i}"))) + "]";

        var error = Assert.Throws<BadInputException>(() => Valid(json));

        Assert.Equal(["--event: 1 of 201 events is malformed; the batch was rejected whole and nothing was appended",
            "--event[200]: column 'account_id' value 'B200': not a known account (no row in accounts has this account_id)"], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Validate_WorkspaceWithoutAccounts_SaysToImportThem()
    {
        using var empty = new TestWorkspace();
        var error = Assert.Throws<BadInputException>(() => new TouchpointEventValidator(empty.Workspace, clock: FixedClock.Default)
            .ValidateJson(TouchpointWorld.Json(), "--event"));
        Assert.Equal("--event: column 'account_id' value 'A1': not a known account: the workspace has no accounts yet; import accounts first",
            error.Diagnostics[1].ToString());
    }

    [Fact]
    public void ValidateJson_CrmActivityTypes_TakeTheImportsSynonyms()
    {
        var events = _world.Validator().ValidateJson("""
            [{"event_id": "EV1", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "LinkedIn Message", "direction": "Outgoing"},
             {"event_id": "EV2", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "Support Case", "direction": "Incoming"}]
            """, "--event");
        Assert.Equal([("social", "out"), ("support", "in")], events.Select(e => (e.Channel, e.Direction!)));
    }

    [Fact]
    public void ValidateFile_Utf16AndWindows1252Csv_ReadAsTheImportReadsThem()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string Csv = "event_id\taccount_id\toccurred_at\tchannel\toutcome\r\nEV1\tA1\t2026-11-23T10:15:00Z\tcall\tRückruf erbeten\r\n";
        var unicode = _world.Test.Files.File("calls-unicode.txt");
        File.WriteAllBytes(unicode, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Csv)]);
        var western = _world.Test.Files.File("calls-1252.csv");
        File.WriteAllBytes(western, Encoding.GetEncoding(1252).GetBytes(Csv));

        foreach (var path in new[] { unicode, western })
        {
            var e = Assert.Single(_world.Validator().ValidateFile(path));
            Assert.Equal(("EV1", "A1", "call", "Rückruf erbeten"), (e.EventId, e.AccountId, e.Channel, e.Outcome));
        }
    }

    [Fact]
    public void ValidateFile_Utf8AndWindows1252LinesInOneCsv_EachLineKeepsItsText()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _world.Test.Files.File("calls.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("event_id,account_id,occurred_at,channel,outcome\nEV1,A1,2026-11-23T10:15:00Z,call,Rückruf erbeten\n"),
            .. Encoding.GetEncoding(1252).GetBytes("EV2,A1,2026-11-23T10:20:00Z,call,Später – morgen\n")]);
        var notes = new List<string>();

        var events = _world.Validator().ValidateFile(path, notes);

        Assert.Equal(["Rückruf erbeten", "Später – morgen"], events.Select(e => e.Outcome));
        Assert.Contains("calls.csv mixes encodings: 1 line is not valid UTF-8 (the first is line 3) and was read as Windows-1252; 1 line with other non-ASCII text is valid UTF-8 and kept as such", notes);
    }

    [Fact]
    public void ValidateFile_JsonLines_NamesEventsByLine()
    {
        var path = _world.Test.Files.Write("today.jsonl", $"{TouchpointWorld.Json(id: "EV1")}\n\n{TouchpointWorld.Json("direction", "\"up\"", id: "EV2")}\n{TouchpointWorld.Json(id: "EV3")}\n");

        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Equal("today.jsonl:3: column 'direction' value 'up': not a direction; expected in or out (inbound and outbound are accepted too) (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.direction)",
            error.Diagnostics[1].ToString());

        File.WriteAllText(path, $"{TouchpointWorld.Json(id: "EV1")}\n{TouchpointWorld.Json(id: "EV2")}\n");
        Assert.Equal(["EV1", "EV2"], _world.Validator().ValidateFile(path).Select(e => e.EventId));
    }

    [Fact]
    public void ValidateFile_PipeDelimitedCsv_IsReadAsImportReadsIt()
    {
        // It was read as one column named by the whole header line and refused for missing every field.
        var path = _world.Test.Files.Write("calls.txt", "event_id|account_id|occurred_at|channel|outcome\nEV1|A1|2026-11-23T10:15:00Z|call|left a message, will call back\n");

        var e = Assert.Single(_world.Validator().ValidateFile(path));

        Assert.Equal(("EV1", "A1", "call", "left a message, will call back"), (e.EventId, e.AccountId, e.Channel, e.Outcome));
    }

    [Theory]
    [InlineData("calls.csv", new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0 }, "it is gzip-compressed data; unpack it first")]
    [InlineData("calls.json", new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0 }, "it is a zip archive or an Excel workbook; unpack the archive, or name a workbook .xlsx")]
    [InlineData("calls.csv", new byte[] { (byte)'P', (byte)'A', (byte)'R', (byte)'1', 0, 0, (byte)'P', (byte)'A', (byte)'R', (byte)'1' }, "it is a Parquet file, which sightline import reads")]
    public void ValidateFile_AnotherFormatNamedAsText_IsRefusedSayingWhatItIs(string name, byte[] bytes, string what)
    {
        // Read as text, a gzip file's bytes were shown as the header's one column.
        var path = _world.Test.Files.File(name);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));

        Assert.Equal($"{path}: {what}; expected JSON (an object, an array or one object per line), CSV with a header line, or an .xlsx workbook",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void ValidateFile_ATextFileStartingAsParquetDoes_IsStillText()
    {
        // Only a file that also ends with Parquet's mark is one: a header may begin with the letters.
        var path = _world.Test.Files.Write("par1.csv", "PAR1,event_id,account_id,occurred_at,channel\nx,EV1,A1,2026-11-23T10:15:00Z,call\n");

        Assert.Equal("EV1", Assert.Single(_world.Validator().ValidateFile(path)).EventId);
    }

    [Fact]
    public void ReadFile_AFileAtItsLimit_IsRead_AndOneByteMoreIsRefusedNamingFileLineLimitAndImport()
    {
        var text = $"{TouchpointWorld.Json(id: "EV1")}\n{TouchpointWorld.Json(id: "EV2")}\n{TouchpointWorld.Json(id: "EV3")}\n";
        var path = _world.Test.Files.Write("batch.jsonl", text);
        var length = Encoding.UTF8.GetByteCount(text);

        Assert.Equal(3, TouchpointEventReader.ReadFile(path, null, null, maxFileBytes: length).Count);

        // The one byte past the limit is the line feed ending line 3.
        var error = Assert.Throws<BadInputException>(() => TouchpointEventReader.ReadFile(path, null, null, maxFileBytes: length - 1));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{path}:3: the file goes on past {length - 1:N0} bytes, the most sightline touch reads ")
            + "(it takes an integration's batch of events); nothing was appended; load bulk history with sightline import", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void ReadFile_AWorkbookWhoseCellsComeToMoreThanTheLimit_IsRefusedNamingTheLimitAndImport()
    {
        // A workbook is compressed, so its own size says little: a few megabytes of .xlsx hold hundreds of megabytes of cells.
        var path = _world.Test.Files.File("activities.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, Enumerable.Range(1, 3).Select(i => new Dictionary<string, object?>
        {
            ["event_id"] = $"EV{i}", ["account_id"] = "A1", ["occurred_at"] = "2026-11-20T09:00:00Z", ["channel"] = "call",
        }));
        long cellBytes;
        using (var sheet = Sightline.Data.ReadableFile.Open(path))
        {
            cellBytes = new FileInfo(sheet.Path).Length;
        }

        Assert.Equal([("EV1", (long?)2), ("EV2", 3), ("EV3", 4)], TouchpointEventReader.ReadFile(path, null, null, maxFileBytes: cellBytes).Select(e => (e.Fields["event_id"], e.Line)));
        var error = Assert.Throws<BadInputException>(() => TouchpointEventReader.ReadFile(path, null, null, maxFileBytes: cellBytes - 1));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{path}: the first sheet's cells come to more than {cellBytes - 1:N0} bytes as text, the most sightline touch reads ")
            + "(it takes an integration's batch of events); nothing was appended; load bulk history with sightline import", Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData(4_000, 1_001)]
    [InlineData(3_999, 1_000)]
    [InlineData(4_001, 1_001)]
    public void ReadFile_ShortLinesPastTheLimit_AreRefusedAtTheLineOfTheFirstByteOver(int limit, int line)
    {
        // A pipe of endless short lines ("yes 'x,y'") was read until memory ran out: the reading stops at the limit.
        var path = _world.Test.Files.Write("endless.csv", string.Concat(Enumerable.Repeat("x,y\n", 2_000)));

        var error = Assert.Throws<BadInputException>(() => TouchpointEventReader.ReadFile(path, null, null, maxFileBytes: limit));

        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{path}:{line}: the file goes on past {limit:N0} bytes,"), Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
        Assert.Equal(100_000_000, TouchpointEventReader.MaxFileBytes);
    }

    [Fact]
    public void ValidateFile_PrettyPrintedArray_NamesEventsByTheLineTheyStartOn()
    {
        var path = _world.Test.Files.Write("batch.json", """
            [
              {"event_id": "EV1", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "email"},
              {
                "event_id": "EV2", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z",
                "channel": "pigeon"
              }
            ]
            """);

        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Equal("batch.json:3: column 'channel' value 'pigeon': not a channel; expected one of call, email, web, meeting, event, support, chat, social (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.channel)",
            error.Diagnostics[1].ToString());
    }

    [Fact]
    public void ValidateFile_Csv_ReadsQuotedFieldsAndNamesBadLines()
    {
        var path = _world.Test.Files.Write("calls.csv", """
            Event ID,account_id,occurred_at,channel,kind,outcome,ticket_id,ticket_state
            EV1,A1,2026-11-23T09:00:00Z,call,renewal_call,"left a message, will call back",,
            EV2,A2,2026-11-23T09:30:00+02:00,support,ticket_opened,"line one
            line two",T-5,open
            """);

        var events = _world.Validator().ValidateFile(path);

        Assert.Equal(2, events.Count);
        Assert.Equal("left a message, will call back", events[0].Outcome);
        Assert.Null(events[0].TicketId);
        Assert.Equal(("line one\nline two", "T-5", "open"), (events[1].Outcome!.ReplaceLineEndings("\n"), events[1].TicketId, events[1].TicketState));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 30, 0, TimeSpan.Zero), events[1].OccurredAt);

        File.WriteAllText(path, "event_id,account_id,occurred_at,channel\nEV1,A1,2026-11-23T09:00:00Z,call\n\"EV2\",A1,2026-11-23T09:00:00Z\nEV3,A1,2026-11-23 09:00,web\n");
        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Equal([
            "calls.csv: 2 of 3 events are malformed; the batch was rejected whole and nothing was appended",
            "calls.csv:3: has 3 fields, the header has 4",
            "calls.csv:3: column 'channel': missing; every event needs event_id, account_id, occurred_at and channel",
            "calls.csv:4: column 'occurred_at' value '2026-11-23 09:00': has no time zone, so the instant is ambiguous; write UTC with Z or give the offset, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("event_id;account_id;occurred_at;chanel\n", "calls.csv:1: column 'chanel': unknown column; did you mean 'channel'? (expected event_id, account_id, occurred_at, channel, kind, direction, contact_id, outcome, product_family, ticket_id, ticket_state)")]
    [InlineData("event_id,acount_id,occurred_at,channel\n", "calls.csv:1: column 'acount_id': unknown column; did you mean 'account_id'? (expected event_id, account_id, occurred_at, channel, kind, direction, contact_id, outcome, product_family, ticket_id, ticket_state)")]
    [InlineData("event_id,account_id,occurred_at\nEV1,A1,2026-11-23T09:00:00Z\n", "calls.csv:1: column 'channel': required column missing from the header")]
    [InlineData("event_id,account_id,occurred_at,channel\n", "calls.csv: no events: the file has a header but no event lines")]
    [InlineData("event_id,account_id,occurred_at,channel\nEV1,A1,2026-11-23T09:00:00Z,\"call\n", "calls.csv:2: a quoted field is never closed (a \" is missing)")]
    public void ValidateFile_CsvWithBrokenShape_IsRefused(string text, string expected)
    {
        var path = _world.Test.Files.Write("calls.csv", text);
        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Contains(expected, error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ValidateFile_CsvColumnCloseToAFieldThatHasItsOwnColumn_IsNotReadWithANote_WithoutItsFieldItIsAMisspelling()
    {
        var path = _world.Test.Files.Write("cases.csv", "Event ID,Account ID,Occurred At,Channel,Contact ID,Contract ID,Notes\nEV1,A1,2026-11-23T09:00:00Z,support,C-1,K-77,x\n");
        var notes = new List<string>();

        var e = Assert.Single(_world.Validator().ValidateFile(path, notes));

        Assert.Equal("C-1", e.ContactId);
        Assert.Equal(["cases.csv: columns 'Contract ID' (close to contact_id, which 'Contact ID' gives), 'Notes' not read: an event keeps only its fields (event_id, account_id, "
            + "occurred_at, channel, kind, direction, contact_id, outcome, product_family, ticket_id, ticket_state)"], notes);

        File.WriteAllText(path, "Event ID,Account ID,Occurred At,Channel,Contract ID\nEV1,A1,2026-11-23T09:00:00Z,support,K-77\n");
        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.StartsWith("cases.csv:1: column 'Contract ID': unknown column; did you mean 'contact_id'?", error.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateFile_CsvProblems_NameTheFilesOwnHeaderWithTheField_AndHeaderProblemsListTheHeader()
    {
        var path = _world.Test.Files.Write("tasks.csv", "Activity ID,Account,Date,Type\n00T1,A1,2026-11-23T09:00:00Z,Call\n");

        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));

        Assert.Equal(["tasks.csv:1: column 'account_id': required column missing from the header",
            "tasks.csv:1: the header's 4 columns: 'Activity ID', 'Account', 'Date', 'Type'"], error.Diagnostics.Select(d => d.ToString()));

        File.WriteAllText(path, "event_id,account_id,occurred_at,channel,product_family,Product Family\nEV1,A1,2026-11-23T09:00:00Z,call,x,y\n");
        error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Equal(["tasks.csv:1: column 'Product Family': column given twice: it gives product_family, as column 5 ('product_family') does already; keep one of them",
            "tasks.csv:1: the header's 6 columns: 'event_id', 'account_id', 'occurred_at', 'channel', 'product_family', 'Product Family'"],
            error.Diagnostics.Select(d => d.ToString()));

        File.WriteAllText(path, "Activity ID,Account ID,Date,Type,Call Type\n00T1,A1,2026-11-23T09:00:00Z,Fax,sideways\n00T2,A1,,Call,\n");
        error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Equal([
            "tasks.csv: 2 of 2 events are malformed; the batch was rejected whole and nothing was appended",
            "tasks.csv:2: column 'Type (channel)' value 'Fax': not a channel; expected one of call, email, web, meeting, event, support, chat, social (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.channel)",
            "tasks.csv:2: column 'Call Type (direction)' value 'sideways': not a direction; expected in or out (inbound and outbound are accepted too) (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.direction)",
            "tasks.csv:3: column 'Date (occurred_at)': missing; every event needs event_id, account_id, occurred_at and channel",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ValidateFile_CsvWithACrmExportsHeaders_ReadsThemAsTheFields_AndNamesTheColumnsNotRead()
    {
        // HubSpot's call export: its own names for the fields, and columns an event does not keep.
        var path = _world.Test.Files.Write("calls.csv", """
            Engagement ID,Associated Company ID,Activity date,Activity Type,Call direction,Call notes,Call duration,Call owner
            EV1,A1,2026-11-23T09:00:00Z,CALL,INBOUND,"asked about renewal, call back",991,Jo Smith
            """);
        var notes = new List<string>();

        var events = _world.Validator().ValidateFile(path, notes);

        Assert.Equal(("EV1", "A1", "call", "in"), (events[0].EventId, events[0].AccountId, events[0].Channel, events[0].Direction));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), events[0].OccurredAt);
        Assert.Equal(["calls.csv: columns 'Call notes', 'Call duration', 'Call owner' not read: an event keeps only its fields (event_id, account_id, occurred_at, "
            + "channel, kind, direction, contact_id, outcome, product_family, ticket_id, ticket_state)"], notes);
    }

    [Theory]
    [InlineData("2026-11-23 09:00", "2026-11-23T08:00:00Z")]        // winter: UTC+1
    [InlineData("2026-07-01T09:30:15", "2026-07-01T07:30:15Z")]     // summer: UTC+2
    [InlineData("2026-11-23T09:00:00Z", "2026-11-23T09:00:00Z")]    // an offset written wins over the zone
    [InlineData("2026-11-23T05:00:00-05:00", "2026-11-23T10:00:00Z")]
    public void LocalZone_TimesWithoutAnOffset_AreReadInIt(string written, string utc)
    {
        var validator = new TouchpointEventValidator(_world.Workspace,
            new TouchpointEventValidationOptions(TimeSpan.FromMinutes(5), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")), FixedClock.Default);

        var events = validator.ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event");

        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), events[0].OccurredAt);
    }

    [Fact]
    public void ValidateJson_FieldNamesInCamelCasePascalCaseOrWithSpaces_NameTheSameFields()
    {
        // The answers are camelCase (eventId, assignedNow): a client writing its events the same way is understood.
        var e = Assert.Single(Valid("""
            {"eventId": "EV1", "AccountId": "A1", "occurred-at": "2026-11-23T10:15:00Z", "Channel": "call", "productFamily": "Analytics",
             "Contact ID": "C7", "Ticket": {"Id": "T-1", "State": "open"}}
            """));
        Assert.Equal(("EV1", "A1", "Analytics", "C7", "T-1", "open"), (e.EventId, e.AccountId, e.ProductFamily, e.ContactId, e.TicketId, e.TicketState));

        var twice = Refused("""{"eventId": "EV1", "event_id": "EV2", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call"}""");
        Assert.Contains(twice, m => m.StartsWith("--event: column 'event_id'", StringComparison.Ordinal) && m.Contains("twice", StringComparison.Ordinal));
        Assert.Equal(["event_id", "product_family", "ticket_state", "account_id", "occurred_at"],
            new[] { "EventID", "product__family", "ticketState", " Account Id ", "OCCURRED_AT" }.Select(TouchpointEventFields.Canonical));
    }

    [Fact]
    public void ValidateJson_CrmNamesOfFields_AreReadAsImportMapsAFilesHeaders()
    {
        // A connector forwarding a HubSpot or Salesforce record as it comes: the names import maps, in JSON too.
        var e = Assert.Single(Valid("""{"Engagement ID": "EV1", "AccountId": "A1", "ActivityDate": "2026-11-23T10:15:00Z", "Type": "Phone", "Call Direction": "Inbound", "Call outcome": "connected"}"""));
        Assert.Equal(("EV1", "A1", "call", "in", "connected"), (e.EventId, e.AccountId, e.Channel, e.Direction, e.Outcome));

        // The workspace's own column map applies as in import.
        _world.Workspace.Settings.ColumnMaps["touchpoints"] = new Dictionary<string, string> { ["Interaktion"] = "event_id" };
        var mapped = Assert.Single(new TouchpointEventValidator(_world.Workspace, clock: FixedClock.Default).ValidateJson(
            """{"Interaktion": "EV2", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call"}""", "--event"));
        Assert.Equal("EV2", mapped.EventId);
        Assert.Contains(Refused("""{"Interaktion": "EV3", "account_id": "A1", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call", "Notes": "x"}"""),
            m => m.StartsWith("--event: column 'Notes': unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateJson_ABatchWrappedInAnObject_IsReadAsTheBatch_NumberedByIndex()
    {
        var events = Valid($$"""{"events": [{{TouchpointWorld.Json(id: "EV1")}}, {{TouchpointWorld.Json(id: "EV2")}}], "paging": {"next": null}, "total": 2}""");
        Assert.Equal(["EV1", "EV2"], events.Select(e => e.EventId));

        var refused = Refused($$"""{"data": [{{TouchpointWorld.Json(id: "EV1")}}, {{TouchpointWorld.Json("channel", "\"fax\"", id: "EV2")}}]}""");
        Assert.Contains(refused, m => m.StartsWith("--event[1]: column 'channel' value 'fax': not a channel", StringComparison.Ordinal));

        Assert.Equal(["--event: no events: the list is empty"], Refused("""{"results": []}"""));
        // OData (Dynamics 365, Microsoft Graph): the list under "value", beside its context and paging links.
        Assert.Equal(["EV3"], Valid($$"""{"@odata.context": "https://example.invalid/$metadata#activities", "value": [{{TouchpointWorld.Json(id: "EV3")}}], "@odata.nextLink": null}""")
            .Select(e => e.EventId));
        // An object with an event's field is an event, whatever else it holds; two lists are no one batch.
        Assert.Contains(Refused("""{"event_id": "EV1", "events": []}"""), m => m.StartsWith("--event: column 'events': unknown field", StringComparison.Ordinal));
        Assert.Contains(Refused("""{"events": [], "data": []}"""), m => m.StartsWith("--event: column 'events': unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateJson_SalesforceRestRecords_ReadByTheirFieldNames_TheRestNamedInANote()
    {
        // A SOQL query's answer as an integration forwards it: records with their attributes and dozens of other fields.
        const string Query = """
            {"totalSize": 3, "done": true, "records": [
              {"attributes": {"type": "Task", "url": "/services/data/v60.0/sobjects/Task/00T5e00000abcdeEAA"}, "Id": "00T5e00000abcdeEAA",
               "AccountId": "A1", "WhatId": "A1", "WhoId": null, "ActivityDate": "2026-11-23", "CompletedDateTime": "2026-11-23T10:15:00.000+0000",
               "Subject": "renewal question", "TaskSubtype": "Call", "Type": "Call", "CallType": "Inbound", "Status": "Completed",
               "CreatedDate": "2026-11-23T10:16:02.000+0000"},
              {"attributes": {"type": "Task"}, "Id": "00T5e00000abcdfEAA", "AccountId": "A1", "ActivityDate": "2026-11-20T00:00:00Z",
               "CompletedDateTime": null, "Type": "Email", "Status": "Open"},
              {"attributes": {"type": "Event"}, "Id": "00U5e00000xyzAAA", "AccountId": "A1", "ActivityDateTime": "2026-11-23T09:00:00.000+0000",
               "Subject": "QBR", "DurationInMinutes": 60}]}
            """;
        var notes = new List<string>();

        var events = _world.Validator().ValidateJson(Query, "--event", notes);

        Assert.Equal([
            ("00T5e00000abcdeEAA", "A1", "2026-11-23T10:15:00Z", "call", "renewal question", "in"),
            ("00T5e00000abcdfEAA", "A1", "2026-11-20T00:00:00Z", "email", null, null),  // an open task: its empty completion gives way to ActivityDate
            ("00U5e00000xyzAAA", "A1", "2026-11-23T09:00:00Z", "meeting", "QBR", null), // an Event without a channel field is a meeting
        ], events.Select(e => (e.EventId, e.AccountId, e.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            e.Channel, e.Kind, e.Direction)));
        Assert.Equal([
            "--event: Salesforce Event records (their attributes name the type): fields not read: DurationInMinutes",
            "--event: Salesforce Task records (their attributes name the type): fields not read: ActivityDate, CreatedDate, Status, TaskSubtype, WhatId",
        ], notes);

        // A record's field values are still checked; and an object without Salesforce's attributes keeps the strict reading.
        Assert.Contains(Refused("""{"attributes": {"type": "Task"}, "Id": "T1", "AccountId": "A9", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "Call"}"""),
            m => m.StartsWith("--event: column 'AccountId (account_id)' value 'A9': not a known account", StringComparison.Ordinal));
        Assert.Contains(Refused("""{"Id": "T2", "AccountId": "A1", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "Call", "Status": "Completed"}"""),
            m => m.StartsWith("--event: column 'Status': unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void SalesforceLogACallTask_TypeEmpty_TakesItsChannelFromTaskSubtype_InJsonAndCsv()
    {
        // "Log a Call" saves a Task whose Type is empty (null in the API) and whose TaskSubtype is Call.
        var notes = new List<string>();
        var events = _world.Validator().ValidateJson("""
            [{"attributes": {"type": "Task"}, "Id": "00T1", "AccountId": "A1", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": null, "TaskSubtype": "Call", "Subject": "Call"},
             {"attributes": {"type": "Task"}, "Id": "00T2", "AccountId": "A1", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "", "TaskSubtype": "Email"},
             {"attributes": {"type": "Task"}, "Id": "00T3", "AccountId": "A1", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "Meeting", "TaskSubtype": "Call", "Subject": "QBR"}]
            """, "--event", notes);
        Assert.Equal([("00T1", "call"), ("00T2", "email"), ("00T3", "meeting")], events.Select(e => (e.EventId, e.Channel)));
        Assert.Equal(["--event: Salesforce Task records (their attributes name the type): fields not read: TaskSubtype"], notes); // the third's, where Type gave the channel

        var refused = Refused("""{"attributes": {"type": "Task"}, "Id": "00T4", "AccountId": "A1", "CompletedDateTime": "2026-11-23T10:15:00Z", "TaskSubtype": "Task"}""");
        Assert.StartsWith("--event: column 'TaskSubtype (channel)' value 'Task': not a channel", refused[1], StringComparison.Ordinal);

        var path = _world.Test.Files.Write("tasks.csv", "Activity ID,Account ID,Completed Date/Time,Type,Task Subtype,Subject\n00T1,A1,2026-11-23T10:15:00Z,,Call,Call\n"
            + "00T2,A1,2026-11-23T10:15:00Z,Email,Call,Re: pricing\n");
        Assert.Equal([("00T1", "call", "Call"), ("00T2", "email", "Re: pricing")], _world.Validator().ValidateFile(path).Select(e => (e.EventId, e.Channel, e.Kind!)));

        // Without a Type column at all, Task Subtype gives every event's channel.
        File.WriteAllText(path, "Activity ID,Account ID,Completed Date/Time,Task Subtype\n00T1,A1,2026-11-23T10:15:00Z,Call\n00T2,A1,2026-11-23T10:15:00Z,\n");
        var error = Assert.Throws<BadInputException>(() => _world.Validator().ValidateFile(path));
        Assert.Equal(["tasks.csv: 1 of 2 events is malformed; the batch was rejected whole and nothing was appended",
            "tasks.csv:3: column 'Task Subtype (channel)': missing; every event needs event_id, account_id, occurred_at and channel"], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ValidateFile_SalesforceReportWithAnEmptyCompletedDateTime_ReadsTheDate_AsTheRestRecordIsRead()
    {
        var path = _world.Test.Files.Write("tasks.csv", """
            "Activity ID","Account ID","Date","Completed Date/Time","Type"
            "00T1","A1","11/20/2026","11/20/2026, 4:05 PM","Call"
            "00T2","A1","11/19/2026","","Email"
            """);
        var notes = new List<string>();

        var events = NewYorkValidator().ValidateFile(path, notes);

        Assert.Equal(["2026-11-20T21:05:00Z", "2026-11-19T05:00:00Z"], events.Select(e => TouchpointEventFields.Format(e.OccurredAt)));
        Assert.Equal(["tasks.csv: line 3 has no 'Completed Date/Time' (an open task): occurred_at is read from 'Date'"], notes);

        File.WriteAllText(path, "Activity ID,Account ID,Date,Completed Date/Time,Type\n00T3,A1,someday,,Call\n");
        var error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.StartsWith("tasks.csv:2: column 'Date (occurred_at)' value 'someday': not a date and time", error.Diagnostics[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateFile_SeveralTimeColumns_FirstWithAValueInImportsRank_WinsPerLine()
    {
        // A task export: COMPLETEDDATETIME blank on an older closed task, whose ACTIVITYDATE holds the day.
        var path = _world.Test.Files.Write("Task.csv", "ID,ACCOUNTID,ACTIVITYDATE,TYPE,COMPLETEDDATETIME\n"
            + "00T1,A1,2026-11-20,Call,2026-11-20T15:05:00.000Z\n00T2,A1,2026-11-19,Email,\n00T3,A1,2026-11-18,Call,N/A\n");
        var notes = new List<string>();

        var events = NewYorkValidator().ValidateFile(path, notes);

        Assert.Equal([("00T1", "2026-11-20T15:05:00Z"), ("00T2", "2026-11-19T05:00:00Z"), ("00T3", "2026-11-18T05:00:00Z")],
            events.Select(e => (e.EventId, TouchpointEventFields.Format(e.OccurredAt))));
        Assert.Equal(["Task.csv: lines 3, 4 have no 'COMPLETEDDATETIME' (an open task): occurred_at is read from 'ACTIVITYDATE'"], notes); // N/A is blank, as in import

        // An event export: three time columns, tried in import's rank (ACTIVITYDATETIME, STARTDATETIME, ACTIVITYDATE), not in file order.
        path = _world.Test.Files.Write("Event.csv", "ID,ACCOUNTID,ACTIVITYDATE,STARTDATETIME,ACTIVITYDATETIME,TYPE\n"
            + "00U1,A1,2026-11-10,2026-11-10T13:00:00.000Z,2026-11-10T13:00:00.000Z,Meeting\n"
            + "00U2,A1,2026-11-13,2026-11-13T09:30:00.000Z,,Meeting\n"
            + "00U3,A1,2026-11-12,,,Meeting\n");
        notes.Clear();

        events = NewYorkValidator().ValidateFile(path, notes);

        Assert.Equal([("00U1", "2026-11-10T13:00:00Z"), ("00U2", "2026-11-13T09:30:00Z"), ("00U3", "2026-11-12T05:00:00Z")],
            events.Select(e => (e.EventId, TouchpointEventFields.Format(e.OccurredAt))));
        Assert.Equal(["Event.csv: line 3 has no 'ACTIVITYDATETIME': occurred_at is read from 'STARTDATETIME'",
            "Event.csv: line 4 has no 'ACTIVITYDATETIME' or 'STARTDATETIME': occurred_at is read from 'ACTIVITYDATE'"], notes);
    }

    [Fact]
    public void ValidateFile_SeveralTimeColumns_BadValueInACloserColumn_IsRefusedNamingIt_NotPassedOver()
    {
        var path = _world.Test.Files.Write("Task.csv", "ID,ACCOUNTID,ACTIVITYDATE,TYPE,COMPLETEDDATETIME\n00T1,A1,2026-11-20,Call,yesterday\n");
        var error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.Equal(["Task.csv: 1 of 1 event is malformed; the batch was rejected whole and nothing was appended",
            "Task.csv:2: column 'COMPLETEDDATETIME (occurred_at)' value 'yesterday': not a date and time; expected ISO 8601 with a time zone, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00"],
            error.Diagnostics.Select(d => d.ToString()));

        // The second-ranked column's bad value is refused too, though the third holds a good one.
        path = _world.Test.Files.Write("Event.csv", "ID,ACCOUNTID,ACTIVITYDATE,STARTDATETIME,ACTIVITYDATETIME,TYPE\n00U1,A1,2026-11-13,soon,,Meeting\n");
        error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.Equal(["Event.csv: 1 of 1 event is malformed; the batch was rejected whole and nothing was appended",
            "Event.csv:2: column 'STARTDATETIME (occurred_at)' value 'soon': not a date and time; expected ISO 8601 with a time zone, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ValidateFile_SeveralTimeColumns_AllBlank_IsRefusedNamingTheColumnsTried()
    {
        var path = _world.Test.Files.Write("Task.csv", "ID,ACCOUNTID,ACTIVITYDATE,TYPE,COMPLETEDDATETIME\n00T1,A1,2026-11-20,Call,\n00T2,A1,,Call,\n");
        var error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.Equal(["Task.csv: 1 of 2 events is malformed; the batch was rejected whole and nothing was appended",
            "Task.csv:3: column 'COMPLETEDDATETIME (occurred_at)': missing ('COMPLETEDDATETIME' and 'ACTIVITYDATE' are blank); every event needs event_id, account_id, occurred_at and channel"],
            error.Diagnostics.Select(d => d.ToString()));

        path = _world.Test.Files.Write("Event.csv", "ID,ACCOUNTID,ACTIVITYDATE,STARTDATETIME,ACTIVITYDATETIME,TYPE\n00U1,A1,,,,Meeting\n");
        error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.Equal("Event.csv:2: column 'ACTIVITYDATETIME (occurred_at)': missing ('ACTIVITYDATETIME', 'STARTDATETIME' and 'ACTIVITYDATE' are blank); "
            + "every event needs event_id, account_id, occurred_at and channel", error.Diagnostics[1].ToString());

        // With one time column the message is as before.
        path = _world.Test.Files.Write("Task.csv", "ID,ACCOUNTID,TYPE,COMPLETEDDATETIME\n00T1,A1,Call,\n");
        error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.Equal("Task.csv:2: column 'COMPLETEDDATETIME (occurred_at)': missing; every event needs event_id, account_id, occurred_at and channel", error.Diagnostics[1].ToString());
    }

    [Fact]
    public void ValidateJson_SalesforceRecordWithoutAccountId_TakesAnAccountWhatId_NotAnotherRecordsId()
    {
        _world.Workspace.Execute("INSERT INTO accounts (account_id, name) VALUES ('0015e00000AbCdEAAZ', 'Delta Inc')");
        const string Records = """
            [{"attributes": {"type": "Task"}, "Id": "00T5e00000abcdeEAA", "AccountId": "", "WhatId": "0015e00000AbCdEAAZ", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "Call"},
             {"attributes": {"type": "Task"}, "Id": "00T5e00000abcdfEAA", "WhatId": "0065e00000QrStUAAZ", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "Call"},
             {"attributes": {"type": "Task"}, "Id": "00T5e00000abcdgEAA", "AccountId": "A1", "WhatId": "0015e00000AbCdEAAZ", "CompletedDateTime": "2026-11-23T10:15:00Z", "Type": "Call"}]
            """;

        // The first names its account only as WhatId (its AccountId is empty); the second is about an opportunity (006), which names no account.
        var refused = Refused(Records);

        Assert.Equal(["--event: 1 of 3 events is malformed; the batch was rejected whole and nothing was appended",
            "--event[1]: column 'account_id': missing; every event needs event_id, account_id, occurred_at and channel"], refused);

        // AccountId, when given, wins over WhatId; the account WhatId gave is not named as a field left unread.
        var notes = new List<string>();
        var events = _world.Validator().ValidateJson($"[{Records.Split('\n')[0].TrimStart('[').TrimEnd(',')}, {Records.Split('\n')[2].TrimEnd(']')}]", "--event", notes);
        Assert.Equal([("00T5e00000abcdeEAA", "0015e00000AbCdEAAZ"), ("00T5e00000abcdgEAA", "A1")], events.Select(e => (e.EventId, e.AccountId)));
        Assert.Equal(["--event: Salesforce Task records (their attributes name the type): fields not read: WhatId"], notes);
    }

    [Fact]
    public void SalesforceReportIds_FifteenCharacters_AreReadInTheEighteenCharacterFormImportStores()
    {
        // Import stores a report's 0019000000B98de as 0019000000B98deAAB; a touch from the same report must find it.
        _world.Workspace.Execute("INSERT INTO accounts (account_id, name) VALUES ('0019000000B98deAAB', 'Delta Inc')");

        var e = Assert.Single(Valid("""
            {"event_id": "00T5g00000AbCdE", "account_id": "0019000000B98de", "occurred_at": "2026-11-23T10:15:00Z", "channel": "call",
             "contact_id": "0035000000zzzzz", "ticket": {"id": "500x000000003TR", "state": "open"}}
            """));

        Assert.Equal(("00T5g00000AbCdEEAV", "0019000000B98deAAB", "0035000000zzzzzAAA", "500x000000003TRAAY"), (e.EventId, e.AccountId, e.ContactId, e.TicketId));
        var unknown = Refused(TouchpointWorld.Json("account_id", "\"0019000000B98dX\""));
        Assert.Contains("--event: column 'account_id' value '0019000000B98dX': not a known account (no row in accounts has this account_id)", unknown);
    }

    [Theory]
    [InlineData("0019000000B98de", "0019000000B98deAAB")]   // Salesforce's documented pairs
    [InlineData("500x000000003TR", "500x000000003TRAAY")]
    [InlineData("001500000012345", "001500000012345")]      // digits only after the prefix: a number, not an id
    [InlineData("ACC000000000001", "ACC000000000001")]      // no Salesforce object's prefix
    [InlineData("0019000000B98deAAB", "0019000000B98deAAB")] // already 18 characters
    [InlineData("0019000000B98d-", "0019000000B98d-")]
    public void EighteenCharacterSalesforceId_EqualsImportsReading(string written, string stored)
    {
        Assert.Equal(stored, Sightline.Import.ValueParsing.EighteenCharacterSalesforceId(written));
        Sightline.Import.ValueParsing.CreateMacros(_world.Workspace);
        Assert.Equal(stored, _world.Workspace.Scalar($"SELECT sl_sfid({Sightline.Sql.Literal(written)})"));
    }

    /// <summary>A validator reading local times in New York, in a workspace whose import reads slashed dates as <paramref name="dateOrder"/>.</summary>
    private TouchpointEventValidator NewYorkValidator(string dateOrder = "mdy")
    {
        _world.Workspace.Settings.Import.DateOrder = dateOrder;
        return new TouchpointEventValidator(_world.Workspace,
            new TouchpointEventValidationOptions(TimeSpan.FromMinutes(5), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")), FixedClock.Default);
    }

    [Theory]
    [InlineData("11/23/2026 4:05 AM", "mdy", "2026-11-23T09:05:00Z")]           // Salesforce and Dynamics exports, month first
    [InlineData("11/22/2026, 4:05 PM", "mdy", "2026-11-22T21:05:00Z")]
    [InlineData("11/22/2026 12:30 a.m.", "mdy", "2026-11-22T05:30:00Z")]         // 12 AM is just after midnight
    [InlineData("11/22/26 12:30 PM", "mdy", "2026-11-22T17:30:00Z")]             // two-digit year; 12 PM is noon
    [InlineData("7/1/2026 16:45:10", "mdy", "2026-07-01T20:45:10Z")]             // summer: UTC-4
    [InlineData("1/7/2026 16:45", "dmy", "2026-07-01T20:45:00Z")]                // the workspace reads day first
    [InlineData("23-11-2026 06:00", "dmy", "2026-11-23T11:00:00Z")]
    [InlineData("23.11.2026 06:00", "mdy", "2026-11-23T11:00:00Z")]              // a dotted date is day first whatever the setting
    [InlineData("2026/11/23 06:00:00", "mdy", "2026-11-23T11:00:00Z")]
    [InlineData("23-Nov-2026 06:00", "mdy", "2026-11-23T11:00:00Z")]
    [InlineData("Nov 22, 2026 4:05 PM", "mdy", "2026-11-22T21:05:00Z")]
    [InlineData("11/22/2026", "mdy", "2026-11-22T05:00:00Z")]                    // a date alone: the start of that day where it was written
    [InlineData("2026-11-22", "mdy", "2026-11-22T05:00:00Z")]
    [InlineData("11/22/2026 10:15 PM +01:00", "mdy", "2026-11-22T21:15:00Z")]    // an offset written wins over the zone
    [InlineData("2026-11-22 21:15 GMT", "mdy", "2026-11-22T21:15:00Z")]
    [InlineData("1795388400", "mdy", "2026-11-22T23:00:00Z")]                    // Unix epoch seconds are UTC
    [InlineData("1795388400123", "mdy", "2026-11-22T23:00:00.123Z")]             // and milliseconds
    public void CrmExportTimes_AreReadInTheWorkspacesDateOrderAndTheGivenZone(string written, string dateOrder, string utc)
    {
        var events = NewYorkValidator(dateOrder).ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event");

        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), events[0].OccurredAt);
    }

    [Theory]
    [InlineData("Fri, 20 Nov 2026 10:15:00 GMT", "2026-11-20T10:15:00Z")]          // RFC 1123, as mail and HTTP headers write it
    [InlineData("Fri, 20 Nov 2026 10:15:00 +0100", "2026-11-20T09:15:00Z")]        // RFC 822 with an offset
    [InlineData("20 Nov 2026 10:15:00 -0500", "2026-11-20T15:15:00Z")]             // the weekday is optional
    [InlineData("friday, 20-Nov-26 10:15:00 UT", "2026-11-20T10:15:00Z")]          // RFC 850's full weekday and two-digit year
    [InlineData("20-Nov-2026 10:15 +01:00", "2026-11-20T09:15:00Z")]               // a named month with an offset
    [InlineData("Nov 20, 2026 10:15 AM UTC", "2026-11-20T10:15:00Z")]
    [InlineData("Nov 20, 2026 10:15 PM Z", "2026-11-20T22:15:00Z")]
    [InlineData("20-Nov-26", "2026-11-20T05:00:00Z")]                              // two-digit year, local: New York's midnight
    [InlineData("20-NOV-26 10:15", "2026-11-20T15:15:00Z")]                        // Oracle's DD-MON-YY
    [InlineData("1795166100.123", "2026-11-20T09:15:00.123Z")]                     // fractional epoch seconds
    [InlineData("1795166100.1234567", "2026-11-20T09:15:00.123456Z")]              // finer than microseconds: truncated as ISO fractions are
    [InlineData("11/20/2026 10:15 AM PST", "2026-11-20T18:15:00Z")]                // US zone abbreviations as exports write them
    [InlineData("2026-11-20 10:15 EST", "2026-11-20T15:15:00Z")]
    [InlineData("2026-11-20 10:15 edt", "2026-11-20T14:15:00Z")]                   // a daylight-time name means its offset whatever the date
    [InlineData("2026-11-20 10:15 CST", "2026-11-20T16:15:00Z")]                   // CST is US Central, not China's
    [InlineData("2026-11-20 10:15 CDT", "2026-11-20T15:15:00Z")]
    [InlineData("2026-11-20 10:15 MST", "2026-11-20T17:15:00Z")]
    [InlineData("2026-11-20 10:15 MDT", "2026-11-20T16:15:00Z")]
    [InlineData("2026-11-20 10:15 PDT", "2026-11-20T17:15:00Z")]
    [InlineData("2026-11-20 10:15 AKST", "2026-11-20T19:15:00Z")]
    [InlineData("2026-11-20 10:15 AKDT", "2026-11-20T18:15:00Z")]
    [InlineData("2026-11-20 10:15 HST", "2026-11-20T20:15:00Z")]
    [InlineData("20.11.2026 10:15 CET", "2026-11-20T09:15:00Z")]                   // European ones
    [InlineData("20.11.2026 10:15 CEST", "2026-11-20T08:15:00Z")]
    [InlineData("20.11.2026 10:15 EET", "2026-11-20T08:15:00Z")]
    [InlineData("20.11.2026 10:15 EEST", "2026-11-20T07:15:00Z")]
    [InlineData("20.11.2026 10:15 WET", "2026-11-20T10:15:00Z")]
    [InlineData("20.11.2026 10:15 WEST", "2026-11-20T09:15:00Z")]
    [InlineData("20 Nov 2026 10:15 BST", "2026-11-20T09:15:00Z")]                 // British Summer Time, as import reads it
    [InlineData("2026-11-20 10:15 JST", "2026-11-20T01:15:00Z")]                   // the rest of import's list
    [InlineData("20.11.2026 10:15 AEST", "2026-11-20T00:15:00Z")]
    [InlineData("2026-11-20T10:15:00 GMT+01:00", "2026-11-20T09:15:00Z")]          // an offset after GMT or UTC
    [InlineData("Fri 11/20/2026 10:15 AM", "2026-11-20T15:15:00Z")]               // a weekday before a numeric date, local
    [InlineData("Fri Nov 20 2026 10:15:00 GMT+0100 (Central European Standard Time)", "2026-11-20T09:15:00Z")] // JavaScript's Date.toString()
    [InlineData("Fri Nov 20 2026 10:15:00 GMT-0500 (Eastern Standard Time)", "2026-11-20T15:15:00Z")]
    [InlineData("2026-11-20 10:15 +01:00 (CET)", "2026-11-20T09:15:00Z")]          // a zone's name after an offset is words only
    public void MailTelephonyAndCrmTimes_AreRead(string written, string utc)
    {
        var events = NewYorkValidator().ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event");

        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), events[0].OccurredAt);
    }

    [Fact]
    public void ZoneAbbreviations_EveryOneImportReads_TouchReadsAtTheSameOffset()
    {
        foreach (var (abbreviation, offset) in Sightline.Import.ValueParsing.ZoneAbbreviations)
        {
            var events = ApiValidator().ValidateJson(TouchpointWorld.Json("occurred_at", $"\"2026-11-20 10:15 {abbreviation.ToLowerInvariant()}\""), "--event");

            Assert.Equal(DateTimeOffset.Parse($"2026-11-20T10:15:00{offset}", CultureInfo.InvariantCulture), events[0].OccurredAt);
        }
    }

    /// <summary>A validator without a local zone, as the API builds it.</summary>
    private TouchpointEventValidator ApiValidator(string? zone = null) =>
        new(_world.Workspace, TouchpointEventValidationOptions.Default.WithLocalZone(zone, "the time_zone parameter"), FixedClock.Default);

    [Theory]
    [InlineData("Tue, 20 Nov 2026 10:15:00 GMT", "says Tue but 2026-11-20 is a Friday: the date or the weekday is wrong")]
    [InlineData("2026-11-20 10:15 IST", "names the time zone 'IST', which is ambiguous (India, Irish or Israel Standard Time); give the offset instead, "
        + "e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00, or name the zone the times were written in with the time_zone parameter")]
    [InlineData("Fri Nov 20 2026 10:15:00 (Central European Standard Time)", "not a date and time; expected ISO 8601 with a time zone, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("2026-11-20 10:15 XYZ", "names the time zone 'XYZ', which is no zone abbreviation read here (those are AEDT, AEST, AKDT, AKST, BST, CDT, CEST, CET, CST, EDT, EEST, EET, EST, GMT, "
        + "HST, JST, KST, MDT, MSK, MST, NZDT, NZST, PDT, PST, UT, UTC, WEST, WET); give the offset instead, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00, "
        + "or name the zone the times were written in with the time_zone parameter")]
    public void MailTelephonyAndCrmTimes_AWrongWeekdayOrAnAmbiguousOrUnknownZone_IsRefusedNamingIt(string written, string message)
    {
        var error = Assert.Throws<BadInputException>(() => ApiValidator().ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event"));

        Assert.Equal($"--event: column 'occurred_at' value '{written}': {message}", error.Diagnostics[1].ToString());
    }

    [Fact]
    public void AmbiguousZone_WithTheZoneNamedByTheCaller_IsThatZonesLocalTime_AnUnknownOneStaysRefused()
    {
        var events = ApiValidator("Asia/Kolkata").ValidateJson(TouchpointWorld.Json("occurred_at", "\"2026-11-20 10:15 IST\""), "--event");
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 4, 45, 0, TimeSpan.Zero), events[0].OccurredAt);

        var error = Assert.Throws<BadInputException>(() => ApiValidator("Asia/Kolkata").ValidateJson(TouchpointWorld.Json("occurred_at", "\"2026-11-20 10:15 XYZ\""), "--event"));
        Assert.EndsWith("give the offset instead, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00", error.Diagnostics[1].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1970-01-01T00:00:00Z\"", "midnight of 1970-01-01, Unix time 0")]
    [InlineData("\"1970-01-01T00:00:00.000+00:00\"", "midnight of 1970-01-01, Unix time 0")]
    [InlineData("\"1970-01-01T00:00:00+02:00\"", "midnight of 1970-01-01, Unix time 0")]                 // an export's local zero date
    [InlineData("\"1970-01-01T01:00:00+01:00\"", "midnight of 1970-01-01 UTC, Unix time 0")]             // Unix time 0 shown in a zone
    [InlineData("\"1969-12-31 19:00:00 EST\"", "midnight of 1970-01-01 UTC, Unix time 0")]
    [InlineData("\"Thu, 01 Jan 1970 00:00:00 GMT\"", "midnight of 1970-01-01, Unix time 0")]
    [InlineData("0", "midnight of 1970-01-01, Unix time 0")]                                            // epoch 0 as a JSON number
    [InlineData("\"1/1/1970\"", "midnight of 1970-01-01, Unix time 0")]                                  // no zone needed to see it
    [InlineData("\"0001-01-01T00:00:00\"", "midnight of 0001-01-01, the least date .NET and many databases hold")]
    [InlineData("\"0001-01-01T00:00:00+01:00\"", "midnight of 0001-01-01, the least date .NET and many databases hold")]
    [InlineData("\"1900-01-01 00:00:00\"", "midnight of 1900-01-01, day 1 of spreadsheet dates and SQL Server's zero date")]
    [InlineData("\"1899-12-30\"", "midnight of 1899-12-30, the zero date of spreadsheets and OLE Automation")]
    [InlineData("\"31-Dec-1899\"", "midnight of 1899-12-31, day 0 of spreadsheet dates as some tools write it")]
    [InlineData("\"1899-12-30 16:45:00\"", "16:45:00 on 1899-12-30, the zero date of spreadsheets and OLE Automation: a time of day without its date")]
    [InlineData("\"0001-01-01T09:30:00Z\"", "09:30:00 on 0001-01-01, the least date .NET and many databases hold: a time of day without its date")]
    public void Placeholder_MidnightOfAZeroDateInAnyForm_IsRefusedAsAMissingTime(string json, string why)
    {
        var error = Assert.Throws<BadInputException>(() => ApiValidator().ValidateJson(TouchpointWorld.Json("occurred_at", json), "--event"));

        Assert.Equal($"--event: column 'occurred_at' value '{json.Trim('"')}': looks like a placeholder for a missing time ({why}); expected the real time of the touch",
            error.Diagnostics[1].ToString());
    }

    [Theory]
    [InlineData("1970-01-01T10:15:00Z")]       // a real time on those days is not what exports write for "no value"
    [InlineData("1970-01-01T00:00:00.000001Z")]
    [InlineData("1900-01-01T08:00:00Z")]
    public void Placeholder_OtherTimesOnUnixTime0sOrDay1sDate_AreRead(string written)
    {
        var events = ApiValidator().ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event");

        Assert.Equal(DateTimeOffset.Parse(written, CultureInfo.InvariantCulture), events[0].OccurredAt);
    }

    [Fact]
    public void CrmExportTimes_AnEpochAsAJsonNumber_IsReadToo()
    {
        var events = Valid(TouchpointWorld.Json("occurred_at", "1795388400"));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), events[0].OccurredAt);
    }

    [Theory]
    [InlineData("13/11/2026 08:00", "mdy", "not a date with the month first as this workspace reads them (e.g. 3/14/2025); it is written with the day first: if the file writes 14/3/2025, set date_order: dmy under import: in sightline.yaml")]
    [InlineData("11/13/2026", "dmy", "not a date with the day first as this workspace reads them (e.g. 14/3/2025); it is written with the month first: if the file writes 3/14/2025, set date_order: mdy under import: in sightline.yaml")]
    [InlineData("13/13/2026 08:00", "mdy", "not a real date and time (month, day, hour or offset out of range); e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("31.02.2026", "mdy", "not a real date and time (month, day, hour or offset out of range); e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("11/23/2026 13:05 PM", "mdy", "not a real date and time (month, day, hour or offset out of range); e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("11/23/2026 10:15 +15:00", "mdy", "not a real date and time (month, day, hour or offset out of range); e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("11/23", "mdy", "not a date and time; expected ISO 8601 with a time zone, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("123456", "mdy", "not a date and time; expected ISO 8601 with a time zone, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("11/24/2026 9:00 AM", "mdy", "is in the future: later than 2026-11-23T12:05:00Z (now, 2026-11-23T12:00:00Z, plus 5 minutes' tolerance for clock differences)")]
    public void CrmExportTimes_WrongOrderOutOfRangeOrFuture_AreRefusedSayingWhy(string written, string dateOrder, string message)
    {
        var error = Assert.Throws<BadInputException>(() => NewYorkValidator(dateOrder).ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event"));

        Assert.Contains($"--event: column 'occurred_at' value '{written}': {message}", error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void CrmExportTimes_WithoutAZone_AreRefusedAsAmbiguous()
    {
        var messages = Refused(TouchpointWorld.Json("occurred_at", "\"11/23/2026 4:05 AM\""));

        Assert.Contains("--event: column 'occurred_at' value '11/23/2026 4:05 AM': has no time zone, so the instant is ambiguous; write UTC with Z or give the offset, "
            + "e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00", messages);
    }

    [Theory]
    [InlineData("2026-03-29 02:30", "does not happen in Europe/Berlin (its clocks skip that hour); give the offset, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    [InlineData("2026-10-25 02:30", "happens twice in Europe/Berlin (its clocks go back over that hour), so the instant is ambiguous; give the offset, e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00")]
    public void LocalZone_ATimeTheClocksSkipOrRepeat_IsRefused(string written, string message)
    {
        var validator = new TouchpointEventValidator(_world.Workspace,
            new TouchpointEventValidationOptions(TimeSpan.FromMinutes(5), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")), FixedClock.Default);

        var error = Assert.Throws<BadInputException>(() => validator.ValidateJson(TouchpointWorld.Json("occurred_at", $"\"{written}\""), "--event"));

        Assert.Contains($"--event: column 'occurred_at' value '{written}': {message}", error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void NoLocalZone_ATimeWithoutOffset_NamesTheOptionWhereThereIsOne()
    {
        var validator = new TouchpointEventValidator(_world.Workspace, new TouchpointEventValidationOptions(TimeSpan.FromMinutes(5), LocalZoneOption: "--time-zone"), FixedClock.Default);

        var error = Assert.Throws<BadInputException>(() => validator.ValidateJson(TouchpointWorld.Json("occurred_at", "\"2026-11-23 09:00\""), "--event"));

        Assert.Contains("--event: column 'occurred_at' value '2026-11-23 09:00': has no time zone, so the instant is ambiguous; write UTC with Z or give the offset, "
            + "e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00 (or name the zone the times were written in with --time-zone)", error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Validate_AnIdTwiceInAJsonBatch_WithAnotherPayload_IsRefusedNamingBothEvents_TheSamePayloadIsNot()
    {
        var messages = Refused($"[{TouchpointWorld.Json(id: "EV1")}, {TouchpointWorld.Json("occurred_at", "\"2026-11-23T10:16:00Z\"", id: "EV1")}]");

        Assert.Equal(["--event: 1 of 2 events is malformed; the batch was rejected whole and nothing was appended",
            "--event[1]: column 'event_id' value 'EV1': also the id of event --event[0] with a different payload (occurred_at: event --event[0] '2026-11-23T10:15:00Z', "
            + "event --event[1] '2026-11-23T10:16:00Z'): one id names one event, the log would keep event --event[0] and drop event --event[1]; "
            + "give each event its own id (a repeat with the same payload is taken as a duplicate)"], messages);

        // The same payload written differently (a synonym, another offset) is the same event.
        Assert.Equal(2, Valid($"[{TouchpointWorld.Json(id: "EV1")}, {TouchpointWorld.Json("channel", "\"Phone\"", id: "EV1")}]").Count);
        Assert.Equal(2, Valid($"[{TouchpointWorld.Json(id: "EV1")}, {TouchpointWorld.Json("occurred_at", "\"2026-11-23T11:15:00+01:00\"", id: "EV1")}]").Count);
    }

    [Theory]
    [InlineData("event_id", "\"1.23457E+11\"")]
    [InlineData("event_id", "1.23457E+11")]       // a JSON number as a spreadsheet-to-JSON tool writes it
    [InlineData("contact_id", "\"4,5678E+12\"")]  // a decimal comma's Excel
    [InlineData("account_id", "\"1E+15\"")]
    public void Validate_AnIdInScientificNotation_IsRefusedAsExcelsDamage(string field, string value)
    {
        var messages = Refused(TouchpointWorld.Json(field, value));

        Assert.Equal(2, messages.Count);
        Assert.StartsWith($"--event: column '{field}' value '{value.Trim('"')}': is a number in scientific notation, as Excel shows a long numeric id", messages[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event_id", "1.0")]
    [InlineData("event_id", "0.1e1")]
    [InlineData("event_id", "1e400")]
    [InlineData("account_id", "12.5")]
    [InlineData("contact_id", "-3E-2")]
    public void Validate_ANumericIdWithAFractionOrExponent_IsRefused(string field, string value)
    {
        // 1.0 and 0.1e1 were stored as two events although they are one number; 1e400 passed as an id.
        var messages = Refused(TouchpointWorld.Json(field, value));

        // Its one problem: a required id is not also called missing.
        Assert.Equal(2, messages.Count);
        Assert.Equal($"--event: column '{field}' value '{value}': is a JSON number with a fraction or an exponent; a numeric id must be a whole number "
            + "in plain digits (1.0 and 0.1e1 are one number but two ids), or text", messages[1]);
    }

    [Fact]
    public void Validate_AWholeNumberId_IsItsDigits()
    {
        var stored = Assert.Single(Valid(TouchpointWorld.Json("event_id", "1234567")));
        Assert.Equal("1234567", stored.EventId);
    }

    [Fact]
    public void ValidateFile_SeparateDateAndTimeColumns_AreReadTogether_AnEmptyTimeIsTheStartOfTheDayWithANote()
    {
        var path = _world.Test.Files.Write("calls.csv", """
            Activity ID,Account ID,Activity Date,Activity Time,Type
            EV1,A1,11/20/2026,4:05 PM,Call
            EV2,A1,2026-11-20,09:30:15,Call
            EV3,A1,2026-11-20,1899-12-30 16:45:00,Call
            EV4,A1,2026-11-20,0.5,Call
            EV5,A1,2026-11-20,,Call
            """);
        var notes = new List<string>();

        var events = NewYorkValidator().ValidateFile(path, notes);

        Assert.Equal(["2026-11-20T21:05:00Z", "2026-11-20T14:30:15Z", "2026-11-20T21:45:00Z", "2026-11-20T17:00:00Z", "2026-11-20T05:00:00Z"],
            events.Select(e => TouchpointEventFields.Format(e.OccurredAt)));
        Assert.Equal(["calls.csv: occurred_at is read from 'Activity Date' and 'Activity Time' together (the date, then the time of day)",
            "calls.csv: line 6 has a date in 'Activity Date' but no time in 'Activity Time': read as the start of that day"], notes);

        File.WriteAllText(path, "Event ID,Account ID,Date,Time,Channel\nEV1,A1,2026-11-20,4 pm,call\nEV2,A1,2026-11-20 10:00,11:00,call\nEV3,A1,2026-11-20,25:00,call\n");
        var error = Assert.Throws<BadInputException>(() => NewYorkValidator().ValidateFile(path));
        Assert.Equal([
            "calls.csv: 3 of 3 events are malformed; the batch was rejected whole and nothing was appended",
            "calls.csv:2: column 'Time' value '4 pm': not a time of day; expected e.g. 16:05, 4:05 PM or 16:05:30 (it completes the date in 'Date' to occurred_at)",
            "calls.csv:3: column 'Date' value '2026-11-20 10:00': holds a time of day already, and 'Time' gives another ('11:00'); give the time in one column only",
            "calls.csv:4: column 'Date + Time (occurred_at)' value '2026-11-20 25:00': not a real date and time (month, day, hour or offset out of range); e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ValidateFile_SeparateTimeColumnWithAZoneAbbreviation_ReadsItsOffset()
    {
        var path = _world.Test.Files.Write("calls.csv", "Activity ID,Account ID,Activity Date,Activity Time,Type\nEV1,A1,11/20/2026,4:05 PM PST,Call\nEV2,A1,11/20/2026,16:05 CET,Call\n");

        var events = ApiValidator().ValidateFile(path);

        Assert.Equal(["2026-11-21T00:05:00Z", "2026-11-20T15:05:00Z"], events.Select(e => TouchpointEventFields.Format(e.OccurredAt)));
    }

    [Fact]
    public void Differences_NameEachDifferingFieldWithBothValues()
    {
        var stored = TouchpointWorld.Event("EV1");
        Assert.Empty(stored.Differences(stored with { }));
        Assert.Equal(["channel: stored 'call', received 'email'", "kind: stored 'renewal_call', received (none)"],
            stored.Differences(stored with { Channel = "email", Kind = null }));
    }
}
