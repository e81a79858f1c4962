using System.Net;
using Sightline.Exports;
using Sightline.Tests.Models;

namespace Sightline.Tests.Server;

/// <summary>GET /api/exports/crm.csv and /plan.xlsx: the files PlanExport writes, streamed with their type and name, and audited.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class ExportsApiTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task An_analyst_downloads_the_crm_csv_with_its_header_and_every_account()
    {
        var before = _world.Audit().Count(e => e.Action == "export" && e.Actor == "analyst" && e.Target == PlanExport.CsvFileName);
        using var analyst = _world.Client("analyst");
        using var response = await analyst.GetAsync(Url("/api/exports/crm.csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PlanExport.CsvFileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', PlanExport.CsvColumns), lines[0].TrimEnd('\r'));
        Assert.Equal(_world.Truth.AllAccounts, lines.Length - 1);
        var audit = _world.Audit().Where(e => e.Action == "export" && e.Actor == "analyst" && e.Target == PlanExport.CsvFileName).ToList();
        Assert.Equal(before + 1, audit.Count);
        Assert.StartsWith($"csv: {_world.Truth.AllAccounts:N0} rows of {_world.Truth.AllAccounts:N0} accounts (run export-", audit[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_downloads_the_plan_workbook_as_a_zip()
    {
        using var admin = _world.Client("admin");
        using var response = await admin.GetAsync(Url("/api/exports/plan.xlsx"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PlanExport.XlsxFileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), bytes[..4]);
        var entry = _world.Audit().First(e => e.Action == "export" && e.Actor == "admin" && e.Target == PlanExport.XlsxFileName);
        Assert.Contains(" sheets of ", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_downloads_the_crm_csv_of_its_team_only_and_a_rep_its_own_each_audited_with_the_scope()
    {
        foreach (var (user, rep) in new[] { ("manager", _world.ManagerA), ("rep", _world.RepA) })
        {
            var team = user == "manager" ? _world.Truth.Team(rep) : new HashSet<string>(StringComparer.Ordinal) { rep };
            var expected = _world.Truth.AccountsOf(team);
            using var client = _world.Client(user);
            using var response = await client.GetAsync(Url("/api/exports/crm.csv"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(string.Join(',', PlanExport.CsvColumns), lines[0].TrimEnd('\r'));
            Assert.Equal(expected, new SortedSet<string>(lines.Skip(1).Select(l => l.Split(',')[0]), StringComparer.Ordinal));
            Assert.True(expected.Count < _world.Truth.AllAccounts, "a team's export is smaller than the workspace's");
            var entry = _world.Audit().First(e => e.Action == "export" && e.Actor == user && e.Target == PlanExport.CsvFileName);
            Assert.StartsWith($"csv: {expected.Count:N0} rows of {expected.Count:N0} accounts, the accounts of rep {rep}", entry.Detail, StringComparison.Ordinal);
        }
    }
}
