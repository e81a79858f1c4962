using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sightline.Quality;

public static partial class QualityReporter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The report as indented JSON with snake_case property names and enum names.</summary>
    public static string ToJson(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, JsonOptions);
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static QualityReport FromJson(string json) =>
        JsonSerializer.Deserialize<QualityReport>(json, JsonOptions)
        ?? throw new JsonException("the JSON text holds null, not a quality report");
}
