using Sightline.Realtime;

namespace Sightline.Demo.Replay;

/// <summary>What replaying a day of touchpoints through <c>POST /api/touchpoints</c> did, computed from the API's answers.</summary>
/// <param name="Day">The replayed day.</param>
/// <param name="Sent">Events sent.</param>
/// <param name="Appended">Events the log stored (new).</param>
/// <param name="Duplicates">Events the log already held (a day replayed before): not applied again.</param>
/// <param name="NotAnswered">Events logged whose grain did not answer (applied later from the log).</param>
/// <param name="Accounts">Every account touched, with its segments at the start and end of the day, by account id.</param>
/// <param name="AccountsChanged">Accounts that ended the day in other segments than they started in.</param>
/// <param name="AccountsEntered">Accounts that ended the day in a segment they were not in.</param>
/// <param name="AccountsExited">Accounts that ended the day out of a segment they were in.</param>
/// <param name="SegmentsEntered">Per segment, accounts that ended the day in it and had not started there; largest first.</param>
/// <param name="SegmentsExited">Per segment, accounts that left it over the day; largest first.</param>
/// <param name="AssignedMoves">Moves of the assigned segment (<c>from → to</c>) over the day; largest first.</param>
/// <param name="InboundCalls">Inbound calls answered by their grain.</param>
/// <param name="CallRoutes">Per routing target, inbound calls routed there; largest first.</param>
/// <param name="InboundRoutes">Per routing target, every inbound contact (any channel) routed there; largest first.</param>
/// <param name="ContactReasons">Per predicted reason, inbound contacts it was predicted for; largest first.</param>
/// <param name="Examples">A few inbound contacts in words.</param>
public sealed record DemoReplaySummary(
    DateOnly Day, int Sent, int Appended, int Duplicates, int NotAnswered, IReadOnlyList<DemoReplayAccount> Accounts,
    int AccountsChanged, int AccountsEntered, int AccountsExited, IReadOnlyList<DemoReplayCount> SegmentsEntered, IReadOnlyList<DemoReplayCount> SegmentsExited,
    IReadOnlyList<DemoReplayCount> AssignedMoves, int InboundCalls, IReadOnlyList<DemoReplayCount> CallRoutes, IReadOnlyList<DemoReplayCount> InboundRoutes,
    IReadOnlyList<DemoReplayCount> ContactReasons, IReadOnlyList<DemoReplayExample> Examples)
{
    /// <summary>How many example contacts the summary tells in words.</summary>
    public const int ExampleCount = 4;

    /// <summary>
    /// The summary of a replay: <paramref name="events"/> as sent, <paramref name="outcomes"/> as the API answered
    /// them (any order; matched by event id), <paramref name="accountNames"/> to name the examples. A pure function.
    /// </summary>
    /// <exception cref="ArgumentException">An outcome names an event that was not sent, or a sent event has no outcome.</exception>
    public static DemoReplaySummary From(DateOnly day, IReadOnlyList<TouchpointEvent> events, IReadOnlyList<DemoReplayOutcome> outcomes,
        IReadOnlyDictionary<string, string> accountNames)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(accountNames);
        var byId = new Dictionary<string, DemoReplayOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            byId[outcome.EventId] = outcome;
        }

        var sentIds = events.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        if (byId.Keys.FirstOrDefault(id => !sentIds.Contains(id)) is { } stray)
        {
            throw new ArgumentException($"the API answered for event '{stray}', which was not sent", nameof(outcomes));
        }

        if (events.FirstOrDefault(e => !byId.ContainsKey(e.EventId)) is { } missing)
        {
            throw new ArgumentException($"the API gave no outcome for event '{missing.EventId}'", nameof(outcomes));
        }

        // In the order the events happened, so an account's first answer is its start of day and its last its end.
        var answered = events.OrderBy(e => e.OccurredAt).Select(e => (Event: e, Outcome: byId[e.EventId])).Where(p => p.Outcome.Answered).ToList();
        var accounts = answered.GroupBy(p => p.Event.AccountId, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First().Outcome;
            var last = g.Last().Outcome;
            var before = first.Applied ? first.SegmentsBefore() : [.. first.SegmentsNow.Order(StringComparer.Ordinal)];
            return new DemoReplayAccount(g.Key, g.Count(), before, [.. last.SegmentsNow.Order(StringComparer.Ordinal)],
                first.Applied ? first.AssignedBefore : first.AssignedNow, last.AssignedNow, last.EventsApplied);
        }).OrderBy(a => a.AccountId, StringComparer.Ordinal).ToList();

        var entered = accounts.SelectMany(a => a.SegmentsAfter.Except(a.SegmentsBefore, StringComparer.Ordinal)).ToList();
        var exited = accounts.SelectMany(a => a.SegmentsBefore.Except(a.SegmentsAfter, StringComparer.Ordinal)).ToList();
        var moves = accounts.Where(a => !string.Equals(a.AssignedBefore, a.AssignedAfter, StringComparison.Ordinal))
            .Select(a => $"{a.AssignedBefore ?? "(none)"} → {a.AssignedAfter ?? "(none)"}").ToList();
        var inbound = answered.Where(p => p.Event.IsInbound).ToList();
        var calls = inbound.Where(p => p.Event.Channel == "call").ToList();
        return new DemoReplaySummary(day, events.Count,
            outcomes.Count(o => o.Status == DemoReplayOutcome.AppendedStatus), outcomes.Count(o => o.Status == DemoReplayOutcome.DuplicateStatus),
            outcomes.Count(o => !o.Answered), accounts, accounts.Count(a => a.Changed),
            accounts.Count(a => a.SegmentsAfter.Except(a.SegmentsBefore, StringComparer.Ordinal).Any()),
            accounts.Count(a => a.SegmentsBefore.Except(a.SegmentsAfter, StringComparer.Ordinal).Any()),
            Count(entered), Count(exited), Count(moves), calls.Count,
            Count(calls.Select(p => p.Outcome.RouteTo ?? "(not routed)")), Count(inbound.Select(p => p.Outcome.RouteTo ?? "(not routed)")),
            Count(inbound.Select(p => p.Outcome.Reason ?? "(none predicted)")), ChooseExamples(inbound, accountNames));
    }

    /// <summary>
    /// Inbound contacts that were applied and have a predicted reason: first those that moved a segment, then one per
    /// reason not yet shown, in the order they happened.
    /// </summary>
    private static List<DemoReplayExample> ChooseExamples(List<(TouchpointEvent Event, DemoReplayOutcome Outcome)> inbound, IReadOnlyDictionary<string, string> names)
    {
        var candidates = inbound.Where(p => p.Outcome.Applied && p.Outcome.Reason is not null).ToList();
        var chosen = new List<(TouchpointEvent Event, DemoReplayOutcome Outcome)>();
        foreach (var pair in candidates.Where(p => p.Outcome.Entered.Count + p.Outcome.Exited.Count > 0).Take(ExampleCount / 2))
        {
            chosen.Add(pair);
        }

        foreach (var pair in candidates.Where(p => !chosen.Contains(p)))
        {
            if (chosen.Count >= ExampleCount)
            {
                break;
            }

            if (chosen.All(c => c.Outcome.Reason != pair.Outcome.Reason))
            {
                chosen.Add(pair);
            }
        }

        return [.. chosen.OrderBy(p => p.Event.OccurredAt).Select(p => Example(p.Event, p.Outcome, names))];
    }

    private static DemoReplayExample Example(TouchpointEvent touch, DemoReplayOutcome outcome, IReadOnlyDictionary<string, string> names)
    {
        var about = touch.ProductFamily is { } family ? $" about {family}" : "";
        var ticket = touch.TicketId is { } id ? $", ticket {id} {touch.TicketState}" : "";
        var what = $"{touch.Channel} in{(touch.Kind is { } kind ? $" ({kind})" : "")}{about}{ticket} at {touch.OccurredAt.UtcDateTime:HH:mm} UTC";
        var moved = new List<string>();
        if (outcome.Entered.Count > 0)
        {
            moved.Add("entered " + string.Join(", ", outcome.Entered));
        }

        if (outcome.Exited.Count > 0)
        {
            moved.Add("left " + string.Join(", ", outcome.Exited));
        }

        return new DemoReplayExample(touch.AccountId, names.GetValueOrDefault(touch.AccountId), touch.EventId, what,
            outcome.ReasonExplanation ?? outcome.Reason ?? "", $"{outcome.RouteTo}: {outcome.RouteReason}", outcome.NextBestAction ?? "",
            moved.Count > 0 ? string.Join("; ", moved) : null);
    }

    private static List<DemoReplayCount> Count(IEnumerable<string> labels) =>
        [.. labels.GroupBy(l => l, StringComparer.Ordinal).Select(g => new DemoReplayCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Label, StringComparer.Ordinal)];
}
