using System.Globalization;
using System.Text.Json;
using CsCheck;
using Sightline.Plans.Coverage;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Plans.Coverage;

[Collection(ScoredDemoCollection.Name)]
public sealed class CoveragePlanDemoTests(ScoredDemoFixture demo)
{
    private static long Long(Workspace ws, string sql) => Convert.ToInt64(ws.Scalar(sql), CultureInfo.InvariantCulture);

    private static decimal Dec(Workspace ws, string sql) => Convert.ToDecimal(ws.Scalar(sql), CultureInfo.InvariantCulture);

    [Fact]
    public void Demo_NoRoleCapacityIsExceeded_AndTheOptimumBeatsTodayAndTheGreedyBaseline()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var result = CoveragePlan.Run(ws, FixedClock.Default);

        Assert.Equal(3_000L, result.Accounts);
        Assert.True(result.Optimal, result.Method);
        var bounded = result.Roles.Where(r => r.Capacity is not null).ToList();
        Assert.Equal(["field", "inside", "partner"], bounded.Select(r => r.Role));
        foreach (var role in bounded)
        {
            var capacity = Long(ws, $"SELECT coalesce(sum(coalesce(capacity_accounts, 150)), 0)::BIGINT FROM reps WHERE role = '{role.Role}'");
            var used = Long(ws, $"SELECT count(*) FROM {CoveragePlan.Table} WHERE role = '{role.Role}'");
            Assert.Equal((capacity, used), (role.Capacity!.Value, role.Used));
            Assert.True(used <= capacity, $"{role.Role}: {used} accounts over a capacity of {capacity}");
        }

        Assert.True(result.Margin >= result.CurrentMargin, $"{result.Margin} < today's {result.CurrentMargin}");
        Assert.True(result.Margin >= result.GreedyMargin, $"{result.Margin} < greedy {result.GreedyMargin}");
        Assert.Equal(result.Margin, Dec(ws, $"SELECT sum(margin) FROM {CoveragePlan.Table}"));
        Assert.Equal(result.Margin, result.Models.Sum(m => m.Margin));
        Assert.Equal(result.CurrentMargin, result.Models.Sum(m => m.CurrentMargin));
        Assert.Equal(result.Accounts, result.Models.Sum(m => m.Accounts));
        Assert.Equal(result.Changed, Long(ws, $"SELECT count(*) FROM {CoveragePlan.Table} WHERE model <> current_model"));
        // Every account's margin is its model's: realised × rate − cost, to the cent.
        Assert.Equal(0L, Long(ws, $"SELECT count(*) FROM {CoveragePlan.Table} WHERE margin <> round(realised_value * 0.7, 2) - cost_to_serve"));
        Assert.Equal(1L, Long(ws, $"SELECT count(*) FROM runs WHERE kind = 'coverage' AND run_id = '{result.RunId}'"));
        Assert.All(result.Models.Where(m => m.Model != "none"), m => Assert.Contains(m.Model, new[] { "field", "inside", "partner", "digital" }));
    }

    [Fact]
    public void Demo_OverAndUnderCoveredFlags_FollowTheirDefinitions()
    {
        using var ws = Workspace.Open(demo.Workspace);

        var result = CoveragePlan.Run(ws, FixedClock.Default);

        var t = CoveragePlan.Table;
        var threshold = result.HighPotentialThreshold.ToString("R", CultureInfo.InvariantCulture);
        Assert.Equal(0L, Long(ws, $"SELECT count(*) FROM {t} WHERE over_covered <> (current_model <> 'none' AND current_margin < 0)"));
        Assert.Equal(0L, Long(ws, $"""
            SELECT count(*) FROM {t} WHERE under_covered <> (expected_value > 0 AND expected_value >= {threshold} AND current_model IN ('none', 'digital'))
            """));
        Assert.Equal(result.OverCoveredCount, Long(ws, $"SELECT count(*) FROM {t} WHERE over_covered"));
        Assert.Equal(result.UnderCoveredCount, Long(ws, $"SELECT count(*) FROM {t} WHERE under_covered"));
        Assert.True(result.OverCoveredCount > 0 && result.UnderCoveredCount > 0, $"{result.OverCoveredCount} over, {result.UnderCoveredCount} under");
        // The high-potential bar is the top 20% of expected value.
        var atOrAbove = Long(ws, $"SELECT count(*) FROM {t} WHERE expected_value >= {threshold}");
        Assert.InRange(atOrAbove, 590, 610);
        Assert.Equal(CoveragePlan.FlagsShown, result.OverCovered.Count);
        Assert.All(result.OverCovered, f => Assert.True(f.CurrentMargin < 0 && f.CurrentModel != "none"));
        Assert.All(result.OverCovered, f => Assert.StartsWith($"over-covered: {f.CurrentModel} costs ", f.Reason, StringComparison.Ordinal));
        Assert.True(result.OverCovered.Zip(result.OverCovered.Skip(1)).All(p => p.First.CurrentMargin <= p.Second.CurrentMargin));
        Assert.All(result.UnderCovered, f => Assert.True(f.ExpectedValue >= result.HighPotentialThreshold && f.CurrentModel is "none" or "digital"));
        Assert.All(result.UnderCovered, f => Assert.Contains("under-covered: ", f.Reason, StringComparison.Ordinal));
        // The plan moves the most valuable under-covered accounts to a rep model.
        Assert.NotEqual("digital", result.UnderCovered[0].Model);
    }

    [Fact]
    public void Demo_PinnedAccountsKeepTheirModel_AndUseCapacityFirst()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var top = ws.Strings("SELECT account_id FROM account_potential ORDER BY coalesce(opportunity_value, 0) + current_spend DESC, account_id LIMIT 3");
        var small = ws.Strings("SELECT account_id FROM account_potential WHERE NOT is_customer ORDER BY coalesce(opportunity_value, 0), account_id LIMIT 2");
        ws.Settings.Coverage.Pinned = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [top[0]] = "digital",
            [top[1]] = "none",
            [top[2]] = "partner",
            [small[0]] = "field",
            [small[1]] = "inside",
        };

        var result = CoveragePlan.Run(ws, FixedClock.Default);

        Assert.Equal(5L, result.Pinned);
        foreach (var (account, model) in ws.Settings.Coverage.Pinned)
        {
            var row = ws.Rows($"SELECT model, pinned, reason FROM {CoveragePlan.Table} WHERE account_id = '{account}'").Single();
            Assert.Equal((model, true), ((string)row[0]!, (bool)row[1]!));
            Assert.StartsWith($"pinned to {model} in sightline.yaml", (string)row[2]!, StringComparison.Ordinal);
        }

        Assert.All(result.Roles.Where(r => r.Capacity is not null), r => Assert.True(r.Used <= r.Capacity, r.Summary));
        Assert.Equal(1L, result.Roles.Single(r => r.Role == "field").Pinned);
        Assert.Equal(420L, result.Roles.Single(r => r.Role == "field").Used);
    }

    [Fact]
    public void Demo_MorePinsThanARoleCanCover_IsBadInput_SayingBothNumbers()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Coverage.Pinned = ws.Strings("SELECT account_id FROM account_potential ORDER BY account_id LIMIT 421")
            .ToDictionary(id => id, _ => "field", StringComparer.Ordinal);

        var error = Assert.Throws<BadInputException>(() => CoveragePlan.Run(ws, FixedClock.Default));

        Assert.Equal($"sightline.yaml:{PinnedLine()}: column 'coverage.pinned' value 'field': 421 accounts are pinned to field models but field reps can cover only 420 accounts (capacity_accounts, else coverage.default_capacity 150); unpin some or add capacity",
            error.Message);
    }

    [Fact]
    public void Demo_PinningAnUnknownAccount_IsBadInput()
    {
        using var ws = Workspace.Open(demo.Workspace);
        ws.Settings.Coverage.Pinned = new Dictionary<string, string>(StringComparer.Ordinal) { ["NOPE-1"] = "field" };

        var error = Assert.Throws<BadInputException>(() => CoveragePlan.Run(ws, FixedClock.Default));

        Assert.Equal($"sightline.yaml:{PinnedLine()}: column 'coverage.pinned.NOPE-1' value 'NOPE-1': not an account of this workspace (or it has no potential yet); expected an account_id from accounts",
            error.Message);
    }

    // Settings problems are told at the line of the file's pinned map (the tests pin in memory; the file's map is empty).
    private int PinnedLine() => File.ReadAllLines(Path.Combine(demo.Workspace, ProjectSettings.FileName)).ToList().IndexOf("  pinned: {}") + 1;

    [Fact]
    public void Cli_Json_HasModelsRolesTotalsAndFlags()
    {
        var (exit, output, error) = Support.Cli.Run("plan", "coverage", "--workspace", demo.Workspace, "--json");

        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(3_000, root.GetProperty("accounts").GetInt64());
        Assert.True(root.GetProperty("margin").GetDecimal() >= root.GetProperty("current_margin").GetDecimal());
        var models = root.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()).ToList();
        Assert.Equal(["digital", "field", "inside", "none", "partner"], models.Order(StringComparer.Ordinal));
        var field = root.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("role").GetString() == "field");
        Assert.Equal(420, field.GetProperty("capacity").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("role").GetString() == "digital").GetProperty("capacity").ValueKind);
        Assert.NotEmpty(root.GetProperty("over_covered").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("under_covered")[0].GetProperty("reason").GetString()));
    }
}

public sealed class CoverageSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("  pinned: { A1: carrier_pigeon }", "sightline.yaml:2: column 'coverage.pinned.A1' value 'carrier_pigeon': not a coverage model; expected one of digital, field, inside, partner, none")]
    [InlineData("  models: { field: { role: hunter, cost_to_serve: 1 } }", "sightline.yaml:2: column 'coverage.models.field.role' value 'hunter': not a role that covers accounts; expected one of field, inside, digital, partner, overlay")]
    [InlineData("  models: { field: { role: field, effectiveness: 1.5 } }", "sightline.yaml:2: column 'coverage.models.field.effectiveness' value '1.5': expected a share from 0 to 1 of the expected value, such as 0.8")]
    [InlineData("  models: { field: { role: field, cost_to_serve: -5 } }", "sightline.yaml:2: column 'coverage.models.field.cost_to_serve' value '-5': expected a yearly cost of 0 or more per account, such as 600")]
    [InlineData("  models: { none: { role: field } }", "sightline.yaml:2: column 'coverage.models.none' value 'none': 'none' is the built-in model of an uncovered account (no cost, no value); give the model another name")]
    [InlineData("  margin_rate: 0", "sightline.yaml:2: column 'coverage.margin_rate' value '0': expected a gross margin rate above 0 and at most 1, such as 0.7")]
    [InlineData("  default_capacity: -1", "sightline.yaml:2: column 'coverage.default_capacity' value '-1': expected 0 or more accounts per rep, such as 150")]
    public void BadCoverageSettings_AreBadInput_WithKeyValueAndExpectation(string section, string expected)
    {
        var path = _dir.Write(ProjectSettings.FileName, "coverage:\n" + section + "\n");

        var error = Assert.Throws<BadInputException>(() => ProjectSettings.Load(path));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void CoverageSettings_ReadModelsAndPins_AsWritten()
    {
        var path = _dir.Write(ProjectSettings.FileName, """
            coverage:
              margin_rate: 0.6
              models:
                key_account: { role: field, cost_to_serve: 5000, effectiveness: 1 }
                web: { role: digital, cost_to_serve: 20, effectiveness: 0.3, unlimited: true }
              pinned:
                A1: key_account
                A2: none
            """);

        var settings = ProjectSettings.Load(path).Coverage;

        Assert.Equal(0.6, settings.MarginRate);
        Assert.Equal(["key_account", "web"], settings.Models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("field", 5000.0, false), (settings.Models["key_account"].Role, settings.Models["key_account"].CostToServe, settings.Models["key_account"].Unlimited));
        Assert.True(settings.Models["web"].Unlimited);
        Assert.Equal("none", settings.Pinned["A2"]);
    }

    [Fact]
    public void Cli_BadCoverageSettings_ExitTwoWithTheMessage()
    {
        var folder = _dir.File("ws");
        Workspace.Init(folder).Dispose();
        File.WriteAllText(Path.Combine(folder, ProjectSettings.FileName), "coverage:\n  pinned: { A1: carrier_pigeon }\n");

        var (exit, output, error) = Support.Cli.Run("plan", "coverage", "--workspace", folder);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("sightline.yaml:2: column 'coverage.pinned.A1' value 'carrier_pigeon': not a coverage model; expected one of digital, field, inside, partner, none", error.Trim());
    }
}

public sealed class CoverageSolverTests
{
    [Fact]
    public void Solver_BeatsTheGreedy_WhereTakingTheBiggestGainFirstBlocksABetterPair()
    {
        // A0 gains 10 on field or 9 on inside; A1 gains 9 on field, 1 on inside; one seat each.
        CoverageOption[] options = [new(0, 0, 10), new(0, 1, 9), new(1, 0, 9), new(1, 1, 1)];

        var optimum = CoverageSolver.Solve(2, options, [1, 1]);
        var greedy = CoverageSolver.Greedy(2, options, [1, 1]);

        Assert.Equal((18L, true), (optimum.Gain, optimum.Optimal));
        Assert.Equal([1, 0], optimum.RoleOf);
        Assert.Equal(11L, greedy.Gain);
        Assert.Equal([0, 1], greedy.RoleOf);
    }

    [Fact]
    public void Solver_OnTinyCases_EqualsBruteForce_AndRespectsCapacity()
    {
        var instance =
            from accounts in Gen.Int[1, 6]
            from roles in Gen.Int[1, 3]
            from capacity in Gen.Long[0, 3].Array[roles]
            from gains in Gen.Long[0, 100].Array[accounts * roles]
            select (accounts, roles, capacity, gains);

        instance.Sample(t =>
        {
            var (accounts, roles, capacity, gains) = t;
            var options = Enumerable.Range(0, accounts * roles).Where(i => gains[i] > 0)
                .Select(i => new CoverageOption(i / roles, i % roles, gains[i])).ToList();

            var solution = CoverageSolver.Solve(accounts, options, capacity);

            var best = BruteForce(accounts, roles, capacity, gains);
            Assert.Equal(best, solution.Gain);
            Assert.Equal(best, solution.RoleOf.Select((r, a) => r < 0 ? 0 : gains[(a * roles) + r]).Sum());
            for (var r = 0; r < roles; r++)
            {
                Assert.True(solution.RoleOf.Count(x => x == r) <= capacity[r]);
            }

            Assert.True(CoverageSolver.Greedy(accounts, options, capacity).Gain <= solution.Gain);
        }, iter: 300);
    }

    /// <summary>Every assignment of accounts to a role or to none (-1), within capacity: the best total gain.</summary>
    private static long BruteForce(int accounts, int roles, long[] capacity, long[] gains)
    {
        long best = 0;
        var choice = new int[accounts];
        void Walk(int a, long total, long[] left)
        {
            if (a == accounts)
            {
                best = Math.Max(best, total);
                return;
            }

            Walk(a + 1, total, left);
            for (var r = 0; r < roles; r++)
            {
                if (left[r] > 0 && gains[(a * roles) + r] > 0)
                {
                    left[r]--;
                    choice[a] = r;
                    Walk(a + 1, total + gains[(a * roles) + r], left);
                    left[r]++;
                }
            }
        }

        Walk(0, 0, capacity.ToArray());
        return best;
    }
}

public sealed class CoveragePlanTinyWorldTests : IDisposable
{
    private readonly TinyCoverageWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void TinyWorld_PlanIsTheHandWorkedOptimum_WithTodayAndFlagsAsDefined()
    {
        var result = CoveragePlan.Run(_world.Workspace, FixedClock.Default);

        // Gains over digital: A1 field 29,010 / inside 19,810; A2 field 26,010 / inside 17,810; A3 field 510 / inside 810.
        // One seat each: A1 field + A2 inside (46,820) beats A1 inside + A2 field (45,820). A4's digital margin is 0: none.
        var rows = _world.Workspace.Rows($"SELECT account_id, model, margin, current_model, current_margin, over_covered, under_covered FROM {CoveragePlan.Table} ORDER BY account_id");
        Assert.Equal(
            [("A1", "field", 49_000m, "digital", 19_990m), ("A2", "inside", 35_800m, "field", 44_000m), ("A3", "digital", 990m, "field", 1_500m), ("A4", "none", 0m, "inside", -180m)],
            rows.Select(r => ((string)r[0]!, (string)r[1]!, (decimal)r[2]!, (string)r[3]!, (decimal)r[4]!)));
        Assert.Equal([false, false, false, true], rows.Select(r => (bool)r[5]!));
        Assert.Equal([true, false, false, false], rows.Select(r => (bool)r[6]!));
        Assert.Equal((85_790m, 65_310m, 85_790m), (result.Margin, result.CurrentMargin, result.GreedyMargin));
        Assert.Equal(4L, result.Changed);
        var reason = Convert.ToString(_world.Workspace.Scalar($"SELECT reason FROM {CoveragePlan.Table} WHERE account_id = 'A2'"), CultureInfo.InvariantCulture);
        Assert.Equal("field would earn 8,200 more, but field capacity goes to accounts where it gains more; inside: 90,000 expected × 80% realised × 50% margin − 200 to serve = 35,800", reason);
        Assert.Equal("over-covered: inside costs 200 a year to serve but realises 20 of margin on 50 expected; the plan: none", result.OverCovered.Single().Reason);
        // A4: digital would earn exactly its cost (margin 0), which is no reason to cover it.
        Assert.Equal("no model earns more than its cost to serve on 50 expected a year",
            Convert.ToString(_world.Workspace.Scalar($"SELECT reason FROM {CoveragePlan.Table} WHERE account_id = 'A4'"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TinyWorld_OneOfEach_IsToldInTheSingular()
    {
        _world.Workspace.Execute("UPDATE account_features SET owner_rep_id = NULL WHERE account_id = 'A4'");

        var result = CoveragePlan.Run(_world.Workspace, FixedClock.Default);

        Assert.Contains("1 account has no owner rep: today it counts as uncovered (none)", result.Notes);
        Assert.Equal("field: 1 of 1 account (100%) over 1 rep; today its reps own 2", result.Roles.Single(r => r.Role == "field").Summary);
    }

    [Fact]
    public void TinyWorld_PinningA2ToField_MovesA1ToInside()
    {
        _world.Workspace.Settings.Coverage.Pinned = new Dictionary<string, string>(StringComparer.Ordinal) { ["A2"] = "field" };

        var result = CoveragePlan.Run(_world.Workspace, FixedClock.Default);

        var models = _world.Workspace.Strings($"SELECT account_id || '=' || model FROM {CoveragePlan.Table} ORDER BY account_id");
        Assert.Equal(["A1=inside", "A2=field", "A3=digital", "A4=none"], models);
        Assert.Equal(39_800m + 44_000m + 990m, result.Margin);
    }
}

public sealed class CoveragePlanEmptyWorkspaceTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    // Accounts, but no analysis yet (a workspace without accounts is told to import first).
    public CoveragePlanEmptyWorkspaceTests() => _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Coverage_WithoutAPotentialRun_AsksForOneFirst()
    {
        var error = Assert.Throws<BadInputException>(() => CoveragePlan.Run(_ws.Workspace, FixedClock.Default));

        Assert.Equal($"account_potential: no account potential yet: run `sightline potential --workspace {_ws.Workspace.Directory}` first, then plan coverage", error.Message);
    }

    [Fact]
    public void Headcount_WithoutAPotentialRun_AsksForOneFirst()
    {
        var error = Assert.Throws<BadInputException>(() => Sightline.Plans.Headcount.HeadcountPlan.Run(_ws.Workspace, null, FixedClock.Default));

        Assert.Equal($"account_potential: no account potential yet: run `sightline potential --workspace {_ws.Workspace.Directory}` first, then plan headcount", error.Message);
    }
}
