using System.CommandLine;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline init DIR</c>.</summary>
internal static class InitVerb
{
    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("DIR") { Description = "Folder for the new workspace (created if missing)" };
        var json = CommonOptions.Json();
        var command = new Command("init", """
            Create a workspace: DIR/sightline.duckdb and a commented DIR/sightline.yaml.

            Example:
              sightline init ./acme
            """) { directory, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var workspace = Workspace.Init(parse.GetValue(directory)!);
            var result = new { workspace = workspace.Directory, schema_version = workspace.SchemaVersion, project_file = Path.Combine(workspace.Directory, ProjectSettings.FileName) };
            if (parse.GetValue(json))
            {
                console.WriteJson(result);
            }
            else
            {
                console.Output.WriteLine($"Created workspace {workspace.Directory} (schema version {workspace.SchemaVersion}).");
                console.Output.WriteLine($"Edit {result.project_file} to map your CRM's columns; then: sightline import --workspace {parse.GetValue(directory)} FILES...");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
