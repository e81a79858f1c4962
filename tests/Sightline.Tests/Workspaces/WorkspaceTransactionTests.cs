using DuckDB.NET.Data;
using Sightline.Tests.Support;
using Sightline.Workspaces;

namespace Sightline.Tests.Workspaces;

public sealed class WorkspaceTransactionTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public WorkspaceTransactionTests() =>
        _ws.Workspace.Execute("CREATE TABLE tx_probe (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)");

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void InTransaction_BodyReturns_Commits()
    {
        _ws.Workspace.InTransaction(() => _ws.Workspace.Execute("INSERT INTO tx_probe VALUES (1, 'a')"));

        Assert.Equal(1, _ws.Count("SELECT count(*) FROM tx_probe"));
    }

    [Fact]
    public void InTransaction_ConstraintViolationInTheBody_SurfacesItAndKeepsNothing()
    {
        var error = Assert.Throws<DuckDBException>(() => _ws.Workspace.InTransaction(() =>
        {
            _ws.Workspace.Execute("INSERT INTO tx_probe VALUES (1, 'a')");
            _ws.Workspace.Execute("INSERT INTO tx_probe VALUES (2, NULL)");
        }));

        Assert.Contains("NOT NULL", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM tx_probe"));
        _ws.Workspace.Execute("INSERT INTO tx_probe VALUES (3, 'c')"); // no transaction left open
    }

    // The body ends the transaction itself, so COMMIT fails and ROLLBACK fails after it: the old
    // catch { ROLLBACK; throw; } reported the rollback's "no transaction is active" instead of the commit's failure.
    [Fact]
    public void InTransaction_CommitFailsAndRollbackFailsToo_TheCommitFailureSurfaces()
    {
        var error = Assert.Throws<DuckDBException>(() => _ws.Workspace.InTransaction(() =>
        {
            _ws.Workspace.Execute("INSERT INTO tx_probe VALUES (1, 'a')");
            _ws.Workspace.Execute("ROLLBACK");
        }));

        Assert.Contains("commit", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rollback", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rollback", (string)error.Data[Workspace.RollbackFailureKey]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM tx_probe"));
    }

    [Fact]
    public void InTransaction_BodyFailsAfterClosingTheConnection_TheBodyFailureSurfaces()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _ws.Workspace.InTransaction(() =>
        {
            _ws.Workspace.Connection.Close();
            throw new InvalidOperationException("the body failed");
        }));

        Assert.Equal("the body failed", error.Message);
    }
}
