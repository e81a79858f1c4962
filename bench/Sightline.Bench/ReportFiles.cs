using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sightline.Bench;

/// <summary>Every benchmark writes its report twice: Markdown for people, and the same numbers as JSON beside it for tools.</summary>
internal static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(T result, string markdownPath, string markdown)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(markdownPath)!);
        File.WriteAllText(markdownPath, markdown);
        File.WriteAllText(Path.ChangeExtension(markdownPath, ".json"), JsonSerializer.Serialize(result, Json) + "\n");
    }
}
