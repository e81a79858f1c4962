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
    public async Task A_manager_is_refused_and_no_export_is_audited_for_it()
    {
        using var manager = _world.Client("manager");
        using var response = await manager.GetAsync(Url("/api/exports/crm.csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(_world.Audit(), e => e.Action == "export" && e.Actor == "manager");
    }
}
