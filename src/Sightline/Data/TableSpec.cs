namespace Sightline.Data;

/// <summary>A canonical workspace table: columns, key and references.</summary>
public sealed record TableSpec(string Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<string> Key, IReadOnlyList<ForeignKey> ForeignKeys)
{
    /// <summary>The column with that name, or null.</summary>
    public ColumnSpec? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>Singular noun used in messages ("account", "order line").</summary>
    public string RowNoun => Name switch
    {
        "accounts" => "account",
        "contacts" => "contact",
        "products" => "product",
        "orders" => "order line",
        "opportunities" => "opportunity",
        "touchpoints" => "touchpoint",
        "reps" => "rep",
        "territories" => "territory",
        "territory_accounts" => "territory membership",
        "competitors" => "competitor entry",
        _ => "row",
    };
}
