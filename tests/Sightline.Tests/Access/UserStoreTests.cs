using Sightline.Access;
using Sightline.Tests.Support;

namespace Sightline.Tests.Access;

public sealed class UserStoreTests : IDisposable
{
    private readonly AccessWorld _world = new();

    public void Dispose() => _world.Dispose();

    private UserStore Store => new(_world.Workspace, FixedClock.Default);

    [Fact]
    public void Adds_and_verifies_users_with_case_insensitive_names()
    {
        var added = Store.Add("Rita.One", "REP", "R1", "correct horse battery", "os:tester");
        Assert.Equal(new UserAccount("Rita.One", UserRole.Rep, "R1", FixedClock.Default.GetUtcNow().UtcDateTime), added);
        Assert.Equal(added, Store.Verify("rita.one", "correct horse battery"));
        Assert.Null(Store.Verify("rita.one", "correct horse batterY"));
        Assert.Null(Store.Verify("nobody", "correct horse battery"));
        Store.Add("boss", "admin", null, "another long secret", "os:tester");
        Assert.Equal(["boss", "Rita.One"], Store.List().Select(u => u.Name));

        // Only a PBKDF2 hash is stored, never the password.
        var stored = _world.Test.Text("SELECT password_hash FROM users WHERE name = 'Rita.One'")!;
        Assert.StartsWith($"pbkdf2-sha256${PasswordHashing.Iterations}$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Hashes_are_salted_and_verify_only_the_same_password()
    {
        var first = PasswordHashing.Hash("the same password");
        var second = PasswordHashing.Hash("the same password");
        Assert.NotEqual(first, second);
        Assert.True(PasswordHashing.Verify("the same password", first));
        Assert.True(PasswordHashing.Verify("the same password", second));
        Assert.False(PasswordHashing.Verify("the same passwore", first));
        Assert.False(PasswordHashing.Verify("the same password", "pbkdf2-sha256$100000$not base64!$AAAA"));
        Assert.False(PasswordHashing.Verify("the same password", "md5$1$2$3"));
        Assert.True(PasswordHashing.Iterations >= 100_000);
    }

    [Theory]
    [InlineData("ana", "boss", null, "long enough pw", "--role", "not a role; expected one of admin, analyst, manager, rep")]
    [InlineData("ana", "rep", "R99", "long enough pw", "--rep-id", "not a rep in the reps table; known reps include M1, M2, R1, R2, R3")]
    [InlineData("ana", "manager", null, "long enough pw", "--rep-id", "a manager must name the rep they are")]
    [InlineData("ana", "analyst", "R1", "long enough pw", "--rep-id", "an analyst sees every account and has no rep id")]
    [InlineData("ana", "analyst", null, "", "password", "the password is empty")]
    [InlineData("ana", "analyst", null, "short", "password", "the password has 5 characters; use at least 10")]
    [InlineData("", "analyst", null, "long enough pw", "--name", "expected 1 to 64 letters")]
    [InlineData("ana lopez", "analyst", null, "long enough pw", "--name", "expected 1 to 64 letters")]
    public void Bad_input_is_refused_with_a_clear_message(string name, string role, string? rep, string password, string source, string message)
    {
        var error = Assert.Throws<BadInputException>(() => Store.Add(name, role, rep, password, "os:tester"));
        Assert.Equal(source, error.Diagnostics[0].File);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(Store.List());
    }

    [Fact]
    public void A_duplicate_name_is_refused_ignoring_case()
    {
        Store.Add("Ana", "analyst", null, "long enough pw", "os:tester");
        var error = Assert.Throws<BadInputException>(() => Store.Add("ANA", "admin", null, "another long pw", "os:tester"));
        Assert.Contains("a user of this name already exists (Ana, analyst)", error.Message, StringComparison.Ordinal);
        Assert.Single(Store.List());
    }

    [Fact]
    public void Audit_entries_are_read_back_newest_first()
    {
        AuditLog.Write(_world.Workspace, FixedClock.Default, "ana", "login", "token", "analyst from 127.0.0.1");
        AuditLog.Write(_world.Workspace, new FixedClock(FixedClock.Default.GetUtcNow().AddMinutes(1)), "ana", "login_failed", "cookie", "wrong password");
        Assert.Equal(["login_failed", "login"], AuditLog.Recent(_world.Workspace, 5).Select(e => e.Action));
        Assert.Equal(FixedClock.Default.GetUtcNow().UtcDateTime, AuditLog.Recent(_world.Workspace, 5)[1].At);
    }
}
