using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Tests.Models.Questionnaires;

/// <summary>One synthetic account: askable attributes (null when unknown) and the class a known rule gives it.</summary>
public sealed record PlantedAccount(
    string Id, string? Industry, long? Employees, double? AnnualRevenue, string? Country, string Region, bool HasChampion, string Class);

/// <summary>Seeded accounts whose class follows a known rule, written straight into a workspace's tables.</summary>
public static class PlantedAccounts
{
    public static readonly string[] Industries = ["A", "B", "C", "D", "E"];

    private static readonly string[] Countries = ["Brazil", "France", "Germany", "Japan", "Spain", "United States"];

    private static readonly string[] Regions = ["AMER", "EMEA", "APAC"];

    /// <summary>Class "enterprise-health" when employees &gt; 500 and industry in {A, B}, else "other"; a share of values unknown to the rep.</summary>
    public static List<PlantedAccount> KnownRule(int n = 2000, int seed = 11, double unknown = 0.02) =>
        Generate(n, seed, unknown, (industry, employees, _, _) => industry is "A" or "B" && employees > 500 ? "enterprise-health" : "other");

    /// <summary>
    /// Four classes from industry groups, size, revenue and a yes/no attribute, with 10% of labels
    /// flipped at random, so trees grow deep and leaves are impure.
    /// </summary>
    public static List<PlantedAccount> Noisy(int n = 1500, int seed = 5, double unknown = 0.05)
    {
        var noise = new Random(seed + 1000);
        string[] classes = ["alpha", "beta", "gamma", "delta"];
        return Generate(n, seed, unknown, (industry, employees, revenue, champion) =>
        {
            if (noise.NextDouble() < 0.1)
            {
                return classes[noise.Next(classes.Length)];
            }

            return industry switch
            {
                "A" or "C" when employees > 1200 => "alpha",
                "A" or "C" => revenue > 20_000_000 ? "beta" : "gamma",
                _ => champion ? "delta" : "gamma",
            };
        });
    }

    private static List<PlantedAccount> Generate(int n, int seed, double unknown, Func<string, long, double, bool, string> rule)
    {
        var random = new Random(seed);
        var accounts = new List<PlantedAccount>(n);
        for (var i = 0; i < n; i++)
        {
            var industry = Industries[random.Next(Industries.Length)];
            var employees = (long)random.Next(10, 5000);
            var revenue = Math.Round(Math.Exp(13 + (random.NextDouble() * 7)), 2);
            var champion = random.NextDouble() < 0.4;
            var region = random.Next(Regions.Length);
            var country = Countries[(region * 2) + random.Next(2)];
            // The class follows the true values; the rep may not know some of them.
            var label = rule(industry, employees, revenue, champion);
            accounts.Add(new PlantedAccount(
                $"A{i:D5}",
                random.NextDouble() < unknown ? null : industry,
                random.NextDouble() < unknown ? null : employees,
                random.NextDouble() < unknown ? null : revenue,
                random.NextDouble() < unknown ? null : country,
                Regions[region],
                champion,
                label));
        }

        return accounts;
    }

    /// <summary>Writes <c>account_features</c> with the askable columns, a date column and a behavioural column.</summary>
    public static void WriteFeatures(Workspace workspace, IEnumerable<PlantedAccount> accounts)
    {
        workspace.Execute("""
            CREATE OR REPLACE TABLE account_features (account_id VARCHAR, industry VARCHAR, employees BIGINT, annual_revenue DOUBLE,
                country VARCHAR, region VARCHAR, has_champion BOOLEAN, seats_per_site DOUBLE, first_order_date DATE, revenue_12m DOUBLE)
            """);
        using var appender = workspace.Connection.CreateAppender("account_features");
        foreach (var a in accounts)
        {
            var row = appender.CreateRow().AppendValue(a.Id).AppendValue(a.Industry);
            row = a.Employees is { } employees ? row.AppendValue(employees) : row.AppendNullValue();
            row = a.AnnualRevenue is { } revenue ? row.AppendValue(revenue) : row.AppendNullValue();
            row.AppendValue(a.Country).AppendValue(a.Region).AppendValue(a.HasChampion).AppendValue(1.5).AppendValue(new DateOnly(2024, 1, 1)).AppendValue(0.0).EndRow();
        }
    }

    /// <summary>Records a segments run that assigned each account its class (accounts of class null are left unassigned).</summary>
    public static void WriteSegmentsRun(Workspace workspace, string runId, DateTime started, IEnumerable<(string Account, string? Segment)> assignments)
    {
        workspace.Execute($"INSERT INTO runs VALUES ('{runId}', 'segments', DATE '2025-12-31', TIMESTAMP '{Stamp(started)}', TIMESTAMP '{Stamp(started)}', 'test')");
        using var appender = workspace.Connection.CreateAppender("segment_assignments");
        foreach (var (account, segment) in assignments.Where(a => a.Segment is not null))
        {
            appender.CreateRow().AppendValue(runId).AppendValue(account).AppendValue(segment).EndRow();
        }
    }

    /// <summary>Records a scoring run with account-level lookalike scores and bands (and, optionally, product-level rows to be ignored).</summary>
    public static void WriteScoreRun(Workspace workspace, string runId, DateTime started, IEnumerable<(string Account, string Band)> bands, string? productFamily = null)
    {
        workspace.Execute($"INSERT INTO runs VALUES ('{runId}', 'score', DATE '2025-12-31', TIMESTAMP '{Stamp(started)}', TIMESTAMP '{Stamp(started)}', 'test')");
        using var appender = workspace.Connection.CreateAppender("account_scores");
        foreach (var (account, band) in bands)
        {
            var row = appender.CreateRow().AppendValue(runId).AppendValue($"model-{runId}").AppendValue("lookalike").AppendValue(account);
            row = productFamily is null ? row.AppendNullValue() : row.AppendValue(productFamily);
            row.AppendValue(0.5).AppendNullValue().AppendValue(band).AppendValue(true).AppendNullValue().AppendNullValue().EndRow();
        }
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
