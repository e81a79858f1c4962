using System.Globalization;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>Reads the batch inputs of the next best action for every account at once, for a live grain to hold in memory.</summary>
public static class NextBestActionData
{
    /// <summary>
    /// Per account with white space or a rep-list row: both, from <c>account_family_potential</c> and <c>rep_lists</c>
    /// (each left empty when its batch step has not run yet). Two statements for all accounts, none per account.
    /// </summary>
    public static Dictionary<string, NextBestActionBaseline> Baselines(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var space = new Dictionary<string, List<FamilyWhiteSpace>>(StringComparer.Ordinal);
        if (workspace.TableExists(AccountPotential.FamilyTable))
        {
            foreach (var row in Rows(workspace, $"SELECT account_id, family, white_space FROM {AccountPotential.FamilyTable} WHERE white_space > 0 AND family IS NOT NULL ORDER BY account_id, white_space DESC, family"))
            {
                var id = (string)row[0]!;
                if (!space.TryGetValue(id, out var list))
                {
                    space[id] = list = [];
                }

                list.Add(new FamilyWhiteSpace((string)row[1]!, Convert.ToDouble(row[2], CultureInfo.InvariantCulture)));
            }
        }

        var lists = new Dictionary<string, RepListAction>(StringComparer.Ordinal);
        if (workspace.TableExists(RepLists.Table))
        {
            // An account sits on one owner's list; the best-ranked row wins should a promotion list it twice.
            foreach (var row in Rows(workspace, $"SELECT account_id, action, product_family, next_best_action, reason FROM {RepLists.Table} ORDER BY account_id, rank"))
            {
                lists.TryAdd((string)row[0]!, new RepListAction((string)row[1]!, row[2] as string, (string)row[3]!, (string)row[4]!));
            }
        }

        return space.Keys.Union(lists.Keys).ToDictionary(id => id,
            id => new NextBestActionBaseline(space.TryGetValue(id, out var s) ? s : [], lists.GetValueOrDefault(id)), StringComparer.Ordinal);
    }

    private static IEnumerable<object?[]> Rows(Workspace workspace, string sql)
    {
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return row;
        }
    }
}
