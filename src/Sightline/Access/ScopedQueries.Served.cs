using System.Collections;
using System.Globalization;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// The same reads served from <see cref="AccountServing"/>'s tables: each answers exactly what the source queries
/// answer (the tests compare them), but touches the rows of one account or one team rather than every account.
/// </summary>
/// <remarks>
/// The account id goes into these statements as a quoted literal, not a parameter: DuckDB uses an index (and skips row
/// groups by their min/max) only for a constant. An account's detail reads each table through <see cref="AccountIndexes"/>.
/// </remarks>
public static partial class ScopedQueries
{
    private static AccountPage ServedAccounts(Workspace workspace, AccessScope scope, AccountQuery query, ServingSnapshot serving)
    {
        if (string.IsNullOrWhiteSpace(query.Territory) && AccountNameIndex.For(workspace, serving) is { } index)
        {
            return IndexedAccounts(workspace, scope, query, serving, index);
        }

        var (filters, parameters) = AccountFilters(query, nameKey: "a.name_key", segment: "a.segment", band: "a.band");

        // A manager's or rep's search reads only its team's rows of account_access (sorted by rep), not every account.
        var team = scope.SeesAll ? null : serving.Team(workspace, scope);
        var source = team is null
            ? AccountServing.Table
            : $"(SELECT DISTINCT * EXCLUDE (rep_id) FROM {TeamRows(team)})";
        var from = $"FROM {source} a WHERE {(filters.Count == 0 ? "true" : string.Join(" AND ", filters))}";
        var offset = (long)(query.Page - 1) * query.PageSize;
        string Page(string extra) => $"""
            SELECT a.account_id, a.name, a.industry, a.region, a.owner_rep_id, a.territory_id, a.segment, a.band, a.probability,
                a.potential, a.white_space{extra}
            {from}
            ORDER BY a.probability DESC NULLS LAST, a.account_id
            LIMIT {query.PageSize.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}
            """;
        long total;
        List<Dictionary<string, object?>> rows;
        if (team is not null)
        {
            // A team's rows are few, so the page and the count come from one pass over them (the window counts before the LIMIT).
            rows = DbRows.Read(workspace, Page(", count(*) OVER () AS total"), [.. parameters]);
            total = rows.Count > 0 ? Convert.ToInt64(rows[0]["total"], CultureInfo.InvariantCulture)
                : offset == 0 ? 0 : DbRows.Count(workspace, $"SELECT count(*) {from}", [.. parameters]);
        }
        else
        {
            total = DbRows.Count(workspace, $"SELECT count(*) {from}", [.. parameters]);
            rows = total <= offset ? [] : DbRows.Read(workspace, Page(""), [.. parameters]);
        }

        var accounts = rows.Select(AccountRowOf).ToList();
        return new AccountPage(total, query.Page, query.PageSize, accounts);
    }

    /// <summary>
    /// A search through <see cref="AccountNameIndex"/>, which holds what the page shows of every account: over every
    /// account for an admin, over the positions of the scope's accounts (found once per snapshot) for anyone else.
    /// </summary>
    private static AccountPage IndexedAccounts(Workspace workspace, AccessScope scope, AccountQuery query, ServingSnapshot serving, AccountNameIndex index)
    {
        var within = scope.SeesAll ? null
            : serving.Memo("positions\n" + scope.Role + "\n" + scope.RepId, () => index.PositionsOf(ServedVisible(workspace, scope, serving)));
        var lowered = string.IsNullOrWhiteSpace(query.Search) ? null : (string)workspace.Scalar($"SELECT lower({Sql.Literal(query.Search.Trim())})")!;
        var (total, rows) = index.Query(within, query, lowered);
        return new AccountPage(total, query.Page, query.PageSize, rows);
    }

    private static AccountDetail? ServedAccount(Workspace workspace, AccessScope scope, string accountId, ServingSnapshot serving)
    {
        if (!scope.SeesAll && !ServedVisible(workspace, scope, serving).Contains(accountId))
        {
            return null;
        }

        return AccountDetailCache.For(workspace.Directory).GetOrLoad(serving.Stamp, accountId, () => LoadServedAccount(workspace, accountId, serving));
    }

    /// <summary>The detail of an account the caller may see, whoever the caller is (so it can be cached for everyone).</summary>
    private static AccountDetail? LoadServedAccount(Workspace workspace, string accountId, ServingSnapshot serving)
    {
        var id = Sql.Literal(accountId);
        var account = DbRows.Read(workspace, $"SELECT * FROM accounts WHERE account_id = {id}");
        if (account.Count == 0)
        {
            return null;
        }

        var features = serving.Has(FeatureBuilder.Table)
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {FeatureBuilder.Table} WHERE account_id = {id}").FirstOrDefault()
            : null;
        var served = DbRows.Read(workspace, $"SELECT segment, segments FROM {AccountServing.Table} WHERE account_id = {id}").FirstOrDefault();
        var members = served?["segments"] is IEnumerable list ? list.Cast<object?>().OfType<string>().ToList() : [];
        var scores = DbRows.Read(workspace, $"""
            SELECT kind, product_family, probability, expected_amount, band, raising, lowering, run_id, model_id
            FROM {AccountServing.ScoresTable} WHERE account_id = {id} ORDER BY kind, product_family NULLS FIRST
            """);
        var potential = serving.Has(AccountPotential.Table)
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {AccountPotential.Table} WHERE account_id = {id}").FirstOrDefault()
            : null;
        var families = serving.Has(AccountPotential.FamilyTable)
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {AccountPotential.FamilyTable} WHERE account_id = {id} ORDER BY white_space DESC, family")
            : [];
        // The run is picked here, not in SQL: a second condition on the scan would stop DuckDB using the account index.
        var clv = serving.ClvRun is { } clvRun
            ? DbRows.Read(workspace, $"SELECT * EXCLUDE (account_id) FROM {LifetimeValue.Table} WHERE account_id = {id}")
                .FirstOrDefault(row => string.Equals(row["run_id"] as string, clvRun, StringComparison.Ordinal))
            : null;
        var contacts = DbRows.Read(workspace, $"""
            SELECT coalesce(buying_role, 'unknown') AS buying_role, contact_id, title, department, seniority, email, last_activity_at
            FROM contacts WHERE account_id = {id} ORDER BY buying_role, seniority, contact_id
            """);
        var byRole = contacts.GroupBy(c => (string)c["buying_role"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IReadOnlyDictionary<string, object?>>)g.Select(Without("buying_role")).ToList(), StringComparer.Ordinal);
        var orders = DbRows.ReadFirst(workspace, $"SELECT * EXCLUDE (account_id) FROM orders WHERE account_id = {id} ORDER BY order_date DESC, order_id", HistoryRows);
        var opportunities = DbRows.ReadFirst(workspace, $"SELECT * EXCLUDE (account_id) FROM opportunities WHERE account_id = {id} ORDER BY created_at DESC, opportunity_id", HistoryRows);
        var touchpoints = DbRows.ReadFirst(workspace, $"SELECT * EXCLUDE (account_id) FROM touchpoints WHERE account_id = {id} ORDER BY occurred_at DESC, event_id", HistoryRows);
        return new AccountDetail(account[0], features, served?["segment"] as string, members, Rows(scores), potential, Rows(families), clv, byRole,
            Rows(orders), Rows(opportunities), Rows(touchpoints));
    }

    /// <summary>
    /// The accounts a manager or rep sees, read from its team's rows of <see cref="AccountServing.AccessTable"/> once per
    /// snapshot: a detail page, its outcomes and every write ask again, and a set lookup costs nothing.
    /// </summary>
    internal static HashSet<string> ServedVisible(Workspace workspace, AccessScope scope, ServingSnapshot serving) =>
        serving.Memo("visible\n" + scope.Role + "\n" + scope.RepId, () =>
            new HashSet<string>(workspace.Strings($"SELECT DISTINCT account_id FROM {TeamRows(serving.Team(workspace, scope))}"), StringComparer.Ordinal));

    /// <summary>
    /// Whether the account exists and the scope may see it: from the serving tables when they are current, else from
    /// the sources. Outcomes, overrides and the detail share it, so all of them answer alike.
    /// </summary>
    internal static bool Sees(Workspace workspace, AccessScope scope, string accountId)
    {
        if (AccountServing.Current(workspace) is { } serving)
        {
            return scope.SeesAll
                ? DbRows.Count(workspace, $"SELECT count(*) FROM {AccountServing.Table} WHERE account_id = {Sql.Literal(accountId)}") > 0
                : ServedVisible(workspace, scope, serving).Contains(accountId);
        }

        return DbRows.Count(workspace, $"SELECT count(*) FROM accounts WHERE account_id = $1 AND {scope.AccountCondition("account_id")}", accountId) > 0;
    }

    /// <summary>
    /// <see cref="AccessScope.AccountCondition"/> over <see cref="AccountServing.AccessTable"/>: the team is read first
    /// (reps is small) and goes in as literals, so the pairs table is read only at those reps' row groups.
    /// </summary>
    private static string ServedAccountCondition(Workspace workspace, AccessScope scope, string column, ServingSnapshot serving)
    {
        if (scope.SeesAll)
        {
            return "true";
        }

        var team = serving.Team(workspace, scope);
        return $"{column} IN (SELECT account_id FROM {TeamRows(team)})";
    }

    /// <summary>
    /// The team's rows of <see cref="AccountServing.AccessTable"/>. DuckDB skips row groups by min/max for <c>rep_id = '...'</c>
    /// but scans the whole table for an IN list, so a team of up to 64 reps is read as one equality per rep.
    /// </summary>
    private static string TeamRows(IReadOnlyList<string> team) => team.Count switch
    {
        0 => $"(SELECT * FROM {AccountServing.AccessTable} WHERE false)",
        <= 64 => "(" + string.Join(" UNION ALL ", team.Select(rep => $"SELECT * FROM {AccountServing.AccessTable} WHERE rep_id = {Sql.Literal(rep)}")) + ")",
        _ => $"(SELECT * FROM {AccountServing.AccessTable} WHERE rep_id IN ({string.Join(", ", team.Select(Sql.Literal))}))",
    };

    /// <summary><see cref="SeesRep"/> with the team from the snapshot: the rep exists and is in the team (or the scope sees all).</summary>
    private static bool ServedSeesRep(Workspace workspace, AccessScope scope, string repId, ServingSnapshot serving) =>
        (scope.SeesAll || serving.Team(workspace, scope).Contains(repId, StringComparer.Ordinal))
        && DbRows.Count(workspace, "SELECT count(*) FROM reps WHERE rep_id = $1", repId) > 0;
}
