using Sightline.Realtime;
using Sightline.Segments.Rules;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

public sealed class RoutingTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    private const string Yaml = """
        name: routing-test
        segments:
          - name: key-logos
            rule: "employees > 5000"
        routing:
          default: inside_sales
          rules:
            - name: support_first
              when: "reason = 'support' or channel = 'support'"
              to: support_desk
            - { name: key_accounts, when: "in_segment('key-logos') and tier = 'Strategic'", to: key_account_team }
            - { name: renewals, when: "reason = 'renewal' and days_since_last_order < 400", to: renewals_desk }
            - { name: hot, when: "propensity >= 0.3", to: field_sales }

        """;

    private readonly TempDirectory _dir = new();

    private RoutingTable Load(string yaml)
    {
        var path = _dir.Write(Guid.NewGuid().ToString("N") + ".yaml", yaml);
        return RoutingTable.Build(ProjectSettings.Load(path));
    }

    private BadInputException Fails(string yaml)
    {
        var path = _dir.Write(Guid.NewGuid().ToString("N") + ".yaml", yaml);
        return Assert.Throws<BadInputException>(() => ProjectSettings.Load(path));
    }

    private static RoutingRow Row(string? reason = null, string? channel = "call", string? tier = null, double? propensity = null,
        string[]? segments = null, double? daysSinceLastOrder = null) => new()
        {
            AccountId = "A1", Reason = reason, Channel = channel, Tier = tier, Propensity = propensity, Segments = segments ?? [],
            Features = new Dictionary<string, object?> { ["days_since_last_order"] = daysSinceLastOrder },
        };

    [Fact]
    public void Route_SeveralRulesMatch_FirstOneWins()
    {
        var table = Load(Yaml);
        var decision = table.Route(Row(reason: "support", tier: "Strategic", propensity: 0.9, segments: ["key-logos"]), AsOf);
        Assert.Equal("support_desk", decision.To);
        Assert.Equal("support_first", decision.Rule);
        Assert.Equal("rule 'support_first' matched (reason = 'support' or channel = 'support'): reason = support, channel = call", decision.Reason);
    }

    [Fact]
    public void Route_InSegment_ReadsTheLiveSegmentList()
    {
        var table = Load(Yaml);
        Assert.Equal("key_account_team", table.Route(Row(reason: "renewal", tier: "Strategic", segments: ["key-logos"]), AsOf).To);

        // Not in the segment now: its rule (employees > 5000) is not re-run on the row; membership decides.
        Assert.Equal("inside_sales", table.Route(Row(reason: "upgrade", tier: "Strategic"), AsOf).To);
    }

    [Fact]
    public void Route_NothingMatches_DefaultWithReason()
    {
        var decision = Load(Yaml).Route(Row(reason: "upgrade", propensity: 0.1), AsOf);
        Assert.Equal("inside_sales", decision.To);
        Assert.Null(decision.Rule);
        Assert.Equal("none of the 4 routing rules matched; the default queue", decision.Reason);
    }

    [Fact]
    public void Route_MissingValue_IsUnknownAndDoesNotMatch()
    {
        var table = Load(Yaml);

        // renewals needs days_since_last_order < 400: unknown for an account that never ordered, so the rule does not match.
        Assert.Equal("inside_sales", table.Route(Row(reason: "renewal"), AsOf).To);
        Assert.Equal("renewals_desk", table.Route(Row(reason: "renewal", daysSinceLastOrder: 30), AsOf).To);
        Assert.Equal("field_sales", table.Route(Row(reason: "renewal", propensity: 0.5), AsOf).To);
    }

    [Fact]
    public void Build_WorkspaceColumns_AllowsItsOwnFeatureColumns()
    {
        var settings = new RoutingSettings
        {
            Default = "q",
            Rules = [new RoutingRuleDefinition { Name = "analytics", When = "holds_analytics and reason = 'upgrade'", To = "analytics_team" }],
        };
        var features = new RuleColumns(new Dictionary<string, FeatureType> { ["holds_analytics"] = FeatureType.Boolean });
        var table = RoutingTable.Build(settings, features, []);
        var row = Row(reason: "upgrade") with { Features = new Dictionary<string, object?> { ["holds_analytics"] = true } };
        Assert.Equal("analytics_team", table.Route(row, AsOf).To);

        // The standard columns do not know it: the same rule fails there.
        Assert.Throws<BadInputException>(() => RoutingTable.Build(settings, null, []));
    }

    [Fact]
    public void Load_UnknownColumn_LineColumnAndSuggestion()
    {
        var e = Fails("""
            routing:
              default: q
              rules:
                - name: a
                  when: "reason = 'support' and tierr = 'SMB'"
                  to: desk

            """);
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(5, d.Line);
        Assert.Equal("routing.rules[0].when", d.Column);

        // The rule text starts after the quote at column 13; 'tierr' starts at its 24th character.
        Assert.StartsWith("column 37: unknown column 'tierr'", d.Message, StringComparison.Ordinal);
        Assert.Equal("column 37: unknown column 'tierr' — did you mean 'tier'?", d.Message);
    }

    [Fact]
    public void Load_ValuesTheColumnsNeverHold_EveryOneRefusedAtItsPosition()
    {
        var e = Fails("""
            segments:
              - { name: key-logos, rule: "employees > 5000" }
            routing:
              default: q
              rules:
                - { name: a, when: "tier = 'Strategc'", to: desk }
                - { name: b, when: "reason in ('support', 'renewals')", to: desk }
                - { name: c, when: "'phone' = channel", to: desk }
                - { name: d, when: "segment <> 'key-logo' and segments contains 'keylogos'", to: desk }
                - { name: e, when: "segments contains 'keylogos'", to: desk }

            """);
        // A rule's first problem is reported; every rule is checked.
        Assert.Equal([6, 7, 8, 9, 10], e.Diagnostics.Select(d => d.Line ?? 0));
        Assert.Equal("column 32: tier is never 'Strategc', so this matches nothing: it holds a size band of tiers.size_bands: "
            + "SMB, Mid-market, Enterprise, Strategic, Unknown — did you mean 'Strategic'?", e.Diagnostics[0].Message);
        Assert.Equal("column 47: reason is never 'renewals', so this matches nothing: it holds a reason for contact: "
            + "renewal, support, new_purchase, upgrade — did you mean 'renewal'?", e.Diagnostics[1].Message);
        Assert.StartsWith("column 25: channel is never 'phone', so this matches nothing: it holds a touchpoint channel: call, email, web,",
            e.Diagnostics[2].Message, StringComparison.Ordinal);
        Assert.Equal("column 36: segment is never 'key-logo', so this matches nothing: it holds the name of a segment of sightline.yaml: "
            + "key-logos — did you mean 'key-logos'?", e.Diagnostics[3].Message);
        Assert.StartsWith("column 43: segments is never 'keylogos'", e.Diagnostics[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BandOfOtherCutPoints_RefusedNamingTheBandsTheSettingsGive()
    {
        var e = Fails("""
            scoring:
              bands: [0.1, 0.5]
            routing:
              default: q
              rules:
                - { name: hot, when: "band = '>30%'", to: field }

            """);
        Assert.Equal("column 34: band is never '>30%', so this matches nothing: it holds a propensity band of scoring.bands: <10%, 10–50%, >50% — did you mean '>50%'?",
            Assert.Single(e.Diagnostics).Message);
    }

    [Fact]
    public void Load_TiersOfTheSettings_AreTheOnlyTiers()
    {
        const string Bands = """
            tiers:
              size_bands:
                - { name: Small, max_employees: 200, max_revenue: 50000000 }
                - { name: Large }

            """;
        var e = Fails(Bands + """
            routing:
              default: q
              rules:
                - { name: big, when: "tier = 'Strategic'", to: key_accounts }

            """);
        Assert.Equal("column 34: tier is never 'Strategic', so this matches nothing: it holds a size band of tiers.size_bands: Small, Large, Unknown",
            Assert.Single(e.Diagnostics).Message);

        var table = Load(Bands + """
            routing:
              default: q
              rules:
                - { name: big, when: "tier = 'large' or tier = 'Unknown'", to: key_accounts }

            """);
        Assert.Equal("key_accounts", table.Route(Row(tier: "Large"), AsOf).To);
        Assert.Equal("key_accounts", table.Route(Row(tier: "Unknown"), AsOf).To);
        Assert.Equal("q", table.Route(Row(tier: "Small"), AsOf).To);
    }

    [Fact]
    public void Route_BandWrittenWithAHyphen_MatchesTheDashedLabel()
    {
        var table = Load("""
            routing:
              default: q
              rules:
                - { name: warm, when: "band in ('4-30%', '>30%')", to: field }

            """);
        Assert.Equal("field", table.Route(Row() with { Band = "4–30%" }, AsOf).To);
        Assert.Equal("field", table.Route(Row() with { Band = ">30%" }, AsOf).To);
        Assert.Equal("q", table.Route(Row() with { Band = "<4%" }, AsOf).To);
    }

    [Fact]
    public void Load_BadRuleText_PositionInTheFile()
    {
        var e = Fails("""
            routing:
              default: q
              rules:
                - { name: a, when: "reason = ", to: desk }

            """);
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(4, d.Line);
        Assert.Equal("routing.rules[0].when", d.Column);
        Assert.Contains("reason = ", d.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingToAndDefault_EveryProblemReported()
    {
        var e = Fails("""
            routing:
              rules:
                - name: a
                  when: "reason = 'support'"
                - { name: a, when: "reason = 'renewal'", to: renewals }

            """);
        Assert.Equal(3, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Column == "routing.default" && d.Line == 1);
        Assert.Contains(e.Diagnostics, d => d.Column == "routing.rules[0].to" && d.Line == 3 && d.Message.Contains("needs a team or queue", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Column == "routing.rules[1].name" && d.Line == 5 && d.Message.Contains("already defined", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownSegment_Suggested()
    {
        var e = Fails("""
            segments:
              - { name: key-logos, rule: "employees > 5000" }
            routing:
              default: q
              rules:
                - { name: a, when: "in_segment('key-logo')", to: desk }

            """);
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(6, d.Line);
        Assert.Contains("unknown segment 'key-logo'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'key-logos'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownSegmentNothingClose_ListsTheSegments()
    {
        var e = Fails("""
            segments:
              - { name: key-logos, rule: "employees > 5000" }
              - { name: smb, rule: "employees < 50" }
            routing:
              default: q
              rules:
                - { name: a, when: "in_segment('nope')", to: desk }

            """);
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal("routing.rules[0].when", d.Column);
        Assert.EndsWith("unknown segment 'nope' — the segments are key-logos, smb", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BetweenWithTheBoundsReversed_RefusedAtTheLowerBound()
    {
        var e = Fails("routing:\n  default: q\n  rules:\n    - { name: a, when: \"propensity between 0.9 and 0.1\", to: desk }\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((4L, "routing.rules[0].when"), (d.Line, d.Column));
        Assert.Equal("column 44: between 0.9 and 0.1 matches nothing: the lower bound 0.9 is above the upper bound 0.1 — write the lower bound first: propensity between 0.1 and 0.9",
            d.Message);
    }

    [Fact]
    public void Load_NotACondition_Rejected()
    {
        var e = Fails("routing:\n  default: q\n  rules:\n    - { name: a, when: \"propensity\", to: desk }\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(4, d.Line);
        Assert.StartsWith("column 35: expected an operator after number column 'propensity'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InitTemplate_HasAWorkingRoutingExample()
    {
        var path = _dir.Write("init.yaml", ProjectSettings.DefaultFileText("x") + "\n");
        var settings = ProjectSettings.Load(path);
        var table = RoutingTable.Build(settings);
        Assert.Equal("inside_sales", table.Default);
        Assert.Equal(["support_first", "strategic_accounts", "renewals", "hot_new_business"], table.RuleNames);
        Assert.Equal("renewals_desk", table.Route(Row(reason: "renewal"), AsOf).To);
    }

    [Fact]
    public void Load_NoRoutingSection_EmptyTableRoutesToDefault()
    {
        var table = Load("name: x\n");
        Assert.Empty(table.RuleNames);
        Assert.Equal("no routing rules are defined; the default queue", table.Route(Row(), AsOf).Reason);
    }

    public void Dispose() => _dir.Dispose();
}
