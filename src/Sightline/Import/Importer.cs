using System.Globalization;
using Sightline.Data;
using Sightline.Workspaces;

namespace Sightline.Import;

/// <summary>
/// Loads CRM files into a workspace. All or nothing by default: one transaction for the whole
/// command, and any bad row means nothing changes. Lenient: good rows load and every bad row is
/// kept, with its reason, in the rejects table. Files stream through DuckDB's own readers into
/// staging tables; every rule runs as SQL over the whole file.
/// </summary>
public sealed partial class Importer
{
    /// <summary>The import flag on order lines with a negative amount: loaded as returns, not errors.</summary>
    public const string ReturnFlag = "negative amount: kept as a return";

    private static readonly string[] Extensions = [".csv", ".tsv", ".tab", ".txt", ".parquet", ".xlsx"];
    private readonly Workspace _workspace;
    private readonly TimeProvider _clock;
    private FileStage? _stage;

    // The files of this import staged so far (the one being staged is _stage): keys a reference may name.
    private readonly List<FileStage> _staged = [];

    // For a table whose rows a file of this import refused: the temporary table of their keys, files and lines.
    private readonly Dictionary<string, string> _refusedKeys = [];

    /// <summary>Creates an importer for a workspace.</summary>
    public Importer(Workspace workspace, TimeProvider? clock = null)
    {
        _workspace = workspace;
        _clock = clock ?? TimeProvider.System;
    }

    // The files this import has read, for their notes when it fails.
    private readonly List<SourceFile> _readSources = [];

    /// <summary>The notes of the files read so far, each naming its file.</summary>
    private List<string> FileNotes() =>
        [.. _readSources.SelectMany(f => f.Notes.Select(n => ImportResult.NamedNote(f.Name, n))).Distinct(StringComparer.Ordinal)];

    /// <summary>Imports files and folders.</summary>
    /// <exception cref="BadInputException">A file is unreadable or (without lenient) holds bad rows; nothing changed.</exception>
    public ImportResult Import(IReadOnlyList<string> paths, ImportOptions options, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ValueParsing.CreateMacros(_workspace);
        var now = _clock.GetUtcNow();
        var runId = Runs.RunLog.NewId("import", now);
        var tempDirectory = Path.Combine(Path.GetTempPath(), "sightline-" + runId);
        Directory.CreateDirectory(tempDirectory);
        var context = new RunContext(runId, options, DateOnly.FromDateTime(now.UtcDateTime));
        var results = new List<FileImportResult>();
        var stages = new List<(FileStage Stage, Action<string> Report)>();
        var open = false;
        _staged.Clear();
        _derivedNotes.Clear();
        _sheetNotes.Clear();
        _foundMaps.Clear();
        _refusedKeys.Clear();
        _readSources.Clear();
        try
        {
            // Archives are extracted into the run's temporary folder, which is removed however the import ends.
            var runNotes = new List<string>();
            var files = ResolveFiles(paths, options, tempDirectory, runNotes);
            for (var i = 0; options.AttributeSet is null && i < files.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var report = Reporter(progress, files[i].Name, i, files.Count);
                stages.Add((StageTable(files[i].Path, files[i].Name, CanonicalSchema.Get(files[i].Table), i, context, tempDirectory, report, files[i].Companion, files[i].Part), report));
                _staged.Add(stages[^1].Stage);
            }

            _workspace.Execute("BEGIN TRANSACTION");
            open = true;
            foreach (var (stage, report) in stages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(WriteTable(stage, context, report));
            }

            if (stages.Count > 0 && LinkSubCustomers() is { } subCustomers)
            {
                runNotes.Add(subCustomers);
            }

            if (stages.Count > 0 && MarkNonMerchandise() is { } nonMerchandise)
            {
                runNotes.Add(nonMerchandise);
            }

            for (var i = 0; options.AttributeSet is { } setName && i < files.Count; i++)
            {
                results.Add(ImportAttributeSet(files[i].Path, files[i].Name, setName, context, tempDirectory, Reporter(progress, files[i].Name, i, files.Count)));
            }

            if (context.FileProblems.Count > 0 || (!options.Lenient && context.ProblemCount > 0))
            {
                _workspace.Execute("ROLLBACK");
                open = false;
                // The command's notes say what was not read (a folder's file naming no table), often why a reference is unknown.
                throw context.FileProblems.Count > 0 && options.Lenient
                    ? new BadInputException(context.FileProblems, context.FileProblems.Count) { Notes = runNotes }
                    : new BadInputException(context.Diagnostics, context.ProblemCount) { Notes = runNotes };
            }

            var result = new ImportResult(runId, options.Lenient ? "lenient" : "strict", results,
                results.Sum(r => r.RowsRead), results.Sum(r => r.RowsLoaded), results.Sum(r => r.RowsRejected)) { Notes = runNotes };
            RecordRun(result, now);

            // A failed COMMIT ends the transaction too: a ROLLBACK after it would hide the commit's error.
            open = false;
            _workspace.Execute("COMMIT");
            return result;
        }
        catch (BadInputException e) when (e.FileNotes.Count == 0 && FileNotes() is { Count: > 0 } fileNotes)
        {
            // An encoding, a delimiter or a header read otherwise than written often explains the problems: told with them.
            throw new BadInputException(e.Diagnostics, e.TotalCount) { Notes = e.Notes, FileNotes = fileNotes };
        }
        finally
        {
            if (open)
            {
                _workspace.Execute("ROLLBACK");
            }

            foreach (var (stage, _) in stages)
            {
                _workspace.Execute($"DROP TABLE IF EXISTS {stage.StagingTable}; DROP TABLE IF EXISTS {stage.ErrorTable}"
                    + string.Concat(StageSideTables.Select(side => $"; DROP TABLE IF EXISTS {stage.StagingTable}{side}")));
            }

            foreach (var refused in _refusedKeys.Values)
            {
                _workspace.Execute($"DROP TABLE IF EXISTS {refused}");
            }

            Directory.Delete(tempDirectory, recursive: true);
        }
    }

    private static Action<string> Reporter(IProgress<ImportProgress>? progress, string name, int index, int count) =>
        step => progress?.Report(new ImportProgress(name, step, index, count));

    /// <summary>
    /// The table a file is for, from its name: accounts.csv, Orders.parquet, order_lines.xlsx, opportunity.csv; or from
    /// the one table a word of an export's name names ("Salesforce Accounts Export 2025-11.csv", "hubspot-deals.csv");
    /// null when no table or more than one is named.
    /// </summary>
    public static string? TableForFileName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(IsGzipped(path) ? path[..^3] : path).ToLowerInvariant();
        if (TableForKey(ColumnMapper.Normalise(stem)) is { } whole)
        {
            return whole;
        }

        // Invoices are orders when the file is named so, not for a word: a CRM's own invoice object (Invoice__c) is no order line.
        if (ColumnMapper.Normalise(stem) is "invoices" or "invoice")
        {
            return "orders";
        }

        // A report's name says what it lists before "by" and how it is grouped after: "Sales by Customer Detail" lists orders.
        var words = System.Text.RegularExpressions.Regex.Split(stem, "[^a-z0-9]+").Where(w => w.Length > 0).ToList();
        if (words.Exists(NamesNoTable.Contains))
        {
            return null;
        }

        var by = words.IndexOf("by");
        return (by > 0 ? TableForWords(words[..by]) : null) ?? TableForWords(words);
    }

    /// <summary>
    /// Words that make a file something beside a table it names: an order's payments or reviews, a translation of product
    /// category names, a postcode's coordinates (Olist's olist_order_payments_dataset.csv,
    /// product_category_name_translation.csv). Such a file names no table, and a folder's is skipped with the note.
    /// </summary>
    private static readonly HashSet<string> NamesNoTable = new(StringComparer.Ordinal)
    {
        "payment", "payments", "review", "reviews", "translation", "translations", "geolocation", "geolocations",
    };

    /// <summary>The one table the words of a name name, pairs of words first ("Territory Accounts" is territory_accounts, not two tables); null for none or several.</summary>
    private static string? TableForWords(List<string> words)
    {
        foreach (var size in new[] { 2, 1 })
        {
            var named = Enumerable.Range(0, Math.Max(0, words.Count - size + 1))
                .Select(i => TableForKey(string.Concat(words.Skip(i).Take(size))))
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (named.Count > 0)
            {
                return named.Count == 1 ? named[0] : null;
            }
        }

        return null;
    }

    private static string? TableForKey(string key)
    {
        foreach (var table in CanonicalSchema.Tables)
        {
            var name = ColumnMapper.Normalise(table.Name);
            var singular = name.EndsWith("ies", StringComparison.Ordinal) ? name[..^3] + "y" : name.TrimEnd('s');
            if (key == name || key == singular)
            {
                return table.Name;
            }
        }

        return key switch
        {
            "orderlines" or "orderline" or "invoicelines" or "sales" => "orders",
            // An accounting package's transaction list (QuickBooks' "Transaction List by Date"), a shop's or an ERP's sales orders.
            "transactions" or "transaction" or "transactionlist" or "transactiondetail" or "salesorders" or "salesorder" => "orders",
            // Order headers and their lines in two files, read together (PairOrderHeaders): Northwind's Orders and "Order Details",
            // AdventureWorks' SalesOrderHeader and SalesOrderDetail. (Salesforce's OrderItem pairs by its name, and alone names no table.)
            "orderdetails" or "orderdetail" or "orderheaders" or "orderheader" or "salesorderheader" or "salesorderheaders"
                or "salesorderdetail" or "salesorderdetails" or "invoiceheaders" or "invoiceheader" or "invoiceitems" or "invoiceitem" => "orders",
            "pipeline" or "salespipeline" => "opportunities",
            "salesteams" or "salesteam" or "salesagents" => "reps",
            // Pipedrive, Insightly and Copper call companies organisations (Pipedrive's "organizations-11869634-31.csv"), and their people contacts.
            "companies" or "company" or "customers" or "customer" or "organizations" or "organization" or "organisations" or "organisation" => "accounts",
            "people" or "persons" or "person" => "contacts",
            "deals" or "deal" => "opportunities",
            // Salesforce's Data Export names each file by its object: Task, Event, User, Product2.
            "activities" or "activity" or "events" or "event" or "tasks" or "task" => "touchpoints",
            // HubSpot exports each activity object on its own: calls, emails, meetings (the channel is then the file's name).
            "calls" or "call" or "emails" or "meetings" or "meeting" or "touches" => "touchpoints",
            // An HR or ERP system's staff list (Northwind's Employees, AdventureWorks' SalesPerson) is the sales team.
            "users" or "user" or "salesreps" or "employees" or "employee" or "salespeople" or "salesperson" or "salespersons" => "reps",
            "product2" => "products",
            _ => null,
        };
    }

    /// <summary>
    /// A file to import: where it is read from, the name messages give it, its table, and the file read with it (an order's
    /// headers, <see cref="PairOrderHeaders"/>; Salesforce's, <see cref="SalesforceCompanions"/>), if any.
    /// </summary>
    private sealed record InputFile(string Path, string Name, string Table, string SortKey, (string Path, string Name)? Companion = null)
    {
        /// <summary>For one part of a list of companies and people (<see cref="SplitPartners"/>), which part; else null.</summary>
        public PartnerPart? Part { get; init; }
    }

    private List<InputFile> ResolveFiles(IReadOnlyList<string> paths, ImportOptions options, string tempDirectory, List<string> notes)
    {
        if (paths.Count == 0)
        {
            throw new BadInputException("import", "no files given; name files or folders to import");
        }

        if (options.Table is { } forced && CanonicalSchema.Find(forced) is null)
        {
            throw new BadInputException(new Diagnostic("--table", null, null, forced,
                $"not a table; expected one of {string.Join(", ", CanonicalSchema.Tables.Select(t => t.Name))}"));
        }

        if (options.AttributeSet is { } set && !System.Text.RegularExpressions.Regex.IsMatch(set, "^[a-z][a-z0-9_]{0,62}$"))
        {
            throw new BadInputException(new Diagnostic("--attributes", null, null, set,
                "expected a lowercase name of letters, digits and underscores, starting with a letter"));
        }

        // Named: given on the command line, so a file that names no table is refused; the files of a folder or an
        // archive that name none (a Salesforce export's Lead.csv, Campaign.csv) are skipped with a note instead.
        // Key: the order within a table, as if the archive were a folder of its entries.
        var files = new List<(string Path, string Name, bool Named, string Key)>();
        List<(string, string, bool, string)> Entries(string archive) =>
            [.. ExtractArchive(archive, tempDirectory).Select(e => (e.Path, e.Name, false, Path.Combine(Path.GetDirectoryName(archive)!, e.Name)))];
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
                {
                    var extension = Path.GetExtension(file).ToLowerInvariant();
                    if (extension == ".zip")
                    {
                        files.AddRange(Entries(file));
                    }
                    else if (Extensions.Contains(extension) || extension == ".xls")
                    {
                        files.Add((file, Path.GetFileName(file), false, file));
                    }
                    else if (IsGzipped(file))
                    {
                        files.Add((Gunzip(file, Path.GetFileName(file), tempDirectory), Path.GetFileName(file), false, file));
                    }
                }

                // A folder's own files are imported, not its sub-folders': an export kept in one is said, not passed over in silence.
                foreach (var folder in Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal))
                {
                    var held = Directory.EnumerateFiles(folder).Count(f => Path.GetExtension(f).ToLowerInvariant() is var e && (Extensions.Contains(e) || e is ".zip" or ".xls" || IsGzipped(f)));
                    if (held > 0)
                    {
                        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(folder)}: a sub-folder of {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))} "
                            + $"with {held} file{(held == 1 ? "" : "s")} to import, not read (a folder's own files are imported; name the sub-folder to import it too)"));
                    }
                }
            }
            else if (File.Exists(path))
            {
                var readable = ReadablePath(path, tempDirectory);
                files.AddRange(Path.GetExtension(path).Equals(".zip", StringComparison.OrdinalIgnoreCase) ? Entries(readable)
                    : IsGzipped(path) ? [(Gunzip(readable, Path.GetFileName(path), tempDirectory), Path.GetFileName(path), true, path)]
                    : [(readable, Path.GetFileName(path), true, path)]);
            }
            else
            {
                throw new BadInputException(path, "no such file or folder");
            }
        }

        var legacy = files.Where(f => Path.GetExtension(f.Name).Equals(".xls", StringComparison.OrdinalIgnoreCase))
            .Select(f => new Diagnostic(f.Name, null, null, null, LegacyWorkbook))
            .Concat(files.Where(f => f.Named && UnreadableFormats.ContainsKey(Path.GetExtension(f.Name)))
                .Select(f => new Diagnostic(f.Name, null, null, null, UnreadableFormat(UnreadableFormats[Path.GetExtension(f.Name)])))).ToList();
        if (legacy.Count > 0)
        {
            throw new BadInputException(legacy, legacy.Count);
        }

        if (files.Count == 0)
        {
            throw new BadInputException(string.Join(", ", paths), $"no importable files ({string.Join(", ", Extensions)}, or a .zip of them, or one gzipped) found");
        }

        var resolved = new List<InputFile>();
        var unknown = new List<Diagnostic>();
        var skipped = new List<(string Path, string Name, string Key)>();
        var skippedSheets = new List<string>(); // not extracted: a name only
        if (options.AttributeSet is null && options.Table is null)
        {
            // A workbook of one table per sheet is read as a folder of its sheets, each sheet as the file its name names.
            files = [.. files.SelectMany(f => Path.GetExtension(f.Path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
                && SheetsAsFiles(f.Path, f.Name, tempDirectory, skippedSheets) is { } sheets
                    ? sheets.Select(sheet => (sheet.Path, sheet.Name, false, Path.Combine(f.Key, sheet.Name[(f.Name.Length + 1)..])))
                    : [f])];
        }

        skipped.AddRange(skippedSheets.Select(sheet => ("", sheet, "")));
        var paired = options.AttributeSet is null && options.Table is null ? PairSalesforceCompanions(files)
            : [.. files.Select(f => (f.Path, f.Name, f.Named, f.Key, Companion: ((string Path, string Name)?)null, Table: (string?)null))];
        foreach (var file in paired)
        {
            var table = file.Table ?? (options.AttributeSet is not null ? "accounts" : options.Table ?? TableForFileName(file.Name));
            if (table is not null)
            {
                resolved.Add(new InputFile(file.Path, file.Name, table, file.Key, file.Companion));
            }
            else if (file.Named && options.AttributeSet is null && TableOfHeader(file.Path, file.Name, tempDirectory) is var (byHeader, note))
            {
                resolved.Add(new InputFile(file.Path, file.Name, byHeader, file.Key, file.Companion));
                notes.Add(note);
            }
            else if (file.Named)
            {
                unknown.Add(new Diagnostic(file.Name, null, null, null,
                    $"cannot tell which table this file is for, from its name or its header; name it after a table ({string.Join(", ", CanonicalSchema.Tables.Select(t => t.Name))}) or pass --table"));
            }
            else
            {
                skipped.Add((file.Path, file.Name, file.Key));
            }
        }

        if (unknown.Count > 0)
        {
            throw new BadInputException(unknown, unknown.Count);
        }

        resolved = WithSheetsOfOneTable(resolved, tempDirectory);
        if (options.AttributeSet is null && options.Table is null)
        {
            CataloguesOfLines(resolved, skipped, tempDirectory, notes);
        }

        var skippedNote = $"{skipped.Count:N0} file{(skipped.Count == 1 ? " names" : "s name")} no table and {(skipped.Count == 1 ? "was" : "were")} skipped: "
            + $"{string.Join(", ", skipped.Select(f => f.Name))} (tables: {string.Join(", ", CanonicalSchema.Tables.Select(t => t.Name))}; to load one, import it on its own with --table)";
        if (resolved.Count == 0)
        {
            throw new BadInputException(string.Join(", ", paths), $"no file names a table: {skippedNote}");
        }

        if (skipped.Count > 0)
        {
            notes.Add(skippedNote);
        }

        if (options.AttributeSet is null)
        {
            resolved = PairOrderHeaders(resolved, tempDirectory);
        }

        if (options.AttributeSet is null && !options.Replace)
        {
            // Not when replacing: a file of the customers a ledger names would empty the accounts table first.
            resolved = WithParentsOfFlatSales(resolved, tempDirectory);
        }

        if (options.AttributeSet is null && options.Table is null)
        {
            resolved = SplitPartners(resolved, tempDirectory);
        }

        // Parents load before children, so references within one command resolve.
        return [.. resolved.OrderBy(f => CanonicalSchema.Tables.ToList().FindIndex(t => t.Name == f.Table)).ThenBy(f => f.SortKey, StringComparer.Ordinal)];
    }

    private void RecordRun(ImportResult result, DateTimeOffset started)
    {
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = "INSERT INTO import_runs VALUES ($run, $started, now()::TIMESTAMP, $mode, $files, $read, $loaded, $rejected, $notes)";
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("run", result.RunId));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("started", started.UtcDateTime));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("mode", result.Mode));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("files", result.Files.Count));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("read", result.RowsRead));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("loaded", result.RowsLoaded));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("rejected", result.RowsRejected));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("notes", result.Notes.Count == 0 ? null : string.Join("; ", result.Notes)));
        command.ExecuteNonQuery();
        foreach (var file in result.Files)
        {
            using var fileCommand = _workspace.Connection.CreateCommand();
            fileCommand.CommandText = "INSERT INTO import_files VALUES ($run, $file, $table, $format, $encoding, $delimiter, $read, $loaded, $rejected, $notes)";
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("run", result.RunId));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("file", file.File));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("table", file.Table));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("format", file.Format));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("encoding", file.Encoding));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("delimiter", file.Delimiter));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("read", file.RowsRead));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("loaded", file.RowsLoaded));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("rejected", file.RowsRejected));
            fileCommand.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("notes", string.Join("; ", file.Notes)));
            fileCommand.ExecuteNonQuery();
        }
    }

    private long Count(string sql) => Convert.ToInt64(_workspace.Scalar(sql), CultureInfo.InvariantCulture);

    /// <summary>Runs an INSERT or UPDATE and returns the rows it wrote (a scalar read of one returns nothing here).</summary>
    private long Affected(string sql)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = sql;
        var affected = command.ExecuteNonQuery();
        Workspace.Trace(sql, started);
        return affected;
    }

    /// <summary>State shared by the files of one command.</summary>
    private sealed class RunContext(string runId, ImportOptions options, DateOnly today)
    {
        public string RunId { get; } = runId;

        public ImportOptions Options { get; } = options;

        public DateOnly Today { get; } = today;

        public List<Diagnostic> Diagnostics { get; } = [];

        public long ProblemCount { get; private set; }

        public HashSet<string> ReplacedTables { get; } = [];

        public void Problem(Diagnostic diagnostic)
        {
            ProblemCount++;
            if (Diagnostics.Count < BadInputException.MaxShown)
            {
                Diagnostics.Add(diagnostic);
            }
        }

        public void Problems(long count) => ProblemCount += count;

        /// <summary>
        /// Problems of a whole file (a required column no header maps to): no row of it can load, so even a lenient import,
        /// which sets bad rows aside, stops; setting every row aside would hide the one thing to fix.
        /// </summary>
        public List<Diagnostic> FileProblems { get; } = [];

        public void FileProblem(Diagnostic diagnostic)
        {
            FileProblems.Add(diagnostic);
            Problem(diagnostic);
        }
    }

    /// <summary>
    /// Whether a look at a file before its import (its header, to pair or split it) failed because the file cannot be read:
    /// the look passes over it, and the file's own staging then says why (<see cref="Unreadable"/>).
    /// </summary>
    private static bool IsUnreadable(Exception e) => e is BadInputException or DuckDB.NET.Data.DuckDBException or InvalidDataException or IOException;

    /// <summary>
    /// Runs the first read of a file; a file DuckDB cannot parse as its format (binary content, a damaged workbook) is bad
    /// input naming the file, not an internal error. The message names the file, not the transcoded copy DuckDB read.
    /// </summary>
    private static T Unreadable<T>(string path, string name, string tempDirectory, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is DuckDB.NET.Data.DuckDBException or InvalidDataException)
        {
            var why = e.Message.Split('\n', 2)[0].Trim();
            if (System.Text.RegularExpressions.Regex.Match(e.Message, @"Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes") is { Success: true } tooLong)
            {
                // DuckDB's own words name the line its sniffer stopped at, not the long one.
                var (limit, actual) = (long.Parse(tooLong.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(tooLong.Groups[2].Value, CultureInfo.InvariantCulture));
                why = string.Create(CultureInfo.InvariantCulture, $"a line is {actual:N0} bytes long, beyond the {limit:N0} bytes a line may have")
                    + ": a cell holding a whole document, or a quote opened and never closed";
            }

            why = System.Text.RegularExpressions.Regex.Replace(why.Replace(Path.GetFullPath(path), name, StringComparison.Ordinal),
                "['\"]?" + System.Text.RegularExpressions.Regex.Escape(tempDirectory) + "[^'\" ]*['\"]?", name);
            var expected = Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? "expected an Excel workbook (.xlsx) with a header row in its first sheet"
                : Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase)
                    ? "expected a Parquet file"
                    : "expected delimited text (CSV or TSV) with a header line";
            throw new BadInputException(new Diagnostic(name, null, null, null, $"cannot be read ({why}); {expected}"));
        }
    }

}
