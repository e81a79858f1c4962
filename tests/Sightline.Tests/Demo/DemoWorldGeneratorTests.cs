using System.Security.Cryptography;
using Sightline.Data;
using Sightline.Demo;

namespace Sightline.Tests.Demo;

public sealed class DemoWorldGeneratorTests(DemoWorldFixture world) : IClassFixture<DemoWorldFixture>
{
    private const string Cutoff = "DATE '2025-09-30'";

    [Fact]
    public void Generate_SameSeedTwice_WritesByteIdenticalFiles()
    {
        var first = HashWorld(new DemoOptions(1_000, Seed: 11));
        var second = HashWorld(new DemoOptions(1_000, Seed: 11));

        Assert.Equal(11, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_DifferentSeed_WritesDifferentFiles()
    {
        var first = HashWorld(new DemoOptions(1_000, Seed: 11));
        var other = HashWorld(new DemoOptions(1_000, Seed: 12));

        foreach (var table in new[] { "accounts", "orders", "touchpoints", "demo_truth" })
        {
            Assert.NotEqual(first[table], other[table]);
        }
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(99)]
    public void Generate_TooFewAccounts_ThrowsArgumentOutOfRange(int accounts)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-demo-invalid-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DemoWorldGenerator.Generate(directory, new DemoOptions(accounts)));

        Assert.Equal("Accounts", error.ParamName);
        Assert.Contains("at least 100", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Generate_EveryFile_HeaderEqualsCanonicalColumns()
    {
        foreach (var table in CanonicalSchema.Tables)
        {
            var header = File.ReadLines(world.Files.FilesByTable[table.Name]).First();
            Assert.Equal(string.Join(',', table.Columns.Select(c => c.Name)), header);
        }

        var truthHeader = File.ReadLines(world.Files.FilesByTable[DemoWorldGenerator.TruthTable]).First();
        Assert.StartsWith("account_id,true_propensity,true_potential,true_segment,churned,", truthHeader, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RowsByTable_MatchesRowsInFiles()
    {
        Assert.Equal(CanonicalSchema.Tables.Count + 1, world.Files.RowsByTable.Count);
        foreach (var (table, rows) in world.Files.RowsByTable)
        {
            var path = world.Files.FilesByTable[table];
            Assert.Equal(Path.Combine(world.Directory, table + ".csv"), path);
            Assert.Equal(rows, world.Scalar<long>($"SELECT count(*) FROM {table}"));
            Assert.True(rows > 0, $"{table} is empty");
        }

        Assert.Equal(DemoWorldFixture.Accounts, world.Files.RowsByTable["accounts"]);
        Assert.Equal(DemoWorldFixture.Accounts, world.Files.RowsByTable["demo_truth"]);
    }

    [Fact]
    public void Generate_RequiredColumnsAndAllowedValues_AreRespected()
    {
        foreach (var table in CanonicalSchema.Tables)
        {
            foreach (var column in table.Columns)
            {
                if (column.Required)
                {
                    Assert.Equal(0L, world.Scalar<long>($"SELECT count(*) FROM {table.Name} WHERE {column.Name} IS NULL OR CAST({column.Name} AS VARCHAR) = ''"));
                }

                if (column.AllowedValues is { } allowed)
                {
                    var list = string.Join(", ", allowed.Select(v => $"'{v}'"));
                    Assert.Equal(0L, world.Scalar<long>($"SELECT count(*) FROM {table.Name} WHERE {column.Name} NOT IN ({list})"));
                }
            }
        }
    }

    [Fact]
    public void Generate_KeysAndNames_AreUnique()
    {
        foreach (var table in CanonicalSchema.Tables)
        {
            var key = string.Join(", ", table.Key);
            Assert.Equal(0L, world.Scalar<long>($"SELECT count(*) FROM (SELECT {key} FROM {table.Name} GROUP BY ALL HAVING count(*) > 1)"));
        }

        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM (SELECT name FROM accounts GROUP BY 1 HAVING count(*) > 1)"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM (SELECT domain FROM accounts WHERE domain IS NOT NULL GROUP BY 1 HAVING count(*) > 1)"));
    }

    [Fact]
    public void Generate_EveryForeignKey_Resolves()
    {
        var checkedKeys = 0;
        foreach (var table in CanonicalSchema.Tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                var orphans = world.Scalar<long>($"""
                    SELECT count(*) FROM {table.Name} c
                    WHERE c.{fk.Column} IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM {fk.Table} p WHERE p.{fk.TargetColumn} = c.{fk.Column})
                    """);
                Assert.True(orphans == 0, $"{table.Name}.{fk.Column}: {orphans} values not in {fk.Table}.{fk.TargetColumn}");
                checkedKeys++;
            }
        }

        Assert.Equal(16, checkedKeys);
        Assert.True(world.Scalar<long>("SELECT count(*) FROM accounts WHERE parent_account_id IS NOT NULL") >= 10);
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM demo_truth t WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = t.account_id)"));
    }

    [Fact]
    public void Generate_TerritoryAccounts_CoverEveryAccountExactlyOnce()
    {
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM territory_accounts t WHERE t.account_id = a.account_id)"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM (SELECT account_id FROM territory_accounts GROUP BY 1 HAVING count(*) > 1)"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM territories WHERE rep_id IS NULL"));
    }

    [Fact]
    public void Generate_Reps_AboutOnePer120To200Accounts()
    {
        var reps = world.Scalar<long>("SELECT count(*) FROM reps");
        var perRep = (double)DemoWorldFixture.Accounts / reps;

        // A 2,000-account world still needs a field, inside and digital rep in each of the 4 regions.
        Assert.InRange(perRep, 60, 200);
        Assert.Equal(5L, world.Scalar<long>("SELECT count(DISTINCT role) FROM reps"));
        Assert.Equal(4L, world.Scalar<long>("SELECT count(DISTINCT region) FROM accounts"));
    }

    [Fact]
    public void Generate_NoDate_IsAfterDataEndDate()
    {
        var end = DemoWorldGenerator.DataEndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var dateColumns = 0;
        foreach (var table in CanonicalSchema.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.Type is ColumnType.Date or ColumnType.Timestamp))
            {
                Assert.Equal(0L, world.Scalar<long>($"SELECT count(*) FROM {table.Name} WHERE CAST({column.Name} AS DATE) > DATE '{end}'"));
                dateColumns++;
            }
        }

        Assert.Equal(7, dateColumns);
        Assert.Equal(end, world.Scalar<string>("SELECT strftime(max(order_date), '%Y-%m-%d') FROM orders"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM opportunities WHERE closed_at < created_at"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM orders o JOIN accounts a USING (account_id) WHERE o.order_date < a.created_at"));
    }

    [Fact]
    public void Generate_OrderLines_AboutTwentyPerAccountFromAMinorityOfCustomers()
    {
        var linesPerAccount = world.Scalar<double>("SELECT count(*) / (SELECT count(*) FROM accounts) FROM orders");
        var customerShare = world.Scalar<double>("SELECT count(DISTINCT account_id) / (SELECT count(*) FROM accounts) FROM orders");

        Assert.InRange(linesPerAccount, 14, 28);
        Assert.InRange(customerShare, 0.20, 0.40);
    }

    [Fact]
    public void Generate_Customers_ChurnExpandAndReturnGoods()
    {
        var churnedShareOfCustomers = world.Scalar<double>("SELECT avg(churned::INT) FROM demo_truth WHERE first_order_date IS NOT NULL");
        var returnShare = world.Scalar<double>("SELECT avg((amount < 0)::INT) FROM orders");
        var returnsWithoutPurchase = world.Scalar<long>("""
            SELECT count(*) FROM orders r WHERE r.amount < 0 AND NOT EXISTS (
                SELECT 1 FROM orders o WHERE o.account_id = r.account_id AND o.product_id = r.product_id AND o.amount > 0 AND o.order_date < r.order_date)
            """);
        var expanderGrowth = world.Scalar<double>("""
            WITH spend AS (
                SELECT o.account_id,
                       sum(CASE WHEN o.order_date <= DATE '2024-09-30' THEN o.amount END) AS first_year,
                       sum(CASE WHEN o.order_date > DATE '2025-09-30' THEN o.amount END) AS last_year
                FROM orders o JOIN demo_truth t USING (account_id)
                WHERE t.true_segment = 'Strategic Expander'
                GROUP BY 1)
            SELECT median(last_year / first_year) FROM spend WHERE first_year > 0 AND last_year > 0
            """);

        Assert.InRange(churnedShareOfCustomers, 0.05, 0.45);
        Assert.InRange(returnShare, 0.002, 0.01);
        Assert.Equal(0L, returnsWithoutPurchase);
        Assert.True(expanderGrowth > 1.3, $"expanders' last-year spend is only {expanderGrowth:F2}x their first year's");
    }

    [Fact]
    public void Generate_BuyingInFinalYear_FollowsTruePropensity()
    {
        var rates = world.Scalar<string>($"""
            WITH ranked AS (
                SELECT t.true_propensity, ntile(10) OVER (ORDER BY t.true_propensity) AS decile,
                       EXISTS (SELECT 1 FROM orders o WHERE o.account_id = t.account_id AND o.amount > 0 AND o.order_date > {Cutoff}) AS bought
                FROM demo_truth t)
            SELECT avg(bought::INT) FILTER (WHERE decile = 10) || ';' || avg(bought::INT) FILTER (WHERE decile <= 5) FROM ranked
            """).Split(';').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var realisedMatchesTruth = world.Scalar<long>($"""
            SELECT count(*) FROM demo_truth t
            WHERE t.bought_after_cutoff <> EXISTS (SELECT 1 FROM orders o WHERE o.account_id = t.account_id AND o.amount > 0 AND o.order_date > {Cutoff})
            """);
        var calibrationGap = world.Scalar<double>("SELECT abs(avg(true_propensity) - avg(bought_after_cutoff::INT)) FROM demo_truth");

        Assert.True(rates[0] > 5 * rates[1], $"top decile buys at {rates[0]:P1}, bottom half at {rates[1]:P1}");
        Assert.Equal(0L, realisedMatchesTruth);
        Assert.True(calibrationGap < 0.03, $"mean propensity and realised rate differ by {calibrationGap:F3}");
    }

    [Fact]
    public void Generate_ProspectConversion_DependsOnHiddenFit()
    {
        var fitCorrelation = world.Scalar<double>("SELECT corr(fit, true_propensity) FROM demo_truth WHERE state_at_cutoff = 'prospect'");
        var softwareVsConstruction = world.Scalar<double>("""
            SELECT avg(t.true_propensity) FILTER (WHERE a.industry = 'Software & Internet') / avg(t.true_propensity) FILTER (WHERE a.industry = 'Construction & Real Estate')
            FROM demo_truth t JOIN accounts a USING (account_id)
            """);

        Assert.True(fitCorrelation > 0.3, $"corr(fit, propensity) among prospects is {fitCorrelation:F2}");
        Assert.True(softwareVsConstruction > 1.3, $"software/construction propensity ratio is {softwareVsConstruction:F2}");
    }

    [Fact]
    public void Generate_EmployeesAndRevenue_CorrelateInLogSpace()
    {
        var correlation = world.Scalar<double>("SELECT corr(ln(employees), ln(annual_revenue)) FROM accounts WHERE employees > 0 AND annual_revenue > 0");
        var potentialCorrelation = world.Scalar<double>("SELECT corr(ln(a.annual_revenue), ln(t.true_potential)) FROM accounts a JOIN demo_truth t USING (account_id) WHERE a.annual_revenue > 0");

        Assert.True(correlation > 0.8, $"log correlation is {correlation:F2}");
        Assert.True(potentialCorrelation > 0.8, $"revenue/potential log correlation is {potentialCorrelation:F2}");
    }

    [Fact]
    public void Generate_Contacts_OneToEightPerAccountAndSomeLackADecisionMaker()
    {
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.account_id = a.account_id)"));
        Assert.Equal(8L, world.Scalar<long>("SELECT max(n) FROM (SELECT count(*) AS n FROM contacts GROUP BY account_id)"));
        var withoutDecisionMaker = world.Scalar<double>("""
            SELECT avg(CASE WHEN has_dm THEN 0 ELSE 1 END) FROM (SELECT bool_or(buying_role = 'decision_maker') AS has_dm FROM contacts GROUP BY account_id)
            """);

        Assert.InRange(withoutDecisionMaker, 0.15, 0.6);
    }

    [Fact]
    public void Generate_Opportunities_HaveWonLostAndOpenStagesWithConsistentFields()
    {
        Assert.Equal(6L, world.Scalar<long>("SELECT count(DISTINCT stage) FROM opportunities"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM opportunities WHERE stage = 'Closed Won' AND (won IS NOT TRUE OR closed_at IS NULL OR lost_reason IS NOT NULL)"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM opportunities WHERE stage = 'Closed Lost' AND (won IS NOT FALSE OR closed_at IS NULL OR lost_reason IS NULL)"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM opportunities WHERE stage NOT LIKE 'Closed%' AND (won IS NOT NULL OR closed_at IS NOT NULL)"));
        Assert.True(world.Scalar<long>("SELECT count(DISTINCT competitor) FROM opportunities") >= 5);
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM competitors WHERE share_estimate NOT BETWEEN 0 AND 1"));
    }

    [Fact]
    public void Generate_Touchpoints_MoreForHighPropensityAndSupportOnlyForCustomers()
    {
        var touchRatio = world.Scalar<double>("""
            WITH n AS (
                SELECT t.account_id, t.true_propensity, ntile(4) OVER (ORDER BY t.true_propensity) AS q,
                       (SELECT count(*) FROM touchpoints p WHERE p.account_id = t.account_id) AS touches
                FROM demo_truth t)
            SELECT avg(touches) FILTER (WHERE q = 4) / avg(touches) FILTER (WHERE q = 1) FROM n
            """);
        var supportForNeverCustomers = world.Scalar<long>("""
            SELECT count(*) FROM touchpoints p JOIN demo_truth t USING (account_id)
            WHERE p.channel = 'support' AND t.first_order_date IS NULL AND t.state_at_cutoff = 'prospect' AND t.state_at_end = 'prospect'
            """);

        Assert.True(touchRatio > 3, $"top quartile gets {touchRatio:F1}x the touches of the bottom quartile");
        Assert.Equal(0L, supportForNeverCustomers);
        Assert.Equal(8L, world.Scalar<long>("SELECT count(DISTINCT channel) FROM touchpoints"));
        Assert.Equal(0L, world.Scalar<long>("SELECT count(*) FROM touchpoints WHERE occurred_at < TIMESTAMP '2025-04-01'"));
    }

    [Fact]
    public void Generate_Progress_RisesToOne()
    {
        Assert.True(world.ProgressReports.Count >= 10);
        Assert.Equal(1.0, world.ProgressReports[^1]);
        Assert.Equal(world.ProgressReports.Order().ToList(), world.ProgressReports);
    }

    private static Dictionary<string, string> HashWorld(DemoOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-demo-hash-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = DemoWorldGenerator.Generate(directory, options);
            return files.FilesByTable.ToDictionary(f => f.Key, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f.Value))));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
