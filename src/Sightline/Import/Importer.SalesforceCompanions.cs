namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// Salesforce's Data Export writes some of Sightline's rows across two objects' files: an order's lines in OrderItem.csv
    /// take their account, date and owner from Order.csv, and an opportunity in Opportunity.csv takes its product from its
    /// lines in OpportunityLineItem.csv. Each pair: the file name stem of the file loaded, of its companion (read for it,
    /// not loaded on its own), and the table the file loads into.
    /// </summary>
    private static readonly (string Loaded, string Companion, string Table)[] SalesforceCompanions =
    [
        ("orderitem", "order", "orders"),
        ("opportunity", "opportunitylineitem", "opportunities"),
    ];

    /// <summary>
    /// Pairs each file of <see cref="SalesforceCompanions"/> with its companion in the same folder or archive; returns the
    /// files with each pair made one, carrying its companion and its table (null where the file's name tells the table).
    /// </summary>
    private static List<(string Path, string Name, bool Named, string Key, (string Path, string Name)? Companion, string? Table)> PairSalesforceCompanions(
        List<(string Path, string Name, bool Named, string Key)> files)
    {
        static string Stem(string name) => Path.GetFileNameWithoutExtension(name).ToLowerInvariant();
        static string? Folder(string key) => Path.GetDirectoryName(key);
        var paired = new HashSet<int>();
        var result = new List<(string, string, bool, string, (string, string)?, string?)>();
        foreach (var (loaded, companionStem, table) in SalesforceCompanions)
        {
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                if (Stem(file.Name) != loaded || paired.Contains(i))
                {
                    continue;
                }

                var companion = files.FindIndex(f => Stem(f.Name) == companionStem && Folder(f.Key) == Folder(file.Key));
                if (companion >= 0 && !paired.Contains(companion))
                {
                    paired.Add(companion);
                    paired.Add(i);
                    result.Add((file.Path, file.Name, file.Named, file.Key, (files[companion].Path, files[companion].Name), table));
                }
            }
        }

        return [.. files.Where((_, i) => !paired.Contains(i)).Select(f => (f.Path, f.Name, f.Named, f.Key, ((string, string)?)null, (string?)null)), .. result];
    }
}
