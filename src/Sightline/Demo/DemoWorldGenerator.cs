namespace Sightline.Demo;

/// <summary>
/// Writes a realistic synthetic B2B world (one CSV per canonical table) together with the hidden
/// truth that drove it (<c>demo_truth.csv</c>), so every model can be checked against what really
/// happened. See docs/demo-world.md.
/// </summary>
public static class DemoWorldGenerator
{
    /// <summary>The fixed end of the data, so output is deterministic for a seed whatever today is.</summary>
    public static readonly DateOnly DataEndDate = new(2026, 9, 30);

    /// <summary>The name of the ground-truth table (not a canonical table).</summary>
    public const string TruthTable = DemoWriters.TruthTable;

    /// <summary>
    /// Generates the world into <paramref name="inputDirectory"/> (created when missing; existing
    /// files of the same names are overwritten). The same options always give byte-identical files.
    /// </summary>
    /// <param name="inputDirectory">Folder to write the CSV files to.</param>
    /// <param name="options">World size and seed.</param>
    /// <param name="progress">Receives the share of accounts done, 0 to 1.</param>
    /// <returns>The files written and their row counts, by table.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <see cref="DemoOptions.Accounts"/> is below <see cref="DemoOptions.MinAccounts"/>.</exception>
    public static DemoWorldFiles Generate(string inputDirectory, DemoOptions options, IProgress<double>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var directory = Path.GetFullPath(inputDirectory);
        Directory.CreateDirectory(directory);
        var organisation = new DemoOrganisation(options.Accounts, options.Seed);

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var output = new DemoWriters(directory))
        {
            WriteReps(output.Reps, organisation);
            WriteProducts(output.Products);
            WriteTerritories(output.Territories, organisation);

            var simulator = new AccountSimulator(output, organisation, options.Seed, DataEndDate);
            var step = Math.Max(1, options.Accounts / 200);
            progress?.Report(0);
            for (var i = 0; i < options.Accounts; i++)
            {
                simulator.Simulate(i);
                if ((i + 1) % step == 0 && i + 1 < options.Accounts)
                {
                    progress?.Report((double)(i + 1) / options.Accounts);
                }
            }

            output.Dispose();
            foreach (var (table, writer) in output.All())
            {
                files[table] = writer.Path;
                rows[table] = writer.Rows;
            }
        }

        progress?.Report(1);
        return new DemoWorldFiles(directory, files, rows);
    }

    private static void WriteReps(CsvRowWriter w, DemoOrganisation organisation)
    {
        foreach (var rep in organisation.Reps)
        {
            w.Id("R", rep.Number, DemoRep.IdDigits);
            w.Text(rep.Name);
            w.Text(rep.Role);
            w.Text(DemoCatalog.Regions[rep.Region].Name);
            if (rep.ManagerNumber is { } manager)
            {
                w.Id("R", manager, DemoRep.IdDigits);
            }
            else
            {
                w.Empty();
            }

            w.Integer(rep.CapacityAccounts);
            w.Number(rep.AnnualCost, 2);
            w.EndRow();
        }
    }

    private static void WriteProducts(CsvRowWriter w)
    {
        foreach (var product in DemoCatalog.Products)
        {
            w.Text(product.Id);
            w.Text(product.Name);
            w.Text(DemoCatalog.Families[product.Family]);
            w.Number(product.ListPrice, 2);
            w.EndRow();
        }
    }

    private static void WriteTerritories(CsvRowWriter w, DemoOrganisation organisation)
    {
        foreach (var territory in organisation.Territories)
        {
            w.Id("T", territory.Number, DemoTerritory.IdDigits);
            w.Text(territory.Name);
            w.Text(DemoCatalog.Regions[territory.Region].Name);
            w.Id("R", territory.RepNumber, DemoRep.IdDigits);
            w.EndRow();
        }
    }
}
