using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Cli;
using Sightline.Cli.Verbs;
using Sightline.Demo.Replay;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Demo;

/// <summary>
/// The demo's replay of its next day through a real server on a copy of the 3,000-account demo: what it prints equals
/// what the event log holds and what <c>GET /api/accounts/{id}/live</c> reports for every account it touched.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DemoReplayTests(ScoredDemoFixture demo) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Replay_DemoDay_PrintedCountsEqualTheLogAndTheLiveState()
    {
        var workspace = CopyDemo();
        var live = new Dictionary<string, (List<string> Segments, long EventsApplied)>(StringComparer.Ordinal);

        var summary = DemoReplayHost.Run(workspace, seed: 5, async (client, plan) =>
        {
            using var token = await client.PostAsJsonAsync("/api/auth/token", new { name = plan.UserName, password = plan.Password });
            token.EnsureSuccessStatusCode();
            var bearer = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
            foreach (var account in plan.Events.Select(e => e.AccountId).Distinct(StringComparer.Ordinal))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/accounts/{account}/live");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                live[account] = ([.. view.GetProperty("segmentsNow").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal)],
                    view.GetProperty("eventsApplied").GetInt64());
            }
        });

        using var output = new StringWriter();
        DemoVerb.PrintReplay(new CliConsole(output, TextWriter.Null), summary);
        var printed = output.ToString();

        // The log holds every event sent, once.
        Dictionary<string, long> logged;
        Dictionary<string, List<string>> batch;
        using (var ws = Workspace.Open(workspace))
        {
            logged = Rows(ws, "SELECT account_id, count(*) FROM touchpoint_log WHERE event_id LIKE 'DAY-%' GROUP BY ALL")
                .ToDictionary(r => r[0], r => long.Parse(r[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
            batch = Rows(ws, """
                SELECT account_id, segment FROM segment_members
                WHERE run_id = (SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC LIMIT 1) ORDER BY ALL
                """).GroupBy(r => r[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(r => r[1]).ToList(), StringComparer.Ordinal);
        }

        Assert.True(summary.Sent >= 20, $"only {summary.Sent} events in the day");
        Assert.Equal(summary.Sent, (int)logged.Values.Sum());
        Assert.Equal((summary.Sent, 0, 0), (summary.Appended, summary.Duplicates, summary.NotAnswered));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{summary.Sent:N0} events sent, {logged.Values.Sum():N0} appended, 0 duplicates (not applied again); {logged.Count:N0} accounts touched"), printed, StringComparison.Ordinal);

        // Every touched account's live state is what the replay's answers ended with, and it applied exactly its logged events.
        Assert.Equal(logged.Keys.Order(StringComparer.Ordinal), summary.Accounts.Select(a => a.AccountId));
        foreach (var account in summary.Accounts)
        {
            Assert.Equal(live[account.AccountId].Segments, account.SegmentsAfter);
            Assert.Equal(logged[account.AccountId], live[account.AccountId].EventsApplied);
            Assert.Equal(logged[account.AccountId], account.EventsApplied);
            Assert.Equal(batch.GetValueOrDefault(account.AccountId, []).Order(StringComparer.Ordinal), account.SegmentsBefore);
        }

        // Changed accounts, counted independently: the live segments against the batch's segment members.
        var changed = live.Count(l => !l.Value.Segments.SequenceEqual(batch.GetValueOrDefault(l.Key, []).Order(StringComparer.Ordinal), StringComparer.Ordinal));
        Assert.Equal(changed, summary.AccountsChanged);
        // The demo's segments over touch counts (prospects-reaching-out, support-strain) move with the day's touches.
        Assert.True(changed > 0, "the demo day re-segmented no account");
        Assert.Contains($"Accounts that changed segment: {changed:N0} (", printed, StringComparison.Ordinal);

        // Inbound calls: every one routed by the demo's routing rules, and the printed total is their number.
        Assert.Equal(summary.InboundCalls, summary.CallRoutes.Sum(r => r.Count));
        Assert.DoesNotContain(summary.CallRoutes, r => r.Label == "(not routed)");
        Assert.Contains($"Inbound calls routed ({summary.InboundCalls:N0}): ", printed, StringComparison.Ordinal);
        Assert.NotEmpty(summary.ContactReasons);
        Assert.DoesNotContain(summary.ContactReasons, r => r.Label == "(none predicted)");
        Assert.NotEmpty(summary.Examples);
        Assert.All(summary.Examples, e => Assert.StartsWith("probably ", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_UserExistsAlready_ClearErrorNothingSent()
    {
        var workspace = CopyDemo();
        using (var ws = Workspace.Open(workspace))
        {
            new Sightline.Access.UserStore(ws).Add(DemoReplay.UserName, "admin", null, "somebody else's password", "os:tester");
        }

        var error = Assert.Throws<BadInputException>(() => DemoReplayHost.Run(workspace, seed: 5));

        Assert.Contains($"the user '{DemoReplay.UserName}' exists already and the replay does not know its password", error.Message, StringComparison.Ordinal);
        using var check = Workspace.Open(workspace);
        Assert.Equal(0L, Convert.ToInt64(check.Scalar("SELECT count(*) FROM touchpoint_log"), CultureInfo.InvariantCulture));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A private copy of the shared demo workspace, which the replay writes to (users, event log).</summary>
    private string CopyDemo()
    {
        var copy = _dir.File("demo-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(demo.Workspace))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static List<string[]> Rows(Workspace ws, string sql)
    {
        using var command = ws.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)]);
        }

        return rows;
    }
}
