using System.Globalization;
using DuckDB.NET.Data;
using Sightline.Data;
using Sightline.Workspaces;

namespace Sightline.Quality;

/// <summary>Builds the data-quality report of a workspace and renders it as JSON or HTML. See docs/quality.md.</summary>
public static partial class QualityReporter
{
    /// <summary>Days of activity looked at, ending at the as-of date.</summary>
    public const int StaleWindowDays = 365;

    private const int MaxDuplicateGroupsListed = 1000;
    private const int MaxIdsPerGroup = 100;
    private const int MaxRejectsListed = 200;
    private const int MaxOrphanExamples = 5;

    /// <summary>Profiles every canonical table and runs every check, all in DuckDB SQL.</summary>
    /// <param name="workspace">The workspace to check; only read.</param>
    /// <param name="asOf">
    /// The date staleness is measured from; by default the latest activity date in the data (orders, touchpoints,
    /// opportunities, contacts' last activity), or today's UTC date from <paramref name="clock"/> when there is none.
    /// </param>
    /// <param name="clock">The clock for the fallback as-of date; <see cref="TimeProvider.System"/> by default.</param>
    public static QualityReport Build(Workspace workspace, DateOnly? asOf = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        AsOfDates.Check(asOf);
        var connection = workspace.Connection;
        var schema = new SchemaView(ReadColumns(connection));

        var (resolvedAsOf, fromData) = asOf is { } given
            ? (given, false)
            : LatestActivity(connection, schema) is { } latest
                ? (latest, true)
                : (DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime), false);

        var flagged = FlaggedRows(connection, schema);
        var tables = CanonicalSchema.Tables
            .Where(t => schema.Has(t.Name))
            .Select(t => ProfileTable(connection, schema, t.Name, flagged))
            .ToList();
        var rowsOf = tables.ToDictionary(t => t.Name, t => t.RowCount, StringComparer.Ordinal);
        var accounts = rowsOf.GetValueOrDefault("accounts");

        var duplicates = Duplicates(connection, schema, out var domainGroups, out var nameGroups, out var domainAccounts, out var nameAccounts, out var duplicateAccounts);
        var orphans = Orphans(connection, schema, rowsOf);
        var contacts = Coverage(connection, schema, accounts);
        var stale = Staleness(connection, schema, resolvedAsOf, PurchaseSource(workspace, schema));
        var negativeAmounts = schema.KindOf("orders", "amount") == ColumnKind.Number
            ? QualitySql.Count(connection, "SELECT count(*) FROM orders WHERE amount < 0")
            : 0;
        var rejects = Rejects(connection, schema, out var rejectedRows, out var rejectedPerTable);
        var flags = Flags(connection, schema);

        var scoring = new QualityScoring(accounts);
        scoring.AddCompleteness(tables);
        scoring.AddInvalid(tables);
        scoring.AddOrphans(orphans);
        scoring.AddDuplicates(domainAccounts, domainGroups, nameAccounts, nameGroups);
        scoring.AddCoverage(contacts);
        scoring.AddStaleness(stale);
        scoring.AddRejects(rejectedPerTable, rowsOf);
        scoring.AddNegativeAmounts(negativeAmounts, rowsOf.GetValueOrDefault("orders"));

        return new QualityReport(
            scoring.Score,
            resolvedAsOf,
            fromData,
            accounts,
            scoring.Issues,
            tables,
            duplicates,
            domainGroups + nameGroups,
            duplicateAccounts,
            orphans,
            contacts,
            stale,
            negativeAmounts,
            rejects,
            rejectedRows,
            flags);
    }

    private static Dictionary<string, List<(string Name, string Type)>> ReadColumns(DuckDBConnection connection)
    {
        var rows = QualitySql.Rows(connection,
            """
            SELECT table_name, column_name, data_type FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main'
            ORDER BY table_name, column_index
            """,
            r => (Table: r.GetString(0), Name: r.GetString(1), Type: r.GetString(2)));
        return rows.GroupBy(r => r.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => (r.Name, r.Type)).ToList(), StringComparer.Ordinal);
    }

    private static DateOnly? LatestActivity(DuckDBConnection connection, SchemaView schema)
    {
        var parts = ActivitySources(schema).Select(s => $"SELECT max({Sql.Identifier(s.Column)})::DATE AS d FROM {s.Table}").ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        var text = QualitySql.Text(connection, $"SELECT strftime(max(d), '%Y-%m-%d') FROM ({string.Join(" UNION ALL ", parts)})");
        return text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static IEnumerable<(string Table, string Column)> ActivitySources(SchemaView schema)
    {
        (string, string)[] candidates =
        [
            ("orders", "order_date"),
            ("touchpoints", "occurred_at"),
            ("opportunities", "created_at"),
            ("opportunities", "closed_at"),
            ("contacts", "last_activity_at"),
        ];
        return candidates.Where(c => schema.KindOf(c.Item1, c.Item2) == ColumnKind.Date && schema.KindOf(c.Item1, "account_id") is not null);
    }

    private static Dictionary<(string Table, string Column), long> FlaggedRows(DuckDBConnection connection, SchemaView schema)
    {
        if (!schema.Has("import_flags"))
        {
            return [];
        }

        return QualitySql.Rows(connection,
                // Returns are flagged so they can be found, but they are valid data: not counted as invalid.
                $"SELECT table_name, column_name, count(DISTINCT row_key) FROM import_flags WHERE flag <> '{Import.Importer.ReturnFlag}' GROUP BY ALL",
                r => (Table: r.GetString(0), Column: r.GetString(1), Count: QualitySql.LongAt(r, 2)))
            .ToDictionary(r => (r.Table, r.Column), r => r.Count);
    }

    private static TableProfile ProfileTable(DuckDBConnection connection, SchemaView schema, string table, Dictionary<(string, string), long> flagged)
    {
        var columns = schema.Columns(table);
        var expressions = new List<string> { "count(*)" };
        var checks = new List<string?>();
        foreach (var (name, type) in columns)
        {
            var q = Sql.Identifier(name);
            var kind = SchemaView.Kind(type);
            var check = QualityRules.SemanticCheck(table, name, kind, c => schema.KindOf(table, c));
            checks.Add(check?.Meaning);
            expressions.Add($"count({q})");
            expressions.Add(kind == ColumnKind.Text
                ? $"count(*) FILTER (WHERE regexp_matches({q}, '[^\\s\\x{{a0}}]'))"
                : $"count({q})");
            expressions.Add(kind == ColumnKind.Other ? $"count(DISTINCT {q}::VARCHAR)" : $"count(DISTINCT {q})");
            expressions.Add(kind switch
            {
                ColumnKind.Number or ColumnKind.Date => $"min({q})::VARCHAR, max({q})::VARCHAR, NULL, NULL",
                ColumnKind.Text => $"NULL, NULL, min(length({q})), max(length({q}))",
                _ => "NULL, NULL, NULL, NULL",
            });
            expressions.Add(check is { } c ? $"count(*) FILTER (WHERE {c.Predicate})" : "0");
        }

        const int PerColumn = 8;
        return QualitySql.Rows(connection, $"SELECT {string.Join(", ", expressions)} FROM {Sql.Identifier(table)}", r =>
        {
            var rows = QualitySql.LongAt(r, 0);
            var profiles = new List<ColumnProfile>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                var at = 1 + (i * PerColumn);
                var filled = QualitySql.LongAt(r, at + 1);
                var flags = flagged.GetValueOrDefault((table, columns[i].Name));
                var semantic = QualitySql.LongAt(r, at + 7);
                profiles.Add(new ColumnProfile(
                    columns[i].Name,
                    columns[i].Type,
                    QualitySql.LongAt(r, at),
                    filled,
                    rows == 0 ? null : (double)filled / rows,
                    QualitySql.LongAt(r, at + 2),
                    QualitySql.TextAt(r, at + 3),
                    QualitySql.TextAt(r, at + 4),
                    QualitySql.NullableLongAt(r, at + 5),
                    QualitySql.NullableLongAt(r, at + 6),
                    semantic + flags,
                    flags,
                    checks[i]));
            }

            return new TableProfile(table, rows, profiles);
        })[0];
    }

    private static List<DuplicateGroup> Duplicates(
        DuckDBConnection connection, SchemaView schema, out long domainGroups, out long nameGroups, out long domainAccounts, out long nameAccounts, out long anyAccounts)
    {
        domainGroups = nameGroups = domainAccounts = nameAccounts = anyAccounts = 0;
        if (schema.KindOf("accounts", "account_id") is null)
        {
            return [];
        }

        var domain = schema.KindOf("accounts", "domain") == ColumnKind.Text ? Data.AccountMatching.CompanyDomainSql("domain") : "NULL::VARCHAR";
        var hasName = schema.KindOf("accounts", "name") == ColumnKind.Text;
        var name = hasName ? QualityRules.NormalisedName("name") : "NULL::VARCHAR";
        var display = hasName ? "replace(coalesce(name, ''), chr(31), ' ')" : "''";
        var keys = $"""
            CREATE OR REPLACE TEMP TABLE quality_account_keys AS
            SELECT account_id::VARCHAR AS account_id, {display} AS name, {domain} AS domain_key, {name} AS name_key FROM accounts;
            CREATE OR REPLACE TEMP TABLE quality_duplicate_groups AS
            SELECT 'domain' AS reason, domain_key AS key, count(*) AS size
            FROM quality_account_keys WHERE domain_key <> '' GROUP BY domain_key HAVING count(*) > 1
            UNION ALL
            SELECT 'name', name_key, count(*)
            FROM quality_account_keys WHERE name_key <> '' GROUP BY name_key HAVING count(*) > 1;
            """;
        Workspace.Execute(connection, keys);
        try
        {
            var totals = QualitySql.Rows(connection,
                """
                SELECT
                    count(*) FILTER (WHERE domain_key IN (SELECT key FROM quality_duplicate_groups WHERE reason = 'domain')),
                    count(*) FILTER (WHERE name_key IN (SELECT key FROM quality_duplicate_groups WHERE reason = 'name')),
                    count(*) FILTER (WHERE domain_key IN (SELECT key FROM quality_duplicate_groups WHERE reason = 'domain')
                                        OR name_key IN (SELECT key FROM quality_duplicate_groups WHERE reason = 'name')),
                    (SELECT count(*) FROM quality_duplicate_groups WHERE reason = 'domain'),
                    (SELECT count(*) FROM quality_duplicate_groups WHERE reason = 'name')
                FROM quality_account_keys
                """,
                r => (QualitySql.LongAt(r, 0), QualitySql.LongAt(r, 1), QualitySql.LongAt(r, 2), QualitySql.LongAt(r, 3), QualitySql.LongAt(r, 4)))[0];
            (domainAccounts, nameAccounts, anyAccounts, domainGroups, nameGroups) = totals;

            // Lists are built only for the groups shown: aggregating ids for every group is the slow part at 1M accounts.
            return QualitySql.Rows(connection,
                $"""
                WITH shown AS (SELECT reason, key, size FROM quality_duplicate_groups ORDER BY size DESC, reason, key LIMIT {MaxDuplicateGroupsListed}),
                members AS (
                    SELECT s.reason, s.key, s.size, k.account_id, k.name
                    FROM shown s JOIN quality_account_keys k ON s.reason = 'domain' AND k.domain_key = s.key
                    UNION ALL
                    SELECT s.reason, s.key, s.size, k.account_id, k.name
                    FROM shown s JOIN quality_account_keys k ON s.reason = 'name' AND k.name_key = s.key),
                numbered AS (SELECT *, row_number() OVER (PARTITION BY reason, key ORDER BY account_id) AS n FROM members)
                SELECT reason, key, size, string_agg(account_id, chr(31) ORDER BY account_id), string_agg(name, chr(31) ORDER BY account_id)
                FROM numbered WHERE n <= {MaxIdsPerGroup}
                GROUP BY reason, key, size ORDER BY size DESC, reason, key
                """,
                r => new DuplicateGroup(r.GetString(0), r.GetString(1), QualitySql.LongAt(r, 2), r.GetString(3).Split('\u001f'), r.GetString(4).Split('\u001f')));
        }
        finally
        {
            Workspace.Execute(connection, "DROP TABLE IF EXISTS quality_account_keys; DROP TABLE IF EXISTS quality_duplicate_groups;");
        }
    }

    private static List<OrphanRelation> Orphans(DuckDBConnection connection, SchemaView schema, Dictionary<string, long> rowsOf)
    {
        var relations = new List<OrphanRelation>();
        foreach (var table in CanonicalSchema.Tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                if (schema.KindOf(table.Name, fk.Column) is null || schema.KindOf(fk.Table, fk.TargetColumn) is null)
                {
                    continue;
                }

                var col = $"c.{Sql.Identifier(fk.Column)}";
                var parentKeys = $"(SELECT DISTINCT {Sql.Identifier(fk.TargetColumn)} AS k FROM {Sql.Identifier(fk.Table)})";
                var counts = QualitySql.Rows(connection,
                    $"""
                    SELECT count(*), count(*) FILTER (WHERE p.k IS NULL)
                    FROM {Sql.Identifier(table.Name)} c LEFT JOIN {parentKeys} p ON p.k = {col}
                    WHERE {col} IS NOT NULL AND {col}::VARCHAR <> ''
                    """,
                    r => (Checked: QualitySql.LongAt(r, 0), Orphans: QualitySql.LongAt(r, 1)))[0];
                var examples = counts.Orphans == 0
                    ? []
                    : QualitySql.Rows(connection,
                        $"""
                        SELECT DISTINCT {col}::VARCHAR AS v FROM {Sql.Identifier(table.Name)} c ANTI JOIN {parentKeys} p ON p.k = {col}
                        WHERE {col} IS NOT NULL AND {col}::VARCHAR <> '' ORDER BY v LIMIT {MaxOrphanExamples}
                        """,
                        r => r.GetString(0));
                relations.Add(new OrphanRelation(
                    table.Name, fk.Column, fk.Table, fk.TargetColumn, fk.Always,
                    rowsOf.GetValueOrDefault(fk.Table) > 0, counts.Checked, counts.Orphans, examples));
            }
        }

        return relations;
    }

    private static ContactCoverage Coverage(DuckDBConnection connection, SchemaView schema, long accounts)
    {
        if (accounts == 0)
        {
            return new ContactCoverage(0, 0, 0, 0, 0);
        }

        var hasContacts = schema.KindOf("contacts", "account_id") is not null;
        var role = schema.KindOf("contacts", "buying_role") == ColumnKind.Text
            ? "bool_or(lower(trim(buying_role)) = 'decision_maker')"
            : "false";
        var perAccount = hasContacts
            ? $"SELECT account_id, {role} AS has_dm FROM contacts GROUP BY account_id"
            : "SELECT NULL::VARCHAR AS account_id, false AS has_dm WHERE false";
        var (withoutContacts, withoutDm) = QualitySql.Rows(connection,
            $"""
            SELECT count(*) FILTER (WHERE c.account_id IS NULL),
                   count(*) FILTER (WHERE c.has_dm IS NOT TRUE)
            FROM accounts a LEFT JOIN ({perAccount}) c ON c.account_id = a.account_id
            """,
            r => (QualitySql.LongAt(r, 0), QualitySql.LongAt(r, 1)))[0];
        return new ContactCoverage(accounts, withoutContacts, Share(withoutContacts, accounts), withoutDm, Share(withoutDm, accounts));
    }

    /// <summary>
    /// Where customers' purchases are, as the analytics read them (<see cref="Data.Purchases"/>: orders, or the won deals of a
    /// workspace without orders), or null when neither table can tell.
    /// </summary>
    private static string? PurchaseSource(Workspace workspace, SchemaView schema)
    {
        var wonDealsReadable = schema.KindOf("opportunities", "account_id") is not null && schema.KindOf("opportunities", "won") is not null
            && schema.KindOf("opportunities", "closed_at") is not null && schema.KindOf("opportunities", "amount") is not null;
        return schema.KindOf("orders", "account_id") is null ? null
            : wonDealsReadable ? Data.Purchases.Source(workspace)
            : "orders";
    }

    private static StaleAccounts Staleness(DuckDBConnection connection, SchemaView schema, DateOnly asOf, string? purchases)
    {
        var windowStart = asOf.AddDays(-(StaleWindowDays - 1));
        if (schema.KindOf("accounts", "account_id") is null)
        {
            return new StaleAccounts(windowStart, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var activity = ActivitySources(schema)
            .Select(s => $"SELECT account_id FROM {s.Table} WHERE {Sql.Identifier(s.Column)}::DATE BETWEEN {QualitySql.DateLiteral(windowStart)} AND {QualitySql.DateLiteral(asOf)}")
            .DefaultIfEmpty("SELECT NULL::VARCHAR AS account_id WHERE false");
        var customers = purchases is not null
            ? $"SELECT DISTINCT account_id FROM {purchases}"
            : "SELECT NULL::VARCHAR AS account_id WHERE false";
        var (customerCount, staleCustomers, others, staleOthers) = QualitySql.Rows(connection,
            $"""
            WITH recent AS (SELECT DISTINCT account_id FROM ({string.Join(" UNION ALL ", activity)})),
                 customers AS ({customers}),
                 flagged AS (
                    SELECT a.account_id IN (SELECT account_id FROM customers) AS customer,
                           a.account_id NOT IN (SELECT account_id FROM recent WHERE account_id IS NOT NULL) AS stale
                    FROM accounts a)
            SELECT count(*) FILTER (WHERE customer), count(*) FILTER (WHERE customer AND stale),
                   count(*) FILTER (WHERE NOT customer), count(*) FILTER (WHERE NOT customer AND stale)
            FROM flagged
            """,
            r => (QualitySql.LongAt(r, 0), QualitySql.LongAt(r, 1), QualitySql.LongAt(r, 2), QualitySql.LongAt(r, 3)))[0];
        var all = customerCount + others;
        var stale = staleCustomers + staleOthers;
        return new StaleAccounts(
            windowStart,
            customerCount, staleCustomers, Share(staleCustomers, customerCount),
            others, staleOthers, Share(staleOthers, others),
            stale, Share(stale, all));
    }

    private static List<RejectSummary> Rejects(DuckDBConnection connection, SchemaView schema, out long total, out Dictionary<string, long> perTable)
    {
        total = 0;
        perTable = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!schema.Has("rejects"))
        {
            return [];
        }

        foreach (var (table, count) in QualitySql.Rows(connection,
                     "SELECT table_name, count(*) FROM rejects GROUP BY table_name",
                     r => (r.GetString(0), QualitySql.LongAt(r, 1))))
        {
            perTable[table] = count;
            total += count;
        }

        return QualitySql.Rows(connection,
            $"SELECT file, table_name, reason, count(*) AS n FROM rejects GROUP BY ALL ORDER BY n DESC, file, reason LIMIT {MaxRejectsListed}",
            r => new RejectSummary(r.GetString(0), r.GetString(1), r.GetString(2), QualitySql.LongAt(r, 3)));
    }

    private static List<FlagSummary> Flags(DuckDBConnection connection, SchemaView schema) =>
        !schema.Has("import_flags")
            ? []
            : QualitySql.Rows(connection,
                "SELECT table_name, column_name, flag, count(*) AS n FROM import_flags GROUP BY ALL ORDER BY n DESC, table_name, column_name, flag",
                r => new FlagSummary(r.GetString(0), r.GetString(1), r.GetString(2), QualitySql.LongAt(r, 3)));

    internal static double Share(long part, long whole) => whole <= 0 ? 0 : (double)part / whole;
}
