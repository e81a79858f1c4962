using System.CommandLine;
using Sightline.Server;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline serve --workspace DIR [--urls URL]</c>: the REST API (and later the web app) on a workspace.</summary>
internal static class ServeVerb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var urls = new Option<string>("--urls") { Description = "Where to listen (semicolon-separated URLs)", DefaultValueFactory = _ => DefaultUrls };
        var command = new Command("serve", $"""
            Start the Sightline server on a workspace: the REST API under /api (bearer tokens from POST /api/auth/token,
            or the session cookie from POST /api/auth/login), the OpenAPI document at /openapi/v1.json and interactive
            docs at /docs. Every answer is limited to what the signed-in user may see. Add users first with
            'sightline users add'. The server holds the workspace open: run other verbs after stopping it (Ctrl+C).

            Examples:
              sightline serve --workspace ./demo
              sightline serve --workspace ./demo --urls http://0.0.0.0:8080
            """) { workspace, urls };
        command.SetAction(parse => console.Guard(() =>
        {
            var directory = Path.GetFullPath(parse.GetValue(workspace)!);
            int users;
            using (var ws = Workspace.Open(directory))
            {
                users = new Access.UserStore(ws).List().Count;
            }

            var at = parse.GetValue(urls)!;
            console.Output.WriteLine($"Sightline server for {directory} on {at} (API docs at {at.Split(';')[0].TrimEnd('/')}/docs); Ctrl+C stops it");
            if (users == 0)
            {
                console.Output.WriteLine("note: the workspace has no users yet, so nobody can sign in; add one with: sightline users add --workspace DIR --name NAME --role admin");
            }

            global::Sightline.Server.Program.Main([$"--{WorkspaceHost.WorkspaceSetting}={directory}", $"--urls={at}"]);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
