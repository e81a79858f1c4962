using System.Text.Json;
using Sightline.Cli.Verbs;
using Sightline.Tests.Access;

namespace Sightline.Tests.Cli;

/// <summary>The users and serve verbs. One class, so the replaced password input is never shared between tests running at once.</summary>
public sealed class UsersCliTests : IDisposable
{
    private readonly AccessWorld _world = new();
    private readonly string _dir;

    public UsersCliTests()
    {
        _dir = _world.Test.WorkspaceDirectory;

        // The CLI opens the workspace itself; DuckDB allows one process-wide open per file, which it shares.
        UsersVerb.CanPrompt = () => false;
    }

    public void Dispose()
    {
        UsersVerb.Input = () => Console.In;
        UsersVerb.CanPrompt = () => !Console.IsInputRedirected;
        _world.Dispose();
    }

    private (int Exit, string Out, string Err) Add(string stdin, params string[] args)
    {
        UsersVerb.Input = () => new StringReader(stdin);
        return Sightline.Tests.Support.Cli.Run(["users", "add", "--workspace", _dir, .. args]);
    }

    [Fact]
    public void Adds_a_user_from_stdin_and_lists_it_without_the_hash()
    {
        var (exit, output, error) = Add("a long password\n", "--name", "rita", "--role", "rep", "--rep-id", "R1", "--password-stdin");
        Assert.True(exit == 0, error);
        Assert.Equal("Added user rita (rep, rep R1); they see the accounts of rep R1's territories and the accounts it owns", output.Trim());

        var list = Sightline.Tests.Support.Cli.Run("users", "list", "--workspace", _dir, "--json");
        Assert.Equal(0, list.Exit);
        using var json = JsonDocument.Parse(list.Out);
        var user = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("rita", user.GetProperty("name").GetString());
        Assert.Equal("rep", user.GetProperty("role").GetString());
        Assert.Equal("R1", user.GetProperty("rep_id").GetString());
        Assert.DoesNotContain("pbkdf2", list.Out, StringComparison.Ordinal);
        Assert.NotNull(new Sightline.Access.UserStore(_world.Workspace).Verify("RITA", "a long password"));
    }

    [Theory]
    [InlineData("--role: value 'boss': not a role; expected one of admin, analyst, manager, rep", "--name", "x", "--role", "boss", "--password-stdin")]
    [InlineData("--rep-id: value 'R42': not a rep in the reps table; known reps include M1, M2, R1, R2, R3", "--name", "x", "--role", "rep", "--rep-id", "R42", "--password-stdin")]
    [InlineData("--rep-id: a rep must name the rep they are", "--name", "x", "--role", "rep", "--password-stdin")]
    [InlineData("password: the password has 5 characters; use at least 10", "--name", "x", "--role", "admin", "--password-stdin")]
    [InlineData("password: no terminal to type the password on; pipe it in with --password-stdin", "--name", "x", "--role", "admin")]
    public void Bad_input_exits_2_with_the_reason(string message, params string[] args)
    {
        var (exit, output, error) = Add("short\n", args);
        Assert.Equal(2, exit);
        Assert.StartsWith(message, error.Trim(), StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.Empty(new Sightline.Access.UserStore(_world.Workspace).List());
        Assert.Empty(UserAudit());
    }

    [Fact]
    public void An_empty_stdin_is_an_empty_password()
    {
        var (exit, _, error) = Add("", "--name", "x", "--role", "admin", "--password-stdin");
        Assert.Equal(2, exit);
        Assert.Equal("password: the password is empty", error.Trim());
    }

    [Fact]
    public void A_duplicate_name_exits_2()
    {
        Assert.Equal(0, Add("a long password\n", "--name", "Ana", "--role", "analyst", "--password-stdin").Exit);
        var (exit, _, error) = Add("a long password\n", "--name", "ana", "--role", "admin", "--password-stdin");
        Assert.Equal(2, exit);
        Assert.Equal("--name: value 'ana': a user of this name already exists (Ana, analyst); names are compared ignoring case", error.Trim());
    }

    private static string Actor => "os:" + Environment.UserName;

    private List<Sightline.Access.AuditEntry> UserAudit() =>
        [.. Sightline.Access.AuditLog.Recent(_world.Workspace, 100).Where(e => e.Action.StartsWith("user_", StringComparison.Ordinal))];

    /// <summary>The audit entries of removals and role changes, without the additions that set the scene.</summary>
    private List<Sightline.Access.AuditEntry> ChangeAudit() => [.. UserAudit().Where(e => e.Action != "user_added")];

    [Fact]
    public void Adds_a_user_and_audits_it()
    {
        Assert.Equal(0, Add("a long password\n", "--name", "boss", "--role", "admin", "--password-stdin").Exit);
        Assert.Equal(0, Add("a long password\n", "--name", "rita", "--role", "rep", "--rep-id", "R1", "--password-stdin").Exit);

        Assert.Equal([(Actor, "user_added", "rita", "rep R1"), (Actor, "user_added", "boss", "admin")],
            UserAudit().Select(e => (e.Actor, e.Action, e.Target, e.Detail)));
    }

    [Fact]
    public void Removes_a_user_and_audits_it()
    {
        Assert.Equal(0, Add("a long password\n", "--name", "boss", "--role", "admin", "--password-stdin").Exit);
        Assert.Equal(0, Add("a long password\n", "--name", "rita", "--role", "rep", "--rep-id", "R1", "--password-stdin").Exit);

        var (exit, output, error) = Sightline.Tests.Support.Cli.Run("users", "remove", "--workspace", _dir, "--name", "RITA");
        Assert.True(exit == 0, error);
        Assert.Equal("Removed user rita (rep, rep R1); their sign-ins no longer open the server", output.Trim());
        Assert.Equal(["boss"], new Sightline.Access.UserStore(_world.Workspace).List().Select(u => u.Name));
        var entry = Assert.Single(ChangeAudit());
        Assert.Equal((Actor, "user_removed", "rita", "rep R1"), (entry.Actor, entry.Action, entry.Target, entry.Detail));
    }

    [Fact]
    public void Changes_a_users_role_and_rep_and_audits_it()
    {
        Assert.Equal(0, Add("a long password\n", "--name", "boss", "--role", "admin", "--password-stdin").Exit);
        Assert.Equal(0, Add("a long password\n", "--name", "rita", "--role", "rep", "--rep-id", "R1", "--password-stdin").Exit);

        var (exit, output, error) = Sightline.Tests.Support.Cli.Run("users", "set-role", "--workspace", _dir, "--name", "rita", "--role", "manager", "--rep-id", "M1");
        Assert.True(exit == 0, error);
        Assert.StartsWith("rita is now manager, rep M1 (was rep, rep R1); they see ", output.Trim(), StringComparison.Ordinal);
        var rita = new Sightline.Access.UserStore(_world.Workspace).Find("rita")!;
        Assert.Equal((Sightline.Access.UserRole.Manager, "M1"), (rita.Role, rita.RepId));
        var entry = Assert.Single(ChangeAudit());
        Assert.Equal((Actor, "user_role_changed", "rita", "rep R1 -> manager M1"), (entry.Actor, entry.Action, entry.Target, entry.Detail));
    }

    [Theory]
    [InlineData("--name: value 'boss': the only admin, so it is not removed (the server would have nobody to read its audit log); add another admin first (sightline users add --role admin)",
        "remove", "--name", "boss")]
    [InlineData("--name: value 'boss': the only admin, so it keeps the admin role (the server would have nobody to read its audit log); add another admin first (sightline users add --role admin)",
        "set-role", "--name", "Boss", "--role", "analyst")]
    [InlineData("--name: value 'nobody': no such user; the users are boss, rita (sightline users list)", "remove", "--name", "nobody")]
    [InlineData("--name: value 'nobody': no such user; the users are boss, rita (sightline users list)", "set-role", "--name", "nobody", "--role", "analyst")]
    [InlineData("--role: value 'rep': rita is already rep R1; nothing to change", "set-role", "--name", "rita", "--role", "rep", "--rep-id", "R1")]
    [InlineData("--rep-id: value 'R1': an analyst sees every account and has no rep id; leave --rep-id out", "set-role", "--name", "rita", "--role", "analyst", "--rep-id", "R1")]
    [InlineData("--rep-id: a manager must name the rep they are", "set-role", "--name", "rita", "--role", "manager")]
    [InlineData("--role: value 'boss': not a role; expected one of admin, analyst, manager, rep", "set-role", "--name", "rita", "--role", "boss")]
    public void Removing_or_changing_wrongly_exits_2_and_changes_nothing(string message, string verb, params string[] args)
    {
        Assert.Equal(0, Add("a long password\n", "--name", "boss", "--role", "admin", "--password-stdin").Exit);
        Assert.Equal(0, Add("a long password\n", "--name", "rita", "--role", "rep", "--rep-id", "R1", "--password-stdin").Exit);
        var before = new Sightline.Access.UserStore(_world.Workspace).List();

        var (exit, output, error) = Sightline.Tests.Support.Cli.Run(["users", verb, "--workspace", _dir, .. args]);
        Assert.Equal(2, exit);
        Assert.StartsWith(message, error.Trim(), StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.Equal(before, new Sightline.Access.UserStore(_world.Workspace).List());
        Assert.Empty(ChangeAudit());
    }

    [Fact]
    public void The_last_admin_may_go_once_there_is_another()
    {
        Assert.Equal(0, Add("a long password\n", "--name", "boss", "--role", "admin", "--password-stdin").Exit);
        Assert.Equal(0, Add("a long password\n", "--name", "boss2", "--role", "admin", "--password-stdin").Exit);

        Assert.Equal(0, Sightline.Tests.Support.Cli.Run("users", "set-role", "--workspace", _dir, "--name", "boss", "--role", "analyst").Exit);
        var (exit, _, error) = Sightline.Tests.Support.Cli.Run("users", "remove", "--workspace", _dir, "--name", "boss2");
        Assert.Equal(2, exit);
        Assert.StartsWith("--name: value 'boss2': the only admin", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_on_a_folder_without_a_workspace_exits_2()
    {
        var missing = _world.Test.Files.File("nothing-here");
        var (exit, _, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", missing);
        Assert.Equal(2, exit);
        Assert.Contains("no workspace here", error, StringComparison.Ordinal);
    }
}
