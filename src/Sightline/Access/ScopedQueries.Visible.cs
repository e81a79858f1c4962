using Sightline.Workspaces;

namespace Sightline.Access;

public static partial class ScopedQueries
{
    /// <summary>The ids at most bound in one statement; longer lists are looked up in chunks.</summary>
    private const int VisibleChunk = 500;

    /// <summary>
    /// Of <paramref name="accountIds"/> (every account when null), those that exist and <paramref name="scope"/> may see:
    /// an account outside the scope is indistinguishable from one that does not exist.
    /// </summary>
    public static HashSet<string> VisibleAccounts(Workspace workspace, AccessScope scope, IReadOnlyCollection<string>? accountIds = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        // A manager's or rep's accounts come from the serving tables' set, read once per snapshot, rather than the access
        // relation per request (each touchpoint post and live read asks).
        // Everyone's accounts, for a given few ids (each touchpoint post), from the serving tables' id index in memory.
        if (AccountServing.Current(workspace) is { } serving)
        {
            if (!scope.SeesAll)
            {
                var team = ServedVisible(workspace, scope, serving);
                return accountIds is null
                    ? new HashSet<string>(team, StringComparer.Ordinal)
                    : accountIds.Where(team.Contains).ToHashSet(StringComparer.Ordinal);
            }

            if (accountIds is not null && AccountNameIndex.For(workspace, serving) is { } index)
            {
                return accountIds.Where(index.Contains).ToHashSet(StringComparer.Ordinal);
            }
        }

        var visible = new HashSet<string>(StringComparer.Ordinal);
        var condition = scope.AccountCondition("account_id");
        if (accountIds is null)
        {
            visible.UnionWith(workspace.Strings($"SELECT account_id FROM accounts WHERE {condition}"));
            return visible;
        }

        // Literal ids, not parameters: DuckDB prunes row groups (and uses the key's index) only for constants, so a post
        // for one account reads one row group rather than every account.
        foreach (var chunk in accountIds.Distinct(StringComparer.Ordinal).Chunk(VisibleChunk))
        {
            visible.UnionWith(workspace.Strings($"SELECT account_id FROM accounts WHERE account_id IN ({string.Join(", ", chunk.Select(Sql.Literal))}) AND {condition}"));
        }

        return visible;
    }
}
