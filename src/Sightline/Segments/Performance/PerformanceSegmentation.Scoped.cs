using Sightline.Workspaces;

namespace Sightline.Segments.Performance;

// The revenue bridge of a subset of accounts (a manager's team, a rep's territory), computed on the fly with the very
// statements of a performance run, so new / expansion / contraction / churn mean exactly what they mean there.
public static partial class PerformanceSegmentation
{
    /// <summary>
    /// The revenue bridge (one segment, <see cref="AllSegment"/>) of the accounts matching <paramref name="accountCondition"/>,
    /// a SQL condition on <c>account_id</c> built by the caller from trusted parts (such as an access scope). Writes no
    /// table: the run's temporary tables live on this connection only and are dropped before returning.
    /// </summary>
    /// <returns>Every period from the first order of those accounts, oldest first; empty when they have no orders.</returns>
    public static IReadOnlyList<RevenueBridge> BridgeOf(Workspace workspace, string accountCondition, PeriodGrain period)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountCondition);
        var statements = Statements(new PerformanceOptions(period, "scoped"), SegmentExpression(workspace, null),
            $"(SELECT * FROM {Data.Purchases.Source(workspace)} WHERE {accountCondition})");
        try
        {
            foreach (var statement in statements)
            {
                workspace.Execute(statement);
            }

            var bridge = ReadBridge(workspace);
            foreach (var row in bridge)
            {
                CheckIdentity(row);
            }

            return bridge;
        }
        finally
        {
            workspace.Execute(DropTempTables);
        }
    }
}
