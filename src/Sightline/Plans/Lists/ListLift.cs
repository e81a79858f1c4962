using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Plans.Lists;

/// <summary>
/// The lift of recommending accounts, per earlier lists run: orders placed after the run's as-of date by the recommended
/// accounts (listed or not: intent to treat, since the holdout was drawn at random from all recommended accounts) against
/// the held-out ones. Runs whose as-of date is not before the last order date have nothing to measure yet.
/// </summary>
public static class ListLift
{
    /// <summary>Every recommended account of every run, held out or not, appended per run.</summary>
    public const string Table = "list_runs";

    private const double Z95 = 1.959963984540054;

    /// <summary>Creates <see cref="Table"/> when missing and appends this run's recommended accounts.</summary>
    internal static void Record(Workspace workspace, string runId, DateOnly asOf, string candidates, string listed) =>
        workspace.Execute($"""
            CREATE TABLE IF NOT EXISTS {Table} (run_id VARCHAR NOT NULL, as_of DATE NOT NULL, account_id VARCHAR NOT NULL, rep_id VARCHAR NOT NULL,
                action VARCHAR NOT NULL, value DOUBLE NOT NULL, held_out BOOLEAN NOT NULL, listed BOOLEAN NOT NULL);
            INSERT INTO {Table}
            SELECT {Sql.Literal(runId)}, DATE '{asOf:yyyy-MM-dd}', c.account_id, c.rep_id, c.action, c.value, c.held, l.account_id IS NOT NULL
            FROM {candidates} c LEFT JOIN {listed} l USING (account_id)
            WHERE c.rep_id IS NOT NULL ORDER BY c.account_id;
            """);

    /// <summary>Per earlier run with orders after its as-of date, the buying rate and revenue of recommended vs held-out accounts.</summary>
    public static IReadOnlyList<ListLiftRow> Measure(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!workspace.TableExists(Table))
        {
            return [];
        }

        var rows = new List<ListLiftRow>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            WITH data_end AS (SELECT max(order_date) AS data_end FROM {Data.Purchases.Source(workspace)}),
            after AS (
                SELECT r.run_id, r.as_of, r.account_id, r.held_out, r.listed, count(o.order_id) > 0 AS bought, coalesce(sum(o.amount), 0) AS revenue
                FROM {Table} r LEFT JOIN {Data.Purchases.Source(workspace)} o ON o.account_id = r.account_id AND o.order_date > r.as_of
                GROUP BY ALL)
            SELECT run_id, as_of, data_end,
                count(*) FILTER (WHERE NOT held_out), count(*) FILTER (WHERE NOT held_out AND bought), coalesce(sum(revenue) FILTER (WHERE NOT held_out), 0),
                count(*) FILTER (WHERE listed), count(*) FILTER (WHERE listed AND bought),
                count(*) FILTER (WHERE held_out), count(*) FILTER (WHERE held_out AND bought), coalesce(sum(revenue) FILTER (WHERE held_out), 0)
            FROM after, data_end
            WHERE data_end > as_of
            GROUP BY run_id, as_of, data_end
            ORDER BY run_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var recommended = new LiftGroup(reader.GetInt64(3), reader.GetInt64(4), Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture));
            var listed = new LiftGroup(reader.GetInt64(6), reader.GetInt64(7), 0);
            var held = new LiftGroup(reader.GetInt64(8), reader.GetInt64(9), Convert.ToDouble(reader.GetValue(10), CultureInfo.InvariantCulture));
            rows.Add(Row(reader.GetString(0), DateOnly.FromDateTime(reader.GetDateTime(1)), DateOnly.FromDateTime(reader.GetDateTime(2)), recommended, listed, held));
        }

        return rows;
    }

    private sealed record LiftGroup(long Accounts, long Buyers, double Revenue)
    {
        public double Rate => Accounts > 0 ? (double)Buyers / Accounts : 0;
    }

    private static ListLiftRow Row(string runId, DateOnly asOf, DateOnly dataEnd, LiftGroup recommended, LiftGroup listed, LiftGroup held)
    {
        var inv = CultureInfo.InvariantCulture;
        double? lift = held.Rate > 0 ? recommended.Rate / held.Rate : null;
        double? low = null, high = null;
        if (recommended.Accounts > 0 && held.Accounts > 0)
        {
            // Wald interval of the difference in buying rates; it says whether the lists beat chance yet.
            var se = Math.Sqrt((recommended.Rate * (1 - recommended.Rate) / recommended.Accounts) + (held.Rate * (1 - held.Rate) / held.Accounts));
            low = recommended.Rate - held.Rate - (Z95 * se);
            high = recommended.Rate - held.Rate + (Z95 * se);
        }

        var summary = held.Accounts == 0
            ? string.Create(inv, $"from {asOf:yyyy-MM-dd} to {dataEnd:yyyy-MM-dd}: {recommended.Buyers:N0} of {recommended.Accounts:N0} recommended accounts bought ({recommended.Rate:0.0%}); no account was held out, so there is nothing to compare with")
            : string.Create(inv, $"from {asOf:yyyy-MM-dd} to {dataEnd:yyyy-MM-dd}: {recommended.Rate:0.0%} of recommended accounts bought ({recommended.Buyers:N0} of {recommended.Accounts:N0}) vs {held.Rate:0.0%} of held-out ones ({held.Buyers:N0} of {held.Accounts:N0})")
                + (lift is { } l ? string.Create(inv, $", lift {l:0.00}x") : ", none of the held-out accounts bought")
                + string.Create(inv, $"; difference {(recommended.Rate - held.Rate) * 100:+0.0;-0.0} points (95% interval {low * 100:+0.0;-0.0} to {high * 100:+0.0;-0.0})")
                + (low > 0 ? ": the lists beat chance" : high < 0 ? ": held-out accounts did better" : ": not yet distinguishable from chance")
                + string.Create(inv, $"; revenue per account {Per(recommended):N0} vs {Per(held):N0}");
        return new ListLiftRow(runId, asOf, dataEnd, recommended.Accounts, recommended.Buyers, recommended.Rate, Per(recommended),
            listed.Accounts, listed.Buyers, listed.Rate, held.Accounts, held.Buyers, held.Rate, Per(held), lift, low, high, summary);
    }

    private static double Per(LiftGroup group) => group.Accounts > 0 ? group.Revenue / group.Accounts : 0;
}

/// <summary>What one earlier lists run's recommendations brought, against its holdout.</summary>
/// <param name="RunId">The lists run.</param>
/// <param name="AsOf">Its feature as-of date: orders after it count.</param>
/// <param name="DataEnd">The last order date in the data.</param>
/// <param name="Recommended">Recommended accounts not held out (listed or over capacity).</param>
/// <param name="RecommendedBuyers">Of those, accounts that ordered after the as-of date.</param>
/// <param name="RecommendedRate">Their buying rate.</param>
/// <param name="RecommendedRevenuePerAccount">Order revenue after the as-of date per recommended account.</param>
/// <param name="Listed">Recommended accounts that made a list.</param>
/// <param name="ListedBuyers">Of those, buyers.</param>
/// <param name="ListedRate">Their buying rate (not randomised against the holdout: listed accounts are the highest-value ones).</param>
/// <param name="HeldOut">Held-out accounts.</param>
/// <param name="HeldOutBuyers">Of those, buyers.</param>
/// <param name="HeldOutRate">Their buying rate.</param>
/// <param name="HeldOutRevenuePerAccount">Order revenue after the as-of date per held-out account.</param>
/// <param name="Lift">Recommended rate over held-out rate; null when no held-out account bought.</param>
/// <param name="DifferenceLow">Lower end of the 95% interval of the rate difference; null without both groups.</param>
/// <param name="DifferenceHigh">Upper end.</param>
/// <param name="Summary">The comparison in words.</param>
public sealed record ListLiftRow(string RunId, DateOnly AsOf, DateOnly DataEnd, long Recommended, long RecommendedBuyers, double RecommendedRate,
    double RecommendedRevenuePerAccount, long Listed, long ListedBuyers, double ListedRate, long HeldOut, long HeldOutBuyers, double HeldOutRate,
    double HeldOutRevenuePerAccount, double? Lift, double? DifferenceLow, double? DifferenceHigh, string Summary);
