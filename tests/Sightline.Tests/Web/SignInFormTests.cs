using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Sightline.Server;
using Sightline.Tests.Models;
using Sightline.Tests.Server;

namespace Sightline.Tests.Web;

/// <summary>The browser sign-in: pages redirect to the form, the form needs its antiforgery token, and sends users back only within the site.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed partial class SignInFormTests(ScoredDemoFixture demo) : IDisposable
{
    private readonly ServerWorld _world = ServerWorld.Get(demo);
    private readonly WebApplicationFactory<global::Sightline.Server.Program> _factory = ServerWorld.Get(demo).CreateFactory(perName: 1000, perAddress: 10_000);

    [Fact]
    public async Task A_page_sends_an_anonymous_browser_to_sign_in_but_the_api_answers_401()
    {
        using var browser = Browser();
        using var page = await browser.GetAsync(new Uri("/?tab=bands", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2F%3Ftab%3Dbands", page.Headers.Location!.PathAndQuery);

        using var api = await browser.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_form_signs_in_returns_to_the_page_asked_for_and_signs_out()
    {
        using var browser = Browser();
        var token = await FormToken(browser, "/login?ReturnUrl=%2Faccounts");

        using var signIn = await PostForm(browser, token, "analyst", ServerWorld.Password, "/accounts");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/accounts", signIn.Headers.Location!.OriginalString);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sightline=", StringComparison.Ordinal));

        var home = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("analyst · analyst", home, StringComparison.Ordinal);
        Assert.Contains(_world.Audit(), e => e.Actor == "analyst" && e.Action == "login" && e.Target == "cookie");

        // Sign out needs the antiforgery token the layout renders.
        using var signOut = await browser.PostAsync(new Uri("/account/logout", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", Token(home))]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(WebApp.LoginPath, signOut.Headers.Location!.OriginalString);
        using var after = await browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_comes_back_to_the_form_with_the_reason_and_no_cookie()
    {
        using var browser = Browser();
        var token = await FormToken(browser, "/login");
        using var signIn = await PostForm(browser, token, "rep", "not the password", "/list");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sightline=", StringComparison.Ordinal)));
        var back = signIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/login?error=", back, StringComparison.Ordinal);
        var form = await browser.GetStringAsync(new Uri(back, UriKind.Relative));
        Assert.Contains("unknown name or wrong password", form, StringComparison.Ordinal);
        Assert.Contains("name=\"returnUrl\" value=\"/list\"", form, StringComparison.Ordinal);
        Assert.Contains(_world.Audit(), e => e.Actor == "rep" && e.Action == "login_failed" && e.Target == "cookie");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var browser = Browser();
        using var signIn = await browser.PostAsync(new Uri("/account/login", UriKind.Relative),
            new FormUrlEncodedContent([new("name", "admin"), new("password", ServerWorld.Password)]));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie") && signIn.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("sightline=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("https://elsewhere.example/phish")]
    [InlineData("//elsewhere.example/phish")]
    [InlineData("/\\elsewhere.example")]
    [InlineData("")]
    public async Task Sign_in_never_sends_the_browser_off_the_site(string returnUrl)
    {
        using var browser = Browser();
        var token = await FormToken(browser, "/login");
        using var signIn = await PostForm(browser, token, "admin", ServerWorld.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    public void Dispose() => _factory.Dispose();

    private HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> FormToken(HttpClient browser, string page) => Token(await browser.GetStringAsync(new Uri(page, UriKind.Relative)));

    private static string Token(string html) => AntiforgeryField().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new Xunit.Sdk.XunitException("the page has no antiforgery token");

    private static Task<HttpResponseMessage> PostForm(HttpClient browser, string token, string name, string password, string returnUrl) =>
        browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("name", name), new("password", password), new("returnUrl", returnUrl),
        ]));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
