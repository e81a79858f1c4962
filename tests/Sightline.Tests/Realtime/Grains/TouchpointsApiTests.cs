using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Realtime;
using Sightline.Server;
using Sightline.Server.Realtime;
using Sightline.Tests.Models;
using Sightline.Tests.Server;

namespace Sightline.Tests.Realtime.Grains;

/// <summary>
/// POST /api/touchpoints, GET /api/accounts/{id}/live and the segment-change stream and webhook, through the server
/// with its co-hosted silo on a copy of the demo. Each test uses accounts of its own.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
[Trait("Category", "Slow")]
public sealed class TouchpointsApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static readonly DateTimeOffset Recently = DateTimeOffset.UtcNow.AddHours(-1);

    private static object Event(string id, string account, string channel = "call", DateTimeOffset? at = null) =>
        new { event_id = id, account_id = account, occurred_at = (at ?? Recently).ToString("O"), channel, direction = "in" };

    private static string Unique(string what) => $"{what}-{Guid.NewGuid():N}";

    /// <summary>Accounts every user of the test world may or may not see, taken from a slice no other test uses.</summary>
    private List<string> Accounts(int skip, int take) => [.. _world.Truth.Everyone.Skip(skip).Take(take)];

    private long LastSequence()
    {
        using var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open();
        return new TouchpointLog(ws).LastSequence();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Posts <paramref name="bytes"/> as they are, with the content type (and encoding) written as given.</summary>
    private static async Task<HttpResponseMessage> PostBytes(HttpClient client, byte[] bytes, string contentType, string? contentEncoding = null)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentEncoding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        }

        return await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), content);
    }

    /// <summary>The message of a 400 answer's one diagnostic.</summary>
    private static async Task<string> OnlyProblem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Assert.Single(problem.RootElement.GetProperty("diagnostics").EnumerateArray()).GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task Post_OneEvent_IsLoggedThenAppliedByItsGrain()
    {
        var account = Accounts(1000, 1)[0];
        var id = Unique("one");
        using var client = _world.Client("admin");

        var body = await Json(await client.PostAsJsonAsync("/api/touchpoints", Event(id, account)));

        Assert.Equal(1, body.GetProperty("appended").GetInt32());
        var e = body.GetProperty("events")[0];
        Assert.Equal(("appended", id), (e.GetProperty("status").GetString(), e.GetProperty("eventId").GetString()));
        var sequence = e.GetProperty("sequence").GetInt64();
        var answer = e.GetProperty("answer");
        Assert.True(answer.GetProperty("applied").GetBoolean());
        Assert.Equal(1, answer.GetProperty("eventsApplied").GetInt64());
        Assert.Equal($"applied (sequence {sequence})", answer.GetProperty("note").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("route").GetProperty("to").GetString()));
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("nextBestAction").GetProperty("text").GetString()));
        Assert.StartsWith($"{account}: call (in) on ", answer.GetProperty("summary").GetString());

        using var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open();
        var stored = new TouchpointLog(ws).Find(id);
        Assert.NotNull(stored);
        Assert.Equal((sequence, account), (stored.Sequence, stored.Event.AccountId));
    }

    [Fact]
    public async Task Post_BatchAndJsonLines_EveryEventAppendedAndAppliedInOrder()
    {
        var (a, b) = (Accounts(1010, 2)[0], Accounts(1010, 2)[1]);
        using var client = _world.Client("analyst");
        var batch = await Json(await client.PostAsJsonAsync("/api/touchpoints",
            new[] { Event(Unique("b1"), a), Event(Unique("b2"), b, "email"), Event(Unique("b3"), a, "web") }));
        Assert.Equal((3, 0), (batch.GetProperty("appended").GetInt32(), batch.GetProperty("duplicates").GetInt32()));
        var events = batch.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal([1L, 1, 2], events.Select(e => e.GetProperty("answer").GetProperty("eventsApplied").GetInt64()));
        Assert.True(events[0].GetProperty("sequence").GetInt64() < events[2].GetProperty("sequence").GetInt64());

        var lines = string.Join("\n", new[] { Event(Unique("l1"), b), Event(Unique("l2"), b, "chat") }.Select(e => JsonSerializer.Serialize(e)));
        using var content = new StringContent(lines, Encoding.UTF8, "application/x-ndjson");
        var fromLines = await Json(await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), content));
        Assert.Equal([2L, 3], fromLines.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("answer").GetProperty("eventsApplied").GetInt64()));

        var live = await Json(await client.GetAsync(new Uri($"/api/accounts/{b}/live", UriKind.Relative)));
        Assert.Equal(3, live.GetProperty("eventsApplied").GetInt64());
        Assert.Equal(3, live.GetProperty("appliedSequences").GetArrayLength());
        Assert.Equal(fromLines.GetProperty("events")[1].GetProperty("sequence").GetInt64(), live.GetProperty("appliedSequences")[2].GetInt64());
    }

    [Fact]
    public async Task Post_MalformedBatch_400ListsEveryProblemAndNothingIsAppendedOrApplied()
    {
        var account = Accounts(1020, 1)[0];
        using var client = _world.Client("admin");
        var before = LastSequence();
        var good = Unique("good");
        var body = new object[]
        {
            Event(good, account),
            Event(Unique("fax"), account, "fax"),
            new { event_id = Unique("nozone"), account_id = account, occurred_at = "2026-11-23 09:00", channel = "call" },
            Event(Unique("nobody"), "NO-SUCH-ACCOUNT"),
        };

        using var response = await client.PostAsJsonAsync("/api/touchpoints", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var diagnostics = problem.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("source").GetString()} {d.GetProperty("column").GetString()} {d.GetProperty("value").GetString()}: {d.GetProperty("message").GetString()}")
            .ToList();
        Assert.Equal("body  : 3 of 4 events are malformed; the batch was rejected whole and nothing was appended", diagnostics[0]);
        Assert.Contains("body[1] channel fax: not a channel; expected one of call, email, web, meeting, event, support, chat, social (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.channel)", diagnostics);
        Assert.Contains(diagnostics, d => d.StartsWith("body[2] occurred_at 2026-11-23 09:00: has no time zone", StringComparison.Ordinal));
        Assert.Contains("body[3] account_id NO-SUCH-ACCOUNT: not a known account (no row in accounts has this account_id)", diagnostics);
        Assert.Equal(4, diagnostics.Count);

        Assert.Equal(before, LastSequence());
        var live = await Json(await client.GetAsync(new Uri($"/api/accounts/{account}/live", UriKind.Relative)));
        Assert.Equal(0, live.GetProperty("eventsApplied").GetInt64());
    }

    [Fact]
    public async Task Post_ANulOrHalfASurrogatePairInAText_Is400NamingTheEventAndField_AndTheLogKeepsTakingEvents()
    {
        var account = Accounts(1025, 1)[0];
        using var client = _world.Client("admin");
        var id = Unique("nul");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/touchpoints", Event(id, account))).StatusCode);
        var before = LastSequence();

        // The JSON writer escapes the NUL as \u0000; DuckDB would have stored the id cut at it, the first event's id.
        using var nul = await client.PostAsJsonAsync("/api/touchpoints", new[] { Event(Unique("fine"), account), Event(id + "\0", account) });
        using var half = await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), new StringContent(
            $"{{\"event_id\": \"{Unique("half")}\\ud800\", \"account_id\": \"{account}\", \"occurred_at\": \"{Recently:O}\", \"channel\": \"call\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (nul.StatusCode, half.StatusCode));
        using var nulProblem = JsonDocument.Parse(await nul.Content.ReadAsStringAsync());
        var refused = nulProblem.RootElement.GetProperty("diagnostics")[1];
        Assert.Equal(("body[1]", "event_id", id + "\\u0000"), (refused.GetProperty("source").GetString(), refused.GetProperty("column").GetString(), refused.GetProperty("value").GetString()));
        Assert.StartsWith("holds the control character U+0000 (NUL) at position", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var halfProblem = JsonDocument.Parse(await half.Content.ReadAsStringAsync());
        Assert.StartsWith("event_id: not valid text", halfProblem.RootElement.GetProperty("diagnostics")[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, LastSequence());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/touchpoints", Event(Unique("after"), account))).StatusCode);
        Assert.Equal(before + 1, LastSequence());
    }

    [Fact]
    public async Task Post_TimeZoneParameter_ReadsTimesWithoutOffsetInThatZone_AnUnknownZoneIs400AndNothingIsAppended()
    {
        var account = Accounts(1040, 1)[0];
        using var client = _world.Client("admin");
        // A local time of yesterday (a working day's 09:30 in New York), written as a CRM export writes it: no offset.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-1), zone).Date.AddHours(9.5);
        var id = Unique("zoned");
        var body = new { event_id = id, account_id = account, occurred_at = local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), channel = "call" };

        var before = LastSequence();
        using (var unknown = await client.PostAsJsonAsync("/api/touchpoints?time_zone=Mars/Olympus_Mons", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            using var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
            var diagnostic = Assert.Single(problem.RootElement.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal(("the time_zone parameter", "Mars/Olympus_Mons", "not a time zone; expected an IANA name such as Europe/Berlin or America/New_York, or UTC"),
                (diagnostic.GetProperty("source").GetString(), diagnostic.GetProperty("value").GetString(), diagnostic.GetProperty("message").GetString()));
        }

        using (var without = await client.PostAsJsonAsync("/api/touchpoints", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
            Assert.Contains("has no time zone", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("(or name the zone the times were written in with the time_zone parameter)", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, LastSequence());

        using (var twice = await client.PostAsJsonAsync("/api/touchpoints?time_zone=America/New_York&timeZone=UTC", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
            using var problem = JsonDocument.Parse(await twice.Content.ReadAsStringAsync());
            var diagnostic = Assert.Single(problem.RootElement.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal(("the timeZone parameter", "UTC", "a second time zone, after 'America/New_York' (as time_zone); give the zone the times were written in once"),
                (diagnostic.GetProperty("source").GetString(), diagnostic.GetProperty("value").GetString(), diagnostic.GetProperty("message").GetString()));
        }

        Assert.Equal(before, LastSequence());

        // Spelled as a JavaScript client spells it, as event fields may be.
        var zoned = await Json(await client.PostAsJsonAsync("/api/touchpoints?timeZone=America/New_York", body));
        Assert.Equal(1, zoned.GetProperty("appended").GetInt32());
        using var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open();
        var stored = new TouchpointLog(ws).Find(id);
        Assert.NotNull(stored);
        Assert.Equal(new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime(), stored.Event.OccurredAt);
    }

    [Theory]
    [InlineData("time_zone=UTC", "time_zone", "UTC")]
    [InlineData("TimeZone=Europe/Berlin&source=zapier", "TimeZone", "Europe/Berlin")]
    [InlineData("time-zone=UTC&time_zone=UTC", "time-zone", "UTC")]
    [InlineData("source=zapier", null, null)]
    [InlineData("timezones=UTC", null, null)]
    public void LocalZone_IsTheTimeZoneParameterInAnySpelling_OtherParametersAreNotRead(string query, string? name, string? value)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);

        Assert.Equal(name is null ? null : (name, value!), TouchpointsApi.LocalZone(new Microsoft.AspNetCore.Http.QueryCollection(parsed)));
    }

    [Fact]
    public async Task Post_CsvBody_IsReadAsSightlineTouchReadsAFile_WithNotes_AndABadLine400NamingIt()
    {
        var (a, b) = (Accounts(1050, 2)[0], Accounts(1050, 2)[1]);
        using var client = _world.Client("admin");
        var (first, second) = (Unique("csv1"), Unique("csv2"));
        var at = Recently.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var csv = new StringContent($"Engagement ID,Associated Company ID,Activity date,Activity Type,Call notes\n{first},{a},{at},Call,rang back\n{second},{b},{at},Email,\n",
            Encoding.UTF8, "text/csv");

        var posted = await Json(await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), csv));

        Assert.Equal(2, posted.GetProperty("appended").GetInt32());
        Assert.Equal([(first, a, "appended"), (second, b, "appended")], posted.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("eventId").GetString(), e.GetProperty("accountId").GetString(), e.GetProperty("status").GetString())));
        Assert.StartsWith("body: column 'Call notes' not read", Assert.Single(posted.GetProperty("notes").EnumerateArray()).GetString(), StringComparison.Ordinal);

        var before = LastSequence();
        using var bad = new StringContent($"event_id,account_id,occurred_at,channel\n{Unique("csv3")},{a},{at},call\n{Unique("csv4")},{a},{at},fax\n", Encoding.UTF8, "text/csv");
        using var refused = await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("body:3: column 'channel' value 'fax': not a channel", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, LastSequence());
    }

    [Fact]
    public async Task Post_SalesforceRecords_AreRead_TheirOtherFieldsNamedInNotes()
    {
        var account = Accounts(1060, 1)[0];
        using var client = _world.Client("admin");
        var id = Unique("sf");
        var at = Recently.ToString("yyyy-MM-ddTHH:mm:ss.fff+0000", System.Globalization.CultureInfo.InvariantCulture);
        using var body = new StringContent($$"""
            {"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Task", "url": "/services/data/v60.0/sobjects/Task/x"},
             "Id": "{{id}}", "AccountId": "{{account}}", "CompletedDateTime": "{{at}}", "Type": "Call", "Status": "Completed", "OwnerId": "0055e000001"}]}
            """, Encoding.UTF8, "application/json");

        var posted = await Json(await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), body));

        Assert.Equal((id, account, "appended"), (posted.GetProperty("events")[0].GetProperty("eventId").GetString(),
            posted.GetProperty("events")[0].GetProperty("accountId").GetString(), posted.GetProperty("events")[0].GetProperty("status").GetString()));
        Assert.Equal("body: Salesforce Task records (their attributes name the type): fields not read: OwnerId, Status",
            Assert.Single(posted.GetProperty("notes").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Post_BodyIsReadAsItsUtf8Bytes_ByteOrderMarkChunkedAndUtf16WithBomAccepted_OtherEncodings400NamingTheByte()
    {
        var account = Accounts(1500, 1)[0];
        using var client = _world.Client("admin");

        // A byte order mark before the JSON, sent chunked (no Content-Length): read as it came.
        var id = Unique("bom");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/touchpoints"))
        {
            request.Content = new StreamContent(new MemoryStream([0xEF, 0xBB, 0xBF, .. JsonSerializer.SerializeToUtf8Bytes(Event(id, account))]));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
            var accepted = await Json(await client.SendAsync(request));
            Assert.Equal(("appended", id), (accepted.GetProperty("events")[0].GetProperty("status").GetString(), accepted.GetProperty("events")[0].GetProperty("eventId").GetString()));
        }

        // UTF-16 with its byte order mark, either byte order: decoded, the accent kept.
        foreach (var bigEndian in new[] { false, true })
        {
            var utf16 = Unique(bigEndian ? "utf16be-café" : "utf16le-café");
            using var unicode = new ByteArrayContent(new UnicodeEncoding(bigEndian, byteOrderMark: true).GetPreamble()
                .Concat(new UnicodeEncoding(bigEndian, false).GetBytes(JsonSerializer.Serialize(Event(utf16, account)))).ToArray());
            unicode.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var decoded = await Json(await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), unicode));
            Assert.Equal(("appended", utf16), (decoded.GetProperty("events")[0].GetProperty("status").GetString(), decoded.GetProperty("events")[0].GetProperty("eventId").GetString()));
        }

        // Latin-1 text: its é is byte 0xE9, which starts no UTF-8 character there.
        var before = LastSequence();
        var latin1 = Encoding.Latin1.GetBytes(JsonSerializer.Serialize(Event(Unique("café"), account), new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var position = Array.IndexOf(latin1, (byte)0xE9) + 1;
        using var content = new ByteArrayContent(latin1);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var diagnostic = Assert.Single(problem.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("body", 1L), (diagnostic.GetProperty("source").GetString(), diagnostic.GetProperty("line").GetInt64()));
        Assert.Equal($"not UTF-8 text: byte 0xE9 at position {position} of line 1 does not start a valid UTF-8 character; send the events as UTF-8",
            diagnostic.GetProperty("message").GetString());
        Assert.Equal(before, LastSequence());
    }

    [Fact]
    public async Task Post_BodyInTheContentTypesCharset_IsDecoded_AnUnknownCharsetIs415_BytesNotInItAre400()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var account = Accounts(1700, 1)[0];
        using var client = _world.Client("admin");
        var at = Recently.ToString("O", CultureInfo.InvariantCulture);

        Task<HttpResponseMessage> Post(byte[] bytes, string contentType) => PostBytes(client, bytes, contentType);

        // CSV and JSON in Windows-1252, Latin-1 (read as Windows-1252, as browsers do: its – is 0x96) and UTF-16 without a byte order mark.
        var sent = new List<(string Id, string Kind, string Outcome)>();
        foreach (var (charset, encoding) in new (string, Encoding)[]
        {
            ("windows-1252", Encoding.GetEncoding(1252)), ("ISO-8859-1", Encoding.GetEncoding(1252)), ("\"utf-16\"", new UnicodeEncoding(false, false)), ("utf-16be", new UnicodeEncoding(true, false)),
        })
        {
            var (csvId, jsonId) = (Unique($"csv-café-{charset.Trim('"')}"), Unique($"json-café-{charset.Trim('"')}"));
            var csv = encoding.GetBytes($"event_id,account_id,occurred_at,channel,kind,outcome\n{csvId},{account},{at},call,Rückruf,Später – morgen\n");
            var posted = await Json(await Post(csv, $"text/csv; charset={charset}"));
            Assert.Equal(("appended", csvId), (posted.GetProperty("events")[0].GetProperty("status").GetString(), posted.GetProperty("events")[0].GetProperty("eventId").GetString()));
            sent.Add((csvId, "Rückruf", "Später – morgen"));

            var json = encoding.GetBytes($$"""{"event_id": "{{jsonId}}", "account_id": "{{account}}", "occurred_at": "{{at}}", "channel": "call", "kind": "Rückruf", "outcome": "erledigt – é"}""");
            posted = await Json(await Post(json, $"application/json;charset={charset}"));
            Assert.Equal(jsonId, posted.GetProperty("events")[0].GetProperty("eventId").GetString());
            sent.Add((jsonId, "Rückruf", "erledigt – é"));
        }

        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            var log = new TouchpointLog(ws);
            Assert.Equal(sent, sent.Select(e => log.Find(e.Id)!.Event).Select(e => (e.EventId, e.Kind!, e.Outcome!)));
        }

        // A byte order mark wins over the charset named.
        var bomId = Unique("bom-über");
        var bom = await Json(await Post([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"event_id,account_id,occurred_at,channel\n{bomId},{account},{at},call\n")], "text/csv; charset=windows-1252"));
        Assert.Equal(bomId, bom.GetProperty("events")[0].GetProperty("eventId").GetString());

        var before = LastSequence();
        using (var unknown = await Post(Encoding.UTF8.GetBytes($"event_id,account_id,occurred_at,channel\n{Unique("x")},{account},{at},call\n"), "text/csv; charset=klingon-8"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknown.StatusCode);
            using var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
            Assert.Equal("Unsupported charset", problem.RootElement.GetProperty("title").GetString());
            Assert.Equal($"the Content-Type names charset 'klingon-8', which this server cannot decode; send the body in one of {RequestCharsetSupported}",
                problem.RootElement.GetProperty("detail").GetString());
        }

        // UTF-16 cut in the middle of a character: 400 naming the charset and the byte, nothing appended.
        using (var cut = await Post([.. new UnicodeEncoding(false, false).GetBytes($"event_id,account_id,occurred_at,channel\n{Unique("cut")},{account},{at},call\n"), 0x41], "text/csv; charset=utf-16le"))
        {
            Assert.StartsWith("not utf-16le text: byte 0x41 at byte ", await OnlyProblem(cut), StringComparison.Ordinal);
        }

        Assert.Equal(before, LastSequence());
    }

    [Fact]
    public async Task Post_CompressedBody_IsDecodedByItsContentEncoding_AnUnknownOneIs415_BrokenOrExpandingDataIs400()
    {
        // Compressed bodies were read as they came and refused as "not UTF-8 text".
        var account = Accounts(1720, 1)[0];
        using var client = _world.Client("admin");
        var at = Recently.ToString("O", CultureInfo.InvariantCulture);

        Task<HttpResponseMessage> Post(byte[] bytes, string contentEncoding, string contentType = "application/json") => PostBytes(client, bytes, contentType, contentEncoding);

        static byte[] Compressed(string text, Func<Stream, Stream> compressor)
        {
            using var bytes = new MemoryStream();
            using (var stream = compressor(bytes))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
            }

            return bytes.ToArray();
        }

        var sent = new List<string>();
        foreach (var (encoding, compressor) in new (string, Func<Stream, Stream>)[]
        {
            ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionLevel.Fastest)),
            ("deflate", s => new System.IO.Compression.ZLibStream(s, System.IO.Compression.CompressionLevel.Fastest)),
            ("br", s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionLevel.Fastest)),
        })
        {
            var (jsonId, csvId) = (Unique($"{encoding}-json"), Unique($"{encoding}-csv"));
            using (var json = await Post(Compressed($$"""{"event_id": "{{jsonId}}", "account_id": "{{account}}", "occurred_at": "{{at}}", "channel": "call"}""", compressor), encoding))
            {
                Assert.Equal(jsonId, (await Json(json)).GetProperty("events")[0].GetProperty("eventId").GetString());
            }

            using (var csv = await Post(Compressed($"event_id,account_id,occurred_at,channel\n{csvId},{account},{at},email\n", compressor), encoding.ToUpperInvariant(), "text/csv"))
            {
                Assert.Equal(csvId, (await Json(csv)).GetProperty("events")[0].GetProperty("eventId").GetString());
            }

            sent.AddRange([jsonId, csvId]);
        }

        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            var log = new TouchpointLog(ws);
            Assert.Equal(sent, sent.Select(id => log.Find(id)?.Event.EventId));
        }

        var before = LastSequence();
        using (var zstd = await Post(Encoding.UTF8.GetBytes("{}"), "zstd"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, zstd.StatusCode);
            using var problem = JsonDocument.Parse(await zstd.Content.ReadAsStringAsync());
            Assert.Equal(("Unsupported content encoding", "the Content-Encoding header names 'zstd', which this server cannot decode; send the body as gzip, deflate or br, or none (identity)"),
                (problem.RootElement.GetProperty("title").GetString(), problem.RootElement.GetProperty("detail").GetString()));
        }

        using (var notGzip = await Post(Encoding.UTF8.GetBytes($$"""{"event_id": "{{Unique("plain")}}", "account_id": "{{account}}", "occurred_at": "{{at}}", "channel": "call"}"""), "gzip"))
        {
            Assert.StartsWith("not valid gzip data (", await OnlyProblem(notGzip), StringComparison.Ordinal);
        }

        // A few kilobytes that expand past the 30,000,000 bytes a plain body may hold are refused, not held in memory.
        var bomb = Compressed(new string(' ', TouchpointEventReader.MaxRequestBytes + 1), s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionLevel.Optimal));
        Assert.True(bomb.Length < 100_000, $"{bomb.Length} bytes compressed");
        using (var expanding = await Post(bomb, "gzip"))
        {
            Assert.Equal("the gzip-encoded body expands past 30,000,000 bytes, the most a request may hold; send the events in smaller batches", await OnlyProblem(expanding));
        }

        Assert.Equal(before, LastSequence());
    }

    [Fact]
    public async Task Post_MoreEventsThanARequestTakes_Is400_AndNothingIsAppended()
    {
        // 200,000 events fit in a 30 MB body and were answered with about 400 MB, held whole, after minutes.
        var account = Accounts(1730, 1)[0];
        using var client = _world.Client("admin");
        var at = Recently.ToString("O", CultureInfo.InvariantCulture);
        var csv = new StringBuilder("event_id,account_id,occurred_at,channel\n");
        for (var i = 0; i <= TouchpointsApi.MaxEventsPerRequest; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Unique("many")},{account},{at},web\n");
        }

        var before = LastSequence();
        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync(new Uri("/api/touchpoints", UriKind.Relative), content);

        Assert.Equal("holds 10,001 events; a request takes at most 10,000 (each gets its answer, about 2 KB); nothing was appended: send them in batches, or load history with sightline import",
            await OnlyProblem(response));
        Assert.Equal(before, LastSequence());
    }

    private const string RequestCharsetSupported = "utf-8 (the default), us-ascii, utf-16 (utf-16le, utf-16be), utf-32, iso-8859-1 to iso-8859-15, "
        + "windows-1250 to windows-1258 and the other code pages .NET knows (shift_jis, koi8-r ...)";

    [Fact]
    public async Task Post_MailDateAndAPlaceholderTime_TheFirstIsRead_TheSecond400NamingIt()
    {
        var account = Accounts(1710, 1)[0];
        using var client = _world.Client("admin");
        var id = Unique("rfc1123");
        var mail = Recently.ToString("r", CultureInfo.InvariantCulture); // Sat, 05 Dec 2026 18:36:17 GMT
        var posted = await Json(await client.PostAsJsonAsync("/api/touchpoints", new { event_id = id, account_id = account, occurred_at = mail, channel = "call" }));
        Assert.Equal("appended", posted.GetProperty("events")[0].GetProperty("status").GetString());
        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            Assert.Equal(DateTimeOffset.Parse(mail, CultureInfo.InvariantCulture), new TouchpointLog(ws).Find(id)!.Event.OccurredAt);
        }

        var before = LastSequence();
        using var refused = await client.PostAsJsonAsync("/api/touchpoints", new { event_id = Unique("zero"), account_id = account, occurred_at = "1970-01-01T00:00:00Z", channel = "call" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var diagnostic = problem.RootElement.GetProperty("diagnostics")[1];
        Assert.Equal(("occurred_at", "1970-01-01T00:00:00Z", "looks like a placeholder for a missing time (midnight of 1970-01-01, Unix time 0); expected the real time of the touch"),
            (diagnostic.GetProperty("column").GetString(), diagnostic.GetProperty("value").GetString(), diagnostic.GetProperty("message").GetString()));
        Assert.Equal(before, LastSequence());
    }

    [Fact]
    public async Task Status_TellsTheStoreTheLoadedBatchAndThePreload()
    {
        using var client = _world.Client("rep");
        DateOnly batch;
        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            batch = LiveBaseline.CurrentStamp(ws).AsOf;
        }

        // The silo loads the batch at start; a test server may answer before that has finished.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var status = await Json(await client.GetAsync(new Uri("/api/touchpoints/status", UriKind.Relative)));
        while (!status.GetProperty("ready").GetBoolean() && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
            status = await Json(await client.GetAsync(new Uri("/api/touchpoints/status", UriKind.Relative)));
        }

        Assert.True(status.GetProperty("ready").GetBoolean(), status.ToString());
        Assert.Equal(batch.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), status.GetProperty("batchAsOf").GetString());
        Assert.Equal("off (PreloadAccounts is 0): baselines are read as grains activate", status.GetProperty("preload").GetString()); // ServerWorld turns it off
        Assert.Contains("journaled", status.GetProperty("store").GetString(), StringComparison.Ordinal);
        Assert.Equal(FormattableString.Invariant($"ready: the batch of {batch:yyyy-MM-dd} is loaded; preload off (PreloadAccounts is 0): baselines are read as grains activate"),
            status.GetProperty("summary").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("silo").GetString()));
        Assert.Equal(("off (no webhook configured)", 0), (status.GetProperty("webhook").GetString(), status.GetProperty("webhookWaiting").GetInt32()));

        using var anonymous = _world.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/touchpoints/status", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Post_SameEventTwice_SecondIsADuplicateAndNotAppliedAgain()
    {
        var account = Accounts(1030, 1)[0];
        var id = Unique("dup");
        using var client = _world.Client("admin");
        var first = await Json(await client.PostAsJsonAsync("/api/touchpoints", Event(id, account)));
        var second = await Json(await client.PostAsJsonAsync("/api/touchpoints", new[] { Event(id, account, "email") }));

        var e = second.GetProperty("events")[0];
        Assert.Equal((0, 1), (second.GetProperty("appended").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        Assert.Equal("duplicate", e.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("events")[0].GetProperty("sequence").GetInt64(), e.GetProperty("sequence").GetInt64());
        Assert.Contains("the stored event was kept and this one ignored (channel: stored 'call', received 'email')", e.GetProperty("reason").GetString());
        Assert.False(e.GetProperty("answer").GetProperty("applied").GetBoolean());
        Assert.Equal(1, e.GetProperty("answer").GetProperty("eventsApplied").GetInt64());
    }

    [Fact]
    public async Task Post_RepOutsideItsScope_IsAnUnknownAccountAndNothingIsAppended()
    {
        var mine = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA });
        var theirs = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepB });
        var outside = _world.Truth.Outside(mine, theirs);
        using var rep = _world.Client("rep");
        var before = LastSequence();

        using var refused = await rep.PostAsJsonAsync("/api/touchpoints", new[] { Event(Unique("in"), mine.Last()), Event(Unique("out"), outside) });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"body[1]: column 'account_id' value '{outside}': not a known account", text);
        Assert.DoesNotContain("body[0]", text);
        Assert.Equal(before, LastSequence());
        using var hidden = await rep.GetAsync(new Uri($"/api/accounts/{outside}/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        var accepted = await Json(await rep.PostAsJsonAsync("/api/touchpoints", Event(Unique("in"), mine.Last())));
        Assert.Equal(1, accepted.GetProperty("appended").GetInt32());
    }

    [Fact]
    public async Task Post_AnAccountNamedByAnotherIdOfIt_IsItsAccounts_AndAnAliasOfAnAccountOutsideTheScopeIsUnknown()
    {
        var mine = _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }).First();
        var outside = _world.Truth.Outside(_world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepA }),
            _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { _world.RepB }));
        var (myAlias, otherAlias) = (Unique("alias-mine"), Unique("alias-outside"));
        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            ws.Execute($"INSERT INTO account_aliases VALUES ({Sql.Literal(myAlias)}, {Sql.Literal(mine)}, 'customers.csv'), ({Sql.Literal(otherAlias)}, {Sql.Literal(outside)}, 'customers.csv')");
        }

        using var rep = _world.Client("rep");
        var body = await Json(await rep.PostAsJsonAsync("/api/touchpoints", Event(Unique("by-alias"), myAlias)));

        var e = body.GetProperty("events")[0];
        Assert.Equal(("appended", mine, mine), (e.GetProperty("status").GetString(), e.GetProperty("accountId").GetString(),
            e.GetProperty("answer").GetProperty("accountId").GetString()));
        Assert.Equal($"account_id: 1 event names its account by another id of it (given by customers.csv), applied to that account (e.g. '{myAlias}' is '{mine}')",
            body.GetProperty("notes")[0].GetString());
        var live = await Json(await rep.GetAsync(new Uri($"/api/accounts/{myAlias}/live", UriKind.Relative)));
        Assert.Equal(mine, live.GetProperty("accountId").GetString());

        var before = LastSequence();
        using var refused = await rep.PostAsJsonAsync("/api/touchpoints", Event(Unique("by-alias"), otherAlias));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"body: column 'account_id' value '{otherAlias}': not a known account", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, LastSequence());
        using var hidden = await rep.GetAsync(new Uri($"/api/accounts/{otherAlias}/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    /// <summary>Accounts other tests post to: this class's slices and the first team's (the authorisation matrix posts there).</summary>
    private HashSet<string> Used()
    {
        var used = new HashSet<string>(Accounts(1000, 100), StringComparer.Ordinal);
        used.UnionWith(_world.Truth.AccountsOf(_world.Truth.Team(_world.ManagerA)));
        return used;
    }

    /// <summary>
    /// Accounts an inbound call now moves into or out of a segment, checked with the core's live account. The test demo's
    /// segments read no touch, so large customers are made into movers as the cluster tests do: their batch row says the
    /// last order was 181 days before the events' day, which puts them past strategic-at-risk's 180 days only on the live side.
    /// Only accounts without a logged event qualify: a grain activating on another server replays the log, so an account
    /// an earlier test moved would publish that test's change there and not move again.
    /// </summary>
    private List<string> SegmentMovers(int count, ISet<string> exclude)
    {
        using var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open();
        // The live side evaluates an event on its own day: an hour ago is yesterday in the first hour after midnight.
        var today = DateOnly.FromDateTime(Recently.UtcDateTime);
        // Accounts with no logged event (through the log, which also reads the server's journal not yet folded).
        var touched = new TouchpointLog(ws).ReadAfter(0, 1_000_000).Select(e => e.Event.AccountId).ToHashSet(StringComparer.Ordinal);
        var candidates = ws.Strings("""
            SELECT account_id FROM account_features WHERE size_band IN ('Strategic', 'Enterprise') AND is_customer ORDER BY account_id DESC
            """).Where(id => !exclude.Contains(id) && !touched.Contains(id)).Take(count).ToList();
        ws.Execute($"""
            UPDATE account_features SET last_order_date = DATE '{today.AddDays(-181):yyyy-MM-dd}'
            WHERE account_id IN ({string.Join(", ", candidates.Select(Sql.Literal))})
            """);
        var baseline = LiveBaseline.Load(ws, candidates);
        var movers = new List<string>();
        foreach (var (id, account) in baseline.Accounts.Where(a => !exclude.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var live = LiveAccount.FromBaseline(account, baseline.Context);
            var change = live.Apply(new TouchpointEvent("probe", id, Recently, "call", null, "in"), baseline.Context);
            if (change.SegmentChanged)
            {
                movers.Add(id);
                if (movers.Count == count)
                {
                    break;
                }
            }
        }

        Assert.Equal(count, movers.Count);
        return movers;
    }

    [Fact]
    public async Task Stream_SegmentChange_ReachesASubscribedClientWithItsPayload()
    {
        var account = SegmentMovers(1, Used())[0];
        using var client = _world.Client("admin");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await client.GetAsync(new Uri("/api/touchpoints/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(cancel.Token));

        var id = Unique("moves");
        var posted = await Json(await client.PostAsJsonAsync("/api/touchpoints", Event(id, account), cancel.Token));
        var answer = posted.GetProperty("events")[0].GetProperty("answer");

        // Other tests' changes may come first; read until this event's.
        JsonElement change;
        do
        {
            string? line;
            while ((line = await reader.ReadLineAsync(cancel.Token)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            change = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
        }
        while (change.GetProperty("eventId").GetString() != id);

        Assert.Equal(account, change.GetProperty("account").GetString());
        Assert.Equal(answer.GetProperty("entered").EnumerateArray().Select(s => s.GetString()), change.GetProperty("entered").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(answer.GetProperty("exited").EnumerateArray().Select(s => s.GetString()), change.GetProperty("exited").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(answer.GetProperty("assignedNow").GetString(), change.GetProperty("assignedNow").GetString());
        Assert.Equal(answer.GetProperty("sequence").GetInt64(), change.GetProperty("sequence").GetInt64());
    }

    /// <summary>Reads the stream until the data line of <paramref name="eventId"/>'s change; the event ids of every change on the way.</summary>
    private static async Task<List<string>> ReadUntil(StreamReader reader, string eventId, CancellationToken cancel)
    {
        var seen = new List<string>();
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)
                && JsonDocument.Parse(line["data: ".Length..]).RootElement.TryGetProperty("eventId", out var id))
            {
                seen.Add(id.GetString()!);
                if (seen[^1] == eventId)
                {
                    return seen;
                }
            }
        }

        throw new InvalidOperationException($"the stream ended before the change of {eventId}");
    }

    [Fact]
    public async Task Stream_ReconnectWithLastEventId_FirstGetsTheChangesMissedWhileAway()
    {
        var movers = SegmentMovers(3, Used());
        using var client = _world.Client("admin");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (seen, missed, marker) = (Unique("seen"), Unique("missed"), Unique("marker"));
        long lastId;
        using (var first = await client.GetAsync(new Uri("/api/touchpoints/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token))
        {
            using var reader = new StreamReader(await first.Content.ReadAsStreamAsync(cancel.Token));
            Assert.Equal(": subscribed", await reader.ReadLineAsync(cancel.Token));
            var posted = await Json(await client.PostAsJsonAsync("/api/touchpoints", Event(seen, movers[0]), cancel.Token));
            lastId = posted.GetProperty("events")[0].GetProperty("sequence").GetInt64();
            await ReadUntil(reader, seen, cancel.Token);
        }

        await client.PostAsJsonAsync("/api/touchpoints", Event(missed, movers[1]), cancel.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/touchpoints/stream");
        request.Headers.Add("Last-Event-ID", lastId.ToString(CultureInfo.InvariantCulture));
        using var again = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var resumed = new StreamReader(await again.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal(": subscribed", await resumed.ReadLineAsync(cancel.Token));
        await client.PostAsJsonAsync("/api/touchpoints", Event(marker, movers[2]), cancel.Token);

        var delivered = await ReadUntil(resumed, marker, cancel.Token);
        Assert.Contains(missed, delivered);
        Assert.DoesNotContain(seen, delivered);
        Assert.True(delivered.IndexOf(missed) < delivered.IndexOf(marker));
    }

    [Theory]
    [InlineData("Last-Event-ID", "abc", "Last-Event-ID header: value 'abc' is not a sequence number")]
    [InlineData("after", "-3", "after parameter: value '-3' is not a sequence number")]
    public async Task Stream_ResumeFromSomethingNotASequence_400NamingTheValue(string where, string value, string expected)
    {
        using var client = _world.Client("admin");
        using var request = new HttpRequestMessage(HttpMethod.Get, where == "after" ? $"/api/touchpoints/stream?after={value}" : "/api/touchpoints/stream");
        if (where != "after")
        {
            request.Headers.Add(where, value);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_SegmentChange_IsPostedToTheConfiguredUrl()
    {
        var account = SegmentMovers(1, Used())[0];
        var id = Unique("hook");
        var port = RealtimeHosting.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var received = new BlockingCollection<(string Method, string Body)>();
        var failFirst = 1;
        var others = new ConcurrentQueue<string>();
        var serve = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }

                using var body = new StreamReader(context.Request.InputStream);
                var text = await body.ReadToEndAsync();

                // Only the silo that applied an event posts its change, and this server applies only this test's event
                // (its account has no earlier one to replay): anything else is a defect the test reports.
                if (JsonDocument.Parse(text).RootElement.GetProperty("eventId").GetString() != id)
                {
                    others.Enqueue(text);
                    context.Response.StatusCode = 204;
                    context.Response.Close();
                    continue;
                }

                // The first delivery fails, so the answer shows the retry.
                context.Response.StatusCode = Interlocked.Exchange(ref failFirst, 0) == 1 ? 503 : 204;
                context.Response.Close();
                received.Add((context.Request.HttpMethod, text));
            }
        });

        using var factory = _world.CreateFactory(10_000, 10_000, new Dictionary<string, string>
        {
            [$"{RealtimeOptions.Section}:Webhook"] = $"http://127.0.0.1:{port}/hook/",
        });
        using var client = ServerWorld.Client("admin", factory, new Dictionary<string, string>(StringComparer.Ordinal));

        // The grain that applies the event queues the change for its silo's webhook directly (no hub or feed in between).
        var posted = await Json(await client.PostAsJsonAsync("/api/touchpoints", Event(id, account)));
        var answer = posted.GetProperty("events")[0].GetProperty("answer");

        Assert.True(received.TryTake(out var failed, TimeSpan.FromSeconds(30)), $"no post of {id} within 30 s; other changes posted: [{string.Join(", ", others)}]");
        Assert.True(received.TryTake(out var delivered, TimeSpan.FromSeconds(30)), $"no retry of {id} after the 503 within 30 s");
        Assert.Equal(failed.Body, delivered.Body);
        Assert.Equal("POST", delivered.Method);
        using var json = JsonDocument.Parse(delivered.Body);
        Assert.Equal(account, json.RootElement.GetProperty("account").GetString());
        Assert.Equal(id, json.RootElement.GetProperty("eventId").GetString());
        Assert.Equal(answer.GetProperty("sequence").GetInt64(), json.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(answer.GetProperty("entered").EnumerateArray().Select(s => s.GetString()), json.RootElement.GetProperty("entered").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(answer.GetProperty("assignedNow").GetString(), json.RootElement.GetProperty("assignedNow").GetString());
        var webhook = factory.Services.GetRequiredService<SegmentChangeWebhook>();
        for (var i = 0; i < 100 && webhook.Delivered == 0; i++)
        {
            await Task.Delay(100); // the sender counts once the response is read
        }

        Assert.Equal((1L, 0L), (webhook.Delivered, webhook.Failed));
        Assert.Equal(0, webhook.Pending);
        Assert.True(Directory.Exists(Path.Combine(factory.Services.GetRequiredService<WorkspaceHost>().Directory, WebhookOutbox.Folder)),
            "the server keeps the webhook's outbox in its workspace");
        listener.Stop();
        await serve;
        Assert.Empty(others);
    }

    [Fact]
    public void AccountGrains_KeepOneReferencePerAccount_AndStayBounded()
    {
        var factory = _world.Factory.Services.GetRequiredService<IGrainFactory>();
        var grains = new AccountGrains(factory, capacity: 3);
        var accounts = Accounts(1400, 5);

        var first = grains.For(accounts[0]);
        Assert.Same(first, grains.For(accounts[0]));
        Assert.Equal(factory.GetGrain<IAccountGrain>(accounts[0]).GetGrainId(), first.GetGrainId());
        Assert.NotEqual(first.GetGrainId(), grains.For(accounts[1]).GetGrainId());

        foreach (var account in accounts)
        {
            Assert.Equal(factory.GetGrain<IAccountGrain>(account).GetGrainId(), grains.For(account).GetGrainId());
            Assert.InRange(grains.Count, 1, 3);
        }

        // The server's own cache is the one the touchpoint endpoints use.
        Assert.Equal(factory.GetGrain<IAccountGrain>(accounts[2]).GetGrainId(),
            _world.Factory.Services.GetRequiredService<AccountGrains>().For(accounts[2]).GetGrainId());
    }

    [Fact]
    public void Server_DoesNotWatchItsConfigurationFiles()
    {
        // A watcher on the content root sees every write of a workspace under it (the event log on every touchpoint).
        var configuration = (IConfigurationRoot)_world.Factory.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} reloads on change"));
    }
}
