using System.Globalization;
using System.IO.Compression;
using System.Text;
using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>ZIP archives (HubSpot's and Salesforce's exports), legacy .xls workbooks, and Salesforce's deleted records.</summary>
public sealed class ImportArchiveTests : IDisposable
{
    private const string Expected = "expected a ZIP archive of CSV, TSV, Parquet or XLSX files";
    private const string Tables = "reps, products, accounts, contacts, territories, territory_accounts, orders, opportunities, touchpoints, competitors";

    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string Zip(string name, params (string Name, string Text)[] entries)
    {
        var path = _ws.Files.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryName, text) in entries)
        {
            using var stream = archive.CreateEntry(entryName).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return path;
    }

    /// <summary>Each row as its values cast to text in DuckDB, joined by '|' (null for a missing one).</summary>
    private static List<string> Lines(TestWorkspace ws, string sql) =>
        ws.Rows($"SELECT COLUMNS(*)::VARCHAR FROM ({sql})").Select(r => string.Join("|", r.Select(v => v?.ToString() ?? "null"))).ToList();

    private (int Exit, string Out, string Err) Cli(params string[] args) =>
        Support.Cli.Run(["import", "--workspace", _ws.WorkspaceDirectory, .. args]);

    [Fact]
    public void Zip_LoadsItsEntriesAsAFolderWould_ParentsFirst_SubFoldersIncluded_MacJunkSkipped()
    {
        var zip = Zip("export.zip",
            ("Export/contacts.csv", "contact_id,account_id,title\nC1,A1,CFO\n"),
            ("__MACOSX/Export/._contacts.csv", "\0\u0005binary resource fork"),
            ("Export/._contacts.csv", "\0\u0005binary resource fork"),
            (".DS_Store", "\0\0\0\u0001Bud1"),
            ("accounts.csv", "account_id,name\nA1,Acme\nA2,Bolt\n"),
            ("Export/", ""));

        var result = _ws.ImportPaths([zip]);

        Assert.Equal(["export.zip/accounts.csv", "export.zip/Export/contacts.csv"], result.Files.Select(f => f.File));
        Assert.Equal(["accounts", "contacts"], result.Files.Select(f => f.Table));
        Assert.Empty(result.Notes);
        Assert.Equal([["C1", "A1", "CFO"]], _ws.Rows("SELECT contact_id, account_id, title FROM contacts"));
        Assert.Equal(2, _ws.Count("SELECT count(*) FROM accounts"));
        Assert.Equal(["export.zip/Export/contacts.csv", "export.zip/accounts.csv"],
            _ws.Workspace.Strings("SELECT file FROM import_files ORDER BY file"));
    }

    [Fact]
    public void Zip_InsideAFolder_IsReadWithTheFolder()
    {
        var folder = _ws.Files.File("drop");
        Zip("drop/hubspot.zip", ("contacts.csv", "contact_id,account_id\nC1,A1\n"));
        _ws.Files.Write("drop/accounts.csv", "account_id,name\nA1,Acme\n");

        var result = _ws.ImportPaths([folder]);

        Assert.Equal(["accounts.csv", "hubspot.zip/contacts.csv"], result.Files.Select(f => f.File));
        Assert.Equal(1, _ws.Count("SELECT count(*) FROM contacts"));
    }

    [Fact]
    public void Zip_TwoArchivesOfOneTable_LoadInTheirNamesOrder_AsFilesWould()
    {
        var later = Zip("b.zip", ("accounts.csv", "account_id,name\nA1,Acme\nA2,Newer\n"));
        var earlier = Zip("a.zip", ("accounts.csv", "account_id,name\nA1,Acme\n"));

        var result = _ws.ImportPaths([later, earlier]);

        Assert.Equal(["a.zip/accounts.csv", "b.zip/accounts.csv"], result.Files.Select(f => f.File));
        Assert.Equal(["A1|Acme", "A2|Newer"], _ws.Lines("SELECT account_id, name FROM accounts ORDER BY account_id"));

        // One key given otherwise by two archives of one command (two weekly exports) is refused, naming the earlier one;
        // imported one after the other, the later import's row wins as any upsert.
        var older = Zip("c.zip", ("accounts.csv", "account_id,name\nA2,Older\n"));
        var newer = Zip("d.zip", ("accounts.csv", "account_id,name\nA2,Newest\n"));
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([newer, older]));
        Assert.StartsWith("d.zip/accounts.csv:2: column 'account_id' value 'A2': c.zip/accounts.csv gives this account_id too, on line 2, with another name ('Older'; here 'Newest')",
            Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
        _ws.ImportPaths([older]);
        _ws.ImportPaths([newer]);
        Assert.Equal("Newest", _ws.Text("SELECT name FROM accounts WHERE account_id = 'A2'"));
    }

    [Fact]
    public void Zip_EntriesNamingNoTable_AreSkippedWithOneNote()
    {
        var zip = Zip("export.zip",
            ("Account.csv", "ID,NAME\n001000000000001AAA,Acme\n"),
            ("Lead.csv", "ID,LASTNAME\n00Q000000000001AAA,Lee\n"),
            ("Campaign.csv", "ID,NAME\n701000000000001AAA,Spring\n"),
            ("Attachments/00P000000000001AAA", "%PDF-1.4"));

        var result = _ws.ImportPaths([zip]);

        Assert.Equal([$"2 files name no table and were skipped: export.zip/Campaign.csv, export.zip/Lead.csv (tables: {Tables}; to load one, import it on its own with --table)"],
            result.Notes);
        Assert.Equal("Acme", _ws.Text("SELECT name FROM accounts"));
        Assert.Equal(result.Notes[0], _ws.Text($"SELECT notes FROM import_runs WHERE run_id = '{result.RunId}'")); // kept with the run

        var (exit, output, _) = Cli(Zip("again.zip", ("Account.csv", "ID,NAME\n001000000000001AAA,Acme\n"), ("Lead.csv", "ID\n1\n")));
        Assert.Equal(0, exit);
        Assert.Contains($"  note: 1 file names no table and was skipped: again.zip/Lead.csv (tables: {Tables}; to load one, import it on its own with --table)",
            output.ReplaceLineEndings("\n").Split('\n'));
    }

    [Fact]
    public void Folder_FilesNamingNoTable_AreSkippedWithTheSameNote_ButANamedOneIsRefused()
    {
        var folder = _ws.Files.File("drop");
        _ws.Files.Write("drop/accounts.csv", "account_id,name\nA1,Acme\n");
        var lead = _ws.Files.Write("drop/Lead.csv", "ID,LASTNAME\n00Q1,Lee\n");

        var result = _ws.ImportPaths([folder]);

        Assert.Equal([$"1 file names no table and was skipped: Lead.csv (tables: {Tables}; to load one, import it on its own with --table)"], result.Notes);
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([lead]));
        Assert.StartsWith("Lead.csv: cannot tell which table this file is for", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_ThatFails_StillSaysWhichFilesItSkipped_AndOrganisationsArePipedrivesAndInsightlysAccounts()
    {
        // A deals file naming companies that a skipped file holds: the refusal says the file was not read.
        _ws.Files.Write("crm/deals-11869634-32.csv", "Deal - ID,Deal - Title,Deal - Organization,Deal - Value,Deal - Stage,Deal - Status,Deal - Deal created\n"
            + "1000,Big deal,Lucerne Publishing,1000,Proposal,open,2026-05-11 10:26:00\n");
        _ws.Files.Write("crm/firms-2026.csv", "Organization - ID,Organization - Name,Organization - Address\n1,Lucerne Publishing,1 Main St\n");

        var (exit, _, error) = Cli(_ws.Files.File("crm"));

        Assert.Equal(2, exit);
        Assert.Contains("deals-11869634-32.csv:2: column 'account_id' value 'Lucerne Publishing'", error, StringComparison.Ordinal);
        Assert.Contains($"note: 1 file names no table and was skipped: firms-2026.csv (tables: {Tables}; to load one, import it on its own with --table)",
            error.ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));

        // Pipedrive's own name for the file, and Insightly's organisations with their own headers, are accounts.
        File.Move(_ws.Files.File("crm/firms-2026.csv"), _ws.Files.File("crm/organizations-11869634-31.csv"));
        var result = _ws.ImportPaths([_ws.Files.File("crm")]);
        Assert.Equal(["accounts", "opportunities"], result.Files.Select(f => f.Table));
        Assert.Equal("1|Lucerne Publishing", Assert.Single(_ws.Lines("SELECT o.account_id, a.name FROM opportunities o JOIN accounts a USING (account_id)")));
        _ws.ImportPaths([_ws.Files.Write("insightly/organisations.csv", "Organization ID,Organization Name,Billing Address City,Billing Address Country\n7001,Contoso,Leeds,United Kingdom\n")]);
        Assert.Equal("7001|Contoso|Leeds|United Kingdom", Assert.Single(_ws.Lines("SELECT account_id, name, city, country FROM accounts WHERE account_id = '7001'")));
    }

    [Fact]
    public void Zip_BadRow_ExitsTwo_NamingTheEntry_AndLoadsNothing()
    {
        var zip = Zip("export.zip",
            ("Account.csv", "ID,NAME,NUMBEROFEMPLOYEES\n001000000000001AAA,Acme,12\n001000000000002AAA,Bolt,many\n"),
            ("Contact.csv", "ID,ACCOUNTID,TITLE\n003000000000001AAA,001000000000001AAA,CFO\n"));

        var (exit, output, error) = Cli(zip);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("export.zip/Account.csv:3: column 'employees' value 'many': not a whole number", error.Trim());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM contacts"));
    }

    [Fact]
    public void Zip_NotesNameTheEntry()
    {
        var zip = Zip("export.zip", ("Export/accounts.csv", "sep=;\naccount_id;name\nA1;Acme\n"));
        var result = _ws.ImportPaths([zip]);
        Assert.Contains("export.zip/Export/accounts.csv: the first line 'sep=;' names the delimiter; read with it", result.Files[0].Notes);
    }

    [Theory]
    [InlineData("../accounts.csv")]
    [InlineData("Export/../../accounts.csv")]
    [InlineData("/tmp/accounts.csv")]
    [InlineData("C:/accounts.csv")]
    public void Zip_EntryLeadingOutOfTheFolder_IsRefused_AndNothingLoaded(string entry)
    {
        var zip = Zip("export.zip", ("contacts.csv", "contact_id,account_id\nC1,A1\n"), (entry, "account_id,name\nA1,Acme\n"));

        var (exit, _, error) = Cli(zip);

        Assert.Equal(2, exit);
        Assert.Equal($"export.zip/{entry}: the entry's name leads out of the archive's folder ('..' or an absolute path), so it is not extracted; "
            + "expected names of files inside the archive", error.Trim());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    /// <summary>Writes a gzip-compressed file.</summary>
    private string Gzip(string name, string text)
    {
        var path = _ws.Files.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var output = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        output.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    [Fact]
    public void Gzip_FilesNamedOrInAFolder_AreReadAsTheFileInside_UnderTheirOwnNames()
    {
        var accounts = Gzip("export/accounts.csv.gz", "account_id,name\nA1,Acme\nA2,Bolt\n");
        Gzip("export/contacts.csv.gz", "contact_id,account_id,email\nC1,A1,jo@acme.com\n");
        _ws.Files.Write("export/notes.txt.gz.bak", "not a table");

        var (exit, output, _) = Cli(_ws.Files.File("export"));

        Assert.Equal(0, exit);
        Assert.Equal(["A1|Acme", "A2|Bolt"], Lines(_ws, "SELECT account_id, name FROM accounts ORDER BY 1"));
        Assert.Equal(["C1|A1"], Lines(_ws, "SELECT contact_id, account_id FROM contacts"));
        Assert.Equal(["accounts.csv.gz", "contacts.csv.gz"], Lines(_ws, "SELECT file FROM import_files ORDER BY 1"));
        Assert.Contains("accounts.csv.gz", output, StringComparison.Ordinal);

        // A bad row is reported at its line of the file inside, under the .gz file's name.
        Gzip("bad/accounts.csv.gz", "account_id,name,employees\nA3,Cato,12\nA4,Dyn,many\n");
        var (badExit, _, error) = Cli(_ws.Files.File("bad/accounts.csv.gz"));
        Assert.Equal(2, badExit);
        Assert.StartsWith("accounts.csv.gz:3: column 'employees' value 'many'", error.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, _ws.Count("SELECT count(*) FROM accounts"));
        Assert.True(File.Exists(accounts));
    }

    [Fact]
    public void Gzip_NotGzipInside_OrExpandingFarBeyondItsSize_IsRefusedNamingTheFile()
    {
        _ws.Files.Write("accounts.csv.gz", "account_id,name\nA1,Acme\n");
        var (exit, _, error) = Cli(_ws.Files.File("accounts.csv.gz"));
        Assert.Equal(2, exit);
        Assert.StartsWith("accounts.csv.gz: cannot be read as a gzip file (", error.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("expected a gzip-compressed CSV, TSV, Parquet or XLSX file, as its name ends in .gz", error.Trim(), StringComparison.Ordinal);

        var bomb = Gzip("big/accounts.csv.gz", "account_id,name\n" + string.Concat(Enumerable.Repeat("A1,Acme\n", 40_000)));
        var size = new FileInfo(bomb).Length;
        var importer = new Importer(_ws.Workspace, FixedClock.Default) { ArchiveExpansionFloor = 1000 };
        var refused = Assert.Throws<BadInputException>(() => importer.Import([bomb], new ImportOptions()));
        Assert.Equal($"accounts.csv.gz: the file would expand to more than {size * 100:N0} bytes (the larger of 100 times its {size:N0} bytes and 1,000 bytes), "
            + "so it is refused as a possible gzip bomb; expected an export that expands less: if it is genuine, decompress it yourself and import the file",
            Assert.Single(refused.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Zip_ExpandingFarBeyondItsSize_IsRefusedAsAZipBomb_NamingTheEntry()
    {
        var rows = new StringBuilder("account_id,name\n");
        for (var i = 0; i < 40_000; i++)
        {
            rows.Append("A1,Acme\n");
        }

        var zip = Zip("export.zip", ("accounts.csv", "account_id,name\nA0,Small\n"), ("contacts.csv", rows.ToString()));
        var size = new FileInfo(zip).Length;
        var importer = new Importer(_ws.Workspace, FixedClock.Default) { ArchiveExpansionFloor = 1000 };

        var error = Assert.Throws<BadInputException>(() => importer.Import([zip], new ImportOptions()));

        Assert.Equal($"export.zip/contacts.csv: the archive would expand to more than {size * 100:N0} bytes by this entry (the larger of 100 times its {size:N0} bytes "
            + "and 1,000 bytes), so it is refused as a possible zip bomb; expected an export that expands less: if it is genuine, extract it yourself and import the folder",
            Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Zip_ThroughASymbolicLink_IsMeasuredByItsTarget_NotRefusedByTheLinksOwnSize()
    {
        // Names that compress poorly, so the archive expands well within 100 times its size but beyond 100 times a link's.
        var random = new Random(7);
        var rows = new StringBuilder("account_id,name\n");
        for (var i = 0; i < 400; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"A{i},{string.Concat(Enumerable.Range(0, 24).Select(_ => (char)random.Next('a', 'z' + 1)))}\n");
        }

        var zip = Zip("exports/accounts-export.zip", ("accounts.csv", rows.ToString()));
        var link = _ws.Files.File("latest.zip");
        File.CreateSymbolicLink(link, zip);
        Assert.True(new FileInfo(link).Length * 100 < Encoding.UTF8.GetByteCount(rows.ToString()), "the link's own size would refuse the archive");
        var importer = new Importer(_ws.Workspace, FixedClock.Default) { ArchiveExpansionFloor = 1000 };

        var result = importer.Import([link], new ImportOptions());

        Assert.Equal(400, result.RowsLoaded);
        Assert.Equal(["A399|" + rows.ToString().Split('\n')[400].Split(',')[1]], Lines(_ws, "SELECT account_id, name FROM accounts WHERE account_id = 'A399'"));
    }

    [Fact]
    public void Zip_Damaged_IsBadInput_NamingTheFile()
    {
        var zip = _ws.Files.File("export.zip");
        var bytes = new byte[2000];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(zip, [.. "PK\u0003\u0004"u8.ToArray(), .. bytes]);

        var (exit, _, error) = Cli(zip);

        Assert.Equal(2, exit);
        Assert.Equal($"export.zip: cannot be read as a ZIP archive (End of Central Directory record could not be found.); {Expected}", error.Trim());
    }

    [Fact]
    public void Zip_Encrypted_IsBadInput_NamingTheEntry()
    {
        var zip = _ws.Files.File("export.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var stream = archive.CreateEntry("accounts.csv", CompressionLevel.NoCompression).Open();
            stream.Write("account_id,name\nA1,Acme\n"u8);
        }

        // Sets bit 0 of the general purpose flags (encrypted) in the local and the central header, as a password-protected archive has it.
        var bytes = File.ReadAllBytes(zip);
        bytes[6] |= 1;
        var central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        bytes[central + 8] |= 1;
        File.WriteAllBytes(zip, bytes);

        var (exit, _, error) = Cli(zip);

        Assert.Equal(2, exit);
        Assert.Equal($"export.zip/accounts.csv: the entry is encrypted (a password-protected archive), so it cannot be read; {Expected} without a password", error.Trim());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Zip_WithoutAnImportableEntry_IsBadInput()
    {
        var (exit, _, error) = Cli(Zip("export.zip", ("readme.pdf", "%PDF-1.4"), ("__MACOSX/._accounts.csv", "x")));
        Assert.Equal(2, exit);
        Assert.Equal($"export.zip: the archive holds no importable file (.csv, .tsv, .tab, .txt, .parquet, .xlsx); {Expected}", error.Trim());

        var onlyLeads = Zip("leads.zip", ("Lead.csv", "ID\n1\n"));
        (exit, _, error) = Cli(onlyLeads);
        Assert.Equal(2, exit);
        Assert.Equal($"{onlyLeads}: no file names a table: 1 file names no table and was skipped: leads.zip/Lead.csv (tables: {Tables}; "
            + "to load one, import it on its own with --table)", error.Trim());
    }

    [Fact]
    public void Zip_TemporaryFiles_AreRemoved_AfterSuccessAndFailure()
    {
        var entry = $"accounts_{Guid.NewGuid():N}.csv";
        _ws.ImportPaths([Zip("good.zip", (entry, "account_id,name\nA1,Acme\n"))]);
        Assert.Throws<BadInputException>(() => _ws.ImportPaths([Zip("bad.zip", (entry, "account_id,name,employees\nA2,Bolt,many\n"))]));

        Assert.Empty(Directory.EnumerateDirectories(Path.GetTempPath(), "sightline-import*")
            .SelectMany(d => Directory.EnumerateFiles(d, entry, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })));
    }

    [Fact]
    public void Xls_LegacyWorkbook_IsRefused_AskingForXlsxOrCsv()
    {
        // An Excel 97-2003 file starts with the OLE2 compound document signature.
        var xls = _ws.Files.File("accounts.xls");
        File.WriteAllBytes(xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1000]]);

        var (exit, output, error) = Cli(xls);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("accounts.xls: an Excel 97-2003 workbook (.xls), which cannot be read; expected CSV, TSV, Parquet or .xlsx: open it in Excel and save it as .xlsx or CSV",
            error.Trim());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));

        var (zipExit, _, zipError) = Cli(Zip("export.zip", ("accounts.csv", "account_id,name\nA1,Acme\n"), ("Contacts.xls", "\u00d0\u00cf")));
        Assert.Equal(2, zipExit);
        Assert.StartsWith("export.zip/Contacts.xls: an Excel 97-2003 workbook (.xls)", zipError.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Theory]
    [InlineData("accounts.json", "[{\"account_id\":\"A1\",\"name\":\"Acme\"}]\n", "a JSON file")]
    [InlineData("accounts.jsonl", "{\"account_id\":\"A1\",\"name\":\"Acme\"}\n", "a JSON Lines file")]
    [InlineData("accounts.xml", "<accounts><account id=\"A1\"/></accounts>\n", "an XML file")]
    [InlineData("accounts.ods", "PK\u0003\u0004", "an OpenDocument spreadsheet (.ods)")]
    public void NamedFile_InAFormatNoReaderTakes_IsRefusedSayingWhatItIs_NotReadAsCsvText(string name, string text, string kind)
    {
        // Read as CSV text, a JSON export was told "missing required columns 'account_id', 'name' (... headers seen: [{"account_id":"A1", ...)".
        var (exit, output, error) = Cli(_ws.Files.Write(name, text));

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal($"{name}: {kind}, which cannot be read; expected CSV, TSV, Parquet or .xlsx: export or save the data as CSV or .xlsx", error.Trim());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void IsDeleted_RecordsInTheRecycleBin_AreSkippedWithANote_NotLoaded()
    {
        var result = _ws.Import(null, ("Account.csv",
            "\"ID\",\"ISDELETED\",\"NAME\"\n\"001A\",\"false\",\"Acme\"\n\"001B\",\"true\",\"Gone\"\n\"001C\",\"0\",\"Bolt\"\n\"001D\",\"1\",\"Gone too\"\n"));

        Assert.Equal(["001A", "001C"], _ws.Workspace.Strings("SELECT account_id FROM accounts ORDER BY 1"));
        Assert.Contains("Account.csv: 2 records marked deleted ('ISDELETED' true: in the CRM's recycle bin) skipped, not loaded", result.Files[0].Notes);
        Assert.Equal((2, 2), (result.Files[0].RowsRead, result.Files[0].RowsLoaded));
        Assert.DoesNotContain("isdeleted", result.Files[0].CustomAttributes);

        var none = _ws.Import(null, ("Account.csv", "ID,ISDELETED,NAME\n001E,false,Core\n"));
        Assert.DoesNotContain(none.Files[0].Notes, n => n.Contains("deleted", StringComparison.Ordinal));

        // A bad row after a deleted one keeps its own line number.
        var error = _ws.ImportFails(null, ("Account.csv", "ID,ISDELETED,NAME,NUMBEROFEMPLOYEES\n001F,true,Gone,many\n001G,false,Dust,many\n"));
        Assert.Equal("Account.csv:3: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(3, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void SalesforceActivities_ChannelFromTheSubtype_WhereTypeIsBlankOrMissing()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

        var result = _ws.Import(null, ("Task.csv", "ID,ACCOUNTID,ACTIVITYDATE,TASKSUBTYPE\nT1,A1,2025-03-14,ListEmail\nT2,A1,2025-03-15,LinkedIn\n"),
            ("Event.csv", "ID,ACCOUNTID,ACTIVITYDATE,TYPE,EVENTSUBTYPE\nE1,A1,2025-03-16,,Event\nE2,A1,2025-03-17,Call,Event\nE3,A1,2025-03-18,Other,Event\n"));

        // "Other", a standard value of Salesforce's Type picklist, says no more than a blank Type.
        Assert.Equal(["E1|meeting", "E2|call", "E3|meeting", "T1|email", "T2|social"], Lines(_ws, "SELECT event_id, channel FROM touchpoints ORDER BY event_id"));
        Assert.Contains("Task.csv: no channel column, so each one's channel is its 'TASKSUBTYPE' (ListEmail as email, Event as meeting)", result.Files.Single(f => f.File == "Task.csv").Notes);
        Assert.Contains("Event.csv: channel is read from 'TYPE', or where it is blank or Other from 'EVENTSUBTYPE' (ListEmail as email, Event as meeting)", result.Files.Single(f => f.File == "Event.csv").Notes);

        // A plain to-do names no channel: skipped with a note (SalesforceTasksAndEvents_…), not loaded.
        var todo = _ws.Import(null, ("Task.csv", "ID,ACCOUNTID,ACTIVITYDATE,TYPE,TASKSUBTYPE\nT3,A1,2025-03-18,,Task\n"));
        Assert.Equal((0, 0), (todo.Files[0].RowsRead, todo.Files[0].RowsLoaded));
        Assert.Equal(5, _ws.Count("SELECT count(*) FROM touchpoints"));
    }

    private const string Acme = "0015g00000XyZaAAAR", Bolt = "0015g00000XyZaBAAR", Cfo = "0035g00000QrStAAAI", Lead = "00Q5g00000LeAdAAAR";

    /// <summary>Rows as Salesforce's Data Export writes them: every value quoted, CRLF line ends.</summary>
    private static string Csv(params string[][] rows) => string.Concat(rows.Select(r => string.Join(",", r.Select(v => $"\"{v}\"")) + "\r\n"));

    private static readonly string[] TaskHeader = ["ID", "WHOID", "WHATID", "SUBJECT", "ACTIVITYDATE", "STATUS", "PRIORITY", "TYPE", "ISDELETED", "ACCOUNTID",
        "ISCLOSED", "CALLTYPE", "TASKSUBTYPE", "COMPLETEDDATETIME"];

    private static string[] Task(string id, string who, string what, string subject, string date, string status, string type, string deleted, string account,
        string subtype, string completed) =>
        [id, who, what, subject, date, status, "Normal", type, deleted, account, status == "Completed" ? "true" : "false", type == "Call" ? "Outbound" : "", subtype, completed];

    private static readonly (string Name, string Text) Accounts = ("Account.csv", Csv(["ID", "ISDELETED", "NAME"], [Acme, "false", "Acme"], [Bolt, "false", "Bolt"]));

    private static readonly (string Name, string Text) Contacts = ("Contact.csv", Csv(["ID", "ISDELETED", "ACCOUNTID", "LASTNAME"], [Cfo, "false", Acme, "Berg"]));

    [Fact]
    public void SalesforceTasksAndEvents_OpenTasksToDosLeadsAndPlannedEvents_AreSkippedWithANotePerKind_TheTouchesLoad()
    {
        // The test clock's today is 2026-11-23. The first event's description spans three lines, so later events start two lines on.
        var tasks = Csv(TaskHeader,
            Task("00T000000000001AAA", Cfo, "", "Call: pricing", "2026-11-02", "Completed", "Call", "false", Acme, "Call", "2026-11-02T10:05:00.000Z"),
            Task("00T000000000002AAA", Cfo, "", "Send contract", "2026-12-10", "Not Started", "", "false", Acme, "Task", ""),
            Task("00T000000000003AAA", "", "", "Email: proposal", "2026-11-03", "Completed", "", "false", Bolt, "Email", "2026-11-03T14:00:00.000Z"),
            Task("00T000000000004AAA", "", "", "Update CRM", "2026-11-04", "Completed", "", "false", Acme, "Task", "2026-11-04T09:00:00.000Z"),
            Task("00T000000000005AAA", Lead, "", "Call: intro", "2026-11-05", "Completed", "Call", "false", "", "Call", "2026-11-05T11:00:00.000Z"),
            Task("00T000000000006AAA", "", "", "Follow up", "2026-11-20", "In Progress", "Call", "false", Bolt, "Call", ""),
            Task("00T000000000007AAA", Cfo, "", "Old call", "2026-10-01", "Completed", "Call", "true", Acme, "Call", "2026-10-01T10:00:00.000Z"),
            Task("00T000000000008AAA", "", "", "Check renewal date", "2026-11-06", "Completed", "", "false", Bolt, "Task", "2026-11-06T08:00:00.000Z"),
            Task("00T000000000009AAA", Lead, "7015g00000CaMpAAAR", "Webinar follow-up", "2026-11-07", "Completed", "", "false", "", "Email", "2026-11-07T16:00:00.000Z"),
            Task("00T00000000000AAAA", "", "", "InMail", "2026-11-08", "Completed", "", "false", Bolt, "LinkedIn", "2026-11-08T12:00:00.000Z"));
        var events = Csv(["ID", "WHOID", "WHATID", "SUBJECT", "ISALLDAYEVENT", "ACTIVITYDATETIME", "ACTIVITYDATE", "DURATIONINMINUTES", "ACCOUNTID", "TYPE", "ISDELETED", "EVENTSUBTYPE", "DESCRIPTION"],
            ["00U000000000001AAA", Cfo, "", "Onsite demo", "false", "2026-11-10T13:00:00.000Z", "2026-11-10", "60", Acme, "Meeting", "false", "Event", "Agenda:\r\n- demo\r\n- pricing"],
            ["00U000000000002AAA", Cfo, "", "QBR", "false", "2026-11-30T09:00:00.000Z", "2026-11-30", "60", Acme, "Meeting", "false", "Event", ""],
            ["00U000000000003AAA", Lead, "", "Intro call", "false", "2026-11-12T10:00:00.000Z", "2026-11-12", "30", "", "", "false", "Event", ""],
            ["00U000000000004AAA", "", "", "Kick-off", "false", "2027-01-15T10:00:00.000Z", "2027-01-15", "90", Bolt, "", "false", "Event", ""],
            ["00U000000000005AAA", "", "", "Workshop", "false", "2026-11-20T15:00:00.000Z", "2026-11-20", "120", Bolt, "", "false", "Event", ""]);

        var result = _ws.Import(null, Accounts, Contacts, ("Task.csv", tasks), ("Event.csv", events));

        Assert.Equal([
                $"00T000000000001AAA|{Acme}|2026-11-02 10:05:00|call|out|{Cfo}",
                $"00T000000000003AAA|{Bolt}|2026-11-03 14:00:00|email|null|null",
                $"00T00000000000AAAA|{Bolt}|2026-11-08 12:00:00|social|null|null",
                $"00U000000000001AAA|{Acme}|2026-11-10 13:00:00|meeting|null|{Cfo}",
                $"00U000000000005AAA|{Bolt}|2026-11-20 15:00:00|meeting|null|null"],
            Lines(_ws, "SELECT event_id, account_id, occurred_at, channel, direction, contact_id FROM touchpoints ORDER BY event_id"));
        var task = result.Files.Single(f => f.File == "Task.csv");
        Assert.Equal((3, 3, 0), (task.RowsRead, task.RowsLoaded, task.RowsRejected));
        Assert.Equal([
                "Task.csv: 1 record marked deleted ('ISDELETED' true: in the CRM's recycle bin) skipped, not loaded",
                "Task.csv: 2 open tasks (ISCLOSED false: lines 3, 7) are not touches yet: skipped",
                "Task.csv: 2 to-dos (TASKSUBTYPE Task without a TYPE: lines 5, 9) name no channel: skipped; to load them as touches, "
                    + "map the word in sightline.yaml: value_maps.touchpoints.channel (Task: call)",
                "Task.csv: 2 activities about leads (WHOID 00Q..., no account: lines 6, 10): skipped; Sightline tracks accounts"],
            task.Notes.Where(n => n.Contains("skipped", StringComparison.Ordinal)));
        var evt = result.Files.Single(f => f.File == "Event.csv");
        Assert.Equal((2, 2, 0), (evt.RowsRead, evt.RowsLoaded, evt.RowsRejected));
        Assert.Equal([
                "Event.csv: 2 planned events (ACTIVITYDATETIME after today, 2026-11-23: lines 5, 7) have not happened yet: skipped",
                "Event.csv: 1 activity about a lead (WHOID 00Q..., no account: line 6): skipped; Sightline tracks accounts"],
            evt.Notes.Where(n => n.Contains("skipped", StringComparison.Ordinal)));
    }

    [Fact]
    public void SalesforceTasks_RealProblemsAfterSkippedRows_AreRefusedAtTheirOwnLines()
    {
        _ws.Import(null, Accounts);
        var tasks = Csv(TaskHeader,
            Task("00T000000000001AAA", "", "", "Send contract", "2026-12-10", "Not Started", "", "false", Acme, "Task", ""),
            Task("00T000000000002AAA", "", "", "Update CRM", "2026-11-04", "Completed", "", "false", Acme, "Task", "2026-11-04T09:00:00.000Z"),
            Task("00T000000000003AAA", Lead, "", "Call: intro", "2026-11-05", "Completed", "Call", "false", "", "Call", "2026-11-05T11:00:00.000Z"),
            Task("00T000000000004AAA", "", "", "Sent the offer", "2026-11-05", "Completed", "Fax", "false", Acme, "Task", "2026-11-05T11:00:00.000Z"),
            Task("00T000000000005AAA", "", "", "Call", "2026-11-06", "Completed", "Call", "false", "0015g00000NoNeAAAR", "Call", "2026-11-06T11:00:00.000Z"),
            Task("00T000000000006AAA", "0035g00000QrStBAAI", "", "Call", "2026-11-06", "Completed", "Call", "false", "", "Call", "2026-11-06T11:00:00.000Z"));

        var error = _ws.ImportFails(null, ("Task.csv", tasks));

        Assert.Equal(3, error.Diagnostics.Count);
        Assert.StartsWith("Task.csv:5: column 'channel' value 'Fax': expected one of call, email, web, meeting, event, support, chat, social",
            error.Diagnostics[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("Task.csv:6: column 'account_id' value '0015g00000NoNeAAAR': no such account (not found in accounts.account_id)", error.Diagnostics[1].ToString());
        Assert.Equal("Task.csv:7: column 'account_id': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", error.Diagnostics[2].ToString()); // a contact's task, not a lead's
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM touchpoints"));
    }

    [Fact]
    public void SalesforceDataExport_BadTaskAmongSkippedOnes_ExitsTwo_AndLoadsNothing()
    {
        var zip = Zip("export.zip", Accounts, ("Task.csv", Csv(TaskHeader,
            Task("00T000000000001AAA", "", "", "Send contract", "2025-12-10", "Not Started", "", "false", Acme, "Task", ""),
            Task("00T000000000002AAA", "", "", "Sent the offer", "2025-11-05", "Completed", "Fax", "false", Acme, "Task", "2025-11-05T11:00:00.000Z"))));

        var (exit, output, error) = Cli(zip);

        Assert.Equal((2, ""), (exit, output));
        Assert.StartsWith("export.zip/Task.csv:3: column 'channel' value 'Fax': expected one of call, email", Support.Cli.WithoutNotes(error), StringComparison.Ordinal);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void SalesforceToDos_ValueMapsReadTaskAsAChannel_Load()
    {
        using var ws = new TestWorkspace("value_maps:\n  touchpoints:\n    channel:\n      Task: call\n");
        var result = ws.Import(null, Accounts, ("Task.csv", Csv(TaskHeader,
            Task("00T000000000001AAA", "", "", "Update CRM", "2026-11-04", "Completed", "", "false", Acme, "Task", "2026-11-04T09:00:00.000Z"),
            Task("00T000000000002AAA", "", "", "Send contract", "2026-12-10", "Not Started", "", "false", Acme, "Task", ""))));

        Assert.Equal([$"00T000000000001AAA|{Acme}|call"], Lines(ws, "SELECT event_id, account_id, channel FROM touchpoints"));
        Assert.DoesNotContain(result.Files[1].Notes, n => n.Contains("to-do", StringComparison.Ordinal));
        Assert.Contains("Task.csv: 1 open task (ISCLOSED false: line 3) is not a touch yet: skipped", result.Files[1].Notes);
    }

    [Fact]
    public void SalesforceTasks_WithoutIsClosed_OpenByTheirStatus()
    {
        _ws.Import(null, Accounts);
        var result = _ws.Import(null, ("Task.csv", Csv(["ID", "ACCOUNTID", "ACTIVITYDATE", "STATUS", "TYPE", "TASKSUBTYPE"],
            ["00T000000000001AAA", Acme, "2026-11-04", "Completed", "Call", "Call"],
            ["00T000000000002AAA", Acme, "2026-12-04", "Not Started", "Call", "Call"],
            ["00T000000000003AAA", Bolt, "2026-11-05", "Deferred", "Email", "Email"],
            ["00T000000000004AAA", Bolt, "2026-11-25", "Not Started", "Call", "Call"])));

        Assert.Equal(["00T000000000001AAA"], _ws.Workspace.Strings("SELECT event_id FROM touchpoints"));
        Assert.Contains("Task.csv: 3 open tasks (STATUS 'Not Started', 'Deferred': lines 3, 4, 5) are not touches yet: skipped", result.Files[0].Notes);
    }

    private const string TimeFallbackNote = "Task.csv: headers 'COMPLETEDDATETIME' and 'ACTIVITYDATE' both name column 'occurred_at'; 'COMPLETEDDATETIME' is read as it "
        + "(the closer name) and, on a row where it is blank, 'ACTIVITYDATE'; 'ACTIVITYDATE' is also kept as a custom attribute";

    [Fact]
    public void SalesforceTasks_ClosedWithoutCompletedDateTime_TakeTheirActivityDate_WithANote()
    {
        _ws.Import(null, Accounts);
        var result = _ws.Import(null, ("Task.csv", Csv(TaskHeader,
            Task("00T000000000001AAA", "", "", "Call: pricing", "2026-11-02", "Completed", "Call", "false", Acme, "Call", "2026-11-02T10:05:00.000Z"),
            Task("00T000000000002AAA", "", "", "Old call", "2019-05-14", "Completed", "Call", "false", Acme, "Call", ""),
            Task("00T000000000003AAA", "", "", "Send contract", "2026-12-10", "Not Started", "", "false", Acme, "Task", ""),
            Task("00T000000000004AAA", "", "", "Old email", "2019-06-01", "Completed", "Email", "false", Bolt, "Email", ""),
            Task("00T000000000005AAA", "", "", "Synced call", "2026-11-05", "Completed", "Call", "false", Bolt, "Call", "N/A"))));

        Assert.Equal([
                "00T000000000001AAA|2026-11-02 10:05:00|2026-11-02",
                "00T000000000002AAA|2019-05-14 00:00:00|2019-05-14",
                "00T000000000004AAA|2019-06-01 00:00:00|2019-06-01",
                "00T000000000005AAA|2026-11-05 00:00:00|2026-11-05"],
            Lines(_ws, "SELECT event_id, occurred_at, activitydate FROM touchpoints ORDER BY event_id"));
        var task = result.Files[0];
        Assert.Equal((4, 4, 0), (task.RowsRead, task.RowsLoaded, task.RowsRejected));
        Assert.Contains(TimeFallbackNote, task.Notes);
        Assert.Contains("occurred_at: 3 rows had no COMPLETEDDATETIME and took ACTIVITYDATE", task.Notes);
        Assert.DoesNotContain(task.Notes, n => n.Contains("'ACTIVITYDATE' is kept as a custom attribute; to read the other", StringComparison.Ordinal));
        Assert.Equal(["DATE"], _ws.Workspace.Strings("SELECT data_type FROM duckdb_columns() WHERE table_name = 'touchpoints' AND column_name = 'activitydate'"));
    }

    [Fact]
    public void SalesforceTasks_BothTimesBlank_RefusedNamingTheFirst_ExitsTwo()
    {
        _ws.Import(null, Accounts);
        var text = Csv(TaskHeader,
            Task("00T000000000001AAA", "", "", "Old call", "2019-05-14", "Completed", "Call", "false", Acme, "Call", ""),
            Task("00T000000000002AAA", "", "", "Lost call", "", "Completed", "Call", "false", Acme, "Call", ""));

        var error = _ws.ImportFails(null, ("Task.csv", text));
        Assert.Equal(["Task.csv:3: column 'occurred_at': required value is missing ('COMPLETEDDATETIME' and 'ACTIVITYDATE' are blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"],
            error.Diagnostics.Select(d => d.ToString()));

        var (exit, output, err) = Cli(_ws.Files.Write("Task.csv", text));
        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("Task.csv:3: column 'occurred_at': required value is missing ('COMPLETEDDATETIME' and 'ACTIVITYDATE' are blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", Support.Cli.WithoutNotes(err).Split('\n')[0]);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM touchpoints"));
    }

    [Fact]
    public void SalesforceTasks_BadCompletedDateTime_IsRefused_NotPassedOverForTheActivityDate()
    {
        _ws.Import(null, Accounts);
        var error = _ws.ImportFails(null, ("Task.csv", Csv(TaskHeader,
            Task("00T000000000001AAA", "", "", "Call", "2026-11-02", "Completed", "Call", "false", Acme, "Call", "yesterday"),
            Task("00T000000000002AAA", "", "", "Call", "someday", "Completed", "Call", "false", Acme, "Call", ""),
            Task("00T000000000003AAA", "", "", "Call", "2026-11-03", "Completed", "Call", "false", Acme, "Call", "2026-11-03T10:00:00.000Z"))));

        Assert.Equal([
                "Task.csv:2: column 'occurred_at' value 'yesterday': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC) (from 'COMPLETEDDATETIME')",
                "Task.csv:3: column 'occurred_at' value 'someday': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC) (from 'ACTIVITYDATE')"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM touchpoints"));
    }

    [Fact]
    public void SalesforceEvents_BadValueInAFallbackTimeColumn_IsRefusedNamingItsHeader()
    {
        _ws.Import(null, Accounts);
        var error = _ws.ImportFails(null, ("Event.csv", Csv(["ID", "ACCOUNTID", "ACTIVITYDATETIME", "STARTDATETIME", "ACTIVITYDATE", "TYPE"],
            ["00U000000000001AAA", Acme, "", "soon", "2026-11-13", "Meeting"],
            ["00U000000000002AAA", Acme, "", "", "2026-11-31", "Meeting"])));

        Assert.Equal([
                "Event.csv:2: column 'occurred_at' value 'soon': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC) (from 'STARTDATETIME')",
                "Event.csv:3: column 'occurred_at' value '2026-11-31': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC) (from 'ACTIVITYDATE')"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void SalesforceEvents_AllDayEvent_TakesItsActivityDate_ThenStartDateTime_InRankOrder()
    {
        _ws.Import(null, Accounts);
        var result = _ws.Import(null, ("Event.csv", Csv(["ID", "ACCOUNTID", "ISALLDAYEVENT", "ACTIVITYDATETIME", "STARTDATETIME", "ACTIVITYDATE", "TYPE", "EVENTSUBTYPE"],
            ["00U000000000001AAA", Acme, "false", "2026-11-10T13:00:00.000Z", "2026-11-10T13:00:00.000Z", "2026-11-10", "Meeting", "Event"],
            ["00U000000000002AAA", Acme, "true", "", "", "2026-11-12", "Meeting", "Event"],
            ["00U000000000003AAA", Bolt, "false", "", "2026-11-13T09:30:00.000Z", "2026-11-13", "Meeting", "Event"],
            ["00U000000000004AAA", Bolt, "true", "", "", "2026-12-01", "Meeting", "Event"])));

        Assert.Equal([
                "00U000000000001AAA|2026-11-10 13:00:00",
                "00U000000000002AAA|2026-11-12 00:00:00",
                "00U000000000003AAA|2026-11-13 09:30:00"],
            Lines(_ws, "SELECT event_id, occurred_at FROM touchpoints ORDER BY event_id"));
        var notes = result.Files[0].Notes;
        Assert.Contains("Event.csv: headers 'ACTIVITYDATETIME', 'STARTDATETIME' and 'ACTIVITYDATE' all name column 'occurred_at'; 'ACTIVITYDATETIME' is read as it "
            + "(the closer name) and, on a row where it is blank, the next of them with a value, in that order; 'STARTDATETIME' and 'ACTIVITYDATE' are also kept as custom attributes", notes);
        // The planned all-day event is dated by its ACTIVITYDATE, so it is skipped as planned.
        Assert.Contains("Event.csv: 1 planned event (ACTIVITYDATETIME after today, 2026-11-23: line 5) has not happened yet: skipped", notes);
        Assert.Equal(["occurred_at: 1 row had no ACTIVITYDATETIME and took STARTDATETIME", "occurred_at: 1 row had no ACTIVITYDATETIME or STARTDATETIME and took ACTIVITYDATE"],
            notes.Where(n => n.StartsWith("occurred_at:", StringComparison.Ordinal)));
    }

    [Fact]
    public void TouchpointsWithOneTimeColumn_BlankTime_RefusedAsBefore_WithoutFallbackNotes()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        var result = _ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE1,A1,2026-11-02,call\n"));
        Assert.DoesNotContain(result.Files[0].Notes, n => n.Contains("occurred_at", StringComparison.Ordinal));

        var error = _ws.ImportFails(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE2,A1,,call\n"));
        Assert.Equal(["touchpoints.csv:2: column 'occurred_at': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void TouchpointsWithoutSalesforceColumns_AreReadAsBefore()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

        // A status and a lead-like contact id mean nothing without Salesforce's task columns: the rows load.
        var result = _ws.Import(null, ("touchpoints.csv",
            "event_id,account_id,occurred_at,channel,status,contact_id\nE1,A1,2026-11-02,call,Not Started,\nE2,A1,2026-11-03,email,In Progress,\n"));
        Assert.Equal(["E1|call|Not Started", "E2|email|In Progress"], Lines(_ws, "SELECT event_id, channel, status FROM touchpoints ORDER BY 1"));
        Assert.DoesNotContain(result.Files[0].Notes, n => n.Contains("skipped", StringComparison.Ordinal));

        // "Task" is refused as any channel word, and a future date as any future date.
        var error = _ws.ImportFails(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE3,A1,2026-11-04,Task\nE4,A1,2027-01-15,call\n"));
        Assert.StartsWith("touchpoints.csv:2: column 'channel' value 'Task': expected one of call, email", error.Diagnostics[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("touchpoints.csv:3: column 'occurred_at' value '2027-01-15': date is in the future (later than 2026-11-30, today plus 7 days' tolerance)",
            error.Diagnostics[1].ToString());
        Assert.Equal(2, _ws.Count("SELECT count(*) FROM touchpoints"));
    }

    [Fact]
    public void SalesforceWeeklyDataExport_LoadsEndToEnd()
    {
        // As Salesforce's Data Export writes it: one CSV per object, UPPERCASE API names quoted, 18-character ids,
        // ISDELETED on every object that has a recycle bin, and many objects Sightline has no table for.
        using var ws = new TestWorkspace("column_values:\n  reps:\n    role: field\n");
        const string Ann = "0055g00000AbCdEAAV", Bob = "0055g00000AbCdFAAV";
        const string Acme = "0015g00000XyZaAAAR", Bolt = "0015g00000XyZaBAAR", Gone = "0015g00000XyZaCAAR";
        const string Cfo = "0035g00000QrStAAAI", Cto = "0035g00000QrStBAAI";
        const string Q = "\"";
        static string Csv(params string[][] rows) => string.Concat(rows.Select(r => string.Join(",", r.Select(v => Q + v + Q)) + "\r\n"));
        var zip = ws.Files.File("WE_00D5g000004abcd_1.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            void Add(string name, string text)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }

            Add("User.csv", Csv(["ID", "USERNAME", "LASTNAME", "FIRSTNAME", "NAME", "TITLE", "EMAIL", "ISACTIVE", "MANAGERID", "USERTYPE", "CREATEDDATE"],
                [Ann, "ann@acme.example", "Lee", "Ann", "Ann Lee", "Account Executive", "ann@acme.example", "true", "", "Standard", "2024-01-05T08:00:00.000Z"],
                [Bob, "bob@acme.example", "Ray", "Bob", "Bob Ray", "Sales Manager", "bob@acme.example", "true", "", "Standard", "2024-01-05T08:00:00.000Z"]));
            Add("Account.csv", Csv(["ID", "ISDELETED", "MASTERRECORDID", "NAME", "TYPE", "PARENTID", "BILLINGCITY", "BILLINGCOUNTRY", "PHONE", "WEBSITE",
                    "INDUSTRY", "ANNUALREVENUE", "NUMBEROFEMPLOYEES", "OWNERID", "CREATEDDATE", "LASTACTIVITYDATE"],
                [Acme, "false", "", "Acme Corporation", "Customer - Direct", "", "Oslo", "Norway", "+47 22 00 00 00", "www.acme.example", "Manufacturing", "25000000", "120", Ann, "2024-02-01T10:00:00.000Z", "2025-03-14"],
                [Bolt, "false", "", "Bolt AS", "Prospect", Acme, "Bergen", "Norway", "", "bolt.example", "Retail", "", "45", Bob, "2024-03-01T10:00:00.000Z", ""],
                [Gone, "true", "", "Old Duplicate", "", "", "", "", "", "", "", "", "", Ann, "2024-03-02T10:00:00.000Z", ""]));
            Add("Product2.csv", Csv(["ID", "NAME", "PRODUCTCODE", "DESCRIPTION", "ISACTIVE", "FAMILY", "ISDELETED"],
                ["01t5g00000AbCdAAAR", "GTX Basic", "GTX-1", "", "true", "Hardware", "false"]));
            Add("Contact.csv", Csv(["ID", "ISDELETED", "MASTERRECORDID", "ACCOUNTID", "LASTNAME", "FIRSTNAME", "SALUTATION", "NAME", "TITLE", "EMAIL", "PHONE", "OWNERID", "CREATEDDATE", "LASTACTIVITYDATE"],
                [Cfo, "false", "", Acme, "Berg", "Kari", "Ms.", "Kari Berg", "CFO", "kari@acme.example", "", Ann, "2024-02-02T10:00:00.000Z", "2025-03-14"],
                [Cto, "false", "", Bolt, "Dahl", "Per", "", "Per Dahl", "CTO", "per@bolt.example", "", Bob, "2024-03-02T10:00:00.000Z", ""]));
            Add("Opportunity.csv", Csv(["ID", "ISDELETED", "ACCOUNTID", "NAME", "STAGENAME", "AMOUNT", "PROBABILITY", "CLOSEDATE", "TYPE", "LEADSOURCE", "ISCLOSED", "ISWON",
                    "FORECASTCATEGORY", "OWNERID", "CREATEDDATE", "FISCALYEAR"],
                ["0065g00000LmNoAAAR", "false", Acme, "Acme - Renewal 2025", "Closed Won", "48000", "100", "2025-03-31", "Existing Business", "Web", "true", "true", "Closed", Ann, "2025-01-10T09:30:00.000Z", "2025"],
                ["0065g00000LmNoBAAR", "false", Bolt, "Bolt - New", "Closed Lost", "12000.5", "0", "2025-04-15", "New Business", "", "true", "false", "Omitted", Bob, "2025-02-01T09:30:00.000Z", "2025"],
                ["0065g00000LmNoCAAR", "false", Bolt, "Bolt - Expansion", "Prospecting", "30000", "10", "2027-06-30", "New Business", "", "false", "false", "Pipeline", Bob, "2026-11-01T09:30:00.000Z", "2027"]));
            Add("OpportunityLineItem.csv", Csv(["ID", "OPPORTUNITYID", "PRICEBOOKENTRYID", "PRODUCT2ID", "PRODUCTCODE", "NAME", "QUANTITY", "TOTALPRICE", "UNITPRICE", "ISDELETED"],
                ["00k5g00000AbCdAAAR", "0065g00000LmNoAAAR", "01u5g00000AbCdAAAR", "01t5g00000AbCdAAAR", "GTX-1", "GTX Basic", "4", "48000", "12000", "false"]));
            Add("OpportunityContactRole.csv", Csv(["ID", "OPPORTUNITYID", "CONTACTID", "ROLE", "ISPRIMARY", "ISDELETED"],
                ["00K5g00000AbCdAAAR", "0065g00000LmNoAAAR", Cfo, "Economic Buyer", "true", "false"]));
            Add("Task.csv", Csv(["ID", "WHOID", "WHATID", "SUBJECT", "ACTIVITYDATE", "STATUS", "PRIORITY", "OWNERID", "TYPE", "ISDELETED", "ACCOUNTID", "ISCLOSED",
                    "CREATEDDATE", "CALLDURATIONINSECONDS", "CALLTYPE", "CALLDISPOSITION", "TASKSUBTYPE", "COMPLETEDDATETIME"],
                ["00T5g00000TaSkAAAR", Cfo, "0065g00000LmNoAAAR", "Call: pricing", "2025-03-14", "Completed", "Normal", Ann, "Call", "false", Acme, "true",
                    "2025-03-14T10:00:00.000Z", "300", "Outbound", "Connected", "Call", "2025-03-14T10:05:00.000Z"],
                ["00T5g00000TaSkBAAR", Cto, "", "Email: proposal", "2025-04-02", "Completed", "Normal", Bob, "", "false", Bolt, "true",
                    "2025-04-02T14:00:00.000Z", "", "", "", "Email", "2025-04-02T14:00:00.000Z"],
                ["00T5g00000TaSkCAAR", Cfo, "", "Old call", "2025-01-02", "Completed", "Normal", Ann, "Call", "true", Acme, "true",
                    "2025-01-02T10:00:00.000Z", "", "", "", "Call", "2025-01-02T10:00:00.000Z"]));
            Add("Event.csv", Csv(["ID", "WHOID", "WHATID", "SUBJECT", "LOCATION", "ISALLDAYEVENT", "ACTIVITYDATETIME", "ACTIVITYDATE", "DURATIONINMINUTES",
                    "STARTDATETIME", "ENDDATETIME", "ACCOUNTID", "OWNERID", "TYPE", "ISDELETED", "CREATEDDATE", "EVENTSUBTYPE"],
                ["00U5g00000EvNtAAAR", Cfo, "0065g00000LmNoAAAR", "Onsite demo", "Oslo", "false", "2025-03-20T13:00:00.000Z", "2025-03-20", "60",
                    "2025-03-20T13:00:00.000Z", "2025-03-20T14:00:00.000Z", Acme, Ann, "Meeting", "false", "2025-03-01T09:00:00.000Z", "Event"]));
            Add("Lead.csv", Csv(["ID", "ISDELETED", "LASTNAME", "COMPANY"], ["00Q5g00000LeAdAAAR", "false", "Nord", "Nord AS"]));
            Add("Campaign.csv", Csv(["ID", "ISDELETED", "NAME"], ["7015g00000CaMpAAAR", "false", "Spring webinar"]));
            Add("Case.csv", Csv(["ID", "ISDELETED", "ACCOUNTID", "SUBJECT"], ["5005g00000CaSeAAAR", "false", Acme, "Login"]));
        }

        var result = ws.ImportPaths([zip]);

        const string Archive = "WE_00D5g000004abcd_1.zip";
        Assert.Equal([$"{Archive}/User.csv", $"{Archive}/Product2.csv", $"{Archive}/Account.csv", $"{Archive}/Contact.csv", $"{Archive}/Opportunity.csv", $"{Archive}/Event.csv", $"{Archive}/Task.csv"],
            result.Files.Select(f => f.File));
        Assert.Equal([$"4 files name no table and were skipped: {Archive}/Campaign.csv, {Archive}/Case.csv, {Archive}/Lead.csv, {Archive}/OpportunityContactRole.csv "
            + $"(tables: {Tables}; to load one, import it on its own with --table)"], result.Notes);
        Assert.Equal(["Ann Lee|field", "Bob Ray|field"], Lines(ws, "SELECT name, role FROM reps ORDER BY rep_id"));
        Assert.Equal([$"{Acme}|Acme Corporation|{Ann}|120|25000000.0|acme.example|null", $"{Bolt}|Bolt AS|{Bob}|45|null|bolt.example|{Acme}"],
            Lines(ws, "SELECT account_id, name, owner_rep_id, employees, annual_revenue, domain, parent_account_id FROM accounts ORDER BY account_id"));
        Assert.Contains($"{Archive}/Account.csv: 1 record marked deleted ('ISDELETED' true: in the CRM's recycle bin) skipped, not loaded", result.Files[2].Notes);
        Assert.Equal([$"{Cfo}|{Acme}|CFO", $"{Cto}|{Bolt}|CTO"], Lines(ws, "SELECT contact_id, account_id, title FROM contacts ORDER BY contact_id"));
        Assert.Equal([
                $"0065g00000LmNoAAAR|{Acme}|01t5g00000AbCdAAAR|48000.0|true|2025-03-31|Closed Won|{Ann}|2025-01-10",
                $"0065g00000LmNoBAAR|{Bolt}|null|12000.5|false|2025-04-15|Closed Lost|{Bob}|2025-02-01",
                $"0065g00000LmNoCAAR|{Bolt}|null|30000.0|null|2027-06-30|Prospecting|{Bob}|2026-11-01"],
            Lines(ws, "SELECT opportunity_id, account_id, product_id, amount, won, closed_at, stage, rep_id, created_at FROM opportunities ORDER BY opportunity_id"));
        Assert.Equal([
                $"00T5g00000TaSkAAAR|{Acme}|2025-03-14 10:05:00|call|out|{Cfo}|Connected",
                $"00T5g00000TaSkBAAR|{Bolt}|2025-04-02 14:00:00|email|null|{Cto}|null",
                $"00U5g00000EvNtAAAR|{Acme}|2025-03-20 13:00:00|meeting|null|{Cfo}|null"],
            Lines(ws, "SELECT event_id, account_id, occurred_at, channel, direction, contact_id, outcome FROM touchpoints ORDER BY event_id"));
        Assert.Contains($"{Archive}/Opportunity.csv: an opportunity whose 'ISCLOSED' is false is open: its 'ISWON' is read as no outcome, not as lost",
            result.Files[4].Notes);
        Assert.Contains($"{Archive}/Opportunity.csv: Salesforce's opportunities: each opportunity's product_id comes from its lines in {Archive}/OpportunityLineItem.csv "
            + $"(by OPPORTUNITYID, PRODUCT2ID); {Archive}/OpportunityLineItem.csv is read for it, not loaded on its own", result.Files[4].Notes);
        Assert.Contains($"{Archive}/Task.csv: channel is read from 'TYPE', or where it is blank or Other from 'TASKSUBTYPE' (ListEmail as email, Event as meeting)",
            result.Files[6].Notes);
        Assert.Contains($"{Archive}/Task.csv: 1 record marked deleted ('ISDELETED' true: in the CRM's recycle bin) skipped, not loaded", result.Files[6].Notes);
    }
}
