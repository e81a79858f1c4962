using System.Globalization;
using Sightline.Access;
using Sightline.Models;
using Sightline.Models.Value;
using Sightline.Plans.Lists;
using Sightline.Plans.Quotas;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Exports;

/// <summary>
/// <c>sightline export</c>: a CSV for CRM re-import (one row per account: owner, segment, lookalike band and score, potential,
/// white space, the listed action and its reason) and an XLSX workbook for sales operations (a summary by region and by rep,
/// and one formatted sheet per rep with that rep's list). Every text cell goes through <see cref="FormulaGuard"/>.
/// Only <c>accounts</c> is required: a column whose step has not run is left empty and the result says which verb fills it.
/// </summary>
public static partial class PlanExport
{
    /// <summary>The CSV's file name inside the output folder.</summary>
    public const string CsvFileName = "sightline-crm.csv";

    /// <summary>The workbook's file name inside the output folder.</summary>
    public const string XlsxFileName = "sightline-plan.xlsx";

    /// <summary>The run kind recorded in <c>runs</c>.</summary>
    public const string RunKind = "export";

    /// <summary>The summary sheet's name (rep sheets never take it).</summary>
    public const string SummarySheet = "Summary";

    /// <summary>
    /// Writes the asked files into <paramref name="outDirectory"/> (created when missing), replacing earlier exports, and records the run.
    /// With a <paramref name="scope"/> that does not see every account (a manager's, a rep's), the files hold only the accounts, lists
    /// and rep quotas it sees.
    /// </summary>
    /// <exception cref="BadInputException">The folder is a file or cannot be written, or the workspace has no accounts (a scope without any gets empty files).</exception>
    public static ExportResult Run(Workspace workspace, string outDirectory, ExportFormat formats = ExportFormat.Both, TimeProvider? clock = null,
        AccessScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if ((formats & ExportFormat.Both) == 0 || (formats & ~ExportFormat.Both) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(formats), formats, "expected Csv, Xlsx or Both");
        }

        var started = (clock ?? TimeProvider.System).GetUtcNow();
        var runId = RunLog.NewId(RunKind, started);
        var directory = PrepareDirectory(outDirectory);
        var inputs = ExportInputs.Read(workspace, scope);
        var accounts = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {inputs.Accounts}"), CultureInfo.InvariantCulture);
        var notes = inputs.Notes.ToList();
        if (accounts == 0 && (scope is null or { SeesAll: true } || Convert.ToInt64(workspace.Scalar("SELECT count(*) FROM accounts"), CultureInfo.InvariantCulture) == 0))
        {
            throw new BadInputException(workspace.Directory, $"no accounts to export; import them first with: sightline import --workspace {workspace.Directory} FILES");
        }

        if (accounts == 0)
        {
            // A rep without accounts yet (new, or between territories) asked for its own: the files say so rather than the request failing.
            notes.Add($"{scope!.Describe()} holds no accounts: the files hold the header and an empty summary only");
        }

        var writers = new List<(string FileName, Func<string, ExportedFile> Write)>();
        if (formats.HasFlag(ExportFormat.Csv))
        {
            writers.Add((CsvFileName, path => WriteCsv(workspace, inputs, path)));
        }

        if (formats.HasFlag(ExportFormat.Xlsx))
        {
            writers.Add((XlsxFileName, path => WriteXlsx(workspace, inputs, path, started)));
        }

        var (files, removed) = WriteAllOrNone(directory, writers);
        foreach (var fileName in removed)
        {
            notes.Add($"removed {fileName} of an earlier export, so the folder holds no file older than this export's");
        }
        var repSheets = files.FirstOrDefault(f => f.Format == "xlsx") is { } workbook ? workbook.Sheets - 1 : 0;

        var listed = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {inputs.Lists}"), CultureInfo.InvariantCulture);
        var asOf = DbValues.Date(workspace.Scalar("SELECT as_of FROM runs WHERE kind = 'features' ORDER BY started_at DESC LIMIT 1"));
        RunLog.Record(workspace, runId, RunKind, asOf, started, string.Join("; ", files.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f.Format} {f.Path}: {Counted.Of(f.Rows, "row")}{(f.Sheets > 0 ? $" on {Counted.Of(f.Sheets, "sheet")}" : "")}, {Counted.Of(f.NeutralisedCells, "cell")} neutralised"))));
        return new ExportResult(runId, directory, accounts, listed, repSheets, files, inputs.Sources, notes);
    }

    /// <summary>The full folder path, created when missing; bad input when it is a file or cannot be written.</summary>
    private static string PrepareDirectory(string outDirectory)
    {
        var full = OutputPaths.EnsureFolder(outDirectory, "--out");
        try
        {
            // A probe file: permissions, read-only mounts and full disks show here, before any work is done.
            var probe = Path.Combine(full, $".sightline-write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(new Diagnostic("--out", null, null, outDirectory, $"cannot write export files there: {e.Message}"));
        }

        return full;
    }

    /// <summary>
    /// Writes every file to a hidden temporary one first and moves them over their targets only when all are written, so a
    /// failed export leaves no half-written file and no new file beside an old one of the other format. Sightline's own file
    /// of the format not asked for, left by an earlier export, is removed just before the move: kept, it would sit beside the
    /// new file as if the two were one export.
    /// </summary>
    private static (List<ExportedFile> Files, List<string> Removed) WriteAllOrNone(string directory, IReadOnlyList<(string FileName, Func<string, ExportedFile> Write)> writers)
    {
        foreach (var (fileName, _) in writers)
        {
            if (Directory.Exists(Path.Combine(directory, fileName)))
            {
                throw new BadInputException(new Diagnostic("--out", null, null, directory,
                    $"cannot write {fileName} there: a folder of that name is in the way (move or rename it); nothing was written"));
            }
        }

        var temporaries = new List<string>();
        var staged = new List<(string Temporary, string Target, ExportedFile Written)>();
        var fileInHand = "";
        try
        {
            foreach (var (fileName, write) in writers)
            {
                fileInHand = fileName;
                var temporary = Path.Combine(directory, $".partial-{Guid.NewGuid():N}-{fileName}");
                temporaries.Add(temporary);
                staged.Add((temporary, Path.Combine(directory, fileName), write(temporary)));
            }

            var removed = new List<string>();
            foreach (var stale in new[] { CsvFileName, XlsxFileName }.Except(writers.Select(w => w.FileName), StringComparer.Ordinal))
            {
                fileInHand = stale;
                if (File.Exists(Path.Combine(directory, stale)))
                {
                    File.Delete(Path.Combine(directory, stale));
                    removed.Add(stale);
                }
            }

            foreach (var (temporary, target, _) in staged)
            {
                fileInHand = Path.GetFileName(target);
                File.Move(temporary, target, overwrite: true);
            }

            return ([.. staged.Select(s => s.Written with { Path = s.Target })], removed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(new Diagnostic("--out", null, null, directory, $"cannot write {fileInHand} there: {e.Message}"));
        }
        finally
        {
            foreach (var temporary in temporaries)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// The export's inputs as SQL relations (an empty typed relation when a step has not run), with sources and notes; the
    /// accounts, lists and quotas those the scope sees.
    /// </summary>
    private sealed record ExportInputs(string Accounts, string Segments, string Scores, string Potential, string Lists, string Quotas,
        IReadOnlyList<string> Sources, IReadOnlyList<string> Notes)
    {
        public static ExportInputs Read(Workspace workspace, AccessScope? scope)
        {
            var inv = CultureInfo.InvariantCulture;
            var dir = workspace.Directory;
            var sources = new List<string>();
            var notes = new List<string>();
            var scoped = scope is { SeesAll: false };
            var accounts = scoped ? $"(SELECT * FROM accounts WHERE {scope!.AccountCondition("account_id")})" : "accounts";
            if (scoped)
            {
                sources.Add($"scope: {scope!.Describe()} (the accounts, rep lists and rep quotas this user sees)");
            }

            string? LatestRun(string kind) => workspace.Scalar($"SELECT run_id FROM runs WHERE kind = {Sql.Literal(kind)} ORDER BY started_at DESC, run_id DESC LIMIT 1") as string;

            string segments;
            if (LatestRun("segments") is { } segmentRun)
            {
                segments = $"(SELECT account_id, segment FROM segment_assignments WHERE run_id = {Sql.Literal(segmentRun)})";
                sources.Add($"segment: the account's one assigned segment (by priority, down the hierarchy) in segments run {segmentRun}");
                var unassigned = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {accounts} WHERE account_id NOT IN (SELECT account_id FROM {segments})"), inv);
                if (unassigned > 0)
                {
                    notes.Add(string.Create(inv, $"{Counted.Of(unassigned, "account")} {Counted.Agree(unassigned, "matches", "match")} no segment in run {segmentRun}: {Counted.Agree(unassigned, "its", "their")} segment is empty"));
                }
            }
            else
            {
                segments = "(SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS segment WHERE false)";
                notes.Add($"segment is empty: no segments run yet (sightline segments --workspace {dir})");
            }

            string scores;
            if (workspace.Scalar($"SELECT max(run_id) FROM account_scores WHERE kind = '{LookalikeScoring.Kind}' AND product_family IS NULL") is string scoreRun)
            {
                scores = $"(SELECT account_id, band, probability, raising FROM account_scores WHERE kind = '{LookalikeScoring.Kind}' AND product_family IS NULL AND run_id = {Sql.Literal(scoreRun)})";
                sources.Add($"band, score, score_reason: lookalike scores of run {scoreRun} (calibrated probability, its band, and what raises it)");
            }
            else
            {
                scores = "(SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS band, NULL::DOUBLE AS probability, NULL::VARCHAR AS raising WHERE false)";
                notes.Add($"band, score and score_reason are empty: no lookalike scores yet (sightline score --workspace {dir})");
            }

            string potential;
            if (workspace.TableExists(AccountPotential.Table))
            {
                potential = $"(SELECT account_id, potential, white_space FROM {AccountPotential.Table})";
                sources.Add($"potential, white space: {AccountPotential.Table} of potential run {LatestRun("potential") ?? "(unrecorded)"} (what peers of the account's size spend a year; white space is potential less current spend)");
                if (AccountPotential.MissingNote(workspace, accounts) is { } missingPotential)
                {
                    notes.Add(missingPotential);
                }

            }
            else
            {
                potential = "(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS potential, NULL::DOUBLE AS white_space WHERE false)";
                notes.Add($"potential and white space are empty: no potential run yet (sightline potential --workspace {dir})");
            }

            string lists;
            if (workspace.TableExists(RepLists.Table))
            {
                lists = scoped
                    ? $"(SELECT * FROM {RepLists.Table} WHERE {scope!.RepCondition("rep_id")} AND {scope.AccountCondition("account_id")})"
                    : $"(SELECT * FROM {RepLists.Table})";
                var listRun = workspace.Scalar($"SELECT max(run_id) FROM {RepLists.Table}") as string ?? LatestRun("lists") ?? "(unrecorded)";
                sources.Add($"action, action_value, next_action, reason and the rep sheets: {RepLists.Table} of lists run {listRun}");
            }
            else
            {
                lists = """
                    (SELECT NULL::VARCHAR AS run_id, NULL::VARCHAR AS rep_id, NULL::INTEGER AS rank, NULL::VARCHAR AS account_id, NULL::VARCHAR AS account_name,
                        NULL::VARCHAR AS action, NULL::VARCHAR AS product_family, NULL::DOUBLE AS value, NULL::VARCHAR AS band, NULL::VARCHAR AS reason,
                        NULL::VARCHAR AS missing_roles, NULL::VARCHAR AS channel, NULL::VARCHAR AS theme, NULL::VARCHAR AS next_best_action WHERE false)
                    """;
                notes.Add($"action, next action and reason are empty and the workbook has no rep sheets: no lists yet (sightline lists --workspace {dir})");
            }

            string quotas;
            if (workspace.TableExists(QuotaPlan.Table))
            {
                quotas = $"(SELECT level, key, last_year::DOUBLE AS last_year, quota::DOUBLE AS quota, uplift::DOUBLE AS uplift, quota_to_potential FROM {QuotaPlan.Table}"
                    + (scoped ? $" WHERE level = 'rep' AND {scope!.RepCondition("key")})" : ")");
                var quotaRun = workspace.Scalar($"SELECT max(run_id) FROM {QuotaPlan.Table}") as string ?? "(unrecorded)";
                sources.Add($"last year, quota, quota uplift, quota ÷ potential: {QuotaPlan.Table} of quotas run {quotaRun} (regions are the reps' regions)");
                if (scoped)
                {
                    notes.Add("region quotas are left out: they are whole regions' quotas, not this team's");
                }
            }
            else
            {
                quotas = "(SELECT NULL::VARCHAR AS level, NULL::VARCHAR AS key, NULL::DOUBLE AS last_year, NULL::DOUBLE AS quota, NULL::DOUBLE AS uplift, NULL::DOUBLE AS quota_to_potential WHERE false)";
                notes.Add($"quota columns are empty: no quotas planned yet (sightline plan quotas --workspace {dir} --target AMOUNT)");
            }

            var unowned = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {accounts} WHERE owner_rep_id IS NULL"), inv);
            if (unowned > 0)
            {
                notes.Add(string.Create(inv, $"{Counted.Of(unowned, "account")} {Counted.Agree(unowned, "has", "have")} no owner rep: owner is empty in the CSV and {Counted.Agree(unowned, "it is", "they are")} summed under (no owner)"));
            }

            return new ExportInputs(accounts, segments, scores, potential, lists, quotas, sources, notes);
        }
    }
}
