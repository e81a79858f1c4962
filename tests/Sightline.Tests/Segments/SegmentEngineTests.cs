using Sightline.Features;
using Sightline.Segments;
using Sightline.Segments.Rules;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Segments;

public sealed class SegmentEngineTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public SegmentEngineTests()
    {
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Widget,Core\nP2,Scope,Analytics\n"),
            ("accounts.csv", "account_id,name,industry,employees\nA1,a,Retail,5000\nA2,b,Retail,2000\nA3,c,Banking,20\nA4,d,Banking,3000\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P2,2025-01-01,100\nO2,A2,P1,2025-01-02,250\nO3,A3,P1,2025-01-03,40\n"));
        FeatureBuilder.Build(_ws.Workspace);
    }

    public void Dispose() => _ws.Dispose();

    private void Add(string name, string rule, string? parent = null, int priority = 100) =>
        SegmentEngine.Add(_ws.Workspace, new SegmentDefinition { Name = name, Rule = rule, Parent = parent, Priority = priority });

    private void Reopen() => _ws.Reopen();

    private List<(string Account, string Segment)> Assignments(string run) =>
        _ws.Rows($"SELECT account_id, segment FROM segment_assignments WHERE run_id = '{run}' ORDER BY account_id").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();

    [Fact]
    public void Evaluate_HierarchyAndPriority_GiveOneSegmentPerAccount()
    {
        Add("large", "employees >= 1000", priority: 10);
        Add("retail", "industry = 'retail'", priority: 20);
        Add("large-analytics", "has_product('analytics')", parent: "large", priority: 1);
        Reopen();

        var report = SegmentEngine.Evaluate(_ws.Workspace);

        var large = report.Segments.Single(s => s.Name == "large");
        Assert.Equal((3L, 2L, 350.0, 2L), (large.Accounts, large.Customers, large.Revenue12m, large.Assigned));
        var retail = report.Segments.Single(s => s.Name == "retail");
        Assert.Equal((2L, 0L), (retail.Accounts, retail.Assigned));   // both retail accounts are large, which has priority
        Assert.Equal(1L, report.Segments.Single(s => s.Name == "large-analytics").Accounts);
        Assert.Equal([("A1", "large-analytics"), ("A2", "large"), ("A4", "large")], Assignments(report.RunId));
        Assert.Equal(1L, report.Unassigned);
    }

    [Fact]
    public void Evaluate_ThreeLevelsAndNamesLikeColumns_AssignDownTheTree()
    {
        Add("assigned", "employees >= 1000", priority: 5);
        Add("account_id", "industry = 'Retail'", parent: "assigned", priority: 2);
        Add("level0", "revenue_12m > 0", parent: "account_id", priority: 1);
        Add("is_customer", "employees >= 2000", parent: "assigned", priority: 1);
        Reopen();

        var report = SegmentEngine.Evaluate(_ws.Workspace);

        // A1 (Retail, 5000, 100 revenue): is_customer wins among assigned's children (priority 1), so level0 is not reached.
        // A2 (Retail, 2000, 250): the same. A4 (Banking, 3000, no orders): is_customer. Nobody is only in account_id.
        Assert.Equal([("A1", "is_customer"), ("A2", "is_customer"), ("A4", "is_customer")], Assignments(report.RunId));
        Assert.Equal(2L, report.Segments.Single(s => s.Name == "level0").Accounts);
        Assert.Equal(0L, report.Segments.Single(s => s.Name == "level0").Assigned);
        Assert.Equal(10L, _ws.Count($"SELECT count(*) FROM segment_members WHERE run_id = '{report.RunId}'"));
    }

    [Fact]
    public void Add_UnknownColumn_SuggestsAndLeavesYamlAlone()
    {
        var before = File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName));
        var error = Assert.Throws<RuleSyntaxException>(() => Add("big", "employes > 5"));
        Assert.Equal("unknown column 'employes' at 1:1 — did you mean 'employees'?", error.Message);
        Assert.Equal("big", error.RuleName);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName)));
    }

    [Fact]
    public void Add_SizeBandNoBandHolds_RefusedWithTheBandsAndNothingWritten()
    {
        var before = File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName));
        var error = Assert.Throws<RuleSyntaxException>(() => Add("big", "employees > 5 and size_band in ('Enterprise', 'Enterprize')"));
        Assert.Equal("size_band is never 'Enterprize', so this matches nothing: it holds a size band of tiers.size_bands: "
            + "SMB, Mid-market, Enterprise, Strategic, Unknown at 1:47 — did you mean 'Enterprise'?", error.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName)));

        // Rules compare text ignoring case, so a band written in other case is a band; A3 (20 employees) is the small one.
        Add("large", "size_band = 'enterprise'");
        var report = SegmentEngine.Evaluate(_ws.Workspace);
        Assert.Equal([("A1", "large"), ("A2", "large"), ("A4", "large")], Assignments(report.RunId));
    }

    [Fact]
    public void Add_KeepsTheCommentsOfTheProjectFile()
    {
        Add("large", "employees >= 1000 and industry in ('Retail', \"Banking\")");
        var text = File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName));
        Assert.Contains("# Sightline project file.", text);
        Assert.Contains("  - name: large\n    rule: \"employees >= 1000 and industry in ('Retail', \\\"Banking\\\")\"\n    priority: 100\n", text);
        Reopen();
        Assert.Equal("employees >= 1000 and industry in ('Retail', \"Banking\")", _ws.Workspace.Settings.Segments.Single().Rule);
    }

    [Fact]
    public void Evaluate_InjectionInARule_IsJustAValue()
    {
        Add("odd", "industry = '; drop table accounts; --' or name contains \"'); delete from orders; --\"");
        Reopen();
        var report = SegmentEngine.Evaluate(_ws.Workspace);
        Assert.Equal(0L, report.Segments.Single().Accounts);
        Assert.Equal(4L, _ws.Count("SELECT count(*) FROM accounts"));
        Assert.Equal(3L, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void Compare_TwoRuns_ShowsTheMoves()
    {
        Add("large", "employees >= 2500");
        Reopen();
        var first = SegmentEngine.Evaluate(_ws.Workspace);
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA2,b,2600\nA4,d,100\n"));
        FeatureBuilder.Build(_ws.Workspace);
        var second = SegmentEngine.Evaluate(_ws.Workspace);

        var migration = SegmentMigration.Compare(_ws.Workspace, first.RunId, second.RunId);

        Assert.Equal(2, migration.MovedCount);
        Assert.Equal([new MovedAccount("A2", "(none)", "large"), new MovedAccount("A4", "large", "(none)")], migration.Moved);
        Assert.Contains(new SegmentMove("large", "large", 1), migration.Matrix);
        Assert.Equal((first.RunId, second.RunId), SegmentMigration.LatestTwoRuns(_ws.Workspace));
    }

    [Fact]
    public void Performance_BySegment_UsesTheLatestRunsAssignments()
    {
        Add("large", "employees >= 1000");
        Reopen();
        SegmentEngine.Evaluate(_ws.Workspace);
        var report = Sightline.Segments.Performance.PerformanceSegmentation.Run(_ws.Workspace,
            new Sightline.Segments.Performance.PerformanceOptions(Sightline.Segments.Performance.PeriodGrain.Year, "perf-test") { By = "segment" });
        var year = report.Bridge.Where(b => b.Period == new DateOnly(2025, 1, 1)).ToDictionary(b => b.Segment, b => b.Current);
        Assert.Equal(350m, year["large"]);
        Assert.Equal(40m, year["(none)"]);
    }

    [Fact]
    public void Add_InSegmentOfAnUnknownSegment_NamesTheSegmentTheRuleAndTheKnownOnes()
    {
        Add("large", "employees >= 1000");
        Add("retail", "industry = 'retail'");
        var before = File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName));

        var error = Assert.Throws<RuleSyntaxException>(() => Add("focus", "is_customer and in_segment('nope')"));

        Assert.Equal("unknown segment 'nope' at 1:17 — the segments are large, retail", error.Message);
        Assert.Equal("focus", error.RuleName);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName)));
    }

    [Fact]
    public void Cli_SegmentAddWithReversedBetween_IsBadInputNamingTheRuleAndTheBounds()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        _ws.Workspace.Dispose();
        Assert.Equal(2, Sightline.Cli.SightlineCli.Run(["segment", "add", "mid", "-w", _ws.WorkspaceDirectory, "--rule", "employees between 500 and 50"], output, error));
        Assert.Equal("mid: between 500 and 50 matches nothing: the lower bound 500 is above the upper bound 50 at 1:19 — write the lower bound first: employees between 50 and 500",
            error.ToString().Trim());
        _ws.Reopen();
        Assert.Empty(_ws.Workspace.Settings.Segments);
    }

    [Fact]
    public void Evaluate_NoSegments_SaysHowToAddOne()
    {
        var error = Assert.Throws<BadInputException>(() => SegmentEngine.Evaluate(_ws.Workspace));
        Assert.Equal("sightline.yaml: no segments defined; add one with: sightline segment add NAME --rule '...'", error.Message);
    }

    [Fact]
    public void Cli_SegmentAddThenSegments_JsonAndExitCodes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        _ws.Workspace.Dispose();
        Assert.Equal(2, Sightline.Cli.SightlineCli.Run(["segment", "add", "x", "-w", _ws.WorkspaceDirectory, "--rule", "employees >"], output, error));
        Assert.Equal("x: expected a value after '>' at 1:12 — found the end of the rule", error.ToString().Trim());
        Assert.Equal(0, Sightline.Cli.SightlineCli.Run(["segment", "add", "big", "-w", _ws.WorkspaceDirectory, "--rule", "employees > 2.5k"], output, error));
        using var json = new StringWriter();
        Assert.Equal(0, Sightline.Cli.SightlineCli.Run(["segments", "-w", _ws.WorkspaceDirectory, "--json"], json, error));
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToString());
        Assert.Equal(2, doc.RootElement.GetProperty("segments")[0].GetProperty("accounts").GetInt64());
        _ws.Reopen();
    }

    private string ProjectPath => Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName);

    private string? ProjectText => File.Exists(ProjectPath) ? File.ReadAllText(ProjectPath) : null;

    private const string TooDeepHint = " — at most 100 levels of parentheses, 'not', 'and' and 'or'";

    [Theory]
    [InlineData(5000, 0, "x: rule nested too deeply at 1:101" + TooDeepHint)]
    [InlineData(0, 1200, "x: rule nested too deeply at 1:401" + TooDeepHint)]
    public void Cli_SegmentAddNestedTooDeeply_IsBadInputAndNothingWritten(int parentheses, int nots, string expected)
    {
        var rule = string.Concat(Enumerable.Repeat("not ", nots)) + new string('(', parentheses) + "is_customer" + new string(')', parentheses);
        using var output = new StringWriter();
        using var error = new StringWriter();
        _ws.Workspace.Dispose();

        Assert.Equal(2, Sightline.Cli.SightlineCli.Run(["segment", "add", "x", "-w", _ws.WorkspaceDirectory, "--rule", rule], output, error));

        Assert.Equal(expected, error.ToString().Trim());
        _ws.Reopen();
        Assert.Empty(_ws.Workspace.Settings.Segments);
    }

    [Fact]
    public void Add_FlowStyleList_RefusedAndTheFileUnchanged()
    {
        const string Flow = "# ours\nsegments: [{ name: a, rule: \"employees > 1\" }, { name: b, rule: is_customer }]\n";
        File.WriteAllText(ProjectPath, Flow);
        Reopen();

        var error = Assert.Throws<BadInputException>(() => Add("c", "is_customer"));

        Assert.Equal("sightline.yaml:2: column 'segments': the segments are not written as a block list ('- name: ...' lines, one entry per segment), "
            + "so a segment cannot be added without rewriting them: write them that way and try again", error.Message);
        Assert.Equal(Flow, File.ReadAllText(ProjectPath));
        Assert.Equal(["a", "b"], _ws.Workspace.Settings.Segments.Select(s => s.Name));
    }

    [Fact]
    public void Add_EmptyFlowList_BecomesABlockList()
    {
        File.WriteAllText(ProjectPath, "segments: []\n");
        Reopen();

        Add("c", "is_customer");

        Assert.Equal("segments:\n  - name: c\n    rule: \"is_customer\"\n    priority: 100\n", File.ReadAllText(ProjectPath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    public void Add_ListIndentedByZeroOrFourSpaces_KeepsItsIndent(string indent)
    {
        File.WriteAllText(ProjectPath, $"segments:\n{indent}- name: a\n{indent}  rule: \"employees > 1\"\n");
        Reopen();

        Add("c", "is_customer");

        Assert.Equal($"segments:\n{indent}- name: a\n{indent}  rule: \"employees > 1\"\n{indent}- name: c\n{indent}  rule: \"is_customer\"\n{indent}  priority: 100\n",
            File.ReadAllText(ProjectPath));
        Assert.Equal(["a", "c"], _ws.Workspace.Settings.Segments.Select(s => s.Name));
    }

    [Fact]
    public void Add_DescriptionWithYamlLineBreaks_IsEscapedAndReadBackAsWritten()
    {
        const string Pasted = "line\u2028separator\u0085next\u2029paragraph\u0001";
        SegmentEngine.Add(_ws.Workspace, new SegmentDefinition { Name = "pasted", Rule = "is_customer", Description = Pasted });

        Assert.Contains("description: \"line\\u2028separator\\u0085next\\u2029paragraph\\u0001\"", File.ReadAllText(ProjectPath), StringComparison.Ordinal);
        Assert.Equal(Pasted, ProjectSettings.Load(ProjectPath).Segments.Single().Description);
    }

    [Fact]
    public void Add_InvalidName_RefusedBeforeTheFileIsBuilt()
    {
        var before = ProjectText;
        var error = Assert.Throws<BadInputException>(() => Add("Strategic", "is_customer"));
        Assert.Equal("name: value 'Strategic': expected a lowercase name of letters, digits, '-' and '_', starting with a letter, of at most 64 characters", error.Message);
        Assert.Equal(before, ProjectText);
    }

    [Fact]
    public void Add_NameLongerThan64Characters_IsToldTheLimit_AndTheValueShortened()
    {
        var before = ProjectText;
        var error = Assert.Throws<BadInputException>(() => Add(new string('a', 100_000), "is_customer"));
        Assert.Equal($"name: value '{new string('a', 100)}… (100,000 characters)': expected a lowercase name of letters, digits, '-' and '_', starting with a letter, "
            + "of at most 64 characters", error.Message);
        Assert.Throws<BadInputException>(() => Add(new string('a', 65), "is_customer"));
        Assert.Equal(before, ProjectText);

        Add(new string('a', 64), "is_customer");
        Assert.Equal(new string('a', 64), ProjectSettings.Load(ProjectPath).Segments.Single().Name);
    }

    [Fact]
    public void Add_OwnParent_RefusedAndNothingWritten()
    {
        var before = ProjectText;
        var error = Assert.Throws<BadInputException>(() => Add("selfp", "is_customer", parent: "selfp"));
        Assert.Equal("parent: value 'selfp': a segment cannot be its own parent", error.Message);
        Assert.Equal(before, ProjectText);
    }

    [Fact]
    public void Load_ParentCycle_ReportedAtTheLineOfTheParentKey()
    {
        File.WriteAllText(ProjectPath, "segments:\n  - name: a\n    rule: is_customer\n    parent: b\n  - name: b\n    rule: is_customer\n    parent: a\n");

        var error = Assert.Throws<BadInputException>(() => ProjectSettings.Load(ProjectPath));

        Assert.Equal("sightline.yaml:4: column 'segments[0].parent' value 'b': the parents form a cycle: a -> b -> a", error.Message);
    }

    [Fact]
    public void Evaluate_SegmentNestedToTheLimitThroughInSegment_Runs()
    {
        // d6 writes out 6 * 40 'not's and 6 in_segments around is_customer: 247 levels, just within the limit.
        Add("d0", "is_customer");
        for (var i = 1; i <= 6; i++)
        {
            Add($"d{i}", string.Concat(Enumerable.Repeat("not ", 40)) + $"in_segment('d{i - 1}')");
        }

        var error = Assert.Throws<RuleSyntaxException>(() => Add("d7", string.Concat(Enumerable.Repeat("not ", 40)) + "in_segment('d6')"));
        Assert.Equal("rule nested too deeply once in_segment('d6') is written out at 1:161 — at most 250 levels with the segments it names", error.Message);
        Reopen();

        var report = SegmentEngine.Evaluate(_ws.Workspace);

        Assert.Equal(report.Segments.Single(s => s.Name == "d0").Accounts, report.Segments.Single(s => s.Name == "d6").Accounts);
    }
}
