using Sightline.Data;

namespace Sightline.Demo;

/// <summary>One open CSV writer per output table, headers written on open.</summary>
internal sealed class DemoWriters : IDisposable
{
    public const string TruthTable = "demo_truth";

    public static readonly string[] TruthColumns =
    [
        "account_id", "true_propensity", "true_potential", "true_segment", "churned", "bought_after_cutoff", "state_at_cutoff",
        "state_at_end", "propensity_after_end", "fit", "tech_savviness", "need_analytics", "need_security", "coverage_model",
        "next_best_family", "first_order_date", "last_order_date",
    ];

    private readonly List<CsvRowWriter> _all = [];
    private bool _disposed;

    public DemoWriters(string directory)
    {
        Reps = Open(directory, "reps");
        Products = Open(directory, "products");
        Accounts = Open(directory, "accounts");
        Contacts = Open(directory, "contacts");
        Territories = Open(directory, "territories");
        TerritoryAccounts = Open(directory, "territory_accounts");
        Orders = Open(directory, "orders");
        Opportunities = Open(directory, "opportunities");
        Touchpoints = Open(directory, "touchpoints");
        Competitors = Open(directory, "competitors");
        Truth = Open(directory, TruthTable, TruthColumns);
    }

    public CsvRowWriter Reps { get; }

    public CsvRowWriter Products { get; }

    public CsvRowWriter Accounts { get; }

    public CsvRowWriter Contacts { get; }

    public CsvRowWriter Territories { get; }

    public CsvRowWriter TerritoryAccounts { get; }

    public CsvRowWriter Orders { get; }

    public CsvRowWriter Opportunities { get; }

    public CsvRowWriter Touchpoints { get; }

    public CsvRowWriter Competitors { get; }

    public CsvRowWriter Truth { get; }

    /// <summary>Table name and writer, canonical tables in schema order, then the truth.</summary>
    public IEnumerable<(string Table, CsvRowWriter Writer)> All()
    {
        foreach (var writer in _all)
        {
            yield return (Path.GetFileNameWithoutExtension(writer.Path), writer);
        }
    }

    /// <summary>Flushes and closes every file; safe to call twice.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var writer in _all)
        {
            writer.Dispose();
        }
    }

    private CsvRowWriter Open(string directory, string table, IEnumerable<string>? columns = null)
    {
        var writer = new CsvRowWriter(Path.Combine(directory, table + ".csv"));
        _all.Add(writer);
        writer.Header(columns ?? CanonicalSchema.Get(table).Columns.Select(c => c.Name));
        return writer;
    }
}
