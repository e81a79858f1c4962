using System.Globalization;
using System.Text.RegularExpressions;
using Sightline.Data;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Checks touchpoint drafts and turns them into <see cref="TouchpointEvent"/>s. A batch is all or nothing, like
/// import: when any event is malformed the whole batch is refused with every problem found (source, line or index,
/// field, value, what was expected), and the caller appends nothing.
/// </summary>
/// <remarks>
/// Rules: event_id, account_id, occurred_at and channel are required; every text is at most
/// <see cref="TouchpointEvent.MaxTextLength"/> characters; occurred_at is a date and time with a zone (ISO 8601 with Z or an
/// offset, or what CRM exports and mail or telephony systems write, see <see cref="OccurredAtText"/>; a local time, or one
/// with an ambiguous zone abbreviation, needs the options' zone), not a placeholder for a missing time (midnight of
/// 1970-01-01, 1900-01-01, 1899-12-30/31 or 0001-01-01) and not later than now plus
/// <see cref="TouchpointEventValidationOptions.FutureTolerance"/>; channel and direction take the
/// canonical values and the synonyms import accepts (phone → call, inbound → in); a ticket has both an id and a state
/// (open or closed); the account exists in the workspace (all of a batch's accounts are looked up in one query).
/// </remarks>
public sealed partial class TouchpointEventValidator
{
    private readonly Func<IReadOnlyCollection<string>, IReadOnlySet<string>> _knownAccounts;
    private readonly Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, AccountAlias>> _aliases;
    private readonly Func<bool> _hasAccounts;
    private readonly Func<IReadOnlyCollection<string>, IReadOnlySet<string>> _unknownContacts;
    private readonly TouchpointEventValidationOptions _options;
    private readonly TimeProvider _clock;

    /// <summary>Validates against a workspace's accounts.</summary>
    public TouchpointEventValidator(Workspace workspace, TouchpointEventValidationOptions? options = null, TimeProvider? clock = null)
        : this(ids => TouchpointLogKeys.Existing(workspace, ids, "accounts", "account_id"),
            (options ?? TouchpointEventValidationOptions.Default).WithWordsOf(workspace?.Settings ?? throw new ArgumentNullException(nameof(workspace))), clock,
            () => workspace.Scalar("SELECT 1 FROM accounts LIMIT 1") is not null, ids => AccountAlias.Of(workspace, ids), UnknownContactsIn(workspace))
    {
        ArgumentNullException.ThrowIfNull(workspace);
    }

    /// <summary>
    /// Validates against accounts known some other way (a server keeping the account set in memory): the function
    /// gets a batch's distinct account ids and returns those that exist. <paramref name="aliases"/>, when given, gets
    /// the ids that do not and returns those that are another id of an account (<see cref="AccountAlias"/>); an event
    /// naming one is applied to that account when <paramref name="knownAccounts"/> knows it.
    /// </summary>
    /// <paramref name="unknownContacts"/>, when given, gets a batch's distinct contact ids and returns those to refuse
    /// (<see cref="UnknownContactsIn"/>); without it contact ids are not checked.
    public TouchpointEventValidator(Func<IReadOnlyCollection<string>, IReadOnlySet<string>> knownAccounts,
        TouchpointEventValidationOptions? options = null, TimeProvider? clock = null,
        Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, AccountAlias>>? aliases = null,
        Func<IReadOnlyCollection<string>, IReadOnlySet<string>>? unknownContacts = null)
        : this(knownAccounts, options, clock, () => true, aliases, unknownContacts)
    {
    }

    private TouchpointEventValidator(Func<IReadOnlyCollection<string>, IReadOnlySet<string>> knownAccounts,
        TouchpointEventValidationOptions? options, TimeProvider? clock, Func<bool> hasAccounts,
        Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, AccountAlias>>? aliases,
        Func<IReadOnlyCollection<string>, IReadOnlySet<string>>? unknownContacts)
    {
        ArgumentNullException.ThrowIfNull(knownAccounts);
        _knownAccounts = knownAccounts;
        _unknownContacts = unknownContacts ?? (_ => NoIds);
        _aliases = aliases ?? (_ => AccountAlias.None);
        _hasAccounts = hasAccounts;
        _options = options ?? TouchpointEventValidationOptions.Default;
        _clock = clock ?? TimeProvider.System;
        if (_options.FutureTolerance < TimeSpan.Zero || _options.FutureTolerance > TouchpointEventValidationOptions.MaxFutureTolerance)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.FutureTolerance, "the future tolerance must lie between 0 and a year");
        }
    }

    /// <summary>Reads and validates events given as JSON text (see <see cref="TouchpointEventReader.ReadJson(string, string, IReadOnlyDictionary{string, string}, ICollection{string})"/>).</summary>
    /// <exception cref="BadInputException">The text is not JSON or an event is malformed; nothing is returned.</exception>
    public IReadOnlyList<TouchpointEvent> ValidateJson(string json, string source, ICollection<string>? notes = null) =>
        Validate(TouchpointEventReader.ReadJson(json, source, _options.ColumnMap, notes), notes);

    /// <summary>Reads and validates events given as UTF-8 JSON (a request body as it arrived).</summary>
    /// <exception cref="BadInputException">Every problem found, with its event; nothing is returned then.</exception>
    public IReadOnlyList<TouchpointEvent> ValidateJson(ReadOnlyMemory<byte> utf8, string source, ICollection<string>? notes = null) =>
        Validate(TouchpointEventReader.ReadJson(utf8, source, _options.ColumnMap, notes), notes);

    /// <summary>Reads and validates UTF-8 CSV with a header (see <see cref="TouchpointEventReader.ReadCsv"/>).</summary>
    /// <exception cref="BadInputException">Every problem found, with its line; nothing is returned then.</exception>
    public IReadOnlyList<TouchpointEvent> ValidateCsv(ReadOnlyMemory<byte> utf8, string source, ICollection<string>? notes = null) =>
        Validate(TouchpointEventReader.ReadCsv(utf8, source, notes, _options.ColumnMap), notes);

    /// <summary>Reads and validates a file of events (see <see cref="TouchpointEventReader.ReadFile(string, ICollection{string}, IReadOnlyDictionary{string, string})"/>).</summary>
    /// <exception cref="BadInputException">The file is unreadable or an event is malformed; nothing is returned.</exception>
    public IReadOnlyList<TouchpointEvent> ValidateFile(string path, ICollection<string>? notes = null) => Validate(TouchpointEventReader.ReadFile(path, notes, _options.ColumnMap), notes);

    /// <summary>
    /// Validates drafts; returns the events in input order, or throws with every problem when any is malformed. An event
    /// naming its account by another id of it is returned with the account's id, and <paramref name="notes"/> says so.
    /// </summary>
    /// <exception cref="BadInputException">At least one event is malformed; the first line says how many and that nothing was appended.</exception>
    public IReadOnlyList<TouchpointEvent> Validate(IReadOnlyList<TouchpointEventDraft> drafts, ICollection<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            throw new BadInputException("touchpoints", "no events given");
        }

        var now = _clock.GetUtcNow();
        var problems = new List<(int Draft, Diagnostic Diagnostic)>();
        var events = new TouchpointEvent?[drafts.Count];
        drafts = RefuseControlCharacters(drafts, problems);
        for (var i = 0; i < drafts.Count; i++)
        {
            var found = new List<Diagnostic>(drafts[i].Problems);
            events[i] = Check(drafts[i], now, found);
            problems.AddRange(found.Select(d => (i, d)));
        }

        var aliased = CheckAccounts(drafts, problems);
        CheckContacts(drafts, problems);
        CheckRepeatedIds(drafts, events, problems);
        if (problems.Count > 0)
        {
            var bad = problems.Select(p => p.Draft).Distinct().Count();
            var source = drafts[0].Source;
            var summary = new Diagnostic(source, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"{bad:N0} of {Counted.Of(drafts.Count, "event")} {Counted.Agree(bad, "is", "are")} malformed; the batch was rejected whole and nothing was appended"));
            var ordered = problems.OrderBy(p => p.Draft).Select(p => p.Diagnostic).ToList();
            throw new BadInputException([summary, .. ordered], ordered.Count + 1);
        }

        return aliased.Count == 0 ? events.Select(e => e!).ToList() : ReadAliases(events, aliased, notes);
    }

    /// <summary>The events with each alias read as its account's id, and one note for them all.</summary>
    private static List<TouchpointEvent> ReadAliases(TouchpointEvent?[] events, IReadOnlyDictionary<string, AccountAlias> aliased, ICollection<string>? notes)
    {
        var read = events.Select(e => aliased.TryGetValue(e!.AccountId, out var alias) ? e with { AccountId = alias.AccountId } : e!).ToList();
        var count = events.Count(e => aliased.ContainsKey(e!.AccountId));
        var (first, alias) = aliased.First();
        notes?.Add(string.Create(CultureInfo.InvariantCulture,
            $"account_id: {count} event{(count == 1 ? " names its account" : "s name their accounts")} by another id of it (given by {alias.GivenBy}), "
            + $"applied to {(count == 1 ? "that account" : "those accounts")} (e.g. '{first}' is '{alias.AccountId}')"));
        return read;
    }

    private TouchpointEvent? Check(TouchpointEventDraft draft, DateTimeOffset now, List<Diagnostic> problems)
    {
        var before = problems.Count;
        // A value that is no object at all ([42], "text") has no fields to miss: its one problem says what it is.
        var notAnEvent = draft.Fields.Count == 0 && draft.Problems.Count > 0 && draft.Problems.All(p => p.Column is null);
        foreach (var field in TouchpointEventFields.Required.Where(f => !notAnEvent && draft[f] is null && !draft.Refused.Contains(f)))
        {
            // A time several columns name is missing when all are blank: the message names them, as import's does.
            var blank = field == TouchpointEventFields.OccurredAt && draft.TimeHeaders is { } tried ? $" ({Import.StagingPlan.Listed(tried)} are blank)" : "";
            problems.Add(draft.Problem(field, null,
                $"missing{blank}; every event needs {string.Join(", ", TouchpointEventFields.Required.SkipLast(1))} and {TouchpointEventFields.Required[^1]}"));
        }

        foreach (var (field, value) in draft.Fields)
        {
            if (value.Length > TouchpointEvent.MaxTextLength)
            {
                problems.Add(draft.Problem(field, value[..40] + "...",
                    $"is {value.Length:N0} characters long; at most {TouchpointEvent.MaxTextLength} are accepted"));
            }
        }

        foreach (var field in IdFields)
        {
            if (draft[field] is { } id && ExcelScientific().IsMatch(id))
            {
                problems.Add(draft.Problem(field, id, Import.ValueParsing.ExcelScientificIdProblem("send the full ids")));
            }
        }

        var occurredAt = draft[TouchpointEventFields.OccurredAt] is { } timeText ? Time(draft, timeText, now, problems) : null;
        var channel = Token(draft, TouchpointEventFields.Channel, CanonicalSchema.TouchpointChannels, ChannelSynonyms, problems,
            $"not a channel; expected one of {string.Join(", ", CanonicalSchema.TouchpointChannels)}{MapIt(TouchpointEventFields.Channel)}");
        var direction = Token(draft, TouchpointEventFields.Direction, CanonicalSchema.Directions, DirectionSynonyms, problems,
            $"not a direction; expected in or out (inbound and outbound are accepted too){MapIt(TouchpointEventFields.Direction)}");
        var ticketState = Token(draft, TouchpointEventFields.TicketState, TouchpointEvent.TicketStates, TicketSynonyms, problems,
            "not a ticket state; expected open or closed");
        var ticketId = Id(draft, TouchpointEventFields.TicketId);
        if (ticketId is not null && draft[TouchpointEventFields.TicketState] is null)
        {
            problems.Add(draft.Problem(TouchpointEventFields.TicketState, null,
                $"missing for ticket '{ticketId}'; give the ticket's state after this touch, open or closed"));
        }
        else if (ticketId is null && draft[TouchpointEventFields.TicketState] is { } state)
        {
            problems.Add(draft.Problem(TouchpointEventFields.TicketId, null, $"missing: the ticket state '{state}' names no ticket; give its id"));
        }

        if (problems.Count > before || draft.Refused.Count > 0 || occurredAt is null || channel is null)
        {
            return null;
        }

        return new TouchpointEvent(Id(draft, TouchpointEventFields.EventId)!, Id(draft, TouchpointEventFields.AccountId)!, occurredAt.Value, channel,
            draft[TouchpointEventFields.Kind], direction, Id(draft, TouchpointEventFields.ContactId), draft[TouchpointEventFields.Outcome],
            draft[TouchpointEventFields.ProductFamily], ticketId, ticketState);
    }

    /// <summary>An id field as import stores ids: a Salesforce report's 15-character id in its 18-character form.</summary>
    private static string? Id(TouchpointEventDraft draft, string field) =>
        draft[field] is { } id ? Import.ValueParsing.EighteenCharacterSalesforceId(id) : null;

    /// <summary>
    /// An id repeated in one batch with a different payload: two events under one id, one of which the log would drop as a
    /// duplicate (a spreadsheet that rounded its ids to 1.23457E+11 gives many). An identical repeat stays a duplicate.
    /// </summary>
    private static void CheckRepeatedIds(IReadOnlyList<TouchpointEventDraft> drafts, TouchpointEvent?[] events, List<(int Draft, Diagnostic Diagnostic)> problems)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i] is not { } touch)
            {
                continue;
            }

            if (!first.TryGetValue(touch.EventId, out var earlier))
            {
                first[touch.EventId] = i;
                continue;
            }

            var (here, there) = (Place(drafts[i]), Place(drafts[earlier]));
            var differences = events[earlier]!.Differences(touch, there, here);
            if (differences.Count > 0)
            {
                problems.Add((i, drafts[i].Problem(TouchpointEventFields.EventId, drafts[i][TouchpointEventFields.EventId],
                    $"also the id of {there} with a different payload ({string.Join("; ", differences)}): one id names one event, the log would keep {there} and drop {here}; "
                    + "give each event its own id (a repeat with the same payload is taken as a duplicate)")));
            }
        }
    }

    /// <summary>How a message names an event beside another: its line in a file, else its place in the list.</summary>
    private static string Place(TouchpointEventDraft draft) => draft.Line is { } line ? $"line {line}" : draft.Index is { } index ? $"event {draft.Source}[{index}]" : draft.Source;

    /// <summary>Refuses events whose account is unknown; returns the ids that are another id of a known account, with it.</summary>
    private IReadOnlyDictionary<string, AccountAlias> CheckAccounts(IReadOnlyList<TouchpointEventDraft> drafts, List<(int Draft, Diagnostic Diagnostic)> problems)
    {
        var ids = drafts.Select(d => Id(d, TouchpointEventFields.AccountId))
            .Where(id => id is not null && id.Length <= TouchpointEvent.MaxTextLength && !ExcelScientific().IsMatch(id)).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return AccountAlias.None;
        }

        var known = _knownAccounts(ids);
        if (known.Count == ids.Count)
        {
            return AccountAlias.None;
        }

        var aliased = KnownAliases(ids.Where(id => !known.Contains(id)).ToList());
        if (known.Count + aliased.Count == ids.Count)
        {
            return aliased;
        }

        var why = _hasAccounts()
            ? "not a known account (no row in accounts has this account_id)"
            : "not a known account: the workspace has no accounts yet; import accounts first";
        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i][TouchpointEventFields.AccountId] is { Length: <= TouchpointEvent.MaxTextLength } id && !ExcelScientific().IsMatch(id)
                && Import.ValueParsing.EighteenCharacterSalesforceId(id) is var account && !known.Contains(account) && !aliased.ContainsKey(account))
            {
                problems.Add((i, drafts[i].Problem(TouchpointEventFields.AccountId, id, why)));
            }
        }

        return aliased;
    }

    private static readonly IReadOnlySet<string> NoIds = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The contact ids of a batch that name no contact of the workspace, in one query (a second only when some are
    /// missing); as import, none while no contacts are loaded.
    /// </summary>
    public static Func<IReadOnlyCollection<string>, IReadOnlySet<string>> UnknownContactsIn(Workspace workspace) => ids =>
    {
        var known = TouchpointLogKeys.Existing(workspace, ids, "contacts", "contact_id");
        if (known.Count == ids.Count || workspace.Scalar("SELECT 1 FROM contacts LIMIT 1") is null)
        {
            return NoIds;
        }

        return ids.Where(id => !known.Contains(id)).ToHashSet(StringComparer.Ordinal);
    };

    /// <summary>Refuses events whose contact_id names no contact, as import does; a batch without contact ids costs no query.</summary>
    private void CheckContacts(IReadOnlyList<TouchpointEventDraft> drafts, List<(int Draft, Diagnostic Diagnostic)> problems)
    {
        var ids = drafts.Select(d => Id(d, TouchpointEventFields.ContactId))
            .Where(id => id is { Length: > 0 and <= TouchpointEvent.MaxTextLength } && !ExcelScientific().IsMatch(id)).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var unknown = _unknownContacts(ids);
        for (var i = 0; unknown.Count > 0 && i < drafts.Count; i++)
        {
            if (Id(drafts[i], TouchpointEventFields.ContactId) is { } id && unknown.Contains(id))
            {
                problems.Add((i, drafts[i].Problem(TouchpointEventFields.ContactId, drafts[i][TouchpointEventFields.ContactId]!, "no such contact (not found in contacts.contact_id)")));
            }
        }
    }

    /// <summary>Of ids naming no account, those that are another id of an account the caller knows (an alias of an account it may not see is unknown, as the account is).</summary>
    private Dictionary<string, AccountAlias> KnownAliases(IReadOnlyCollection<string> unknown)
    {
        var aliases = _aliases(unknown);
        if (aliases.Count == 0)
        {
            return [];
        }

        var accounts = _knownAccounts(aliases.Values.Select(a => a.AccountId).Distinct(StringComparer.Ordinal).ToList());
        return aliases.Where(a => accounts.Contains(a.Value.AccountId)).ToDictionary(StringComparer.Ordinal);
    }

    private DateTimeOffset? Time(TouchpointEventDraft draft, string text, DateTimeOffset now, List<Diagnostic> problems)
    {
        const string Example = "e.g. 2026-11-23T10:15:00Z or 2026-11-23T11:15:00+01:00";
        DateTimeOffset time;
        try
        {
            switch (OccurredAtText.Read(text, _options.DayFirst, out var written))
            {
                case OccurredAtText.Outcome.NotATime:
                    problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text, $"not a date and time; expected ISO 8601 with a time zone, {Example}"));
                    return null;
                case OccurredAtText.Outcome.OtherDateOrder:
                    problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text, Import.ValueParsing.OtherDateOrderMessage(_options.DayFirst)));
                    return null;
                case OccurredAtText.Outcome.WrongWeekday:
                    problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text, string.Create(CultureInfo.InvariantCulture,
                        $"says {written.Named} but {written.Clock:yyyy-MM-dd} is a {written.Clock.DayOfWeek}: the date or the weekday is wrong")));
                    return null;
                case OccurredAtText.Outcome.UnknownZone:
                    problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text,
                        $"names the time zone '{written.Named}', which is no zone abbreviation read here (those are {string.Join(", ", OccurredAtText.FixedZones.Keys.Order(StringComparer.Ordinal))}); "
                        + $"give the offset instead, {Example}{NameTheZone}"));
                    return null;
                case OccurredAtText.Outcome.AmbiguousZone when _options.LocalZone is null:
                    problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text,
                        $"names the time zone '{written.Named}', which is ambiguous ({OccurredAtText.AmbiguousZones[written.Named!]}); give the offset instead, {Example}{NameTheZone}"));
                    return null;
            }

            if (OccurredAtText.Placeholder(written.Clock, "") is { } placeholder)
            {
                problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text, PlaceholderMessage(placeholder)));
                return null;
            }

            // An ambiguous abbreviation (no offset read) is a local time of the zone the caller named.
            var local = _options.LocalZone;
            if (written.Offset is { } offset)
            {
                time = new DateTimeOffset(written.Clock, offset).ToUniversalTime();
            }
            else if (local is null)
            {
                problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text,
                    $"has no time zone, so the instant is ambiguous; write UTC with Z or give the offset, {Example}"
                    + (_options.LocalZoneOption is { } option ? $" (or name the zone the times were written in with {option})" : "")));
                return null;
            }
            else if (local.IsInvalidTime(written.Clock))
            {
                problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text,
                    $"does not happen in {local.Id} (its clocks skip that hour); give the offset, {Example}"));
                return null;
            }
            else if (local.IsAmbiguousTime(written.Clock))
            {
                problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text,
                    $"happens twice in {local.Id} (its clocks go back over that hour), so the instant is ambiguous; give the offset, {Example}"));
                return null;
            }
            else
            {
                time = new DateTimeOffset(written.Clock, local.GetUtcOffset(written.Clock)).ToUniversalTime();
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text, $"not a real date and time (month, day, hour or offset out of range); {Example}"));
            return null;
        }

        // An export that wrote Unix time 0 in its own zone (1969-12-31 19:00 in New York) names it by its instant.
        if (OccurredAtText.Placeholder(time.UtcDateTime, " UTC") is { } instantPlaceholder)
        {
            problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text, PlaceholderMessage(instantPlaceholder)));
            return null;
        }

        var latest = now + _options.FutureTolerance;
        if (time > latest)
        {
            problems.Add(draft.Problem(TouchpointEventFields.OccurredAt, text,
                $"is in the future: later than {TouchpointEventFields.Format(latest)} (now, {TouchpointEventFields.Format(now)}, plus {Describe(_options.FutureTolerance)} tolerance for clock differences)"));
            return null;
        }

        return time;
    }

    private static string PlaceholderMessage(string why) => $"looks like a placeholder for a missing time ({why}); expected the real time of the touch";

    /// <summary>The end of a refused zone's message: where the zone the times were written in may be named instead.</summary>
    private string NameTheZone => _options is { LocalZone: null, LocalZoneOption: { } option } ? $", or name the zone the times were written in with {option}" : "";

    /// <summary>Where a workspace maps its own words to a field's values (the words import's message names).</summary>
    private static string MapIt(string field) => $" (to read another word as one of them, map it in sightline.yaml: value_maps.touchpoints.{field})";

    /// <summary>A value as compared with allowed values and the words that mean them: import's <c>sl_token</c>.</summary>
    internal static string AsToken(string text) => Separators().Replace(text.ToLowerInvariant(), "_");

    private string? Token(TouchpointEventDraft draft, string field, IReadOnlyList<string> allowed, IReadOnlyDictionary<string, string> synonyms,
        List<Diagnostic> problems, string message)
    {
        if (draft[field] is not { } text)
        {
            return null;
        }

        // The same normalisation import applies (ValueParsing.AllowedValueExpression), so a value accepted in a file is accepted here:
        // the workspace's own words first, then the built-in synonyms.
        var token = AsToken(text);
        token = _options.Words.GetValueOrDefault(field) is { } words && words.TryGetValue(token, out var mapped) ? mapped
            : synonyms.TryGetValue(token, out var canonical) ? canonical : token;
        if (allowed.Contains(token))
        {
            return token;
        }

        // A word exports write that is none of the values (Salesforce's call type "Internal"): not given, as import reads it.
        if (CanonicalSchema.NoValueWords.TryGetValue(field, out var none) && none.ContainsKey(token))
        {
            return null;
        }

        problems.Add(draft.Problem(field, text, message));
        return null;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Ticks % TimeSpan.TicksPerMinute == 0
            ? $"{span.TotalMinutes:0} minute{(span.TotalMinutes == 1 ? "" : "s")}'"
            : $"{span.TotalSeconds:0.###} second{(span.TotalSeconds == 1 ? "" : "s")}'";

    private static readonly IReadOnlyDictionary<string, string> ChannelSynonyms = CanonicalSchema.ValueSynonyms["channel"];

    private static readonly IReadOnlyDictionary<string, string> DirectionSynonyms = CanonicalSchema.ValueSynonyms["direction"];

    private static readonly Dictionary<string, string> TicketSynonyms = new(StringComparer.Ordinal);

    [GeneratedRegex(@"[\s\-/]+")]
    private static partial Regex Separators();

    /// <summary>
    /// Refuses every text holding a control character it may not (see <see cref="ForbiddenControl"/>) and returns the drafts
    /// with such texts written visibly (<c>N-1\u0000</c>), so that the other checks' messages show them that way too.
    /// </summary>
    private static IReadOnlyList<TouchpointEventDraft> RefuseControlCharacters(IReadOnlyList<TouchpointEventDraft> drafts, List<(int Draft, Diagnostic Diagnostic)> problems)
    {
        List<TouchpointEventDraft>? shown = null;
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            Dictionary<string, string>? visible = null;
            foreach (var (field, value) in draft.Fields)
            {
                if (ForbiddenControl(field, value) is not { } at)
                {
                    continue;
                }

                var text = Diagnostic.Visible(value);
                problems.Add((i, draft.Problem(field, text.Length <= 60 ? text : text[..57] + "...",
                    $"holds the control character {ControlName(value[at])} at position {at + 1}, "
                    + (value[at] == '\0' ? "which the database cannot store (it would cut the value there); " : "which is no text; ")
                    + (FreeTextFields.Contains(field) ? "a text may hold tabs and line breaks, no other control character" : "this field holds no control character"))));
                visible ??= new Dictionary<string, string>(draft.Fields, StringComparer.Ordinal);
                visible[field] = text;
            }

            if (visible is not null)
            {
                shown ??= [.. drafts];
                shown[i] = draft with { Fields = visible };
            }
        }

        return shown ?? drafts;
    }

    /// <summary>The fields that hold prose, where a tab or a line break is part of the text; every other field is an id or a token.</summary>
    private static readonly HashSet<string> FreeTextFields = new(StringComparer.Ordinal) { TouchpointEventFields.Kind, TouchpointEventFields.Outcome, TouchpointEventFields.ProductFamily };

    /// <summary>
    /// The index of the first control character a field may not hold, or null. DuckDB cuts a text at U+0000, so
    /// <c>N-1\u0000</c> would be stored as <c>N-1</c> (another event's id); the other C0 controls are no text either.
    /// </summary>
    private static int? ForbiddenControl(string field, string value)
    {
        var freeText = FreeTextFields.Contains(field);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] < ' ' && !(freeText && value[i] is '\t' or '\r' or '\n'))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>A control character as messages name it: <c>U+0000 (NUL)</c>.</summary>
    private static string ControlName(char control) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)control:X4}")
        + (control switch { '\0' => " (NUL)", '\t' => " (tab)", '\n' => " (line feed)", '\r' => " (carriage return)", '\u001b' => " (escape)", _ => "" });


    private static readonly string[] IdFields = [TouchpointEventFields.EventId, TouchpointEventFields.AccountId, TouchpointEventFields.ContactId, TouchpointEventFields.TicketId];

    [GeneratedRegex(Import.ValueParsing.ExcelScientificPattern)]
    private static partial Regex ExcelScientific();
}
