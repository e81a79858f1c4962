using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// An id column every value of which is a whole number written with a decimal zero ("17850.0": UCI's Online Retail as
    /// pandas saved it, a spreadsheet's number column) names the ids without it, as the same file saved as a workbook does,
    /// so the two and a CRM's "17850" are one customer. Only when every value of the column is so written: "1.0" among
    /// "A-7" is an id of its own. Runs on the staged rows, with a note.
    /// </summary>
    private void ReadDecimalIds(FileStage stage)
    {
        var ids = stage.Table.Key.Concat(stage.Table.ForeignKeys.Select(f => f.Column)).Distinct(StringComparer.Ordinal)
            .Where(c => stage.Canonical.ContainsKey(c) && stage.Table.Column(c)!.Type == Data.ColumnType.Text).ToList();
        var read = new List<string>();
        foreach (var column in ids)
        {
            var t = $"t_{column}";
            // The first id otherwise written ends the look (LIMIT 1): a large file of ordinary ids is not read through.
            if (Count($"SELECT count(*) FROM (SELECT 1 FROM {Stg} WHERE {t} IS NOT NULL AND NOT regexp_full_match({t}, '-?[0-9]+\\.0+') LIMIT 1)") > 0)
            {
                continue;
            }

            var decimals = Count($"SELECT count({t}) FROM {Stg}");
            // A workspace that already holds the ids as written (loaded before this reading) keeps matching them.
            var (table, target) = stage.Table.Key.Contains(column) ? (stage.Table.Name, column)
                : stage.Table.ForeignKeys.First(f => f.Column == column) is var fk ? (fk.Table, fk.TargetColumn) : default;
            if (decimals == 0 || Count($"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {target} IN (SELECT {t} FROM {Stg}) LIMIT 1)") > 0)
            {
                continue;
            }

            var key = stage.Table.Key.Contains(column) ? $", {StagingPlan.KeyHash} = hash({string.Join(", ", stage.Table.Key.Select(k => k == column ? "v" : $"t_{k}"))})" : "";
            _workspace.Execute($"UPDATE {Stg} SET {t} = v{key} FROM (SELECT rowid AS rid, regexp_replace({t}, '\\.0+$', '') AS v FROM {Stg} WHERE {t} IS NOT NULL) d WHERE {Stg}.rowid = d.rid");
            read.Add(string.Create(CultureInfo.InvariantCulture, $"'{stage.Canonical[column].Header}' ({decimals:N0} value{(decimals == 1 ? "" : "s")})"));
        }

        if (read.Count > 0)
        {
            stage.Source.Notes.Add($"{stage.Source.Name}: {string.Join(", ", read)} {(read.Count == 1 ? "holds" : "hold")} whole numbers written with a decimal zero (17850.0, as a "
                + "spreadsheet or pandas writes a number column): read as the ids without it (17850), as the same file saved as a workbook gives them");
        }
    }
}
