using DuckDB.NET.Data;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Another id of an account (table <c>account_aliases</c>): an export that gives one buyer a new customer id per order
/// (Olist's customer_id beside customer_unique_id) is loaded under the buyer's id, and its other ids stay readable.
/// </summary>
/// <param name="AccountId">The account the alias names.</param>
/// <param name="GivenBy">Where the alias came from, in words (the column and file that gave it).</param>
public sealed record AccountAlias(string AccountId, string GivenBy)
{
    /// <summary>No aliases.</summary>
    public static IReadOnlyDictionary<string, AccountAlias> None { get; } = new Dictionary<string, AccountAlias>(StringComparer.Ordinal);

    /// <summary>Of the ids, those that are aliases in the workspace, with their accounts; one query.</summary>
    public static IReadOnlyDictionary<string, AccountAlias> Of(Workspace workspace, IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return None;
        }

        var (condition, parameters) = TouchpointLogKeys.In(workspace, "alias", ids);
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT alias, account_id, given_by FROM account_aliases WHERE {condition}";
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter));
        }

        using var reader = command.ExecuteReader();
        var found = new Dictionary<string, AccountAlias>(StringComparer.Ordinal);
        while (reader.Read())
        {
            found[reader.GetString(0)] = new AccountAlias(reader.GetString(1), reader.GetString(2));
        }

        return found;
    }
}
