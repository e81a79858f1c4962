using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sightline.Access;
using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Demo.Replay;

/// <summary>
/// The demo's replay of the day after its batch: a day of touchpoints (<see cref="DemoTouchpointDay"/>) posted through
/// the server's HTTP API in batches, as an integration would, and the answers summed up
/// (<see cref="DemoReplaySummary.From"/>). The server is the caller's: this class only talks HTTP to it.
/// </summary>
public static class DemoReplay
{
    /// <summary>The admin user the replay creates to sign in as.</summary>
    public const string UserName = "demo-integration";

    /// <summary>Events per <c>POST /api/touchpoints</c>.</summary>
    public const int BatchSize = 100;

    /// <summary>
    /// Before the server starts (it holds the workspace open): draws the day's events, reads the touched accounts'
    /// names, and creates the integration user (an admin) with a fresh random password.
    /// </summary>
    /// <exception cref="BadInputException">The user exists already (its password is unknown to the replay), or there is no history to draw from.</exception>
    public static DemoReplayPlan Prepare(Workspace workspace, int seed, DateOnly? day = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var replayed = day ?? DemoTouchpointDay.DefaultDay(workspace);
        var events = DemoTouchpointDay.Generate(workspace, replayed, seed);
        var ids = string.Join(", ", events.Select(e => e.AccountId).Distinct(StringComparer.Ordinal).Select(Sql.Literal));
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT account_id, name FROM accounts WHERE account_id IN ({ids})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var users = new UserStore(workspace);
        if (users.Find(UserName) is not null)
        {
            throw new BadInputException(workspace.Directory,
                $"the user '{UserName}' exists already and the replay does not know its password; rebuild the demo (sightline demo) to replay its day");
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        users.Add(UserName, UserRoles.Name(UserRole.Admin), null, password, UserStore.CommandLineActor);
        return new DemoReplayPlan(replayed, events, names, UserName, password);
    }

    /// <summary>Signs in, posts the plan's events in batches of <see cref="BatchSize"/>, and sums up the answers.</summary>
    /// <exception cref="HttpRequestException">The server refused the sign-in or a batch (with its status and answer).</exception>
    public static async Task<DemoReplaySummary> SendAsync(HttpClient client, DemoReplayPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        var token = await SignInAsync(client, plan.UserName, plan.Password, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<DemoReplayOutcome>(plan.Events.Count);
        foreach (var batch in plan.Events.Chunk(BatchSize))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/touchpoints")
            {
                Content = new StringContent(TouchpointEventJson.Array(batch), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST /api/touchpoints answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
            }

            outcomes.AddRange(ParseAnswer(body));
        }

        return DemoReplaySummary.From(plan.Day, plan.Events, outcomes, plan.AccountNames);
    }

    /// <summary>The per-event outcomes of one <c>POST /api/touchpoints</c> answer (its <c>events</c> array).</summary>
    public static IReadOnlyList<DemoReplayOutcome> ParseAnswer(string json)
    {
        using var document = JsonDocument.Parse(json);
        var outcomes = new List<DemoReplayOutcome>();
        foreach (var item in document.RootElement.GetProperty("events").EnumerateArray())
        {
            var eventId = item.GetProperty("eventId").GetString()!;
            var accountId = item.GetProperty("accountId").GetString()!;
            var status = item.GetProperty("status").GetString()!;
            var sequence = item.GetProperty("sequence").GetInt64();
            var error = Text(item, "answerError");
            if (!item.TryGetProperty("answer", out var answer) || answer.ValueKind != JsonValueKind.Object)
            {
                outcomes.Add(new DemoReplayOutcome(eventId, accountId, status, sequence, false, false, [], [], [], null, null, null, null, null, null, null, 0,
                    error ?? "no answer"));
                continue;
            }

            var reason = Object(answer, "reasonForContact");
            var route = Object(answer, "route");
            var action = Object(answer, "nextBestAction");
            outcomes.Add(new DemoReplayOutcome(eventId, accountId, status, sequence, true, answer.GetProperty("applied").GetBoolean(),
                Strings(answer, "segmentsNow"), Strings(answer, "entered"), Strings(answer, "exited"), Text(answer, "assignedBefore"), Text(answer, "assignedNow"),
                reason is { } r ? Text(r, "reason") : null, reason is { } e ? Text(e, "explanation") : null,
                route is { } t ? Text(t, "to") : null, route is { } w ? Text(w, "reason") : null, action is { } a ? Text(a, "text") : null,
                answer.GetProperty("eventsApplied").GetInt64(), error));
        }

        return outcomes;
    }

    private static async Task<string> SignInAsync(HttpClient client, string name, string password, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { name, password }, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/auth/token as {name} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];
}
