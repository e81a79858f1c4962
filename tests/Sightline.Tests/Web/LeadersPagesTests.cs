using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Sightline.Access;
using Sightline.Tests.Models;
using Sightline.Tests.Server;
using Sightline.Workspaces;

namespace Sightline.Tests.Web;

/// <summary>The leaders' pages as each role gets them (prerendered HTML): the right numbers for the user's scope and none of another team's.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed partial class LeadersPagesTests(ScoredDemoFixture demo)
{
    private readonly LeadersWebWorld _web = LeadersWebWorld.Get(demo);

    private ServerWorld World => _web.World;

    private T Read<T>(Func<Workspace, T> read)
    {
        using var ws = Workspace.Open(World.Directory);
        return read(ws);
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex("id=\"dashboard-accounts\">([0-9,]+)<")]
    private static partial Regex DashboardAccounts();

    [GeneratedRegex("class=\"num group-tam\" data-value=\"([0-9-]+)\"")]
    private static partial Regex GroupTam();

    [Theory]
    [InlineData("admin")]
    [InlineData("analyst")]
    [InlineData("manager")]
    [InlineData("manager-b")]
    [InlineData("rep")]
    [InlineData("rep-b")]
    public async Task Dashboard_shows_the_four_charts_with_captions_over_the_user_accounts(string user)
    {
        var (status, html) = await _web.Page(user, "/");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var id in new[] { "dashboard-tam", "dashboard-bands", "dashboard-bridge", "dashboard-lift" })
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{id}-caption\"", html, StringComparison.Ordinal);
        }

        var expected = user switch
        {
            "admin" or "analyst" => World.Truth.AllAccounts,
            "manager" => World.Truth.AccountsOf(World.Truth.Team(World.ManagerA)).Count,
            "manager-b" => World.Truth.AccountsOf(World.Truth.Team(World.ManagerB)).Count,
            "rep" => World.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { World.RepA }).Count,
            _ => World.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { World.RepB }).Count,
        };
        Assert.Equal(Count(expected), DashboardAccounts().Match(html).Groups[1].Value);
        Assert.DoesNotContain("Not run yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_of_a_rep_carries_its_own_TAM_not_the_company_or_the_other_rep()
    {
        var (_, rep) = await _web.Page("rep", "/");
        var (_, other) = await _web.Page("rep-b", "/");
        var (_, admin) = await _web.Page("admin", "/");
        static double Tam(string html) => GroupTamByRegion(html);
        var expected = Read(ws => DashboardQueries.Potential(ws, new AccessScope(UserRole.Rep, World.RepA), "region").Sum(r => r.Tam));
        Assert.Equal(Math.Round(expected), Tam(rep), 0);
        Assert.True(Tam(rep) < Tam(admin));
        Assert.NotEqual(Tam(rep), Tam(other));
        Assert.Contains("computed over your accounts' orders", rep, StringComparison.Ordinal);
        Assert.Contains("from performance run", admin, StringComparison.Ordinal);
    }

    /// <summary>The TAM column of the by-region table (the first table of TAM rows on the page).</summary>
    private static double GroupTamByRegion(string html)
    {
        var start = html.IndexOf("id=\"dashboard-tam-region\"", StringComparison.Ordinal);
        var end = html.IndexOf("id=\"dashboard-tam-segment\"", StringComparison.Ordinal);
        return GroupTam().Matches(html[start..end]).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Segment_builder_lets_analysts_save_and_shows_others_read_only()
    {
        var (_, analyst) = await _web.Page("analyst", "/segments");
        Assert.Contains("id=\"segment-save\"", analyst, StringComparison.Ordinal);
        Assert.Contains("id=\"rule-input\"", analyst, StringComparison.Ordinal);
        Assert.Contains("id=\"segment-name\"", analyst, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"segment-read-only\"", analyst, StringComparison.Ordinal);

        var (status, rep) = await _web.Page("rep", "/segments");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("id=\"segment-save\"", rep, StringComparison.Ordinal);
        Assert.Contains("id=\"segment-read-only\"", rep, StringComparison.Ordinal);
        Assert.Contains("id=\"rule-input\"", rep, StringComparison.Ordinal);
        Assert.Contains("id=\"rule-count\"", rep, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_preview_counts_in_the_user_scope_and_shows_rule_errors_by_position()
    {
        const string rule = "size_band = 'SMB'";
        var (_, rep) = await _web.Page("rep", "/segments?rule=" + Uri.EscapeDataString(rule));
        var preview = Read(ws => ScopedQueries.Preview(ws, new AccessScope(UserRole.Rep, World.RepA), rule));
        Assert.Contains($"{Count(preview.Accounts)} of your {Count(preview.InScope)} accounts match.", rep, StringComparison.Ordinal);
        Assert.True(preview.InScope < World.Truth.AllAccounts);

        var (_, wrong) = await _web.Page("rep", "/segments?rule=" + Uri.EscapeDataString("industry =="));
        Assert.Matches("id=\"rule-error\"[\\s\\S]{0,800}?line 1, column \\d+: ", wrong);
    }

    [Fact]
    public async Task Questionnaire_renders_its_questions_and_classifies_answers_with_the_path_as_reason()
    {
        var (status, form) = await _web.Page("rep", "/questionnaire");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"questionnaire-form\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"questionnaire-result\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"questionnaire-answer\"", form, StringComparison.Ordinal);

        var q = Read(ws => Sightline.Models.Questionnaires.QuestionnaireForm.Latest(ws))!;
        var first = q.Fields[0];
        var value = first.Kind == Sightline.Models.Questionnaires.AnswerKind.Number ? "1000000" : first.Options[0];
        var expected = Sightline.Models.Questionnaires.QuestionnaireForm.Walk(q.Root, new Dictionary<string, string?> { [first.Column] = value });
        var (_, answered) = await _web.Page("rep", $"/questionnaire?{first.Column}={Uri.EscapeDataString(value)}");
        Assert.Contains($"data-answer=\"{expected.Answer}\"", answered, StringComparison.Ordinal);
        Assert.Contains("id=\"questionnaire-path\"", answered, StringComparison.Ordinal);
        Assert.Contains(expected.Path[0].Describe(), answered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Territory_plan_shows_a_rep_its_own_territories_only()
    {
        var (mine, theirs) = Read(ws => (ws.Strings($"SELECT territory_id FROM territories WHERE rep_id = {Sql.Literal(World.RepA)}"),
            ws.Strings($"SELECT territory_id FROM territories WHERE rep_id = {Sql.Literal(World.RepB)}")));
        Assert.NotEmpty(mine);
        var (status, html) = await _web.Page("rep", "/plans/territories");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"territory-scenarios\"", html, StringComparison.Ordinal);
        Assert.All(mine, t => Assert.Contains($"data-territory=\"{t}\"", html, StringComparison.Ordinal));
        Assert.All(theirs, t => Assert.DoesNotContain($"data-territory=\"{t}\"", html, StringComparison.Ordinal));

        var (_, admin) = await _web.Page("admin", "/plans/territories");
        Assert.All(mine.Concat(theirs), t => Assert.Contains($"data-territory=\"{t}\"", admin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quota_plan_shows_a_manager_the_team_rows_and_no_region_totals()
    {
        var (_, manager) = await _web.Page("manager", "/plans/quotas");
        Assert.DoesNotContain("data-level=\"region\"", manager, StringComparison.Ordinal);
        Assert.Contains($"data-key=\"{World.RepA}\"", manager, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-key=\"{World.RepB}\"", manager, StringComparison.Ordinal);

        var (_, admin) = await _web.Page("admin", "/plans/quotas");
        Assert.Contains("data-level=\"region\"", admin, StringComparison.Ordinal);
        Assert.Contains($"data-key=\"{World.RepB}\"", admin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headcount_plan_is_for_leaders_and_managers_only()
    {
        var (status, rep) = await _web.Page("rep", "/plans/headcount");
        Assert.DoesNotContain("id=\"headcount-table\"", rep, StringComparison.Ordinal);
        Assert.True(status is HttpStatusCode.Redirect or HttpStatusCode.Found || rep.Contains("denied", StringComparison.OrdinalIgnoreCase), $"status {status}");

        var (_, manager) = await _web.Page("manager", "/plans/headcount");
        Assert.Contains("id=\"headcount-table\"", manager, StringComparison.Ordinal);
        var (_, admin) = await _web.Page("admin", "/plans/headcount");
        var all = Read(ws => PlanViews.Headcount(ws, new AccessScope(UserRole.Admin, null)));
        Assert.All(all.Select(r => r.Region).Distinct(), region => Assert.Contains($"data-region=\"{region}\"", admin, StringComparison.Ordinal));
    }
}
