using System.Globalization;
using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The temporary table of the managers a team list names without a row of their own (<see cref="SetAsideManagersWithoutRows"/>).</summary>
    private const string ManagersWithoutRows = "sl_managers_without_rows";

    /// <summary>
    /// How far apart (letters added, dropped, changed or swapped, once case, spaces and punctuation are left out) a manager's
    /// name may be from a rep's to be read as a misspelling of it: two for names of eight letters or more, one for shorter.
    /// </summary>
    private static string NearNames(string a, string b) =>
        $"damerau_levenshtein({a}, {b}) <= CASE WHEN least(length({a}), length({b})) >= 8 THEN 2 ELSE 1 END";

    /// <summary>
    /// A team list keyed by names (Maven's sales_teams.csv: sales_agent, manager, regional_office) names its managers, who sell
    /// nothing and have no row of their own. A manager so named, neither a rep of the file or the workspace nor close to one's
    /// name, is made a rep of their own after the file's rows (<see cref="AddManagersWithoutRows"/>), so it is set aside here
    /// rather than refused. A name close to a rep's, or to another such manager's that more rows name, is a misspelling: it
    /// stays refused, and the message names the one meant. Only where the file's ids are its names: a list keyed by ids that
    /// names a missing manager's id says nothing of them.
    /// </summary>
    private void SetAsideManagersWithoutRows(TableSpec table, ForeignKey reference, Dictionary<string, MappedColumn> canonical, long parentRows)
    {
        _workspace.Execute($"DROP TABLE IF EXISTS {ManagersWithoutRows}");
        if (table.Name != "reps" || reference.Column != "manager_id" || canonical.GetValueOrDefault(table.Key[0])?.Header != KeyFromNameHeader(table.Key[0]))
        {
            return;
        }

        // Misspelt: close to a rep's name, or to another such manager's that more rows name (of two named as often, the one
        // named first is taken as written).
        var names = NamesOf(reference, self: true, parentRows);
        string Distance(string a, string b) => $"damerau_levenshtein({KeyToken(a)}, {KeyToken(b)})";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_named_managers AS SELECT val, count(*) AS n, min(rid) AS f FROM sl_unknown GROUP BY val;
            CREATE OR REPLACE TEMP TABLE sl_misspelt_managers AS
            SELECT u.val, arg_min(n.name, {Distance("u.val", "n.name")}) AS near
            FROM sl_named_managers u JOIN {names} n ON {NearNames(KeyToken("u.val"), KeyToken("n.name"))}
            GROUP BY u.val;
            INSERT INTO sl_misspelt_managers
            SELECT u.val, arg_min(o.val, ({Distance("u.val", "o.val")}, -o.n, o.f)) AS near
            FROM sl_named_managers u JOIN sl_named_managers o ON o.val <> u.val AND (o.n > u.n OR (o.n = u.n AND o.f < u.f))
                AND {NearNames(KeyToken("u.val"), KeyToken("o.val"))}
            WHERE u.val NOT IN (SELECT val FROM sl_misspelt_managers) AND o.val NOT IN (SELECT val FROM sl_misspelt_managers)
            GROUP BY u.val;
            CREATE TEMP TABLE {ManagersWithoutRows} AS
            SELECT val FROM sl_named_managers WHERE val NOT IN (SELECT val FROM sl_misspelt_managers);
            DELETE FROM sl_unknown WHERE val IN (SELECT val FROM {ManagersWithoutRows});
            DROP TABLE sl_named_managers;
            """);
    }

    /// <summary>After the references' errors are written: a misspelt manager's message names the rep it is close to.</summary>
    private void NameMisspeltManagers(string notFound)
    {
        if (Count("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sl_misspelt_managers' AND temporary") == 0)
        {
            return;
        }

        _workspace.Execute($"""
            UPDATE {Err} SET msg = msg || '; did you mean ''' || m.near || '''? (a manager''s name one or two letters from a rep''s, or from another manager''s that more rows name, '
                || 'is read as a misspelling of it, not as a manager without a row of their own)'
            FROM sl_misspelt_managers m
            WHERE {Err}.col = 'manager_id' AND {Err}.msg = {Sql.Literal(notFound)} AND {Err}.val = m.val;
            DROP TABLE sl_misspelt_managers;
            """);
    }

    /// <summary>
    /// Writes the managers <see cref="SetAsideManagersWithoutRows"/> found as reps of their own: keyed and named by the name
    /// the list gives, role manager, and the region their team shares where every one of its loaded reps gives the same one.
    /// A note names them and counts their teams.
    /// </summary>
    private void AddManagersWithoutRows(FileStage stage, List<string> notes)
    {
        if (Count($"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{ManagersWithoutRows}' AND temporary") == 0)
        {
            return;
        }

        var good = Count($"SELECT count(*) FROM {Err}") == 0 ? "" : $" ANTI JOIN (SELECT DISTINCT rid FROM {Err}) e ON e.rid = {Rid("s")}";
        var region = stage.Canonical.ContainsKey("region")
            ? "CASE WHEN count(DISTINCT s.t_region) = 1 AND count(s.t_region) = count(*) THEN min(s.t_region) END" : "NULL::VARCHAR";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_made_managers AS
            SELECT s.t_manager_id AS rep_id, {region} AS region, count(*) AS team
            FROM {Stg} s{good} WHERE s.t_manager_id IN (SELECT val FROM {ManagersWithoutRows})
            GROUP BY s.t_manager_id;
            INSERT INTO reps (rep_id, name, role, region) SELECT rep_id, rep_id, 'manager', region FROM sl_made_managers;
            DROP TABLE {ManagersWithoutRows};
            """);
        var made = new List<(string Name, long Team, string? Region)>();
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = "SELECT rep_id, team, region FROM sl_made_managers ORDER BY rep_id";
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                made.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        _workspace.Execute("DROP TABLE sl_made_managers");
        if (made.Count == 0)
        {
            return;
        }

        var header = stage.Canonical["manager_id"].Header;
        var regionHeader = stage.Canonical.GetValueOrDefault("region")?.Header;
        var listed = string.Join(", ", made.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Name} ({m.Team:N0} rep{(m.Team == 1 ? "" : "s")}{(m.Region is null ? "" : $", {m.Region}")})")));
        var count = made.Count.ToString("N0", CultureInfo.InvariantCulture);
        notes.Add($"{stage.Source.Name}: {count} manager{(made.Count == 1 ? "" : "s")} named in '{header}' "
            + $"{(made.Count == 1 ? "has" : "have")} no row of their own: each is made a rep keyed and named by that name, role manager"
            + (regionHeader is null ? "" : $", with the '{regionHeader}' their team shares where all of it shares one")
            + $": {listed}");
    }
}
