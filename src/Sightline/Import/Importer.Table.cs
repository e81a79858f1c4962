using System.Globalization;
using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    private FileImportResult ImportTable(string path, TableSpec table, RunContext context, string tempDirectory, Action<string> report)
    {
        report("reading");
        var source = new SourceFile(_workspace, path, tempDirectory);
        var headers = source.Headers();
        var mapped = ColumnMapper.MapHeaders(table, headers, _workspace.Settings.ColumnMaps.GetValueOrDefault(table.Name), source.Name);
        var canonical = mapped.Where(m => !m.IsCustom).ToDictionary(m => m.Column);
        var customs = mapped.Where(m => m.IsCustom).ToList();
        var staged = Stage(source, table, mapped);
        var malformedCount = source.AfterRead();

        report("validating");
        _workspace.Execute("CREATE OR REPLACE TEMP TABLE sl_err (rid BIGINT, col VARCHAR, val VARCHAR, msg VARCHAR, ref_rid BIGINT)");
        var missing = table.Columns.Where(c => c.Required && !canonical.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        var customTypes = CustomColumnTypes(table, customs);
        if (missing.Count > 0)
        {
            var reason = $"missing required column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} (no header maps to {(missing.Count == 1 ? "it" : "them")}; headers seen: {string.Join(", ", headers)})";
            _workspace.Execute($"INSERT INTO sl_err SELECT {Rid()}, NULL, NULL, {Sql.Literal(reason)}, NULL FROM stg");
            if (!context.Options.Lenient)
            {
                context.Problem(new Diagnostic(source.Name, 1, null, null, reason));
            }
        }
        else
        {
            CheckRows(table, canonical, customs, customTypes, context);
            CheckKeys(table, canonical);
            CheckReferences(table, canonical, context);
        }

        var badRows = Count("SELECT count(DISTINCT rid) FROM sl_err");
        var malformed = new List<(CsvRecordLocation Location, int Fields)>();
        if (badRows > 0 || malformedCount > 0)
        {
            malformed = ReportProblems(source, table, headers.Count, staged, missing.Count > 0, context);
        }

        report("writing");
        var notes = new List<string>(source.Notes);
        var (inserted, updated, flagged) = WriteRows(source, table, canonical, customs, customTypes, context, notes);
        var rejected = badRows + malformed.Count;
        if (malformed.Count > 0)
        {
            notes.Add($"{malformed.Count:N0} malformed line{(malformed.Count == 1 ? "" : "s")} (wrong number of fields)");
        }

        return new FileImportResult(source.Name, table.Name, source.Format, source.Encoding, source.Delimiter,
            staged + malformed.Count, staged - badRows, rejected, inserted, updated, flagged,
            customs.Select(c => c.Column).ToList(), notes);
    }

    /// <summary>One pass over the file into a temporary table: raw text plus typed value per column, in file order.</summary>
    private long Stage(SourceFile source, TableSpec table, IReadOnlyList<MappedColumn> mapped)
    {
        _workspace.Execute("DROP TABLE IF EXISTS sl_rej; DROP TABLE IF EXISTS sl_scan; DROP TABLE IF EXISTS stg");
        var raw = string.Join(", ", mapped.Select(m => $"{source.RawColumn(m.Position + 1)} AS r{m.Position}"));
        var typed = mapped.Where(m => !m.IsCustom).Select(m =>
        {
            var column = table.Column(m.Column)!;
            var expression = column.AllowedValues is not null
                ? ValueParsing.AllowedValueExpression(column, $"r{m.Position}")
                : ValueParsing.TypedExpression(column.Type, $"r{m.Position}");
            return $", {expression} AS t_{column.Name}";
        });
        _workspace.Execute($"CREATE TEMP TABLE stg AS SELECT *{string.Concat(typed)} FROM (SELECT {raw} FROM {source.Reader(storeRejects: true)})");
        return AfterStaging();
    }

    /// <summary>
    /// After staging: row ids of a table written inside a transaction start at a large offset, so the
    /// 0-based record ordinal is rowid minus the first rowid.
    /// </summary>
    private long AfterStaging()
    {
        _stagingRowBase = Count("SELECT coalesce(min(rowid), 0) FROM stg");
        return Count("SELECT count(*) FROM stg");
    }

    /// <summary>The 0-based record ordinal of a staged row.</summary>
    private string Rid(string? alias = null) => $"({(alias is null ? "" : alias + ".")}rowid - {_stagingRowBase})";

    /// <summary>The SQL type each custom column gets: the existing column's, or inferred from the values.</summary>
    private Dictionary<string, string> CustomColumnTypes(TableSpec table, IReadOnlyList<MappedColumn> customs)
    {
        var types = new Dictionary<string, string>();
        if (customs.Count == 0)
        {
            return types;
        }

        var existing = ExistingColumns(table.Name);
        var inferred = InferTypes(customs.Select(c => c.Position).ToList());
        for (var i = 0; i < customs.Count; i++)
        {
            types[customs[i].Column] = existing.TryGetValue(customs[i].Column, out var type) ? type : inferred[i];
        }

        return types;
    }

    private Dictionary<string, string> ExistingColumns(string table)
    {
        var columns = new Dictionary<string, string>();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t AND NOT internal AND schema_name = 'main' ORDER BY column_index";
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("t", table));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        return columns;
    }

    private static string CustomTyped(string sqlType, string raw) => sqlType switch
    {
        "DOUBLE" => $"sl_num({raw})",
        "DATE" => $"sl_date({raw})",
        "BIGINT" => $"sl_int({raw})",
        "BOOLEAN" => $"sl_bool({raw})",
        "TIMESTAMP" => $"sl_ts({raw})",
        _ => raw,
    };

    /// <summary>Types, required values, allowed values, ranges and dates, for every row in one scan.</summary>
    private void CheckRows(TableSpec table, Dictionary<string, MappedColumn> canonical, IReadOnlyList<MappedColumn> customs,
        Dictionary<string, string> customTypes, RunContext context)
    {
        var settings = _workspace.Settings.Import;
        var latest = context.Today.AddDays(settings.FutureDateToleranceDays);
        var checks = new List<(string Condition, string Column, string? Value, string Message)>();
        foreach (var column in table.Columns)
        {
            if (!canonical.TryGetValue(column.Name, out var m))
            {
                continue;
            }

            var r = $"r{m.Position}";
            var t = $"t_{column.Name}";
            if (column.Required)
            {
                checks.Add(($"{r} IS NULL", column.Name, null, "required value is missing"));
            }

            if (column.AllowedValues is { } allowed)
            {
                checks.Add(($"{t} IS NOT NULL AND {t} NOT IN ({string.Join(", ", allowed.Select(Sql.Literal))})", column.Name, r,
                    $"expected one of {string.Join(", ", allowed)}"));
            }
            else if (column.Type != ColumnType.Text)
            {
                checks.Add(($"{r} IS NOT NULL AND {t} IS NULL", column.Name, r, ValueParsing.TypeMessage(column.Type, settings)));
            }

            if (column.Min is { } min && column.Max is { } max)
            {
                checks.Add(($"{t} < {min.ToString(CultureInfo.InvariantCulture)} OR {t} > {max.ToString(CultureInfo.InvariantCulture)}",
                    column.Name, r, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}"));
            }
            else if (column.Min is { } lower)
            {
                checks.Add(($"{t} < {lower.ToString(CultureInfo.InvariantCulture)}", column.Name, r,
                    lower == 0 ? "must not be negative" : $"must be at least {lower.ToString(CultureInfo.InvariantCulture)}"));
            }

            if (column.PastOnly)
            {
                var bound = column.Type == ColumnType.Timestamp
                    ? $"TIMESTAMP '{latest.AddDays(1):yyyy-MM-dd} 00:00:00'"
                    : $"DATE '{latest:yyyy-MM-dd}'";
                var op = column.Type == ColumnType.Timestamp ? ">=" : ">";
                checks.Add(($"{t} {op} {bound}", column.Name, r,
                    $"date is in the future (later than {latest:yyyy-MM-dd}, today plus {settings.FutureDateToleranceDays} days' tolerance)"));
            }
        }

        foreach (var custom in customs)
        {
            var type = customTypes[custom.Column];
            if (type != "VARCHAR")
            {
                var r = $"r{custom.Position}";
                checks.Add(($"{r} IS NOT NULL AND {CustomTyped(type, r)} IS NULL", custom.Column, r,
                    $"does not fit the custom attribute's type {type} (set by earlier values)"));
            }
        }

        if (checks.Count == 0)
        {
            return;
        }

        var list = string.Join(", ", checks.Select(c =>
            $"CASE WHEN {c.Condition} THEN {{'col': {Sql.Literal(c.Column)}, 'val': {c.Value ?? "NULL::VARCHAR"}, 'msg': {Sql.Literal(c.Message)}}} END"));
        var any = string.Join(" OR ", checks.Select(c => $"({c.Condition})"));
        _workspace.Execute($"""
            INSERT INTO sl_err
            SELECT rid, e.col, e.val, e.msg, NULL FROM (
                SELECT {Rid()} AS rid, unnest([{list}]) AS e FROM stg WHERE {any})
            WHERE e IS NOT NULL
            """);
    }

    /// <summary>A key may appear once per file; later repeats are the bad rows.</summary>
    private void CheckKeys(TableSpec table, Dictionary<string, MappedColumn> canonical)
    {
        if (!table.Key.All(canonical.ContainsKey))
        {
            return;
        }

        var keys = string.Join(", ", table.Key.Select(k => $"t_{k}"));
        var join = string.Join(" AND ", table.Key.Select(k => $"s.t_{k} IS NOT DISTINCT FROM d.t_{k}"));
        var notNull = string.Join(" AND ", table.Key.Where(k => table.Column(k)!.Required).Select(k => $"t_{k} IS NOT NULL"));
        var value = table.Key.Count == 1 ? $"s.t_{table.Key[0]}" : $"concat_ws(', ', {string.Join(", ", table.Key.Select(k => $"coalesce(s.t_{k}, '')"))})";
        _workspace.Execute($"""
            INSERT INTO sl_err
            SELECT {Rid("s")}, {Sql.Literal(string.Join(" + ", table.Key))}, {value}, 'duplicate key', d.first_rid
            FROM stg s JOIN (SELECT {keys}, min({Rid()}) AS first_rid FROM stg WHERE {notNull} GROUP BY ALL HAVING count(*) > 1) d ON {join}
            WHERE {Rid("s")} <> d.first_rid
            """);
    }

    /// <summary>References must resolve: required parents always, optional ones once the parent table has rows.</summary>
    private void CheckReferences(TableSpec table, Dictionary<string, MappedColumn> canonical, RunContext context)
    {
        foreach (var reference in table.ForeignKeys)
        {
            if (!canonical.TryGetValue(reference.Column, out var m))
            {
                continue;
            }

            var self = reference.Table == table.Name;
            var parentRows = context.Options.Replace && self ? 0 : Count($"SELECT count(*) FROM {reference.Table}");
            if (!reference.Always && !self && parentRows == 0)
            {
                continue;
            }

            var noun = CanonicalSchema.Get(reference.Table).RowNoun;
            var inSelf = self ? $" AND NOT EXISTS (SELECT 1 FROM stg p2 WHERE p2.t_{reference.TargetColumn} = s.t_{reference.Column})" : "";
            var inParent = parentRows > 0 ? $" AND NOT EXISTS (SELECT 1 FROM {reference.Table} p WHERE p.{reference.TargetColumn} = s.t_{reference.Column})" : "";
            _workspace.Execute($"""
                INSERT INTO sl_err
                SELECT {Rid("s")}, {Sql.Literal(reference.Column)}, s.r{m.Position},
                       {Sql.Literal($"no such {noun} (not found in {reference.Table}.{reference.TargetColumn})")}, NULL
                FROM stg s WHERE s.t_{reference.Column} IS NOT NULL{inParent}{inSelf}
                """);
        }
    }

    /// <summary>
    /// Finds lines and raw text for the bad rows, then either records diagnostics (strict) or
    /// writes every bad row to the rejects table (lenient). Returns the malformed records.
    /// </summary>
    private List<(CsvRecordLocation Location, int Fields)> ReportProblems(SourceFile source, TableSpec table, int fieldCount,
        long staged, bool wholeFile, RunContext context)
    {
        var lenient = context.Options.Lenient;
        var errors = new List<(long Rid, string? Col, string? Val, string Msg, long? Ref)>();
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = lenient
                ? "SELECT rid, col, val, msg, ref_rid FROM sl_err ORDER BY rid"
                : $"SELECT rid, col, val, msg, ref_rid FROM sl_err ORDER BY rid LIMIT {BadInputException.MaxShown}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                errors.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            }
        }

        var wanted = new HashSet<long>(errors.Select(e => e.Rid).Concat(errors.Where(e => e.Ref.HasValue).Select(e => e.Ref!.Value)));
        var malformed = new List<(CsvRecordLocation Location, int Fields)>();
        Dictionary<long, CsvRecordLocation> found = [];
        var consistent = true;
        if (source.HasTextLines)
        {
            (found, malformed, consistent) = source.Locate(wanted, fieldCount, staged);
        }

        long LineOf(long rid) => source.HasTextLines && consistent && found.TryGetValue(rid, out var location) ? location.Line : source.RowNumber(rid);
        string Message((long Rid, string? Col, string? Val, string Msg, long? Ref) e) =>
            e.Ref is { } first ? $"{e.Msg}; first seen on line {LineOf(first)}" : e.Msg;

        if (!lenient)
        {
            var shown = malformed.Select(m => (Line: m.Location.Line, Diagnostic: new Diagnostic(source.Name, m.Location.Line, null, null,
                    $"expected {fieldCount} fields but found {m.Fields}")))
                .Concat(wholeFile ? [] : errors.Select(e => (Line: LineOf(e.Rid), Diagnostic: new Diagnostic(source.Name, LineOf(e.Rid), e.Col, e.Val, Message(e)))))
                .OrderBy(d => d.Line);
            foreach (var (_, diagnostic) in shown)
            {
                context.Problem(diagnostic);
            }

            // Only the first errors were read; the rest are counted.
            var total = wholeFile ? 0 : Count("SELECT count(*) FROM sl_err");
            context.Problems(total - (wholeFile ? 0 : errors.Count));
            return malformed;
        }

        // Lenient: every bad row goes to rejects with all its reasons.
        var rawBySql = source.HasTextLines && consistent ? null : RawRows(wanted);
        _workspace.Execute("CREATE OR REPLACE TEMP TABLE sl_rejects (line BIGINT, raw VARCHAR, reason VARCHAR)");
        using (var appender = _workspace.Connection.CreateAppender("sl_rejects"))
        {
            foreach (var group in errors.GroupBy(e => e.Rid))
            {
                var reason = string.Join("; ", group.Select(e => new Diagnostic("", null, e.Col, e.Val, Message(e)).ToString().TrimStart(':', ' ')));
                var raw = rawBySql is not null ? rawBySql.GetValueOrDefault(group.Key) : found.GetValueOrDefault(group.Key)?.Raw;
                appender.CreateRow().AppendValue(LineOf(group.Key)).AppendValue(raw).AppendValue(reason).EndRow();
            }

            foreach (var (location, fields) in malformed)
            {
                appender.CreateRow().AppendValue(location.Line).AppendValue(location.Raw)
                    .AppendValue($"expected {fieldCount} fields but found {fields}").EndRow();
            }
        }

        _workspace.Execute($"INSERT INTO rejects SELECT {Sql.Literal(context.RunId)}, {Sql.Literal(source.Name)}, {Sql.Literal(table.Name)}, line, raw, reason FROM sl_rejects ORDER BY line");
        return malformed;
    }

    private Dictionary<long, string> RawRows(IReadOnlySet<long> rids)
    {
        var columns = ExistingTempColumns().Where(c => c.StartsWith('r')).ToList();
        var rows = new Dictionary<long, string>();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT {Rid()} AS rid, concat_ws(',', {string.Join(", ", columns.Select(c => $"coalesce({c}, '')"))}) FROM stg WHERE {Rid()} IN (SELECT rid FROM sl_err)";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (rids.Contains(reader.GetInt64(0)))
            {
                rows[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return rows;
    }

    private List<string> ExistingTempColumns()
    {
        var columns = new List<string>();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = "SELECT column_name FROM duckdb_columns() WHERE table_name = 'stg' AND database_name = 'temp' ORDER BY column_index";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>Upserts the good rows by key (or replaces the table), adds custom columns, and flags returns and implausible values.</summary>
    private (long Inserted, long Updated, long Flagged) WriteRows(SourceFile source, TableSpec table, Dictionary<string, MappedColumn> canonical,
        IReadOnlyList<MappedColumn> customs, Dictionary<string, string> customTypes, RunContext context, List<string> notes)
    {
        if (table.Columns.Any(c => c.Required && !canonical.ContainsKey(c.Name)))
        {
            return (0, 0, 0);
        }

        var existing = ExistingColumns(table.Name);
        foreach (var custom in customs.Where(c => !existing.ContainsKey(c.Column)))
        {
            _workspace.Execute($"ALTER TABLE {table.Name} ADD COLUMN {custom.Column} {customTypes[custom.Column]}");
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = "INSERT INTO attribute_catalog VALUES ($t, $c, $type, $h, $f, $run)";
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("t", table.Name));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("c", custom.Column));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("type", customTypes[custom.Column]));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("h", custom.Header));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("f", source.Name));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("run", context.RunId));
            command.ExecuteNonQuery();
            notes.Add($"new custom attribute {table.Name}.{custom.Column} ({customTypes[custom.Column]}) from header '{custom.Header}'");
        }

        if (context.Options.Replace && context.ReplacedTables.Add(table.Name))
        {
            _workspace.Execute($"DELETE FROM {table.Name}");
        }

        var columns = canonical.Keys.Select(c => (Target: c, Expression: $"t_{c}"))
            .Concat(customs.Select(c => (Target: c.Column, Expression: CustomTyped(customTypes[c.Column], $"r{c.Position}"))))
            .ToList();
        var good = $"NOT EXISTS (SELECT 1 FROM sl_err e WHERE e.rid = {Rid("s")})";
        var targetRows = Count($"SELECT count(*) FROM {table.Name}");
        long updated = 0;
        var into = string.Join(", ", columns.Select(c => c.Target));
        var select = string.Join(", ", columns.Select(c => $"{c.Expression} AS {c.Target}"));
        if (targetRows == 0)
        {
            _workspace.Execute($"INSERT INTO {table.Name} ({into}) SELECT {select} FROM stg s WHERE {good}");
        }
        else
        {
            // Columns the file does not carry keep their current values on rows that already exist.
            var kept = ExistingColumns(table.Name).Keys.Where(c => columns.All(x => x.Target != c)).ToList();
            var keyJoin = string.Join(" AND ", table.Key.Select(k => $"o.{k} IS NOT DISTINCT FROM g.{k}"));
            _workspace.Execute($"""
                CREATE OR REPLACE TEMP TABLE sl_good AS
                SELECT g.*{string.Concat(kept.Select(k => $", o.{k}"))}
                FROM (SELECT {select} FROM stg s WHERE {good}) g
                LEFT JOIN {table.Name} o ON {keyJoin}
                """);
            var deleteJoin = string.Join(" AND ", table.Key.Select(k => $"t.{k} IS NOT DISTINCT FROM g.{k}"));
            updated = Count($"SELECT count(*) FROM {table.Name} t WHERE EXISTS (SELECT 1 FROM sl_good g WHERE {deleteJoin})");
            _workspace.Execute($"DELETE FROM {table.Name} t WHERE EXISTS (SELECT 1 FROM sl_good g WHERE {deleteJoin})");
            var all = string.Join(", ", columns.Select(c => c.Target).Concat(kept));
            _workspace.Execute($"INSERT INTO {table.Name} ({all}) SELECT {all} FROM sl_good; DROP TABLE sl_good");
        }

        var loaded = Count($"SELECT count(*) FROM stg s WHERE {good}");
        var flagged = Flag(source, table, canonical, context, good);
        if (context.Options.Replace)
        {
            CheckOrphansAfterReplace(source, table, context);
        }

        return (loaded - updated, updated, flagged);
    }

    private long Flag(SourceFile source, TableSpec table, Dictionary<string, MappedColumn> canonical, RunContext context, string good)
    {
        var settings = _workspace.Settings.Import;
        var flags = new List<(string Column, string Condition, string Flag)>();
        if (table.Name == "orders")
        {
            flags.Add(("amount", "t_amount < 0", "negative amount: kept as a return"));
        }

        if (table.Name == "accounts")
        {
            flags.Add(("employees", $"t_employees > {settings.MaxPlausibleEmployees}", $"implausible employees (more than {settings.MaxPlausibleEmployees:N0})"));
            flags.Add(("annual_revenue", $"t_annual_revenue > {settings.MaxPlausibleRevenue.ToString("R", CultureInfo.InvariantCulture)}",
                $"implausible annual revenue (more than {settings.MaxPlausibleRevenue:N0})"));
        }

        long total = 0;
        var key = $"concat_ws('|', {string.Join(", ", table.Key.Select(k => $"coalesce(t_{k}, '')"))})";
        foreach (var (column, condition, flag) in flags.Where(f => canonical.ContainsKey(f.Column)))
        {
            var before = Count("SELECT count(*) FROM import_flags");
            _workspace.Execute($"""
                INSERT INTO import_flags
                SELECT {Sql.Literal(context.RunId)}, {Sql.Literal(table.Name)}, {key}, {Sql.Literal(source.Name)}, NULL,
                       {Sql.Literal(column)}, r{canonical[column].Position}, {Sql.Literal(flag)}
                FROM stg s WHERE {good} AND {condition}
                """);
            total += Count("SELECT count(*) FROM import_flags") - before;
        }

        return total;
    }

    /// <summary>Replacing a parent table must not strand rows that need it.</summary>
    private void CheckOrphansAfterReplace(SourceFile source, TableSpec table, RunContext context)
    {
        foreach (var child in CanonicalSchema.Tables)
        {
            foreach (var reference in child.ForeignKeys.Where(r => r.Table == table.Name && r.Always && child.Name != table.Name))
            {
                var orphans = Count($"SELECT count(*) FROM {child.Name} c WHERE NOT EXISTS (SELECT 1 FROM {table.Name} p WHERE p.{reference.TargetColumn} = c.{reference.Column})");
                if (orphans > 0)
                {
                    context.Problem(new Diagnostic(source.Name, null, null, null,
                        $"--replace would leave {orphans:N0} {child.Name} rows without their {table.RowNoun} ({child.Name}.{reference.Column}); include those {table.Name} or replace {child.Name} too"));
                }
            }
        }
    }
}
