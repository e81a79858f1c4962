using System.Globalization;
using CsCheck;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Models.Value;

[Collection(ScoredDemoCollection.Name)]
public sealed class AccountPotentialTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Demo_WhiteSpaceIsNeverNegative_AndEveryRollUpAddsUpToTheTotals()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var result = AccountPotential.Run(ws, "industry", FixedClock.Default);

        Assert.Equal(3_000, result.Accounts);
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {AccountPotential.Table} WHERE white_space < 0 OR potential < 0"));
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {AccountPotential.Table} WHERE abs(white_space - greatest(potential - current_spend, 0)) > 1e-6"));
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {AccountPotential.FamilyTable} WHERE white_space < 0 OR potential < 0"));
        Assert.Equal(0, Count(ws, $"SELECT count(*) FROM {AccountPotential.Table} WHERE share_of_wallet > 1 AND note NOT LIKE '%spends more than the P75 of its peers per employee%'"));
        Assert.True(result.OpportunityValue > 0, "the demo has a lookalike run, so prospects have an opportunity value");
        foreach (var by in AccountPotential.Dimensions)
        {
            var rows = AccountPotential.RollUp(ws, by);
            Assert.Equal(result.Accounts, rows.Sum(r => r.Accounts));
            Assert.Equal(result.Tam, rows.Sum(r => r.Potential), 3);
            Assert.Equal(result.WhiteSpace, rows.Sum(r => r.WhiteSpace), 3);
            Assert.Equal(result.CurrentSpend, rows.Sum(r => r.CurrentSpend), 3);
            Assert.Equal(result.OpportunityValue!.Value, rows.Sum(r => r.OpportunityValue), 3);
        }

        Assert.Equal(result.Accounts, result.PeerGroups.Sum(g => g.Accounts));
    }

    [Fact]
    public void Demo_PotentialRanksAccountsLikeTheHiddenTruePotential()
    {
        using var ws = Workspace.Open(demo.Workspace);
        AccountPotential.Run(ws, "region", FixedClock.Default);

        var pairs = ws.Rows($"SELECT p.potential, t.true_potential FROM {AccountPotential.Table} p JOIN demo_truth t USING (account_id)")
            .Select(r => (Convert.ToDouble(r[0], CultureInfo.InvariantCulture), Convert.ToDouble(r[1], CultureInfo.InvariantCulture))).ToList();

        Assert.Equal(3_000, pairs.Count);
        Assert.True(PropensityTrainerTests.Spearman(pairs.Select(p => p.Item1).ToList(), pairs.Select(p => p.Item2).ToList()) > 0.6,
            "potential from peers' spend per employee must rank accounts like the true potential");
    }

    [Fact]
    public void Demo_MarketsAddUpToThePotential_AndRankByWhiteSpaceWithReasons()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var potential = AccountPotential.Run(ws, "industry", FixedClock.Default);

        foreach (var by in Markets.Dimensions)
        {
            var ranking = Markets.Rank(ws, by);
            Assert.Empty(ranking.Notes);
            var markets = ranking.Markets;
            Assert.Equal(potential.Tam, markets.Sum(m => m.Tam), 3);
            Assert.Equal(potential.WhiteSpace, markets.Sum(m => m.WhiteSpace), 3);
            Assert.Equal(potential.Accounts, markets.Sum(m => m.Accounts));
            Assert.Equal(markets.Select(m => m.WhiteSpace).OrderByDescending(w => w), markets.Select(m => m.WhiteSpace));
            Assert.All(markets, m => Assert.Equal((double)m.Customers / m.Accounts, m.Penetration, 12));
            Assert.All(markets, m => Assert.InRange(m.CompetitorShare, 0, 1));
            Assert.All(markets, m => Assert.StartsWith($"{m.Penetration:0%} of accounts are customers; we hold ", m.Reason.Replace(" %", "%", StringComparison.Ordinal), StringComparison.Ordinal));
        }

        var error = Assert.Throws<BadInputException>(() => Markets.Rank(ws, "planet"));
        Assert.Equal("--by: value 'planet': expected one of country, region, industry", error.Message);
    }

    private static long Count(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);
}

public sealed class AccountPotentialRulesTests : IDisposable
{
    private readonly TestWorkspace _ws = new("potential:\n  min_peers: 4\n");

    public AccountPotentialRulesTests()
    {
        // Industry A: four paying customers spending 1, 2, 3 and 4 per employee; B: two, too few for a group of their own.
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", """
                account_id,name,industry,employees
                A1,One,A,100
                A2,Two,A,100
                A3,Three,A,100
                A4,Four,A,100
                A5,Prospect,A,200
                A6,Nobody,A,
                B1,Bee,B,10
                B2,Bee Two,B,10

                """),
            ("orders.csv", """
                order_id,account_id,product_id,order_date,amount
                O1,A1,P1,2026-03-01,100
                O2,A2,P1,2026-03-01,200
                O3,A3,P1,2026-03-01,300
                O4,A4,P1,2026-03-01,400
                O5,B1,P1,2026-03-01,1000
                O6,B2,P1,2026-03-01,50

                """));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Potential_IsThePeersQuantileOfSpendPerEmployee_TimesSize_WithFallBacksNoted()
    {
        var result = AccountPotential.Run(_ws.Workspace, "industry", FixedClock.Default);
        var rows = _ws.Rows($"SELECT account_id, potential, white_space, peer_group, note FROM {AccountPotential.Table} ORDER BY account_id")
            .ToDictionary(r => (string)r[0]!, r => r);

        // P75 (linear interpolation) of 1, 2, 3, 4 per employee = 3.25.
        Assert.Equal(325.0, (double)rows["A1"][1]!, 9);
        Assert.Equal(225.0, (double)rows["A1"][2]!, 9);
        Assert.Equal(0.0, (double)rows["A4"][2]!, 9);
        Assert.Equal(650.0, (double)rows["A5"][1]!, 9);
        Assert.Equal("industry × size band", rows["A5"][3]);

        // No employees: the peers' P75 of spend (100, 200, 300, 400 → 325).
        Assert.Equal(325.0, (double)rows["A6"][1]!, 9);
        Assert.Contains("no employees known: valued at its peers' P75 spend", (string)rows["A6"][4]!, StringComparison.Ordinal);

        // B has two peers (below min_peers 4) and shares no size band group big enough: all customers' spend per employee.
        Assert.Equal("all customers", rows["B1"][3]);
        Assert.Contains("fewer than 4 paying peers in its industry × size band: valued on all customers", (string)rows["B1"][4]!, StringComparison.Ordinal);
        Assert.Contains("spends more than the P75 of its peers per employee", (string)rows["B1"][4]!, StringComparison.Ordinal);
        // All customers' spend per employee: 1, 2, 3, 4, 5, 100 → P75 4.75, so B1 (100) and B2 (5) and A4 (4 > 3.25) are above.
        Assert.Equal(47.5, (double)rows["B2"][1]!, 9);
        Assert.Equal(3, result.AboveWallet);
        Assert.Null(result.OpportunityValue);
        Assert.Equal(["Core Platform"], result.Families.Select(f => f.Family));
    }

    [Fact]
    public void Prospects_WithAnEntrenchedCompetitor_HaveTheirWinProbabilityCut_AndWalkAwayBelowTheCost()
    {
        // A5 (potential 650) and A6 (325) are prospects scored 40%; A5's competitor holds 75% to 2030, A6's 80% but its contract ends soon.
        _ws.Import(null, ("competitors.csv", "account_id,competitor,product_family,contract_end,share_estimate\nA5,Rival,Core Platform,2030-06-30,0.75\nA6,Rival,Core Platform,2026-05-31,0.8\n"));
        _ws.Workspace.Execute("""
            INSERT INTO runs VALUES ('score-1', 'score', DATE '2026-03-01', now()::TIMESTAMP, now()::TIMESTAMP, 'test');
            INSERT INTO account_scores (run_id, model_id, kind, account_id, probability, band, out_of_fold)
            SELECT 'score-1', 'lookalike-1', 'lookalike', account_id, 0.4, '>30%', true FROM accounts;
            """);
        File.AppendAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName), "  cost_to_pursue: 100\n");
        _ws.Workspace.ReloadSettings();

        var result = AccountPotential.Run(_ws.Workspace, "industry", FixedClock.Default);
        var rows = _ws.Rows($"SELECT account_id, win_probability, opportunity_value, entrenched, walk_away, note FROM {AccountPotential.Table} WHERE NOT is_customer ORDER BY account_id")
            .ToDictionary(r => (string)r[0]!, r => r);

        Assert.Equal(0.4 * 0.25, (double)rows["A5"][1]!, 9);
        Assert.Equal(0.1 * 650, (double)rows["A5"][2]!, 9);
        Assert.True((bool)rows["A5"][3]!);
        Assert.True((bool)rows["A5"][4]!);
        Assert.Contains("Rival is entrenched (75% share, contract to 2030-06): win probability cut from 40.0% to 10.0%", (string)rows["A5"][5]!, StringComparison.Ordinal);
        Assert.Contains("walk away: expected value 65 a year does not cover the 100 cost to pursue", (string)rows["A5"][5]!, StringComparison.Ordinal);
        Assert.Equal(0.4, (double)rows["A6"][1]!, 9);
        Assert.False((bool)rows["A6"][3]!);
        Assert.False((bool)rows["A6"][4]!);
        Assert.Equal(1, result.Entrenched);
        Assert.Equal(1, result.WalkAway);
        Assert.Equal((0.1 * 650) + (0.4 * 325), result.OpportunityValue!.Value, 9);
    }

    [Fact]
    public void Potential_UnknownDriverOrDimension_IsBadInputWithASuggestion()
    {
        File.AppendAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName), "  driver: employes\n");
        _ws.Workspace.ReloadSettings();

        var driver = Assert.Throws<BadInputException>(() => AccountPotential.Run(_ws.Workspace));
        var by = Assert.Throws<BadInputException>(() => AccountPotential.RollUp(_ws.Workspace, "city"));

        var driverLine = File.ReadAllLines(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName)).Length;
        Assert.Equal($"sightline.yaml:{driverLine}: column 'potential.driver' value 'employes': expected a numeric feature column such as employees or annual_revenue; did you mean 'employees'?", driver.Message);
        Assert.StartsWith("--by: value 'city': expected one of industry, region", by.Message, StringComparison.Ordinal);
    }
}

public sealed class AccountPotentialLedgerTests : IDisposable
{
    private readonly TestWorkspace _ws = new("potential:\n  min_peers: 4\n");

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void ASalesLedgerThatSizesNobody_ValuesEveryAccountAtThePayingPeersSpend_AndNetReturnsLeaveNoWhiteSpaceOfTheirOwn()
    {
        // A flat sales ledger (Superstore, Online Retail): customers and their orders, no employees or revenue anywhere.
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Chair,Furniture\n"),
            ("accounts.csv", "account_id,name\nC1,One\nC2,Two\nC3,Three\nC4,Four\nC5,Returns more than it buys\nC6,Prospect\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,C1,P1,2026-03-01,100\nO2,C2,P1,2026-03-01,200\nO3,C3,P1,2026-03-01,300\n"
                + "O4,C4,P1,2026-03-01,400\nO5,C5,P1,2026-03-01,-50\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);

        var result = AccountPotential.Run(_ws.Workspace, "industry", FixedClock.Default);

        // P75 (linear interpolation) of the paying accounts' spend 100, 200, 300, 400 = 325, for every account.
        Assert.Equal(["C1|325.0|225.0|4|0.3077", "C2|325.0|125.0|4|0.6154", "C3|325.0|25.0|4|0.9231", "C4|325.0|0.0|4|1.2308", "C5|325.0|325.0|4|0.0", "C6|325.0|325.0|4|0.0"],
            _ws.Lines($"SELECT account_id, potential, white_space, peers, round(share_of_wallet, 4) FROM {AccountPotential.Table} ORDER BY account_id"));
        Assert.All(_ws.Rows($"SELECT note FROM {AccountPotential.Table}"), r => Assert.Contains("no employees known: valued at its peers' P75 spend", (string)r[0]!, StringComparison.Ordinal));
        Assert.Equal((6 * 325.0, 1_025.0), (result.Tam, result.WhiteSpace));
        // A family is valued on its yearly spend over 36 months: a third of each order here.
        Assert.Equal(6 * 325.0 / 3, result.Families.Single(f => f.Family == "Furniture").Potential, 9);
    }
}

public sealed class AccountPotentialPropertyTests
{
    private static readonly Gen<(int? Industry, int? Employees, int Spend)[]> Accounts =
        Gen.Select(Gen.Int[0, 3].Select(i => i == 3 ? (int?)null : i), Gen.Int[0, 5_000].Select(e => e == 0 ? (int?)null : e), Gen.OneOf(Gen.Const(0), Gen.Int[1, 100_000]))
            .Array[1, 40];

    [Fact]
    public void RandomBooks_WhiteSpaceIsNeverNegative_AndRollUpsAddUp()
    {
        using var ws = new TestWorkspace("potential:\n  min_peers: 3\n");
        ws.Import(null, ("products.csv", "product_id,name,family\nP1,Core,Core Platform\nP2,Extra,Analytics\n"));
        Accounts.Sample(accounts =>
        {
            ws.Workspace.Execute("DELETE FROM orders; DELETE FROM accounts;");
            for (var i = 0; i < accounts.Length; i++)
            {
                var (industry, employees, spend) = accounts[i];
                ws.Workspace.Execute(FormattableString.Invariant($"""
                    INSERT INTO accounts (account_id, name, industry, employees) VALUES ('A{i}', 'Account {i}', {(industry is { } k ? $"'I{k}'" : "NULL")}, {(employees is { } e ? e.ToString(CultureInfo.InvariantCulture) : "NULL")});
                    """));
                if (spend > 0)
                {
                    ws.Workspace.Execute(FormattableString.Invariant($"INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES ('O{i}', 'A{i}', 'P{1 + (i % 2)}', DATE '2026-03-01', {spend})"));
                }
            }

            FeatureBuilder.Build(ws.Workspace, asOf: new DateOnly(2026, 6, 30), clock: FixedClock.Default);
            var result = AccountPotential.Run(ws.Workspace, "industry", FixedClock.Default);

            Assert.Equal(accounts.Length, result.Accounts);
            Assert.Equal(0L, Convert.ToInt64(ws.Workspace.Scalar($"SELECT count(*) FROM {AccountPotential.Table} WHERE white_space < 0 OR potential < 0 OR white_space > potential + 1e-9"), CultureInfo.InvariantCulture));
            Assert.Equal(0L, Convert.ToInt64(ws.Workspace.Scalar($"SELECT count(*) FROM {AccountPotential.FamilyTable} WHERE white_space < 0 OR potential < 0"), CultureInfo.InvariantCulture));
            foreach (var by in AccountPotential.Dimensions)
            {
                var rows = AccountPotential.RollUp(ws.Workspace, by);
                Assert.Equal(result.Accounts, rows.Sum(r => r.Accounts));
                // Sums of hundreds of thousands in another order differ in the last bits: compare to a part in 10^12.
                Assert.Equal(result.Tam, rows.Sum(r => r.Potential), Math.Max(1, Math.Abs(result.Tam)) * 1e-12);
                Assert.Equal(result.WhiteSpace, rows.Sum(r => r.WhiteSpace), Math.Max(1, Math.Abs(result.WhiteSpace)) * 1e-12);
            }
        }, iter: 15, threads: 1); // one workspace is reused, so samples must not run side by side
    }
}
