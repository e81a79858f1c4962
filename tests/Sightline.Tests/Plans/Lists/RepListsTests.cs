using System.Globalization;
using System.Text.Json;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Lists;

[Collection(ScoredDemoCollection.Name)]
public sealed class RepListsDemoTests(ScoredDemoFixture demo)
{
    private static long Count(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);

    private Workspace Open()
    {
        var ws = Workspace.Open(demo.Workspace);
        AccountPotential.Run(ws, "rep", FixedClock.Default);
        return ws;
    }

    [Fact]
    public void Demo_ListedAccountsBelongToTheirRep_WithinCapacity_EachWithAReasonAndANextBestAction()
    {
        using var ws = Open();

        var result = RepLists.Run(ws, clock: FixedClock.Default);

        Assert.NotEmpty(result.Rows);
        Assert.Equal(result.Listed, result.Rows.Count);
        Assert.Equal(result.Listed, Count(ws, $"SELECT count(*) FROM {RepLists.Table} WHERE run_id = '{result.RunId}'"));
        Assert.Equal(0L, Count(ws, $"SELECT count(*) FROM {RepLists.Table} l JOIN {FeatureBuilder.Table} f USING (account_id) WHERE f.owner_rep_id IS DISTINCT FROM l.rep_id"));
        Assert.Equal(0L, Count(ws, $"""
            SELECT count(*) FROM (SELECT rep_id, count(*) AS n FROM {RepLists.Table} GROUP BY rep_id) l LEFT JOIN reps r USING (rep_id)
            WHERE l.n > coalesce(r.capacity_accounts, {ws.Settings.Lists.DefaultCapacity})
            """));
        Assert.Equal(result.Rows.Count, result.Rows.Select(r => r.AccountId).Distinct().Count());
        Assert.All(result.Reps, r => Assert.True(r.Listed <= r.Capacity, $"{r.RepId} lists {r.Listed} over a capacity of {r.Capacity}"));
        Assert.All(result.Rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
            Assert.Contains(" via ", r.NextBestAction, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(r.Channel));
            Assert.False(string.IsNullOrWhiteSpace(r.Theme));
            Assert.Contains(r.Action, ListSettings.Actions);
            Assert.True(r.Value > 0);
        });
        foreach (var rep in result.Rows.GroupBy(r => r.RepId))
        {
            var ranked = rep.OrderBy(r => r.Rank).ToList();
            Assert.Equal(Enumerable.Range(1, ranked.Count), ranked.Select(r => r.Rank));
            Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Value >= p.Second.Value), $"{rep.Key}'s list is not ranked by value");
        }

        // Several kinds of action and missing roles in words; roll-ups add up.
        Assert.True(result.Rows.Select(r => r.Action).Distinct().Count() >= 3, string.Join(", ", result.Rows.Select(r => r.Action).Distinct()));
        Assert.Contains(result.Rows, r => r.MissingRoles.StartsWith("no decision maker known: find ", StringComparison.Ordinal));
        Assert.Contains(result.Rows, r => r.Action == "up_sell" && r.Reason.Contains("% of what peers of its size spend", StringComparison.Ordinal));
        Assert.Equal(result.Listed, result.Managers.Sum(m => m.Accounts));
        Assert.Equal(result.Rows.Sum(r => r.Value), result.Managers.Sum(m => m.Value), 1e-6 * result.Managers.Sum(m => m.Value));
        Assert.Equal(1L, Count(ws, $"SELECT count(*) FROM runs WHERE kind = 'lists' AND run_id = '{result.RunId}'"));
    }

    [Fact]
    public void Demo_Holdout_IsRecorded_AbsentFromTheLists_NearTheShare_AndStableForASeed()
    {
        using var ws = Open();

        var first = RepLists.Run(ws, clock: FixedClock.Default);
        var held = Strings(ws, $"SELECT account_id FROM {RepLists.HoldoutTable} WHERE run_id = '{first.RunId}' ORDER BY 1");

        Assert.Equal(first.HeldOut, held.Count);
        Assert.NotEmpty(held);
        Assert.Equal(0L, Count(ws, $"SELECT count(*) FROM {RepLists.Table} WHERE account_id IN (SELECT account_id FROM {RepLists.HoldoutTable} WHERE run_id = '{first.RunId}')"));
        var share = (double)first.HeldOut / first.Candidates;
        Assert.InRange(share, 0.03, 0.07);
        Assert.Equal(0L, Count(ws, $"SELECT count(*) FROM {RepLists.HoldoutTable} WHERE run_id = '{first.RunId}' AND (rep_id IS NULL OR value <= 0 OR action IS NULL)"));

        // The same seed holds out the same accounts; the holdout table keeps every run.
        var later = new FixedClock(FixedClock.Default.GetUtcNow().AddMinutes(5));
        var second = RepLists.Run(ws, clock: later);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(held, Strings(ws, $"SELECT account_id FROM {RepLists.HoldoutTable} WHERE run_id = '{second.RunId}' ORDER BY 1"));
        Assert.Equal(1L, Count(ws, $"SELECT count(DISTINCT run_id) FROM {RepLists.Table}"));

        // Another seed, another holdout.
        ws.Settings.Lists.HoldoutSeed = 7;
        var third = RepLists.Run(ws, clock: new FixedClock(FixedClock.Default.GetUtcNow().AddMinutes(10)));
        Assert.NotEqual(held, Strings(ws, $"SELECT account_id FROM {RepLists.HoldoutTable} WHERE run_id = '{third.RunId}' ORDER BY 1"));
        Assert.True(Count(ws, $"SELECT count(DISTINCT run_id) FROM {RepLists.HoldoutTable}") >= 3);
    }

    [Fact]
    public void Demo_Lift_ComparesRecommendedWithHeldOutBuying_AfterTheAsOfDate()
    {
        // A copy of the demo: planted orders must not leak into the other tests' world.
        using var copy = new TempDirectory();
        foreach (var file in Directory.GetFiles(demo.Workspace))
        {
            File.Copy(file, copy.File(Path.GetFileName(file)));
        }

        using var ws = Workspace.Open(copy.Path);
        AccountPotential.Run(ws, "rep", FixedClock.Default);
        ws.Settings.Lists.HoldoutShare = 0.2;
        var run = RepLists.Run(ws, clock: FixedClock.Default);
        Assert.Empty(run.Lift);
        Assert.Contains(run.Notes, n => n.StartsWith("no earlier lists run has orders after its as-of date", StringComparison.Ordinal));
        Assert.Equal(run.Candidates, Count(ws, $"SELECT count(*) FROM {ListLift.Table} WHERE run_id = '{run.RunId}'"));
        Assert.Equal(run.Listed, Count(ws, $"SELECT count(*) FROM {ListLift.Table} WHERE run_id = '{run.RunId}' AND listed"));

        // Ten recommended accounts (one with two order lines) and two held-out ones order after the as-of date.
        var asOf = FeatureTable.AsOf(ws);
        var recommended = Strings(ws, $"SELECT account_id FROM {ListLift.Table} WHERE run_id = '{run.RunId}' AND NOT held_out ORDER BY account_id LIMIT 10");
        var held = Strings(ws, $"SELECT account_id FROM {RepLists.HoldoutTable} WHERE run_id = '{run.RunId}' ORDER BY account_id LIMIT 2");
        var product = ws.Scalar("SELECT min(product_id) FROM products");
        List<(string Account, double Amount)> buyers = [.. recommended.Select(a => (a, 100.0)), (recommended[0], 50.0), .. held.Select(a => (a, 40.0))];
        ws.Execute(string.Join(";\n", buyers.Select((b, i) =>
            $"INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES ('LIFT{i}', '{b.Account}', '{product}', DATE '{asOf.AddDays(10):yyyy-MM-dd}', {b.Amount.ToString(CultureInfo.InvariantCulture)})")));

        // Earlier tests may have run lists on the shared demo before the copy: look at this run.
        var lift = Assert.Single(ListLift.Measure(ws), l => l.RunId == run.RunId);

        var recommendedCount = run.Candidates - run.HeldOut;
        Assert.Equal((run.RunId, asOf, asOf.AddDays(10)), (lift.RunId, lift.AsOf, lift.DataEnd));
        Assert.Equal((recommendedCount, 10L, run.HeldOut, 2L), (lift.Recommended, lift.RecommendedBuyers, lift.HeldOut, lift.HeldOutBuyers));
        Assert.Equal(1050.0 / recommendedCount, lift.RecommendedRevenuePerAccount, 9);
        Assert.Equal(80.0 / run.HeldOut, lift.HeldOutRevenuePerAccount, 9);
        Assert.Equal(10.0 / recommendedCount / (2.0 / run.HeldOut), lift.Lift!.Value, 9);
        var listedBuyers = Count(ws, $"SELECT count(*) FROM {ListLift.Table} WHERE run_id = '{run.RunId}' AND listed AND account_id IN ({string.Join(", ", recommended.Select(a => $"'{a}'"))})");
        Assert.Equal(listedBuyers, lift.ListedBuyers);
        var (p1, p2) = (10.0 / recommendedCount, 2.0 / run.HeldOut);
        var halfWidth = 1.96 * Math.Sqrt((p1 * (1 - p1) / recommendedCount) + (p2 * (1 - p2) / run.HeldOut));
        Assert.Equal(p1 - p2 - halfWidth, lift.DifferenceLow!.Value, 3);
        Assert.Equal(p1 - p2 + halfWidth, lift.DifferenceHigh!.Value, 3);
        Assert.Contains($"({2} of {run.HeldOut:N0})", lift.Summary, StringComparison.Ordinal);
        Assert.EndsWith(p1 - p2 + halfWidth < 0 ? "held-out accounts did better" : "not yet distinguishable from chance",
            lift.Summary[..lift.Summary.IndexOf("; revenue per account", StringComparison.Ordinal)], StringComparison.Ordinal);

        // The next run shows the earlier run's lift.
        var next = RepLists.Run(ws, clock: new FixedClock(FixedClock.Default.GetUtcNow().AddDays(1)));
        Assert.Equal(lift, Assert.Single(next.Lift, l => l.RunId == run.RunId));
        Assert.Contains(next.Lift, l => l.RunId == next.RunId);
    }

    [Fact]
    public void Demo_NoHoldout_ListsEveryCandidateUpToCapacity()
    {
        using var ws = Open();
        ws.Settings.Lists.HoldoutShare = 0;

        var result = RepLists.Run(ws, clock: FixedClock.Default);

        Assert.Equal(0L, result.HeldOut);
        Assert.All(result.Reps, r => Assert.Equal(Math.Min(r.Candidates, r.Capacity), r.Listed));
    }

    [Fact]
    public void Cli_Rep_ShowsThatRepOnly_AsJson()
    {
        string rep;
        using (var ws = Open())
        {
            rep = (string)ws.Scalar($"SELECT owner_rep_id FROM {FeatureBuilder.Table} WHERE owner_rep_id IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1")!;
        }

        var (exit, output, error) = Support.Cli.Run("lists", "--workspace", demo.Workspace, "--rep", rep, "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(rep, r.GetProperty("rep_id").GetString()));
        Assert.All(json.RootElement.GetProperty("reps").EnumerateArray(), r => Assert.Equal(rep, r.GetProperty("rep_id").GetString()));
    }

    [Fact]
    public void Cli_Text_PrintsListsAndRollUps()
    {
        using (Open())
        {
        }

        var (exit, output, error) = Support.Cli.Run("lists", "--workspace", demo.Workspace);

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("recorded in list_holdout", output, StringComparison.Ordinal);
        Assert.Contains("next best action", output, StringComparison.Ordinal);
        Assert.Contains("manager", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_UnknownRep_ExitsTwoListingKnownReps()
    {
        var (exit, output, error) = Support.Cli.Run("lists", "--workspace", demo.Workspace, "--rep", "NOBODY");

        Assert.Equal((2, ""), (exit, output));
        Assert.Contains("--rep: value 'NOBODY': not a rep; known reps include ", error, StringComparison.Ordinal);
    }

    private static List<string> Strings(Workspace ws, string sql) => ws.Strings(sql);
}

public sealed class RepListsWorkspaceTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public RepListsWorkspaceTests()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,manager_id,capacity_accounts\nM1,Meg,field,West,,0\nR1,Ann,field,West,M1,1\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", """
                account_id,name,industry,employees,region,owner_rep_id
                A1,One,A,100,East,R1
                A2,Two,A,1000,East,R1

                """),
            ("orders.csv", """
                order_id,account_id,product_id,order_date,amount
                O1,A1,P1,2026-03-01,1000
                O2,A2,P1,2026-03-01,500

                """));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Lists_WithoutAPotentialRun_AskForOneFirst()
    {
        var error = Assert.Throws<BadInputException>(() => RepLists.Run(_ws.Workspace, clock: FixedClock.Default));

        Assert.Contains("run `sightline potential --workspace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_CapToCapacity_UpSellInWords_FindTheDecisionMaker()
    {
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);
        _ws.Workspace.Settings.Lists.HoldoutShare = 0;

        var result = RepLists.Run(_ws.Workspace, clock: FixedClock.Default);

        // A2 spends 0.5 per employee where its peer (A1) spends 10: the only up-sell; capacity 1 lists it alone.
        var row = Assert.Single(result.Rows);
        Assert.Equal(("R1", "A2", "up_sell", 1), (row.RepId, row.AccountId, row.Action, row.Rank));
        Assert.StartsWith("spends ", row.Reason, StringComparison.Ordinal);
        Assert.Contains("no decision maker known: find the economic buyer", row.MissingRoles, StringComparison.Ordinal);
        Assert.StartsWith("expand Core Platform via ", row.NextBestAction, StringComparison.Ordinal);
        var manager = Assert.Single(result.Managers);
        Assert.Equal(("M1", "Meg", 1L), (manager.ManagerId, manager.Name, manager.Accounts));
    }

    [Fact]
    public void Settings_BadHoldoutShareOrTheme_AreBadInputWithTheKey()
    {
        var file = _ws.Files.File("sightline.yaml");
        File.WriteAllText(file, "lists:\n  holdout_share: 1.5\n");
        Assert.Contains("lists.holdout_share", Assert.Throws<BadInputException>(() => ProjectSettings.Load(file)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, "lists:\n  themes:\n    upsell: more\n");
        Assert.Contains("lists.themes.upsell", Assert.Throws<BadInputException>(() => ProjectSettings.Load(file)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, "lists:\n  decision_maker_title:\n    Healthcare: the chief nursing officer\n");
        Assert.Equal("the chief nursing officer", ProjectSettings.Load(file).Lists.TitleFor("Healthcare"));
        Assert.Equal("the economic buyer", ProjectSettings.Load(file).Lists.TitleFor("Retail"));
    }
}
