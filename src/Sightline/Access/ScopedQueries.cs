using System.Globalization;
using System.Text.Json;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Plans.Quotas;
using Sightline.Segments;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>Filters and paging for an account search; every filter is optional.</summary>
/// <param name="Search">Part of the name (ignoring case) or the start of the account id.</param>
/// <param name="Segment">The latest segment run's assigned segment.</param>
/// <param name="Band">The latest lookalike score's band (A, B, C, ...).</param>
/// <param name="Territory">A territory id the account belongs to.</param>
/// <param name="Rep">The owner rep id.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Rows per page, 1 to <see cref="ScopedQueries.MaxPageSize"/>.</param>
public sealed record AccountQuery(string? Search = null, string? Segment = null, string? Band = null, string? Territory = null,
    string? Rep = null, int Page = 1, int PageSize = 50);

/// <summary>One row of an account search.</summary>
public sealed record AccountRow(string AccountId, string Name, string? Industry, string? Region, string? OwnerRepId, string? TerritoryId,
    string? Segment, string? Band, double? Probability, double? Potential, double? WhiteSpace);

/// <summary>A page of accounts and how many match in all (within the caller's scope).</summary>
public sealed record AccountPage(long Total, int Page, int PageSize, IReadOnlyList<AccountRow> Accounts);

/// <summary>Everything known about one account; row maps carry the tables' own column names.</summary>
public sealed record AccountDetail(
    IReadOnlyDictionary<string, object?> Account,
    IReadOnlyDictionary<string, object?>? Features,
    string? Segment,
    IReadOnlyList<string> Segments,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Scores,
    IReadOnlyDictionary<string, object?>? Potential,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> FamilyPotential,
    IReadOnlyDictionary<string, object?>? Clv,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> ContactsByRole,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Orders,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Opportunities,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Touchpoints);

/// <summary>A segment of <c>sightline.yaml</c> with its size in the caller's scope at the latest segment run.</summary>
public sealed record SegmentSummary(string Name, string? Parent, string Rule, int Priority, long Accounts);

/// <summary>How many accounts in the caller's scope a rule matches now.</summary>
public sealed record SegmentPreview(string Rule, long Accounts, long InScope, string Scope);

/// <summary>One rep's action list (the latest lists run).</summary>
public sealed record RepListView(string RepId, string? Name, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>A pipeline run.</summary>
public sealed record RunView(string RunId, string Kind, DateOnly? AsOf, DateTime StartedAt, DateTime? FinishedAt, string? Summary);

/// <summary>A trained model with its out-of-fold metrics.</summary>
public sealed record ModelView(string ModelId, string Kind, string Target, string RunId, DateTime CreatedAt, JsonElement Metrics);

/// <summary>Runs (newest first) and models.</summary>
public sealed record RunsView(IReadOnlyList<RunView> Runs, IReadOnlyList<ModelView> Models);

/// <summary>The latest quota plan's rows the caller may see.</summary>
public sealed record QuotaView(string? RunId, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>
/// The reads behind the server API. Every one takes an <see cref="AccessScope"/> and filters in SQL, so no caller
/// can see a row outside it, whatever page or export asks.
/// </summary>
public static partial class ScopedQueries
{
    /// <summary>The largest page of accounts served.</summary>
    public const int MaxPageSize = 500;

    private const int HistoryRows = 25;

    /// <summary>Searches the accounts in scope.</summary>
    /// <exception cref="BadInputException">The page or page size is out of range.</exception>
    public static AccountPage Accounts(Workspace workspace, AccessScope scope, AccountQuery query) => Accounts(workspace, scope, query, served: true);

    /// <summary><see cref="Accounts(Workspace, AccessScope, AccountQuery)"/> from the serving tables when <paramref name="served"/> (and they can be had), else from the sources.</summary>
    internal static AccountPage Accounts(Workspace workspace, AccessScope scope, AccountQuery query, bool served)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        if (query.Page < 1)
        {
            throw new BadInputException(new Diagnostic("page", null, null, query.Page.ToString(CultureInfo.InvariantCulture), "expected a page number from 1"));
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new BadInputException(new Diagnostic("pageSize", null, null, query.PageSize.ToString(CultureInfo.InvariantCulture),
                $"expected 1 to {MaxPageSize} rows per page"));
        }

        // A misspelt value (a hyphen for the bands' en dash, a segment's old name) matched nothing and answered an
        // empty page, as if no account were there.
        RefuseUnknown("band", query.Band, workspace.Strings($"SELECT DISTINCT band FROM {LatestLookalike} WHERE band IS NOT NULL ORDER BY band"));
        RefuseUnknown("segment", query.Segment, workspace.Strings($"SELECT DISTINCT segment FROM {LatestSegments} WHERE segment IS NOT NULL")
            .Concat(workspace.Settings.Segments.Select(s => s.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

        if (served && AccountServing.Current(workspace) is { } serving)
        {
            return ServedAccounts(workspace, scope, query, serving);
        }

        var (filters, parameters) = AccountFilters(query, nameKey: "lower(a.name)", segment: "seg.segment", band: "look.band");
        filters.Insert(0, scope.AccountCondition("a.account_id"));

        var from = $"""
            FROM accounts a
            LEFT JOIN {LatestSegments} seg ON seg.account_id = a.account_id
            LEFT JOIN {LatestLookalike} look ON look.account_id = a.account_id
            LEFT JOIN {Potential(workspace)} pot ON pot.account_id = a.account_id
            WHERE {string.Join(" AND ", filters)}
            """;
        var total = DbRows.Count(workspace, $"SELECT count(*) {from}", [.. parameters]);
        var offset = (long)(query.Page - 1) * query.PageSize;
        var rows = DbRows.Read(workspace, $"""
            SELECT a.account_id, a.name, a.industry, a.region, a.owner_rep_id,
                (SELECT min(territory_id) FROM territory_accounts ta WHERE ta.account_id = a.account_id) AS territory_id,
                seg.segment, look.band, look.probability, pot.potential, pot.white_space
            {from}
            ORDER BY look.probability DESC NULLS LAST, a.account_id
            LIMIT {query.PageSize.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}
            """, [.. parameters]);
        var accounts = rows.Select(AccountRowOf).ToList();
        return new AccountPage(total, query.Page, query.PageSize, accounts);
    }

    /// <summary>Refuses a filter value that no row can have, naming the ones that can.</summary>
    private static void RefuseUnknown(string filter, string? value, IReadOnlyList<string> known)
    {
        if (!string.IsNullOrWhiteSpace(value) && !known.Contains(value.Trim(), StringComparer.Ordinal))
        {
            throw new BadInputException(new Diagnostic(filter, null, null, value,
                known.Count == 0 ? $"no account has a {filter} yet, so none can match" : $"not a known {filter}; expected one of {string.Join(", ", known)}"));
        }
    }

    private static AccountRow AccountRowOf(Dictionary<string, object?> r) => new((string)r["account_id"]!, (string)r["name"]!,
        r["industry"] as string, r["region"] as string, r["owner_rep_id"] as string, r["territory_id"] as string, r["segment"] as string,
        r["band"] as string, Number(r["probability"]), Number(r["potential"]), Number(r["white_space"]));

    /// <summary>
    /// The search's filters as SQL conditions on <c>a</c> with their parameters, shared by the source and serving reads,
    /// which differ only in where the lower-cased name, the segment and the band are.
    /// </summary>
    private static (List<string> Filters, List<object?> Parameters) AccountFilters(AccountQuery query, string nameKey, string segment, string band)
    {
        var filters = new List<string>();
        var parameters = new List<object?>();
        string Next(object value)
        {
            parameters.Add(value);
            return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            filters.Add($"(contains({nameKey}, lower({Next(text)})) OR starts_with(a.account_id, {Next(text)}))");
        }

        if (!string.IsNullOrWhiteSpace(query.Segment))
        {
            filters.Add($"{segment} = {Next(query.Segment.Trim())}");
        }

        if (!string.IsNullOrWhiteSpace(query.Band))
        {
            filters.Add($"{band} = {Next(query.Band.Trim())}");
        }

        if (!string.IsNullOrWhiteSpace(query.Territory))
        {
            filters.Add($"a.account_id IN (SELECT account_id FROM territory_accounts WHERE territory_id = {Next(query.Territory.Trim())})");
        }

        if (!string.IsNullOrWhiteSpace(query.Rep))
        {
            filters.Add($"a.owner_rep_id = {Next(query.Rep.Trim())}");
        }

        return (filters, parameters);
    }

    /// <summary>One account's detail; null when it does not exist or lies outside the scope (the two are not told apart).</summary>
    public static AccountDetail? Account(Workspace workspace, AccessScope scope, string accountId) => Account(workspace, scope, accountId, served: true);

    /// <summary><see cref="Account(Workspace, AccessScope, string)"/> from the serving tables when <paramref name="served"/> (and they can be had), else from the sources.</summary>
    internal static AccountDetail? Account(Workspace workspace, AccessScope scope, string accountId, bool served)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        if (served && AccountServing.Current(workspace) is { } serving)
        {
            return ServedAccount(workspace, scope, accountId, serving);
        }

        var account = DbRows.Read(workspace, $"SELECT * FROM accounts a WHERE a.account_id = $1 AND {scope.AccountCondition("a.account_id")}", accountId);
        if (account.Count == 0)
        {
            return null;
        }

        var features = workspace.TableExists(FeatureBuilder.Table)
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {FeatureBuilder.Table} WHERE account_id = $1", accountId).FirstOrDefault()
            : null;
        var segment = DbRows.Read(workspace, $"SELECT segment FROM {LatestSegments} s WHERE account_id = $1", accountId).FirstOrDefault()?["segment"] as string;
        var members = DbRows.Read(workspace, $"""
            SELECT segment FROM segment_members WHERE account_id = $1 AND run_id = {LatestSegmentRun} ORDER BY segment
            """, accountId).Select(r => (string)r["segment"]!).ToList();
        var scores = DbRows.Read(workspace, """
            SELECT kind, product_family, probability, expected_amount, band, raising, lowering, run_id, model_id
            FROM account_scores s
            WHERE account_id = $1 AND run_id = (SELECT max(run_id) FROM account_scores l WHERE l.kind = s.kind)
            ORDER BY kind, product_family NULLS FIRST
            """, accountId);
        var potential = workspace.TableExists(AccountPotential.Table)
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {AccountPotential.Table} WHERE account_id = $1", accountId).FirstOrDefault()
            : null;
        var families = workspace.TableExists(AccountPotential.FamilyTable)
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {AccountPotential.FamilyTable} WHERE account_id = $1 ORDER BY white_space DESC, family", accountId)
            : [];
        var clv = DbRows.Read(workspace, $"""
            SELECT * EXCLUDE (account_id) FROM {LifetimeValue.Table}
            WHERE account_id = $1 AND run_id = (SELECT max(run_id) FROM {LifetimeValue.Table})
            """, accountId).FirstOrDefault();
        var contacts = DbRows.Read(workspace, """
            SELECT coalesce(buying_role, 'unknown') AS buying_role, contact_id, title, department, seniority, email, last_activity_at
            FROM contacts WHERE account_id = $1 ORDER BY buying_role, seniority, contact_id
            """, accountId);
        var byRole = contacts.GroupBy(c => (string)c["buying_role"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IReadOnlyDictionary<string, object?>>)g.Select(Without("buying_role")).ToList(), StringComparer.Ordinal);
        var limit = HistoryRows.ToString(CultureInfo.InvariantCulture);
        var orders = DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM orders WHERE account_id = $1 ORDER BY order_date DESC, order_id LIMIT {limit}", accountId);
        var opportunities = DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM opportunities WHERE account_id = $1 ORDER BY created_at DESC, opportunity_id LIMIT {limit}", accountId);
        var touchpoints = DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM touchpoints WHERE account_id = $1 ORDER BY occurred_at DESC, event_id LIMIT {limit}", accountId);
        return new AccountDetail(account[0], features, segment, members, Rows(scores), potential, Rows(families), clv, byRole,
            Rows(orders), Rows(opportunities), Rows(touchpoints));
    }

    /// <summary>The defined segments with their sizes in scope at the latest segment run.</summary>
    public static List<SegmentSummary> Segments(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var counts = DbRows.Read(workspace, $"""
            SELECT segment, count(*) AS n FROM segment_members
            WHERE run_id = {LatestSegmentRun} AND {scope.AccountCondition("account_id")} GROUP BY segment
            """).ToDictionary(r => (string)r["segment"]!, r => Convert.ToInt64(r["n"], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return workspace.Settings.Segments
            .Select(s => new SegmentSummary(s.Name, s.Parent, s.Rule, s.Priority, counts.GetValueOrDefault(s.Name)))
            .ToList();
    }

    /// <summary>Counts the accounts in scope that a rule matches on the current feature table.</summary>
    /// <exception cref="RuleSyntaxException">The rule does not parse, with its line and column.</exception>
    /// <exception cref="BadInputException">There is no feature table yet.</exception>
    public static SegmentPreview Preview(Workspace workspace, AccessScope scope, string rule)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(rule);
        var columns = SegmentEngine.Columns(workspace);
        var rules = workspace.Settings.Segments.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
        var compiled = RuleCompiler.Compile(RuleParser.Parse(rule, columns), columns, FeatureTable.AsOf(workspace), rules);
        var inScope = $"FROM {FeatureBuilder.Table} WHERE {scope.AccountCondition("account_id")}";
        var matched = DbRows.Count(workspace, $"SELECT count(*) {inScope} AND coalesce({compiled.Sql}, false)", [.. compiled.Parameters]);
        var all = DbRows.Count(workspace, $"SELECT count(*) {inScope}");
        return new SegmentPreview(rule, matched, all, scope.Describe());
    }

    /// <summary>Whether the scope covers a rep's book (the rep itself, a team member, or anyone for admins and analysts).</summary>
    public static bool SeesRep(Workspace workspace, AccessScope scope, string repId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        return DbRows.Count(workspace, $"SELECT count(*) FROM reps WHERE rep_id = $1 AND {scope.RepCondition("rep_id")}", repId) > 0;
    }

    /// <summary>A rep's list from the latest lists run, limited to accounts in scope; null when the rep is outside the scope or unknown.</summary>
    public static RepListView? List(Workspace workspace, AccessScope scope, string repId) => List(workspace, scope, repId, served: true);

    /// <summary><see cref="List(Workspace, AccessScope, string)"/> checking access with the serving tables when <paramref name="served"/> (and they can be had).</summary>
    internal static RepListView? List(Workspace workspace, AccessScope scope, string repId, bool served)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var serving = served ? AccountServing.Current(workspace) : null;
        if (serving is not null ? !ServedSeesRep(workspace, scope, repId, serving) : !SeesRep(workspace, scope, repId))
        {
            return null;
        }

        var name = DbRows.Read(workspace, "SELECT name FROM reps WHERE rep_id = $1", repId)[0]["name"] as string;
        var visible = serving is not null ? ServedAccountCondition(workspace, scope, "account_id", serving) : scope.AccountCondition("account_id");
        var rows = serving?.Has(RepLists.Table) ?? workspace.TableExists(RepLists.Table)
            ? DbRows.Read(workspace, $"""
                SELECT * EXCLUDE (rep_id) FROM {RepLists.Table}
                WHERE rep_id = {Sql.Literal(repId)} AND {visible} ORDER BY rank
                """)
            : [];
        return new RepListView(repId, name, Rows(rows));
    }

    /// <summary>Pipeline runs (newest first, at most 200) and trained models with their metrics.</summary>
    public static RunsView Runs(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var runs = DbRows.Read(workspace, "SELECT run_id, kind, as_of, started_at, finished_at, summary FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 200")
            .Select(r => new RunView((string)r["run_id"]!, (string)r["kind"]!, DbValues.Date(r["as_of"]), (DateTime)r["started_at"]!,
                r["finished_at"] as DateTime?, r["summary"] as string)).ToList();
        var models = DbRows.Read(workspace, "SELECT model_id, kind, target, run_id, created_at, metrics FROM models ORDER BY created_at DESC, model_id")
            .Select(r => new ModelView((string)r["model_id"]!, (string)r["kind"]!, (string)r["target"]!, (string)r["run_id"]!, (DateTime)r["created_at"]!,
                Json((string)r["metrics"]!))).ToList();
        return new RunsView(runs, models);
    }

    /// <summary>
    /// The latest quota plan: admins and analysts see every row; others the rep rows of their team, and the territory
    /// rows of territories held by their team. Region totals would reveal other teams' numbers, so only admins and analysts see them.
    /// </summary>
    public static QuotaView Quotas(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        if (!workspace.TableExists(QuotaPlan.Table))
        {
            return new QuotaView(null, []);
        }

        var condition = scope.SeesAll
            ? "true"
            : $"((level = 'rep' AND {scope.RepCondition("key")}) OR (level = 'territory' AND key IN (SELECT territory_id FROM territories WHERE {scope.RepCondition("rep_id")})))";
        var rows = DbRows.Read(workspace, $"SELECT * FROM {QuotaPlan.Table} WHERE {condition} ORDER BY level, key");
        var runId = DbRows.Read(workspace, $"SELECT max(run_id) AS run_id FROM {QuotaPlan.Table}")[0]["run_id"] as string;
        return new QuotaView(runId, Rows(rows));
    }

    private const string LatestSegmentRun = "(SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1)";

    private static string LatestSegments => $"(SELECT account_id, segment FROM segment_assignments WHERE run_id = {LatestSegmentRun})";

    private const string LatestLookalike =
        "(SELECT account_id, band, probability FROM account_scores WHERE kind = 'lookalike' AND product_family IS NULL AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike'))";

    private static string Potential(Workspace workspace) => workspace.TableExists(AccountPotential.Table)
        ? $"(SELECT account_id, potential, white_space FROM {AccountPotential.Table})"
        : "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS potential, NULL::DOUBLE AS white_space WHERE false)";

    private static double? Number(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static List<IReadOnlyDictionary<string, object?>> Rows(List<Dictionary<string, object?>> rows) =>
        rows.Select(r => (IReadOnlyDictionary<string, object?>)r).ToList();

    private static Func<Dictionary<string, object?>, IReadOnlyDictionary<string, object?>> Without(string column) => row =>
    {
        var copy = new Dictionary<string, object?>(row, StringComparer.Ordinal);
        copy.Remove(column);
        return copy;
    };

    private static JsonElement Json(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
