using Sightline.Import;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Import;

/// <summary>
/// The passes over a staged file that only a file with problems needs are not made for a clean one: over millions of order
/// lines each costs seconds (the 1m import benchmark).
/// </summary>
public sealed class ImportPassesTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public ImportPassesTests() =>
        _ws.Import(null, ("products.csv", "product_id,name\nP1,Widget\nP2,Gadget\n"), ("reps.csv", "rep_id,name,role\nR1,Ada Lovelace,field\n"),
            ("accounts.csv", "account_id,name\nA1,Acme\nA2,Bolt\n"));

    public void Dispose() => _ws.Dispose();

    private (ImportResult Result, List<string> Statements) ImportOrders(string lines)
    {
        var statements = new List<string>();
        using (Workspace.RecordStatements(statements))
        {
            return (_ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount,rep_id\n" + lines)), statements);
        }
    }

    private static List<string> ReadingNames(List<string> statements) =>
        statements.Where(s => s.Contains("lower(trim(name))", StringComparison.Ordinal)).ToList();

    private static List<string> JoiningCells(List<string> statements) =>
        statements.Where(s => s.Contains("concat_ws(chr(31)", StringComparison.Ordinal)).ToList();

    [Fact]
    public void CleanOrders_AreLoaded_WithoutReadingNamesOrJoiningTheCellsOfEveryRow()
    {
        var (result, statements) = ImportOrders("O1,A1,P1,2025-01-02,10,R1\nO2,A2,P2,2025-01-03,5.5,R1\n");

        Assert.Equal(2, result.RowsLoaded);
        Assert.Equal(["O1|A1|P1|R1", "O2|A2|P2|R1"], _ws.Lines("SELECT order_id, account_id, product_id, rep_id FROM orders ORDER BY order_id"));
        Assert.Empty(ReadingNames(statements));
        Assert.Empty(JoiningCells(statements));
    }

    [Fact]
    public void OrdersNamingTheirRepAndCustomerByName_StillReadThoseNames_AndATotalsRowAfterThemIsStillSetAside()
    {
        var (result, statements) = ImportOrders("O1,Acme,P1,2025-01-02,10,Ada Lovelace\nO2,A2,P2,2025-01-03,5.5,R1\nGrand Total,,,,15.5,\n");

        Assert.Equal(2, result.RowsLoaded);
        Assert.Equal(["O1|A1|R1", "O2|A2|R1"], _ws.Lines("SELECT order_id, account_id, rep_id FROM orders ORDER BY order_id"));
        Assert.Contains(result.Files[0].Notes, n => n.Contains("a report's totals row ('Grand Total')", StringComparison.Ordinal));
        Assert.NotEmpty(ReadingNames(statements));
        Assert.Single(JoiningCells(statements));
    }
}
