using System.Collections;
using System.Reflection;
using Sightline.Tests.Support;
using Sightline.Workspaces;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sightline.Tests.Workspaces;

public sealed class ProjectSettingsValidationTests
{
    private static BadInputException LoadFails(string yaml)
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName, yaml);
        return Assert.Throws<BadInputException>(() => ProjectSettings.Load(path));
    }

    // Every number setting of sightline.yaml that is a fraction or an amount: NaN fails every comparison, so a range check
    // alone let .nan through to SQL ("column NaN not found") and decimal arithmetic.
    [Theory]
    [InlineData("import:\n  max_plausible_revenue: {0}\n", "import.max_plausible_revenue", 2)]
    [InlineData("tiers:\n  size_bands:\n    - {{ name: Small, max_employees: 99, max_revenue: {0} }}\n    - {{ name: Large }}\n", "tiers.size_bands[0].max_revenue", 3)]
    [InlineData("scoring:\n  bands: [{0}, 0.30]\n", "scoring.bands[0]", 2)]
    [InlineData("scoring:\n  best_customers_share: {0}\n", "scoring.best_customers_share", 2)]
    [InlineData("potential:\n  quantile: {0}\n", "potential.quantile", 2)]
    [InlineData("potential:\n  entrenched_share: {0}\n", "potential.entrenched_share", 2)]
    [InlineData("potential:\n  cost_to_pursue: {0}\n", "potential.cost_to_pursue", 2)]
    [InlineData("quotas:\n  history_weight: {0}\n", "quotas.history_weight", 2)]
    [InlineData("quotas:\n  potential_weight: {0}\n", "quotas.history_weight", 2)]
    [InlineData("quotas:\n  floor_change: {0}\n", "quotas.floor_change", 2)]
    [InlineData("quotas:\n  cap_change: {0}\n", "quotas.cap_change", 2)]
    [InlineData("lists:\n  holdout_share: {0}\n", "lists.holdout_share", 2)]
    [InlineData("lists:\n  at_risk_gap_multiple: {0}\n", "lists.at_risk_gap_multiple", 2)]
    [InlineData("lists:\n  at_risk_decline: {0}\n", "lists.at_risk_decline", 2)]
    [InlineData("coverage:\n  margin_rate: {0}\n", "coverage.margin_rate", 2)]
    [InlineData("coverage:\n  high_potential_share: {0}\n", "coverage.high_potential_share", 2)]
    [InlineData("coverage:\n  models:\n    field: {{ role: field, cost_to_serve: {0}, effectiveness: 1.0 }}\n", "coverage.models.field.cost_to_serve", 3)]
    [InlineData("coverage:\n  models:\n    field: {{ role: field, cost_to_serve: 3000, effectiveness: {0} }}\n", "coverage.models.field.effectiveness", 3)]
    [InlineData("territories:\n  tolerance: {0}\n", "territories.tolerance", 2)]
    [InlineData("territories:\n  potential_weight: {0}\n", "territories.potential_weight", 2)]
    [InlineData("territories:\n  workload_weight: {0}\n", "territories.potential_weight", 2)]
    [InlineData("territories:\n  workload_by_size:\n    SMB: {0}\n", "territories.workload_by_size.SMB", 3)]
    [InlineData("territories:\n  workload_per_order: {0}\n", "territories.workload_per_order", 2)]
    [InlineData("handover:\n  industry_weight: {0}\n", "handover.industry_weight", 2)]
    [InlineData("handover:\n  discount_weight: {0}\n", "handover.industry_weight", 2)]
    [InlineData("handover:\n  discount_scale: {0}\n", "handover.discount_scale", 2)]
    public void Load_NumberNotFinite_IsBadInputNamingTheSetting(string template, string key, int line)
    {
        // The line where the value is written; where the problem is named by the other weight of a pair, which the file
        // leaves at its default, where the section's settings start.
        foreach (var value in new[] { ".nan", ".inf", "-.inf", ".NaN" })
        {
            var error = LoadFails(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value));

            Assert.StartsWith($"sightline.yaml:{line}: column '{key}' value '", error.Message);
            Assert.Contains(value.ToLowerInvariant(), error.Message);
            Assert.Matches("expected|must be", error.Message);
        }
    }

    // Walks the settings by reflection, so a number setting added later without a finiteness check fails here.
    [Fact]
    public void Load_AnyNumberSettingNotFinite_IsBadInput()
    {
        var serializer = new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var count = NumberSettings(new ProjectSettings(), "").Count;
        Assert.True(count >= 25, $"found only {count} number settings");
        for (var i = 0; i < count; i++)
        {
            var settings = new ProjectSettings();
            var (path, setNaN) = NumberSettings(settings, "")[i];
            setNaN();

            var error = LoadFails(serializer.Serialize(settings));

            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(error.Message, "^sightline\\.yaml:[0-9]+: column '") && error.Message.Contains(".nan", StringComparison.Ordinal),
                $"{path}: {error.Message}");
        }
    }

    private static List<(string Path, Action SetNaN)> NumberSettings(object node, string path)
    {
        var found = new List<(string, Action)>();
        switch (node)
        {
            case List<double> list:
                found.AddRange(Enumerable.Range(0, list.Count).Select(i => ($"{path}[{i}]", (Action)(() => list[i] = double.NaN))));
                break;
            case Dictionary<string, double> map:
                found.AddRange(map.Keys.ToList().Select(key => ($"{path}.{key}", (Action)(() => map[key] = double.NaN))));
                break;
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Value is not null)
                    {
                        found.AddRange(NumberSettings(entry.Value, $"{path}.{entry.Key}"));
                    }
                }

                break;
            case IList list:
                for (var i = 0; i < list.Count; i++)
                {
                    found.AddRange(list[i] is { } item ? NumberSettings(item, $"{path}[{i}]") : []);
                }

                break;
            default:
                if (node.GetType().Namespace != typeof(ProjectSettings).Namespace)
                {
                    break;
                }

                foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                {
                    var key = (path.Length == 0 ? "" : path + ".") + UnderscoredNamingConvention.Instance.Apply(property.Name);
                    if (property.PropertyType == typeof(double) || property.PropertyType == typeof(double?))
                    {
                        found.Add((key, () => property.SetValue(node, double.NaN)));
                    }
                    else if (property.PropertyType != typeof(string) && property.GetValue(node) is { } child)
                    {
                        found.AddRange(NumberSettings(child, key));
                    }
                }

                break;
        }

        return found;
    }

    [Theory]
    [InlineData("scoring:\n  bands: []\n", "scoring.bands", "[]")]
    [InlineData("scoring:\n  bands: [0.30, 0.04]\n", "scoring.bands[1]", "0.04")]
    [InlineData("scoring:\n  bands: [0.04, 1]\n", "scoring.bands[1]", "1")]
    [InlineData("quotas:\n  cap_change: 1e300\n", "quotas.cap_change", "1E+300")]
    [InlineData("import:\n  future_date_tolerance_days: 2147483647\n", "import.future_date_tolerance_days", "2147483647")]
    [InlineData("import:\n  max_plausible_employees: 0\n", "import.max_plausible_employees", "0")]
    [InlineData("scoring:\n  window_days: 100000\n", "scoring.window_days", "100000")]
    [InlineData("potential:\n  entrenched_months: 100000\n", "potential.entrenched_months", "100000")]
    public void Load_NumberOutOfRange_IsBadInputNamingTheSetting(string yaml, string key, string value) =>
        Assert.StartsWith($"sightline.yaml:2: column '{key}' value '{value}': ", LoadFails(yaml).Message); // each file writes the value on its line 2

    [Fact]
    public void Load_DuplicateSizeBandName_IsBadInput() =>
        Assert.Equal(
            "sightline.yaml:4: column 'tiers.size_bands[1].name' value 'SMB': a band of this name is already defined; every band needs its own name",
            LoadFails("tiers:\n  size_bands:\n    - { name: SMB, max_employees: 99, max_revenue: 10 }\n    - { name: SMB, max_employees: 999, max_revenue: 100 }\n    - { name: Large }\n").Message);

    [Theory]
    [InlineData("Unknown")]
    [InlineData("unknown ")]
    public void Load_SizeBandNamedUnknown_IsBadInput_ForThatBandHoldsTheAccountsWithoutSize(string name) =>
        Assert.Equal(
            $"sightline.yaml:4: column 'tiers.size_bands[1].name' value '{name}': 'Unknown' is the band of accounts without employees or revenue, "
            + "kept apart from the bands defined; name this band otherwise",
            LoadFails($"tiers:\n  size_bands:\n    - {{ name: SMB, max_employees: 99, max_revenue: 10 }}\n    - {{ name: '{name}' }}\n").Message);

    [Theory]
    [InlineData("potential:\n  quantile: 0.75\n  quantile: 0.9\n", "sightline.yaml:3: column 3: Encountered duplicate key quantile")]
    [InlineData("currency: USD\nname: x\ncurrency: EUR\n", "sightline.yaml:3: column 1: Encountered duplicate key currency")]
    [InlineData("territories:\n  workload_by_size:\n    SMB: 1\n    SMB: 2\n", "sightline.yaml:4: column 5: Encountered duplicate key SMB")]
    public void Load_DuplicateKey_IsBadInputAtTheSecondOne(string yaml, string start) =>
        Assert.StartsWith(start, LoadFails(yaml).Message);

    // .NET's own words ("System.Double, System.Private.CoreLib", "Operation is not valid due to the current state") said nothing to a user.
    [Theory]
    [InlineData("import:\n  future_date_tolerance_days: 99999999999999\n", "value '99999999999999': expected a whole number from -2147483648 to 2147483647")]
    [InlineData("import:\n  future_date_tolerance_days: 1.5\n", "value '1.5': expected a whole number")]
    [InlineData("tiers:\n  size_bands:\n    - { name: A, max_revenue: 1e400 }\n    - { name: B }\n", "value '1e400': too large a number (expected one of at most 1.8E+308 in size)")]
    [InlineData("potential:\n  quantile: [1, 2]\n", "expected a number, not a list")]
    [InlineData("potential:\n  quantile: lots\n", "value 'lots': expected a number")]
    [InlineData("scoring:\n  bands: low\n", "value 'low': expected a list, such as [a, b] or one '- item' per line")]
    [InlineData("name: [x]\n", "expected text, not a list")]
    [InlineData("territories:\n  within_region: maybe\n", "value 'maybe': expected true or false")]
    [InlineData("potential: 5\n", "value '5': expected a section of key: value lines")]
    [InlineData("column_maps: accounts\n", "value 'accounts': expected a map of key: value lines")]
    public void Load_ValueOfTheWrongShape_IsWordedAsTheProjectDoes(string yaml, string message)
    {
        var error = LoadFails(yaml);

        Assert.Matches(@"^sightline\.yaml:\d+: column \d+: ", error.Message);
        Assert.EndsWith(message, error.Message);
        Assert.DoesNotContain("System.", error.Message);
    }

    [Theory]
    [InlineData("scoring:\n  window_days: abc\n", "sightline.yaml:2: column 16: setting 'scoring.window_days' value 'abc': expected a whole number")]
    [InlineData("scoring:\n  bands: 5\n", "sightline.yaml:2: column 10: setting 'scoring.bands' value '5': expected a list, such as [a, b] or one '- item' per line")]
    [InlineData("scoring:\n  bands: [0.1, lots]\n", "sightline.yaml:2: column 16: setting 'scoring.bands[1]' value 'lots': expected a number")]
    [InlineData("potential:\n  quantile: [1, 2]\n", "sightline.yaml:2: column 13: setting 'potential.quantile': expected a number, not a list")]
    [InlineData("potential: 5\n", "sightline.yaml:1: column 12: setting 'potential' value '5': expected a section of key: value lines")]
    [InlineData("tiers:\n  size_bands:\n    - { name: A, max_employees: lots }\n    - { name: B }\n",
        "sightline.yaml:3: column 33: setting 'tiers.size_bands[0].max_employees' value 'lots': expected a whole number")]
    [InlineData("territories:\n  workload_by_size:\n    SMB: heavy\n", "sightline.yaml:3: column 10: setting 'territories.workload_by_size.SMB' value 'heavy': expected a number")]
    public void Load_ValueOfTheWrongType_NamesTheSettingAndTheExpectedType(string yaml, string expected) =>
        Assert.Equal(expected, LoadFails(yaml).Message);

    [Theory]
    [InlineData("scoring:\n  windw_days: 5\n", "sightline.yaml:2: column 3: unknown setting 'scoring.windw_days'; did you mean 'window_days'?")]
    [InlineData("scorng:\n  window_days: 5\n", "sightline.yaml:1: column 1: unknown setting 'scorng'; did you mean 'scoring'?")]
    public void Load_UnknownSetting_NamesItAndTheClosestSetting(string yaml, string expected) =>
        Assert.Equal(expected, LoadFails(yaml).Message);

    [Fact]
    public void Load_UnknownSettingNothingClose_ListsTheSectionsSettings()
    {
        var message = LoadFails("potential:\n  zzz: 5\n").Message;

        Assert.StartsWith("sightline.yaml:2: column 3: unknown setting 'potential.zzz'; the settings here are ", message, StringComparison.Ordinal);
        Assert.Contains("quantile", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PotentialSettings", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProblemsInSeveralSections_AreReportedTogether()
    {
        var error = LoadFails("scoring:\n  window_days: 0\npotential:\n  quantile: 2\ntiers:\n  size_bands:\n    - { name: A, max_employees: 100, max_revenue: 10 }\n    - { name: B, max_employees: 50, max_revenue: 20 }\n    - { name: C }\n");

        Assert.Equal(["tiers.size_bands[1].max_employees", "scoring.window_days", "potential.quantile"], error.Diagnostics.Select(d => d.Column));
        Assert.Equal(3, error.TotalCount);
    }

    [Fact]
    public void Load_SeveralProblemsInOneSection_AreAllReported()
    {
        var error = LoadFails("scoring:\n  window_days: abc\n  windw_days: 5\n  best_customers_share: 2\n  bands: [0.5, 0.2]\n  window_training_rows: many\n");

        Assert.Equal(
        [
            "sightline.yaml:2: column 16: setting 'scoring.window_days' value 'abc': expected a whole number",
            "sightline.yaml:3: column 3: unknown setting 'scoring.windw_days'; did you mean 'window_days'?",
            "sightline.yaml:6: column 25: setting 'scoring.window_training_rows' value 'many': expected a whole number",
            "sightline.yaml:5: column 'scoring.bands[1]' value '0.2': band cut points must be increasing probabilities between 0 and 1, such as [0.04, 0.30]",
            "sightline.yaml:4: column 'scoring.best_customers_share' value '2': expected a share above 0 and at most 1, such as 0.2",
        ], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(5, error.TotalCount);
    }

    [Fact]
    public void Load_TwoWrongTypesInOneSection_BothReportedAtTheirLines()
    {
        var error = LoadFails("potential:\n  quantile: lots\n  min_peers: many\n");

        Assert.Equal(
        [
            "sightline.yaml:2: column 13: setting 'potential.quantile' value 'lots': expected a number",
            "sightline.yaml:3: column 14: setting 'potential.min_peers' value 'many': expected a whole number",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    // A wrong type used to stop the reading: the sections after it were never checked.
    [Fact]
    public void Load_WrongTypeThenProblemsInLaterSections_AllReported()
    {
        var error = LoadFails("scoring:\n  window_days: abc\npotential:\n  quantile: 2\nterritories:\n  tolerance: 0.1\n  scenarios: [fastest]\n  within_regon: true\n");

        Assert.Equal(
        [
            "sightline.yaml:2: column 16: setting 'scoring.window_days' value 'abc': expected a whole number",
            "sightline.yaml:8: column 3: unknown setting 'territories.within_regon'; did you mean 'within_region'?",
            "sightline.yaml:4: column 'potential.quantile' value '2': expected a quantile between 0 and 1, such as 0.75",
            "sightline.yaml:7: column 'territories.scenarios' value 'fastest': not a scenario; expected one of minimal_disruption, balanced, compact",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    // A value that cannot be read keeps its default; the checks must not blame the user for that default too.
    [Theory]
    [InlineData("territories:\n  workload_weight: heavy\n", "sightline.yaml:2: column 20: setting 'territories.workload_weight' value 'heavy': expected a number")]
    [InlineData("tiers:\n  size_bands:\n    - { name: A, max_employees: lots, max_revenue: 10 }\n    - { name: B }\n",
        "sightline.yaml:3: column 33: setting 'tiers.size_bands[0].max_employees' value 'lots': expected a whole number")]
    [InlineData("scoring:\n  bands: [0.1, lots, 0.5]\n", "sightline.yaml:2: column 16: setting 'scoring.bands[1]' value 'lots': expected a number")]
    [InlineData("coverage:\n  models:\n    field: five\n", "sightline.yaml:3: column 12: setting 'coverage.models.field' value 'five': expected a section of key: value lines")]
    public void Load_ValueOfTheWrongType_IsTheOnlyProblemReportedForIt(string yaml, string expected) =>
        Assert.Equal([expected], LoadFails(yaml).Diagnostics.Select(d => d.ToString()));

    [Fact]
    public void Load_FileNotInUtf8_IsRefusedAtTheByte()
    {
        // Latin-1 'Café': read leniently it became 'Caf\uFFFD', and the rule silently matched nothing.
        using var dir = new TempDirectory();
        var path = dir.File(ProjectSettings.FileName);
        File.WriteAllBytes(path, [.. "currency: USD\nsegments:\n  - { name: cafe, rule: \"name = 'Caf"u8, 0xE9, .. "'\" }\n"u8]);

        var error = Assert.Throws<BadInputException>(() => ProjectSettings.Load(path));
        Assert.Equal("sightline.yaml:3: column 37: the byte 0xE9 is not UTF-8: expected the file in UTF-8 (an editor that saves Latin-1 or Windows-1252 writes accented letters so); "
            + "save it as UTF-8", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Load_EveryRepeatedKey_IsReported()
    {
        var error = LoadFails("potential:\n  quantile: 0.75\n  quantile: 0.9\nlists:\n  channels:\n    SMB: digital\n    SMB: inside\n");

        Assert.Equal(
        [
            "sightline.yaml:3: column 3: Encountered duplicate key quantile; each key may appear once in its section (remove one of them)",
            "sightline.yaml:7: column 5: Encountered duplicate key SMB; each key may appear once in its section (remove one of them)",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    // A key of a map by size band that names no band matched no account: the setting silently did nothing.
    [Theory]
    [InlineData("territories:\n  workload_by_size:\n    SMB: 1\n    enterprize: 2.5\n",
        "sightline.yaml:4: column 'territories.workload_by_size' value 'enterprize': column 5: not a size band; expected one of SMB, Mid-market, Enterprise, Strategic (the names of tiers.size_bands), or default for the rest; did you mean 'Enterprise'?")]
    [InlineData("lists:\n  channels: { Mid Market: inside, default: digital }\n",
        "sightline.yaml:2: column 'lists.channels' value 'Mid Market': column 15: not a size band; expected one of SMB, Mid-market, Enterprise, Strategic (the names of tiers.size_bands), or default for the rest; did you mean 'Mid-market'?")]
    [InlineData("lists:\n  channels:\n    enterprise: field\n",
        "sightline.yaml:3: column 'lists.channels' value 'enterprise': column 5: not a size band; expected one of SMB, Mid-market, Enterprise, Strategic (the names of tiers.size_bands), or default for the rest; did you mean 'Enterprise'?")]
    [InlineData("tiers:\n  size_bands:\n    - { name: Small, max_employees: 50, max_revenue: 5000000 }\n    - { name: Large }\nterritories:\n  workload_by_size: { Small: 1, Huge: 3 }\n",
        "sightline.yaml:6: column 'territories.workload_by_size' value 'Huge': column 33: not a size band; expected one of Small, Large (the names of tiers.size_bands), or default for the rest")]
    public void Load_BandKeyNamingNoSizeBand_IsRefusedWithTheBands(string yaml, string expected) =>
        Assert.Equal([expected], LoadFails(yaml).Diagnostics.Select(d => d.ToString()));

    [Fact]
    public void Load_BandKeysNamingNoSizeBandInBothMaps_AreAllReported()
    {
        var error = LoadFails("lists:\n  channels:\n    SMB: digital\n    Entreprise: field\n    Stratgic: field\nterritories:\n  workload_by_size:\n    Small: 1\n");

        Assert.Equal(["lists.channels", "lists.channels", "territories.workload_by_size"], error.Diagnostics.Select(d => d.Column));
        Assert.Equal(["Entreprise", "Stratgic", "Small"], error.Diagnostics.Select(d => d.Value));
        Assert.Equal([4L, 5L, 8L], error.Diagnostics.Select(d => d.Line));
    }

    // Bands that could not be read leave the default bands in their place: the user's band keys are not judged against those.
    [Fact]
    public void Load_SizeBandsUnreadable_BandKeysAreNotJudged()
    {
        var error = LoadFails("tiers:\n  size_bands: five\nlists:\n  channels: { Small: digital }\n");

        Assert.Equal(["sightline.yaml:2: column 15: setting 'tiers.size_bands' value 'five': expected a list, such as [a, b] or one '- item' per line"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Load_BandKeysNamingConfiguredBands_TakeEffect()
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName,
            "tiers:\n  size_bands:\n    - { name: Small, max_employees: 50, max_revenue: 5000000 }\n    - { name: Large }\n"
            + "lists:\n  channels: { Small: digital, Large: field, default: inside }\n"
            + "territories:\n  workload_by_size: { Small: 1.25, Large: 4, default: 2 }\n");

        var settings = ProjectSettings.Load(path);

        Assert.Equal(4, settings.Territories.WorkloadFor("Large"));
        Assert.Equal(1.25, settings.Territories.WorkloadFor("Small"));
        Assert.Equal(2, settings.Territories.WorkloadFor("Enterprise"));
        Assert.Equal("field", settings.Lists.Channels["Large"]);
        Assert.Equal("digital", settings.Lists.Channels["Small"]);
    }

    [Fact]
    public void Load_DefaultFile_LoadsWithEveryBandKeyNamingABand()
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName, ProjectSettings.DefaultFileText("x"));

        var settings = ProjectSettings.Load(path);

        var bands = settings.Tiers.SizeBands.Select(b => b.Name).Append(TierSettings.OtherBandsKey).ToList();
        Assert.Equal(["SMB", "Mid-market", "Enterprise", "Strategic", "default"], bands);
        Assert.Equal(bands.Order(StringComparer.Ordinal), settings.Lists.Channels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(bands.Order(StringComparer.Ordinal), settings.Territories.WorkloadBySize.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1.5, settings.Territories.WorkloadFor("Mid-market"));
    }

    [Theory]
    [InlineData("tiers:\n  size_bands:\n    - { name: A, max_employees: 100, max_revenue: 10 }\n    - { name: B, max_employees: 500, max_revenue: 10 }\n    - { name: C }\n",
        "sightline.yaml:4: column 'tiers.size_bands[1].max_revenue' value '10': band 'B' must reach above band 'A' (max_revenue 10); limits must grow from one band to the next, smallest band first")]
    [InlineData("tiers:\n  size_bands:\n    - { name: A, max_employees: 100, max_revenue: 10 }\n    - { name: B, max_employees: 500, max_revenue: 50 }\n",
        "sightline.yaml:4: column 'tiers.size_bands[1]' value 'B': the last band takes every account larger than the bands before it, so its limits would be ignored; remove its max_employees and max_revenue, or add a band after it")]
    public void Load_SizeBandsOutOfOrderOrLimitedLast_AreRefusedNamingTheBands(string yaml, string expected) =>
        Assert.Equal(expected, LoadFails(yaml).Message);

    [Fact]
    public void Load_UnclosedBracketInTheDefaultFile_IsWordedAsTheProjectDoes()
    {
        var yaml = ProjectSettings.DefaultFileText("x").Replace("bands: [0.04, 0.30]", "bands: [0.04, 0.30", StringComparison.Ordinal);

        var error = LoadFails(yaml);

        Assert.Matches(@"^sightline\.yaml:\d+: column \d+: ", error.Message);
        Assert.DoesNotContain("current state of the object", error.Message);
    }

    [Fact]
    public void Load_NumbersAsWritten_AreRead()
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName,
            "import:\n  future_date_tolerance_days: 0\n  max_plausible_employees: 5000000000\n  max_plausible_revenue: 2e12\nscoring:\n  bands: [0.1]\npotential:\n  quantile: \"0.9\"\nterritories:\n  within_region: false\ntiers:\n  size_bands:\n    - { name: All }\n");

        var settings = ProjectSettings.Load(path);

        Assert.Equal(0, settings.Import.FutureDateToleranceDays);
        Assert.Equal(5_000_000_000, settings.Import.MaxPlausibleEmployees);
        Assert.Equal(2e12, settings.Import.MaxPlausibleRevenue);
        Assert.Equal([0.1], settings.Scoring.Bands);
        Assert.Equal(0.9, settings.Potential.Quantile);
        Assert.False(settings.Territories.WithinRegion);
    }

    [Fact]
    public void Problem_FoundByAVerb_IsToldAtTheLineTheFileWritesTheSetting()
    {
        using var dir = new TempDirectory();
        var settings = ProjectSettings.Load(dir.Write(ProjectSettings.FileName,
            "potential:\n  driver: headcount\nsegments:\n  - name: big\n    rule: \"employees > 100\"\n  - name: huge\n    rule: \"employees > 1000\"\n    parent: big\n"));

        Assert.Equal("sightline.yaml:2: column 'potential.driver' value 'headcount': expected a numeric feature column",
            settings.Problem("potential.driver", "headcount", "expected a numeric feature column").ToString());

        // A segment's setting named by the segment is found at its entry's line, not the first segment's.
        Assert.Equal("sightline.yaml:8: column 'segments.huge.parent' value 'big': the parents form a cycle",
            settings.Problem("segments.huge.parent", "big", "the parents form a cycle").ToString());

        // The segment rule check of a live account names the parent line too when the segments change after loading.
        settings.Segments[0].Parent = "huge";
        var cycle = Assert.Throws<BadInputException>(() => new Sightline.Realtime.LiveAccountSegments(settings,
            new Sightline.Segments.Rules.RuleColumns(new Dictionary<string, Sightline.Segments.Rules.FeatureType>(StringComparer.Ordinal) { ["employees"] = Sightline.Segments.Rules.FeatureType.Number })));
        Assert.Equal("sightline.yaml:4: column 'segments.big.parent' value 'huge': the parents form a cycle", cycle.Message);

        // A setting the file does not write has no line.
        Assert.Equal("sightline.yaml: column 'territories.locked[0]' value 'X': no such account",
            settings.Problem("territories.locked[0]", "X", "no such account").ToString());
    }

    // YamlDotNet's own words name parser events and .NET types; each is told in the file's terms, at the line it concerns.
    [Theory]
    [InlineData("- name: demo\n", "sightline.yaml:1: column 1: expected a section of key: value lines, not a list")]
    [InlineData("name: demo\n---\ncurrency: EUR\n", "sightline.yaml:2: column 1: a second YAML document starts here ('---'); sightline.yaml holds one: remove the line or merge what follows into the first")]
    [InlineData("routing:\n  rules: {}\n", "sightline.yaml:2: column 10: setting 'routing.rules': expected a list, such as [a, b] or one '- item' per line, not a map of key: value lines")]
    [InlineData("handover:\n  default_capacity: *nope\n  industry_weight: 0.4\n  product_weight: 0.4\n", "sightline.yaml:2: column 21: the alias *nope names no anchor written above it (&nope); write the value itself, or the anchor first")]
    [InlineData("name: demo\n\tcurrency: USD\n", "sightline.yaml:2: column 1: a tab in the indentation; YAML indents with spaces only")]
    public void Load_TextOfTheWrongShape_IsToldInTheFilesTerms(string yaml, string expected)
    {
        var error = LoadFails(yaml);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void AppendSegment_ToACrlfFile_KeepsItsLineEndings()
    {
        using var dir = new TempDirectory();
        var path = dir.Write(ProjectSettings.FileName, "name: demo\r\nsegments:\r\n  - name: big\r\n    rule: \"employees > 100\"\r\n");

        ProjectFile.AppendSegment(Path.GetDirectoryName(path)!, new SegmentDefinition { Name = "small", Rule = "employees < 10" });

        Assert.Equal("name: demo\r\nsegments:\r\n  - name: big\r\n    rule: \"employees > 100\"\r\n  - name: small\r\n    rule: \"employees < 10\"\r\n    priority: 100\r\n",
            File.ReadAllText(path));
    }
}
