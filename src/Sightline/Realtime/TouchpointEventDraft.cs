namespace Sightline.Realtime;

/// <summary>
/// One event as read from JSON or CSV, before validation: where it came from, its fields as text (trimmed; empty
/// and JSON null are absent) and the problems the reader already found in its shape (unknown field, a list where
/// text was expected).
/// </summary>
/// <param name="Source">The file name or the input's name (<c>--event</c>, the request body).</param>
/// <param name="Line">1-based line the event starts on, for files; else null.</param>
/// <param name="Index">0-based position in a JSON array (or among several JSON values) given as text; else null.</param>
/// <param name="Fields">Field name (see <see cref="TouchpointEventFields"/>) to its text.</param>
/// <param name="Problems">Shape problems found while reading.</param>
public sealed record TouchpointEventDraft(string Source, long? Line, int? Index, IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>How diagnostics name this event's source: the file, or <c>--event[3]</c> for the fourth of a list.</summary>
    public string Where => Index is { } index ? $"{Source}[{index}]" : Source;

    /// <summary>The text of a field, or null when absent.</summary>
    public string? this[string field] => Fields.TryGetValue(field, out var value) ? value : null;

    /// <summary>
    /// Field name to the name the input gave it where that differs (a CSV's header "Activity Type" for channel, a JSON
    /// key "AccountId"), so a message names what the sender wrote; null when the input used the field names.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Names { get; init; }

    /// <summary>
    /// The columns of a CSV tried for occurred_at, in order, when several name it (Salesforce's COMPLETEDDATETIME, then
    /// ACTIVITYDATE; see <see cref="Import.ColumnMapper.TimeHeaders"/>), so a missing time names them all; else null.
    /// </summary>
    public IReadOnlyList<string>? TimeHeaders { get; init; }

    /// <summary>
    /// Fields given a value the reader refused (a list, an object, true/false, a number with a fraction): their problem
    /// says what was wrong, so the validator does not also call them missing.
    /// </summary>
    public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>How messages name a field: as the input wrote it, with the field in brackets when that differs (<c>Type (channel)</c>).</summary>
    public string Shown(string field) =>
        Names is not null && Names.TryGetValue(field, out var written) && !string.Equals(written, field, StringComparison.Ordinal) ? $"{written} ({field})" : field;

    /// <summary>A diagnostic about this event; a field is named as the input wrote it (see <see cref="Shown"/>).</summary>
    public Diagnostic Problem(string? field, string? value, string message) => new(Where, Line, field is null ? null : Shown(field), value, message);
}
