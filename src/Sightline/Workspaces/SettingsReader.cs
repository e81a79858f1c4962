using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sightline.Workspaces;

/// <summary>
/// Reads the text of <c>sightline.yaml</c> into settings without stopping at the first problem: a value of the wrong type,
/// an unknown key or a key written twice is recorded where it starts, its setting keeps its default, and reading goes on,
/// so one mistake hides none after it. Only text YAML cannot parse (an unclosed bracket) ends the reading.
/// </summary>
internal static partial class SettingsReader
{
    /// <summary>A problem met while reading: where it starts and what is wrong; <paramref name="UnknownOn"/> is the section that has no such key.</summary>
    internal sealed record Problem(Mark Start, string Message, Type? UnknownOn = null);

    /// <summary>The settings read (null when the text stops parsing) and every problem met, in file order.</summary>
    public static (ProjectSettings? Settings, IReadOnlyList<Problem> Problems) Read(string text)
    {
        var problems = SettingPaths.RepeatedKeys(text)
            .Select(repeat => new Problem(repeat.Start, $"Encountered duplicate key {repeat.Key}; each key may appear once in its section (remove one of them)"))
            .ToList();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        var skipped = new HashSet<long>();
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .WithTypeInspector(inner => new UnknownKeyInspector(inner, parser, problems, skipped))
            .WithNodeDeserializer(new SettingsNodeDeserializer(problems, skipped), where => where.OnTop())
            .Build();
        ProjectSettings? settings;
        try
        {
            // A whole file of the wrong shape (a bare scalar) leaves the defaults, as a section of the wrong shape does.
            settings = deserializer.Deserialize(parser, typeof(ProjectSettings)) as ProjectSettings ?? new ProjectSettings();
        }
        catch (YamlException e)
        {
            // Reading stops here, so what was found after it (a key the text walk read twice past an undefined alias) is unchecked.
            problems.RemoveAll(p => p.Start.Index > e.Start.Index);
            problems.Add(new Problem(TabAt(text, e.Start, e.Message) ?? e.Start, Describe(e)));
            settings = null;
        }

        return (settings, problems.OrderBy(p => p.Start.Index).ToList());
    }

    /// <summary>A YAML problem in the project's words: .NET's own messages name types and states a user never sees.</summary>
    private static string Describe(YamlException e) => e.InnerException switch
    {
        null => Worded(e.Message),
        YamlException inner => Describe(inner),
        InvalidOperationException => "not valid YAML here: check the brackets, quotes and indentation around it",
        OverflowException => "number out of range for this setting",
        FormatException => "expected a number",
        var other => other.Message,
    };

    /// <summary>The parser's own words for text it cannot read, in the file's terms (its events and positions mean nothing to a user).</summary>
    private static string Worded(string message)
    {
        if (message.Contains("got 'DocumentStart'", StringComparison.Ordinal))
        {
            return "a second YAML document starts here ('---'); sightline.yaml holds one: remove the line or merge what follows into the first";
        }

        if (UndefinedAlias().Match(message) is { Success: true } alias)
        {
            return $"the alias *{alias.Groups[1].Value} names no anchor written above it (&{alias.Groups[1].Value}); write the value itself, or the anchor first";
        }

        if (message.Contains("tab character", StringComparison.Ordinal))
        {
            return "a tab in the indentation; YAML indents with spaces only";
        }

        if (EventsSeen().Match(message) is { Success: true } events)
        {
            return $"expected {Event(events.Groups[1].Value)} here, not {Event(events.Groups[2].Value)}";
        }

        return message;
    }

    private static string Event(string parserEvent) => parserEvent switch
    {
        "SequenceStart" => "a list",
        "MappingStart" => "a map of key: value lines",
        "Scalar" => "a single value",
        "StreamEnd" or "DocumentEnd" => "the end of the file",
        "MappingEnd" or "SequenceEnd" => "the end of the section",
        _ => "something else",
    };

    /// <summary>Where the first line from the problem on indents with a tab: the parser reports where the value before it starts.</summary>
    private static Mark? TabAt(string text, Mark start, string message)
    {
        if (!message.Contains("tab character", StringComparison.Ordinal))
        {
            return null;
        }

        var lines = text.Split('\n');
        for (var line = (int)Math.Max(start.Line - 1, 0); line < lines.Length; line++)
        {
            var indent = lines[line].Length - lines[line].TrimStart(' ', '\t').Length;
            if (lines[line].IndexOf('\t', 0, indent) is var tab and >= 0)
            {
                var index = lines.Take(line).Sum(l => l.Length + 1L) + tab;
                return new Mark(index, line + 1, tab + 1);
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Alias \$?(\S+) cannot precede anchor declaration")]
    private static partial System.Text.RegularExpressions.Regex UndefinedAlias();

    [System.Text.RegularExpressions.GeneratedRegex(@"Expected '(\w+)', got '(\w+)'")]
    private static partial System.Text.RegularExpressions.Regex EventsSeen();

    /// <summary>Remembers the event before the current one: when a section looks up a key, that is the key itself.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public ParsingEvent? Current => inner.Current;

        public ParsingEvent? Previous { get; private set; }

        public bool MoveNext()
        {
            Previous = inner.Current;
            return inner.MoveNext();
        }
    }

    /// <summary>
    /// Records a key no setting of its section has, and answers "none" so YamlDotNet skips its value; a known setting
    /// whose value is skipped keeps its default.
    /// </summary>
    private sealed class UnknownKeyInspector(ITypeInspector inner, TrackingParser parser, List<Problem> problems, HashSet<long> skipped) : ITypeInspector
    {
        public IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) => inner.GetProperties(type, container);

        public IPropertyDescriptor GetProperty(Type type, object? container, string name, bool ignoreUnmatched, bool caseInsensitive)
        {
            var property = inner.GetProperty(type, container, name, ignoreUnmatched: true, caseInsensitive);
            if (property is null)
            {
                if (parser.Previous is Scalar key)
                {
                    problems.Add(new Problem(key.Start, name, UnknownOn: type));
                }

                return null!;
            }

            // The setting's value starts here: if it is skipped, the placeholder read in its stead is not written.
            return parser.Current is { } value ? new KeepsDefaultWhenSkipped(property, value.Start.Index, skipped) : property;
        }

        public string GetEnumName(Type enumType, string name) => inner.GetEnumName(enumType, name);

        public string GetEnumValue(object enumValue) => inner.GetEnumValue(enumValue);

        public bool HasParseMethod(Type type) => inner.HasParseMethod(type);

        public object? Parse(string value, Type type) => inner.Parse(value, type);
    }

    /// <summary>A setting that is not written when its value (starting at <paramref name="valueStart"/>) was skipped.</summary>
    private sealed class KeepsDefaultWhenSkipped(IPropertyDescriptor inner, long valueStart, HashSet<long> skipped) : IPropertyDescriptor
    {
        public string Name => inner.Name;

        public bool AllowNulls => inner.AllowNulls;

        public bool CanWrite => inner.CanWrite;

        public Type Type => inner.Type;

        public Type? TypeOverride
        {
            get => inner.TypeOverride;
            set => inner.TypeOverride = value;
        }

        public int Order
        {
            get => inner.Order;
            set => inner.Order = value;
        }

        public ScalarStyle ScalarStyle
        {
            get => inner.ScalarStyle;
            set => inner.ScalarStyle = value;
        }

        public bool Required => inner.Required;

        public Type? ConverterType => inner.ConverterType;

        public T? GetCustomAttribute<T>()
            where T : Attribute => inner.GetCustomAttribute<T>();

        public IObjectDescriptor Read(object target) => inner.Read(target);

        public void Write(object target, object? value)
        {
            if (!skipped.Contains(valueStart))
            {
                inner.Write(target, value);
            }
        }
    }
}
