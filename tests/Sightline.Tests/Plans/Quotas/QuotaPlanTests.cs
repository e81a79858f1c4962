using System.Globalization;
using System.Text.Json;
using CsCheck;
using Sightline.Features;
using Sightline.Models.Value;
using Sightline.Plans.Quotas;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Quotas;

[Collection(ScoredDemoCollection.Name)]
public sealed class QuotaPlanDemoTests(ScoredDemoFixture demo)
{
    [Theory]
    [InlineData("45000000")]
    [InlineData("12345678.91")]
    [InlineData("1000000.01")]
    public void Demo_QuotasSumExactlyToTheTarget_ForRepsTerritoriesRegionsAndTheStoredPlan(string text)
    {
        var target = decimal.Parse(text, CultureInfo.InvariantCulture);
        using var ws = Workspace.Open(demo.Workspace);
        AccountPotential.Run(ws, "rep", FixedClock.Default);

        var result = QuotaPlan.Run(ws, target, FixedClock.Default);

        Assert.NotEmpty(result.Reps);
        Assert.Equal(target, result.Reps.Sum(r => r.Quota));
        Assert.Equal(target, result.Regions.Sum(r => r.Quota));
        Assert.Equal(target, result.Territories.Sum(r => r.Quota));
        Assert.All(result.Reps, r => Assert.Equal(r.Quota, decimal.Round(r.Quota, 2)));
        Assert.All(result.Reps, r => Assert.True(r.Quota >= 0, $"{r.RepId} has a negative quota {r.Quota}"));
        foreach (var level in new[] { "rep", "territory", "region" })
        {
            Assert.Equal(target, Convert.ToDecimal(ws.Scalar($"SELECT sum(quota) FROM {QuotaPlan.Table} WHERE level = '{level}' AND run_id = '{result.RunId}'"), CultureInfo.InvariantCulture));
        }

        Assert.Equal(1L, Convert.ToInt64(ws.Scalar($"SELECT count(*) FROM runs WHERE kind = 'quotas' AND run_id = '{result.RunId}'"), CultureInfo.InvariantCulture));
        Assert.NotNull(result.Fairness);
        Assert.Contains("quota ÷ potential averages", result.Fairness!.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_Json_ListsRepsWithRepIdAndQuota_SummingToTheTarget()
    {
        using (var ws = Workspace.Open(demo.Workspace))
        {
            AccountPotential.Run(ws, "rep", FixedClock.Default);
        }

        var (exit, output, error) = Support.Cli.Run("plan", "quotas", "--workspace", demo.Workspace, "--target", "$12.5M", "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var reps = json.RootElement.GetProperty("reps").EnumerateArray().ToList();
        Assert.NotEmpty(reps);
        Assert.All(reps, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("rep_id").GetString())));
        Assert.Equal(12_500_000m, reps.Sum(r => r.GetProperty("quota").GetDecimal()));
    }

    [Fact]
    public void Cli_BadTarget_ExitsTwoWithTheMessage()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "quotas", "--workspace", demo.Workspace, "--target", "lots");

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("--target: value 'lots': not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)", error.Trim());
    }
}

public sealed class QuotaPlanWorkspaceTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public QuotaPlanWorkspaceTests()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,manager_id\nM1,Meg,field,West,\nR1,Ann,field,West,M1\nR2,Bob,field,,M1\nR3,Cy,inside,West,M1\nO1,Ola,overlay,West,M1\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", """
                account_id,name,industry,employees,region,owner_rep_id
                A1,One,A,100,East,R1
                A2,Two,A,100,East,R2
                A3,Three,A,100,East,R2
                A4,Orphan,A,100,East,

                """),
            ("territories.csv", "territory_id,name,region,rep_id\nT1,North,West,R1\nT2,South,East,\n"),
            ("territory_accounts.csv", "territory_id,account_id\nT1,A1\nT2,A2\nT2,A3\n"),
            ("orders.csv", """
                order_id,account_id,product_id,order_date,amount
                O1,A1,P1,2026-03-01,1000
                O2,A2,P1,2026-03-01,500
                O3,A3,P1,2026-03-01,500
                O4,A4,P1,2026-03-01,700

                """));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Quotas_WithoutAPotentialRun_AskForOneFirst()
    {
        var error = Assert.Throws<BadInputException>(() => QuotaPlan.Run(_ws.Workspace, 1_000m, FixedClock.Default));

        Assert.Contains("run `sightline potential --workspace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quotas_TakeTerritoryAndRegion_LeaveUnassignedAccountsOut_AndSayWhy()
    {
        AccountPotential.Run(_ws.Workspace, "rep", FixedClock.Default);

        var result = QuotaPlan.Run(_ws.Workspace, 2_100m, FixedClock.Default);

        Assert.Equal(["R1", "R2"], result.Reps.Select(r => r.RepId));
        Assert.Equal(("West", "T1"), (result.Reps[0].Region, result.Reps[0].Territory));
        // Bob has no region of his own and holds no territory: his accounts' region and territory.
        Assert.Equal(("East", "T2"), (result.Reps[1].Region, result.Reps[1].Territory));
        Assert.Equal(2_000m, result.LastYear);
        Assert.Equal((1L, 700m), (result.UnassignedAccounts, result.UnassignedLastYear));
        Assert.Contains(result.Notes, n => n.StartsWith("1 account has no owner rep (last year 700.00", StringComparison.Ordinal));
        Assert.Equal(2_100m, result.Reps.Sum(r => r.Quota));

        // Cy owns nothing: no quota, and the plan says so; the manager and the overlay rep are not counted as book-less.
        Assert.Contains(result.Notes, n => n.StartsWith("1 rep owns no accounts and gets no quota (R3): give them a book first", StringComparison.Ordinal));
    }
}

public sealed class QuotaPlanRepWithoutHistoryTests
{
    private static QuotaPlanResult Plan(string? yaml, decimal target)
    {
        using var ws = new TestWorkspace(yaml);
        ws.Import(null,
            ("reps.csv", "rep_id,name,role,region\nR1,Ann,field,West\nR2,Bob,field,West\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,One,A,100,West,R1\nA2,Two,A,100,West,R2\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,1000\n"));
        FeatureBuilder.Build(ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(ws.Workspace, "rep", FixedClock.Default);
        return QuotaPlan.Run(ws.Workspace, target, FixedClock.Default);
    }

    [Fact]
    public void TenfoldTarget_RepWithoutHistory_IsNotGivenWhatTheCappedRepGivesUp_AndTheNotesSaySo()
    {
        var result = Plan(null, 10_000m);

        // Shares 0.75 / 0.25; Bob used to take all of the 8,700 above Ann's cap.
        Assert.Equal([("R1", 5_950m), ("R2", 4_050m)], result.Reps.Select(r => (r.RepId, r.Quota)));
        Assert.Contains("caps relaxed: the target 10,000.00 is above the 3,800.00 the caps (+30% on last year) and the share of the 1 rep without history allow, so the remaining 6,200.00 was spread above the caps by share", result.Notes);
        Assert.Contains("1 rep has no revenue last year (R2): no floor or cap applies to it; its quota is its share of the target by potential, and what capped reps give up goes to the others", result.Notes);
    }

    [Fact]
    public void NoWeightOnPotential_RepWithoutHistoryGetsNothing_AndTheNoteSaysWhy()
    {
        var result = Plan("quotas:\n  history_weight: 1\n  potential_weight: 0\n", 1_100m);

        Assert.Equal([("R1", 1_100m), ("R2", 0m)], result.Reps.Select(r => (r.RepId, r.Quota)));
        Assert.Contains("1 rep has no revenue last year (R2) and quotas.potential_weight is 0: its share of the target, and so its quota, is 0; give potential a weight to plan it", result.Notes);
    }
}

public sealed class QuotaPlanHugePotentialTests
{
    [Fact]
    public void PotentialBeyondCents_FromASizeTypedWithExtraDigits_IsBadInputNamingTheAccount()
    {
        using var ws = new TestWorkspace();
        ws.Import(null,
            ("reps.csv", "rep_id,name,role,region\nR1,Ann,field,West\n"),
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,One,A,100,West,R1\nA2,Two,A,2000000000000000,West,R1\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-03-01,1000\n"));
        FeatureBuilder.Build(ws.Workspace, clock: FixedClock.Default);
        AccountPotential.Run(ws.Workspace, "rep", FixedClock.Default);

        var error = Assert.Throws<BadInputException>(() => QuotaPlan.Run(ws.Workspace, 1_000m, FixedClock.Default));

        Assert.Equal("account_potential: column 'account_id' value 'A2': its potential 20,000,000,000,000,000 (employees 2,000,000,000,000,000) takes the potential in all to 20,000,000,000,001,000, beyond the 9,999,999,999,999,999.99 quotas count in cents: check the account's employees and run sightline potential again",
            error.Message);
    }
}

public sealed class QuotaAllocatorTests
{
    private static readonly QuotaSettings Defaults = new();

    [Fact]
    public void OddTarget_OverThreeEqualReps_SumsExactlyToTheCent_ByLargestRemainder()
    {
        var books = new[] { new QuotaBook("R1", 300_000m, 50m), new QuotaBook("R2", 300_000m, 50m), new QuotaBook("R3", 300_000m, 50m) };

        var allocation = QuotaAllocator.Allocate(books, 1_000_000.01m, Defaults);

        Assert.Equal([333_333.34m, 333_333.34m, 333_333.33m], allocation.Quotas);
        Assert.Equal(1_000_000.01m, allocation.Quotas.Sum());
        Assert.False(allocation.Relaxed);
        Assert.Empty(allocation.Notes);
    }

    [Fact]
    public void EqualHistory_MorePotential_MeansMoreUplift_WithinFloorAndCap()
    {
        var books = new[] { new QuotaBook("R1", 100_000m, 100_000m), new QuotaBook("R2", 100_000m, 200_000m), new QuotaBook("R3", 100_000m, 300_000m) };

        var allocation = QuotaAllocator.Allocate(books, 330_000m, Defaults);

        // Raw 82,500 / 110,000 / 137,500: R3 is capped at +30%, R1 floored at -10%, and R2 keeps the rest.
        Assert.Equal([90_000m, 110_000m, 130_000m], allocation.Quotas);
        Assert.Equal(["floor", "none", "cap"], allocation.Clamped);
        var uplift = allocation.Quotas.Select((q, i) => q - books[i].LastYear).ToList();
        Assert.True(uplift[0] < uplift[1] && uplift[1] < uplift[2], string.Join(", ", uplift));
    }

    [Fact]
    public void TargetBeyondEveryCap_RelaxesTheCaps_AndSaysSo()
    {
        var books = new[] { new QuotaBook("R1", 100m, 10m), new QuotaBook("R2", 300m, 30m) };

        var allocation = QuotaAllocator.Allocate(books, 1_000m, Defaults);

        Assert.Equal(1_000m, allocation.Quotas.Sum());
        Assert.True(allocation.Relaxed);
        Assert.StartsWith("caps relaxed: the target 1,000.00 is above the 520.00 the caps (+30% on last year) allow", Assert.Single(allocation.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void TargetBelowEveryFloor_RelaxesTheFloors_AndSaysSo()
    {
        var books = new[] { new QuotaBook("R1", 100m, 10m), new QuotaBook("R2", 300m, 30m) };

        var allocation = QuotaAllocator.Allocate(books, 180m, Defaults);

        Assert.Equal([45m, 135m], allocation.Quotas);
        Assert.StartsWith("floors relaxed: the target 180.00 is below the 360.00 the floors (-10% on last year) add up to", Assert.Single(allocation.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void RepWithoutHistory_KeepsItsShare_WhileCappedRepsGiveUpTheirExcessToTheFreeReps()
    {
        var books = new[] { new QuotaBook("R1", 100m, 300m), new QuotaBook("R2", 100m, 100m), new QuotaBook("R3", 0m, 100m) };

        var allocation = QuotaAllocator.Allocate(books, 260m, Defaults);

        // Shares 0.55 / 0.35 / 0.10, raw 143 / 91 / 26: R1 is capped at 130, and its 13 goes to R2, not to R3 (held at its 26).
        Assert.Equal([130m, 104m, 26m], allocation.Quotas);
        Assert.Equal(["cap", "none", "none"], allocation.Clamped);
        Assert.Empty(allocation.Notes);
    }

    [Fact]
    public void TargetBeyondTheCaps_WithARepWithoutHistory_RelaxesTheCapsBySharesAndSaysSo()
    {
        var books = new[] { new QuotaBook("R1", 100m, 100m), new QuotaBook("R2", 0m, 100m) };

        var allocation = QuotaAllocator.Allocate(books, 1_000m, Defaults);

        // Shares 0.75 / 0.25: R1 to its cap 130, R2 to its share 250, and the remaining 620 by share. Unbounded, R2 took 870.
        Assert.Equal([595m, 405m], allocation.Quotas);
        Assert.Equal(["cap", "none"], allocation.Clamped);
        Assert.True(allocation.Relaxed);
        Assert.Equal("caps relaxed: the target 1,000.00 is above the 380.00 the caps (+30% on last year) and the share of the 1 rep without history allow, so the remaining 620.00 was spread above the caps by share",
            Assert.Single(allocation.Notes));
    }

    [Theory]
    [InlineData("12500000", "12500000")]
    [InlineData("12.5M", "12500000")]
    [InlineData("12,500,000.00", "12500000")]
    [InlineData("$12.5M", "12500000")]
    [InlineData("750k", "750000")]
    [InlineData("1.2B", "1200000000")]
    [InlineData(" 1000000.01 ", "1000000.01")]
    public void Target_ReadsAsPeopleWriteIt(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), QuotaTarget.Parse(text));

    [Theory]
    [InlineData("lots", "not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)")]
    [InlineData("", "not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)")]
    [InlineData("-5", "not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)")]
    [InlineData("0", "expected a positive amount")]
    [InlineData("10.005", "expected an amount in whole cents")]
    [InlineData("12,50,000", "not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)")]
    public void Target_Bad_IsBadInputNamingTheOption(string text, string message)
    {
        var error = Assert.Throws<BadInputException>(() => QuotaTarget.Parse(text));

        Assert.Equal($"--target: value '{text}': {message}", error.Message);
    }

    [Fact]
    public void Settings_WeightsNotSummingToOne_AreBadInput()
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName, "quotas:\n  history_weight: 0.6\n  potential_weight: 0.6\n");

        var error = Assert.Throws<BadInputException>(() => ProjectSettings.Load(path));

        Assert.Equal("sightline.yaml:2: column 'quotas.history_weight' value '0.6 + 0.6': expected history_weight and potential_weight between 0 and 1 that sum to 1, such as 0.5 and 0.5", error.Message);
    }

    [Fact]
    public void RandomBooks_SumToTheTargetInCents_NeverNegative_WithinFloorsAndCapsUnlessRelaxed()
    {
        var weights = Gen.Int[0, 4].Select(k => k / 4.0);
        // Last year often repeats (100,000.00) so that reps with equal history and different potential meet.
        var book = Gen.Select(Gen.OneOf(Gen.Const(0L), Gen.Const(10_000_000L), Gen.Long[1, 1_000_000_000]), Gen.OneOf(Gen.Const(0L), Gen.Long[1, 1_000_000_000]))
            .Select(b => (LastYear: b.Item1 / 100m, Potential: b.Item2 / 100m));
        // The target is either anything, or last year's total moved by -20%..+40%, where floors and caps bind without all failing.
        var gen = Gen.Select(book.Array[1, 12], Gen.OneOf(Gen.Long[1, 100_000_000_000], Gen.Int[-20, 40].Select(k => -1L - (k + 20))), weights, Gen.Int[-50, 0], Gen.Int[0, 100]);
        gen.Sample((books, targetCode, wh, floorPct, capPct) =>
        {
            var settings = new QuotaSettings { HistoryWeight = wh, PotentialWeight = 1 - wh, FloorChange = floorPct / 100.0, CapChange = capPct / 100.0 };
            var lastYear = books.Sum(b => b.LastYear);
            var target = targetCode > 0 ? targetCode / 100m : Math.Max(0.01m, decimal.Round(lastYear * (1 + ((-1L - targetCode - 20) / 100m)), 2));
            var input = books.Select((b, i) => new QuotaBook($"R{i}", b.LastYear, b.Potential)).ToList();

            var allocation = QuotaAllocator.Allocate(input, target, settings);

            Assert.Equal(target, allocation.Quotas.Sum());
            Assert.All(allocation.Quotas, q => Assert.True(q >= 0 && q == decimal.Round(q, 2), q.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(allocation.Relaxed, allocation.Notes.Count > 0);
            if (!allocation.Relaxed)
            {
                var potential = books.Sum(b => b.Potential);
                for (var i = 0; i < input.Count; i++)
                {
                    if (input[i].LastYear > 0)
                    {
                        var (lo, hi) = (input[i].LastYear * (1 + (decimal)settings.FloorChange), input[i].LastYear * (1 + (decimal)settings.CapChange));
                        Assert.InRange(allocation.Quotas[i], lo - 0.01m, hi + 0.01m);
                    }
                    else if (lastYear > 0 && potential > 0)
                    {
                        // A rep without history never takes more than its share: its potential share at the potential weight.
                        Assert.True(allocation.Quotas[i] <= (target * (decimal)settings.PotentialWeight * input[i].Potential / potential) + 0.01m, $"{input[i]} got {allocation.Quotas[i]}");
                    }
                }
            }

            // Higher potential, same history: at least as much uplift (strictly more unless a floor or cap holds both).
            for (var i = 0; i < input.Count; i++)
            {
                for (var j = 0; j < input.Count; j++)
                {
                    if (input[i].LastYear == input[j].LastYear && input[i].Potential > input[j].Potential)
                    {
                        Assert.True(allocation.Quotas[i] >= allocation.Quotas[j] - 0.01m, $"{input[i]} got {allocation.Quotas[i]}, {input[j]} got {allocation.Quotas[j]}");
                    }
                }
            }
        }, iter: 2_000);
    }
}
