using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sightline.Server;

/// <summary>
/// Writes every instant the API returns in one form: UTC, ISO 8601 with <c>Z</c>, to the microsecond the database keeps
/// (<c>2026-12-07T06:41:05.039547Z</c>). A created override answered <c>...05.0395479Z</c> but read back as
/// <c>...05.039547</c> with no zone, which a client takes for its local time; jobs wrote <c>+00:00</c>. A
/// <see cref="DateTime"/> of unspecified kind is not an instant the workspace stamped (the database's TIMESTAMP columns
/// are read as UTC, see DbRows) and is written as before.
/// </summary>
public static class InstantJson
{
    /// <summary>Adds the converters to serializer options.</summary>
    public static JsonSerializerOptions Use(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new DateTimeConverter());
        options.Converters.Add(new DateTimeOffsetConverter());
        return options;
    }

    /// <summary>The instant in UTC, cut to whole microseconds (what a DuckDB TIMESTAMP holds).</summary>
    public static DateTime Utc(DateTime instant)
    {
        var utc = instant.Kind == DateTimeKind.Local ? instant.ToUniversalTime() : DateTime.SpecifyKind(instant, DateTimeKind.Utc);
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var value) ? value : throw new JsonException("expected a date and time as ISO 8601");

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Kind == DateTimeKind.Unspecified ? value : Utc(value));
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value) ? value : throw new JsonException("expected a date and time as ISO 8601");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Utc(value.UtcDateTime));
    }
}
