using Sightline.Features;
using Sightline.Workspaces;

namespace Sightline.Models.Value;

/// <summary>One market (a country, region or industry) and why it might be the next place to expand.</summary>
/// <param name="Market">The country, region or industry.</param>
/// <param name="Accounts">Accounts in it.</param>
/// <param name="Customers">Of those, customers.</param>
/// <param name="Penetration">Customers ÷ accounts.</param>
/// <param name="Tam">Summed potential.</param>
/// <param name="CurrentSpend">Summed 12-month spend.</param>
/// <param name="WhiteSpace">Summed white space.</param>
/// <param name="ShareOfWallet">Spend ÷ TAM.</param>
/// <param name="AveragePropensity">Mean lookalike probability of its prospects (null without a lookalike run).</param>
/// <param name="CompetitorShare">Share of its accounts with an installed competitor.</param>
/// <param name="TopCompetitor">The competitor installed at most of its accounts, if any.</param>
/// <param name="Reason">Why it ranks where it does, in words.</param>
public sealed record MarketRow(string Market, long Accounts, long Customers, double Penetration, double Tam, double CurrentSpend, double WhiteSpace,
    double ShareOfWallet, double? AveragePropensity, double CompetitorShare, string? TopCompetitor, string Reason);

/// <summary>The markets ranked, with notes on what they leave out.</summary>
/// <param name="Markets">The markets, most white space first.</param>
/// <param name="Notes">What the reader should know: accounts without potential yet, which no market counts.</param>
public sealed record MarketRanking(IReadOnlyList<MarketRow> Markets, IReadOnlyList<string> Notes);

/// <summary>Markets ranked by white space: where the untapped money is, with penetration, propensity and competition beside it.</summary>
public static class Markets
{
    /// <summary>The dimensions a market can be.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["country", "region", "industry"];

    /// <summary>Ranks the markets by white space (needs <c>sightline potential</c> first).</summary>
    public static MarketRanking Rank(Workspace workspace, string by)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!Dimensions.Contains(by))
        {
            throw new BadInputException(new Diagnostic("--by", null, null, by, $"expected one of {string.Join(", ", Dimensions)}"));
        }

        workspace.RequireAccounts("rank");
        if (!workspace.TableExists(AccountPotential.Table))
        {
            throw new BadInputException(workspace.Directory, $"no {AccountPotential.Table} yet; compute it first with: sightline potential --workspace {workspace.Directory}");
        }

        var propensity = LookalikeScoring.LatestScoresRelation(workspace);
        var rows = new List<MarketRow>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            WITH c AS (SELECT account_id, competitor FROM competitors),
            m AS (
                SELECT coalesce(f.{Sql.Identifier(by)}::VARCHAR, '(none)') AS market, f.account_id, f.is_customer, p.potential, p.current_spend, p.white_space,
                    CASE WHEN NOT f.is_customer THEN s.probability END AS prospect_probability,
                    f.account_id IN (SELECT account_id FROM c) AS has_competitor
                FROM {FeatureBuilder.Table} f JOIN {AccountPotential.Table} p USING (account_id) LEFT JOIN {propensity} s USING (account_id))
            SELECT m.market, count(*), count(*) FILTER (WHERE is_customer), sum(potential), sum(current_spend), sum(white_space),
                avg(prospect_probability), avg(has_competitor::INTEGER),
                (SELECT mode(c.competitor) FROM c JOIN m m2 USING (account_id) WHERE m2.market = m.market)
            FROM m GROUP BY m.market ORDER BY sum(white_space) DESC, m.market
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var accounts = reader.GetInt64(1);
            var customers = reader.GetInt64(2);
            var tam = reader.GetDouble(3);
            var spend = reader.GetDouble(4);
            var whiteSpace = reader.GetDouble(5);
            double? propensityMean = reader.IsDBNull(6) ? null : reader.GetDouble(6);
            var competitorShare = reader.GetDouble(7);
            var top = reader.IsDBNull(8) ? null : reader.GetString(8);
            rows.Add(new MarketRow(reader.GetString(0), accounts, customers, (double)customers / accounts, tam, spend, whiteSpace,
                tam > 0 ? spend / tam : 0, propensityMean, competitorShare, top, Reason(customers, accounts, tam, spend, propensityMean, competitorShare, top)));
        }

        // Accounts imported after the potential run are in no market: said, not left out silently.
        return new MarketRanking(rows, AccountPotential.MissingNote(workspace) is { } missing ? [missing] : []);
    }

    private static string Reason(long customers, long accounts, double tam, double spend, double? propensity, double competitorShare, string? top)
    {
        var parts = new List<string>
        {
            FormattableString.Invariant($"{(double)customers / accounts:0%} of accounts are customers"),
            FormattableString.Invariant($"we hold {(tam > 0 ? spend / tam : 0):0%} of its potential"),
        };
        if (propensity is { } p)
        {
            parts.Add(FormattableString.Invariant($"prospects average {p:0%} propensity"));
        }

        if (competitorShare > 0)
        {
            parts.Add(FormattableString.Invariant($"a competitor is installed at {competitorShare:0%} of accounts{(top is null ? "" : $", most often {top}")}"));
        }

        return string.Join("; ", parts);
    }
}
