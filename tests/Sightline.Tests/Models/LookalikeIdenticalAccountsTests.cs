using Sightline.Features;
using Sightline.Models;
using Sightline.Models.Evaluation;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models;

/// <summary>
/// Forty accounts alike in every input (one industry, size, revenue, country and region), ten of them customers: a
/// model that cannot tell accounts apart. (The analytics hunt saw every account banded &gt;30% on such a workspace; there
/// the customers were 62.5% of the accounts, so that was the base rate, and right.)
/// </summary>
public sealed class LookalikeIdenticalAccountsTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public LookalikeIdenticalAccountsTests()
    {
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,annual_revenue,country,region\nA0001,Acct 1,Retail,50,1000000,United States,North America\nA0002,Acct 2,Retail,50,1000000,United States,North America\nA0003,Acct 3,Retail,50,1000000,United States,North America\nA0004,Acct 4,Retail,50,1000000,United States,North America\nA0005,Acct 5,Retail,50,1000000,United States,North America\nA0006,Acct 6,Retail,50,1000000,United States,North America\nA0007,Acct 7,Retail,50,1000000,United States,North America\nA0008,Acct 8,Retail,50,1000000,United States,North America\nA0009,Acct 9,Retail,50,1000000,United States,North America\nA0010,Acct 10,Retail,50,1000000,United States,North America\nA0011,Acct 11,Retail,50,1000000,United States,North America\nA0012,Acct 12,Retail,50,1000000,United States,North America\nA0013,Acct 13,Retail,50,1000000,United States,North America\nA0014,Acct 14,Retail,50,1000000,United States,North America\nA0015,Acct 15,Retail,50,1000000,United States,North America\nA0016,Acct 16,Retail,50,1000000,United States,North America\nA0017,Acct 17,Retail,50,1000000,United States,North America\nA0018,Acct 18,Retail,50,1000000,United States,North America\nA0019,Acct 19,Retail,50,1000000,United States,North America\nA0020,Acct 20,Retail,50,1000000,United States,North America\nA0021,Acct 21,Retail,50,1000000,United States,North America\nA0022,Acct 22,Retail,50,1000000,United States,North America\nA0023,Acct 23,Retail,50,1000000,United States,North America\nA0024,Acct 24,Retail,50,1000000,United States,North America\nA0025,Acct 25,Retail,50,1000000,United States,North America\nA0026,Acct 26,Retail,50,1000000,United States,North America\nA0027,Acct 27,Retail,50,1000000,United States,North America\nA0028,Acct 28,Retail,50,1000000,United States,North America\nA0029,Acct 29,Retail,50,1000000,United States,North America\nA0030,Acct 30,Retail,50,1000000,United States,North America\nA0031,Acct 31,Retail,50,1000000,United States,North America\nA0032,Acct 32,Retail,50,1000000,United States,North America\nA0033,Acct 33,Retail,50,1000000,United States,North America\nA0034,Acct 34,Retail,50,1000000,United States,North America\nA0035,Acct 35,Retail,50,1000000,United States,North America\nA0036,Acct 36,Retail,50,1000000,United States,North America\nA0037,Acct 37,Retail,50,1000000,United States,North America\nA0038,Acct 38,Retail,50,1000000,United States,North America\nA0039,Acct 39,Retail,50,1000000,United States,North America\nA0040,Acct 40,Retail,50,1000000,United States,North America\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO0001,A0001,P1,2026-03-01,1000\nO0002,A0002,P1,2026-03-01,1000\nO0003,A0003,P1,2026-03-01,1000\nO0004,A0004,P1,2026-03-01,1000\nO0005,A0005,P1,2026-03-01,1000\nO0006,A0006,P1,2026-03-01,1000\nO0007,A0007,P1,2026-03-01,1000\nO0008,A0008,P1,2026-03-01,1000\nO0009,A0009,P1,2026-03-01,1000\nO0010,A0010,P1,2026-03-01,1000\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Score_AccountsAlikeInEveryInput_EachGetsTheBaseRate_AndTheBandOfThatProbability()
    {
        var result = LookalikeScoring.Run(_ws.Workspace, new LookalikeOptions(), FixedClock.Default);

        var scores = _ws.Rows($"SELECT probability, band FROM account_scores WHERE run_id = '{result.RunId}' AND product_family IS NULL");
        Assert.Equal(40, scores.Count);
        Assert.All(scores, s => Assert.Equal(0.25, (double)s[0]!, 0.02));
        Assert.All(scores, s => Assert.Equal(ProbabilityBands.Default.Label(0.25), (string)s[1]!));
        Assert.Equal("4–30%", ProbabilityBands.Default.Label(0.25));
        Assert.Contains(result.Notes, n => n.StartsWith("no input varies across the accounts", StringComparison.Ordinal));
    }
}
