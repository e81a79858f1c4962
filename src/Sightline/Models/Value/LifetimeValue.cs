using System.Globalization;
using DuckDB.NET.Data;

namespace Sightline.Models.Value;

/// <summary>
/// Customer lifetime value: BG/NBD for how many purchases, Gamma-Gamma for how much each, and CLV as the
/// discounted expected margin over a horizon (see <see cref="Clv"/>). Reads a transactions file or a workspace.
/// </summary>
public static partial class LifetimeValue
{
    /// <summary>Fits and values the customers of a plain transactions file.</summary>
    /// <param name="layout">The file and its columns.</param>
    /// <param name="options">Dates, horizon and money settings.</param>
    /// <param name="clock">Today's date, after which (plus a tolerance) no transaction may be dated; default the system clock.</param>
    /// <exception cref="BadInputException">Bad file or values, bad dates or options, or data the models cannot be fitted to.</exception>
    public static ClvResult FromFile(TransactionsFileLayout layout, ClvOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var today = DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        var notes = TransactionsFile.Load(connection, layout, today.AddDays(TransactionsFile.FutureDateToleranceDays));
        var result = Run(connection, TransactionsFile.Table, Path.GetFullPath(layout.Path), options);
        return result with { Notes = [.. notes, .. result.Notes] };
    }

    /// <summary>Summarises the relation (customer, date, amount, ord), fits both models and values every customer.</summary>
    internal static ClvResult Run(DuckDBConnection connection, string relation, string source, ClvOptions options)
    {
        CheckOptions(options);
        DateOnly first, last;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT min(date), max(date) FROM {relation}";
            using var reader = command.ExecuteReader();
            reader.Read();
            if (reader.IsDBNull(0))
            {
                throw new BadInputException(source, "no transactions to fit");
            }

            first = DbValues.Date(reader.GetValue(0))!.Value;
            last = DbValues.Date(reader.GetValue(1))!.Value;
        }

        var calibrationEnd = options.CalibrationEnd ?? last;
        if (calibrationEnd < first)
        {
            throw new BadInputException(new Diagnostic("--calibration-end", null, null, calibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"is before the first purchase ({first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}): the calibration period holds no purchase"));
        }

        // Days after the last purchase would count as silence the data never saw: every customer would look lapsed.
        if (calibrationEnd > last)
        {
            throw new BadInputException(new Diagnostic("--calibration-end", null, null, calibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"is after the last purchase ({last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}): the data cannot say who bought after it; expected a date from {first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"));
        }

        var holdoutEnd = options.HoldoutEnd ?? (calibrationEnd < last ? last : null);
        if (holdoutEnd is { } h && h <= calibrationEnd)
        {
            throw new BadInputException(new Diagnostic("--holdout-end", null, null, h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "must be after the calibration end"));
        }

        if (holdoutEnd is { } h2 && h2 > last)
        {
            throw new BadInputException(new Diagnostic("--holdout-end", null, null, h2.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"is after the last purchase ({last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}): the holdout would count purchases the data does not hold yet"));
        }

        var summaries = CustomerSummaries.Compute(connection, relation, calibrationEnd, holdoutEnd, options.Unit);
        var holdoutLength = holdoutEnd is { } end ? (end.DayNumber - calibrationEnd.DayNumber) / ClvOptions.DaysPer(options.Unit) : 0;
        var result = Value(summaries, options, holdoutLength);
        return result with { Source = source, FirstDate = first, CalibrationEnd = calibrationEnd, HoldoutEnd = holdoutEnd };
    }

    /// <summary>Fits both models to <paramref name="summaries"/> and values every customer over the horizon.</summary>
    /// <param name="summaries">Calibration summaries in <see cref="ClvOptions.Unit"/>.</param>
    /// <param name="options">Horizon, discount and margin.</param>
    /// <param name="holdoutLength">Holdout length in the time unit for the holdout table (0 for none).</param>
    /// <exception cref="BadInputException">Data the models cannot be fitted to.</exception>
    public static ClvResult Value(IReadOnlyList<CustomerSummary> summaries, ClvOptions options, double holdoutLength = 0)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var bgNbd = BgNbd.Fit(summaries);
        var gammaGamma = GammaGamma.Fit(summaries);
        var perUnit = ClvOptions.DaysPer(options.Unit);
        var horizon = options.HorizonDays / perUnit;
        var values = new CustomerValue[summaries.Count];
        Parallel.For(0, summaries.Count, i =>
        {
            var c = summaries[i];
            // A customer whose repeat spend nets to zero or less is valued at the population's mean spend, as one without repeats.
            var spend = GammaGamma.Spendless(c) ? gammaGamma.Parameters.PopulationMeanSpend : gammaGamma.Parameters.ConditionalExpectedSpend(c.Frequency, c.MonetaryValue);
            values[i] = new CustomerValue(c.CustomerId, c.Frequency, c.Recency, c.Age,
                bgNbd.Parameters.ProbabilityAlive(c.Frequency, c.Recency, c.Age),
                bgNbd.Parameters.ConditionalExpectedPurchases(horizon, c.Frequency, c.Recency, c.Age),
                spend, Clv(bgNbd.Parameters, c, spend, options));
        });

        var holdout = holdoutLength > 0 && summaries.All(s => s.HoldoutFrequency is not null)
            ? HoldoutTable(bgNbd.Parameters, summaries, holdoutLength)
            : [];
        return new ClvResult
        {
            Source = "summaries",
            Unit = options.Unit,
            FirstDate = default,
            CalibrationEnd = default,
            HoldoutLength = holdoutLength,
            Horizon = horizon,
            AnnualDiscount = options.AnnualDiscount,
            Margin = options.Margin,
            Customers = summaries.Count,
            RepeatCustomers = summaries.Count(s => s.Frequency > 0),
            BgNbd = bgNbd,
            GammaGamma = gammaGamma,
            Holdout = holdout,
            Top = [.. values.OrderByDescending(v => v.Clv).ThenBy(v => v.CustomerId, StringComparer.Ordinal).Take(options.Top)],
            TotalExpectedPurchases = values.Sum(v => v.ExpectedPurchases),
            TotalClv = values.Sum(v => v.Clv),
            Values = values,
            Summaries = summaries,
            Notes = [.. SpendlessNote(summaries), .. InfiniteMeanNote(gammaGamma), .. ShortHistoryNote(summaries, options.HorizonDays, perUnit)],
        };
    }

    /// <summary>A horizon more than twice the longest history observed: the values extrapolate far beyond the data (a year from 6 days).</summary>
    private static List<string> ShortHistoryNote(IReadOnlyList<CustomerSummary> summaries, double horizonDays, double daysPerUnit)
    {
        var longestDays = summaries.Count == 0 ? 0 : summaries.Max(s => s.Age) * daysPerUnit;
        return summaries.Count == 0 || horizonDays <= 2 * longestDays ? [] : [string.Create(CultureInfo.InvariantCulture,
            $"the longest customer history is {longestDays:0.#} days and the horizon {horizonDays:0} days: the purchases and values extrapolate more than twice beyond what was observed, so read them as rough (a shorter --horizon, or more history, gives firmer values)")];
    }

    private static List<string> InfiniteMeanNote(GammaGammaFit fit) => fit.Parameters.HasFiniteMean ? [] : [string.Create(CultureInfo.InvariantCulture,
        $"the spend model has no finite mean (q = {fit.Parameters.Q:0.0000}, at most 1: a few customers spend far more than the rest): customers without repeat purchases "
        + $"are valued at the observed mean spend per purchase, {fit.Parameters.PopulationMeanSpend:0.00}, and those with too few repeat purchases to temper the tail at their own mean")];

    private static List<string> SpendlessNote(IReadOnlyList<CustomerSummary> summaries)
    {
        var spendless = summaries.Where(GammaGamma.Spendless).ToList();
        return spendless.Count == 0 ? [] : [string.Create(CultureInfo.InvariantCulture,
            $"{spendless.Count:N0} of the {summaries.Count(s => s.Frequency > 0):N0} repeat customers have a repeat spend that nets to zero or less (returns, credits; e.g. customer "
            + $"{spendless[0].CustomerId}: {spendless[0].MonetaryValue:0.##}): left out of the spend model's fit and valued at the population's mean spend")];
    }

    /// <summary>
    /// CLV = margin × E[spend] × Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)]) × (1 + d)^−yearsₖ: the horizon is cut into average
    /// months (the last one may be shorter), each month's expected purchases are discounted from its end at the
    /// annual rate d. This is the monthly-step form of lifetimes' <c>customer_lifetime_value</c>, with the rate
    /// stated per year and the step fixed to a month whatever the time unit.
    /// </summary>
    public static double Clv(BgNbdParameters parameters, CustomerSummary customer, double expectedSpend, ClvOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(options);
        var perUnit = ClvOptions.DaysPer(options.Unit);
        var horizon = options.HorizonDays / perUnit;
        var month = ClvOptions.DaysPerYear / 12 / perUnit;
        var steps = (int)Math.Ceiling((horizon / month) - 1e-9);
        var previous = 0.0;
        var discounted = 0.0;
        for (var k = 1; k <= steps; k++)
        {
            var t = Math.Min(k * month, horizon);
            var expected = parameters.ConditionalExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age);
            var years = t * perUnit / ClvOptions.DaysPerYear;
            discounted += Math.Max(0, expected - previous) * Math.Pow(1 + options.AnnualDiscount, -years);
            previous = Math.Max(previous, expected);
        }

        var clv = options.Margin * Math.Max(0, expectedSpend) * discounted;
        return double.IsFinite(clv) ? clv : 0;
    }

    /// <summary>Mean actual vs predicted holdout purchases by calibration frequency 0..6 and 7+.</summary>
    public static IReadOnlyList<HoldoutBin> HoldoutTable(BgNbdParameters parameters, IReadOnlyList<CustomerSummary> summaries, double holdoutLength)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(summaries);
        return [.. summaries.GroupBy(s => Math.Min(s.Frequency, 7)).OrderBy(g => g.Key).Select(g => new HoldoutBin(
            g.Key == 7 ? "7+" : g.Key.ToString(CultureInfo.InvariantCulture), g.Count(),
            g.Average(s => (double)(s.HoldoutFrequency ?? 0)),
            g.Average(s => parameters.ConditionalExpectedPurchases(holdoutLength, s.Frequency, s.Recency, s.Age))))];
    }

    private static void CheckOptions(ClvOptions options)
    {
        if (!(options.HorizonDays > 0) || !double.IsFinite(options.HorizonDays))
        {
            throw new BadInputException(new Diagnostic("--horizon", null, null, options.HorizonDays.ToString(CultureInfo.InvariantCulture), "must be a positive length"));
        }

        if (options.HorizonDays > ClvOptions.MaxHorizonDays)
        {
            throw new BadInputException(new Diagnostic("--horizon", null, null, options.HorizonDays.ToString(CultureInfo.InvariantCulture),
                $"too long; expected at most {ClvOptions.MaxHorizonYears} years ({ClvOptions.MaxHorizonDays.ToString(CultureInfo.InvariantCulture)} days)"));
        }

        if (options.Top < 0)
        {
            throw new BadInputException(new Diagnostic("--top", null, null, options.Top.ToString(CultureInfo.InvariantCulture), "expected a number of customers to list, 0 or more"));
        }

        if (!(options.AnnualDiscount >= 0) || !double.IsFinite(options.AnnualDiscount))
        {
            throw new BadInputException(new Diagnostic("--discount", null, null, options.AnnualDiscount.ToString(CultureInfo.InvariantCulture), "must be a non-negative rate"));
        }

        if (!(options.Margin >= 0) || options.Margin > 1)
        {
            throw new BadInputException(new Diagnostic("--margin", null, null, options.Margin.ToString(CultureInfo.InvariantCulture), "must be between 0% and 100%"));
        }
    }
}
