namespace Sightline.Workspaces;

/// <summary>
/// The <c>coverage:</c> section of <c>sightline.yaml</c>: the coverage models <c>sightline plan coverage</c> chooses from
/// (their yearly cost to serve an account, the rep role that provides them, the share of an account's expected value they
/// realise), the gross margin rate, the capacity of a rep without <c>capacity_accounts</c>, and accounts pinned to a model.
/// <c>sightline plan headcount</c> reads the same models.
/// </summary>
public sealed class CoverageSettings
{
    /// <summary>The implicit model of an account nobody covers: no cost, no value realised.</summary>
    public const string None = "none";

    /// <summary>The rep roles of the reps table.</summary>
    public static readonly IReadOnlyList<string> Roles = ["field", "inside", "digital", "partner", "overlay"];

    /// <summary>Gross margin on revenue: expected margin = realised value × margin rate − cost to serve.</summary>
    public double MarginRate { get; set; } = 0.7;

    /// <summary>Accounts a rep can cover when its <c>capacity_accounts</c> is empty.</summary>
    public int DefaultCapacity { get; set; } = 150;

    /// <summary>Share of accounts, by expected value, that count as high potential in the under-covered report.</summary>
    public double HighPotentialShare { get; set; } = 0.2;

    /// <summary>The coverage models by name. Written in full when given: the models listed are the ones on offer.</summary>
    public Dictionary<string, CoverageModelSettings> Models { get; set; } = DefaultModels();

    /// <summary>Account id → model: these accounts keep that model and consume its role's capacity first.</summary>
    public Dictionary<string, string> Pinned { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The built-in models: costs near a rep's yearly cost ÷ its accounts (partner: the vendor's share, the partner carries the rest).</summary>
    public static Dictionary<string, CoverageModelSettings> DefaultModels() => new(StringComparer.Ordinal)
    {
        ["field"] = new() { Role = "field", CostToServe = 3_000, Effectiveness = 1.0 },
        ["inside"] = new() { Role = "inside", CostToServe = 600, Effectiveness = 0.8 },
        ["partner"] = new() { Role = "partner", CostToServe = 250, Effectiveness = 0.6 },
        ["digital"] = new() { Role = "digital", CostToServe = 90, Effectiveness = 0.4, Unlimited = true },
    };

    internal void Validate(SettingProblems problems)
    {
        problems.Number("coverage.margin_rate", MarginRate, MarginRate is > 0 and <= 1, "expected a gross margin rate above 0 and at most 1, such as 0.7");
        problems.WholeNumber("coverage.default_capacity", DefaultCapacity, DefaultCapacity >= 0, "expected 0 or more accounts per rep, such as 150");
        problems.Number("coverage.high_potential_share", HighPotentialShare, HighPotentialShare is > 0 and <= 1,
            "expected a share above 0 and at most 1, such as 0.2");

        Models ??= DefaultModels();
        Pinned ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (Models.Count == 0)
        {
            problems.Add("coverage.models", "", "expected at least one coverage model, such as field: { role: field, cost_to_serve: 3000, effectiveness: 1.0 }");
        }

        foreach (var (name, model) in Models)
        {
            var key = $"coverage.models.{name}";
            if (name == None || string.IsNullOrWhiteSpace(name))
            {
                problems.Add(key, name, $"'{None}' is the built-in model of an uncovered account (no cost, no value); give the model another name");
            }

            if (model is null)
            {
                problems.Add(key, "", "expected role, cost_to_serve and effectiveness");
                continue;
            }

            if (!Roles.Contains(model.Role))
            {
                problems.Add(key + ".role", model.Role, $"not a role that covers accounts; expected one of {string.Join(", ", Roles)}");
            }

            problems.Number(key + ".cost_to_serve", model.CostToServe, model.CostToServe >= 0, "expected a yearly cost of 0 or more per account, such as 600");
            problems.Number(key + ".effectiveness", model.Effectiveness, model.Effectiveness is >= 0 and <= 1,
                "expected a share from 0 to 1 of the expected value, such as 0.8");
        }

        foreach (var (account, model) in Pinned)
        {
            if (model != None && (model is null || !Models.ContainsKey(model)))
            {
                problems.Add($"coverage.pinned.{account}", model ?? "",
                    $"not a coverage model; expected one of {string.Join(", ", Models.Keys.Order(StringComparer.Ordinal).Append(None))}");
            }
        }
    }
}

/// <summary>One coverage model of the <c>coverage.models</c> map.</summary>
public sealed class CoverageModelSettings
{
    /// <summary>The rep role that provides it (field, inside, digital, partner, overlay): its reps' capacity bounds it.</summary>
    public string Role { get; set; } = "field";

    /// <summary>Yearly cost to serve one account with it.</summary>
    public double CostToServe { get; set; }

    /// <summary>Share of the account's expected value it realises (an assumption to tune: field 1.0, inside 0.8, partner 0.6, digital 0.4).</summary>
    public double Effectiveness { get; set; } = 1.0;

    /// <summary>True when the role's capacity does not bound it (a digital programme scales without reps).</summary>
    public bool Unlimited { get; set; }
}
