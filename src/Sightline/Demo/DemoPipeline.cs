using System.Diagnostics;
using System.Globalization;
using Sightline.Import;
using Sightline.Workspaces;

namespace Sightline.Demo;

/// <summary>
/// <c>sightline demo</c>: generate the demo world, import it through the same path a user's files
/// take, load the hidden truth, and run every pipeline step that exists.
/// </summary>
public static class DemoPipeline
{
    /// <summary>Builds (or rebuilds) the demo workspace in <paramref name="directory"/>.</summary>
    /// <exception cref="BadInputException">The folder holds a workspace that is not a demo.</exception>
    public static DemoSummary Run(string directory, DemoOptions options, IProgress<(string Step, double Fraction)>? progress = null,
        TimeProvider? clock = null)
    {
        var full = OutputPaths.EnsureFolder(directory, "--workspace");
        ClearPreviousDemo(full);
        var steps = new List<DemoStep>();
        var watch = Stopwatch.StartNew();
        void Done(string name)
        {
            steps.Add(new DemoStep(name, Math.Round(watch.Elapsed.TotalSeconds, 2)));
            watch.Restart();
        }

        var input = Path.Combine(full, "input");
        var files = DemoWorldGenerator.Generate(input, options, new Progress<double>(f => progress?.Report(("generate", f))));
        Done("generate");

        using var workspace = Workspace.Init(full);
        progress?.Report(("import", 0));
        var imported = new Importer(workspace, clock).Import(
            files.FilesByTable.Where(f => f.Key != DemoWorldGenerator.TruthTable).Select(f => f.Value).ToList(), new ImportOptions());
        workspace.Execute($"CREATE TABLE {DemoWorldGenerator.TruthTable} AS SELECT * FROM read_csv({Sql.Literal(files.FilesByTable[DemoWorldGenerator.TruthTable])}, header = true)");
        Done("import");

        progress?.Report(("quality", 0));
        var quality = Quality.QualityReporter.Build(workspace, clock: clock);
        Done("quality");

        progress?.Report(("features", 0));
        var features = Features.FeatureBuilder.Build(workspace, clock: clock);
        Done("features");

        progress?.Report(("segments", 0));
        foreach (var segment in DemoSegments)
        {
            Workspaces.ProjectFile.AppendSegment(full, segment);
        }

        // The demo's routing takes the place of the default section: a second routing key would be refused as a duplicate.
        var yamlPath = Path.Combine(full, ProjectSettings.FileName);
        File.WriteAllText(yamlPath, RoutingSection.Replace(File.ReadAllText(yamlPath), DemoRouting.Trim('\n') + "\n", 1));
        workspace.ReloadSettings();
        var segments = Segments.SegmentEngine.Evaluate(workspace, clock);
        var tiers = Segments.TierGrid.Build(workspace);
        Done("segments");

        progress?.Report(("clusters", 0));
        var clusters = Segments.Clusters.ClusterAnalysis.Run(workspace, new Segments.Clusters.ClusterOptions { KMax = 6 }, clock);
        Done("clusters");

        progress?.Report(("performance", 0));
        var performance = Segments.Performance.PerformanceSegmentation.Run(workspace,
            new Segments.Performance.PerformanceOptions(Segments.Performance.PeriodGrain.Quarter, Runs.RunLog.NewId("performance", (clock ?? TimeProvider.System).GetUtcNow())));
        var lastQuarter = performance.Bridge.Where(b => b.Segment == Segments.Performance.PerformanceSegmentation.AllSegment).MaxBy(b => b.Period);
        Done("performance");

        progress?.Report(("score", 0));
        var scoring = Models.LookalikeScoring.Run(workspace, new Models.LookalikeOptions(), clock);
        Done("score");

        progress?.Report(("questionnaire", 0));
        var questionnaire = Models.Questionnaires.QuestionnaireBuilder.Build(workspace,
            new Models.Questionnaires.QuestionnaireOptions { Target = Models.Questionnaires.QuestionnaireOptions.BandsTarget }, clock);
        Done("questionnaire");

        progress?.Report(("propensity", 0));
        var propensity = Models.WindowPropensity.Run(workspace, new Models.WindowOptions(), clock);
        Done("propensity");

        progress?.Report(("reasons", 0));
        var reasons = Realtime.ContactReasonTrainer.Train(workspace, clock: clock);
        Done("reasons");

        progress?.Report(("potential", 0));
        var potential = Models.Value.AccountPotential.Run(workspace, "region", clock);
        var markets = Models.Value.Markets.Rank(workspace, "country");
        Done("potential");

        progress?.Report(("clv", 0));
        var clv = Models.Value.LifetimeValue.FromWorkspace(workspace, new Models.Value.ClvOptions(), clock);
        Done("clv");

        progress?.Report(("plans", 0));
        var plans = RunPlans(workspace, full, potential, clock);
        Done("plans");

        using var command = workspace.Connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT account_id), coalesce(sum(amount), 0), min(order_date), max(order_date) FROM orders";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new DemoSummary(full, input, options.Accounts, options.Seed, imported,
            reader.GetInt64(0), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture),
            reader.IsDBNull(2) ? null : DateOnly.FromDateTime(reader.GetDateTime(2)),
            reader.IsDBNull(3) ? null : DateOnly.FromDateTime(reader.GetDateTime(3)),
            quality.Score, quality.Issues.Take(3).Select(i => i.Title).ToList(), features, segments, tiers,
            clusters.Clusters.Select(c => new DemoCluster(c.Id, c.Size, c.Label, c.Profile)).ToList(), clusters.Silhouette, lastQuarter, scoring, questionnaire, propensity, reasons, potential, markets.Markets.Take(5).ToList(), clv, plans, steps);
    }

    /// <summary>The demo's company target: last year's revenue of the owned accounts plus this growth.</summary>
    public const double QuotaGrowth = 0.10;

    /// <summary>Coverage, headcount at flat cost, territories, quotas, rep lists and the exports, with the headline table by region.</summary>
    private static DemoPlans RunPlans(Workspace workspace, string directory, Models.Value.PotentialResult potential, TimeProvider? clock)
    {
        var coverage = Plans.Coverage.CoveragePlan.Run(workspace, clock);
        var headcount = Plans.Headcount.HeadcountPlan.Run(workspace, clock: clock);
        var territories = Plans.Territories.TerritoryPlan.Run(workspace, clock: clock);
        var lastYear = Convert.ToDecimal(workspace.Scalar(
            $"SELECT coalesce(sum(greatest(revenue_12m, 0)), 0) FROM {Features.FeatureBuilder.Table} WHERE owner_rep_id IS NOT NULL"), CultureInfo.InvariantCulture);
        var target = Math.Max(1_000m, decimal.Round(lastYear * (1 + (decimal)QuotaGrowth) / 1_000m) * 1_000m);
        var quotas = Plans.Quotas.QuotaPlan.Run(workspace, target, clock);
        var lists = Plans.Lists.RepLists.Run(workspace, clock: clock);
        var export = Exports.PlanExport.Run(workspace, Path.Combine(directory, "exports"), Exports.ExportFormat.Both, clock);
        // The demo's potential run rolls up by region.
        return new DemoPlans(coverage, headcount, territories, quotas, lists with { Rows = [] }, export, Plans.PlanHeadline.Build(potential.RollUp, headcount, quotas));
    }

    /// <summary>The segments a sales ops team might start with, written into the demo's sightline.yaml.</summary>
    internal static readonly SegmentDefinition[] DemoSegments =
    [
        new() { Name = "strategic", Description = "The largest accounts: named-account coverage", Rule = "size_band in ('Strategic', 'Enterprise')", Priority = 10 },
        new() { Name = "strategic-expanding", Parent = "strategic", Description = "Large customers growing their spend", Rule = "is_customer and growth_12m > 10%", Priority = 10 },
        new() { Name = "strategic-at-risk", Parent = "strategic", Description = "Large customers who have gone quiet", Rule = "is_customer and days_since(last_order_date) > 180", Priority = 20 },
        new() { Name = "tech-buyers", Description = "Mid-market software and finance, where buying is strongest", Rule = "size_band = 'Mid-market' and industry in ('Software & Internet', 'Financial Services', 'Telecommunications')", Priority = 20 },
        new() { Name = "cross-sell-analytics", Description = "Customers on the core platform without analytics", Rule = "has_product('Core Platform') and not has_product('Analytics') and revenue_12m > 0", Priority = 30 },
        new() { Name = "smb-digital", Description = "Small accounts best served digitally", Rule = "size_band = 'SMB'", Priority = 90 },

        // Rules over touch counts, which every touch moves: these are the segments real time re-segments.
        new() { Name = "prospects-reaching-out", Description = "Prospects who contacted us twice or more in 90 days: warm leads", Rule = "not is_customer and inbound_touches_90d >= 2", Priority = 15 },
        new() { Name = "support-strain", Description = "Customers leaning on support: a renewal risk to get ahead of", Rule = "is_customer and support_load_365d >= 6", Priority = 25 },
    ];

    /// <summary>
    /// Where the demo's contacts go (the <c>routing:</c> section of sightline.yaml): support first, the largest accounts to
    /// key account managers, renewals to their desk, hot new business to the field, warm leads to inside sales, small accounts to the digital desk.
    /// </summary>
    private const string DemoRouting = """

        routing:
          default: inside_sales
          rules:
            - { name: support_first, when: "reason = 'support' or channel = 'support'", to: support_desk }
            - { name: strategic_accounts, when: "tier in ('Strategic', 'Enterprise')", to: key_accounts }
            - { name: renewals, when: "reason = 'renewal'", to: renewals_desk }
            - { name: hot_new_business, when: "reason in ('new_purchase', 'upgrade') and propensity >= 0.3", to: field_sales }
            - { name: warm_leads, when: "in_segment('prospects-reaching-out')", to: inside_sales }
            - { name: small_accounts, when: "in_segment('smb-digital')", to: digital_desk }

        """;

    /// <summary>The <c>routing:</c> key of sightline.yaml with its indented lines.</summary>
    private static readonly System.Text.RegularExpressions.Regex RoutingSection =
        new(@"^routing:[^\n]*\n(?:[ \t][^\n]*\n)*", System.Text.RegularExpressions.RegexOptions.Multiline);

    /// <summary>A demo folder is rebuilt from scratch; anything else is left alone.</summary>
    private static void ClearPreviousDemo(string directory)
    {
        var database = Path.Combine(directory, Workspace.DatabaseFileName);
        if (!File.Exists(database))
        {
            return;
        }

        bool isDemo;
        using (var workspace = Workspace.Open(directory))
        {
            isDemo = workspace.TableExists(DemoWorldGenerator.TruthTable);
        }

        if (!isDemo)
        {
            throw new BadInputException(directory, "this folder holds a workspace that is not a demo; choose another folder for the demo (--workspace)");
        }

        File.Delete(database);
        File.Delete(database + ".wal");
        File.Delete(Path.Combine(directory, ProjectSettings.FileName));
        var input = Path.Combine(directory, "input");
        if (Directory.Exists(input))
        {
            Directory.Delete(input, recursive: true);
        }
    }
}
