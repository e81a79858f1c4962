using Sightline.Tests.Models;
using Xunit.Abstractions;

namespace Sightline.Tests.EndToEnd;

/// <summary>Signing in through the form in a real browser: refused with a message, accepted onto the dashboard, and back to the page asked for.</summary>
[Collection(ScoredDemoCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SignInTests : IClassFixture<ChromiumFixture>
{
    private readonly Browser _browser;
    private readonly ITestOutputHelper _output;

    public SignInTests(ScoredDemoFixture demo, ChromiumFixture chromium, ITestOutputHelper output)
    {
        var world = BrowserWorld.Get(demo);
        _browser = chromium.For(world.BaseUrl, "browser");
        _output = output;
    }

    [Fact]
    public void SignIn_WrongPassword_ShowsTheErrorAndStaysOnTheForm()
    {
        var scenario = Start(nameof(SignIn_WrongPassword_ShowsTheErrorAndStaysOnTheForm));
        scenario.Run(() =>
        {
            _browser.SignIn("rep", "not the password at all");

            Assert.Contains("wrong password", _browser.TextOf("#login-error"), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("/login", new Uri(_browser.Driver.Url).AbsolutePath);
            scenario.Shot(_browser, "wrong-password");
        });
    }

    [Fact]
    public void SignIn_RightPassword_LandsOnTheDashboard()
    {
        var scenario = Start(nameof(SignIn_RightPassword_LandsOnTheDashboard));
        scenario.Run(() =>
        {
            _browser.Go("/login");
            scenario.Shot(_browser, "sign-in-form");
            _browser.SignIn("rep", BrowserWorld.Password, openLoginPage: false);

            _browser.WaitForPath("/");
            Assert.False(string.IsNullOrWhiteSpace(_browser.TextOf("#page-title")));
            Assert.StartsWith("rep ·", _browser.TextOf("#signed-in-as"), StringComparison.Ordinal);
            scenario.Shot(_browser, "dashboard");
        });
    }

    [Fact]
    public void SignedOut_OpeningMyList_SignsInFirstAndComesBack()
    {
        var scenario = Start(nameof(SignedOut_OpeningMyList_SignsInFirstAndComesBack));
        scenario.Run(() =>
        {
            _browser.Go("/list");

            _browser.WaitForPath("/login");
            Assert.Contains("returnurl=%2flist", _browser.PathAndQuery, StringComparison.OrdinalIgnoreCase);
            scenario.Shot(_browser, "sent-to-sign-in");
            _browser.SignIn("rep", BrowserWorld.Password, openLoginPage: false);
            _browser.WaitForPath("/list");
            _browser.FindAll("tr[data-account-id]");
            scenario.Shot(_browser, "back-on-my-list");
        });
    }

    private Scenario Start(string test)
    {
        _browser.ForgetSession();
        var scenario = new Scenario(test, _output);
        scenario.Use(_browser);
        return scenario;
    }
}
