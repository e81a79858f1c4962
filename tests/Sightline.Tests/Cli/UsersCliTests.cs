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

    [Fact]
    public void Serve_on_a_folder_without_a_workspace_exits_2()
    {
        var missing = _world.Test.Files.File("nothing-here");
        var (exit, _, error) = Sightline.Tests.Support.Cli.Run("serve", "--workspace", missing);
        Assert.Equal(2, exit);
        Assert.Contains("no workspace here", error, StringComparison.Ordinal);
    }
}
