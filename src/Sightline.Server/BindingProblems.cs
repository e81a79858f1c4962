using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sightline.Server;

/// <summary>
/// A request the framework could not bind, told as bad input: the field or parameter, the value where known and what
/// was expected, in the API's words (the framework's own messages name .NET types, or nothing at all).
/// </summary>
internal static partial class BindingProblems
{
    /// <summary>A JSON body that is malformed, has an unknown field or a value of the wrong kind.</summary>
    public static BadInputException Body(JsonException json, HttpContext context)
    {
        // The body is the handler's one parameter of a request record of this assembly (LoginRequest, DecisionRequest, ...).
        // The exception handler has cleared the request's endpoint; its feature keeps the one that failed.
        var endpoint = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var bodyType = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .Select(p => p.ParameterType).FirstOrDefault(t => t.Assembly == typeof(BindingProblems).Assembly);
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var known = bodyType is null ? [] : Fields(bodyType);
        if (json.Message.Contains("could not be mapped to any", StringComparison.Ordinal))
        {
            return new BadInputException(new Diagnostic("body", null, UnmappedName().Match(json.Message) is { Success: true } m ? m.Groups[1].Value : field, null,
                $"unknown field; expected {string.Join(", ", known.Keys)}"));
        }

        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && field is not null)
        {
            var type = known.FirstOrDefault(f => string.Equals(f.Key, field, StringComparison.OrdinalIgnoreCase)).Value;
            return new BadInputException(new Diagnostic("body", null, field, null, $"expected {Expected(type)}"));
        }

        var reason = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd();
        return new BadInputException(new Diagnostic("body", json.LineNumber is { } line ? line + 1 : null, field, null,
            $"not valid JSON at position {(json.BytePositionInLine ?? 0) + 1}: {reason}"));
    }

    /// <summary>A route or query parameter that is not of its type ("page=abc"), or null when the message is another.</summary>
    public static BadInputException? Parameter(BadHttpRequestException request)
    {
        if (FailedBinding().Match(request.Message) is not { Success: true } match)
        {
            return null;
        }

        var type = match.Groups["type"].Value.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('?', '>');
        var expected = type switch
        {
            "int" or "long" or "Int32" or "Int64" => "a whole number" + (type is "int" or "Int32" ? $" from {int.MinValue} to {int.MaxValue}" : ""),
            "bool" or "Boolean" => "true or false",
            "DateOnly" => "a date as yyyy-mm-dd",
            "DateTime" or "DateTimeOffset" => "a date and time as ISO 8601",
            _ => "a value of another form",
        };
        return new BadInputException(new Diagnostic(match.Groups["name"].Value, null, null, match.Groups["value"].Value, $"expected {expected}"));
    }

    /// <summary>A request record's fields as JSON names them (camelCase), with their types.</summary>
    private static Dictionary<string, Type> Fields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType, StringComparer.Ordinal);

    private static string Expected(Type? type)
    {
        var plain = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return plain switch
        {
            null => "a value of another kind",
            _ when plain == typeof(bool) => "true or false",
            _ when plain == typeof(int) || plain == typeof(long) => "a whole number",
            _ when plain == typeof(DateOnly) => "a date as text, yyyy-mm-dd",
            _ when plain == typeof(string) => "text",
            _ when plain != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(plain) => "a list of texts",
            _ => "a value of another kind",
        };
    }

    [GeneratedRegex("^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedName();

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedBinding();
}
