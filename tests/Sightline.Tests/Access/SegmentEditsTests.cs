using Sightline.Access;
using Sightline.Features;
using Sightline.Segments.Rules;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Access;

/// <summary>Segment create, update and delete in sightline.yaml: rule checked, comments kept, one entry per name, roles, audit.</summary>
public sealed class SegmentEditsTests : IDisposable
{
    private const string Yaml = """
        # the team's own notes
        segments:
          # big ones first
          - name: big
            description: "Large accounts"
            rule: "employees >= 500"
            priority: 10

          # and the rest
          - name: small
            rule: "employees < 500"
            parent: big
            priority: 20

        """;

    private static readonly UserAccount Analyst = new("ana", UserRole.Analyst, null, new DateTime(2026, 1, 1));
    private readonly TestWorkspace _ws = new(Yaml);

    public SegmentEditsTests()
    {
        _ws.Import(null,
            ("reps.csv", "rep_id,name,role,region,manager_id,capacity_accounts\nR1,Ann,field,West,,10\n"),
            ("accounts.csv", "account_id,name,industry,employees,region,owner_rep_id\nA1,One,A,100,East,R1\nA2,Two,A,1000,East,R1\nA3,Three,B,2000,East,R1\n"));
        FeatureBuilder.Build(_ws.Workspace, clock: FixedClock.Default);
    }

    public void Dispose() => _ws.Dispose();

    private string FileText => File.ReadAllText(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName));

    [Fact]
    public void Update_replaces_the_entry_in_place_and_keeps_the_comments()
    {
        var saved = SegmentEdits.Save(_ws.Workspace, Analyst, new SegmentDefinition { Name = "big", Rule = "employees >= 1500", Priority = 5 }, FixedClock.Default);

        Assert.Equal(("big", 1L, false), (saved.Name, saved.Accounts, saved.Created));
        var text = FileText;
        Assert.Single(text.Split('\n'), l => l.Trim() == "- name: big");
        Assert.Contains("# the team's own notes", text, StringComparison.Ordinal);
        Assert.Contains("# big ones first", text, StringComparison.Ordinal);
        Assert.Contains("# and the rest", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("- name: big", StringComparison.Ordinal) < text.IndexOf("- name: small", StringComparison.Ordinal));
        var big = _ws.Workspace.Settings.Segments.Single(s => s.Name == "big");
        Assert.Equal(("employees >= 1500", 5, (string?)null), (big.Rule, big.Priority, big.Description));
        Assert.Equal(2, ProjectSettings.Load(Path.Combine(_ws.WorkspaceDirectory, ProjectSettings.FileName)).Segments.Count);
        var entry = Assert.Single(AuditLog.Recent(_ws.Workspace, 10));
        Assert.Equal(("ana", "segment_updated", "big", "rule: employees >= 1500; parent: (none); priority: 5"), (entry.Actor, entry.Action, entry.Target, entry.Detail));
    }

    [Fact]
    public void Create_appends_a_new_segment_with_its_count()
    {
        var saved = SegmentEdits.Save(_ws.Workspace, Analyst,
            new SegmentDefinition { Name = "industry_b", Rule = "industry = 'B'", Parent = "big", Description = "Industry B" }, FixedClock.Default);

        Assert.Equal((1L, true), (saved.Accounts, saved.Created));
        Assert.Equal(["big", "small", "industry_b"], _ws.Workspace.Settings.Segments.Select(s => s.Name));
        Assert.Equal("segment_created", AuditLog.Recent(_ws.Workspace, 1)[0].Action);
    }

    [Fact]
    public void A_bad_rule_changes_nothing_and_says_where()
    {
        var before = FileText;
        var error = Assert.Throws<RuleSyntaxException>(() =>
            SegmentEdits.Save(_ws.Workspace, Analyst, new SegmentDefinition { Name = "big", Rule = "employes >= 10" }, FixedClock.Default));

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal(before, FileText);
        Assert.Empty(AuditLog.Recent(_ws.Workspace, 10));
    }

    [Fact]
    public void Delete_removes_the_entry_refuses_a_parent_and_unknown_names()
    {
        var parent = Assert.Throws<BadInputException>(() => SegmentEdits.Delete(_ws.Workspace, Analyst, "big", FixedClock.Default));
        Assert.Contains("is the parent of small", parent.Message, StringComparison.Ordinal);
        Assert.Equal(ActionRefusal.NotFound,
            Assert.Throws<ActionRefusedException>(() => SegmentEdits.Delete(_ws.Workspace, Analyst, "nope", FixedClock.Default)).Refusal);

        SegmentEdits.Delete(_ws.Workspace, Analyst, "small", FixedClock.Default);

        Assert.Equal(["big"], _ws.Workspace.Settings.Segments.Select(s => s.Name));
        Assert.DoesNotContain("small", FileText, StringComparison.Ordinal);
        Assert.Contains("# big ones first", FileText, StringComparison.Ordinal);
        var entry = Assert.Single(AuditLog.Recent(_ws.Workspace, 10));
        Assert.Equal(("segment_deleted", "small", "rule was: employees < 500"), (entry.Action, entry.Target, entry.Detail));
    }

    [Theory]
    [InlineData(UserRole.Manager)]
    [InlineData(UserRole.Rep)]
    public void Managers_and_reps_may_not_edit_segments(UserRole role)
    {
        var user = new UserAccount("someone", role, "R1", new DateTime(2026, 1, 1));
        Assert.Equal(ActionRefusal.Forbidden, Assert.Throws<ActionRefusedException>(() =>
            SegmentEdits.Save(_ws.Workspace, user, new SegmentDefinition { Name = "x", Rule = "employees > 1" }, FixedClock.Default)).Refusal);
        Assert.Equal(ActionRefusal.Forbidden, Assert.Throws<ActionRefusedException>(() =>
            SegmentEdits.Delete(_ws.Workspace, user, "small", FixedClock.Default)).Refusal);
    }

    [Theory]
    [InlineData("Big", null)]
    [InlineData("evil\n  - name: injected", null)]
    [InlineData("child", "big\n  - name: injected\n    rule: \"employees > 0\"")]
    [InlineData("child", "nope")]
    public void A_bad_name_or_parent_is_refused_before_the_file_is_touched(string name, string? parent)
    {
        var before = FileText;
        var error = Assert.Throws<BadInputException>(() => SegmentEdits.Save(_ws.Workspace, Analyst,
            new SegmentDefinition { Name = name, Rule = "employees > 1", Parent = parent }, FixedClock.Default));

        Assert.Equal(parent is null ? "name" : "parent", error.Diagnostics[0].File);
        Assert.Equal(before, FileText);
        Assert.DoesNotContain("injected", FileText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_cannot_be_its_own_parent()
    {
        Assert.Equal("parent", Assert.Throws<BadInputException>(() => SegmentEdits.Save(_ws.Workspace, Analyst,
            new SegmentDefinition { Name = "big", Rule = "employees > 1", Parent = "big" }, FixedClock.Default)).Diagnostics[0].File);
    }

    [Fact]
    public void A_rule_nested_too_deeply_is_refused_before_the_file_is_written()
    {
        var before = FileText;
        var error = Assert.Throws<RuleSyntaxException>(() => SegmentEdits.Save(_ws.Workspace, Analyst,
            new SegmentDefinition { Name = "deepnot", Rule = string.Concat(Enumerable.Repeat("not ", 1002)) + "employees > 1" }, FixedClock.Default));

        Assert.Equal("rule nested too deeply at 1:401 — at most 100 levels of parentheses, 'not', 'and' and 'or'", error.Message);
        Assert.Equal(before, FileText);
        Assert.Empty(AuditLog.Recent(_ws.Workspace, 10));
    }

    [Fact]
    public void A_parent_that_closes_a_cycle_is_refused_before_the_file_is_written()
    {
        var before = FileText;
        var error = Assert.Throws<BadInputException>(() => SegmentEdits.Save(_ws.Workspace, Analyst,
            new SegmentDefinition { Name = "big", Rule = "employees >= 500", Parent = "small" }, FixedClock.Default));

        Assert.Equal(new Diagnostic("parent", null, null, "small", "the parents would form a cycle: big -> small -> big"), error.Diagnostics[0]);
        Assert.Equal(before, FileText);
        Assert.Empty(AuditLog.Recent(_ws.Workspace, 10));
    }
}
