using Sightline.Access;
using Sightline.Tests.Support;

namespace Sightline.Tests.Access;

/// <summary>
/// A hand-built workspace: regions North and South; managers M1 (North) and M2 (South); reps R1 (reports to M1),
/// R2 (reports to R1, so M1 sees it only by following the chain) and R3 (reports to M2); territories T1 (R1), T2 (R2), T3 (R3).
/// Accounts: a1 owned by R1 in T1; a2 unowned in T1; a3 owned by R2 in T2; a4 owned by R1 but in R3's territory T3;
/// a5 owned by R3 in no territory; a6 owned by M1; a7 owned by M2; a8 owned by nobody and in no territory.
/// </summary>
public sealed class AccessWorld : IDisposable
{
    public AccessWorld()
    {
        Test.Workspace.Execute("""
            INSERT INTO reps (rep_id, name, role, region, manager_id, capacity_accounts) VALUES
                ('M1', 'Mara North', 'field', 'North', NULL, 0), ('M2', 'Milo South', 'field', 'South', NULL, 0),
                ('R1', 'Rita One', 'field', 'North', 'M1', 50), ('R2', 'Ravi Two', 'inside', 'North', 'R1', 50),
                ('R3', 'Rosa Three', 'field', 'South', 'M2', 50);
            INSERT INTO territories VALUES ('T1', 'North 1', 'North', 'R1'), ('T2', 'North 2', 'North', 'R2'), ('T3', 'South 1', 'South', 'R3');
            INSERT INTO accounts (account_id, name, region, owner_rep_id) VALUES
                ('a1', 'Alpha Mills', 'North', 'R1'), ('a2', 'Beta Foods', 'North', NULL), ('a3', 'Gamma Labs', 'North', 'R2'),
                ('a4', 'Delta Ports', 'South', 'R1'), ('a5', 'Epsilon Air', 'South', 'R3'), ('a6', 'Zeta Steel', 'North', 'M1'),
                ('a7', 'Eta Energy', 'South', 'M2'), ('a8', 'Theta Retail', NULL, NULL);
            INSERT INTO territory_accounts VALUES ('T1', 'a1'), ('T1', 'a2'), ('T2', 'a3'), ('T3', 'a4');
            INSERT INTO contacts (contact_id, account_id, title, buying_role) VALUES
                ('c1', 'a1', 'CFO', 'decision_maker'), ('c2', 'a1', 'Analyst', 'end_user'), ('c3', 'a1', 'IT lead', NULL);
            INSERT INTO products (product_id, name, family, list_price) VALUES ('p1', 'Core', 'Core Platform', 100);
            INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES
                ('o1', 'a1', 'p1', DATE '2026-01-05', 100), ('o2', 'a1', 'p1', DATE '2026-03-05', 250), ('o3', 'a3', 'p1', DATE '2026-02-01', 90);
            """);
    }

    public TestWorkspace Test { get; } = new();

    public Sightline.Workspaces.Workspace Workspace => Test.Workspace;

    public static AccessScope Scope(UserRole role, string? rep = null) => new(role, rep);

    /// <summary>The account ids a scope sees, sorted.</summary>
    public List<string> Visible(AccessScope scope) =>
        Workspace.Strings($"SELECT account_id FROM accounts WHERE {scope.AccountCondition("account_id")} ORDER BY account_id");

    public void Dispose() => Test.Dispose();
}
