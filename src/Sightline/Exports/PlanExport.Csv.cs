using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Exports;

public static partial class PlanExport
{
    /// <summary>The CSV's header, in column order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "account_id", "account_name", "owner", "segment", "band", "score", "score_reason", "potential", "white_space",
        "action", "action_value", "next_action", "reason",
    ];

    /// <summary>One row per account, joined in DuckDB and streamed through the CSV writer.</summary>
    private static ExportedFile WriteCsv(Workspace workspace, ExportInputs inputs, string path)
    {
        long rows = 0;
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var csv = new CsvTableWriter(stream);
        foreach (var column in CsvColumns)
        {
            csv.Text(column);
        }

        csv.EndRow();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT a.account_id, a.name, a.owner_rep_id, s.segment, l.band, l.probability, l.raising, p.potential, p.white_space,
                    r.action, r.value, r.next_best_action, r.reason
                FROM {inputs.Accounts} a
                LEFT JOIN {inputs.Segments} s USING (account_id)
                LEFT JOIN {inputs.Scores} l USING (account_id)
                LEFT JOIN {inputs.Potential} p USING (account_id)
                LEFT JOIN {inputs.Lists} r USING (account_id)
                ORDER BY a.account_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < 13; i++)
                {
                    switch (i)
                    {
                        case 5:
                            csv.Number(Double(reader, i), 4);
                            break;
                        case 7 or 8 or 10:
                            csv.Number(Double(reader, i), 2);
                            break;
                        default:
                            csv.Text(reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
                            break;
                    }
                }

                csv.EndRow();
                rows++;
            }
        }

        var neutralised = csv.Neutralised;
        return new ExportedFile("csv", path, rows, 0, neutralised);
    }

    private static double? Double(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
