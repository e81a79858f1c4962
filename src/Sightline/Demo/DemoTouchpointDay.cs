using System.Globalization;
using Sightline.Features;
using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Demo;

/// <summary>
/// A day of touchpoints for the demo's replay and the real-time benchmark, drawn from a workspace's own history: the
/// day's touches are a seeded sample of the last year's touches (so accounts, channels, kinds, directions, outcomes,
/// contacts and times of day keep the history's shares and the daily volume is the history's daily rate), moved onto
/// the day and made specific the way a contact centre would see them: calls of accounts near a renewal are renewal
/// calls about the family that renews, support touches open, follow up and close tickets (including tickets the
/// history left open), and touches that show buying interest name the product family asked about.
/// </summary>
public static class DemoTouchpointDay
{
    /// <summary>Calls of an account whose next renewal is at most this many days away are about that renewal.</summary>
    public const int RenewalWindowDays = 45;

    /// <summary>Chance a support touch of an account with an open ticket works on that ticket and closes it.</summary>
    public const double CloseOpenTicketChance = 0.5;

    /// <summary>Chance a ticket opened during the day is closed by a follow-up later the same day.</summary>
    public const double SameDayCloseChance = 0.3;

    /// <summary>The kind of the follow-up that closes a ticket opened the same day (the only events not copied from the history).</summary>
    public const string SameDayCloseKind = "ticket_closed";

    /// <summary>Kinds that show interest in buying; an inbound touch of one of them names a product family.</summary>
    public static readonly IReadOnlyList<string> InterestKinds =
        ["pricing_page", "demo_request", "product_page", "sales_chat", "pricing_question", "discovery_call", "demo", "workshop"];

    /// <summary>The day a replay shows: the day after the latest batch's as-of date.</summary>
    public static DateOnly DefaultDay(Workspace workspace) => FeatureTable.AsOf(workspace).AddDays(1);

    /// <summary>
    /// The day's events, in time order, with ids <c>DAY-yyyyMMdd-SEED-NNNNNN</c> (the same seed and day give the same
    /// events, so a second replay of a day is all duplicates). <paramref name="events"/> overrides the volume (default:
    /// the history's touches of the 365 days before <paramref name="day"/> divided by 365, at least one).
    /// </summary>
    /// <exception cref="BadInputException">The workspace has no touches in the year before the day to draw from.</exception>
    public static IReadOnlyList<TouchpointEvent> Generate(Workspace workspace, DateOnly day, int seed, int? events = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var from = day.AddDays(-365);
        var history = Convert.ToInt64(workspace.Scalar(
            $"SELECT count(*) FROM touchpoints WHERE occurred_at >= {Timestamp(from)} AND occurred_at < {Timestamp(day)}"), CultureInfo.InvariantCulture);
        if (history == 0)
        {
            throw new BadInputException(workspace.Directory,
                $"touchpoints has no touch between {from:yyyy-MM-dd} and {day.AddDays(-1):yyyy-MM-dd}, so there is no history to draw a day of touchpoints from");
        }

        var count = events ?? (int)Math.Max(1, Math.Round(history / 365.0));
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(events), events, "a day needs at least one event");
        }

        var rng = new DemoRandom(DemoRandom.StreamSeed(seed, day.DayNumber, stream: 17));
        var picks = Sample(rng, history, count);

        var templates = ReadTemplates(workspace, from, day, picks);
        var accounts = ReadAccounts(workspace, day, templates.Values.Select(t => t.AccountId).Distinct(StringComparer.Ordinal).ToList());
        var families = workspace.Strings("SELECT DISTINCT family FROM products WHERE family IS NOT NULL ORDER BY family");

        // Times first, so the tickets opened and closed during the day follow each other in time.
        var ordered = picks.Select(p => templates[p]).OrderBy(t => t.SecondOfDay).ThenBy(t => t.Row).ToList();
        var drafts = new List<Draft>(count + (count / 10));
        var ticketNumber = 0;
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var template in ordered)
        {
            var account = accounts[template.AccountId];
            var draft = new Draft(start.AddSeconds(template.SecondOfDay), template);
            if (template.Channel == "call" && account.RenewalInDays is <= RenewalWindowDays)
            {
                draft.Kind = "renewal_call";
                draft.ProductFamily = account.RenewalFamily;
            }
            else if (template.Channel == "call" && template.Kind == "renewal_call")
            {
                // The history's renewal calls fall on any day; on the replayed day only accounts near a renewal make them.
                draft.Kind = "check_in";
            }

            if (template.Channel == "support")
            {
                Support(draft, account, rng, day, ref ticketNumber, drafts);
            }
            else if (draft.Direction == "in" && draft.ProductFamily is null && draft.Kind is { } kind && InterestKinds.Contains(kind, StringComparer.Ordinal))
            {
                draft.ProductFamily = AskedFamily(account, families, rng);
            }

            drafts.Add(draft);
        }

        var seedText = seed.ToString(CultureInfo.InvariantCulture);
        var dayText = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return drafts.OrderBy(d => d.At).Select((d, i) => new TouchpointEvent(
            $"DAY-{dayText}-{seedText}-{(i + 1).ToString("D6", CultureInfo.InvariantCulture)}", d.Template.AccountId, d.At, d.Template.Channel, d.Kind, d.Direction,
            d.Template.ContactId, d.Outcome, d.ProductFamily, d.TicketId, d.TicketState)).ToList();
    }

    /// <summary>A support touch works on an open ticket (and closes it) or opens a new one; some new ones close the same day.</summary>
    private static void Support(Draft draft, DemoDayAccount account, DemoRandom rng, DateOnly day, ref int ticketNumber, List<Draft> drafts)
    {
        draft.ProductFamily = account.Held.Count > 0 ? account.Held[rng.Next(account.Held.Count)] : null;
        if (account.OpenTickets.Count > 0 && rng.Chance(CloseOpenTicketChance))
        {
            var ticket = account.OpenTickets[0];
            account.OpenTickets.RemoveAt(0);
            draft.TicketId = ticket;
            draft.TicketState = TouchpointEvent.TicketClosed;
            draft.Outcome = "resolved";
            return;
        }

        ticketNumber++;
        var id = $"T-{day:yyyyMMdd}-{ticketNumber.ToString("D5", CultureInfo.InvariantCulture)}";
        draft.TicketId = id;
        var open = LiveFeatures.UnresolvedOutcomes.Contains(draft.Outcome ?? "", StringComparer.Ordinal);
        draft.TicketState = open ? TouchpointEvent.TicketOpen : TouchpointEvent.TicketClosed;
        if (!open)
        {
            return;
        }

        var remaining = 86_400 - (int)draft.At.TimeOfDay.TotalSeconds;
        if (remaining > 600 && rng.Chance(SameDayCloseChance))
        {
            var followUp = new Draft(draft.At.AddSeconds(rng.Next(300, remaining)), draft.Template)
            {
                Kind = SameDayCloseKind,
                Direction = "out",
                Outcome = "resolved",
                ProductFamily = draft.ProductFamily,
                TicketId = id,
                TicketState = TouchpointEvent.TicketClosed,
            };
            drafts.Add(followUp);
        }
        else
        {
            account.OpenTickets.Add(id);
        }
    }

    /// <summary>An open opportunity's family when there is one, else mostly a family the account does not hold yet (new purchase), else a held one (upgrade).</summary>
    private static string? AskedFamily(DemoDayAccount account, IReadOnlyList<string> families, DemoRandom rng)
    {
        if (account.Pipeline.Count > 0 && rng.Chance(0.7))
        {
            return account.Pipeline[rng.Next(account.Pipeline.Count)];
        }

        var notHeld = families.Where(f => !account.Held.Contains(f, StringComparer.Ordinal)).ToList();
        if (notHeld.Count > 0 && (account.Held.Count == 0 || rng.Chance(0.6)))
        {
            return notHeld[rng.Next(notHeld.Count)];
        }

        return account.Held.Count > 0 ? account.Held[rng.Next(account.Held.Count)] : null;
    }

    /// <summary>
    /// <paramref name="count"/> positions in 1..<paramref name="size"/>, each at most once (Floyd's sampling) while the
    /// history is large enough, so one touch is not replayed twice at the same second; beyond that, round after round.
    /// </summary>
    private static List<long> Sample(DemoRandom rng, long size, int count)
    {
        var picks = new List<long>(count);
        while (picks.Count < count)
        {
            var take = (int)Math.Min(size, count - picks.Count);
            var chosen = new HashSet<long>();
            for (var j = size - take + 1; j <= size; j++)
            {
                var t = 1 + (long)(rng.NextDouble() * j);
                var pick = chosen.Add(t) ? t : j;
                chosen.Add(pick);
                picks.Add(pick);
            }
        }

        return picks;
    }

    /// <summary>The history's touches at the given positions (1-based, in event id order) of the year before the day.</summary>
    private static Dictionary<long, DemoDayTemplate> ReadTemplates(Workspace workspace, DateOnly from, DateOnly day, List<long> positions)
    {
        var list = string.Join(", ", positions.Distinct().Order().Select(p => p.ToString(CultureInfo.InvariantCulture)));
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT rn, account_id, channel, kind, direction, contact_id, outcome,
                   CAST(extract('epoch' FROM occurred_at) AS BIGINT) % 86400 AS second_of_day
            FROM (SELECT *, row_number() OVER (ORDER BY event_id) AS rn FROM touchpoints
                  WHERE occurred_at >= {Timestamp(from)} AND occurred_at < {Timestamp(day)})
            WHERE rn IN (SELECT unnest([{list}]))
            """;
        using var reader = command.ExecuteReader();
        var templates = new Dictionary<long, DemoDayTemplate>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var row = reader.GetInt64(0);
            templates[row] = new DemoDayTemplate(row, reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5), Text(6), (int)reader.GetInt64(7));
        }

        return templates;
    }

    /// <summary>
    /// What the day's accounts bring: families held (with the next yearly anniversary of each family's first order, the
    /// renewal), families of open opportunities, and support matters the history left open (an unresolved support touch
    /// of the last 90 days, which the live state keys by its event id).
    /// </summary>
    private static Dictionary<string, DemoDayAccount> ReadAccounts(Workspace workspace, DateOnly day, IReadOnlyList<string> accountIds)
    {
        var accounts = accountIds.ToDictionary(a => a, a => new DemoDayAccount(), StringComparer.Ordinal);
        var ids = string.Join(", ", accountIds.Select(Sql.Literal));
        var dayLiteral = $"DATE '{day:yyyy-MM-dd}'";
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT o.account_id, p.family, min(o.order_date) AS first_order
                FROM orders o JOIN products p USING (product_id)
                WHERE o.account_id IN ({ids}) AND p.family IS NOT NULL AND o.amount > 0 AND o.order_date < {dayLiteral}
                GROUP BY ALL ORDER BY o.account_id, p.family
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var account = accounts[reader.GetString(0)];
                var family = reader.GetString(1);
                account.Held.Add(family);
                var first = DateOnly.FromDateTime(reader.GetDateTime(2));
                var anniversary = first.AddYears(Math.Max(1, day.Year - first.Year));
                while (anniversary < day)
                {
                    anniversary = anniversary.AddYears(1);
                }

                var inDays = anniversary.DayNumber - day.DayNumber;
                if (account.RenewalInDays is null || inDays < account.RenewalInDays)
                {
                    account.RenewalInDays = inDays;
                    account.RenewalFamily = family;
                }
            }
        }

        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT DISTINCT o.account_id, p.family FROM opportunities o JOIN products p USING (product_id)
                WHERE o.account_id IN ({ids}) AND p.family IS NOT NULL AND o.closed_at IS NULL AND o.created_at < {dayLiteral}
                ORDER BY ALL
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                accounts[reader.GetString(0)].Pipeline.Add(reader.GetString(1));
            }
        }

        using (var command = workspace.Connection.CreateCommand())
        {
            var unresolved = string.Join(", ", LiveFeatures.UnresolvedOutcomes.Select(Sql.Literal));
            command.CommandText = $"""
                SELECT account_id, event_id FROM touchpoints
                WHERE account_id IN ({ids}) AND channel = 'support' AND outcome IN ({unresolved})
                  AND occurred_at >= {Timestamp(day.AddDays(-LiveFeatures.TicketDays + 1))} AND occurred_at < {Timestamp(day)}
                ORDER BY account_id, occurred_at, event_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                accounts[reader.GetString(0)].OpenTickets.Add(reader.GetString(1));
            }
        }

        return accounts;
    }

    private static string Timestamp(DateOnly day) => $"TIMESTAMP '{day:yyyy-MM-dd} 00:00:00'";

    /// <summary>One event being made from its template.</summary>
    private sealed class Draft(DateTimeOffset at, DemoDayTemplate template)
    {
        public DateTimeOffset At { get; } = at;

        public DemoDayTemplate Template { get; } = template;

        public string? Kind { get; set; } = template.Kind;

        public string? Direction { get; set; } = template.Direction;

        public string? Outcome { get; set; } = template.Outcome;

        public string? ProductFamily { get; set; }

        public string? TicketId { get; set; }

        public string? TicketState { get; set; }
    }
}

/// <summary>A touch of the history that a replayed touch copies (row is its position in event id order).</summary>
internal sealed record DemoDayTemplate(long Row, string AccountId, string Channel, string? Kind, string? Direction, string? ContactId, string? Outcome, int SecondOfDay);

/// <summary>What a replayed day needs to know about one account.</summary>
internal sealed class DemoDayAccount
{
    public List<string> Held { get; } = [];

    public List<string> Pipeline { get; } = [];

    public List<string> OpenTickets { get; } = [];

    public int? RenewalInDays { get; set; }

    public string? RenewalFamily { get; set; }
}
