using System.CommandLine;

namespace Sightline.Cli.Verbs;

/// <summary>Options every verb shares.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON on stdout" };

    public static Option<string> Workspace(bool required = true) => new("--workspace", "-w")
    {
        Description = "Workspace folder (holds sightline.duckdb and sightline.yaml)",
        Required = required,
    };
}
