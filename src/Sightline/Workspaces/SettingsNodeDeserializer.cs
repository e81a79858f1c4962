using System.Collections;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Sightline.Workspaces;

/// <summary>
/// Reads numbers, booleans and text of <c>sightline.yaml</c> itself and records a value of the wrong shape in the project's
/// words ("expected a whole number"), where YamlDotNet would name .NET types ("System.Nullable`1[System.Int32]"). The value
/// is skipped and its setting keeps its default, so reading goes on to the problems after it.
/// </summary>
internal sealed class SettingsNodeDeserializer(List<SettingsReader.Problem> problems, HashSet<long> skipped) : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value,
        ObjectDeserializer rootDeserializer)
    {
        value = null;
        var type = Nullable.GetUnderlyingType(expectedType) ?? expectedType;
        var node = reader.Current as NodeEvent;
        if (node is null || IsNull(node))
        {
            return false;
        }

        var expected = Expected(type);
        if (expected is null)
        {
            return false;
        }

        if (node is not Scalar scalar)
        {
            if (IsScalarType(type))
            {
                return Skip(reader, node, expectedType, $"{expected}, not {Shape(node)}", out value);
            }

            // A list where a map or section belongs, or a map where a list does: worded here, as YamlDotNet's own message names its parser's events.
            var wantsList = typeof(IList).IsAssignableFrom(type) && !typeof(IDictionary).IsAssignableFrom(type);
            if ((node is SequenceStart && !wantsList) || (node is MappingStart && wantsList))
            {
                return Skip(reader, node, expectedType, $"{expected}, not {Shape(node)}", out value);
            }

            // The rest is YamlDotNet's.
            return false;
        }

        if (!IsScalarType(type))
        {
            return Skip(reader, scalar, expectedType, $"value '{scalar.Value}': {expected}", out value);
        }

        if (Parse(scalar, type, expected, out var problem) is not { } parsed)
        {
            return Skip(reader, scalar, expectedType, problem, out value);
        }

        value = parsed;
        reader.MoveNext();
        return true;
    }

    /// <summary>
    /// Records the problem and moves past the value. The placeholder read in its stead (the type's empty value) is not written
    /// to a setting, which keeps its default; in a list or map it stands in the value's place.
    /// </summary>
    private bool Skip(IParser reader, NodeEvent node, Type expectedType, string problem, out object? value)
    {
        problems.Add(new SettingsReader.Problem(node.Start, problem));
        skipped.Add(node.Start.Index);
        reader.SkipThisAndNestedEvents();
        value = expectedType.IsValueType && Nullable.GetUnderlyingType(expectedType) is null ? Activator.CreateInstance(expectedType) : null;
        return true;
    }

    private static object? Parse(Scalar scalar, Type type, string expected, out string problem)
    {
        problem = "";
        var text = scalar.Value.Trim();
        var inv = CultureInfo.InvariantCulture;
        object? parsed = type == typeof(string) ? scalar.Value
            : type == typeof(bool) ? text.ToLowerInvariant() switch { "true" or "yes" or "on" => true, "false" or "no" or "off" => false, _ => null }
            : type == typeof(double) ? ReadDouble(text)
            : type == typeof(int) ? (int.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var i) ? i : null)
            : type == typeof(long) ? (long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var l) ? l : null)
            : null;
        if (parsed is double number && double.IsInfinity(number) && !text.Contains("inf", StringComparison.OrdinalIgnoreCase))
        {
            // 1e400 reads as infinity: told as written, not as '.inf', which the file does not say.
            problem = $"value '{scalar.Value}': too large a number (expected one of at most {double.MaxValue.ToString("G3", inv)} in size)";
            return null;
        }

        if (parsed is not null)
        {
            return parsed;
        }

        // A whole number too large for its setting reads as a number, so say the range rather than "not a number".
        var tooLarge = (type == typeof(int) || type == typeof(long)) && decimal.TryParse(text, NumberStyles.AllowLeadingSign, inv, out _);
        problem = $"value '{scalar.Value}': {(tooLarge ? expected + $" from {MinOf(type)} to {MaxOf(type)}" : expected)}";
        return null;
    }

    // YAML 1.2 writes not-a-number and infinity as .nan and .inf; the settings' range checks refuse them with the setting's name.
    private static double? ReadDouble(string text) => text.ToLowerInvariant() switch
    {
        ".nan" => double.NaN,
        ".inf" or "+.inf" => double.PositiveInfinity,
        "-.inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
    };

    private static string MinOf(Type type) => type == typeof(int) ? int.MinValue.ToString(CultureInfo.InvariantCulture) : long.MinValue.ToString(CultureInfo.InvariantCulture);

    private static string MaxOf(Type type) => type == typeof(int) ? int.MaxValue.ToString(CultureInfo.InvariantCulture) : long.MaxValue.ToString(CultureInfo.InvariantCulture);

    private static bool IsScalarType(Type type) => type == typeof(string) || type == typeof(bool) || type == typeof(double) || type == typeof(int) || type == typeof(long);

    private static string? Expected(Type type) =>
        type == typeof(string) ? "expected text"
        : type == typeof(bool) ? "expected true or false"
        : type == typeof(double) ? "expected a number"
        : type == typeof(int) || type == typeof(long) ? "expected a whole number"
        : typeof(IDictionary).IsAssignableFrom(type) ? "expected a map of key: value lines"
        : typeof(IList).IsAssignableFrom(type) ? "expected a list, such as [a, b] or one '- item' per line"
        : type.Namespace == typeof(SettingsNodeDeserializer).Namespace && type.IsClass ? "expected a section of key: value lines"
        : null;

    private static string Shape(NodeEvent node) => node switch
    {
        SequenceStart => "a list",
        MappingStart => "a map of key: value lines",
        _ => "an alias",
    };

    // An empty value, ~ or null: left to YamlDotNet, which reads it as null (a section left with only comments).
    private static bool IsNull(NodeEvent node) =>
        node is Scalar { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };
}
