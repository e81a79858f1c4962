using System.Globalization;
using System.Text;
using Sightline.Features;
using Sightline.Import;
using Sightline.Runs;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Models.Value;

/// <summary>How many accounts took their potential from each peer group level.</summary>
/// <param name="PeerGroup">The level: industry × size band, industry, size band, or all customers.</param>
/// <param name="Accounts">Accounts whose potential came from it.</param>
public sealed record PeerGroupUse(string PeerGroup, long Accounts);

/// <summary>The outcome of a potential run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="AsOf">The features' date.</param>
/// <param name="Driver">The size driver.</param>
/// <param name="Quantile">The peer quantile.</param>
/// <param name="Accounts">Accounts valued.</param>
/// <param name="CurrentSpend">Their spend over the last 12 months.</param>
/// <param name="Tam">Their total potential (annual).</param>
/// <param name="WhiteSpace">Total white space (potential minus spend, never negative per account).</param>
/// <param name="OpportunityValue">Prospects' propensity × potential, when a lookalike run exists.</param>
/// <param name="AboveWallet">Accounts spending more than their potential (share of wallet above 1).</param>
/// <param name="Entrenched">Prospects with an entrenched competitor (win probability cut by its share).</param>
/// <param name="WalkAway">Prospects whose expected value does not cover the cost to pursue.</param>
/// <param name="PeerGroups">Which peer group levels were used, and for how many accounts (the fall-backs).</param>
/// <param name="Families">Per product family: potential and white space.</param>
/// <param name="RollUp">The roll-up by the asked dimension.</param>
/// <param name="By">The roll-up dimension.</param>
public sealed record PotentialResult(string RunId, DateOnly AsOf, string Driver, double Quantile, long Accounts, double CurrentSpend, double Tam,
    double WhiteSpace, double? OpportunityValue, long AboveWallet, long Entrenched, long WalkAway, IReadOnlyList<PeerGroupUse> PeerGroups, IReadOnlyList<FamilyPotential> Families,
    IReadOnlyList<PotentialRollUpRow> RollUp, string By);

/// <summary>One product family's potential summed over accounts.</summary>
/// <param name="Family">The family.</param>
/// <param name="CurrentSpend">Annual spend on it (36-month spend / 3).</param>
/// <param name="Potential">Summed potential.</param>
/// <param name="WhiteSpace">Summed white space.</param>
/// <param name="AccountsWithWhiteSpace">Accounts with white space in it.</param>
public sealed record FamilyPotential(string Family, double CurrentSpend, double Potential, double WhiteSpace, long AccountsWithWhiteSpace);

/// <summary>One group of a roll-up.</summary>
/// <param name="Group">The group's value (e.g. an industry), or <c>(none)</c>.</param>
/// <param name="Accounts">Accounts in it.</param>
/// <param name="Customers">Of those, customers.</param>
/// <param name="CurrentSpend">Their 12-month spend.</param>
/// <param name="Potential">Their potential (TAM of the group).</param>
/// <param name="WhiteSpace">Their white space.</param>
/// <param name="OpportunityValue">Their prospects' propensity × potential.</param>
public sealed record PotentialRollUpRow(string Group, long Accounts, long Customers, double CurrentSpend, double Potential, double WhiteSpace, double OpportunityValue);

/// <summary>
/// Account potential from best-in-class peers: an account could spend what the top quarter (by default) of comparable
/// paying customers spend per employee (or per revenue dollar), times its own size. Peers are its industry × size band,
/// falling back to its industry, its size band, then all customers when a group is too small. White space, share of
/// wallet and opportunity value follow; everything is one DuckDB statement over the feature table.
/// </summary>
public static class AccountPotential
{
    /// <summary>Per-account results.</summary>
    public const string Table = "account_potential";

    /// <summary>Per-account, per-family results.</summary>
    public const string FamilyTable = "account_family_potential";

    /// <summary>The roll-up dimensions.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["industry", "region", "country", "size_band", "territory", "rep", "segment"];

    /// <summary>
    /// A note when accounts of <paramref name="accounts"/> (default: all) have no potential: imported after the latest
    /// potential run, so the plans built on it would leave them out without a word. Null when every account has one.
    /// </summary>
    public static string? MissingNote(Workspace workspace, string accounts = "accounts")
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var missing = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {accounts} a WHERE NOT EXISTS (SELECT 1 FROM {Table} p WHERE p.account_id = a.account_id)"),
            CultureInfo.InvariantCulture);
        return missing == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"{missing:N0} {(missing == 1 ? "account has" : "accounts have")} no potential yet (imported after the latest potential run): potential, white space and what rests on them leave {(missing == 1 ? "it" : "them")} out; run `sightline features --workspace {workspace.Directory}` and then `sightline potential --workspace {workspace.Directory}` again");
    }

    /// <summary>Values every account, writes the tables, records the run and rolls up by <paramref name="by"/>.</summary>
    public static PotentialResult Run(Workspace workspace, string by = "industry", TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId("potential", started);
        workspace.RequireAccounts("estimate potential for");
        var asOf = FeatureTable.AsOf(workspace);
        var settings = workspace.Settings.Potential;
        if (!Dimensions.Contains(by))
        {
            throw new BadInputException(new Diagnostic("--by", null, null, by, $"expected one of {string.Join(", ", Dimensions)}"));
        }

        var schema = TabularData.Describe(workspace.Connection, FeatureBuilder.Table);
        if (!schema.Any(c => c.Name == settings.Driver && TabularData.IsNumericType(c.Type)))
        {
            var hint = Suggestions.Hint(Suggestions.Closest(settings.Driver, schema.Where(c => TabularData.IsNumericType(c.Type)).Select(c => c.Name)));
            throw new BadInputException(workspace.Settings.Problem("potential.driver", settings.Driver,
                $"expected a numeric feature column such as employees or annual_revenue{(hint is null ? "" : "; " + hint)}"));
        }

        workspace.Execute(AccountSql(workspace, settings, asOf));
        workspace.Execute(FamilySql(workspace, settings));
        var result = Summarise(workspace, runId, asOf, settings, by);
        RunLog.Record(workspace, runId, "potential", asOf, started,
            string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(result.Accounts, "account")}, TAM {result.Tam:0}, white space {result.WhiteSpace:0}"));
        return result;
    }

    /// <summary>Rolls the stored potential up by a dimension; the rows add up to the totals.</summary>
    public static List<PotentialRollUpRow> RollUp(Workspace workspace, string by)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var group = by switch
        {
            "territory" => "coalesce((SELECT min(territory_id) FROM territory_accounts t WHERE t.account_id = p.account_id), '(none)')",
            "rep" => "coalesce(f.owner_rep_id, '(none)')",
            "segment" => """
                coalesce((SELECT any_value(segment) FROM segment_assignments s WHERE s.account_id = p.account_id
                    AND s.run_id = (SELECT run_id FROM runs WHERE kind = 'segments' ORDER BY started_at DESC, run_id DESC LIMIT 1)), '(none)')
                """,
            _ when Dimensions.Contains(by) => $"coalesce(f.{Sql.Identifier(by)}::VARCHAR, '(none)')",
            _ => throw new BadInputException(new Diagnostic("--by", null, null, by, $"expected one of {string.Join(", ", Dimensions)}")),
        };
        var rows = new List<PotentialRollUpRow>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT {group} AS grp, count(*), count(*) FILTER (WHERE f.is_customer), sum(p.current_spend), sum(p.potential), sum(p.white_space),
                coalesce(sum(p.opportunity_value), 0)
            FROM {Table} p JOIN {FeatureBuilder.Table} f USING (account_id)
            GROUP BY grp ORDER BY sum(p.potential) DESC, grp
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new PotentialRollUpRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4),
                reader.GetDouble(5), reader.GetDouble(6)));
        }

        return rows;
    }

    private static PotentialResult Summarise(Workspace workspace, string runId, DateOnly asOf, PotentialSettings settings, string by)
    {
        long accounts, aboveWallet, entrenched, walkAway;
        double spend, tam, whiteSpace;
        double? opportunity;
        using (var totals = workspace.Connection.CreateCommand())
        {
            totals.CommandText = $"""
                SELECT count(*), coalesce(sum(current_spend), 0), coalesce(sum(potential), 0), coalesce(sum(white_space), 0), sum(opportunity_value),
                    count(*) FILTER (WHERE share_of_wallet > 1), count(*) FILTER (WHERE entrenched AND NOT is_customer), count(*) FILTER (WHERE walk_away)
                FROM {Table}
                """;
            using var reader = totals.ExecuteReader();
            reader.Read();
            (accounts, spend, tam, whiteSpace, opportunity, aboveWallet) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt64(5));
            (entrenched, walkAway) = (reader.GetInt64(6), reader.GetInt64(7));
        }

        var groups = new List<PeerGroupUse>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT peer_group, count(*) FROM {Table} GROUP BY peer_group ORDER BY min(peer_level)";
            using var g = command.ExecuteReader();
            while (g.Read())
            {
                groups.Add(new PeerGroupUse(g.GetString(0), g.GetInt64(1)));
            }
        }

        var families = new List<FamilyPotential>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT family, sum(current_spend), sum(potential), sum(white_space), count(*) FILTER (WHERE white_space > 0) FROM {FamilyTable} GROUP BY family ORDER BY family";
            using var f = command.ExecuteReader();
            while (f.Read())
            {
                families.Add(new FamilyPotential(f.GetString(0), f.GetDouble(1), f.GetDouble(2), f.GetDouble(3), f.GetInt64(4)));
            }
        }

        return new PotentialResult(runId, asOf, settings.Driver, settings.Quantile, accounts, spend, tam, whiteSpace, opportunity, aboveWallet,
            entrenched, walkAway, groups, families, RollUp(workspace, by), by);
    }

    /// <summary>
    /// Per account: peers' quantile of spend per driver at the most specific level with enough peers, potential, white space,
    /// share of wallet with a flag above 1, and opportunity value from the latest lookalike probability.
    /// </summary>
    private static string AccountSql(Workspace workspace, PotentialSettings settings, DateOnly asOf)
    {
        var q = settings.Quantile.ToString("R", CultureInfo.InvariantCulture);
        var m = settings.MinPeers.ToString(CultureInfo.InvariantCulture);
        var driver = Sql.Identifier(settings.Driver);
        var percent = (settings.Quantile * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var unit = DriverUnit(settings.Driver);
        var entrenchedShare = settings.EntrenchedShare.ToString("R", CultureInfo.InvariantCulture);
        var entrenchedUntil = $"DATE '{asOf.AddMonths(settings.EntrenchedMonths):yyyy-MM-dd}'";
        var cost = settings.CostToPursue.ToString("R", CultureInfo.InvariantCulture);
        const string thousands = "'{:,}'";
        var latestLookalike = LookalikeScoring.LatestScoresRelation(workspace);
        return $"""
            CREATE OR REPLACE TABLE {Table} AS
            WITH f AS (
                SELECT account_id, coalesce(industry, '(unknown)') AS industry_key, size_band, is_customer,
                    revenue_12m AS spend, {driver}::DOUBLE AS driver
                FROM {FeatureBuilder.Table}),
            peers AS (SELECT * FROM f WHERE spend > 0),
            g1 AS (SELECT industry_key, size_band, {PeerStatistics(q, 1)} FROM peers GROUP BY ALL),
            g2 AS (SELECT industry_key, {PeerStatistics(q, 2)} FROM peers GROUP BY ALL),
            g3 AS (SELECT size_band, {PeerStatistics(q, 3)} FROM peers GROUP BY ALL),
            g4 AS (SELECT {PeerStatistics(q, 4)} FROM peers),
            -- An account of known size is valued on the paying peers of known size (spend per driver), one without on every
            -- paying peer's spend: a ledger that sizes nobody still has a potential.
            counted AS (
                SELECT f.*, ratio_1, ratio_2, ratio_3, ratio_4, spend_q_1, spend_q_2, spend_q_3, spend_q_4,
                    CASE WHEN f.driver > 0 THEN n_sized_1 ELSE n_1 END AS n1, CASE WHEN f.driver > 0 THEN n_sized_2 ELSE n_2 END AS n2,
                    CASE WHEN f.driver > 0 THEN n_sized_3 ELSE n_3 END AS n3, CASE WHEN f.driver > 0 THEN n_sized_4 ELSE n_4 END AS n4
                FROM f
                LEFT JOIN g1 USING (industry_key, size_band)
                LEFT JOIN g2 USING (industry_key)
                LEFT JOIN g3 USING (size_band)
                CROSS JOIN g4),
            chosen AS (
                SELECT account_id, industry_key, size_band, is_customer, spend, driver,
                    CASE WHEN n1 >= {m} THEN 1 WHEN n2 >= {m} THEN 2 WHEN n3 >= {m} THEN 3 ELSE 4 END AS peer_level,
                    CASE WHEN n1 >= {m} THEN ratio_1 WHEN n2 >= {m} THEN ratio_2 WHEN n3 >= {m} THEN ratio_3 ELSE ratio_4 END AS ratio,
                    CASE WHEN n1 >= {m} THEN spend_q_1 WHEN n2 >= {m} THEN spend_q_2 WHEN n3 >= {m} THEN spend_q_3 ELSE spend_q_4 END AS spend_q,
                    CASE WHEN n1 >= {m} THEN n1 WHEN n2 >= {m} THEN n2 WHEN n3 >= {m} THEN n3 ELSE n4 END AS peers
                FROM counted),
            valued AS (
                SELECT *, greatest(coalesce(CASE WHEN driver > 0 THEN ratio * driver ELSE spend_q END, 0), 0) AS potential FROM chosen),
            rival AS (
                SELECT account_id, arg_max(competitor, coalesce(share_estimate, 0)) AS competitor, max(coalesce(share_estimate, 0)) AS competitor_share,
                    arg_max(contract_end, coalesce(share_estimate, 0)) AS contract_end
                FROM competitors GROUP BY account_id),
            priced AS (
                SELECT v.*, s.probability, r.competitor, r.competitor_share, r.contract_end,
                    coalesce(r.competitor_share >= {entrenchedShare} AND (r.contract_end IS NULL OR r.contract_end > {entrenchedUntil}), false) AS entrenched
                FROM valued v LEFT JOIN {latestLookalike} s USING (account_id) LEFT JOIN rival r USING (account_id)),
            won AS (
                SELECT *, CASE WHEN NOT is_customer THEN probability * (CASE WHEN entrenched THEN 1 - competitor_share ELSE 1 END) END AS win_probability
                FROM priced)
            SELECT v.account_id, v.is_customer, v.spend AS current_spend, v.driver AS size_driver, v.peer_level,
                CASE v.peer_level WHEN 1 THEN 'industry × size band' WHEN 2 THEN 'industry' WHEN 3 THEN 'size band' ELSE 'all customers' END AS peer_group,
                coalesce(v.peers, 0) AS peers, v.ratio AS spend_per_driver, v.potential,
                -- Net returns are no spend: they leave no white space where the potential is none, nor a negative share.
                greatest(v.potential - greatest(v.spend, 0), 0) AS white_space,
                CASE WHEN v.potential > 0 THEN greatest(v.spend, 0) / v.potential END AS share_of_wallet,
                v.competitor, v.competitor_share, v.contract_end, v.entrenched, v.win_probability,
                v.win_probability * v.potential AS opportunity_value,
                coalesce(v.win_probability * v.potential < {cost}, false) AS walk_away,
                concat_ws('; ',
                    CASE WHEN v.peer_level > 1 THEN 'fewer than {m} paying peers in its industry × size band: valued on ' ||
                        CASE v.peer_level WHEN 2 THEN 'its industry' WHEN 3 THEN 'its size band' ELSE 'all customers' END END,
                    CASE WHEN v.driver IS NULL OR v.driver <= 0 THEN 'no {settings.Driver.Replace("_", " ", StringComparison.Ordinal)} known: valued at its peers'' P{percent} spend' END,
                    CASE WHEN v.potential > 0 AND v.spend > v.potential THEN 'spends more than the P{percent} of its peers per {unit}: a best-in-class account, or its size is understated' END,
                    CASE WHEN v.entrenched AND v.win_probability IS NOT NULL THEN
                        v.competitor || ' is entrenched (' || round(v.competitor_share * 100)::INTEGER || '% share'
                        || CASE WHEN v.contract_end IS NULL THEN ', no contract end known' ELSE ', contract to ' || strftime(v.contract_end, '%Y-%m') END
                        || '): win probability cut from ' || round(v.probability * 100, 1) || '% to ' || round(v.win_probability * 100, 1) || '%' END,
                    CASE WHEN v.win_probability * v.potential < {cost} THEN
                        'walk away: expected value ' || format({thousands}, round(v.win_probability * v.potential)::BIGINT)
                        || ' a year does not cover the ' || format({thousands}, round({cost})::BIGINT) || ' cost to pursue' END
                ) AS note
            FROM won v
            ORDER BY v.account_id
            """;
    }

    /// <summary>
    /// A peer group's paying accounts and those of known size, the quantile of spend per driver over the latter and of
    /// spend over all, suffixed with the group's level.
    /// </summary>
    private static string PeerStatistics(string quantile, int level) => string.Create(CultureInfo.InvariantCulture,
        $"count(*) AS n_{level}, count(*) FILTER (WHERE driver > 0) AS n_sized_{level}, quantile_cont(spend / driver, {quantile}) FILTER (WHERE driver > 0) AS ratio_{level}, quantile_cont(spend, {quantile}) AS spend_q_{level}");

    /// <summary>How the driver reads after "per": employee, dollar of annual revenue.</summary>
    public static string DriverUnit(string driver) => driver switch
    {
        "employees" => "employee",
        "annual_revenue" => "dollar of annual revenue",
        _ => driver.Replace('_', ' '),
    };

    /// <summary>Per account and product family: the same method on each family's annual spend, peers being the accounts buying it.</summary>
    private static string FamilySql(Workspace workspace, PotentialSettings settings)
    {
        var families = workspace.Strings(Data.Merchandise.FamiliesSql);
        if (families.Count == 0)
        {
            return $"CREATE OR REPLACE TABLE {FamilyTable} (account_id VARCHAR, family VARCHAR, current_spend DOUBLE, potential DOUBLE, white_space DOUBLE)";
        }

        var q = settings.Quantile.ToString("R", CultureInfo.InvariantCulture);
        var m = settings.MinPeers.ToString(CultureInfo.InvariantCulture);
        var driver = Sql.Identifier(settings.Driver);
        var unions = new StringBuilder();
        for (var i = 0; i < families.Count; i++)
        {
            // The same column names FeatureBuilder gives family spend.
            var column = Sql.Identifier($"spend_36m_{ColumnMapper.SnakeCase(families[i], i)}");
            unions.Append(CultureInfo.InvariantCulture, $"""
                {(i > 0 ? "UNION ALL " : "")}SELECT account_id, {Sql.Literal(families[i])} AS family, coalesce(industry, '(unknown)') AS industry_key,
                    {column} / 3.0 AS spend, {driver}::DOUBLE AS driver FROM {FeatureBuilder.Table}

                """);
        }

        return $"""
            CREATE OR REPLACE TABLE {FamilyTable} AS
            WITH f AS ({unions}),
            peers AS (SELECT * FROM f WHERE spend > 0),
            g1 AS (SELECT family, industry_key, {PeerStatistics(q, 1)} FROM peers GROUP BY ALL),
            g2 AS (SELECT family, {PeerStatistics(q, 2)} FROM peers GROUP BY ALL),
            valued AS (
                SELECT f.account_id, f.family, f.spend,
                    greatest(coalesce(CASE WHEN f.driver > 0 THEN (CASE WHEN n_sized_1 >= {m} THEN ratio_1 ELSE ratio_2 END) * f.driver
                        ELSE CASE WHEN n_1 >= {m} THEN spend_q_1 ELSE spend_q_2 END END, 0), 0) AS potential
                FROM f LEFT JOIN g1 USING (family, industry_key) LEFT JOIN g2 USING (family))
            SELECT account_id, family, spend AS current_spend, potential, greatest(potential - greatest(spend, 0), 0) AS white_space
            FROM valued ORDER BY account_id, family
            """;
    }
}
