using Sightline.Import;

namespace Sightline.Demo;

/// <summary>What <c>sightline demo</c> built and found.</summary>
/// <param name="Workspace">Workspace folder.</param>
/// <param name="InputDirectory">Where the generated CSV files are.</param>
/// <param name="Accounts">Accounts in the world.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="Import">The import of the generated files.</param>
/// <param name="Customers">Accounts with at least one order.</param>
/// <param name="Revenue">Sum of order amounts (returns included).</param>
/// <param name="DataFrom">First order date.</param>
/// <param name="DataTo">Last order date.</param>
/// <param name="QualityScore">Data-quality score 0–100.</param>
/// <param name="TopQualityIssues">The biggest data problems, in words.</param>
/// <param name="Features">The feature table built.</param>
/// <param name="Segments">The demo segments evaluated.</param>
/// <param name="Tiers">The industry × size band grid.</param>
/// <param name="Clusters">The behavioural clusters found (k chosen by silhouette).</param>
/// <param name="ClusterSilhouette">Their silhouette.</param>
/// <param name="LastQuarter">The revenue bridge of the last quarter (all accounts).</param>
/// <param name="Scoring">The lookalike propensity of every account (customers as known buyers) with its band table.</param>
/// <param name="Questionnaire">The rep questionnaire that tells an account's probability band.</param>
/// <param name="Propensity">Time-window (next 90 days) and cross-sell propensity.</param>
/// <param name="ContactReasons">The reason-for-contact model trained on the history's inbound touches, with its out-of-sample scores.</param>
/// <param name="Potential">Account potential (TAM, white space) rolled up by region.</param>
/// <param name="TopMarkets">The five countries with the most white space.</param>
/// <param name="Clv">BG/NBD and Gamma-Gamma lifetime value of the customers.</param>
/// <param name="Plans">Coverage, headcount, territories, quotas, lists and exports, with the headline table by region.</param>
/// <param name="Steps">Each pipeline step with its elapsed seconds.</param>
public sealed record DemoSummary(
    string Workspace,
    string InputDirectory,
    int Accounts,
    int Seed,
    ImportResult Import,
    long Customers,
    double Revenue,
    DateOnly? DataFrom,
    DateOnly? DataTo,
    double QualityScore,
    IReadOnlyList<string> TopQualityIssues,
    Features.FeatureSummary Features,
    Segments.SegmentRunReport Segments,
    Segments.TierGridReport Tiers,
    IReadOnlyList<DemoCluster> Clusters,
    double ClusterSilhouette,
    Segments.Performance.RevenueBridge? LastQuarter,
    Models.LookalikeResult Scoring,
    Models.Questionnaires.QuestionnaireResult Questionnaire,
    Models.WindowResult Propensity,
    Realtime.ContactReasonTrainingResult ContactReasons,
    Models.Value.PotentialResult Potential,
    IReadOnlyList<Models.Value.MarketRow> TopMarkets,
    Models.Value.ClvResult Clv,
    DemoPlans Plans,
    IReadOnlyList<DemoStep> Steps)
{
    /// <summary>The replay of the next day through the server's API, when the demo ran it.</summary>
    public Replay.DemoReplaySummary? Replay { get; init; }
}

/// <summary>The plans the demo makes from its analysis.</summary>
/// <param name="Coverage">The coverage model per account within role capacity.</param>
/// <param name="Headcount">Reps per region and role at today's cost.</param>
/// <param name="Territories">Territory scenarios beside today's territories and a naive split.</param>
/// <param name="Quotas">The company target (last year plus <see cref="DemoPipeline.QuotaGrowth"/>) spread over reps.</param>
/// <param name="Lists">The rep action lists (their rows are in <c>rep_lists</c>, left out here to keep the summary short).</param>
/// <param name="Export">The CRM CSV and the XLSX workbook written to the workspace's <c>exports</c> folder.</param>
/// <param name="Headline">Potential, heads and quota by region, with a total row.</param>
public sealed record DemoPlans(
    Sightline.Plans.Coverage.CoveragePlanResult Coverage,
    Sightline.Plans.Headcount.HeadcountResult Headcount,
    Sightline.Plans.Territories.TerritoryPlanResult Territories,
    Sightline.Plans.Quotas.QuotaPlanResult Quotas,
    Sightline.Plans.Lists.RepListsResult Lists,
    Exports.ExportResult Export,
    IReadOnlyList<Sightline.Plans.PlanHeadlineRow> Headline);

/// <summary>One step of the demo pipeline and how long it took.</summary>
/// <param name="Name">Step name.</param>
/// <param name="Seconds">Elapsed seconds.</param>
public sealed record DemoStep(string Name, double Seconds);

/// <summary>One behavioural cluster, as the demo summary shows it.</summary>
/// <param name="Id">Cluster id (1 is the largest).</param>
/// <param name="Size">Accounts in it.</param>
/// <param name="Label">Short generated label.</param>
/// <param name="Profile">Its largest deviations from the population, in words.</param>
public sealed record DemoCluster(int Id, long Size, string Label, string Profile);
