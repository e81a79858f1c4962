using System.Globalization;
using DuckDB.NET.Data;

namespace Sightline.Models.Value;

/// <summary>Builds <see cref="CustomerSummary"/> rows in DuckDB SQL from a transactions relation.</summary>
public static class CustomerSummaries
{
    /// <summary>
    /// Summarises a relation with columns customer, date (DATE), amount and ord (file order, may be NULL).
    /// Purchases on one day are merged into one (their amounts added); the calibration end is inclusive;
    /// customers whose first purchase is after it are left out.
    /// </summary>
    /// <param name="connection">Where the relation lives.</param>
    /// <param name="relation">A table name or a parenthesised query.</param>
    /// <param name="calibrationEnd">Last day of the calibration period.</param>
    /// <param name="holdoutEnd">Last day of the holdout period, or null for none.</param>
    /// <param name="unit">The time unit of t_x and T.</param>
    public static List<CustomerSummary> Compute(DuckDBConnection connection, string relation, DateOnly calibrationEnd, DateOnly? holdoutEnd, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var inv = CultureInfo.InvariantCulture;
        var cal = $"DATE '{calibrationEnd.ToString("yyyy-MM-dd", inv)}'";
        var hold = holdoutEnd is { } h ? $"DATE '{h.ToString("yyyy-MM-dd", inv)}'" : cal;
        var perUnit = ClvOptions.DaysPer(unit).ToString("R", inv);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH days AS (
                SELECT customer, date, sum(amount) AS amount, min(ord) AS ord FROM {relation} GROUP BY customer, date),
            cal AS (SELECT * FROM days WHERE date <= {cal}),
            firsts AS (SELECT customer, min(date) AS first_date, min(ord) AS ord FROM cal GROUP BY customer),
            per_customer AS (
                SELECT c.customer, count(*) - 1 AS x, max(c.date) AS last_date, f.first_date, f.ord,
                       sum(c.amount) FILTER (WHERE c.date > f.first_date) AS repeat_amount
                FROM cal c JOIN firsts f USING (customer) GROUP BY c.customer, f.first_date, f.ord),
            holdout AS (SELECT customer, count(*) AS holdout_x FROM days WHERE date > {cal} AND date <= {hold} GROUP BY customer)
            SELECT p.customer, p.x::INTEGER, datediff('day', p.first_date, p.last_date) / {perUnit},
                   datediff('day', p.first_date, {cal}) / {perUnit},
                   CASE WHEN p.x > 0 THEN p.repeat_amount / p.x ELSE 0 END,
                   coalesce(h.holdout_x, 0)::INTEGER
            FROM per_customer p LEFT JOIN holdout h USING (customer)
            ORDER BY p.ord NULLS LAST, p.customer
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<CustomerSummary>();
        while (reader.Read())
        {
            rows.Add(new CustomerSummary(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4),
                holdoutEnd is null ? null : reader.GetInt32(5)));
        }

        return rows;
    }
}
