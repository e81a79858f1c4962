using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Access;
using Sightline.Server;
using Sightline.Tests.Models;
using Sightline.Tests.Server;
using Sightline.Tests.Support;
using Scorecard = Sightline.Access.Scorecard;
using Workspace = Sightline.Workspaces.Workspace;

namespace Sightline.Tests.Web;

/// <summary>
/// The field pages (accounts, account, lists, approvals, scorecard) as each role gets them: the prerendered HTML holds
/// the user's own data and none of another team's, and roles that may not open a page are sent to /denied.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
public sealed partial class FieldPagesTests(ScoredDemoFixture demo)
{
    private static readonly Dictionary<string, string> Cookies = new(StringComparer.Ordinal);
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    /// <summary>GETs a page as a signed-in browser (the cookie from POST /api/auth/login, fetched once per user: logins are rate limited).</summary>
    private async Task<(HttpStatusCode Status, string Html, Uri? Location)> Page(string? user, string path)
    {
        using var client = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add("Cookie", await Cookie(client, user));
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    private static async Task<string> Cookie(HttpClient client, string user)
    {
        lock (Cookies)
        {
            if (Cookies.TryGetValue(user, out var known))
            {
                return known;
            }
        }

        using var login = await client.PostAsJsonAsync("/api/auth/login", new { name = user, password = ServerWorld.Password });
        login.EnsureSuccessStatusCode();
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        lock (Cookies)
        {
            Cookies[user] = cookie;
        }

        return cookie;
    }

    private Workspace Open() => _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open();

    private SortedSet<string> Visible(string rep) => _world.Truth.AccountsOf(new HashSet<string>(StringComparer.Ordinal) { rep });

    private static List<string> Attribute(string html, string name) =>
        Regex.Matches(html, $"{name}=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task Account_page_shows_the_reps_account_with_score_reasons_and_contacts()
    {
        string id, name;
        using (var ws = Open())
        {
            var row = ScopedQueries.Accounts(ws, new AccessScope(UserRole.Rep, _world.RepA), new AccountQuery(PageSize: 1)).Accounts[0];
            (id, name) = (row.AccountId, row.Name);
        }

        var (status, html, _) = await Page("rep", $"/accounts/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"account-name\"", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
        Assert.Contains("id=\"account-scores\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"account-contacts\"", html, StringComparison.Ordinal);
        Assert.Matches("raises it|lowers it", html);
        Assert.DoesNotContain("No such account", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_page_of_another_territory_or_a_missing_id_is_no_such_account_404()
    {
        var outside = _world.Truth.Outside(Visible(_world.RepA), Visible(_world.RepB));
        string name;
        using (var ws = Open())
        {
            name = ws.Strings($"SELECT name FROM accounts WHERE account_id = {Sql.Literal(outside)}")[0];
        }

        var (status, html, _) = await Page("rep", $"/accounts/{outside}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No such account", html, StringComparison.Ordinal);
        Assert.DoesNotContain(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);

        var (missingStatus, missing, _) = await Page("rep", "/accounts/NO-SUCH-ID");
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Contains("No such account", missing, StringComparison.Ordinal);

        // The other team's rep opens it fine.
        Assert.Equal(HttpStatusCode.OK, (await Page("rep-b", $"/accounts/{outside}")).Status);
    }

    [Fact]
    public async Task Accounts_search_lists_only_accounts_in_scope()
    {
        var (status, html, _) = await Page("rep", "/accounts");
        Assert.Equal(HttpStatusCode.OK, status);
        var shown = Attribute(html, "data-account-link");
        Assert.NotEmpty(shown);
        Assert.All(shown, a => Assert.Contains(a, Visible(_world.RepA)));
        Assert.Contains("data-score-reason=", html, StringComparison.Ordinal);

        var outside = _world.Truth.Outside(Visible(_world.RepA), Visible(_world.RepB));
        var (_, searched, _) = await Page("rep", $"/accounts?q={outside}");
        Assert.Empty(Attribute(searched, "data-account-link"));
        var (_, asAdmin, _) = await Page("admin", $"/accounts?q={outside}");
        Assert.Contains(outside, Attribute(asAdmin, "data-account-link"));
    }

    [Fact]
    public async Task Accounts_page_links_the_exports_as_downloads_that_the_pages_cookie_fetches_in_the_users_scope()
    {
        var (_, html, _) = await Page("rep", "/accounts");
        var links = Regex.Matches(html, "<a [^>]*data-export=\"([^\"]+)\"[^>]*>").Select(m => m.Value).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Contains(" download", l, StringComparison.Ordinal));
        var hrefs = links.Select(l => Regex.Match(l, "href=\"([^\"]+)\"").Groups[1].Value).ToList();
        Assert.Equal(["/api/exports/crm.csv", "/api/exports/plan.xlsx"], hrefs);

        // The browser follows the link with the page's cookie: the rep's own accounts, no one else's.
        var (status, csv, _) = await Page("rep", hrefs[0]);
        Assert.Equal(HttpStatusCode.OK, status);
        var ids = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]);
        Assert.Equal(Visible(_world.RepA), new SortedSet<string>(ids, StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await Page("rep", hrefs[1])).Status);
    }

    [Fact]
    public async Task My_list_shows_the_reps_rows_with_actions_and_not_the_other_teams()
    {
        List<string> mine, theirs;
        using (var ws = Open())
        {
            mine = FieldQueries.List(ws, new AccessScope(UserRole.Rep, _world.RepA), _world.RepA)!.Rows.Select(r => r.AccountId).ToList();
            theirs = FieldQueries.List(ws, new AccessScope(UserRole.Rep, _world.RepB), _world.RepB)!.Rows.Select(r => r.AccountId).ToList();
        }

        Assert.NotEmpty(mine);
        var (status, html, _) = await Page("rep", "/list");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(mine, Attribute(html, "data-account-id"));
        Assert.DoesNotContain(Attribute(html, "data-account-id"), theirs.Contains);
        Assert.Contains("data-action=\"outcome\"", html, StringComparison.Ordinal);
        Assert.Contains("data-action=\"override\"", html, StringComparison.Ordinal);
        Assert.Contains(">My list<", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rep", false)]
    [InlineData("manager", false)]
    [InlineData("manager-b", true)]
    [InlineData("admin", true)]
    [InlineData("analyst", true)]
    public async Task Rep_list_of_another_team_is_no_such_list(string user, bool sees)
    {
        var (status, html, _) = await Page(user, $"/lists/{_world.RepB}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(!sees, html.Contains("No such list", StringComparison.Ordinal));
        Assert.Equal(sees, Attribute(html, "data-account-id").Count > 0);
    }

    [Theory]
    [InlineData("/approvals", "rep")]
    [InlineData("/approvals", "admin")]
    [InlineData("/approvals", "analyst")]
    [InlineData("/scorecard", "rep")]
    [InlineData("/scorecard", "rep-b")]
    public async Task Pages_a_role_may_not_open_send_it_to_denied(string path, string user)
    {
        var (status, _, location) = await Page(user, path);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.StartsWith("/denied", location!.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_send_an_anonymous_browser_to_sign_in()
    {
        var (status, _, location) = await Page(null, "/list");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("/login", location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_show_the_managers_team_requests_pending_with_actions()
    {
        string overrideId, account;
        using (var ws = Open())
        {
            account = FieldQueries.List(ws, new AccessScope(UserRole.Rep, _world.RepA), _world.RepA)!.Rows is var rows ? rows[rows.Count / 2].AccountId : "";
            overrideId = Actions.RequestOverride(ws, new UserAccount("rep", UserRole.Rep, _world.RepA, default), account, "demote",
                "the buyer froze budgets until next spring", FixedClock.Default).OverrideId;
        }

        var (status, html, _) = await Page("manager", "/approvals");
        Assert.Equal(HttpStatusCode.OK, status);
        var row = Regex.Match(html, $"<tr[^>]*data-override-id=\"{overrideId}\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(row);
        Assert.Contains(account, row, StringComparison.Ordinal);
        Assert.Contains("data-status=\"pending\"", row, StringComparison.Ordinal);
        Assert.Contains("data-action=\"approve\"", row, StringComparison.Ordinal);
        Assert.Contains("data-action=\"reject\"", row, StringComparison.Ordinal);

        var (_, other, _) = await Page("manager-b", "/approvals");
        Assert.DoesNotContain(overrideId, other, StringComparison.Ordinal);

        // The rep sees it pending on its list.
        var (_, list, _) = await Page("rep", "/list");
        Assert.Matches($"data-account-id=\"{account}\"[\\s\\S]*?data-pending-override=\"demote\"", list);
    }

    [Theory]
    [InlineData("manager", true, false)]
    [InlineData("manager-b", false, true)]
    [InlineData("admin", true, true)]
    [InlineData("analyst", true, true)]
    public async Task Scorecard_shows_the_reps_in_scope(string user, bool seesA, bool seesB)
    {
        var (status, html, _) = await Page(user, "/scorecard");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<table id=\"scorecard\"", html, StringComparison.Ordinal);
        var reps = Attribute(html, "data-rep-id");
        Assert.Equal(seesA, reps.Contains(_world.RepA));
        Assert.Equal(seesB, reps.Contains(_world.RepB));

        using var ws = Open();
        var expected = Scorecard.For(ws, user switch
        {
            "manager" => new AccessScope(UserRole.Manager, _world.ManagerA),
            "manager-b" => new AccessScope(UserRole.Manager, _world.ManagerB),
            _ => new AccessScope(UserRole.Admin, null),
        });
        Assert.Equal(expected.Reps.Select(r => r.RepId), reps);
    }
}
