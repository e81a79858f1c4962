using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Access;
using Sightline.Server;
using Sightline.Tests.Models;

namespace Sightline.Tests.Server;

/// <summary>Token and cookie sign-in, wrong passwords, the audit log and the login limits.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class AuthTests(ScoredDemoFixture demo)
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);

    [Fact]
    public async Task A_bearer_token_signs_in_and_is_audited()
    {
        using var anonymous = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { name = "ANALYST", password = ServerWorld.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", token.RootElement.GetProperty("tokenType").GetString());
        Assert.Equal(8 * 3600, token.RootElement.GetProperty("expiresIn").GetInt64());

        // Nothing accepts a refresh token, so none is handed out (clients relied on one that never worked).
        Assert.False(token.RootElement.TryGetProperty("refreshToken", out _));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        using var me = JsonDocument.Parse(await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal("analyst", me.RootElement.GetProperty("name").GetString());
        Assert.Equal("analyst", me.RootElement.GetProperty("role").GetString());
        Assert.Equal("every account", me.RootElement.GetProperty("scope").GetString());

        // The scheme's name is case-insensitive (RFC 9110): "bearer" was 401.
        using var lowerCase = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        lowerCase.Headers.TryAddWithoutValidation("Authorization", "bearer " + token.RootElement.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(lowerCase)).StatusCode);

        var entry = _world.Audit().First(e => e.Actor == "analyst" && e.Action == "login");
        Assert.Equal("token", entry.Target);
        Assert.StartsWith("analyst from ", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_signs_in_until_logout()
    {
        using var browser = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { name = "manager", password = ServerWorld.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("sightline=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var me = JsonDocument.Parse(await browser.GetStringAsync(new Uri("/api/auth/me", UriKind.Relative)));
        Assert.Equal("manager", me.RootElement.GetProperty("role").GetString());
        Assert.Equal(_world.ManagerA, me.RootElement.GetProperty("repId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/lists/me", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        Assert.Contains(_world.Audit(), e => e.Actor == "manager" && e.Action == "login" && e.Target == "cookie");
        Assert.Contains(_world.Audit(), e => e.Actor == "manager" && e.Action == "logout");
    }

    [Fact]
    public async Task A_forged_or_garbled_token_is_401()
    {
        using var client = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", "CfDJ8-not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/accounts", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_401_problem_details_and_audited()
    {
        using var client = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { name = "rep-b", password = "not the password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Login failed", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("unknown name or wrong password", problem.RootElement.GetProperty("detail").GetString());
        var entry = _world.Audit().First(e => e.Actor == "rep-b" && e.Action == "login_failed");
        Assert.Equal("token", entry.Target);
        Assert.StartsWith("unknown name or wrong password, from ", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logins_for_one_name_are_limited_then_429()
    {
        using var client = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        const string name = "guessed-name";
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/token", new { name, password = $"guess {i}" })).StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/login", new { name = name.ToUpperInvariant(), password = "guess 6" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Too many login attempts", problem.RootElement.GetProperty("title").GetString());
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1.0, 60.0);
        Assert.Equal(5, _world.Audit().Count(e => e.Actor == name && e.Action == "login_failed"));
        Assert.Single(_world.Audit(), e => e.Actor == name.ToUpperInvariant() && e.Action == "login_throttled");

        // Other names are not held back by it.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { name = "rep", password = ServerWorld.Password })).StatusCode);
    }

    [Fact]
    public async Task Logins_from_one_address_are_limited_then_429()
    {
        using var factory = _world.CreateFactory(perName: 100, perAddress: 3);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/token", new { name = $"spray-{i}", password = "guess" })).StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/token", new { name = "admin", password = ServerWorld.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1.0, 60.0);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("too many login attempts from this address; wait a minute and try again", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_name_longer_than_any_user_name_is_400_and_audited_cut_short()
    {
        using var client = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var name = "flood-" + new string('x', 100_000);

        using var refused = await client.PostAsJsonAsync("/api/auth/token", new { name, password = "p" });
        using var nul = await client.PostAsJsonAsync("/api/auth/token", new { name = "nul\0name", password = "p" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized), (refused.StatusCode, nul.StatusCode));
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("a user name has at most 64 characters and a password at most 1,024", problem.RootElement.GetProperty("detail").GetString());
        var entry = Assert.Single(_world.Audit(), e => e.Action == "login_failed" && (e.Actor ?? "").StartsWith("flood-", StringComparison.Ordinal));
        Assert.Equal("flood-" + new string('x', 58), entry.Actor);
        Assert.StartsWith("name of 100,006 or password of 1 characters, too long, from ", entry.Detail, StringComparison.Ordinal);
        Assert.Single(_world.Audit(), e => e.Action == "login_failed" && e.Actor == "nul\\u0000name");
    }

    [Fact]
    public async Task A_token_opens_only_the_workspace_that_minted_it_and_survives_a_restart()
    {
        using var dir = new Sightline.Tests.Support.TempDirectory();
        var other = dir.File("other");
        ServerWorld.Populate(demo.Workspace, other);
        using var otherServer = ServerWorld.CreateFactory(other, perName: 100, perAddress: 10_000);
        using var restarted = _world.CreateFactory(perName: 100, perAddress: 10_000);
        using var minted = _world.Client("admin");
        var token = minted.DefaultRequestHeaders.Authorization;

        async Task<HttpStatusCode> Me(WebApplicationFactory<Sightline.Server.Program> server)
        {
            using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            client.DefaultRequestHeaders.Authorization = token;
            return (await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode;
        }

        // An admin of a scratch workspace was admin of every server run by the same OS user (one key ring for all).
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(otherServer));
        Assert.Equal(HttpStatusCode.OK, await Me(restarted));
        Assert.True(System.IO.Directory.Exists(Sightline.Server.SightlineHost.KeyDirectory(other)));
    }

    [Fact]
    public async Task A_cookie_saved_before_logout_and_a_logged_out_token_are_401()
    {
        using var browser = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { name = "analyst", password = ServerWorld.Password });
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];

        async Task<HttpStatusCode> Send(string path, HttpMethod method, string? bearer = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (bearer is null)
            {
                request.Headers.Add("Cookie", cookie);
            }
            else
            {
                request.Headers.Authorization = new("Bearer", bearer);
            }

            return (await browser.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Send("/api/auth/me", HttpMethod.Get));
        Assert.Equal(HttpStatusCode.OK, await Send("/api/auth/logout", HttpMethod.Post));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send("/api/auth/me", HttpMethod.Get));

        using var tokenResponse = await browser.PostAsJsonAsync("/api/auth/token", new { name = "analyst", password = ServerWorld.Password });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, await Send("/api/auth/me", HttpMethod.Get, token));
        Assert.Equal(HttpStatusCode.OK, await Send("/api/auth/logout", HttpMethod.Post, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send("/api/auth/me", HttpMethod.Get, token));
    }

    [Fact]
    public async Task A_token_of_a_user_deleted_since_is_401()
    {
        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            new UserStore(ws).Add("leaver", "analyst", null, ServerWorld.Password, "os:tester");
        }

        using var client = _world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var tokenResponse = await client.PostAsJsonAsync("/api/auth/token", new { name = "leaver", password = ServerWorld.Password });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using (var ws = _world.Factory.Services.GetRequiredService<WorkspaceHost>().Open())
        {
            ws.Execute("DELETE FROM users WHERE name_key = 'leaver'");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts");
        request.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }
}
