using System.CommandLine;
using System.Globalization;
using System.Text;
using Sightline.Access;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline users add</c>, <c>list</c>, <c>remove</c> and <c>set-role</c>: the server's users.</summary>
internal static class UsersVerb
{
    /// <summary>Where passwords are read from; tests replace it (the CLI reads the process's stdin).</summary>
    internal static Func<TextReader> Input { get; set; } = () => Console.In;

    /// <summary>Whether a person can type a password without echo; tests replace it.</summary>
    internal static Func<bool> CanPrompt { get; set; } = () => !Console.IsInputRedirected;

    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var name = new Option<string>("--name") { Description = "User name (letters, digits, . _ @ -; unique ignoring case)", Required = true };
        var role = new Option<string>("--role") { Description = "admin, analyst (see every account), manager (their team's) or rep (their own)", Required = true };
        var repId = new Option<string?>("--rep-id") { Description = "The rep this user is (rep_id in reps); required for managers and reps" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin instead of prompting" };
        var json = CommonOptions.Json();
        var add = new Command("add", $"""
            Add a server user (audited as user_added) with a PBKDF2-SHA256 password hash (at least {UserStore.MinPasswordLength} characters). Without
            --password-stdin the password is asked for twice on the terminal without echo.

            Examples:
              sightline users add --workspace ./demo --name ana --role analyst
              echo "$PASSWORD" | sightline users add --workspace ./demo --name r012 --role rep --rep-id R012 --password-stdin
            """) { workspace, name, role, repId, stdin, json };
        add.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var store = new UserStore(ws);
            store.Check(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(repId));
            var password = parse.GetValue(stdin) ? FromStdin() : Prompt(console);
            var user = store.Add(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(repId), password, Actor);
            return console.Result(parse.GetValue(json), user, u => console.Output.WriteLine(
                $"Added user {u.Name} ({UserRoles.Name(u.Role)}{(u.RepId is null ? "" : ", rep " + u.RepId)}); they see {AccessScope.For(u).Describe()}"));
        }));

        var listWorkspace = CommonOptions.Workspace();
        var listJson = CommonOptions.Json();
        var list = new Command("list", "List the server's users (never their password hashes).") { listWorkspace, listJson };
        list.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(listWorkspace)!, WorkspaceAccess.Read);
            var users = new UserStore(ws).List();
            return console.Result(parse.GetValue(listJson), users, us =>
            {
                var table = new Table().AddColumns("name", "role", "rep", "created (UTC)", "sees");
                foreach (var u in us)
                {
                    table.AddRow(Markup.Escape(u.Name), UserRoles.Name(u.Role), Markup.Escape(u.RepId ?? ""),
                        u.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(AccessScope.For(u).Describe()));
                }

                console.Ansi.Write(table);
                console.Output.WriteLine($"{us.Count} user{(us.Count == 1 ? "" : "s")}");
            });
        }));
        var removeWorkspace = CommonOptions.Workspace();
        var removeName = new Option<string>("--name") { Description = "The user to remove (any case)", Required = true };
        var removeJson = CommonOptions.Json();
        var remove = new Command("remove", """
            Remove a server user (audited as user_removed); the only admin is not removed. The server holds the
            workspace, so stop it first; once it runs again, the user's tokens and cookies are refused.

            Example:
              sightline users remove --workspace ./demo --name david
            """) { removeWorkspace, removeName, removeJson };
        remove.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(removeWorkspace)!);
            var user = new UserStore(ws).Remove(parse.GetValue(removeName)!, Actor);
            return console.Result(parse.GetValue(removeJson), user, u => console.Output.WriteLine(
                $"Removed user {u.Name} ({UserRoles.Name(u.Role)}{(u.RepId is null ? "" : ", rep " + u.RepId)}); their sign-ins no longer open the server"));
        }));

        var roleWorkspace = CommonOptions.Workspace();
        var roleName = new Option<string>("--name") { Description = "The user whose role changes (any case)", Required = true };
        var newRole = new Option<string>("--role") { Description = "admin, analyst, manager or rep", Required = true };
        var newRep = new Option<string?>("--rep-id") { Description = "The rep this user is (rep_id in reps); required for managers and reps, refused for the others" };
        var roleJson = CommonOptions.Json();
        var setRole = new Command("set-role", """
            Give a server user another role, or another rep id (audited as user_role_changed); the only admin keeps the
            admin role. The server holds the workspace, so stop it first; once it runs again, the user's tokens and
            cookies (which carry the old role) are refused and the user signs in again.

            Examples:
              sightline users set-role --workspace ./demo --name david --role manager --rep-id R00011
              sightline users set-role --workspace ./demo --name ana --role admin
            """) { roleWorkspace, roleName, newRole, newRep, roleJson };
        setRole.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(roleWorkspace)!);
            var (before, after) = new UserStore(ws).ChangeRole(parse.GetValue(roleName)!, parse.GetValue(newRole)!, parse.GetValue(newRep), Actor);
            return console.Result(parse.GetValue(roleJson), after, u => console.Output.WriteLine(
                $"{u.Name} is now {UserRoles.Name(u.Role)}{(u.RepId is null ? "" : ", rep " + u.RepId)} (was {UserRoles.Name(before.Role)}{(before.RepId is null ? "" : ", rep " + before.RepId)}); "
                + $"they see {AccessScope.For(u).Describe()} once they sign in again"));
        }));
        return new Command("users", "Manage the server's users (see 'sightline users add --help').") { add, list, remove, setRole };
    }

    private static string Actor => UserStore.CommandLineActor;

    private static string FromStdin()
    {
        var line = Input().ReadLine();
        return line is null ? "" : line.TrimEnd('\r', '\n');
    }

    private static string Prompt(CliConsole console)
    {
        if (!CanPrompt())
        {
            throw new BadInputException("password",
                "no terminal to type the password on; pipe it in with --password-stdin (for example: printf '%s\\n' \"$PASSWORD\" | sightline users add ... --password-stdin)");
        }

        var first = ReadHidden(console, "Password: ");
        var second = ReadHidden(console, "Repeat password: ");
        if (!string.Equals(first, second, StringComparison.Ordinal))
        {
            throw new BadInputException("password", "the two passwords differ");
        }

        return first;
    }

    private static string ReadHidden(CliConsole console, string prompt)
    {
        console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        console.Error.WriteLine();
        return text.ToString();
    }
}
