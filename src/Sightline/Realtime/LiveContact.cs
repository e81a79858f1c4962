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
            Segments = [.. account.Segments],
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
        // Channels in order of first appearance, as the counts list them (loops: this runs for every event).
        var channels = new List<string>(CanonicalChannelCount);
        foreach (var bucket in account.Features.Buckets)
        {
            if (!channels.Contains(bucket.Channel))
            {
                channels.Add(bucket.Channel);
            }
        }

        Dictionary<string, int> Counts(int days)
        {
            var counts = new Dictionary<string, int>(channels.Count, StringComparer.Ordinal);
            foreach (var channel in channels)
            {
                if (account.Features.Count(day, days, channel) is > 0 and var n)
                {
                    counts.Add(channel, n);
                }
            }

            return counts;
        }

        var kinds = batchWindowStillOpen ? new Dictionary<string, int>(batch.KindTouches30d, StringComparer.Ordinal) : new Dictionary<string, int>(StringComparer.Ordinal);
        var openSupport = 0;
        foreach (var t in history.Touches)
        {
            if (!LiveContactHistory.IsWithin(t, day))
            {
                continue;
            }

            if (t.Kind is { } kind)
            {
                kinds[kind] = kinds.GetValueOrDefault(kind) + t.Count;
            }

            openSupport += t.OpenSupport ? t.Count : 0;
        }

        int? renewal = batch.DaysToRenewal is { } r ? ((r - elapsed) % 365 + 365) % 365 : null;
        int? rival = batch.DaysToCompetitorContractEnd is { } c && c - elapsed >= 0 ? c - elapsed : null;
        return batch with
        {
            Channel = touch.Channel,
            Kind = touch.Kind,
            ChannelTouches30d = Counts(30),
            ChannelTouches90d = Counts(90),
            KindTouches30d = kinds,
            OpenTickets = (batchWindowStillOpen ? batch.OpenTickets : 0) + openSupport,
            FamiliesAskedAbout = [.. batch.FamiliesAskedAbout.Union(account.Features.ProductsAskedAbout(day), StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            DaysSinceLastOrder = batch.DaysSinceLastOrder + elapsed,
            DaysToRenewal = renewal,
            DaysToCompetitorContractEnd = rival,
        };
    }
}
