using Sightline.Cli;

namespace Sightline.Tests.Support;

/// <summary>Runs the CLI in process and captures what it writes.</summary>
public static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = SightlineCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>What stderr says without the notes a failed import prints before its problems (the files as read).</summary>
    public static string WithoutNotes(string stderr) =>
        string.Join("\n", stderr.Trim().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.StartsWith("note: ", StringComparison.Ordinal)));
}
