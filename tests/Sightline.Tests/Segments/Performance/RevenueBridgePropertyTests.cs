using CsCheck;
using Sightline.Segments.Performance;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Segments.Performance;

/// <summary>
/// The revenue bridge identity holds for random order histories (returns included), and the SQL agrees with a plain
/// C# model of the classification rules.
/// </summary>
public sealed class RevenueBridgePropertyTests : IDisposable
{
    private static readonly string[] Families = ["F0", "F0", "F1", "F2"];

    private static readonly Gen<(string Account, string Product, DateOnly Date, decimal Amount)> Line =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[0, 3 * 365], Gen.Int[-50_000, 200_000])
            .Select((a, p, d, cents) => ($"A{a}", $"P{p}", new DateOnly(2022, 1, 1).AddDays(d), cents / 100m));

    private readonly TempDirectory _dir = new();
    private readonly Workspace _workspace;

    public RevenueBridgePropertyTests()
    {
        _workspace = Workspace.Init(_dir.File("ws"));
        _workspace.Execute("""
            INSERT INTO accounts (account_id, name, industry) VALUES
              ('A0', 'a0', 'Retail'), ('A1', 'a1', 'Retail'), ('A2', 'a2', 'Health'), ('A3', 'a3', NULL), ('A4', 'a4', 'Health'), ('A5', 'a5', 'Energy');
            INSERT INTO products (product_id, name, family) VALUES ('P0', 'p0', 'F0'), ('P1', 'p1', 'F0'), ('P2', 'p2', 'F1'), ('P3', 'p3', NULL);
            """);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(PeriodGrain.Month)]
    [InlineData(PeriodGrain.Quarter)]
    [InlineData(PeriodGrain.Year)]
    public void Run_RandomHistories_BridgeIdentityHoldsToTheCentAndMatchesTheModel(PeriodGrain grain)
    {
        Line.List[1, 80].Sample(lines =>
        {
            _workspace.Execute("DELETE FROM orders");
            OrderHistory.InsertLines(_workspace, lines);
            var report = PerformanceSegmentation.Run(_workspace, new PerformanceOptions(grain, "perf-prop"));
            var bySegment = PerformanceSegmentation.Run(_workspace, new PerformanceOptions(grain, "perf-prop") { By = "industry" });

            foreach (var row in report.Bridge.Concat(bySegment.Bridge))
            {
                Assert.Equal(row.Current, row.Previous + row.New + row.Expansion + row.Reactivated - row.Contraction - row.Churned);
                Assert.Equal(row.CurrentCustomers, row.PreviousCustomers + row.NewCustomers + row.ReactivatedCustomers - row.ChurnedCustomers);
                Assert.True(row.New >= 0 && row.Expansion >= 0 && row.Reactivated >= 0 && row.Contraction >= 0 && row.Churned >= 0);
            }

            for (var i = 1; i < report.Bridge.Count; i++)
            {
                Assert.Equal(report.Bridge[i - 1].Current, report.Bridge[i].Previous);
            }

            var expected = Model(lines, grain);
            Assert.Equal(expected.Count, report.Bridge.Count);
            foreach (var (row, model) in report.Bridge.Zip(expected))
            {
                Assert.Equal(model, (row.Period, row.Previous, row.New, row.Expansion, row.Contraction, row.Churned, row.Reactivated, row.Current, row.Booked,
                    row.NewCustomers, row.RetainedCustomers, row.ChurnedCustomers, row.ReactivatedCustomers, row.PenetrationCustomers));
            }

            foreach (var whole in report.Bridge)
            {
                var parts = bySegment.Bridge.Where(b => b.Period == whole.Period).ToList();
                Assert.Equal((whole.Previous, whole.New, whole.Expansion, whole.Contraction, whole.Churned, whole.Reactivated, whole.Current, whole.Booked),
                    (parts.Sum(p => p.Previous), parts.Sum(p => p.New), parts.Sum(p => p.Expansion), parts.Sum(p => p.Contraction),
                     parts.Sum(p => p.Churned), parts.Sum(p => p.Reactivated), parts.Sum(p => p.Current), parts.Sum(p => p.Booked)));
            }
        }, iter: 25, threads: 1);
    }

    private static DateOnly PeriodOf(DateOnly date, PeriodGrain grain) => grain switch
    {
        PeriodGrain.Month => new DateOnly(date.Year, date.Month, 1),
        PeriodGrain.Quarter => new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
        _ => new DateOnly(date.Year, 1, 1),
    };

    private static DateOnly Next(DateOnly period, PeriodGrain grain) =>
        period.AddMonths(grain switch { PeriodGrain.Month => 1, PeriodGrain.Quarter => 3, _ => 12 });

    /// <summary>The classification rules of docs/performance.md, one account at a time.</summary>
    private static List<(DateOnly, decimal, decimal, decimal, decimal, decimal, decimal, decimal, decimal, long, long, long, long, long)> Model(
        IReadOnlyList<(string Account, string Product, DateOnly Date, decimal Amount)> lines, PeriodGrain grain)
    {
        var first = lines.Min(l => PeriodOf(l.Date, grain));
        var last = lines.Max(l => PeriodOf(l.Date, grain));
        var booked = lines.GroupBy(l => (l.Account, Period: PeriodOf(l.Date, grain))).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        var familyFirst = lines.Where(l => l.Amount > 0)
            .GroupBy(l => (l.Account, Family: Families[int.Parse(l.Product[1..], System.Globalization.CultureInfo.InvariantCulture)]))
            .ToDictionary(g => g.Key, g => g.Min(l => PeriodOf(l.Date, grain)));
        var rows = new List<(DateOnly, decimal, decimal, decimal, decimal, decimal, decimal, decimal, decimal, long, long, long, long, long)>();
        var previousOf = new Dictionary<string, decimal>();
        var everPositive = new HashSet<string>();
        for (var period = first; period <= last; period = Next(period, grain))
        {
            decimal prevTotal = 0, newRev = 0, expansion = 0, contraction = 0, churned = 0, reactivated = 0, current = 0, bookedTotal = 0;
            long newCount = 0, retained = 0, churnedCount = 0, reactivatedCount = 0, penetration = 0;
            foreach (var account in lines.Select(l => l.Account).Distinct())
            {
                var net = booked.GetValueOrDefault((account, period));
                bookedTotal += net;
                var now = Math.Max(net, 0);
                var before = previousOf.GetValueOrDefault(account);
                prevTotal += before;
                current += now;
                if (before > 0 && now > 0)
                {
                    retained++;
                    expansion += Math.Max(0, now - before);
                    contraction += Math.Max(0, before - now);
                    if (familyFirst.Any(f => f.Key.Account == account && f.Value == period))
                    {
                        penetration++;
                    }
                }
                else if (before > 0)
                {
                    churned += before;
                    churnedCount++;
                }
                else if (now > 0 && everPositive.Contains(account))
                {
                    reactivated += now;
                    reactivatedCount++;
                }
                else if (now > 0)
                {
                    newRev += now;
                    newCount++;
                }

                previousOf[account] = now;
                if (now > 0)
                {
                    everPositive.Add(account);
                }
            }

            rows.Add((period, prevTotal, newRev, expansion, contraction, churned, reactivated, current, bookedTotal,
                newCount, retained, churnedCount, reactivatedCount, penetration));
        }

        return rows;
    }
}
