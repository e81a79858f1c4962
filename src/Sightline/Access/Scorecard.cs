using System.Globalization;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Plans.Quotas;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>One rep's line on a manager's scorecard.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="Name">Its name.</param>
/// <param name="ManagerId">Who it reports to.</param>
/// <param name="Accounts">Accounts it owns (in the caller's scope).</param>
/// <param name="Quota">Its quota in the latest quota plan; null when it has none.</param>
/// <param name="Booked">Order revenue of its accounts in the quota period so far.</param>
/// <param name="Attainment">Booked ÷ quota; null without a quota.</param>
/// <param name="Potential">The summed potential of its accounts.</param>
/// <param name="Revenue">Order revenue of its accounts in the 12 months to the last order date.</param>
/// <param name="ShareOfPotential">Revenue ÷ potential: how much of the book's potential it already earns; null without potential.</param>
/// <param name="Recommended">Accounts on its list of the latest lists run.</param>
/// <param name="Worked">Of those, accounts with an outcome recorded or a touchpoint since the list was made.</param>
/// <param name="Won">Of those, accounts with a <c>won</c> outcome recorded since the list was made.</param>
/// <param name="HoldoutRecommended">In the measured lists run, its recommended accounts not held out.</param>
/// <param name="HoldoutRecommendedBuyers">Of those, accounts that ordered after that run's as-of date.</param>
/// <param name="HeldOut">In the measured lists run, its recommended accounts held out at random.</param>
/// <param name="HeldOutBuyers">Of those, accounts that ordered after that run's as-of date.</param>
/// <param name="Summary">The line in words.</param>
public sealed record ScorecardRow(string RepId, string Name, string? ManagerId, long Accounts, decimal? Quota, decimal Booked, double? Attainment,
    double Potential, double Revenue, double? ShareOfPotential, long Recommended, long Worked, long Won,
    long HoldoutRecommended, long HoldoutRecommendedBuyers, long HeldOut, long HeldOutBuyers, string Summary)
{
    /// <summary>The buying rate of the recommended, not held-out accounts; null without any.</summary>
    public double? RecommendedRate => HoldoutRecommended > 0 ? (double)HoldoutRecommendedBuyers / HoldoutRecommended : null;

    /// <summary>The buying rate of the held-out accounts; null without any.</summary>
    public double? HeldOutRate => HeldOut > 0 ? (double)HeldOutBuyers / HeldOut : null;

    /// <summary>The holdout comparison in words.</summary>
    public string Holdout => Scorecard.HoldoutWords(HoldoutRecommended, HoldoutRecommendedBuyers, HeldOut, HeldOutBuyers);
}

/// <summary>The scorecard of the reps in a scope, with the periods its numbers cover.</summary>
/// <param name="QuotaRunId">The quota plan read, or null when there is none.</param>
/// <param name="QuotaFrom">First day of the quota period (the day after the plan's as-of date).</param>
/// <param name="QuotaTo">Last day of the quota period (twelve months on).</param>
/// <param name="DataEnd">The last order date in the data: bookings after it are not known yet.</param>
/// <param name="ListRunId">The lists run whose lists are counted as recommended.</param>
/// <param name="ListedAt">When that run made the lists: work and outcomes count from then.</param>
/// <param name="LiftRunId">The lists run whose holdout is compared: the latest with orders after its as-of date.</param>
/// <param name="LiftAsOf">Its as-of date.</param>
/// <param name="Reps">One row per rep in scope with a quota, a book or a list.</param>
/// <param name="Total">The rows added up.</param>
/// <param name="Notes">What the numbers do not cover yet, in words.</param>
public sealed record ScorecardView(string? QuotaRunId, DateOnly? QuotaFrom, DateOnly? QuotaTo, DateOnly? DataEnd, string? ListRunId, DateTime? ListedAt,
    string? LiftRunId, DateOnly? LiftAsOf, IReadOnlyList<ScorecardRow> Reps, ScorecardRow Total, IReadOnlyList<string> Notes);

/// <summary>
/// The manager scorecard: per rep in scope, attainment against the latest quota plan (bookings of the rep's accounts
/// in the twelve months after the plan's as-of date), its book against its potential, how many of its recommended
/// accounts were worked and won since the lists were made, and its recommended accounts' buying rate against the
/// random holdout's (as <see cref="ListLift"/>, per rep). Accounts belong to a rep by <c>accounts.owner_rep_id</c>,
/// as quota books do. Everything is filtered in SQL by the scope: the caller's reps and accounts only.
/// </summary>
public static class Scorecard
{
    /// <summary>The scorecard of the reps <paramref name="scope"/> covers.</summary>
    public static ScorecardView For(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var inv = CultureInfo.InvariantCulture;
        var notes = new List<string>();
        var purchases = Data.Purchases.Source(workspace);
        var dataEnd = DbValues.Date(DbRows.Read(workspace, $"SELECT max(order_date) AS d FROM {purchases}")[0]["d"]);

        string? quotaRun = null;
        DateOnly? quotaFrom = null, quotaTo = null;
        var hasQuotas = workspace.TableExists(QuotaPlan.Table);
        if (hasQuotas)
        {
            var plan = DbRows.Read(workspace, $"""
                SELECT q.run_id, r.as_of FROM (SELECT max(run_id) AS run_id FROM {QuotaPlan.Table}) q LEFT JOIN runs r USING (run_id)
                """)[0];
            quotaRun = plan["run_id"] as string;
            var asOf = DbValues.Date(plan["as_of"]);
            if (asOf is { } d)
            {
                quotaFrom = d.AddDays(1);
                quotaTo = d.AddMonths(12);
            }
        }

        if (quotaRun is null)
        {
            notes.Add("no quota plan yet: run `sightline plan quotas` to see attainment");
        }
        else if (dataEnd is null || quotaFrom is null || dataEnd < quotaFrom)
        {
            notes.Add(string.Create(inv, $"the quota period starts {quotaFrom:yyyy-MM-dd} and no order after it is in the data yet, so attainment is 0 until newer orders are imported"));
        }
        else if (dataEnd < quotaTo)
        {
            var share = (dataEnd.Value.DayNumber - quotaFrom.Value.DayNumber + 1) / (double)(quotaTo.Value.DayNumber - quotaFrom.Value.DayNumber + 1);
            notes.Add(string.Create(inv, $"orders are known to {dataEnd:yyyy-MM-dd}: {share:0%} of the quota period {quotaFrom:yyyy-MM-dd} to {quotaTo:yyyy-MM-dd} has passed"));
        }

        string? listRun = null;
        DateTime? listedAt = null;
        var hasLists = workspace.TableExists(RepLists.Table);
        if (hasLists)
        {
            var run = DbRows.Read(workspace, $"""
                SELECT l.run_id, r.started_at FROM (SELECT max(run_id) AS run_id FROM {RepLists.Table}) l LEFT JOIN runs r USING (run_id)
                """)[0];
            listRun = run["run_id"] as string;
            listedAt = run["started_at"] as DateTime?;
        }

        if (listRun is null)
        {
            notes.Add("no rep lists yet: run `sightline lists` to see recommended accounts worked and won");
        }

        string? liftRun = null;
        DateOnly? liftAsOf = null;
        if (workspace.TableExists(ListLift.Table) && dataEnd is not null)
        {
            var run = DbRows.Read(workspace, $"""
                SELECT run_id, as_of FROM {ListLift.Table} WHERE as_of < $1 GROUP BY run_id, as_of ORDER BY run_id DESC LIMIT 1
                """, dataEnd.Value.ToDateTime(TimeOnly.MinValue)).FirstOrDefault();
            liftRun = run?["run_id"] as string;
            liftAsOf = DbValues.Date(run?["as_of"]);
        }

        if (liftRun is null)
        {
            notes.Add("no lists run has orders after its as-of date yet: the holdout comparison shows once newer orders are imported");
        }

        var quotaSql = hasQuotas && quotaRun is not null
            ? $"SELECT key AS rep_id, quota FROM {QuotaPlan.Table} WHERE level = 'rep' AND run_id = {Sql.Literal(quotaRun)}"
            : "SELECT NULL::VARCHAR AS rep_id, NULL::DECIMAL(18, 2) AS quota WHERE false";
        var periodSql = quotaFrom is { } from && quotaTo is { } to
            ? $"o.order_date BETWEEN DATE '{from:yyyy-MM-dd}' AND DATE '{to:yyyy-MM-dd}'"
            : "false";
        var revenueSql = dataEnd is { } end
            ? $"o.order_date > DATE '{end.AddMonths(-12):yyyy-MM-dd}' AND o.order_date <= DATE '{end:yyyy-MM-dd}'"
            : "false";
        var potentialSql = workspace.TableExists(AccountPotential.Table)
            ? $"SELECT account_id, potential FROM {AccountPotential.Table}"
            : "SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS potential WHERE false";
        var listedSince = listedAt is { } at ? string.Create(inv, $"TIMESTAMP '{at:yyyy-MM-dd HH:mm:ss.ffffff}'") : "NULL::TIMESTAMP";
        var listSql = hasLists && listRun is not null
            ? $"SELECT rep_id, account_id FROM {RepLists.Table} WHERE run_id = {Sql.Literal(listRun)} AND {scope.AccountCondition("account_id")}"
            : "SELECT NULL::VARCHAR AS rep_id, NULL::VARCHAR AS account_id WHERE false";
        var liftSql = liftRun is not null && liftAsOf is { } liftDay
            ? $"""
                SELECT lr.rep_id, lr.account_id, lr.held_out,
                    EXISTS (SELECT 1 FROM {purchases} o WHERE o.account_id = lr.account_id AND o.order_date > DATE '{liftDay:yyyy-MM-dd}') AS bought
                FROM {ListLift.Table} lr WHERE lr.run_id = {Sql.Literal(liftRun)} AND {scope.AccountCondition("lr.account_id")}
                """
            : "SELECT NULL::VARCHAR AS rep_id, NULL::VARCHAR AS account_id, NULL::BOOLEAN AS held_out, NULL::BOOLEAN AS bought WHERE false";

        var rows = DbRows.Read(workspace, $"""
            WITH scoped_reps AS (SELECT rep_id, name, manager_id FROM reps WHERE {scope.RepCondition("rep_id")}),
            book AS (
                SELECT a.owner_rep_id AS rep_id, a.account_id FROM accounts a
                WHERE a.owner_rep_id IN (SELECT rep_id FROM scoped_reps) AND {scope.AccountCondition("a.account_id")}),
            book_totals AS (
                SELECT b.rep_id, count(*) AS accounts, coalesce(sum(p.potential), 0) AS potential
                FROM book b LEFT JOIN ({potentialSql}) p USING (account_id) GROUP BY b.rep_id),
            sales AS (
                SELECT b.rep_id,
                    coalesce(sum(round(o.amount, 2)::DECIMAL(18, 2)) FILTER (WHERE {periodSql}), 0)::DECIMAL(18, 2) AS booked,
                    coalesce(sum(o.amount) FILTER (WHERE {revenueSql}), 0) AS revenue
                FROM book b JOIN {purchases} o USING (account_id) GROUP BY b.rep_id),
            quotas AS ({quotaSql}),
            listed AS (
                SELECT l.rep_id, l.account_id,
                    EXISTS (SELECT 1 FROM account_outcomes x WHERE x.account_id = l.account_id AND x.recorded_at >= {listedSince})
                        OR EXISTS (SELECT 1 FROM touchpoints t WHERE t.account_id = l.account_id AND t.occurred_at >= {listedSince}) AS worked,
                    EXISTS (SELECT 1 FROM account_outcomes x WHERE x.account_id = l.account_id AND x.outcome = 'won' AND x.recorded_at >= {listedSince}) AS won
                FROM ({listSql}) l WHERE l.rep_id IN (SELECT rep_id FROM scoped_reps)),
            list_totals AS (
                SELECT rep_id, count(*) AS recommended, count(*) FILTER (WHERE worked) AS worked, count(*) FILTER (WHERE won) AS won
                FROM listed GROUP BY rep_id),
            lift AS (
                SELECT rep_id, count(*) FILTER (WHERE NOT held_out) AS rec, count(*) FILTER (WHERE NOT held_out AND bought) AS rec_buyers,
                    count(*) FILTER (WHERE held_out) AS held, count(*) FILTER (WHERE held_out AND bought) AS held_buyers
                FROM ({liftSql}) WHERE rep_id IN (SELECT rep_id FROM scoped_reps) GROUP BY rep_id)
            SELECT r.rep_id, coalesce(r.name, r.rep_id) AS name, r.manager_id,
                coalesce(bt.accounts, 0) AS accounts, q.quota, coalesce(s.booked, 0)::DECIMAL(18, 2) AS booked,
                coalesce(bt.potential, 0) AS potential, coalesce(s.revenue, 0) AS revenue,
                coalesce(lt.recommended, 0) AS recommended, coalesce(lt.worked, 0) AS worked, coalesce(lt.won, 0) AS won,
                coalesce(lf.rec, 0) AS rec, coalesce(lf.rec_buyers, 0) AS rec_buyers, coalesce(lf.held, 0) AS held, coalesce(lf.held_buyers, 0) AS held_buyers
            FROM scoped_reps r
            LEFT JOIN book_totals bt USING (rep_id) LEFT JOIN sales s USING (rep_id) LEFT JOIN quotas q USING (rep_id)
            LEFT JOIN list_totals lt USING (rep_id) LEFT JOIN lift lf USING (rep_id)
            WHERE bt.accounts > 0 OR q.quota IS NOT NULL OR lt.recommended > 0 OR lf.rec + lf.held > 0
            ORDER BY r.rep_id
            """);

        var reps = rows.Select(r => Row((string)r["rep_id"]!, (string)r["name"]!, r["manager_id"] as string, Long(r["accounts"]),
            r["quota"] is null ? null : Convert.ToDecimal(r["quota"], inv), Convert.ToDecimal(r["booked"], inv), Double(r["potential"]), Double(r["revenue"]),
            Long(r["recommended"]), Long(r["worked"]), Long(r["won"]), Long(r["rec"]), Long(r["rec_buyers"]), Long(r["held"]), Long(r["held_buyers"]))).ToList();
        var withQuota = reps.Where(r => r.Quota is not null).ToList();
        var total = Row("total", reps.Count == 1 ? "1 rep" : string.Create(inv, $"{reps.Count} reps"), null, reps.Sum(r => r.Accounts),
            withQuota.Count == 0 ? null : withQuota.Sum(r => r.Quota!.Value), reps.Sum(r => r.Booked), reps.Sum(r => r.Potential), reps.Sum(r => r.Revenue),
            reps.Sum(r => r.Recommended), reps.Sum(r => r.Worked), reps.Sum(r => r.Won), reps.Sum(r => r.HoldoutRecommended),
            reps.Sum(r => r.HoldoutRecommendedBuyers), reps.Sum(r => r.HeldOut), reps.Sum(r => r.HeldOutBuyers));
        if (withQuota.Count > 0 && withQuota.Count < reps.Count)
        {
            // Attainment of the total compares like with like: bookings of the reps that carry a quota.
            var booked = withQuota.Sum(r => r.Booked);
            total = total with { Attainment = total.Quota > 0 ? (double)(booked / total.Quota.Value) : null };
        }

        return new ScorecardView(quotaRun, quotaFrom, quotaTo, dataEnd, listRun, listedAt, liftRun, liftAsOf, reps, total, notes);
    }

    /// <summary>Recommended against held-out buying, in words.</summary>
    public static string HoldoutWords(long recommended, long recommendedBuyers, long heldOut, long heldOutBuyers)
    {
        var inv = CultureInfo.InvariantCulture;
        if (recommended + heldOut == 0)
        {
            return "no measured recommendations";
        }

        var rec = recommended > 0 ? (double)recommendedBuyers / recommended : 0;
        if (heldOut == 0)
        {
            return string.Create(inv, $"{recommendedBuyers:N0} of {recommended:N0} recommended accounts bought ({rec:0%}); none was held out to compare with");
        }

        var held = (double)heldOutBuyers / heldOut;
        var text = string.Create(inv, $"{rec:0%} of recommended accounts bought ({recommendedBuyers:N0} of {recommended:N0}) vs {held:0%} of held-out ones ({heldOutBuyers:N0} of {heldOut:N0})");
        return held > 0 ? text + string.Create(inv, $", lift {rec / held:0.00}x") : text;
    }

    private static ScorecardRow Row(string repId, string name, string? managerId, long accounts, decimal? quota, decimal booked, double potential, double revenue,
        long recommended, long worked, long won, long rec, long recBuyers, long held, long heldBuyers)
    {
        var inv = CultureInfo.InvariantCulture;
        double? attainment = quota > 0 ? (double)(booked / quota.Value) : null;
        double? share = potential > 0 ? revenue / potential : null;
        var parts = new List<string>
        {
            quota is null
                ? string.Create(inv, $"no quota; booked {booked:N0}")
                : string.Create(inv, $"booked {booked:N0} of a {quota:N0} quota{(attainment is { } a ? $" ({a:0%})" : "")}"),
            string.Create(inv, $"earns {revenue:N0} a year from a book with potential {potential:N0}{(share is { } s ? $" ({s:0%} of it)" : "")}"),
            string.Create(inv, $"worked {worked:N0} and won {won:N0} of {recommended:N0} recommended accounts"),
        };
        if (rec + held > 0)
        {
            parts.Add(HoldoutWords(rec, recBuyers, held, heldBuyers));
        }

        return new ScorecardRow(repId, name, managerId, accounts, quota, booked, attainment, potential, revenue, share, recommended, worked, won,
            rec, recBuyers, held, heldBuyers, string.Join("; ", parts));
    }

    private static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double Double(object? value) => value is null ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
