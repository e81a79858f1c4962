using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Configuration;
using Sightline.Access;
using Sightline.Server;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Server;

/// <summary>
/// A token or cookie opens the server only while its user exists with the role it was issued for and its session was
/// not logged out: a deleted user's 8-hour token used to keep working.
/// </summary>
public sealed class SessionValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly WorkspaceHost _host;
    private readonly MovableClock _clock = new(FixedClock.Default.GetUtcNow());

    public SessionValidatorTests()
    {
        using (var ws = Workspace.Init(_dir.File("ws")))
        {
            var store = new UserStore(ws, _clock);
            store.Add("ana", "analyst", null, "analyst-long-password", "os:tester");
            store.Add("boss", "admin", null, "admin-long-password1", "os:tester");
        }

        _host = new WorkspaceHost(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [WorkspaceHost.WorkspaceSetting] = _dir.File("ws") }).Build());
    }

    public void Dispose()
    {
        _host.Dispose();
        _dir.Dispose();
    }

    private ClaimsPrincipal SignedIn(string name, UserRole role) =>
        Caller.Principal(new UserAccount(name, role, null, default), BearerTokenDefaults.AuthenticationScheme);

    private void Execute(string sql)
    {
        using var ws = _host.Open();
        ws.Execute(sql);
    }

    [Fact]
    public void IsCurrent_DeletedUser_IsRefusedOnceTheCacheExpires()
    {
        var validator = new SessionValidator(_host, _clock);
        var ana = SignedIn("ana", UserRole.Analyst);
        Assert.True(validator.IsCurrent(ana));

        Execute("DELETE FROM users WHERE name_key = 'ana'");
        Assert.True(validator.IsCurrent(ana));   // read at most every 30 seconds
        _clock.Now += SessionValidator.CacheFor;

        Assert.False(validator.IsCurrent(ana));
        Assert.Equal(TimeSpan.FromSeconds(30), SessionValidator.CacheFor);
    }

    [Fact]
    public void IsCurrent_UserWhoseRoleChanged_IsRefused()
    {
        var validator = new SessionValidator(_host, _clock);
        var boss = SignedIn("boss", UserRole.Admin);
        Execute("UPDATE users SET role = 'analyst' WHERE name_key = 'boss'");

        Assert.False(validator.IsCurrent(boss));
        Assert.True(validator.IsCurrent(SignedIn("BOSS", UserRole.Analyst)));   // a new sign-in carries the new role
    }

    [Fact]
    public void IsCurrent_UserRemovedOrGivenAnotherRoleThroughTheStore_IsRefusedOnceTheCacheExpires()
    {
        using (var ws = _host.Open())
        {
            new UserStore(ws, _clock).Add("rita", "analyst", null, "analyst-long-password", "os:tester");
        }

        var validator = new SessionValidator(_host, _clock);
        var ana = SignedIn("ana", UserRole.Analyst);
        var rita = SignedIn("rita", UserRole.Analyst);
        Assert.True(validator.IsCurrent(ana) && validator.IsCurrent(rita));

        using (var ws = _host.Open())
        {
            var store = new UserStore(ws, _clock);
            store.Remove("ANA", "os:test");
            store.ChangeRole("rita", "admin", null, "os:test");
        }

        Assert.True(validator.IsCurrent(ana) && validator.IsCurrent(rita));   // read at most every 30 seconds
        _clock.Now += SessionValidator.CacheFor;

        Assert.False(validator.IsCurrent(ana));
        Assert.False(validator.IsCurrent(rita));
        Assert.True(validator.IsCurrent(SignedIn("rita", UserRole.Admin)));
    }

    [Fact]
    public void IsCurrent_UnknownUser_IsRefused()
    {
        Assert.False(new SessionValidator(_host, _clock).IsCurrent(SignedIn("mallory", UserRole.Admin)));
    }

    [Fact]
    public void LogOut_EndsThatSessionOnly_AtOnceHere_AndOnAnotherServerFromTheAuditLog()
    {
        var validator = new SessionValidator(_host, _clock);
        var first = SignedIn("ana", UserRole.Analyst);
        var second = SignedIn("ana", UserRole.Analyst);
        Assert.True(validator.IsCurrent(first));

        using (var ws = _host.Open())
        {
            validator.LogOut(first, ws);
        }

        Assert.False(validator.IsCurrent(first));
        Assert.True(validator.IsCurrent(second));

        // Another server on the workspace (or this one restarted) reads the logout back from the audit log.
        var restarted = new SessionValidator(_host, _clock);
        Assert.False(restarted.IsCurrent(first));
        Assert.True(restarted.IsCurrent(second));
        using var check = _host.Open();
        var entry = AuditLog.Recent(check, 10).First(e => e.Action == "logout");
        Assert.Equal(("ana", "token", "session " + first.FindFirstValue(SessionValidator.SessionClaim)), (entry.Actor, entry.Target, entry.Detail));
    }

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
