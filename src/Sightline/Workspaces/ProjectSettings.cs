using YamlDotNet.Serialization.NamingConventions;

namespace Sightline.Workspaces;

/// <summary>The human-edited project file <c>sightline.yaml</c>.</summary>
public sealed partial class ProjectSettings
{
    /// <summary>The file name inside a workspace folder.</summary>
    public const string FileName = "sightline.yaml";

    /// <summary>Project name shown in reports.</summary>
    public string Name { get; set; } = "sightline";

    /// <summary>Currency of amounts, shown in reports.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Import rules.</summary>
    public ImportSettings Import { get; set; } = new();

    /// <summary>Size bands and other observable tiers.</summary>
    public TierSettings Tiers { get; set; } = new();

    /// <summary>Propensity scoring: bands, best customers, window, feature choice.</summary>
    public ScoringSettings Scoring { get; set; } = new();

    /// <summary>Account potential: quantile, size driver, peer group size.</summary>
    public PotentialSettings Potential { get; set; } = new();

    /// <summary>Quota planning: history and potential weights, floor and cap on change versus last year.</summary>
    public QuotaSettings Quotas { get; set; } = new();

    /// <summary>Rep action lists: holdout, capacity, at-risk signals, decision maker titles, channels and themes.</summary>
    public ListSettings Lists { get; set; } = new();

    /// <summary>Coverage models (cost to serve, role, effectiveness), margin rate and pinned accounts for coverage and headcount plans.</summary>
    public CoverageSettings Coverage { get; set; } = new();

    /// <summary>Territory design: balance tolerance, potential and workload weights, locked accounts, scenarios.</summary>
    public TerritorySettings Territories { get; set; } = new();

    /// <summary>Book handover: default capacity and the weights of industry, product and discount likeness.</summary>
    public HandoverSettings Handover { get; set; } = new();

    /// <summary>Segment definitions (rules over the feature table), in the order written.</summary>
    public List<SegmentDefinition> Segments { get; set; } = [];

    /// <summary>Contact routing: ordered rules over segment, tier, band and predicted reason, and a default queue.</summary>
    public RoutingSettings Routing { get; set; } = new();

    /// <summary>The rep questionnaire: extra askable attributes and the most questions asked.</summary>
    public QuestionnaireSettings Questionnaire { get; set; } = new();

    /// <summary>Per table: input header → canonical column. Overrides the built-in CRM maps.</summary>
    public Dictionary<string, Dictionary<string, string>> ColumnMaps { get; set; } = [];

    /// <summary>
    /// Per table: canonical column → the value each new row of a file without that column takes (a team list without roles:
    /// reps role field). Read and checked as if the file held it; a row already loaded keeps its own, and a file that has the
    /// column keeps its own values.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> ColumnValues { get; set; } = [];

    /// <summary>
    /// Per table and allowed-value column: a word your CRM writes → the value it means ("Account Executive": field).
    /// Compared as import compares values (case, spaces and dashes aside); read before the built-in synonyms.
    /// </summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, string>>> ValueMaps { get; set; } = [];

    /// <summary>
    /// Reads the project file. Every problem of the file is bad input, reported together: each value of the wrong type,
    /// unknown key and repeated key with its line and column, and each setting out of its range.
    /// </summary>
    public static ProjectSettings Load(string path)
    {
        var file = Path.GetFileName(path);
        var text = Utf8Text(File.ReadAllBytes(path), file);
        var (settings, readProblems) = SettingsReader.Read(text);
        var problems = new List<Diagnostic>();
        var unread = new List<string>();
        foreach (var problem in readProblems)
        {
            var at = SettingPaths.At(text, problem.Start);
            problems.Add(new Diagnostic(file, problem.Start.Line, null, null, $"column {problem.Start.Column}: {Named(problem, at)}"));
            if (problem.UnknownOn is null && at.FirstOrDefault(s => !s.AtKey) is { Path: { } valuePath })
            {
                unread.Add(valuePath);
            }
        }

        // Text YAML cannot parse leaves no settings to check.
        if (settings is not null)
        {
            settings.Routing?.ReadPositions(text);
            var (keys, values) = SettingPaths.Positions(text);
            (settings._keyPositions, settings._valuePositions) = (keys, values);
            var checks = new SettingProblems(file, keys, values);
            settings.Validate(checks, checkBandKeys: !unread.Any(p => Within(p, "tiers")));

            // A value that could not be read keeps its default (in a list or map, an empty stand-in), which the checks would wrongly blame on the user.
            problems.AddRange(checks.Found.Where(d => d.Column is not { } key || !unread.Any(p => Within(key, p) || Within(p, key))));
        }

        return problems.Count > 0 ? throw new BadInputException(problems, problems.Count) : settings!;
    }

    /// <summary>
    /// The file's text, which must be UTF-8 (a byte order mark is skipped): a Latin-1 'é' decoded leniently became U+FFFD,
    /// and a rule's 'Café' silently matched nothing. The first byte that is not UTF-8 is refused at its line and column.
    /// </summary>
    private static string Utf8Text(byte[] bytes, string file)
    {
        var content = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes.AsSpan();
        var valid = 0;
        while (valid < content.Length && System.Text.Rune.DecodeFromUtf8(content[valid..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            valid += consumed;
        }

        if (valid == content.Length)
        {
            return System.Text.Encoding.UTF8.GetString(content);
        }

        var lineStart = content[..valid].LastIndexOf((byte)'\n') + 1;
        var line = content[..valid].Count((byte)'\n') + 1;
        var column = System.Text.Encoding.UTF8.GetCharCount(content[lineStart..valid]) + 1;
        throw new BadInputException(new Diagnostic(file, line, null, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"column {column}: the byte 0x{content[valid]:X2} is not UTF-8: expected the file in UTF-8 (an editor that saves Latin-1 or Windows-1252 writes accented letters so); save it as UTF-8")));
    }

    /// <summary>
    /// A problem a verb finds with a setting only once it meets the data (a column the features lack, an id no account has),
    /// at the line the file writes it, as the checks on loading place theirs. A segment's setting may be named by the
    /// segment's name (<c>segments.gold.parent</c>).
    /// </summary>
    public Diagnostic Problem(string key, string? value, string expected)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = key;
        const string segmentsPrefix = "segments.";
        if (key.StartsWith(segmentsPrefix, StringComparison.Ordinal))
        {
            var rest = key[segmentsPrefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var index = (Segments ?? []).FindIndex(s => s?.Name == (dot < 0 ? rest : rest[..dot]));
            path = index < 0 ? key : $"segments[{index}]{(dot < 0 ? "" : rest[dot..])}";
        }

        return new Diagnostic(FileName, new SettingProblems(FileName, _keyPositions, _valuePositions).LineOf(path), key, value, expected);
    }

    // Where each setting is written, kept from loading for the problems verbs find later.
    private IReadOnlyDictionary<string, YamlDotNet.Core.Mark>? _keyPositions;
    private IReadOnlyDictionary<string, YamlDotNet.Core.Mark>? _valuePositions;

    /// <summary>Whether the setting <paramref name="path"/> is <paramref name="section"/> or inside it.</summary>
    private static bool Within(string path, string section) =>
        path.StartsWith(section, StringComparison.Ordinal) && (path.Length == section.Length || path[section.Length] is '.' or '[');

    /// <summary>A reading problem with the name of the setting it is in: <c>setting 'scoring.window_days' value 'abc': expected a whole number</c>.</summary>
    private static string Named(SettingsReader.Problem problem, List<SettingPaths.SettingAt> settings)
    {
        if (problem.UnknownOn is { } section)
        {
            var key = settings.FirstOrDefault(s => s.AtKey) is { Path: { } path } ? path : problem.Message;
            return $"unknown setting '{key}'{KnownSettingsHint(problem.Message, section)}";
        }

        // A repeated key's message names the key already.
        if (problem.Message.StartsWith("Encountered duplicate key ", StringComparison.Ordinal)
            || settings.FirstOrDefault(s => !s.AtKey) is not { Path: { } valuePath })
        {
            return problem.Message;
        }

        return problem.Message.StartsWith("value '", StringComparison.Ordinal) ? $"setting '{valuePath}' {problem.Message}" : $"setting '{valuePath}': {problem.Message}";
    }

    /// <summary>The closest setting of the section, or the section's settings, for a key no setting has.</summary>
    private static string KnownSettingsHint(string typed, Type section)
    {
        var known = section.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.CanWrite).Select(p => UnderscoredNamingConvention.Instance.Apply(p.Name)).ToList();
        return Sightline.Segments.Rules.Suggestions.Closest(typed, known) is { } closest
            ? $"; did you mean '{closest}'?"
            : $"; the settings here are {string.Join(", ", known)}";
    }

    private void Validate(SettingProblems problems, bool checkBandKeys)
    {
        // A section left with only comments reads as null.
        Import ??= new ImportSettings();
        ColumnMaps ??= [];
        Tiers ??= new TierSettings();
        Tiers.SizeBands ??= TierSettings.DefaultBands();
        Segments ??= [];
        Scoring ??= new ScoringSettings();
        Potential ??= new PotentialSettings();
        Quotas ??= new QuotaSettings();
        Lists ??= new ListSettings();
        Coverage ??= new CoverageSettings();
        Territories ??= new TerritorySettings();
        Handover ??= new HandoverSettings();
        Questionnaire ??= new QuestionnaireSettings();
        Routing ??= new RoutingSettings();
        foreach (var key in ColumnMaps.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            ColumnMaps[key] = [];
        }

        Tiers.Validate(problems);
        Scoring.Validate(problems);
        Potential.Validate(problems);
        Quotas.Validate(problems);
        Lists.Validate(problems);
        Coverage.Validate(problems);
        Territories.Validate(problems);
        Handover.Validate(problems);
        Questionnaire.Validate(problems);
        if (checkBandKeys)
        {
            Tiers.CheckBandKeys(problems, "lists.channels", Lists.Channels.Keys);
            Tiers.CheckBandKeys(problems, "territories.workload_by_size", Territories.WorkloadBySize.Keys);
        }

        // Routing names segments: it is checked against them only once they are valid.
        if (SegmentDefinition.ValidateAll(Segments, problems))
        {
            Routing.Validate(problems, this);
        }

        ValidateColumnValues(problems);
        ValidateValueMaps(problems);
        ValidateImport(problems);
        (Import.NonMerchandise ??= new NonMerchandiseSettings()).Validate(problems);
        ValidateColumnMaps(problems);
    }

    private void ValidateImport(SettingProblems problems)
    {
        problems.WholeNumber("import.future_date_tolerance_days", Import.FutureDateToleranceDays,
            Import.FutureDateToleranceDays is >= 0 and <= SettingChecks.MaxDays, $"must be zero or more days, at most {SettingChecks.MaxDays}");
        problems.WholeNumber("import.max_plausible_employees", Import.MaxPlausibleEmployees, Import.MaxPlausibleEmployees > 0,
            "expected a number of employees above 0, such as 2500000");
        problems.Number("import.max_plausible_revenue", Import.MaxPlausibleRevenue, Import.MaxPlausibleRevenue > 0,
            "expected an annual revenue above 0, such as 1000000000000");

        if (Import.NumberFormat is not ("decimal_point" or "decimal_comma"))
        {
            problems.Add("import.number_format", Import.NumberFormat, "expected decimal_point or decimal_comma");
        }

        if (Import.DateOrder is not ("mdy" or "dmy"))
        {
            problems.Add("import.date_order", Import.DateOrder, "expected mdy or dmy");
        }
    }

    private void ValidateColumnMaps(SettingProblems problems)
    {
        foreach (var (table, map) in ColumnMaps)
        {
            if (TableIn(problems, "column_maps", table) is not { } spec)
            {
                continue;
            }

            foreach (var (header, column) in map)
            {
                // A number column may carry its unit, as a header would: annual_revenue (millions).
                var unit = Sightline.Import.HeaderScale.Of(column);
                var numberWithUnit = unit is not null && spec.Column(unit.Base)?.Type is Data.ColumnType.Number or Data.ColumnType.Integer;
                var unitPrice = table == "orders" && column == Sightline.Import.ColumnMapper.UnitPriceTarget;
                if (spec.Column(column) is null && !numberWithUnit && !unitPrice)
                {
                    var expected = spec.Columns.Select(c => c.Name).Concat(table == "orders" ? [Sightline.Import.ColumnMapper.UnitPriceTarget] : []);
                    problems.Add($"column_maps.{table}.{header}", column, $"not a column of {table}; expected one of {string.Join(", ", expected)}");
                }
            }
        }
    }

    /// <summary>The table a section of sightline.yaml names, or null after recording the tables there are.</summary>
    private static Data.TableSpec? TableIn(SettingProblems problems, string section, string table)
    {
        var spec = Data.CanonicalSchema.Find(table);
        if (spec is null)
        {
            problems.Add(section, table, $"not a table; expected one of {string.Join(", ", Data.CanonicalSchema.Tables.Select(t => t.Name))}");
        }

        return spec;
    }

    private void ValidateColumnValues(SettingProblems problems)
    {
        ColumnValues ??= [];
        foreach (var (table, columns) in ColumnValues.ToList())
        {
            ColumnValues[table] = columns ?? [];
            if (TableIn(problems, "column_values", table) is not { } spec)
            {
                continue;
            }

            foreach (var (column, value) in ColumnValues[table])
            {
                if (spec.Column(column) is null)
                {
                    problems.Add($"column_values.{table}", column, $"not a column of {table}; expected one of {string.Join(", ", spec.Columns.Select(c => c.Name))}");
                }
                else if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"column_values.{table}.{column}", value ?? "",
                        "expected the value every row of a file without this column takes; remove the entry to leave the column out");
                }
                else if (spec.Key.Contains(column))
                {
                    problems.Add($"column_values.{table}.{column}", value,
                        $"{column} identifies each row, so one value for every row would make them all the same {spec.RowNoun}; map the file's id column instead (column_maps)");
                }
                else if (spec.Column(column)!.AllowedValues is { } allowed && !ReadsAsAllowedValue(table, column, value, allowed))
                {
                    // Checked here, so the message names this setting's line rather than every row of the first file without the column.
                    problems.Add($"column_values.{table}.{column}", value,
                        $"not a value of {table}.{column}; expected one of {string.Join(", ", allowed)} (or a word value_maps.{table}.{column} maps to one)");
                }
            }
        }
    }

    /// <summary>Whether import reads <paramref name="value"/> as one of the column's values: as <c>ValueParsing.AllowedValueExpression</c>
    /// does, the workspace's own words first, then the words that are no value, then the built-in synonyms.</summary>
    private bool ReadsAsAllowedValue(string table, string column, string value, IReadOnlyList<string> allowed)
    {
        var userWords = ValueMaps?.GetValueOrDefault(table)?.GetValueOrDefault(column) ?? [];
        bool Reads(string text)
        {
            var token = Realtime.TouchpointEventValidator.AsToken(text);
            var word = userWords.FirstOrDefault(w => Realtime.TouchpointEventValidator.AsToken(w.Key) == token);
            return word.Key is not null ? allowed.Contains(word.Value, StringComparer.Ordinal)
                : Data.CanonicalSchema.NoValueWords.GetValueOrDefault(column)?.ContainsKey(token) == true
                || allowed.Contains(Data.CanonicalSchema.ValueSynonyms.GetValueOrDefault(column)?.GetValueOrDefault(token) ?? token, StringComparer.Ordinal);
        }

        // A multi-select buying role keeps its weightiest known role.
        return Reads(value) || (column == "buying_role" && value.Split([';', '|', ','], StringSplitOptions.TrimEntries).Any(Reads));
    }

    private void ValidateValueMaps(SettingProblems problems)
    {
        ValueMaps ??= [];
        foreach (var (table, columns) in ValueMaps.ToList())
        {
            ValueMaps[table] = columns ?? [];
            if (TableIn(problems, "value_maps", table) is not { } spec)
            {
                continue;
            }

            foreach (var (column, words) in ValueMaps[table].ToList())
            {
                ValueMaps[table][column] = words ?? [];
                if (Data.CanonicalSchema.WithSetValues(spec, column)?.AllowedValues is not { } allowed)
                {
                    var withValues = spec.Columns.Select(c => c.Name).Append(Data.CanonicalSchema.OpportunityStatus.Name)
                        .Where(c => Data.CanonicalSchema.WithSetValues(spec, c) is not null).ToList();
                    problems.Add($"value_maps.{table}", column, withValues.Count == 0
                        ? $"not a column of {table} with set values; {table} has none"
                        : $"not a column of {table} with set values; expected one of {string.Join(", ", withValues)}");
                    continue;
                }

                foreach (var (word, value) in ValueMaps[table][column].Where(kv => !allowed.Contains(kv.Value, StringComparer.Ordinal)))
                {
                    problems.Add($"value_maps.{table}.{column}.{word}", value, $"not a value of {table}.{column}; expected one of {string.Join(", ", allowed)}");
                }
            }
        }
    }

    /// <summary>The commented project file written by <c>sightline init</c>.</summary>
    public static string DefaultFileText(string name) => $$"""
        # Sightline project file. Edit it by hand; every key is optional.
        # Reference: README.md, and per section docs/ (import.md for import, column_maps and value_maps).

        # Shown in reports.
        name: {{name}}
        currency: USD

        import:
          # Dates later than today + this many days are rejected as typing errors.
          future_date_tolerance_days: 7
          # decimal_point: 1,234.56 means one thousand two hundred...; decimal_comma: 1.234,56 does.
          number_format: decimal_point
          # mdy: 3/14/2025 (US exports); dmy: 14/3/2025. ISO dates (2025-03-14) always work.
          date_order: mdy
          # Above these, employees or annual revenue load but are flagged as implausible.
          max_plausible_employees: 2500000
          max_plausible_revenue: 1000000000000
          # Lines that are no product (postage, discounts, fees, tax, adjustments) are found by their whole code or
          # name from a built-in list: they stay in revenue but count in no product family, propensity or list.
          # Add your own (code or name: kind) or keep a listed code as a product here.
          # non_merchandise:
          #   add: { HANDLING: fee, "Freight In": shipping }
          #   keep: [POST]

        tiers:
          # Size bands, smallest first: an account takes the first band whose max_employees and
          # max_revenue it is within; where employees and revenue disagree, the larger band wins.
          # Limits grow from band to band; the last band has none: it takes every larger account.
          size_bands:
            - { name: SMB, max_employees: 99, max_revenue: 10000000 }
            - { name: Mid-market, max_employees: 999, max_revenue: 100000000 }
            - { name: Enterprise, max_employees: 9999, max_revenue: 1000000000 }
            - { name: Strategic }

        scoring:
          # Probability bands (cut points): below 4%, 4-30%, above 30%.
          bands: [0.04, 0.30]
          # Target best-customers: the top share of customers ranked by this feature column.
          best_customers_share: 0.2
          best_customers_by: revenue_12m
          # Time-window and product propensity look this many days ahead (90: the quarter).
          window_days: 90
          # Each window and product model learns from at most this many accounts (a stratified sample; 0: all of them).
          window_training_rows: 250000
          # The lookalike model learns from at most this many accounts (a stratified sample; 0: all of them).
          lookalike_training_rows: 250000
          # Lookalike inputs: the profile columns (firmographics, contacts, enrichment) minus exclude, plus include.
          exclude: []
          include: []

        potential:
          # An account's potential: this quantile of its peers' annual spend per size driver (employees or
          # annual_revenue), peers being paying customers of its industry x size band, falling back to its
          # industry, its size band, then all customers when a group has fewer than min_peers.
          quantile: 0.75
          driver: employees
          min_peers: 20
          # A competitor holding this share with a contract running past this many months is entrenched:
          # a prospect's win probability is cut by the share, and below the cost to pursue it is a walk-away.
          entrenched_share: 0.5
          entrenched_months: 12
          cost_to_pursue: 5000

        quotas:
          # sightline plan quotas: a rep's share of the target blends its share of last year's revenue and
          # of account potential (the weights sum to 1); the change versus last year stays within
          # [floor_change, cap_change] unless the target cannot be met, which the plan then says.
          history_weight: 0.5
          potential_weight: 0.5
          floor_change: -0.10
          cap_change: 0.30

        lists:
          # sightline lists: per rep, its accounts' best action (cross-sell, up-sell, prospect, at-risk) ranked by
          # value, capped to the rep's capacity_accounts (default_capacity when unknown). holdout_share of the
          # recommended accounts (a stable hash of the account and holdout_seed) stay off the lists and are
          # recorded in list_holdout, so the lift of working the lists can be measured later.
          holdout_share: 0.05
          holdout_seed: 1
          default_capacity: 25
          # Approved overrides apply (promote: top of the list, demote: after the rest, remove: off it), and an
          # account with an outcome recorded within outcome_cooldown_days stays off the lists.
          outcome_cooldown_days: 90
          # At risk: no order for at_risk_gap_multiple x the usual gap, revenue down by at_risk_decline or more
          # on the year before, or at_risk_support_load support contacts or more in the last year.
          at_risk_gap_multiple: 2
          at_risk_decline: -0.30
          at_risk_support_load: 12
          # Who to find when no decision maker is known, per industry (default: the rest).
          decision_maker_title:
            default: the economic buyer
            Healthcare: the nursing executive
          # The channel per size band (default: the rest), and the message theme per action.
          channels:
            Strategic: field
            Enterprise: field
            Mid-market: inside
            SMB: digital
            default: inside
          themes:
            cross_sell: "complete the platform: what peers add next"
            up_sell: "grow into your size: peers spend more"
            prospect: companies like yours already use us
            at_risk: "service review: what would make us indispensable"

        coverage:
          # sightline plan coverage / plan headcount: each account gets the model with the most expected margin
          # (expected value x effectiveness x margin_rate - cost_to_serve a year) within each role's capacity
          # (its reps' capacity_accounts, default_capacity when unknown; unlimited models have none).
          # Effectiveness is an assumption to tune: it drives both plans.
          margin_rate: 0.7
          default_capacity: 150
          # The top high_potential_share of accounts by potential count as high potential (under-covered checks).
          high_potential_share: 0.2
          models:
            field: { role: field, cost_to_serve: 3000, effectiveness: 1.0 }
            inside: { role: inside, cost_to_serve: 600, effectiveness: 0.8 }
            partner: { role: partner, cost_to_serve: 250, effectiveness: 0.6 }
            digital: { role: digital, cost_to_serve: 90, effectiveness: 0.4, unlimited: true }
          # Key accounts keep their model: account_id: model.
          pinned: {}

        territories:
          # sightline plan territories: each territory keeps potential and workload within tolerance of the mean
          # of its group (region x the role of its rep), moving as little 12-month revenue as it can.
          tolerance: 0.10
          potential_weight: 0.5
          workload_weight: 0.5
          # Workload: a base per size band plus workload_per_order per order in the last 12 months (at most workload_order_cap).
          workload_by_size:
            SMB: 1.0
            Mid-market: 1.5
            Enterprise: 2.0
            Strategic: 3.0
            default: 1.0
          workload_per_order: 0.1
          workload_order_cap: 24
          within_region: true
          within_role: true
          # Accounts that never move: a list of account ids.
          locked: []
          scenarios: [minimal_disruption, balanced, compact]

        handover:
          # sightline plan handover: a leaving rep's accounts go to the reps whose books look most alike, within
          # their room (capacity_accounts, default_capacity when unknown, minus their book).
          default_capacity: 200
          industry_weight: 0.4
          product_weight: 0.4
          discount_weight: 0.2
          discount_scale: 0.10

        # Your CRM's headers -> canonical columns, per table. Built-in maps already cover common
        # Salesforce and HubSpot export headers; entries here win over them.
        column_maps:
          # accounts:
          #   "Acct Number": account_id
          #   "Segment (custom)": sub_industry
          # orders:
          #   "Invoice Date": order_date

        # A value for a column your files do not have, given to each new row of such a file, per table
        # (a team list without roles). Rows already loaded, and files that have the column, keep their own.
        column_values:
          # reps:
          #   role: field

        # Your CRM's words -> the values of columns with set values (rep role, touchpoint channel and
        # direction, buying role), per table and column. Built-in synonyms cover common ones.
        value_maps:
          # reps:
          #   role: { "Account Executive": field, SDR: inside }

        # The rep questionnaire (sightline questionnaire): columns a rep can ask a prospect about, besides
        # industry, employees, annual_revenue, country and region; and the most questions on any path.
        # questionnaire:
        #   askable: [sub_industry, size_band]
        #   max_questions: 5

        # Contact routing (the live touchpoint API): rules are tried in order and the first whose `when` matches
        # sends the contact to its team or queue; the rest go to default. A rule reads segment, segments (or
        # in_segment('name')), tier (size band), band (propensity band), propensity, reason (predicted: renewal,
        # support, new_purchase, upgrade), reason_probability, channel and kind of the touch, and the standard feature
        # columns, in the segment rule language (docs/realtime.md).
        routing:
          default: inside_sales
          rules:
            - { name: support_first, when: "reason = 'support' or channel = 'support'", to: support_desk }
            - { name: strategic_accounts, when: "tier = 'Strategic'", to: key_accounts }
            - { name: renewals, when: "reason = 'renewal'", to: renewals_desk }
            - { name: hot_new_business, when: "reason in ('new_purchase', 'upgrade') and propensity >= 0.3", to: field_sales }

        # Segments: rules over the feature table (docs/segment-language.md). A segment with a parent is a
        # micro-segment inside it; priority (lower first) picks one segment per account among siblings.
        # Add with: sightline segment add NAME --rule '...'
        segments:
        """;
}

/// <summary>Import rules from <c>sightline.yaml</c>.</summary>
public sealed class ImportSettings
{
    /// <summary>Dates later than today plus this many days are rejected.</summary>
    public int FutureDateToleranceDays { get; set; } = 7;

    /// <summary><c>decimal_point</c> (1,234.56) or <c>decimal_comma</c> (1.234,56).</summary>
    public string NumberFormat { get; set; } = "decimal_point";

    /// <summary><c>mdy</c> (US: 3/14/2025) or <c>dmy</c> (14/3/2025): how slashed dates are read.</summary>
    public string DateOrder { get; set; } = "mdy";

    /// <summary>Employee counts above this load but are flagged.</summary>
    public long MaxPlausibleEmployees { get; set; } = 2_500_000;

    /// <summary>Annual revenue above this loads but is flagged.</summary>
    public double MaxPlausibleRevenue { get; set; } = 1e12;

    /// <summary>Order lines that are no product (postage, discounts, fees): codes and names to add to the built-in list, and ones to keep.</summary>
    public NonMerchandiseSettings NonMerchandise { get; set; } = new();
}
