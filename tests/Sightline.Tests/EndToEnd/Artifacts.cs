using System.Text;

namespace Sightline.Tests.EndToEnd;

/// <summary>Where the browser tests leave their screenshots: <c>SIGHTLINE_ARTIFACTS</c>, else artifacts/e2e next to the test assembly.</summary>
public static class Artifacts
{
    private static readonly Lazy<string> Created = new(() =>
    {
        var folder = Environment.GetEnvironmentVariable("SIGHTLINE_ARTIFACTS") is { Length: > 0 } set
            ? Path.GetFullPath(set)
            : Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e");
        Directory.CreateDirectory(folder);
        return folder;
    });

    /// <summary>The folder, created on first use.</summary>
    public static string Folder => Created.Value;

    /// <summary>A name safe in a file name: letters, digits and dashes.</summary>
    public static string Safe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return text.ToString().Trim('-');
    }
}
