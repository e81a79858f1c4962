using System.Globalization;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>One row of a rep's list as the list page shows it: the list row with the account's score, potential and any pending override.</summary>
/// <param name="Rank">Rank on the list (1 first).</param>
/// <param name="AccountId">The account.</param>
/// <param name="AccountName">Its name.</param>
/// <param name="Action">The recommended action (cross_sell, up_sell, prospect, at_risk).</param>
/// <param name="ProductFamily">The product family it is about, if any.</param>
/// <param name="NextBestAction">The next action in words.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="MissingRoles">Buying roles still to win, in words (empty when none).</param>
/// <param name="Value">The action's value.</param>
/// <param name="Band">The lookalike band.</param>
/// <param name="Probability">The lookalike probability (latest scoring run).</param>
/// <param name="ScoreRaising">What raises that score, in words.</param>
/// <param name="ScoreLowering">What lowers it, in words.</param>
/// <param name="Potential">The account's potential.</param>
/// <param name="WhiteSpace">Its white space (potential not yet bought).</param>
/// <param name="PendingOverride">The pending override's action (promote, demote, remove), if one waits for a manager.</param>
/// <param name="PendingOverrideId">Its id.</param>
public sealed record ListRowView(int Rank, string AccountId, string AccountName, string Action, string? ProductFamily, string NextBestAction,
    string Reason, string MissingRoles, double Value, string? Band, double? Probability, string? ScoreRaising, string? ScoreLowering,
    double? Potential, double? WhiteSpace, string? PendingOverride, string? PendingOverrideId);

/// <summary>A rep's list for the list page.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="Name">The rep's name.</param>
/// <param name="RunId">The lists run the list comes from; null when there is none yet.</param>
/// <param name="Rows">The rows in rank order (accounts in the caller's scope only).</param>
public sealed record RepListPage(string RepId, string? Name, string? RunId, IReadOnlyList<ListRowView> Rows);

/// <summary>A rep in the caller's scope and how many accounts its latest list holds.</summary>
public sealed record RepOption(string RepId, string? Name, long Listed);

/// <summary>A territory the caller may filter by.</summary>
public sealed record TerritoryOption(string TerritoryId, string? Name, string? RepId);

/// <summary>
/// Reads behind the field pages (account search filters, a rep's list) that the API's scoped queries do not cover.
/// Each takes the caller's <see cref="AccessScope"/> and filters in SQL.
/// </summary>
public static class FieldQueries
{
    /// <summary>A rep's latest list with score, potential and pending override per row; null when the rep is outside the scope or unknown.</summary>
    public static RepListPage? List(Workspace workspace, AccessScope scope, string repId) => List(workspace, scope, repId, served: true);

    /// <summary><see cref="List(Workspace, AccessScope, string)"/> from the serving tables when <paramref name="served"/> (and they can be had), else from the sources.</summary>
    internal static RepListPage? List(Workspace workspace, AccessScope scope, string repId, bool served)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(repId);
        if (!ScopedQueries.SeesRep(workspace, scope, repId))
        {
            return null;
        }

        var name = DbRows.Read(workspace, "SELECT name FROM reps WHERE rep_id = $1", repId)[0]["name"] as string;
        if (!workspace.TableExists(RepLists.Table))
        {
            return new RepListPage(repId, name, null, []);
        }

        if (served && AccountServing.Current(workspace) is { } serving && serving.Has(RepLists.Table))
        {
            return ServedList(workspace, scope, repId, name, serving);
        }

        var potential = workspace.TableExists(AccountPotential.Table)
            ? $"(SELECT account_id, potential, white_space FROM {AccountPotential.Table})"
            : "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS potential, NULL::DOUBLE AS white_space WHERE false)";
        // The rep's rows first, so the scores and potential are read for the listed accounts only (the list page's budget is
        // milliseconds with a million accounts).
        var rows = DbRows.Read(workspace, $"""
            WITH listed AS (SELECT * FROM {RepLists.Table} l WHERE l.rep_id = $1 AND {scope.AccountCondition("l.account_id")}),
            look AS (
                SELECT account_id, band, probability, raising, lowering FROM account_scores
                WHERE kind = 'lookalike' AND product_family IS NULL AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike')
                    AND account_id IN (SELECT account_id FROM listed)),
            pot AS (SELECT * FROM {potential} p WHERE p.account_id IN (SELECT account_id FROM listed)),
            pending AS (
                SELECT account_id, arg_max(action, requested_at) AS action, arg_max(override_id, requested_at) AS override_id
                FROM list_overrides WHERE rep_id = $1 AND status = 'pending' GROUP BY account_id)
            SELECT l.run_id, l.rank, l.account_id, l.account_name, l.action, l.product_family, l.next_best_action, l.reason, l.missing_roles, l.value,
                coalesce(l.band, look.band) AS band, look.probability, look.raising, look.lowering, pot.potential, pot.white_space,
                pending.action AS pending_action, pending.override_id
            FROM listed l
            LEFT JOIN look USING (account_id) LEFT JOIN pot USING (account_id) LEFT JOIN pending USING (account_id)
            ORDER BY l.rank
            """, repId);
        return ListPage(workspace, repId, name, rows);
    }

    /// <summary>
    /// The list from <see cref="AccountServing.ListRowsTable"/> (the rep's rows only, score and potential joined when the
    /// tables were built), kept to the accounts the scope sees, with the pending overrides read live.
    /// </summary>
    private static RepListPage ServedList(Workspace workspace, AccessScope scope, string repId, string? name, ServingSnapshot serving)
    {
        var rep = Sql.Literal(repId);
        var rows = DbRows.Read(workspace, $"""
            SELECT l.* EXCLUDE (rep_id), p.action AS pending_action, p.override_id
            FROM (SELECT * FROM {AccountServing.ListRowsTable} WHERE rep_id = {rep}) l
            LEFT JOIN (
                SELECT account_id, arg_max(action, requested_at) AS action, arg_max(override_id, requested_at) AS override_id
                FROM list_overrides WHERE rep_id = {rep} AND status = 'pending' GROUP BY account_id) p USING (account_id)
            ORDER BY l.rank
            """);
        if (!scope.SeesAll)
        {
            var visible = ScopedQueries.ServedVisible(workspace, scope, serving);
            rows.RemoveAll(r => !visible.Contains((string)r["account_id"]!));
        }

        return ListPage(workspace, repId, name, rows);
    }

    private static RepListPage ListPage(Workspace workspace, string repId, string? name, List<Dictionary<string, object?>> rows)
    {
        var runId = rows.Count > 0
            ? rows[0]["run_id"] as string
            : DbRows.Read(workspace, $"SELECT max(run_id) AS run_id FROM {RepLists.Table}")[0]["run_id"] as string;
        var list = rows.Select(r => new ListRowView(Convert.ToInt32(r["rank"], CultureInfo.InvariantCulture), (string)r["account_id"]!, (string)r["account_name"]!,
            (string)r["action"]!, r["product_family"] as string, r["next_best_action"] as string ?? "", r["reason"] as string ?? "", r["missing_roles"] as string ?? "",
            Convert.ToDouble(r["value"], CultureInfo.InvariantCulture), r["band"] as string, Number(r["probability"]), r["raising"] as string, r["lowering"] as string,
            Number(r["potential"]), Number(r["white_space"]), r["pending_action"] as string, r["override_id"] as string)).ToList();
        return new RepListPage(repId, name, runId, list);
    }

    /// <summary>The reps in scope (the caller itself and its team; everyone for admins and analysts) with the size of their lists.</summary>
    public static List<RepOption> Reps(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var listed = workspace.TableExists(RepLists.Table)
            ? $"(SELECT rep_id, count(*) AS n FROM {RepLists.Table} WHERE {scope.AccountCondition("account_id")} GROUP BY rep_id)"
            : "(SELECT NULL::VARCHAR AS rep_id, 0::BIGINT AS n WHERE false)";
        return DbRows.Read(workspace, $"""
            SELECT r.rep_id, r.name, coalesce(l.n, 0) AS n FROM reps r LEFT JOIN {listed} l USING (rep_id)
            WHERE {scope.RepCondition("r.rep_id")} ORDER BY r.rep_id
            """).Select(r => new RepOption((string)r["rep_id"]!, r["name"] as string, Convert.ToInt64(r["n"], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>What raises and lowers the latest lookalike score of each given account in scope (accounts without a score are left out).</summary>
    public static Dictionary<string, (string? Raising, string? Lowering)> ScoreReasons(Workspace workspace, AccessScope scope, IReadOnlyCollection<string> accountIds)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count == 0)
        {
            return new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        }

        return DbRows.Read(workspace, $"""
            SELECT account_id, raising, lowering FROM account_scores
            WHERE kind = 'lookalike' AND product_family IS NULL AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike')
                AND account_id IN ({string.Join(", ", accountIds.Select(Sql.Literal))}) AND {scope.AccountCondition("account_id")}
            """)
            .ToDictionary(r => (string)r["account_id"]!, r => (r["raising"] as string, r["lowering"] as string), StringComparer.Ordinal);
    }

    /// <summary>The bands of the latest lookalike scoring run, for the account search filter.</summary>
    public static List<string> Bands(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return DbRows.Read(workspace, """
            SELECT DISTINCT band FROM account_scores
            WHERE kind = 'lookalike' AND product_family IS NULL AND band IS NOT NULL AND run_id = (SELECT max(run_id) FROM account_scores WHERE kind = 'lookalike')
            ORDER BY band
            """).Select(r => (string)r["band"]!).ToList();
    }

    /// <summary>The territories held by reps in scope (every territory for admins and analysts).</summary>
    public static List<TerritoryOption> Territories(Workspace workspace, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        var condition = scope.SeesAll ? "true" : scope.RepCondition("rep_id");
        return DbRows.Read(workspace, $"SELECT territory_id, name, rep_id FROM territories WHERE {condition} ORDER BY territory_id")
            .Select(r => new TerritoryOption((string)r["territory_id"]!, r["name"] as string, r["rep_id"] as string)).ToList();
    }

    private static double? Number(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
