using Sightline.Import;

namespace Sightline.Workspaces;

/// <summary>
/// The <c>import.non_merchandise:</c> section of <c>sightline.yaml</c>: codes and names of order lines that are no product,
/// besides the built-in list (<see cref="NonMerchandise"/>), and listed ones that are products here after all.
/// </summary>
public sealed class NonMerchandiseSettings
{
    /// <summary>A product code or name (whole; case, spaces and punctuation aside) → its kind (shipping, discount, fee, ...).</summary>
    public Dictionary<string, string> Add { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Product codes or names the built-in list names that are merchandise in this business (a product coded POST).</summary>
    public List<string> Keep { get; set; } = [];

    internal void Validate(SettingProblems problems)
    {
        Add ??= new(StringComparer.Ordinal);
        Keep ??= [];
        foreach (var (entry, kind) in Add)
        {
            if (NonMerchandise.Key(entry).Length == 0)
            {
                problems.Add("import.non_merchandise.add", entry, "expected a product code or name with a letter or digit");
            }
            else if (!NonMerchandise.Kinds.Contains(kind, StringComparer.Ordinal))
            {
                problems.Add($"import.non_merchandise.add.{entry}", kind, $"not a kind of line; expected one of {string.Join(", ", NonMerchandise.Kinds)}");
            }
        }

        var added = Add.Keys.ToLookup(NonMerchandise.Key, StringComparer.Ordinal);
        for (var i = 0; i < Keep.Count; i++)
        {
            var key = NonMerchandise.Key(Keep[i] ?? "");
            if (key.Length == 0)
            {
                problems.Add($"import.non_merchandise.keep[{i}]", Keep[i], "expected a product code or name with a letter or digit");
            }
            else if (added[key].FirstOrDefault() is { } both)
            {
                problems.Add($"import.non_merchandise.keep[{i}]", Keep[i],
                    $"also listed in import.non_merchandise.add (as '{both}'); a code is either added or kept, so remove it from one of them");
            }
        }
    }
}
