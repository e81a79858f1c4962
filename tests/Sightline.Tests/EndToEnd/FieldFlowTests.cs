using OpenQA.Selenium;
using Sightline.Access;
using Sightline.Tests.Models;
using Xunit.Abstractions;

namespace Sightline.Tests.EndToEnd;

/// <summary>
/// The field flow in real browsers: a rep signs in, records an outcome and asks for an override on "My list"; its
/// manager, in a browser of their own, approves the override; the workspace then holds both, by the right users, and
/// the audit log says so. And a rep typing another territory's account address is told there is no such account.
/// </summary>
[Collection(ScoredDemoCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FieldFlowTests : IClassFixture<ChromiumFixture>
{
    private const string OutcomeReason = "signed a two-year order after the pilot";
    private const string OverrideReason = "new CIO wants a security review this quarter";

    private readonly BrowserWorld _world;
    private readonly Browser _rep;
    private readonly ITestOutputHelper _output;

    public FieldFlowTests(ScoredDemoFixture demo, ChromiumFixture chromium, ITestOutputHelper output)
    {
        _world = BrowserWorld.Get(demo);
        _rep = chromium.For(_world.BaseUrl, "rep");
        _output = output;
    }

    [Fact]
    public void MyList_RepRecordsOutcomeAndOverride_ManagerApproves()
    {
        var scenario = new Scenario(nameof(MyList_RepRecordsOutcomeAndOverride_ManagerApproves), _output);
        scenario.Use(_rep);
        scenario.Run(() =>
        {
            _rep.ForgetSession();
            _rep.SignIn("rep", BrowserWorld.Password);
            _rep.WaitForPath("/");
            scenario.Shot(_rep, "signed-in");

            _rep.Go("/list");
            var rows = _rep.Attributes("tr[data-account-id]", "data-account-id", atLeast: 2);
            var (won, promoted) = (rows[0], rows[1]);
            scenario.Shot(_rep, "my-list");

            _rep.Click($"tr[data-account-id='{won}'] button[data-action='outcome']");
            _rep.Select("#outcome-kind", "won");
            _rep.Type("#outcome-reason", OutcomeReason);
            _rep.ScrollTo("#outcome-reason");
            scenario.Shot(_rep, "outcome-form");
            _rep.Click("#outcome-save");
            var outcomeMessage = _rep.TextOf("#action-message");
            Assert.Contains("recorded for", outcomeMessage, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(won, outcomeMessage, StringComparison.Ordinal);
            _rep.ScrollTo("#action-message");
            scenario.Shot(_rep, "outcome-recorded");

            _rep.Click($"tr[data-account-id='{promoted}'] button[data-action='override']");
            _rep.Select("#override-kind", "promote");
            _rep.Type("#override-reason", "because");
            _rep.Click("#override-save");
            Assert.Contains("reason", _rep.TextOf("#action-message"), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("because", _rep.Find("#override-reason").GetDomProperty("value"));
            _rep.ScrollTo("#action-message");
            scenario.Shot(_rep, "override-reason-too-short");
            _rep.Type("#override-reason", OverrideReason);
            _rep.ScrollTo("#override-reason");
            scenario.Shot(_rep, "override-form");
            _rep.Click("#override-save");
            var overrideMessage = _rep.Until(d => _rep.TextOf("#action-message") is var text && text.Contains("approval", StringComparison.OrdinalIgnoreCase) ? text : null,
                "the override's message");
            Assert.Contains(promoted, overrideMessage, StringComparison.Ordinal);
            _rep.ScrollTo("#action-message");
            scenario.Shot(_rep, "override-requested");

            var manager = scenario.Open(_world.BaseUrl, "manager");
            manager.SignIn("manager", BrowserWorld.Password);
            manager.WaitForPath("/");
            manager.Go("/approvals");
            var request = manager.Until(d => d.FindElements(By.CssSelector("tr[data-override-id]"))
                .SingleOrDefault(r => r.Text.Contains(promoted, StringComparison.Ordinal))?.GetAttribute("data-override-id"), $"the request for {promoted}");
            var row = $"tr[data-override-id='{request}']";
            Assert.Equal("pending", manager.TextOf($"{row} [data-status]").Trim());
            scenario.Shot(manager, "approvals");
            manager.Click($"{row} button[data-action='approve']");
            manager.Until(d => manager.TextOf($"{row} [data-status]").Trim() == "approved" ? true : (bool?)null, "the override to show approved");
            Assert.False(string.IsNullOrWhiteSpace(manager.TextOf("#action-message")));
            scenario.Shot(manager, "approved");

            // What the browsers did is in the workspace, by the right users (read with the core, not the pages).
            var admin = new AccessScope(UserRole.Admin, null);
            var outcome = Assert.Single(_world.Read(ws => Actions.AccountOutcomes(ws, admin, won))!);
            Assert.Equal(("won", OutcomeReason, "rep", _world.RepA), (outcome.Outcome, outcome.Reason, outcome.RecordedBy, outcome.RepId));
            var decided = Assert.Single(_world.Read(ws => Actions.Overrides(ws, admin, null)), o => o.OverrideId == request);
            Assert.Equal((promoted, "promote", OverrideReason, "rep", _world.RepA, "approved", "manager"),
                (decided.AccountId, decided.Action, decided.Reason, decided.RequestedBy, decided.RepId, decided.Status, decided.DecidedBy));
            var audit = _world.Read(ws => AuditLog.Recent(ws, 1000));
            Assert.Contains(audit, e => e.Action == "login" && e.Actor == "rep" && e.Target == "cookie");
            Assert.Contains(audit, e => e.Action == "login" && e.Actor == "manager" && e.Target == "cookie");
            Assert.Contains(audit, e => e.Action == "outcome" && e.Actor == "rep" && e.Target == won && e.Detail == $"won: {OutcomeReason}");
            Assert.Contains(audit, e => e.Action == "override_requested" && e.Actor == "rep" && e.Target == promoted && e.Detail == $"promote: {OverrideReason}");
            Assert.Contains(audit, e => e.Action == "override_approved" && e.Actor == "manager" && e.Target == promoted);
        });
    }

    [Fact]
    public void AccountPage_AnotherTerritorysAccount_SaysNoSuchAccount()
    {
        var scenario = new Scenario(nameof(AccountPage_AnotherTerritorysAccount_SaysNoSuchAccount), _output);
        scenario.Use(_rep);
        scenario.Run(() =>
        {
            _rep.ForgetSession();
            _rep.SignIn("rep", BrowserWorld.Password);
            _rep.WaitForPath("/");

            _rep.Go($"/accounts/{_world.AccountOfRepA()}");
            Assert.False(string.IsNullOrWhiteSpace(_rep.TextOf("#account-name")));
            scenario.Shot(_rep, "own-account");

            var outside = _world.AccountOutsideRepA();
            var outsideName = _world.Read(ws => ws.Strings($"SELECT name FROM accounts WHERE account_id = {Sql.Literal(outside)}")[0]);
            _rep.Go($"/accounts/{outside}");
            _rep.WaitForText("No such account");
            Assert.Empty(_rep.Driver.FindElements(By.Id("account-name")));
            Assert.DoesNotContain(outsideName, _rep.Driver.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
            scenario.Shot(_rep, "other-territory");
        });
    }
}
