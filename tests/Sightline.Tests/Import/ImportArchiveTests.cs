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
    }
}
