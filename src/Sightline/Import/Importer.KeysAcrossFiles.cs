using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// One key given by two files of one import (accounts.csv and companies.csv both naming account 42): a later file's row
    /// would replace the earlier's silently, so where the two differ in a column both files give, the later file's row is
    /// refused, naming the earlier file's line and value; rows alike in every such column are one row given twice, loaded once,
    /// with a note. Run as the earlier file is written, against the files of its table still staged after it.
    /// </summary>
    private void CheckKeysInLaterFiles(FileStage earlier)
    {
        var table = earlier.Table;
        var position = _staged.IndexOf(earlier);
        if (position < 0 || earlier.MissingColumns is not null || !table.Key.All(earlier.Canonical.ContainsKey))
        {
            return;
        }

        foreach (var later in _staged.Skip(position + 1).Where(s => s.Table.Name == table.Name && s.MissingColumns is null && table.Key.All(s.Canonical.ContainsKey)))
        {
            CheckKeysAgainst(earlier, later);
        }
    }

    private void CheckKeysAgainst(FileStage earlier, FileStage later)
    {
        var table = earlier.Table;
        // The columns both files give, compared as read (custom attributes by their text).
        var compared = earlier.Canonical.Keys.Where(c => !table.Key.Contains(c) && later.Canonical.ContainsKey(c))
            .Select(c => (Column: c, Earlier: $"CAST(e.t_{c} AS VARCHAR)", Later: $"CAST(l.t_{c} AS VARCHAR)"))
            .Concat(earlier.Customs.Select(c => (Custom: c, Other: later.Customs.FirstOrDefault(o => o.Column == c.Column)))
                .Where(p => p.Other is not null).Select(p => (p.Custom.Column, Earlier: $"e.r{p.Custom.Position}", Later: $"l.r{p.Other!.Position}")))
            .ToList();
        var differing = compared.Count == 0 ? "NULL::VARCHAR"
            : $"CASE {string.Concat(compared.Select(c => $"WHEN {c.Earlier} IS DISTINCT FROM {c.Later} THEN {Sql.Literal(c.Column)} "))}END";
        // A number as a cell shows it: 100, not the double's 100.0.
        static string Written(string value) => $"CASE WHEN regexp_full_match({value}, '-?[0-9]+\\.[0-9]*') THEN rtrim(rtrim({value}, '0'), '.') ELSE {value} END";
        string ValueOf(string side) => compared.Count == 0 ? "NULL::VARCHAR"
            : $"CASE {string.Concat(compared.Select(c => $"WHEN {c.Earlier} IS DISTINCT FROM {c.Later} THEN {Written(side == "e" ? c.Earlier : c.Later)} "))}END";
        var keyJoin = string.Join(" AND ", table.Key.Select(k => $"l.t_{k} = e.t_{k}"));
        var keyValue = table.Key.Count == 1 ? $"l.t_{table.Key[0]}" : $"concat_ws(', ', {string.Join(", ", table.Key.Select(k => $"l.t_{k}"))})";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_across AS
            SELECT l.rid, e.rid AS earlier_rid, {keyValue} AS key, {differing} AS col, {ValueOf("e")} AS earlier_value, {ValueOf("l")} AS later_value
            FROM (SELECT rowid - {later.RowBase} AS rid, * FROM {later.StagingTable}) l
            JOIN (SELECT rowid - {earlier.RowBase} AS rid, * FROM {earlier.StagingTable}) e ON {keyJoin}
            WHERE e.rid NOT IN (SELECT rid FROM {earlier.ErrorTable})
            """);
        if (Count("SELECT count(*) FROM sl_across") == 0)
        {
            _workspace.Execute("DROP TABLE sl_across");
            return;
        }

        var rows = new List<object?[]>();
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT rid, earlier_rid, key, col, earlier_value, later_value FROM sl_across ORDER BY rid";
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                rows.Add([reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)]);
            }
        }

        var earlierRids = rows.Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).ToHashSet();
        var lineOf = LinesOf(earlier, earlierRids);
        var where = earlier.Source.HasTextLines ? "line" : earlier.Source.Format == "xlsx" ? "sheet row" : "row";
        var key = string.Join(" + ", table.Key);
        // Sheets of one workbook read as one table ("book.xlsx/2024", "book.xlsx/2025") are told as sheets.
        static string? Workbook(string name) => name.LastIndexOf('/') is > 0 and var slash && name[..slash].EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? name[..slash] : null;
        var sheets = Workbook(earlier.Source.Name) is { } book && book == Workbook(later.Source.Name);
        var keepOne = sheets
            ? "expected a key once across the sheets of one workbook, which are read as one table, not as updates of each other (or the same row on both); keep the right row on one sheet"
            : "expected a key once across the files of one import (or the same row in both); keep the right row in one file";
        _workspace.Execute("CREATE OR REPLACE TEMP TABLE sl_across_msg (rid BIGINT, val VARCHAR, msg VARCHAR)");
        long identical = 0;
        string? example = null;
        using (var appender = _workspace.Connection.CreateAppender("sl_across_msg"))
        {
            foreach (var row in rows)
            {
                var (rid, earlierLine, value) = (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), lineOf(Convert.ToInt64(row[1], CultureInfo.InvariantCulture)), (string)row[2]!);
                if (row[3] is not string column)
                {
                    identical++;
                    example ??= string.Create(CultureInfo.InvariantCulture, $"{value} on {where} {earlierLine} there");
                    continue;
                }

                appender.CreateRow().AppendValue(rid).AppendValue(value).AppendValue(string.Create(CultureInfo.InvariantCulture,
                    $"{earlier.Source.Name} gives this {key} too, on {where} {earlierLine}, with another {column} ({Shown(row[4])}; here {Shown(row[5])}): {keepOne}")).EndRow();
            }
        }

        _workspace.Execute($"INSERT INTO {later.ErrorTable} SELECT rid, {Sql.Literal(key)}, val, msg, NULL FROM sl_across_msg; DROP TABLE sl_across_msg; DROP TABLE sl_across");
        if (identical > 0)
        {
            later.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{later.Source.Name}: {identical:N0} row{(identical == 1 ? " repeats a row" : "s repeat rows")} of {earlier.Source.Name} exactly (the same {key} "
                + $"and values in the columns both files give, e.g. {example}): loaded once"));
        }
    }

    private static string Shown(object? value) => value is string text ? $"'{text}'" : "blank";

    /// <summary>The line (sheet row, row) of each of a staged file's records given by ordinal.</summary>
    private static Func<long, long> LinesOf(FileStage stage, HashSet<long> rids)
    {
        var source = stage.Source;
        if (!source.HasTextLines)
        {
            return source.RowNumber;
        }

        var (found, _, _, consistent) = source.Locate(rids, stage.Headers.Count, stage.WellFormedRecords);
        return rid => consistent && found.TryGetValue(rid, out var location) ? location.Line : source.RowNumber(rid);
    }
}
