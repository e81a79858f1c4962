namespace Sightline.Realtime;

/// <summary>
/// Answers one touch for one live account, in memory: the reason for contact (predicted from the state just before the
/// touch), then the touch applied (features, scores, segments), then the route and the next best action for the state
/// after it. The host (an account grain) owns the account and its history and calls this one event at a time.
/// </summary>
public static class LiveContact
{
    /// <summary>Applies <paramref name="touch"/> to <paramref name="account"/> and answers the contact.</summary>
    /// <exception cref="BadInputException">The event is malformed or for another account; nothing is changed.</exception>
    public static LiveContactResult Apply(LiveAccount account, LiveContactHistory history, TouchpointEvent touch, LiveContactContext context)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(touch);
        ArgumentNullException.ThrowIfNull(context);
        var input = ReasonInput(account, history, touch, context);
        var reason = context.ReasonModel?.Predict(input);
        var change = Update(account, history, touch, context);

        var propensity = account.Propensity(context.Account);
        var route = context.Routing.Route(new RoutingRow
        {
            AccountId = account.AccountId,
            Segment = account.AssignedSegment,
            Segments = account.Segments, // replaced, never changed, by each evaluation
            Tier = account.Batch.Texts.GetValueOrDefault("size_band"),
            Band = propensity?.Band,
            Propensity = propensity?.Probability,
            Reason = reason?.Reason,
            ReasonProbability = reason?.Probability,
            Channel = touch.Channel,
            Kind = touch.Kind,
            Features = account.EvaluatedRuleRow(context.Account),
        }, account.On);
        var batch = context.ActionBaselines.GetValueOrDefault(account.AccountId);
        var action = NextBestActions.Choose(new NextBestActionInput
        {
            Reason = reason?.Reason,
            ReasonEvidence = reason?.Evidence ?? [],
            Segment = account.AssignedSegment,
            Band = propensity?.Band,
            OpenTickets = account.Features.OpenTickets(account.On),
            FamiliesHeld = input.FamiliesHeld,
            RenewalFamily = input.RenewalFamily,
            DaysToRenewal = input.DaysToRenewal,
            WhiteSpace = batch?.WhiteSpace ?? [],
            RepList = batch?.RepList,
            Currency = context.Currency,
        });
        return new LiveContactResult(change, reason, context.ReasonModelNote, route, action);
    }

    /// <summary>
    /// What <see cref="Apply"/> does to the account and its history, without the answer (no reason, route or action): a host
    /// rebuilding the state from a new baseline applies again the events the batch does not count.
    /// </summary>
    /// <exception cref="BadInputException">The event is malformed or for another account; nothing is changed.</exception>
    public static LiveAccountChange Update(LiveAccount account, LiveContactHistory history, TouchpointEvent touch, LiveContactContext context)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(context);
        var change = account.Apply(touch, context.Account);
        history.Add(touch, account.On);
        return change;
    }

    private static readonly int CanonicalChannelCount = Data.CanonicalSchema.TouchpointChannels.Count;

    private static readonly IReadOnlyDictionary<string, int> NoCounts = new Dictionary<string, int>(StringComparer.Ordinal);

    private static readonly System.Collections.Frozen.FrozenDictionary<string, int> ChannelIndexes =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Data.CanonicalSchema.TouchpointChannels.Select((c, i) => (c, i)), x => x.c, x => x.i, StringComparer.Ordinal);

    private static int ChannelIndex(string channel) => ChannelIndexes.TryGetValue(channel, out var c) ? c : -1;

    /// <summary>The channels with touches, in <paramref name="order"/>, and their counts.</summary>
    private static Dictionary<string, int> Counts(ReadOnlySpan<int> counts, ReadOnlySpan<int> order)
    {
        var result = new Dictionary<string, int>(order.Length, StringComparer.Ordinal);
        foreach (var c in order)
        {
            if (counts[c] > 0)
            {
                result.Add(Data.CanonicalSchema.TouchpointChannels[c], counts[c]);
            }
        }

        return result;
    }

    /// <summary>The batch's families asked about and the live ones, distinct and sorted; the batch's own list when the live add nothing to it.</summary>
    private static IReadOnlyList<string> FamiliesAskedAbout(IReadOnlyList<string> batch, List<string> live)
    {
        var sorted = true;
        for (var i = 1; i < batch.Count && sorted; i++)
        {
            sorted = string.CompareOrdinal(batch[i - 1], batch[i]) < 0;
        }

        var adds = false;
        foreach (var family in live)
        {
            adds |= !batch.Contains(family, StringComparer.Ordinal);
        }

        return sorted && !adds ? batch : [.. batch.Union(live, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The reason model's inputs for a touch: the batch's record at the end of the batch date, moved to the touch's day.
    /// Channel counts come from the live day buckets (so they include live touches); kinds and open support questions add
    /// the live touches of the last 30 days to the batch's; days since the last order, to the renewal and to a competitor's
    /// contract end move with the calendar. Orders are not live: holdings and revenue stay the batch's.
    /// </summary>
    public static ContactReasonInput ReasonInput(LiveAccount account, LiveContactHistory history, TouchpointEvent touch, LiveContactContext context)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(touch);
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.ReasonBaselines.GetValueOrDefault(account.AccountId) ?? new ContactReasonInput { Channel = "" };
        var day = touch.Day > account.On ? touch.Day : account.On;

        // The batch's record is taken at midnight after the batch date; days elapsed since then (never negative).
        var elapsed = Math.Max(0, day.DayNumber - (context.Stamp.AsOf.DayNumber + 1));
        var batchWindowStillOpen = elapsed < LiveContactHistory.KeepDays;
        // Channels in order of first appearance, as the counts list them; both windows in one pass over the day buckets
        // (loops, not queries: this runs for every event).
        var buckets = account.Features.Buckets;
        Span<int> last30 = stackalloc int[CanonicalChannelCount];
        Span<int> last90 = stackalloc int[CanonicalChannelCount];
        Span<int> order = stackalloc int[CanonicalChannelCount];
        var seen = 0;
        foreach (var bucket in buckets)
        {
            var channel = ChannelIndex(bucket.Channel);
            if (channel < 0)
            {
                continue;
            }

            if (order[..seen].IndexOf(channel) < 0)
            {
                order[seen++] = channel;
            }

            var age = day.DayNumber - bucket.Day;
            if (age is >= 0 and < 90)
            {
                last90[channel] += bucket.Total;
                if (age < 30)
                {
                    last30[channel] += bucket.Total;
                }
            }
        }

        var kinds = batchWindowStillOpen ? batch.KindTouches30d : NoCounts;
        var openSupport = 0;
        Dictionary<string, int>? liveKinds = null;
        foreach (var t in history.Touches)
        {
            if (!LiveContactHistory.IsWithin(t, day))
            {
                continue;
            }

            if (t.Kind is { } kind)
            {
                liveKinds ??= new Dictionary<string, int>(kinds, StringComparer.Ordinal);
                liveKinds[kind] = liveKinds.GetValueOrDefault(kind) + t.Count;
            }

            openSupport += t.OpenSupport ? t.Count : 0;
        }

        int? renewal = batch.DaysToRenewal is { } r ? ((r - elapsed) % 365 + 365) % 365 : null;
        int? rival = batch.DaysToCompetitorContractEnd is { } c && c - elapsed >= 0 ? c - elapsed : null;
        return batch with
        {
            Channel = touch.Channel,
            Kind = touch.Kind,
            ChannelTouches30d = Counts(last30, order[..seen]),
            ChannelTouches90d = Counts(last90, order[..seen]),
            KindTouches30d = liveKinds ?? kinds,
            OpenTickets = (batchWindowStillOpen ? batch.OpenTickets : 0) + openSupport,
            FamiliesAskedAbout = FamiliesAskedAbout(batch.FamiliesAskedAbout, account.Features.ProductsAskedAbout(day)),
            DaysSinceLastOrder = batch.DaysSinceLastOrder + elapsed,
            DaysToRenewal = renewal,
            DaysToCompetitorContractEnd = rival,
        };
    }
}
