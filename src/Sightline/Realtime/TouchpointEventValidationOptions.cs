namespace Sightline.Realtime;

/// <summary>Settings of touchpoint validation.</summary>
/// <param name="FutureTolerance">
/// How far after the receiver's clock an event's <c>occurred_at</c> may be: senders' clocks drift, so a touch
/// stamped a few seconds ahead is real, while one stamped tomorrow is a bug (a local time sent as UTC, a wrong
/// year). Five minutes by default.
/// </param>
/// <param name="LocalZone">
/// Where an <c>occurred_at</c> without an offset was written (a CRM export's local times), or null: then such a time is
/// refused as ambiguous. A local time the zone skips (clocks going forward) or has twice (going back) is refused too.
/// </param>
/// <param name="LocalZoneOption">What sets <paramref name="LocalZone"/> (the CLI's option, the API's query parameter), named by the refusal of a time without zone.</param>
public sealed record TouchpointEventValidationOptions(TimeSpan FutureTolerance, TimeZoneInfo? LocalZone = null, string? LocalZoneOption = null)
{
    /// <summary>
    /// The largest tolerance, a year (525,600 minutes): more would say nothing (a touch stamped a year ahead is a wrong
    /// date), and now plus centuries leaves the calendar.
    /// </summary>
    public static readonly TimeSpan MaxFutureTolerance = TimeSpan.FromDays(365);

    /// <summary>Five minutes' tolerance.</summary>
    public static readonly TouchpointEventValidationOptions Default = new(TimeSpan.FromMinutes(5));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Workspaces.ProjectSettings, TouchpointEventValidationOptions> Defaults = new();

    /// <summary>
    /// Per field (channel, direction): the words a workspace's CRM writes for its values (sightline.yaml's
    /// <c>value_maps.touchpoints</c>), as tokens (lowercase, runs of spaces, dashes and slashes as one underscore), read
    /// before the built-in synonyms, as import reads them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Words { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>A CSV file's headers the workspace maps to fields (sightline.yaml's <c>column_maps.touchpoints</c>), or null.</summary>
    public IReadOnlyDictionary<string, string>? ColumnMap { get; init; }

    /// <summary>
    /// Whether a slashed date (03/11/2026) is written day first, as the workspace's import reads dates (sightline.yaml's
    /// <c>import.date_order: dmy</c>); month first by default.
    /// </summary>
    public bool DayFirst { get; init; }

    /// <summary>These options with the value and column maps of <paramref name="settings"/>.</summary>
    public TouchpointEventValidationOptions WithWordsOf(Workspaces.ProjectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var maps = settings.ValueMaps.GetValueOrDefault("touchpoints");
        return this with
        {
            ColumnMap = settings.ColumnMaps.GetValueOrDefault("touchpoints"),
            DayFirst = settings.Import.DateOrder == "dmy",
            Words = maps is null ? new Dictionary<string, IReadOnlyDictionary<string, string>>()
                : maps.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, string>)c.Value.ToDictionary(w => TouchpointEventValidator.AsToken(w.Key), w => w.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// These options reading times without an offset in the zone named <paramref name="name"/> (none: refused as before),
    /// with <paramref name="option"/> named where such a time is refused.
    /// </summary>
    /// <exception cref="BadInputException">The name is no time zone of this machine's database.</exception>
    public TouchpointEventValidationOptions WithLocalZone(string? name, string option) =>
        this with { LocalZone = name is null ? null : ZoneNamed(name, option), LocalZoneOption = option };

    /// <summary>The time zone called <paramref name="name"/> (an IANA name, or UTC); bad input naming <paramref name="option"/> when there is none.</summary>
    private static TimeZoneInfo ZoneNamed(string name, string option)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new BadInputException(new Diagnostic(option, null, null, name, "not a time zone; expected an IANA name such as Europe/Berlin or America/New_York, or UTC"));
        }
    }

    /// <summary>The default options with the value maps of <paramref name="settings"/>, made once per settings (a server asks per request).</summary>
    public static TouchpointEventValidationOptions For(Workspaces.ProjectSettings settings) => Defaults.GetValue(settings, s => Default.WithWordsOf(s));
}
