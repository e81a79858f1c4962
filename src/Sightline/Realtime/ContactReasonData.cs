using System.Collections;
using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Builds the reason model's training rows in one DuckDB statement over the workspace tables: per inbound touch, the
/// account's state just before it (point in time: nothing dated after the touch is read into the inputs) and the label.
/// Labels, first rule that applies:
/// <list type="number">
/// <item>support: the touch itself is a support touch (support channel, or a kind naming support, a ticket or an incident);</item>
/// <item>new_purchase: the first order day in [touch day, touch day + horizon] has a line of a family the account had not bought before the touch day;</item>
/// <item>upgrade: that order has a held family whose amount that day is above upgrade_factor x its usual day amount
///   (the mean over the 365 days before the touch, else its last amount);</item>
/// <item>renewal: that order has a held family also ordered 365 ± tolerance days before the order day;</item>
/// <item>support: a support touch follows within the horizon;</item>
/// <item>none (not labelled): nothing of the above followed.</item>
/// </list>
/// </summary>
public static class ContactReasonData
{
    /// <summary>SQL: the touch in alias <paramref name="t"/> is a support touch (same test as <see cref="ContactReasons.IsSupportTouch"/>).</summary>
    internal static string SupportTouch(string t) =>
        $"({t}.channel = 'support' OR lower({t}.kind) LIKE '%support%' OR lower({t}.kind) LIKE '%ticket%' OR lower({t}.kind) LIKE '%incident%')";

    /// <summary>SQL: the support touch in alias <paramref name="t"/> is still open (its outcome is not resolved, answered or closed).</summary>
    internal static string OpenTicket(string t) =>
        $"({SupportTouch(t)} AND ({t}.outcome IS NULL OR lower({t}.outcome) NOT IN ({string.Join(", ", LiveContactHistory.ResolvedOutcomes.Select(Sightline.Sql.Literal))})))";

    /// <summary>Every inbound touch with its state and label, oldest first.</summary>
    public static List<ContactReasonExample> Examples(Workspace workspace, ContactReasonLabelling? labelling = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Read(workspace, labelling ?? new ContactReasonLabelling(), InboundTouches, null);
    }

    /// <summary>
    /// Every account's state at the end of <paramref name="asOf"/>, in the same one statement as the training rows: the
    /// baseline a live grain starts from before it counts new touches and orders in memory. <see cref="ContactReasonInput.Channel"/>
    /// is empty and <see cref="ContactReasonInput.Kind"/> null: the grain sets them from the touch it answers.
    /// </summary>
    public static Dictionary<string, ContactReasonInput> Baselines(Workspace workspace, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Read(workspace, new ContactReasonLabelling(), EndOfDay, asOf).ToDictionary(e => e.AccountId, e => e.Input, StringComparer.Ordinal);
    }

    // The examples: inbound touches, at their own time.
    private static readonly string InboundTouches = $"""
        SELECT event_id, account_id, occurred_at, occurred_at::DATE AS day, channel, kind, {SupportTouch("touchpoints")} AS is_support
        FROM touchpoints WHERE direction = 'in'
        """;

    // The baselines: one point per account at midnight after the as-of date ($4), as if it contacted us then.
    private const string EndOfDay = """
        SELECT account_id AS event_id, account_id, ($4::DATE + 1)::TIMESTAMP AS occurred_at, $4::DATE + 1 AS day,
            '' AS channel, NULL::VARCHAR AS kind, false AS is_support
        FROM accounts WHERE created_at IS NULL OR created_at <= $4::DATE
        """;

    private static List<ContactReasonExample> Read(Workspace workspace, ContactReasonLabelling l, string inbound, DateOnly? asOf)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = Sql(inbound, Data.Purchases.Source(workspace));
        command.Parameters.Add(new DuckDBParameter(l.HorizonDays));
        command.Parameters.Add(new DuckDBParameter(l.AnniversaryToleranceDays));
        command.Parameters.Add(new DuckDBParameter(l.UpgradeFactor));
        if (asOf is { } day)
        {
            command.Parameters.Add(new DuckDBParameter(day.ToDateTime(TimeOnly.MinValue)));
        }

        var examples = new List<ContactReasonExample>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var input = new ContactReasonInput
            {
                Channel = reader.GetString(3),
                Kind = reader.IsDBNull(4) ? null : reader.GetString(4),
                ChannelTouches30d = Counts(reader.GetValue(5)),
                ChannelTouches90d = Counts(reader.GetValue(6)),
                KindTouches30d = Counts(reader.GetValue(7)),
                OpenTickets = Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
                FamiliesAskedAbout = Strings(reader.GetValue(9)),
                FamiliesHeld = Strings(reader.GetValue(10)),
                DaysToRenewal = reader.IsDBNull(11) ? null : Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture),
                RenewalFamily = reader.IsDBNull(12) ? null : reader.GetString(12),
                DaysSinceLastOrder = reader.IsDBNull(13) ? null : Convert.ToInt32(reader.GetValue(13), CultureInfo.InvariantCulture),
                Orders365d = Convert.ToInt32(reader.GetValue(14), CultureInfo.InvariantCulture),
                Revenue365d = Convert.ToDouble(reader.GetValue(15), CultureInfo.InvariantCulture),
                DaysToCompetitorContractEnd = reader.IsDBNull(16) ? null : Convert.ToInt32(reader.GetValue(16), CultureInfo.InvariantCulture),
            };
            examples.Add(new ContactReasonExample(reader.GetString(0), reader.GetString(1), DbValues.Date(reader.GetValue(2))!.Value, input,
                reader.IsDBNull(17) ? null : reader.GetString(17), reader.GetBoolean(18)));
        }

        return examples;
    }

    private static List<string> Strings(object? value) =>
        value is null or DBNull ? [] : ((IEnumerable)value).Cast<object?>().OfType<string>().ToList();

    private static Dictionary<string, int> Counts(object? value)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in Strings(value))
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        return counts;
    }

    // $1 horizon days, $2 anniversary tolerance days, $3 upgrade factor; inbound: the points in time to describe; purchases:
    // orders, or the won deals of a workspace without orders (Purchases), so holdings and labels read what the batch reads.
    private static string Sql(string inbound, string purchases) => $"""
        WITH inbound AS (
            {inbound}),
        line AS (
            SELECT o.account_id, o.order_date, o.amount, p.family
            FROM {purchases} o JOIN {Data.Merchandise.Products} p USING (product_id)
            WHERE o.amount > 0 AND p.family IS NOT NULL),
        family_day AS (
            SELECT account_id, family, order_date, sum(amount) AS amount FROM line GROUP BY ALL),
        family_first AS (
            SELECT account_id, family, min(order_date) AS first_date FROM family_day GROUP BY ALL),
        recent AS (
            SELECT i.event_id,
                list(t.channel) FILTER (WHERE t.occurred_at >= i.occurred_at - INTERVAL 30 DAY) AS channels_30d,
                list(t.channel) AS channels_90d,
                list(t.kind) FILTER (WHERE t.occurred_at >= i.occurred_at - INTERVAL 30 DAY AND t.kind IS NOT NULL) AS kinds_30d,
                count(*) FILTER (WHERE t.occurred_at >= i.occurred_at - INTERVAL 30 DAY AND {OpenTicket("t")}) AS open_tickets
            FROM inbound i JOIN touchpoints t ON t.account_id = i.account_id
                AND t.occurred_at < i.occurred_at AND t.occurred_at >= i.occurred_at - INTERVAL 90 DAY
            GROUP BY i.event_id),
        asked AS (
            SELECT i.event_id, list_sort(list(DISTINCT p.family)) AS families
            FROM inbound i JOIN opportunities op ON op.account_id = i.account_id
                AND op.created_at <= i.day AND {Features.FeatureBuilder.OpenOn("i.day", "op.")}
            JOIN {Data.Merchandise.Products} p ON p.product_id = op.product_id
            WHERE p.family IS NOT NULL
            GROUP BY i.event_id),
        holdings AS (
            SELECT i.event_id, list_sort(list(f.family)) AS families,
                min((365 - date_diff('day', f.first_date, i.day) % 365) % 365) AS days_to_renewal,
                arg_min(f.family, (365 - date_diff('day', f.first_date, i.day) % 365) % 365) AS renewal_family
            FROM inbound i JOIN family_first f ON f.account_id = i.account_id AND f.first_date < i.day
            GROUP BY i.event_id),
        history AS (
            SELECT i.event_id, date_diff('day', max(d.order_date), i.day) AS days_since_last_order,
                count(DISTINCT d.order_date) FILTER (WHERE d.order_date >= i.day - 365) AS orders_365d,
                coalesce(sum(d.amount) FILTER (WHERE d.order_date >= i.day - 365), 0) AS revenue_365d
            FROM inbound i JOIN family_day d ON d.account_id = i.account_id AND d.order_date < i.day
            GROUP BY i.event_id, i.day),
        rival AS (
            SELECT i.event_id, min(date_diff('day', i.day, c.contract_end)) AS days
            FROM inbound i JOIN competitors c ON c.account_id = i.account_id AND c.contract_end >= i.day
            GROUP BY i.event_id),
        next_order AS (
            SELECT i.event_id, min(d.order_date) AS order_date
            FROM inbound i JOIN family_day d ON d.account_id = i.account_id
                AND d.order_date >= i.day AND d.order_date <= i.day + $1::INTEGER
            GROUP BY i.event_id),
        next_lines AS (
            SELECT i.event_id, i.day, d.amount, n.order_date, f.first_date,
                (SELECT coalesce(avg(b.amount) FILTER (WHERE b.order_date >= i.day - 365), arg_max(b.amount, b.order_date))
                    FROM family_day b WHERE b.account_id = d.account_id AND b.family = d.family AND b.order_date < i.day) AS usual,
                EXISTS (SELECT 1 FROM family_day y WHERE y.account_id = d.account_id AND y.family = d.family
                    AND y.order_date BETWEEN n.order_date - 365 - $2::INTEGER AND n.order_date - 365 + $2::INTEGER) AS year_ago
            FROM inbound i JOIN next_order n USING (event_id)
            JOIN family_day d ON d.account_id = i.account_id AND d.order_date = n.order_date
            JOIN family_first f ON f.account_id = d.account_id AND f.family = d.family),
        judged AS (
            SELECT event_id,
                bool_or(first_date >= day) AS any_new,
                bool_or(first_date < day AND amount > $3::DOUBLE * usual) AS any_larger,
                bool_or(first_date < day AND year_ago) AS any_anniversary
            FROM next_lines GROUP BY event_id),
        support_after AS (
            SELECT DISTINCT i.event_id
            FROM inbound i JOIN touchpoints t ON t.account_id = i.account_id
                AND t.occurred_at > i.occurred_at AND t.occurred_at::DATE <= i.day + $1::INTEGER
            WHERE {SupportTouch("t")}),
        data_end AS (
            SELECT greatest((SELECT max(order_date) FROM {purchases}), (SELECT max(occurred_at)::DATE FROM touchpoints)) AS day)
        SELECT i.event_id, i.account_id, i.day, i.channel, i.kind,
            r.channels_30d, r.channels_90d, r.kinds_30d, coalesce(r.open_tickets, 0),
            a.families, h.families, h.days_to_renewal, h.renewal_family,
            hi.days_since_last_order, coalesce(hi.orders_365d, 0), coalesce(hi.revenue_365d, 0), rv.days,
            CASE
                WHEN i.is_support THEN 'support'
                WHEN j.any_new THEN 'new_purchase'
                WHEN j.any_larger THEN 'upgrade'
                WHEN j.any_anniversary THEN 'renewal'
                WHEN s.event_id IS NOT NULL THEN 'support'
            END AS reason,
            i.day + $1::INTEGER <= (SELECT day FROM data_end) AS label_complete
        FROM inbound i
        LEFT JOIN recent r USING (event_id)
        LEFT JOIN asked a USING (event_id)
        LEFT JOIN holdings h USING (event_id)
        LEFT JOIN history hi USING (event_id)
        LEFT JOIN rival rv USING (event_id)
        LEFT JOIN judged j USING (event_id)
        LEFT JOIN support_after s USING (event_id)
        ORDER BY i.occurred_at, i.event_id
        """;
}
