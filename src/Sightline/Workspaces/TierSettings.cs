namespace Sightline.Workspaces;

/// <summary>Observable tiers from <c>sightline.yaml</c>.</summary>
public sealed class TierSettings
{
    /// <summary>Size bands, smallest first; the last one has no limits.</summary>
    public List<SizeBand> SizeBands { get; set; } = DefaultBands();

    /// <summary>The key of a map by size band (<c>lists.channels</c>, <c>territories.workload_by_size</c>) that stands for every other band.</summary>
    public const string OtherBandsKey = "default";

    /// <summary>The size band of an account with neither employees nor annual revenue.</summary>
    public const string UnknownBand = "Unknown";

    /// <summary>Every value an account's size band can take: the bands' names, then <see cref="UnknownBand"/>.</summary>
    public IReadOnlyList<string> BandValues() =>
        SizeBands.Where(b => !string.IsNullOrWhiteSpace(b?.Name)).Select(b => b.Name).Append(UnknownBand).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The size band's values for rules: <c>size_band = 'Strategc'</c> would match no account, so it is refused.</summary>
    public Sightline.Segments.Rules.KnownValues BandRuleValues() => new("a size band of tiers.size_bands", BandValues());

    /// <summary>SMB, mid-market, enterprise, strategic.</summary>
    public static List<SizeBand> DefaultBands() =>
    [
        new() { Name = "SMB", MaxEmployees = 99, MaxRevenue = 10_000_000 },
        new() { Name = "Mid-market", MaxEmployees = 999, MaxRevenue = 100_000_000 },
        new() { Name = "Enterprise", MaxEmployees = 9_999, MaxRevenue = 1_000_000_000 },
        new() { Name = "Strategic" },
    ];

    private static string Show(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Show(double? value) => value is { } v ? SettingChecks.Show(v) : "";

    /// <summary>
    /// Records each key the file writes in a map by size band that names no band of <see cref="SizeBands"/> nor
    /// <see cref="OtherBandsKey"/>: it would match no account and silently do nothing. Band names compare exactly, as every
    /// other name in the settings does and as the features carry them; a near miss gets a did-you-mean.
    /// </summary>
    internal void CheckBandKeys(SettingProblems problems, string map, IEnumerable<string> keys)
    {
        var bands = SizeBands.Where(b => !string.IsNullOrWhiteSpace(b?.Name)).Select(b => b.Name).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys.Where(k => k != OtherBandsKey && !bands.Contains(k, StringComparer.Ordinal) && problems.Written($"{map}.{k}")))
        {
            var hint = Sightline.Segments.Rules.Suggestions.Closest(key, bands.Append(OtherBandsKey)) is { } closest ? $"; did you mean '{closest}'?" : "";
            problems.AddAtKey($"{map}.{key}", map, key,
                $"not a size band; expected one of {string.Join(", ", bands)} (the names of tiers.size_bands), or {OtherBandsKey} for the rest{hint}");
        }
    }

    internal void Validate(SettingProblems problems)
    {
        if (SizeBands.Count == 0)
        {
            problems.Add("tiers.size_bands", null, "needs at least one band");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < SizeBands.Count; i++)
        {
            var band = SizeBands[i];
            if (band is null)
            {
                problems.Add($"tiers.size_bands[{i}]", null, "every band needs a name");
                continue;
            }

            // Bands are columns of the tier grid and keys of channels and workloads: two of a name would count twice.
            if (string.IsNullOrWhiteSpace(band.Name))
            {
                problems.Add($"tiers.size_bands[{i}].name", null, "every band needs a name");
            }
            else if (string.Equals(band.Name.Trim(), UnknownBand, StringComparison.OrdinalIgnoreCase))
            {
                // The band of accounts with neither employees nor revenue: a band so named would merge them with its own.
                problems.Add($"tiers.size_bands[{i}].name", band.Name,
                    $"'{UnknownBand}' is the band of accounts without employees or revenue, kept apart from the bands defined; name this band otherwise");
            }
            else if (!names.Add(band.Name))
            {
                problems.Add($"tiers.size_bands[{i}].name", band.Name, "a band of this name is already defined; every band needs its own name");
            }

            if (band.MaxEmployees is { } employees)
            {
                problems.WholeNumber($"tiers.size_bands[{i}].max_employees", employees, employees >= 0, "expected 0 or more employees, such as 99");
            }

            if (band.MaxRevenue is { } revenue)
            {
                problems.Number($"tiers.size_bands[{i}].max_revenue", revenue, revenue >= 0, "expected an annual revenue of 0 or more, such as 10000000");
            }

            var last = i == SizeBands.Count - 1;
            if (!last && (band.MaxEmployees is null || band.MaxRevenue is null))
            {
                problems.Add($"tiers.size_bands[{i}]", band.Name, "every band but the last needs max_employees and max_revenue");
            }

            // The features take the first band an account is within: a limit at or below the band before's would leave this band empty.
            if (i > 0 && !last && SizeBands[i - 1] is { } previous)
            {
                if (band.MaxEmployees <= previous.MaxEmployees)
                {
                    problems.Add($"tiers.size_bands[{i}].max_employees", Show(band.MaxEmployees),
                        $"band '{band.Name}' must reach above band '{previous.Name}' (max_employees {Show(previous.MaxEmployees)}); limits must grow from one band to the next, smallest band first");
                }

                if (band.MaxRevenue <= previous.MaxRevenue)
                {
                    problems.Add($"tiers.size_bands[{i}].max_revenue", Show(band.MaxRevenue),
                        $"band '{band.Name}' must reach above band '{previous.Name}' (max_revenue {Show(previous.MaxRevenue)}); limits must grow from one band to the next, smallest band first");
                }
            }

            if (last && (band.MaxEmployees is not null || band.MaxRevenue is not null))
            {
                problems.Add($"tiers.size_bands[{i}]", band.Name,
                    "the last band takes every account larger than the bands before it, so its limits would be ignored; remove its max_employees and max_revenue, or add a band after it");
            }
        }
    }
}

/// <summary>A size band: accounts within both limits (and not within a smaller band) belong to it.</summary>
public sealed class SizeBand
{
    /// <summary>Band name shown in reports.</summary>
    public string Name { get; set; } = "";

    /// <summary>Largest employee count in the band; null for the last band.</summary>
    public long? MaxEmployees { get; set; }

    /// <summary>Largest annual revenue in the band; null for the last band.</summary>
    public double? MaxRevenue { get; set; }
}
