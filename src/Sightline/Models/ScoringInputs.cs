using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Models;

/// <summary>
/// Which feature columns a lookalike model may learn from. The default is the account's profile — firmographics,
/// custom and enrichment attributes, buying-role coverage — and never what follows from buying (orders, holdings,
/// spend, support, pipeline, touches), which would let the model "predict" customers by their purchases.
/// </summary>
public static class ScoringInputs
{
    /// <summary>Identity and bookkeeping columns: unique per account or assigned after the fact.</summary>
    private static readonly HashSet<string> Identity = new(StringComparer.OrdinalIgnoreCase)
    {
        "account_id", "name", "domain", "parent_account_id", "owner_rep_id", "territory_id", "postal_code", "city",
        "latitude", "longitude", "created_at", "account_age_days",
    };

    /// <summary>Outcome-derived columns: exact names and prefixes of what <c>FeatureBuilder</c> computes from orders and activity.</summary>
    private static readonly string[] OutcomePrefixes =
    [
        "is_customer", "first_order_date", "last_order_date", "days_since_last_order", "orders_", "revenue_", "avg_order_value",
        "growth_", "lifetime_revenue", "product_famil", "families_bought", "spend_", "holds_", "touches_", "inbound_touches",
        "support_load", "last_touch_date", "open_pipeline", "open_opportunities", "win_rate", "last_competitor",
    ];

    /// <summary>The columns of <paramref name="table"/> a lookalike model uses, with their types.</summary>
    /// <exception cref="BadInputException">An <c>include</c> or <c>exclude</c> entry names no column (with a suggestion).</exception>
    public static List<(string Name, string Type)> Lookalike(Workspace workspace, string table)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var schema = TabularData.Describe(workspace.Connection, table);
        var names = schema.Select(c => c.Name).ToList();
        var settings = workspace.Settings.Scoring;
        foreach (var (list, key) in new[] { (settings.Exclude, "exclude"), (settings.Include, "include") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!names.Contains(list[i], StringComparer.Ordinal))
                {
                    var hint = Suggestions.Closest(list[i], names) is { } near ? $"; did you mean '{near}'?" : "";
                    throw new BadInputException(workspace.Settings.Problem($"scoring.{key}[{i}]", list[i],
                        $"no feature column of that name{hint}"));
                }
            }
        }

        return schema.Where(c => Usable(c.Type)
                && !settings.Exclude.Contains(c.Name, StringComparer.Ordinal)
                && (settings.Include.Contains(c.Name, StringComparer.Ordinal) || IsProfile(c.Name)))
            .ToList();
    }

    /// <summary>True for a profile column (not an id and not derived from buying or activity).</summary>
    public static bool IsProfile(string column) =>
        !Identity.Contains(column) && !column.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
        && !OutcomePrefixes.Any(p => column.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for types a model reads: numbers, booleans and text.</summary>
    public static bool Usable(string type) => TabularData.IsNumericType(type) || type is "BOOLEAN" or "VARCHAR";
}
