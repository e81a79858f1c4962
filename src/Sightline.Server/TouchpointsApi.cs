using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sightline.Access;
using Sightline.Realtime;
using Sightline.Server.Realtime;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>One event's outcome in <c>POST /api/touchpoints</c>.</summary>
/// <param name="EventId">The event.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Status">appended, or duplicate (already logged: not applied again).</param>
/// <param name="Sequence">Its log sequence (a duplicate: the stored copy's).</param>
/// <param name="Reason">The log's words for the status (a duplicate names the copy it repeats and any differing field).</param>
/// <param name="Answer">The account grain's answer: for an appended event, what applying it did; for a duplicate, the account as it stands.</param>
/// <param name="AnswerError">Set when the event was logged but its grain did not answer; it is applied from the log later.</param>
public sealed record TouchpointOutcome(string EventId, string AccountId, string Status, long Sequence, string Reason, TouchpointAnswer? Answer, string? AnswerError);

/// <summary>The answer of <c>POST /api/touchpoints</c>.</summary>
/// <param name="Appended">Events appended.</param>
/// <param name="Duplicates">Events already in the log, not applied again.</param>
/// <param name="LastSequence">The log's highest sequence after the append.</param>
/// <param name="Store">Where the events are kept.</param>
/// <param name="Events">Per event, in the order sent.</param>
public sealed record TouchpointsResult(int Appended, int Duplicates, long LastSequence, string Store, IReadOnlyList<TouchpointOutcome> Events)
{
    /// <summary>What reading the body tells the caller (a CSV body's columns that are not read), or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Notes { get; init; }
}

/// <summary>What <c>GET /api/touchpoints/status</c> tells of this server's silo.</summary>
/// <param name="Silo">The silo answering.</param>
/// <param name="Store">Where events are logged.</param>
/// <param name="BatchAsOf">The batch date of the loaded baselines, or null before the first load.</param>
/// <param name="Preload">The account baselines' preload in words (running, done, skipped, off or failed).</param>
/// <param name="Ready">True once the batch is loaded and no preload runs: activations no longer wait for the database.</param>
/// <param name="Summary">All of it in one sentence.</param>
/// <param name="Webhook">The segment-change webhook: off, or its target, what it delivered and what waits in its outbox.</param>
/// <param name="WebhookWaiting">Segment changes waiting in the webhook's outbox.</param>
public sealed record RealtimeStatus(string Silo, string Store, DateOnly? BatchAsOf, string Preload, bool Ready, string Summary, string Webhook, int WebhookWaiting);

/// <summary>
/// Real time over HTTP: touchpoints in (validated, durably logged, then applied by their account grains), an account's
/// live state, and the stream of segment changes.
/// </summary>
public static class TouchpointsApi
{
    /// <summary>The query parameter naming the zone of the times without an offset in a post.</summary>
    public const string TimeZoneParameter = "time_zone";

    /// <summary>
    /// The most events one post takes: each is answered (about 2 KB of JSON), so 200,000 events in a 30 MB body answered
    /// with about 400 MB, held whole, and took minutes. Bulk history belongs in <c>sightline import</c>.
    /// </summary>
    public const int MaxEventsPerRequest = 10_000;

    /// <summary>The body types <c>POST /api/touchpoints</c> reads.</summary>
    public static readonly IReadOnlyList<string> AcceptedTypes = ["application/json", "application/x-ndjson", "text/plain", "text/csv"];

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTouchpointsApi(this RouteGroupBuilder api)
    {
        var touchpoints = api.MapGroup("/touchpoints").WithTags("real time");
        touchpoints.MapPost("/", Post)
            .Accepts<JsonElement>(AcceptedTypes[0], [.. AcceptedTypes.Skip(1)])
            .Produces<TouchpointsResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Takes one touchpoint, an array, or JSON lines (or, as text/csv, CSV with a header as sightline touch reads it) in UTF-8 or the Content-Type's charset, compressed or not (Content-Encoding gzip, deflate or br), at most 10,000 events; validates all (400 lists every problem and nothing is appended; occurred_at needs an offset "
                + "unless ?time_zone=IANA-name says where times without one were written), "
                + "logs them durably (idempotent by event_id), then answers per event with the account's segments now, propensity, "
                + "predicted reason for contact, routing target and next best action. Managers and reps only for accounts they may see");
        touchpoints.MapGet("/stream", Stream)
            .Produces<SegmentChange>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Server-sent events: one JSON segment change per event (account, entered, exited, assigned before and now, at, "
                + "eventId, sequence; the event id is the sequence) from every silo of the cluster, limited to the accounts you may see. "
                + "A reconnecting client (Last-Event-ID header, or ?after=SEQUENCE) first gets the kept changes it missed (the latest "
                + "10,000 per server), or an 'event: gap' naming what may be missing when its last change is no longer kept");
        touchpoints.MapGet("/status", Status)
            .WithSummary("This server's silo: where events are logged, the batch its baselines come from, whether the account "
                + "baselines' preload has finished (until then a first event for an account may wait for the database), and the webhook's "
                + "deliveries and the segment changes waiting in its outbox");
        api.MapGet("/accounts/{id}/live", Live)
            .WithTags("real time")
            .WithSummary("An account's live state from its grain: segments, propensity, the latest contact's reason, route and next best action, "
                + "events applied and their log sequences");
        return api;
    }

    // IResult rather than Results<Ok, ProblemHttpResult>: the union would wrap every answer of this hot path in one more object.
    private static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, Workspace workspace, ITouchpointStore store,
        AccountGrains grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (RequestEncoding.Decoded(request.Body, request.Headers.ContentEncoding, out var encoding) is not { } decoded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content encoding",
                detail: $"the Content-Encoding header names '{encoding}', which this server cannot decode; send the body as {RequestEncoding.Supported}");
        }

        var raw = decoded == request.Body
            ? await ReadBody(request, cancellationToken).ConfigureAwait(false)
            : await RequestEncoding.ReadDecodedAsync(decoded, encoding, cancellationToken).ConfigureAwait(false);
        if (!RequestCharset.TryUtf8(raw, request.ContentType, out var body, out var charset))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported charset",
                detail: $"the Content-Type names charset '{charset}', which this server cannot decode; send the body in one of {RequestCharset.Supported}");
        }

        // An account the caller may not see is reported exactly like one that does not exist.
        var scope = Caller.Scope(user);
        // A connector posting a CRM's local times names their zone once, in the query: ?time_zone=America/New_York.
        var zone = LocalZone(request.Query);
        var options = TouchpointEventValidationOptions.For(workspace.Settings).WithLocalZone(zone?.Value, $"the {zone?.Name ?? TimeZoneParameter} parameter");
        // Contact ids are not looked up here: the post reads no table on its way (accounts come from the serving index), and
        // one query per request would cost the real-time path about a tenth of its time (docs/realtime.md, Validation).
        var validator = new TouchpointEventValidator(ids => ScopedQueries.VisibleAccounts(workspace, scope, ids), options, clock, ids => AccountAlias.Of(workspace, ids));
        var notes = new List<string>();
        var events = IsCsv(request.ContentType) ? validator.ValidateCsv(body, "body", notes) : validator.ValidateJson(body, "body", notes);
        if (events.Count > MaxEventsPerRequest)
        {
            throw new BadInputException("body", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"holds {events.Count:N0} events; a request takes at most {MaxEventsPerRequest:N0} (each gets its answer, about 2 KB); nothing was appended: send them in batches, or load history with sightline import"));
        }

        // Durable first: the grains see only logged events, so a crash after this line loses nothing (replay).
        var logged = await store.AppendAsync(events, CancellationToken.None).ConfigureAwait(false);
        var answers = events.Select((e, i) => Answer(grains, e, logged.Events[i])).ToList();
        var outcomes = await Task.WhenAll(answers).ConfigureAwait(false);
        return TypedResults.Ok(new TouchpointsResult(logged.Appended, logged.Duplicates, logged.LastSequence, store.Description, outcomes)
        {
            Notes = notes.Count > 0 ? notes : null,
        });
    }

    /// <summary>
    /// The time_zone parameter and its value as the query wrote it, spelled as event fields may be (<c>timeZone</c>,
    /// <c>TimeZone</c>, <c>time-zone</c>), or null. Two different values are refused: which one the times were written in is
    /// not known.
    /// </summary>
    /// <exception cref="BadInputException">The parameter is given with two different values.</exception>
    internal static (string Name, string Value)? LocalZone(IQueryCollection query)
    {
        (string Name, string Value)? found = null;
        foreach (var (key, values) in query)
        {
            if (!string.Equals(key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), "timezone", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (found is { } first && !string.Equals(first.Value.Trim(), value?.Trim(), StringComparison.Ordinal))
                {
                    throw new BadInputException(new Diagnostic($"the {key} parameter", null, null, value,
                        $"a second time zone, after '{first.Value}' (as {first.Name}); give the zone the times were written in once"));
                }

                found ??= (key, value ?? "");
            }
        }

        return found;
    }

    /// <summary>Whether a body is CSV by its content type (text/csv, application/csv); anything else is read as JSON.</summary>
    private static bool IsCsv(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body's bytes as they came: the reader parses UTF-8, so no text copy is made of a UTF-8 body.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length && length <= Array.MaxLength)
        {
            var bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }

        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private static async Task<TouchpointOutcome> Answer(AccountGrains grains, TouchpointEvent e, TouchpointLogOutcome logged)
    {
        var grain = grains.For(e.AccountId);
        var appended = logged.Status == TouchpointLogStatus.Appended;
        try
        {
            var answer = appended
                ? await grain.Apply(AccountTouch.From(logged.Sequence, e)).ConfigureAwait(false)
                : TouchpointAnswer.NotApplied(e.AccountId, e.EventId, logged.Sequence, logged.Reason, await grain.Live().ConfigureAwait(false));
            return new TouchpointOutcome(e.EventId, e.AccountId, appended ? "appended" : "duplicate", logged.Sequence, logged.Reason, answer, null);
        }
#pragma warning disable CA1031 // the event is durable already; its answer failing must not turn the whole call into an error
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new TouchpointOutcome(e.EventId, e.AccountId, appended ? "appended" : "duplicate", logged.Sequence, logged.Reason, null,
                $"the event is logged (sequence {logged.Sequence}) but account grain {e.AccountId} did not answer ({ex.Message}); "
                + "it is applied from the log when the grain next activates or its live state is read");
        }
    }

    private static Ok<RealtimeStatus> Status(LiveBaselineHost baselines, ITouchpointStore store, Orleans.Runtime.ILocalSiloDetails silo, SegmentChangeWebhook webhook)
    {
        var batch = baselines.LoadedStamp?.AsOf;
        var preload = baselines.PreloadState;
        var ready = batch is not null && baselines.Preloading.IsCompleted;
        var summary = batch is null
            ? "not ready: the batch baseline has not loaded yet (no batch run, or it is loading)"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(ready ? "ready" : "not ready")}: the batch of {batch:yyyy-MM-dd} is loaded; preload {preload}");
        return TypedResults.Ok(new RealtimeStatus(silo.SiloAddress.ToString(), store.Description, batch, preload, ready, summary, webhook.Summary, webhook.Pending));
    }

    private static async Task<Results<Ok<AccountLiveView>, ProblemHttpResult>> Live(string id, ClaimsPrincipal user, Workspace workspace, AccountGrains grains)
    {
        var scope = Caller.Scope(user);
        // Another id of an account (account_aliases) reads as the account, as a posted event naming it does.
        var account = ScopedQueries.VisibleAccounts(workspace, scope, [id]).Contains(id) ? id
            : AccountAlias.Of(workspace, [id]).TryGetValue(id, out var alias) && ScopedQueries.VisibleAccounts(workspace, scope, [alias.AccountId]).Contains(alias.AccountId) ? alias.AccountId
            : null;
        if (account is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: $"no account '{id}' that you may see");
        }

        return TypedResults.Ok(await grains.For(account).Live().ConfigureAwait(false));
    }

    private static async Task Stream(HttpContext context, ClaimsPrincipal user, Workspace workspace, SegmentChangeFeed feed, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        // A reconnecting EventSource sends the id of the last change it saw; other clients may pass it as ?after=.
        (string Source, string? Value) resume = context.Request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } header ? ("Last-Event-ID header", header)
            : context.Request.Query["after"].FirstOrDefault() is { Length: > 0 } query ? ("after parameter", query)
            : ("", null);
        long? after = null;
        if (resume.Value is { } text)
        {
            if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a sequence number",
                    detail: $"{resume.Source}: value '{text}' is not a sequence number; expected the id of the last segment_change event received (0 or more digits)")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            after = sequence;
        }

        var scope = Caller.Scope(user);
        var visible = scope.SeesAll ? null : ScopedQueries.VisibleAccounts(workspace, scope);
        var cancel = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        using var subscription = feed.Listen(after);
        await feed.Ready.WaitAsync(TimeSpan.FromSeconds(30), cancel).ConfigureAwait(false);

        // A comment line first, so a client knows it is subscribed: every change from here on reaches it.
        await context.Response.WriteAsync(": subscribed\n\n", cancel).ConfigureAwait(false);
        try
        {
            if (subscription.Gap is { } gap)
            {
                var words = JsonSerializer.Serialize(new { after, reason = gap + "; read the live state of the accounts you follow (GET /api/accounts/{id}/live)" },
                    json.Value.SerializerOptions);
                await context.Response.WriteAsync($"event: gap\ndata: {words}\n\n", cancel).ConfigureAwait(false);
            }

            foreach (var change in subscription.Backlog)
            {
                await Send(change).ConfigureAwait(false);
            }

            await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
            await foreach (var change in subscription.Changes.ReadAllAsync(cancel).ConfigureAwait(false))
            {
                await Send(change).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // the client went away
        }

        async Task Send(SegmentChange change)
        {
            if (visible is not null && !visible.Contains(change.Account))
            {
                return;
            }

            var line = JsonSerializer.Serialize(change, json.Value.SerializerOptions);
            await context.Response.WriteAsync($"event: segment_change\nid: {change.Sequence}\ndata: {line}\n\n", cancel).ConfigureAwait(false);
        }
    }
}
