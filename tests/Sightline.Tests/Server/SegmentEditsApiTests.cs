using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Server;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Server;

/// <summary>PUT and DELETE /api/segments/{name} over HTTP: saved in sightline.yaml once, counted, served, audited.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class SegmentEditsApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private long Count(string sql)
    {
        using var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open();
        return Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);
    }

    private string FileText => File.ReadAllText(Path.Combine(_world.Directory, ProjectSettings.FileName));

    [Fact]
    public async Task An_analyst_creates_updates_and_deletes_a_segment()
    {
        using var analyst = _world.Client("analyst");
        using var created = await analyst.PutAsJsonAsync("/api/segments/api_big", new { rule = "employees >= 1000", description = "Large accounts", priority = 40 });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using (var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            Assert.Equal(("api_big", "employees >= 1000", 40, true), (json.RootElement.GetProperty("name").GetString(), json.RootElement.GetProperty("rule").GetString(),
                json.RootElement.GetProperty("priority").GetInt32(), json.RootElement.GetProperty("created").GetBoolean()));
            Assert.Equal(Count("SELECT count(*) FROM account_features WHERE employees >= 1000"), json.RootElement.GetProperty("accounts").GetInt64());
        }

        using var updated = await analyst.PutAsJsonAsync("/api/segments/api_big", new { rule = "employees >= 5000", priority = 41 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using (var json = JsonDocument.Parse(await updated.Content.ReadAsStringAsync()))
        {
            Assert.False(json.RootElement.GetProperty("created").GetBoolean());
            Assert.Equal(Count("SELECT count(*) FROM account_features WHERE employees >= 5000"), json.RootElement.GetProperty("accounts").GetInt64());
        }

        Assert.Single(FileText.Split('\n'), l => l.Trim() == "- name: api_big");
        using (var list = JsonDocument.Parse(await _world.Client("rep").GetStringAsync(Url("/api/segments"))))
        {
            var segment = list.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "api_big");
            Assert.Equal(("employees >= 5000", 41), (segment.GetProperty("rule").GetString(), segment.GetProperty("priority").GetInt32()));
        }

        using var deleted = await analyst.DeleteAsync(Url("/api/segments/api_big"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain("api_big", FileText, StringComparison.Ordinal);
        using (var list = JsonDocument.Parse(await analyst.GetStringAsync(Url("/api/segments"))))
        {
            Assert.DoesNotContain(list.RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == "api_big");
        }

        using var again = await analyst.DeleteAsync(Url("/api/segments/api_big"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        var audit = _world.Audit();
        Assert.Contains(audit, e => e.Actor == "analyst" && e.Action == "segment_created" && e.Target == "api_big"
            && e.Detail == "rule: employees >= 1000; parent: (none); priority: 40");
        Assert.Contains(audit, e => e.Actor == "analyst" && e.Action == "segment_updated" && e.Target == "api_big");
        Assert.Contains(audit, e => e.Actor == "analyst" && e.Action == "segment_deleted" && e.Target == "api_big" && e.Detail == "rule was: employees >= 5000");
    }

    [Fact]
    public async Task A_rule_that_does_not_parse_is_400_with_its_position_and_saves_nothing()
    {
        var before = FileText;
        using var admin = _world.Client("admin");
        using var response = await admin.PutAsJsonAsync("/api/segments/api_broken", new { rule = "employees >= 1000 and\n  industry == " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The rule is not valid", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(2, problem.RootElement.GetProperty("line").GetInt32());
        Assert.Contains($"at 2:{problem.RootElement.GetProperty("column").GetInt32()}", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, FileText);

        using var badName = await admin.PutAsJsonAsync("/api/segments/Bad%20Name", new { rule = "employees >= 1000" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(before, FileText);
    }

    [Fact]
    public async Task A_rule_nested_too_deeply_is_400_for_a_preview_and_a_save_and_the_server_stays_up()
    {
        var before = FileText;
        var parentheses = new string('(', 5000) + "employees > 1" + new string(')', 5000);
        using var rep = _world.Client("rep");
        using var preview = await rep.PostAsJsonAsync("/api/segments/preview", new { rule = parentheses });
        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        using (var problem = JsonDocument.Parse(await preview.Content.ReadAsStringAsync()))
        {
            Assert.Equal("rule nested too deeply at 1:101 — at most 100 levels of parentheses, 'not', 'and' and 'or'", problem.RootElement.GetProperty("detail").GetString());
        }

        using var analyst = _world.Client("analyst");
        using var saved = await analyst.PutAsJsonAsync("/api/segments/api_deepnot", new { rule = string.Concat(Enumerable.Repeat("not ", 1002)) + "is_customer" });
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Equal(before, FileText);
        Assert.DoesNotContain(_world.Audit(), e => e.Target == "api_deepnot");

        using var after = await rep.PostAsJsonAsync("/api/segments/preview", new { rule = "employees > 1" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_parent_that_closes_a_cycle_is_400_and_saves_nothing()
    {
        using var analyst = _world.Client("analyst");
        using (var a = await analyst.PutAsJsonAsync("/api/segments/api_cycle_a", new { rule = "employees >= 1000" }))
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        }

        using (var b = await analyst.PutAsJsonAsync("/api/segments/api_cycle_b", new { rule = "employees >= 2000", parent = "api_cycle_a" }))
        {
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        }

        var before = FileText;
        using var cycle = await analyst.PutAsJsonAsync("/api/segments/api_cycle_a", new { rule = "employees >= 1000", parent = "api_cycle_b" });

        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("the parents would form a cycle", await cycle.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, FileText);
        using var deleteB = await analyst.DeleteAsync(Url("/api/segments/api_cycle_b"));
        using var deleteA = await analyst.DeleteAsync(Url("/api/segments/api_cycle_a"));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (deleteB.StatusCode, deleteA.StatusCode));
    }
}
